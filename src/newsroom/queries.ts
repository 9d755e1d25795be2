import { slugify } from '../articles/slugs.js';
import type { ArticleInput, BylinePart } from '../articles/store.js';
import { newId } from '../db/ids.js';
import type { ArticleRow, ArticleStatus, Db } from '../db/schema.js';
import { searchDeskArticles } from '../search/search.js';
import type { ArticleSnapshot } from './revisions.js';

/** An article as the desk edits it: its row, topics and byline. */
export interface DeskArticle {
  row: ArticleRow;
  snapshot: ArticleSnapshot;
}

export async function findDeskArticle(db: Db, id: string): Promise<DeskArticle | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [topics, bylines] = await Promise.all([
    db
      .selectFrom('article_topics')
      .select('topic_id')
      .where('article_id', '=', id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('article_bylines')
      .select(['contributor_id', 'agency_id'])
      .where('article_id', '=', id)
      .orderBy('position')
      .execute(),
  ]);
  return {
    row,
    snapshot: {
      slug: row.slug,
      headline: row.headline,
      standfirst: row.standfirst,
      bodyHtml: row.body_html,
      copyright: row.copyright,
      sectionId: row.section_id,
      leadMediaId: row.lead_media_id,
      topicIds: topics.map((t) => t.topic_id),
      byline: bylines.flatMap((b): BylinePart[] => {
        if (b.contributor_id) return [{ contributorId: b.contributor_id }];
        return b.agency_id ? [{ agencyId: b.agency_id }] : [];
      }),
    },
  };
}

/** The store's input for an article: its current row, with `snapshot` and `changes` applied. */
export function inputOf(
  row: ArticleRow,
  snapshot: ArticleSnapshot,
  changes: Partial<ArticleInput> = {},
): ArticleInput {
  return {
    editionCode: row.edition_code,
    slug: snapshot.slug,
    headline: snapshot.headline,
    standfirst: snapshot.standfirst,
    bodyHtml: snapshot.bodyHtml,
    copyright: snapshot.copyright,
    sectionId: snapshot.sectionId,
    leadMediaId: snapshot.leadMediaId,
    topicIds: snapshot.topicIds,
    byline: snapshot.byline,
    status: row.status,
    translationGroup: row.translation_group,
    firstPublishedAt: row.first_published_at,
    lastUpdatedAt: row.last_updated_at,
    sourceUri: row.source_uri,
    sourceVersion: row.source_version,
    ...changes,
  };
}

/** Bumps the version if it is still `expected`; false when someone saved in between. */
export async function claimVersion(db: Db, id: string, expected: number): Promise<boolean> {
  const result = await db
    .updateTable('articles')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Keeps an old public slug pointing at the article; a slug the article takes back stops redirecting. */
export async function rememberOldSlug(db: Db, row: ArticleRow, newSlug: string, now: Date): Promise<void> {
  await db
    .deleteFrom('slug_redirects')
    .where('edition_code', '=', row.edition_code)
    .where('slug', '=', newSlug)
    .execute();
  await db
    .deleteFrom('slug_redirects')
    .where('edition_code', '=', row.edition_code)
    .where('slug', '=', row.slug)
    .execute();
  await db
    .insertInto('slug_redirects')
    .values({
      edition_code: row.edition_code,
      slug: row.slug,
      article_id: row.id,
      created_at: now.toISOString(),
    })
    .execute();
}

export async function findSlugRedirect(
  db: Db,
  editionCode: string,
  slug: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('slug_redirects')
    .select('article_id')
    .where('edition_code', '=', editionCode)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.article_id;
}

/** One row of the desk's lists. */
export interface DeskListItem {
  id: string;
  headline: string;
  editionCode: string;
  sectionName: string | null;
  status: ArticleStatus;
  modifiedAt: string;
  /** The email of the user who started it; null for wire, CLI and demo copy. */
  author: string | null;
  createdBy: string | null;
}

export interface DeskFilters {
  /** Editions to look in; 'all' for admins. */
  editions: string[] | 'all';
  /** Words to search for (full text over headline, standfirst, topics and body; see src/search). */
  q?: string | undefined;
  edition?: string | undefined;
  sectionId?: string | undefined;
  status?: ArticleStatus | undefined;
  createdBy?: string | undefined;
  limit: number;
}

/** How many best full-text matches the desk's other filters choose from. */
const DESK_SEARCH_CANDIDATES = 500;

/**
 * The desk's article search: every list on the dashboard goes through here, so
 * a better search (full text) replaces this one function.
 */
export async function findDeskArticles(db: Db, filters: DeskFilters): Promise<DeskListItem[]> {
  if (filters.editions !== 'all' && filters.editions.length === 0) return [];
  let query = db
    .selectFrom('articles')
    .leftJoin('sections', 'sections.id', 'articles.section_id')
    .leftJoin('users', 'users.id', 'articles.created_by')
    .select([
      'articles.id',
      'articles.headline',
      'articles.edition_code',
      'articles.status',
      'articles.modified_at',
      'articles.created_by',
      'sections.name as section_name',
      'users.email as author',
    ]);
  if (filters.editions !== 'all') query = query.where('articles.edition_code', 'in', filters.editions);
  if (filters.edition) query = query.where('articles.edition_code', '=', filters.edition);
  if (filters.sectionId) query = query.where('articles.section_id', '=', filters.sectionId);
  if (filters.status) query = query.where('articles.status', '=', filters.status);
  if (filters.createdBy) query = query.where('articles.created_by', '=', filters.createdBy);
  const words = filters.q?.trim();
  // Full-text search (src/search) ranks the matches; the other filters narrow them.
  const ranked = words
    ? await searchDeskArticles(db, {
        query: words,
        editions: filters.edition ? [filters.edition] : filters.editions,
        status: filters.status,
        limit: DESK_SEARCH_CANDIDATES,
      })
    : undefined;
  if (ranked?.length === 0) return [];
  if (ranked) query = query.where('articles.id', 'in', ranked);
  const rows = await query
    .orderBy('articles.modified_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(ranked ? DESK_SEARCH_CANDIDATES : filters.limit)
    .execute();
  if (ranked) rows.sort((a, b) => ranked.indexOf(a.id) - ranked.indexOf(b.id)).splice(filters.limit);
  return rows.map((r) => ({
    id: r.id,
    headline: r.headline,
    editionCode: r.edition_code,
    sectionName: r.section_name,
    status: r.status,
    modifiedAt: r.modified_at,
    author: r.author,
    createdBy: r.created_by,
  }));
}

export interface NamedRef {
  id: string;
  name: string;
}

/** The names of topics, contributors and agencies an article's snapshot points at, in its order. */
export async function snapshotNames(
  db: Db,
  snapshot: ArticleSnapshot,
): Promise<{ topics: NamedRef[]; people: NamedRef[]; agencies: NamedRef[] }> {
  const contributorIds = snapshot.byline.flatMap((b) => ('contributorId' in b ? [b.contributorId] : []));
  const agencyIds = snapshot.byline.flatMap((b) => ('agencyId' in b ? [b.agencyId] : []));
  const [topics, people, agencies] = await Promise.all([
    snapshot.topicIds.length
      ? db.selectFrom('topics').select(['id', 'name']).where('id', 'in', snapshot.topicIds).execute()
      : [],
    contributorIds.length
      ? db.selectFrom('contributors').select(['id', 'name']).where('id', 'in', contributorIds).execute()
      : [],
    agencyIds.length
      ? db.selectFrom('agencies').select(['id', 'name']).where('id', 'in', agencyIds).execute()
      : [],
  ]);
  const inOrder = (ids: string[], rows: NamedRef[]) => ids.flatMap((id) => rows.filter((r) => r.id === id));
  return {
    topics: inOrder(snapshot.topicIds, topics),
    people: inOrder(contributorIds, people),
    agencies: inOrder(agencyIds, agencies),
  };
}

export async function listAgencies(db: Db): Promise<NamedRef[]> {
  return db.selectFrom('agencies').select(['id', 'name']).orderBy('name').execute();
}

export async function mediaExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Topic ids for names typed on the desk; a name the edition does not have yet becomes a new topic. */
export async function topicIdsFor(
  db: Db,
  editionCode: string,
  names: string[],
  now: Date,
): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const slug = slugify(name);
    const known = await db
      .selectFrom('topics')
      .select('id')
      .where('edition_code', '=', editionCode)
      .where((eb) => eb.or([eb('name', '=', name), eb('slug', '=', slug)]))
      .executeTakeFirst();
    if (known) {
      ids.push(known.id);
      continue;
    }
    const id = newId(now);
    await db.insertInto('topics').values({ id, edition_code: editionCode, slug, name }).execute();
    ids.push(id);
  }
  return ids;
}

/** Contributor ids for names typed on the desk; an unknown name becomes a new contributor. */
export async function contributorIdsFor(db: Db, names: string[], now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const known = await db
      .selectFrom('contributors')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (known) {
      ids.push(known.id);
      continue;
    }
    const id = newId(now);
    await db
      .insertInto('contributors')
      .values({ id, slug: await freeContributorSlug(db, slugify(name)), name, bio: '' })
      .execute();
    ids.push(id);
  }
  return ids;
}

async function freeContributorSlug(db: Db, wanted: string): Promise<string> {
  const taken = new Set(
    (
      await db
        .selectFrom('contributors')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', wanted), eb('slug', 'like', `${wanted}-%`)]))
        .execute()
    ).map((r) => r.slug),
  );
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}
