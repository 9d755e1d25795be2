import type { ArticleSnapshot } from '../articles/revisions.js';
import type { ArticleStatus, Db } from '../db/schema.js';
import { searchDeskArticles } from '../search/search.js';

export { type DeskArticle, findDeskArticle } from '../articles/editable.js';

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
