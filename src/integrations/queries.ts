import type { Db, IntegrationRole } from '../db/schema.js';

/** An integration as the admin pages, the command line and the API see it (never its token). */
export interface Integration {
  id: string;
  name: string;
  role: IntegrationRole;
  editions: string[];
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function insertIntegration(
  db: Db,
  row: { id: string; name: string; tokenHash: string; role: IntegrationRole; editions: string[] },
  createdBy: string | null,
  now: Date,
): Promise<void> {
  await db
    .insertInto('integrations')
    .values({
      id: row.id,
      name: row.name,
      token_hash: row.tokenHash,
      role: row.role,
      created_by: createdBy,
      created_at: now.toISOString(),
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  if (row.editions.length > 0) {
    await db
      .insertInto('integration_editions')
      .values(row.editions.map((code) => ({ integration_id: row.id, edition_code: code })))
      .execute();
  }
}

/** Every integration, newest first: two queries, whatever their number. */
export async function listIntegrations(db: Db): Promise<Integration[]> {
  const [rows, editions] = await Promise.all([
    db.selectFrom('integrations').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute(),
    db.selectFrom('integration_editions').selectAll().orderBy('edition_code').execute(),
  ]);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    editions: editions.filter((e) => e.integration_id === row.id).map((e) => e.edition_code),
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
}

export async function findIntegration(db: Db, id: string): Promise<Integration | undefined> {
  return integrationWhere(db, 'id', id);
}

/** The integration holding the token with this hash, revoked or not. */
export async function findIntegrationByTokenHash(db: Db, hash: string): Promise<Integration | undefined> {
  return integrationWhere(db, 'token_hash', hash);
}

async function integrationWhere(
  db: Db,
  column: 'id' | 'token_hash',
  value: string,
): Promise<Integration | undefined> {
  const row = await db.selectFrom('integrations').selectAll().where(column, '=', value).executeTakeFirst();
  if (!row) return undefined;
  const editions = await db
    .selectFrom('integration_editions')
    .select('edition_code')
    .where('integration_id', '=', row.id)
    .orderBy('edition_code')
    .execute();
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    editions: editions.map((e) => e.edition_code),
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** Revokes an active integration; false when it was revoked already (or does not exist). */
export async function markRevoked(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('integrations')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records a use, at most once per `staleAfterMs`, so busy integrations do not write on every call. */
export async function touchIntegration(db: Db, id: string, now: Date, staleAfterMs: number): Promise<void> {
  const staleBefore = new Date(now.getTime() - staleAfterMs).toISOString();
  await db
    .updateTable('integrations')
    .set({ last_used_at: now.toISOString() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}

/** The codes of the editions that exist, for checking what an integration is given. */
export async function editionCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('editions').select('code').orderBy('position').orderBy('code').execute();
  return rows.map((r) => r.code);
}

// Lookups for articles sent through the API, which names sections and agencies by slug.

export async function findSectionId(db: Db, editionCode: string, slug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('sections')
    .select('id')
    .where('edition_code', '=', editionCode)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.id;
}

export async function findAgencyId(db: Db, slug: string): Promise<string | undefined> {
  const row = await db.selectFrom('agencies').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}

/** Names and slugs of an article's relations, so the API answers in the terms it is sent. */
export async function relationNames(
  db: Db,
  ids: { sectionId: string | null; topicIds: string[]; contributorIds: string[]; agencyIds: string[] },
): Promise<{
  section: string | null;
  topics: Map<string, string>;
  people: Map<string, string>;
  agencies: Map<string, string>;
}> {
  const none = ['-'];
  const [section, topics, people, agencies] = await Promise.all([
    ids.sectionId
      ? db.selectFrom('sections').select('slug').where('id', '=', ids.sectionId).executeTakeFirst()
      : undefined,
    db
      .selectFrom('topics')
      .select(['id', 'name'])
      .where('id', 'in', ids.topicIds.length ? ids.topicIds : none)
      .execute(),
    db
      .selectFrom('contributors')
      .select(['id', 'name'])
      .where('id', 'in', ids.contributorIds.length ? ids.contributorIds : none)
      .execute(),
    db
      .selectFrom('agencies')
      .select(['id', 'slug'])
      .where('id', 'in', ids.agencyIds.length ? ids.agencyIds : none)
      .execute(),
  ]);
  return {
    section: section?.slug ?? null,
    topics: new Map(topics.map((t) => [t.id, t.name])),
    people: new Map(people.map((p) => [p.id, p.name])),
    agencies: new Map(agencies.map((a) => [a.id, a.slug])),
  };
}
