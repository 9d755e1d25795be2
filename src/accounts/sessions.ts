import type { Db } from '../db/schema.js';
import type { SignedInUser } from './policy.js';
import { deleteSession, extendSession, findSession, insertSession } from './queries.js';
import { randomToken, tokenHash } from './secrets.js';

export const SESSION_COOKIE = 'sahifa_session';
export const SESSION_DAYS = 14;
const SESSION_MS = SESSION_DAYS * 86_400_000;
/** Sliding expiry without a write per request: a session is extended at most once an hour. */
const REFRESH_AFTER_MS = 3_600_000;

export interface NewSession {
  token: string;
  expiresAt: Date;
}

export async function startSession(db: Db, userId: string, now: Date): Promise<NewSession> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_MS);
  await insertSession(db, {
    token_hash: tokenHash(token),
    user_id: userId,
    csrf_token: randomToken(),
    created_at: now.toISOString(),
    refreshed_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
  });
  return { token, expiresAt };
}

export type SessionLookup =
  | { kind: 'ended' }
  | {
      kind: 'active';
      user: SignedInUser;
      csrfToken: string;
      /** Set when this request extended the session: the cookie must be sent again. */
      extendedTo: Date | undefined;
    };

/** The session a cookie's token names; expired sessions and sessions of disabled users end here. */
export async function lookupSession(db: Db, token: string, now: Date): Promise<SessionLookup> {
  const hash = tokenHash(token);
  const found = await findSession(db, hash);
  if (!found) return { kind: 'ended' };
  if (found.status !== 'active' || found.session.expires_at <= now.toISOString()) {
    await deleteSession(db, hash);
    return { kind: 'ended' };
  }
  let extendedTo: Date | undefined;
  if (now.getTime() - Date.parse(found.session.refreshed_at) >= REFRESH_AFTER_MS) {
    extendedTo = new Date(now.getTime() + SESSION_MS);
    await extendSession(db, hash, now, extendedTo);
  }
  return { kind: 'active', user: found.user, csrfToken: found.session.csrf_token, extendedTo };
}

export const endSession = (db: Db, token: string) => deleteSession(db, tokenHash(token));
