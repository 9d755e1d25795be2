import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import { type AttemptRow, attemptsSince, insertSignInAttempt } from './queries.js';

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

/** The end of the lock on this email or address, if sign-in is refused now. */
export async function signInLockedUntil(
  db: Db,
  email: string,
  ip: string,
  now: Date,
): Promise<Date | undefined> {
  const since = new Date(now.getTime() - THROTTLE.windowMs - THROTTLE.lockMs);
  const [byEmail, byIp] = await Promise.all([
    attemptsSince(db, { email }, since),
    attemptsSince(db, { ip }, since),
  ]);
  const locks = [
    lockedUntil(failureTimes(byEmail, true), THROTTLE.failuresPerEmail, now.getTime()),
    lockedUntil(failureTimes(byIp, false), THROTTLE.failuresPerIp, now.getTime()),
  ].filter((until) => until !== undefined);
  return locks.length > 0 ? new Date(Math.max(...locks)) : undefined;
}

/** Counted in the database, so every instance sees every attempt. Refused attempts are not recorded. */
export async function recordSignInAttempt(
  db: Db,
  attempt: { email: string; ip: string; succeeded: boolean },
  now: Date,
): Promise<void> {
  await insertSignInAttempt(db, { id: newId(now), ...attempt }, now);
}
