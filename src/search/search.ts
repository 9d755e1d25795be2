import type { ArticleStatus, Db } from '../db/schema.js';
import { analyzerFor } from './analyzer.js';
import { type SearchHit, type SearchOptions, searchArticles } from './queries.js';
import { parseQuery, type SearchQuery } from './query.js';

export interface EditionLanguage {
  code: string;
  language: string;
}

export interface EditionsSearch {
  hits: SearchHit[];
  total: number;
  /** More match than were ranked: `total` is a floor. */
  capped: boolean;
  /** The query as analyzed for each language searched (for highlighting). */
  queries: Map<string, SearchQuery>;
}

/**
 * Searches several editions at once. Each edition's articles were analyzed in
 * its language, so the query is analyzed once per language and the results
 * are merged by score (or date): one query per language, usually one or two.
 */
export async function searchEditions(
  db: Db,
  rawQuery: string,
  editions: EditionLanguage[],
  options: Omit<SearchOptions, 'editionCodes'>,
): Promise<EditionsSearch> {
  const byLanguage = new Map<string, string[]>();
  for (const e of editions) byLanguage.set(e.language, [...(byLanguage.get(e.language) ?? []), e.code]);
  const queries = new Map<string, SearchQuery>();
  const results = await Promise.all(
    [...byLanguage].map(([language, codes]) => {
      const query = parseQuery(rawQuery, analyzerFor(language));
      queries.set(language, query);
      if (byLanguage.size === 1) return searchArticles(db, query, { ...options, editionCodes: codes });
      // Merged pages need every group's hits up to the end of the page.
      return searchArticles(db, query, {
        ...options,
        editionCodes: codes,
        offset: 0,
        limit: options.offset + options.limit,
      });
    }),
  );
  const total = results.reduce((sum, r) => sum + r.total, 0);
  const capped = results.some((r) => r.capped);
  if (results.length <= 1) return { hits: results[0]?.hits ?? [], total, capped, queries };
  const merged = results
    .flatMap((r) => r.hits)
    .sort((a, b) =>
      options.sort === 'newest'
        ? b.at.localeCompare(a.at) || b.id.localeCompare(a.id)
        : b.score - a.score || b.id.localeCompare(a.id),
    );
  return { hits: merged.slice(options.offset, options.offset + options.limit), total, capped, queries };
}

/** The desk's search over every article of `editions` (drafts too): ids in rank order. */
export async function searchDeskArticles(
  db: Db,
  filters: {
    query: string;
    /** Edition codes, or 'all' (admins). */
    editions: string[] | 'all';
    status?: ArticleStatus | undefined;
    limit: number;
    /** Only weighs recency; defaults to the system clock. */
    now?: Date;
  },
): Promise<string[]> {
  const wanted = filters.editions;
  if (wanted !== 'all' && wanted.length === 0) return [];
  const editions = await db
    .selectFrom('editions')
    .select(['code', 'language'])
    .$if(wanted !== 'all', (q) => q.where('code', 'in', wanted === 'all' ? [] : wanted))
    .execute();
  const { hits } = await searchEditions(db, filters.query, editions, {
    visibility: { kind: 'desk', statuses: filters.status ? [filters.status] : undefined },
    sort: 'relevance',
    now: filters.now ?? new Date(),
    limit: filters.limit,
    offset: 0,
  });
  return hits.map((h) => h.id);
}
