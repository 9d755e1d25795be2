import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import type { SignedInReader } from '../readers/reader.js';

/** A reader row for tests of the conversation (the readers' door makes real ones from a mailed link). */
export async function insertTestReader(
  db: Db,
  now: Date,
  overrides: Partial<SignedInReader> = {},
): Promise<SignedInReader> {
  const id = newId(now);
  const reader: SignedInReader = {
    id,
    email: `${id}@example.com`,
    displayName: `قارئ ${id.slice(-6)}`,
    editionCode: 'ar',
    language: 'ar',
    status: 'active',
    suspendedUntil: null,
    notifyReplies: false,
    ...overrides,
  };
  await db
    .insertInto('readers')
    .values({
      id,
      email: reader.email,
      display_name: reader.displayName,
      name_key: reader.displayName ? `${reader.displayName}-${id}` : null,
      edition_code: reader.editionCode,
      language: reader.language,
      status: reader.status,
      suspended_until: reader.suspendedUntil,
      status_reason: null,
      notify_replies: reader.notifyReplies ? 1 : 0,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .execute();
  return reader;
}
