/**
 * The readers' door: every write to `readers`, `reader_sign_in_links` and
 * `reader_sessions` goes through here. Readers sign in with a mailed one-time
 * link; their sessions are apart from the newsroom's (src/accounts/sessions.ts),
 * so a reader's cookie never opens /admin.
 */
import { z } from 'zod';
import { recordAudit } from '../accounts/audit.js';
import { randomToken, tokenHash } from '../accounts/secrets.js';
import { forgetReaderComments } from '../comments/workflow.js';
import { isUniqueViolation } from '../db/connect.js';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import { inTransaction, lockForWrite } from '../db/transaction.js';
import { checkDisplayName, type NameProblem } from './names.js';
import {
  findReader,
  findReaderByEmail,
  findReaderSession,
  type ReaderProfile,
  signInLinkState,
} from './queries.js';
import type { SignedInReader } from './reader.js';

const MINUTE = 60_000;

/** A mailed link works this long, once. */
export const SIGN_IN_LINK_MS = 15 * MINUTE;

/** Links asked for, counted over the window: per address (a mailbox flooded) and per client (a bot). */
export const SIGN_IN_LIMITS = { windowMs: 15 * MINUTE, perEmail: 3, perIp: 10 } as const;

export const READER_SESSION_DAYS = 30;
const READER_SESSION_MS = READER_SESSION_DAYS * 86_400_000;
/** Sliding expiry without a write per request: extended at most once an hour. */
const REFRESH_AFTER_MS = 60 * MINUTE;

/** Where signing in takes the reader back: a path on this site, never `//host` or `/\host`. */
export const nextPathSchema = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s\\\p{C}]*$/u)
  // Location headers are ASCII: an Arabic slug is kept percent-encoded.
  .transform((path) => path.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch)))
  .catch('');

export const readerEmailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

export type LinkRequest =
  | { ok: true; token: string; expiresAt: Date }
  | { ok: false; error: 'throttled' | 'invalid_email' };

/**
 * Stores a new one-time sign-in link for `email` (the caller mails it), unless
 * the address or the client asked for too many lately. The counts are the
 * stored links themselves, so every instance shares them; writers for one
 * address or client take turns so two requests at once cannot both slip under.
 */
export async function requestSignInLink(
  db: Db,
  input: { email: string; editionCode: string; nextPath: string; ip: string },
  now: Date,
): Promise<LinkRequest> {
  const email = readerEmailSchema.safeParse(input.email);
  if (!email.success) return { ok: false, error: 'invalid_email' };
  const ip = input.ip.slice(0, 64);
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs).toISOString();
  return inTransaction(db, async (trx) => {
    // Always the address first, then the client: two writers never wait on each other in a circle.
    await lockForWrite(trx, `reader-link:email:${email.data}`);
    await lockForWrite(trx, `reader-link:ip:${ip}`);
    const [byEmail, byIp] = await Promise.all([
      countLinksSince(trx, 'email', email.data, since),
      countLinksSince(trx, 'ip', ip, since),
    ]);
    if (byEmail >= SIGN_IN_LIMITS.perEmail || byIp >= SIGN_IN_LIMITS.perIp) {
      return { ok: false, error: 'throttled' } as const;
    }
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_MS);
    await trx
      .insertInto('reader_sign_in_links')
      .values({
        token_hash: tokenHash(token),
        email: email.data,
        edition_code: input.editionCode,
        next_path: nextPathSchema.parse(input.nextPath),
        ip,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
        used_at: null,
      })
      .execute();
    return { ok: true, token, expiresAt } as const;
  });
}

async function countLinksSince(db: Db, column: 'email' | 'ip', value: string, since: string) {
  const row = await db
    .selectFrom('reader_sign_in_links')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(column, '=', value)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewReaderSession {
  token: string;
  expiresAt: Date;
}

export type LinkUse =
  | { ok: true; reader: SignedInReader; session: NewReaderSession; nextPath: string }
  | { ok: false; error: 'unknown' | 'expired' | 'used' };

/**
 * Uses a mailed link: once, within 15 minutes. The reader is made on their
 * first link (with the link's edition and its language), and a session starts.
 */
export async function useSignInLink(db: Db, token: string, now: Date): Promise<LinkUse> {
  const hash = tokenHash(token);
  const state = await signInLinkState(db, hash, now);
  if (state !== 'usable') return { ok: false, error: state };
  return inTransaction(db, async (trx) => {
    // Two clicks at once: only the one whose update finds the link unused goes on.
    const claimed = await trx
      .updateTable('reader_sign_in_links')
      .set({ used_at: now.toISOString() })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, error: 'used' } as const;
    const link = await trx
      .selectFrom('reader_sign_in_links')
      .select(['email', 'edition_code', 'next_path'])
      .where('token_hash', '=', hash)
      .executeTakeFirstOrThrow();
    const reader = await ensureReader(trx, link.email, link.edition_code, now);
    const session = await startReaderSession(trx, reader.id, now);
    return { ok: true, reader, session, nextPath: link.next_path } as const;
  });
}

async function ensureReader(db: Db, email: string, editionCode: string, now: Date): Promise<ReaderProfile> {
  const edition = await db
    .selectFrom('editions')
    .select('language')
    .where('code', '=', editionCode)
    .executeTakeFirst();
  // Two first links of one address used at once: the second insert does nothing, both read the one row.
  await db
    .insertInto('readers')
    .values({
      id: newId(now),
      email,
      display_name: null,
      name_key: null,
      edition_code: editionCode,
      language: edition?.language ?? 'en',
      status: 'active',
      suspended_until: null,
      status_reason: null,
      notify_replies: 0,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  const reader = await findReaderByEmail(db, email);
  if (!reader) throw new Error('reader missing right after its insert');
  return reader;
}

export async function startReaderSession(db: Db, readerId: string, now: Date): Promise<NewReaderSession> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + READER_SESSION_MS);
  await db
    .insertInto('reader_sessions')
    .values({
      token_hash: tokenHash(token),
      reader_id: readerId,
      csrf_token: randomToken(),
      created_at: now.toISOString(),
      refreshed_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    })
    .execute();
  return { token, expiresAt };
}

export type ReaderSessionLookup =
  | { kind: 'ended' }
  | {
      kind: 'active';
      reader: ReaderProfile;
      csrfToken: string;
      /** Set when this request extended the session: the cookie must be sent again. */
      extendedTo: Date | undefined;
    };

/**
 * The session a reader's cookie names. A barred reader keeps theirs (they may
 * still read and download their data, delete comments or the account);
 * `isBarred` keeps them from commenting.
 */
export async function lookupReaderSession(db: Db, token: string, now: Date): Promise<ReaderSessionLookup> {
  const hash = tokenHash(token);
  const session = await findReaderSession(db, hash);
  if (!session || session.expiresAt <= now.toISOString()) {
    if (session) await endReaderSession(db, token);
    return { kind: 'ended' };
  }
  let extendedTo: Date | undefined;
  if (now.getTime() - Date.parse(session.refreshedAt) >= REFRESH_AFTER_MS) {
    extendedTo = new Date(now.getTime() + READER_SESSION_MS);
    await db
      .updateTable('reader_sessions')
      .set({ refreshed_at: now.toISOString(), expires_at: extendedTo.toISOString() })
      .where('token_hash', '=', hash)
      .execute();
  }
  return { kind: 'active', reader: session.reader, csrfToken: session.csrfToken, extendedTo };
}

export async function endReaderSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('reader_sessions').where('token_hash', '=', tokenHash(token)).execute();
}

export type NameResult =
  | { ok: true; name: string }
  | { ok: false; error: NameProblem | 'taken' | 'already_chosen' | 'not_found' };

/**
 * A reader's display name, chosen once. Unique by its folded key: the unique
 * index settles two readers choosing one name at the same moment.
 */
export async function chooseDisplayName(
  db: Db,
  readerId: string,
  input: string,
  now: Date,
): Promise<NameResult> {
  const checked = checkDisplayName(input);
  if (!checked.ok) return checked;
  try {
    const result = await db
      .updateTable('readers')
      .set({ display_name: checked.name, name_key: checked.key, updated_at: now.toISOString() })
      .where('id', '=', readerId)
      .where('display_name', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return { ok: true, name: checked.name };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'taken' };
    throw error;
  }
  return (await findReader(db, readerId))
    ? { ok: false, error: 'already_chosen' }
    : { ok: false, error: 'not_found' };
}

export async function setReplyNotifications(db: Db, readerId: string, on: boolean, now: Date): Promise<void> {
  await db
    .updateTable('readers')
    .set({ notify_replies: on ? 1 : 0, updated_at: now.toISOString() })
    .where('id', '=', readerId)
    .execute();
}

/** A moderator's act on a reader: who, when. */
export interface ReaderModeratorAct {
  userId: string;
  now: Date;
}

export type ReaderModerationResult = { ok: true } | { ok: false; error: 'not_found' | 'invalid' };

const moderationReason = z.string().trim().max(500);

/** Bars a reader from commenting until `until` (ISO, in the future). */
export function suspendReader(
  db: Db,
  readerId: string,
  input: { until: string; reason: string },
  act: ReaderModeratorAct,
): Promise<ReaderModerationResult> {
  const reason = moderationReason.safeParse(input.reason);
  const until = Date.parse(input.until);
  if (!reason.success || !(until > act.now.getTime()))
    return Promise.resolve({ ok: false, error: 'invalid' });
  const suspendedUntil = new Date(until).toISOString();
  return setStatus(
    db,
    readerId,
    { status: 'suspended', suspendedUntil, reason: reason.data },
    'reader.suspend',
    act,
  );
}

/** Bars a reader from commenting for good (until reinstated). */
export function banReader(
  db: Db,
  readerId: string,
  input: { reason: string },
  act: ReaderModeratorAct,
): Promise<ReaderModerationResult> {
  const reason = moderationReason.safeParse(input.reason);
  if (!reason.success) return Promise.resolve({ ok: false, error: 'invalid' });
  return setStatus(
    db,
    readerId,
    { status: 'banned', suspendedUntil: null, reason: reason.data },
    'reader.ban',
    act,
  );
}

export function reinstateReader(
  db: Db,
  readerId: string,
  act: ReaderModeratorAct,
): Promise<ReaderModerationResult> {
  return setStatus(
    db,
    readerId,
    { status: 'active', suspendedUntil: null, reason: null },
    'reader.reinstate',
    act,
  );
}

async function setStatus(
  db: Db,
  readerId: string,
  to: { status: SignedInReader['status']; suspendedUntil: string | null; reason: string | null },
  action: 'reader.suspend' | 'reader.ban' | 'reader.reinstate',
  act: ReaderModeratorAct,
): Promise<ReaderModerationResult> {
  return inTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable('readers')
      .set({
        status: to.status,
        suspended_until: to.suspendedUntil,
        status_reason: to.reason,
        updated_at: act.now.toISOString(),
      })
      .where('id', '=', readerId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false, error: 'not_found' } as const;
    await recordAudit(
      trx,
      {
        userId: act.userId,
        action,
        subjectType: 'reader',
        subjectId: readerId,
        details: { until: to.suspendedUntil, reason: to.reason },
      },
      act.now,
    );
    return { ok: true } as const;
  });
}

/**
 * A reader leaves: their comments lose text and name (shown as "deleted"
 * where replies hang under them), their reports, sessions, links and row go.
 * The audit entry keeps no email: the person is forgotten.
 */
export async function deleteReaderAccount(
  db: Db,
  readerId: string,
  now: Date,
): Promise<{ ok: true } | { ok: false; error: 'not_found' }> {
  return inTransaction(db, async (trx) => {
    const reader = await findReader(trx, readerId);
    if (!reader) return { ok: false, error: 'not_found' } as const;
    await forgetReaderComments(trx, readerId, now);
    await trx.deleteFrom('reader_sessions').where('reader_id', '=', readerId).execute();
    await trx.deleteFrom('reader_sign_in_links').where('email', '=', reader.email).execute();
    await trx.deleteFrom('readers').where('id', '=', readerId).execute();
    await recordAudit(
      trx,
      {
        userId: null,
        action: 'reader.delete',
        subjectType: 'reader',
        subjectId: readerId,
        details: { editionCode: reader.editionCode },
      },
      now,
    );
    return { ok: true } as const;
  });
}

/** Links are kept a day: past the throttle window they count for nothing, but "expired" reads better than "unknown". */
const KEEP_LINKS_MS = Math.max(86_400_000, SIGN_IN_LIMITS.windowMs, SIGN_IN_LINK_MS);

/** Deletes what can no longer be used: expired sessions, day-old links. Idempotent, so every instance may run it. */
export async function pruneReaderRows(db: Db, now: Date): Promise<{ sessions: number; links: number }> {
  const sessions = await db
    .deleteFrom('reader_sessions')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst();
  const keepFrom = new Date(now.getTime() - KEEP_LINKS_MS).toISOString();
  const links = await db
    .deleteFrom('reader_sign_in_links')
    .where('created_at', '<', keepFrom)
    .executeTakeFirst();
  return { sessions: Number(sessions.numDeletedRows), links: Number(links.numDeletedRows) };
}
