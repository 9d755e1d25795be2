import { newId } from '../db/ids.js';
import type { ArticleStatus, Db } from '../db/schema.js';

/** What ingest needs to know about an article that came from the wire before. */
export interface SourcedArticle {
  id: string;
  slug: string;
  status: ArticleStatus;
  sectionId: string | null;
  leadMediaId: string | null;
  translationGroup: string | null;
  firstPublishedAt: string | null;
  lastUpdatedAt: string | null;
  sourceVersion: number | null;
}

export async function findArticleBySource(
  db: Db,
  editionCode: string,
  sourceUri: string,
): Promise<SourcedArticle | undefined> {
  const row = await db
    .selectFrom('articles')
    .select([
      'id',
      'slug',
      'status',
      'section_id',
      'lead_media_id',
      'translation_group',
      'first_published_at',
      'last_updated_at',
      'source_version',
    ])
    .where('edition_code', '=', editionCode)
    .where('source_uri', '=', sourceUri)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    sectionId: row.section_id,
    leadMediaId: row.lead_media_id,
    translationGroup: row.translation_group,
    firstPublishedAt: row.first_published_at,
    lastUpdatedAt: row.last_updated_at,
    sourceVersion: row.source_version,
  };
}

/**
 * `base`, or `base-2`, `base-3`… whichever is free in the edition. The
 * article's own slug (`exceptArticleId`) counts as free, so re-slugging an
 * article under the same headline keeps its slug.
 */
export async function uniqueSlug(
  db: Db,
  editionCode: string,
  base: string,
  exceptArticleId: string | null,
): Promise<string> {
  // The common case, a free slug, is one indexed lookup; the LIKE below cannot use the index on SQLite.
  let exact = db
    .selectFrom('articles')
    .select('id')
    .where('edition_code', '=', editionCode)
    .where('slug', '=', base);
  if (exceptArticleId) exact = exact.where('id', '!=', exceptArticleId);
  if (!(await exact.executeTakeFirst())) return base;
  // Slugs hold only letters, digits and "-", so the LIKE pattern has no wildcards of its own.
  let query = db
    .selectFrom('articles')
    .select('slug')
    .where('edition_code', '=', editionCode)
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]));
  if (exceptArticleId) query = query.where('id', '!=', exceptArticleId);
  const taken = new Set((await query.execute()).map((row) => row.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export interface AgencyRef {
  id: string;
  slug: string;
  name: string;
  copyrightLine: string;
}

/** Every agency: a handful of rows, matched in code because SQLite's lower() only folds ASCII. */
export async function listAgencies(db: Db): Promise<AgencyRef[]> {
  const rows = await db
    .selectFrom('agencies')
    .select(['id', 'slug', 'name', 'copyright_line'])
    .orderBy('slug')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    copyrightLine: row.copyright_line,
  }));
}

/** The contributor of that exact name, or else the one with that slug. */
export async function findContributorByNameOrSlug(
  db: Db,
  name: string,
  slug: string,
): Promise<string | undefined> {
  const rows = await db
    .selectFrom('contributors')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('name', '=', name), eb('slug', '=', slug)]))
    .execute();
  return (rows.find((row) => row.name === name) ?? rows[0])?.id;
}

export async function createContributor(db: Db, name: string, slug: string, now: Date): Promise<string> {
  const id = newId(now);
  await db.insertInto('contributors').values({ id, slug, name, bio: '' }).execute();
  return id;
}

/** The edition's topic with this slug, created under `name` when there is none. */
export async function findOrCreateTopic(
  db: Db,
  editionCode: string,
  slug: string,
  name: string,
  now: Date,
): Promise<string> {
  const existing = await db
    .selectFrom('topics')
    .select('id')
    .where('edition_code', '=', editionCode)
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (existing) return existing.id;
  const id = newId(now);
  await db.insertInto('topics').values({ id, edition_code: editionCode, slug, name }).execute();
  return id;
}
