import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import {
  type AttemptRow,
  attemptsSince,
  deleteSignInAttempt,
  insertSignInAttempt,
  markSignInAttemptSucceeded,
} from './queries.js';

export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  failuresPerEmail: 5,
  failuresPerIp: 20,
} as const;

/**
 * When `limit` failures fall within one window, sign-in is refused for
 * `lockMs` from the last of them. Returns the end of a lock still running.
 */
export function lockedUntil(failures: readonly number[], limit: number, now: number): number | undefined {
  let until: number | undefined;
  for (let last = limit - 1; last < failures.length; last++) {
    const first = failures[last - limit + 1] ?? 0;
    const at = failures[last] ?? 0;
    if (at - first <= THROTTLE.windowMs && at + THROTTLE.lockMs > now) until = at + THROTTLE.lockMs;
  }
  return until;
}

/** Failure times; for an email only those after its last successful sign-in. */
function failureTimes(attempts: AttemptRow[], resetOnSuccess: boolean): number[] {
  const lastSuccess = resetOnSuccess ? attempts.findLastIndex((a) => a.succeeded === 1) : -1;
  return attempts
    .slice(lastSuccess + 1)
    .filter((a) => a.succeeded === 0)
    .map((a) => Date.parse(a.at));
}

/**
 * The end of the lock on this email or address, if sign-in is refused now,
 * counting every attempt but `except` (the caller's own).
 */
export async function signInLockedUntil(
  db: Db,
  email: string,
  ip: string,
  now: Date,
  except?: string,
): Promise<Date | undefined> {
  const since = new Date(now.getTime() - THROTTLE.windowMs - THROTTLE.lockMs);
  const others = (rows: AttemptRow[]) => rows.filter((a) => a.id !== except);
  const [byEmail, byIp] = await Promise.all([
    attemptsSince(db, { email }, since),
    attemptsSince(db, { ip }, since),
  ]);
  const locks = [
    lockedUntil(failureTimes(others(byEmail), true), THROTTLE.failuresPerEmail, now.getTime()),
    lockedUntil(failureTimes(others(byIp), false), THROTTLE.failuresPerIp, now.getTime()),
  ].filter((until) => until !== undefined);
  return locks.length > 0 ? new Date(Math.max(...locks)) : undefined;
}

export type SignInAttempt =
  | { lockedUntil: Date }
  | { lockedUntil: undefined; finish(succeeded: boolean): Promise<void> };

/**
 * Records an attempt as a failure BEFORE the password is checked, then looks
 * for a lock among the attempts recorded so far. Of any number of concurrent
 * attempts (on any instances), the k-th to be recorded sees at least k - 1
 * others, so at most `failuresPerEmail` of them get to check a password: the
 * check and the record are one step, not a read then a write. A refused
 * attempt is removed again (refusals do not lengthen the lock); an allowed
 * one is marked succeeded by `finish(true)` when the password was right.
 */
export async function startSignInAttempt(
  db: Db,
  attempt: { email: string; ip: string },
  now: Date,
): Promise<SignInAttempt> {
  const id = newId(now);
  await insertSignInAttempt(db, { id, ...attempt, succeeded: false }, now);
  const until = await signInLockedUntil(db, attempt.email, attempt.ip, now, id);
  if (until) {
    await deleteSignInAttempt(db, id);
    return { lockedUntil: until };
  }
  return {
    lockedUntil: undefined,
    finish: async (succeeded) => {
      if (succeeded) await markSignInAttemptSucceeded(db, id);
    },
  };
}

/** Counted in the database, so every instance sees every attempt. */
export async function recordSignInAttempt(
  db: Db,
  attempt: { email: string; ip: string; succeeded: boolean },
  now: Date,
): Promise<void> {
  await insertSignInAttempt(db, { id: newId(now), ...attempt }, now);
}
