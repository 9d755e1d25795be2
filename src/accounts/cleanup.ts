import type { Db } from '../db/schema.js';
import { THROTTLE } from './throttle.js';

/** Sign-in attempts are only read within the throttle window; a day keeps them for anyone looking into an incident. */
const KEEP_ATTEMPTS_MS = Math.max(86_400_000, THROTTLE.windowMs + THROTTLE.lockMs);

export interface PrunedRows {
  sessions: number;
  tokens: number;
  attempts: number;
}

/**
 * Deletes what can no longer be used: expired sessions, expired or used
 * one-time links, old sign-in attempts. Idempotent, so every instance may run it.
 */
export async function pruneAccountRows(db: Db, now: Date): Promise<PrunedRows> {
  const iso = now.toISOString();
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<=', iso).executeTakeFirst();
  const tokens = await db
    .deleteFrom('account_tokens')
    .where((eb) => eb.or([eb('expires_at', '<=', iso), eb('used_at', 'is not', null)]))
    .executeTakeFirst();
  const attempts = await db
    .deleteFrom('sign_in_attempts')
    .where('at', '<', new Date(now.getTime() - KEEP_ATTEMPTS_MS).toISOString())
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    tokens: Number(tokens.numDeletedRows),
    attempts: Number(attempts.numDeletedRows),
  };
}
