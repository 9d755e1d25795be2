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
