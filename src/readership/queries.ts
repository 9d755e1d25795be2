import { articlePath } from '../articles/paths.js';
import { isPublicAsOf, publicArticles } from '../articles/queries.js';
import { preparedQuery } from '../db/prepared.js';
import type { Db } from '../db/schema.js';
import { cacheTags } from '../http/cache-tags.js';
import type { AppDeps } from '../http/env.js';
import { HOUR_MS, hourStart, windowStart } from './hours.js';

/** Most read is over the hours starting within the last day. */
export const MOST_READ_HOURS = 24;
export const MOST_READ_COUNT = 5;
/**
 * How long a cached page showing most read is served before it is rendered
 * again: the rolling day moves slowly, five minutes is what a CDN keeps a page
 * anyway (s-maxage=300), and each instance then runs the most-read query at
 * most once per page per five minutes.
 */
export const MOST_READ_FRESH_MS = 5 * 60_000;
/** The desk's chart of one article. */
export const CHART_HOURS = 48;

/** A line of the most-read block. */
export interface MostReadItem {
  id: string;
  headline: string;
  url: string;
  views: number;
}

/** Whether readers can see article `id` now (the beacon counts only those). */
export async function isPublicArticle(db: Db, id: string, now: Date): Promise<boolean> {
  const row = await publicArticles(db, now)
    .select('articles.id')
    .where('articles.id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The edition's most read articles over the rolling day (the current hour and
 * the 23 before), published ones only, optionally within one section: most
 * views first, then newest. Empty when nothing has been read yet.
 */
interface MostReadArgs {
  editionCode: string;
  since: string;
  now: string;
  limit: number;
  sectionId?: string;
}

function mostReadStatement(db: Db, a: MostReadArgs) {
  const totals = db
    .selectFrom('article_views')
    .select((eb) => [
      'article_views.article_id',
      eb.fn.sum<number | string>('article_views.views').as('total'),
    ])
    .where('article_views.hour', '>=', a.since)
    .groupBy('article_views.article_id');
  // From the day's totals to their articles, not the other way: SQLite, which has no statistics,
  // would otherwise walk every published article of the edition and look each one up in the totals.
  // CROSS JOIN keeps that order in SQLite; PostgreSQL plans it as the inner join it is.
  let query = db
    .selectFrom(totals.as('v'))
    .crossJoin('articles')
    .innerJoin('editions', 'editions.code', 'articles.edition_code')
    .whereRef('articles.id', '=', 'v.article_id')
    .where(isPublicAsOf(a.now))
    .select([
      'articles.id',
      'articles.slug',
      'articles.headline',
      'articles.edition_code',
      'articles.first_published_at',
      'editions.time_zone',
      'v.total',
    ])
    .where('articles.edition_code', '=', a.editionCode);
  if (a.sectionId !== undefined) query = query.where('articles.section_id', '=', a.sectionId);
  return query
    .orderBy('v.total', 'desc')
    .orderBy('articles.first_published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(a.limit);
}

// Asked on every article page: built once (src/db/prepared.ts), with and without a section.
const mostReadQuery = preparedQuery(['editionCode', 'since', 'now'], mostReadStatement, ['limit']);
const mostReadInSectionQuery = preparedQuery(
  ['editionCode', 'since', 'now', 'sectionId'],
  (db, a: Required<MostReadArgs>) => mostReadStatement(db, a),
  ['limit'],
);

export async function loadMostRead(
  db: Db,
  editionCode: string,
  now: Date,
  options: { sectionId?: string | undefined; limit?: number } = {},
): Promise<MostReadItem[]> {
  const args = {
    editionCode,
    since: windowStart(now, MOST_READ_HOURS),
    now: now.toISOString(),
    limit: options.limit ?? MOST_READ_COUNT,
  };
  const rows = options.sectionId
    ? await mostReadInSectionQuery(db, { ...args, sectionId: options.sectionId })
    : await mostReadQuery(db, args);
  return rows.map((r) => ({
    id: r.id,
    headline: r.headline,
    url: articlePath(r.edition_code, r.slug, r.first_published_at ?? '', r.time_zone),
    // PostgreSQL sums integers as bigint, which the driver hands over as a string.
    views: Number(r.total),
  }));
}

/**
 * Most read for a page the page cache keeps: while the page cache is on, one query per edition
 * (or section) per MOST_READ_FRESH_MS, as a cached page showing the block is itself rendered
 * again after that; purged with any article in it (withdrawn, retitled) or the edition's
 * settings. `freshForMs` is how much longer the list stays: the page showing it is fresh for
 * no longer, so no page shows a list older than MOST_READ_FRESH_MS.
 */
export function cachedMostRead(
  deps: Pick<AppDeps, 'db' | 'cache'>,
  editionCode: string,
  now: Date,
  options: { sectionId?: string | undefined } = {},
): Promise<{ value: MostReadItem[]; freshForMs: number }> {
  return deps.cache.rememberFor(
    `most-read:${editionCode}:${options.sectionId ?? ''}`,
    MOST_READ_FRESH_MS,
    () => loadMostRead(deps.db, editionCode, now, options),
    (items) => [cacheTags.edition(editionCode), ...items.map((item) => cacheTags.article(item.id))],
  );
}

/**
 * Most read for a page the page cache does not keep (the 404): at most one query per edition
 * per `ttlMs`, so a flood of dead links is not a flood of queries. A failed query shows no block.
 * Keyed by edition code: as many entries as editions.
 */
export function mostReadMemo(db: Db, ttlMs = 60_000) {
  const known = new Map<string, { until: number; items: Promise<MostReadItem[]> }>();
  return (editionCode: string, now: Date): Promise<MostReadItem[]> => {
    const hit = known.get(editionCode);
    if (hit && hit.until > now.getTime()) return hit.items;
    const items = loadMostRead(db, editionCode, now).catch((): MostReadItem[] => []);
    known.set(editionCode, { until: now.getTime() + ttlMs, items });
    return items;
  };
}

/** Views of an article on the desk: over the rolling day and since counting began. */
export interface ArticleViews {
  lastDay: number;
  total: number;
}

/** Views of each of `ids` that has any (absent: never viewed). */
export async function viewsOfArticles(db: Db, ids: string[], now: Date): Promise<Map<string, ArticleViews>> {
  const views = new Map<string, ArticleViews>();
  if (ids.length === 0) return views;
  const unique = [...new Set(ids)];
  const since = windowStart(now, MOST_READ_HOURS);
  const rows = await db
    .selectFrom('article_views')
    .select((eb) => [
      'article_id',
      eb.fn.sum<number | string>('views').as('total'),
      eb.fn
        .sum<number | string>(eb.case().when('hour', '>=', since).then(eb.ref('views')).else(0).end())
        .as('last_day'),
    ])
    .where('article_id', 'in', unique)
    .groupBy('article_id')
    .execute();
  for (const r of rows) views.set(r.article_id, { lastDay: Number(r.last_day), total: Number(r.total) });
  return views;
}

/** One bar of the desk's chart. */
export interface HourViews {
  /** Start of the hour (ISO, UTC). */
  hour: string;
  views: number;
}

/** The article's views in each of the last CHART_HOURS hours, oldest first, hours without views as 0. */
export async function hourlyViews(db: Db, articleId: string, now: Date): Promise<HourViews[]> {
  const since = windowStart(now, CHART_HOURS);
  const rows = await db
    .selectFrom('article_views')
    .select(['hour', 'views'])
    .where('article_id', '=', articleId)
    .where('hour', '>=', since)
    .where('hour', '<=', hourStart(now))
    .execute();
  const byHour = new Map(rows.map((r) => [r.hour, Number(r.views)]));
  const first = Date.parse(since);
  return Array.from({ length: CHART_HOURS }, (_, i) => {
    const hour = new Date(first + i * HOUR_MS).toISOString();
    return { hour, views: byHour.get(hour) ?? 0 };
  });
}

/** What the editor's readership box shows of one article. */
export async function loadArticleViews(
  db: Db,
  articleId: string,
  now: Date,
): Promise<{ totals: ArticleViews | undefined; hours: HourViews[] }> {
  const [totals, hours] = await Promise.all([
    viewsOfArticles(db, [articleId], now),
    hourlyViews(db, articleId, now),
  ]);
  return { totals: totals.get(articleId), hours };
}
