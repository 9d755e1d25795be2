/** Reading live coverage: its state, its entries, the pages and updates readers get (src/live/workflow.ts writes). */
import type { ExpressionBuilder } from 'kysely';
import { articlePath } from '../articles/paths.js';
import { findArticleCards, isPublicAt } from '../articles/queries.js';
import type { ArticleFormat, Database, Db } from '../db/schema.js';
import type { Edition } from '../editions/queries.js';

/** Entries on a page of the coverage (and in its feeds). */
export const ENTRIES_PER_PAGE = 20;
/** Entries the updates endpoint sends at most; beyond, the reader's script reloads the page. */
export const UPDATES_LIMIT = 50;
/** Key events listed at the top of the page. */
export const KEY_EVENTS_LIMIT = 10;
/** Entries on a page of the desk. */
export const DESK_ENTRIES_PER_PAGE = 50;

export type CoverageState = 'open' | 'closed';

export interface Coverage {
  articleId: string;
  editionCode: string;
  state: CoverageState;
  /** The number of the newest entry ever added (entries are numbered in commit order). */
  lastSeq: number;
  startedAt: string;
  endedAt: string | null;
}

export interface LiveEntry {
  id: string;
  articleId: string;
  editionCode: string;
  seq: number;
  /** Plain text; '' for none. */
  title: string;
  /** Sanitized when written. */
  bodyHtml: string;
  author: { id: string; slug: string; name: string } | null;
  pinned: boolean;
  keyEvent: boolean;
  version: number;
  spunOffArticleId: string | null;
  createdBy: string | null;
  publishedAt: string;
  updatedAt: string;
}

export async function findCoverage(db: Db, articleId: string): Promise<Coverage | undefined> {
  const row = await db
    .selectFrom('live_coverages')
    .selectAll()
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  return (
    row && {
      articleId: row.article_id,
      editionCode: row.edition_code,
      state: row.state,
      lastSeq: Number(row.last_seq),
      startedAt: row.started_at,
      endedAt: row.ended_at,
    }
  );
}

function entryQuery(db: Db) {
  return db
    .selectFrom('live_entries')
    .leftJoin('contributors', 'contributors.id', 'live_entries.contributor_id')
    .selectAll('live_entries')
    .select([
      'contributors.id as author_id',
      'contributors.slug as author_slug',
      'contributors.name as author_name',
    ]);
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entryQuery>['executeTakeFirstOrThrow']>>;

function toEntry(row: EntryRow): LiveEntry {
  return {
    id: row.id,
    articleId: row.article_id,
    editionCode: row.edition_code,
    seq: Number(row.seq),
    title: row.title,
    bodyHtml: row.body_html,
    author:
      row.author_id && row.author_slug && row.author_name
        ? { id: row.author_id, slug: row.author_slug, name: row.author_name }
        : null,
    pinned: Number(row.pinned) === 1,
    keyEvent: Number(row.key_event) === 1,
    version: Number(row.version),
    spunOffArticleId: row.spun_off_article_id,
    createdBy: row.created_by,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
  };
}

export async function findEntry(db: Db, entryId: string): Promise<LiveEntry | undefined> {
  const row = await entryQuery(db).where('live_entries.id', '=', entryId).executeTakeFirst();
  return row && toEntry(row);
}

/** An entry of this coverage (an entry id of another one is no entry of this). */
export async function findCoverageEntry(
  db: Db,
  articleId: string,
  entryId: string,
): Promise<LiveEntry | undefined> {
  const entry = await findEntry(db, entryId);
  return entry?.articleId === articleId ? entry : undefined;
}

/**
 * A coverage's entries, newest first: before or after an entry number, pinned
 * ones left out or only them, key events only; `limit` of them, and whether more follow.
 */
export async function listEntries(
  db: Db,
  articleId: string,
  options: {
    limit: number;
    beforeSeq?: number | undefined;
    afterSeq?: number | undefined;
    pinned?: boolean;
    keyEvents?: boolean;
  },
): Promise<{ entries: LiveEntry[]; more: boolean }> {
  let query = entryQuery(db).where('live_entries.article_id', '=', articleId);
  if (options.beforeSeq !== undefined) query = query.where('live_entries.seq', '<', options.beforeSeq);
  if (options.afterSeq !== undefined) query = query.where('live_entries.seq', '>', options.afterSeq);
  if (options.pinned !== undefined) query = query.where('live_entries.pinned', '=', options.pinned ? 1 : 0);
  if (options.keyEvents) query = query.where('live_entries.key_event', '=', 1);
  const rows = await query
    .orderBy('live_entries.seq', 'desc')
    .limit(options.limit + 1)
    .execute();
  return { entries: rows.slice(0, options.limit).map(toEntry), more: rows.length > options.limit };
}

/** The coverage's pinned entry, if it has one. */
export async function findPinnedEntry(db: Db, articleId: string): Promise<LiveEntry | undefined> {
  const { entries } = await listEntries(db, articleId, { limit: 1, pinned: true });
  return entries[0];
}

/** How many entries a coverage has. */
export async function countEntries(db: Db, articleId: string): Promise<number> {
  const row = await db
    .selectFrom('live_entries')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A public live coverage (published, of this edition) by its slug: what its sub-pages need. */
export interface PublicCoverage extends Coverage {
  headline: string;
  standfirst: string;
  url: string;
  firstPublishedAt: string;
  lastUpdatedAt: string | null;
  copyright: string;
}

const publicCoverageQuery = (db: Db, now: Date) =>
  db
    .selectFrom('articles')
    .innerJoin('live_coverages', 'live_coverages.article_id', 'articles.id')
    .where(isPublicAt(now))
    .where('articles.format', '=', 'live')
    .select([
      'articles.id',
      'articles.edition_code',
      'articles.slug',
      'articles.headline',
      'articles.standfirst',
      'articles.copyright',
      'articles.first_published_at',
      'articles.last_updated_at',
      'live_coverages.state',
      'live_coverages.last_seq',
      'live_coverages.started_at',
      'live_coverages.ended_at',
    ]);

type PublicCoverageRow = Awaited<
  ReturnType<ReturnType<typeof publicCoverageQuery>['executeTakeFirstOrThrow']>
>;

function toPublicCoverage(row: PublicCoverageRow, edition: Edition): PublicCoverage {
  const firstPublishedAt = row.first_published_at ?? '';
  return {
    articleId: row.id,
    editionCode: row.edition_code,
    state: row.state,
    lastSeq: Number(row.last_seq),
    startedAt: row.started_at,
    endedAt: row.ended_at,
    headline: row.headline,
    standfirst: row.standfirst,
    copyright: row.copyright,
    url: articlePath(row.edition_code, row.slug, firstPublishedAt, edition.timeZone),
    firstPublishedAt,
    lastUpdatedAt: row.last_updated_at,
  };
}

export async function findPublicCoverage(
  db: Db,
  edition: Edition,
  slug: string,
  now: Date,
): Promise<PublicCoverage | undefined> {
  const row = await publicCoverageQuery(db, now)
    .where('articles.edition_code', '=', edition.code)
    .where('articles.slug', '=', slug)
    .executeTakeFirst();
  return row && toPublicCoverage(row, edition);
}

/** The live coverages of an edition readers may see now, open ones first: what the breaking line may point to. */
export async function listPublicCoverages(
  db: Db,
  edition: Edition,
  now: Date,
  limit = 50,
): Promise<PublicCoverage[]> {
  const rows = await publicCoverageQuery(db, now)
    .where('articles.edition_code', '=', edition.code)
    .orderBy('live_coverages.state', 'desc')
    .orderBy('live_coverages.started_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => toPublicCoverage(row, edition));
}

/** Where the breaking line's live coverage is, and whether it is still live; undefined when readers cannot see it. */
export async function findCoverageLink(
  db: Db,
  edition: Edition,
  articleId: string,
  now: Date,
): Promise<{ url: string; open: boolean } | undefined> {
  const row = await publicCoverageQuery(db, now)
    .where('articles.edition_code', '=', edition.code)
    .where('articles.id', '=', articleId)
    .executeTakeFirst();
  if (!row) return undefined;
  const coverage = toPublicCoverage(row, edition);
  return { url: coverage.url, open: coverage.state === 'open' };
}

/** The entry number of an entry of this coverage, for `before`/`after` cursors; undefined for none. */
export async function seqOf(db: Db, articleId: string, entryId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('live_entries')
    .select('seq')
    .where('article_id', '=', articleId)
    .where('id', '=', entryId)
    .executeTakeFirst();
  return row ? Number(row.seq) : undefined;
}

/**
 * The page above one that starts below entry `firstSeq`: its `before` cursor
 * (an entry id), or null when it is the first page. Pinned entries are not in the stream.
 */
export async function newerPageCursor(
  db: Db,
  articleId: string,
  firstSeq: number,
): Promise<string | null | undefined> {
  const rows = await db
    .selectFrom('live_entries')
    .select(['id', 'seq'])
    .where('article_id', '=', articleId)
    .where('pinned', '=', 0)
    .where('seq', '>', firstSeq)
    .orderBy('seq', 'asc')
    .limit(ENTRIES_PER_PAGE + 1)
    .execute();
  if (rows.length === 0) return undefined;
  // More than a page above: that page shows the entries below the one just above it.
  return rows.length > ENTRIES_PER_PAGE ? (rows[ENTRIES_PER_PAGE]?.id ?? null) : null;
}

/**
 * Where readers find an entry: on the first page (pinned, or among the newest
 * of the stream), else on the page that starts with it (`before` the entry just newer).
 */
export async function entryPageCursor(db: Db, entry: LiveEntry): Promise<string | null> {
  if (entry.pinned) return null;
  const newer = await db
    .selectFrom('live_entries')
    .select(['id'])
    .where('article_id', '=', entry.articleId)
    .where('pinned', '=', 0)
    .where('seq', '>', entry.seq)
    .orderBy('seq', 'asc')
    .limit(ENTRIES_PER_PAGE)
    .execute();
  return newer.length < ENTRIES_PER_PAGE ? null : (newer[0]?.id ?? null);
}

/** A coverage in the desk's list. */
export interface DeskCoverage extends Coverage {
  headline: string;
  status: string;
  entries: number;
  newestEntryAt: string | null;
}

const isLiveArticle = (eb: ExpressionBuilder<Database, 'articles'>) => eb('articles.format', '=', 'live');

/** The live coverages of these editions (all, for 'all'), open ones first, newest first. */
export async function listDeskCoverages(
  db: Db,
  editions: string[] | 'all',
  limit = 100,
): Promise<DeskCoverage[]> {
  if (editions !== 'all' && editions.length === 0) return [];
  let query = db
    .selectFrom('live_coverages')
    .innerJoin('articles', 'articles.id', 'live_coverages.article_id')
    .where(isLiveArticle)
    .selectAll('live_coverages')
    .select(['articles.headline', 'articles.status']);
  if (editions !== 'all') query = query.where('live_coverages.edition_code', 'in', editions);
  const rows = await query
    .orderBy('live_coverages.state', 'desc')
    .orderBy('live_coverages.started_at', 'desc')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const stats = await db
    .selectFrom('live_entries')
    .select((eb) => [
      'article_id',
      eb.fn.countAll<string | number>().as('n'),
      eb.fn.max('published_at').as('newest'),
    ])
    .where(
      'article_id',
      'in',
      rows.map((r) => r.article_id),
    )
    .groupBy('article_id')
    .execute();
  return rows.map((row) => {
    const stat = stats.find((s) => s.article_id === row.article_id);
    return {
      articleId: row.article_id,
      editionCode: row.edition_code,
      state: row.state,
      lastSeq: Number(row.last_seq),
      startedAt: row.started_at,
      endedAt: row.ended_at,
      headline: row.headline,
      status: row.status,
      entries: Number(stat?.n ?? 0),
      newestEntryAt: stat?.newest ?? null,
    };
  });
}

/** Everything a page of the coverage shows besides the article itself. */
export interface LivePage {
  coverage: Coverage;
  pinned: LiveEntry | undefined;
  /** The stream's entries on this page (pinned ones are above it), newest first. */
  entries: LiveEntry[];
  /** `before` of the page above; undefined on the first page, null when the page above is the first. */
  newer: string | null | undefined;
  older: string | undefined;
  keyEvents: LiveEntry[];
  /** The coverage's newest entries (pinned or not), for structured data and where polling starts. */
  newest: LiveEntry[];
  /** Public addresses of the published articles entries were turned into, by article id. */
  spunOff: Map<string, string>;
}

/**
 * A page of the coverage: the first, or the one below entry `before` (an
 * entry id of this coverage; undefined when it is not one). Pinned entries
 * are shown above the first page's stream, not in it.
 */
export async function loadLivePage(
  db: Db,
  edition: Edition,
  articleId: string,
  options: { before?: string | undefined; now: Date },
): Promise<LivePage | undefined> {
  const coverage = await findCoverage(db, articleId);
  if (!coverage) return undefined;
  let beforeSeq: number | undefined;
  if (options.before !== undefined) {
    beforeSeq = await seqOf(db, articleId, options.before);
    if (beforeSeq === undefined) return undefined;
  }
  const [stream, pinned, keyEvents, newest] = await Promise.all([
    listEntries(db, articleId, { limit: ENTRIES_PER_PAGE, beforeSeq, pinned: false }),
    beforeSeq === undefined ? findPinnedEntry(db, articleId) : Promise.resolve(undefined),
    listEntries(db, articleId, { limit: KEY_EVENTS_LIMIT, keyEvents: true }),
    listEntries(db, articleId, { limit: 10 }),
  ]);
  const first = stream.entries[0];
  const newer =
    beforeSeq === undefined ? undefined : first ? await newerPageCursor(db, articleId, first.seq) : null;
  const last = stream.entries.at(-1);
  const shown = [...stream.entries, ...(pinned ? [pinned] : []), ...keyEvents.entries];
  const spunOffIds = [...new Set(shown.flatMap((e) => (e.spunOffArticleId ? [e.spunOffArticleId] : [])))];
  const cards = await findArticleCards(db, edition, spunOffIds, { now: options.now });
  return {
    coverage,
    pinned,
    entries: stream.entries,
    newer: newer === undefined && beforeSeq !== undefined ? null : newer,
    older: stream.more && last ? last.id : undefined,
    keyEvents: keyEvents.entries,
    newest: newest.entries,
    spunOff: new Map([...cards].map(([id, card]) => [id, card.url])),
  };
}

/**
 * What the updates endpoint answers: entries numbered after `afterSeq`, newest
 * first, at most UPDATES_LIMIT (and whether more are newer still), with the
 * addresses of the articles they were turned into.
 */
export async function loadUpdates(
  db: Db,
  edition: Edition,
  articleId: string,
  afterSeq: number,
  now: Date,
): Promise<{ entries: LiveEntry[]; more: boolean; spunOff: Map<string, string> }> {
  const { entries, more } = await listEntries(db, articleId, { limit: UPDATES_LIMIT, afterSeq });
  const ids = entries.flatMap((e) => (e.spunOffArticleId ? [e.spunOffArticleId] : []));
  const cards = await findArticleCards(db, edition, ids, { now });
  return { entries, more, spunOff: new Map([...cards].map(([id, card]) => [id, card.url])) };
}

/** Whether readers of this edition may see this live coverage now: what the breaking line may point to. */
export async function isPublicCoverage(
  db: Db,
  editionCode: string,
  articleId: string,
  now: Date,
): Promise<boolean> {
  const row = await publicCoverageQuery(db, now)
    .where('articles.edition_code', '=', editionCode)
    .where('articles.id', '=', articleId)
    .executeTakeFirst();
  return row !== undefined;
}

/** An article's format ('standard' or 'live'), or undefined when there is no such article. */
export async function articleFormatOf(db: Db, articleId: string): Promise<ArticleFormat | undefined> {
  const row = await db.selectFrom('articles').select('format').where('id', '=', articleId).executeTakeFirst();
  return row?.format;
}

/**
 * The number of the newest entry made before entry id `id` (0: none): where "after" an entry
 * that has been deleted stands, since ids sort by the time they were made.
 */
export async function seqBeforeId(db: Db, articleId: string, id: string): Promise<number> {
  const row = await db
    .selectFrom('live_entries')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('article_id', '=', articleId)
    .where('id', '<', id)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}
