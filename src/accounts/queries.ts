import type { Db, SessionTable, UserRole, UserRow } from '../db/schema.js';
import type { SignedInUser } from './policy.js';

export interface NewUser {
  id: string;
  email: string;
  role: UserRole;
  language: string;
  passwordHash: string | null;
  editions: string[];
}

export async function insertUser(db: Db, user: NewUser, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      role: user.role,
      language: user.language,
      password_hash: user.passwordHash,
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .execute();
  if (user.editions.length > 0) {
    await db
      .insertInto('user_editions')
      .values(user.editions.map((code) => ({ user_id: user.id, edition_code: code })))
      .execute();
  }
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function editionsOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_editions')
    .select('edition_code')
    .where('user_id', '=', userId)
    .orderBy('edition_code')
    .execute();
  return rows.map((r) => r.edition_code);
}

export interface UserListing {
  id: string;
  email: string;
  role: UserRole;
  status: 'active' | 'disabled';
  editions: string[];
  createdAt: string;
}

export async function listUsers(db: Db): Promise<UserListing[]> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'status', 'created_at'])
    .orderBy('email')
    .execute();
  const memberships = await db.selectFrom('user_editions').selectAll().orderBy('edition_code').execute();
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    role: u.role,
    status: u.status,
    editions: memberships.filter((m) => m.user_id === u.id).map((m) => m.edition_code),
    createdAt: u.created_at,
  }));
}

export async function setUserStatus(db: Db, userId: string, status: 'active' | 'disabled', now: Date) {
  await db
    .updateTable('users')
    .set({ status, updated_at: now.toISOString() })
    .where('id', '=', userId)
    .execute();
}

export async function setUserRole(db: Db, userId: string, role: UserRole, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ role, updated_at: now.toISOString() })
    .where('id', '=', userId)
    .execute();
}

/** Replaces the editions a user works in. */
export async function replaceUserEditions(db: Db, userId: string, editions: string[], now: Date) {
  await db.deleteFrom('user_editions').where('user_id', '=', userId).execute();
  if (editions.length > 0) {
    await db
      .insertInto('user_editions')
      .values(editions.map((code) => ({ user_id: userId, edition_code: code })))
      .execute();
  }
  await db.updateTable('users').set({ updated_at: now.toISOString() }).where('id', '=', userId).execute();
}

export async function setPasswordHash(db: Db, userId: string, hash: string, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: hash, updated_at: now.toISOString() })
    .where('id', '=', userId)
    .execute();
}

export async function insertSession(db: Db, session: SessionTable): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

export interface SessionWithUser {
  session: SessionTable;
  user: SignedInUser;
  status: 'active' | 'disabled';
}

export async function findSession(db: Db, tokenHash: string): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.token_hash',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.created_at',
      'sessions.refreshed_at',
      'sessions.expires_at',
      'users.email',
      'users.role',
      'users.language',
      'users.status',
      'users.password_hash',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    session: {
      token_hash: row.token_hash,
      user_id: row.user_id,
      csrf_token: row.csrf_token,
      created_at: row.created_at,
      refreshed_at: row.refreshed_at,
      expires_at: row.expires_at,
    },
    user: {
      id: row.user_id,
      email: row.email,
      role: row.role,
      language: row.language,
      editions: await editionsOfUser(db, row.user_id),
      hasPassword: row.password_hash !== null,
    },
    status: row.status,
  };
}

export async function extendSession(db: Db, tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ refreshed_at: now.toISOString(), expires_at: expiresAt.toISOString() })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countSessionsOfUser(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertAccountToken(
  db: Db,
  token: { hash: string; userId: string; purpose: 'sign_in' | 'password_reset'; expiresAt: Date },
  now: Date,
): Promise<void> {
  await db
    .insertInto('account_tokens')
    .values({
      token_hash: token.hash,
      user_id: token.userId,
      purpose: token.purpose,
      created_at: now.toISOString(),
      expires_at: token.expiresAt.toISOString(),
      used_at: null,
    })
    .execute();
}

/** The user a token is for, when it is unused and unexpired (the token is not used up). */
export async function findUsableToken(
  db: Db,
  hash: string,
  purpose: 'sign_in' | 'password_reset',
  now: Date,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('account_tokens')
    .select('user_id')
    .where('token_hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row?.user_id;
}

/**
 * Uses a token up and returns its user. One conditional UPDATE, so of two
 * concurrent uses (on any instances) exactly one succeeds.
 */
export async function consumeToken(
  db: Db,
  hash: string,
  purpose: 'sign_in' | 'password_reset',
  now: Date,
): Promise<string | undefined> {
  const userId = await findUsableToken(db, hash, purpose, now);
  if (!userId) return undefined;
  const result = await db
    .updateTable('account_tokens')
    .set({ used_at: now.toISOString() })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? userId : undefined;
}

/**
 * Uses up every outstanding link of `purpose` of a user (a password was just
 * reset: an older reset link, say in a mailbox someone else reads, must not
 * set the password again). Returns how many there were.
 */
export async function revokeTokensOfUser(
  db: Db,
  userId: string,
  purpose: 'sign_in' | 'password_reset',
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('account_tokens')
    .set({ used_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertSignInAttempt(
  db: Db,
  attempt: { id: string; email: string; ip: string; succeeded: boolean },
  now: Date,
): Promise<void> {
  await db
    .insertInto('sign_in_attempts')
    .values({
      id: attempt.id,
      at: now.toISOString(),
      email: attempt.email,
      ip: attempt.ip,
      succeeded: attempt.succeeded ? 1 : 0,
    })
    .execute();
}

/** An attempt turned out right (it was recorded as a failure while the password was checked). */
export async function markSignInAttemptSucceeded(db: Db, id: string): Promise<void> {
  await db.updateTable('sign_in_attempts').set({ succeeded: 1 }).where('id', '=', id).execute();
}

/** A refused attempt is not kept: it must not make the lock last longer. */
export async function deleteSignInAttempt(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sign_in_attempts').where('id', '=', id).execute();
}

export interface AttemptRow {
  id: string;
  at: string;
  succeeded: number;
}

/** Attempts since `since`, oldest first, by email or by address. */
export async function attemptsSince(
  db: Db,
  by: { email: string } | { ip: string },
  since: Date,
): Promise<AttemptRow[]> {
  let query = db
    .selectFrom('sign_in_attempts')
    .select(['id', 'at', 'succeeded'])
    .where('at', '>', since.toISOString());
  query = 'email' in by ? query.where('email', '=', by.email) : query.where('ip', '=', by.ip);
  return query.orderBy('at').orderBy('id').execute();
}

/**
 * Secrets are written once and never changed, so each database handle keeps
 * the ones it has read: hot paths (hashing a commenter's address, checking a
 * form's token) then cost no query. Keyed by the handle, not global: tests and
 * several sites in one process each have their own.
 */
const knownSecrets = new WeakMap<Db, Map<string, string>>();

/** The stored secret called `name`, created with `candidate` by whichever instance asks first. */
export async function ensureSecret(
  db: Db,
  name: string,
  candidate: () => string,
  now: Date,
): Promise<string> {
  const known = knownSecrets.get(db)?.get(name);
  if (known !== undefined) return known;
  const value = await readOrCreateSecret(db, name, candidate, now);
  const secrets = knownSecrets.get(db) ?? new Map<string, string>();
  knownSecrets.set(db, secrets.set(name, value));
  return value;
}

async function readOrCreateSecret(db: Db, name: string, candidate: () => string, now: Date) {
  // Read first: a write (and new randomness) only for the very first caller.
  const existing = await db.selectFrom('secrets').select('value').where('name', '=', name).executeTakeFirst();
  if (existing) return existing.value;
  await db
    .insertInto('secrets')
    .values({ name, value: candidate(), created_at: now.toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}

export async function editionLanguages(db: Db): Promise<{ code: string; language: string }[]> {
  return db.selectFrom('editions').select(['code', 'language']).orderBy('position').orderBy('code').execute();
}

export async function auditEntriesAbout(db: Db, subjectId: string) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** The editions users can be given, in the site's order. */
export async function editionChoices(db: Db): Promise<{ code: string; name: string; language: string }[]> {
  return db
    .selectFrom('editions')
    .select(['code', 'name', 'language'])
    .orderBy('position')
    .orderBy('code')
    .execute();
}

export const AUDIT_PAGE_SIZE = 50;

/** Where a page of the audit log starts: just after (older than) this entry. */
export interface AuditCursor {
  at: string;
  id: string;
}

export interface AuditFilter {
  action?: string | undefined;
  /** Only entries by this user (or integration) id. */
  actorId?: string | undefined;
}

/** Audit log entries, newest first, `limit` of them after `cursor`; one more is fetched to tell if there are more. */
export async function listAuditEntries(
  db: Db,
  filter: AuditFilter,
  cursor: AuditCursor | undefined,
  limit = AUDIT_PAGE_SIZE,
) {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actorId) query = query.where('user_id', '=', filter.actorId);
  if (cursor) {
    query = query.where((eb) =>
      eb.or([eb('at', '<', cursor.at), eb.and([eb('at', '=', cursor.at), eb('id', '<', cursor.id)])]),
    );
  }
  const rows = await query
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return { entries: rows.slice(0, limit), more: rows.length > limit };
}

/** The actions the audit log holds, for the filter. */
export async function auditActionsPresent(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}

/** Names for the ids an audit page mentions: users' emails, integrations' names, articles' headlines. */
export async function auditNames(db: Db, ids: { people: string[]; articles: string[] }) {
  const people = [...new Set(ids.people)];
  const articles = [...new Set(ids.articles)];
  const [users, integrations, headlines] = await Promise.all([
    people.length === 0
      ? []
      : db.selectFrom('users').select(['id', 'email']).where('id', 'in', people).execute(),
    people.length === 0
      ? []
      : db.selectFrom('integrations').select(['id', 'name']).where('id', 'in', people).execute(),
    articles.length === 0
      ? []
      : db.selectFrom('articles').select(['id', 'headline']).where('id', 'in', articles).execute(),
  ]);
  return {
    emails: new Map(users.map((u) => [u.id, u.email])),
    integrations: new Map(integrations.map((i) => [i.id, i.name])),
    headlines: new Map(headlines.map((a) => [a.id, a.headline])),
  };
}
