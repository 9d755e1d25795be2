import { preparedQuery } from '../db/prepared.js';
import type { Db, ReaderTable } from '../db/schema.js';
import type { SignedInReader } from './reader.js';

/** A reader as their account page and their data download show them. */
export interface ReaderProfile extends SignedInReader {
  /** A moderator's reason for a suspension or ban (shown to the reader). */
  statusReason: string | null;
  createdAt: string;
}

const toProfile = (row: ReaderTable): ReaderProfile => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  editionCode: row.edition_code,
  language: row.language,
  status: row.status,
  suspendedUntil: row.suspended_until,
  notifyReplies: row.notify_replies === 1,
  statusReason: row.status_reason,
  createdAt: row.created_at,
});

const readerSessionQuery = preparedQuery(['tokenHash'], (db, a: { tokenHash: string }) =>
  db
    .selectFrom('reader_sessions')
    .innerJoin('readers', 'readers.id', 'reader_sessions.reader_id')
    .selectAll('readers')
    .select([
      'reader_sessions.csrf_token',
      'reader_sessions.expires_at as session_expires_at',
      'reader_sessions.refreshed_at as session_refreshed_at',
    ])
    .where('reader_sessions.token_hash', '=', a.tokenHash),
);

/**
 * The session a token hash names, with its reader, in one read: it is asked on
 * every form a reader sends (a comment, a report), so it costs one round trip.
 */
export async function findReaderSession(db: Db, tokenHash: string) {
  const [row] = await readerSessionQuery(db, { tokenHash });
  if (!row) return undefined;
  const { csrf_token, session_expires_at, session_refreshed_at, ...reader } = row;
  return {
    reader: toProfile(reader),
    csrfToken: csrf_token,
    expiresAt: session_expires_at,
    refreshedAt: session_refreshed_at,
  };
}

export async function findReader(db: Db, id: string): Promise<ReaderProfile | undefined> {
  const row = await db.selectFrom('readers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toProfile(row);
}

/** `email` as stored: lowercased. */
export async function findReaderByEmail(db: Db, email: string): Promise<ReaderProfile | undefined> {
  const row = await db
    .selectFrom('readers')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  return row && toProfile(row);
}

export type SignInLinkState = 'usable' | 'unknown' | 'expired' | 'used';

/** What a mailed link would do if used now (the page behind it says so before the button). */
export async function signInLinkState(db: Db, hash: string, now: Date): Promise<SignInLinkState> {
  const link = await db
    .selectFrom('reader_sign_in_links')
    .select(['used_at', 'expires_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!link) return 'unknown';
  if (link.used_at !== null) return 'used';
  return link.expires_at <= now.toISOString() ? 'expired' : 'usable';
}
