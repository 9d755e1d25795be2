import { type RawBuilder, sql } from 'kysely';
import { imagesById, publicArticles } from '../articles/queries.js';
import { isPostgres } from '../db/connect.js';
import type { ArticleStatus, Db } from '../db/schema.js';
import type { Image } from '../media/images.js';
import { analyzerFor } from './analyzer.js';
import { fts5Expression, type SearchQuery } from './query.js';
import { htmlToText } from './text.js';

/*
 * The search index. Every dialect-specific statement of the feature is here,
 * chosen with `isPostgres(db)`; the rest of the app sees functions only.
 *
 * Field weights, headline > standfirst > topics > body:
 *   SQLite: bm25() column weights 10, 4, 2, 1.
 *   PostgreSQL: setweight A/B/C/D with ts_rank_cd weights {D 0.1, C 0.2, B 0.4, A 1.0}.
 * Recency boost for news: relevance × (1 + 1 / (1 + age in days / 7)), so a
 * story published today counts double, a week-old one 1.5×, a year-old one ~1×.
 *
 * Neither engine can find the best k matches without scoring every match, and
 * a common word matches a fifth of an archive. So ranking (and counting) looks
 * at the SEARCH_CANDIDATES most recent matches that pass the filters: SQLite
 * streams them from FTS5 in doc_id order (doc_ids follow publication time, see
 * sqliteDocId), PostgreSQL takes them by publication date. For news that is what
 * readers want; older stories are reached with more words or the date filter.
 */
const BM25_WEIGHTS = sql.raw('10.0, 4.0, 2.0, 1.0');
const TS_RANK_WEIGHTS = sql.raw(`'{0.1, 0.2, 0.4, 1.0}'::float4[]`);
const RECENCY_DAYS = 7;
/** Matches ranked per query (the most recent ones); bounds the work of a query whatever the archive's size. */
export const SEARCH_CANDIDATES = 1000;

/** An article's analyzed fields: space-separated terms. */
interface IndexedDocument {
  articleId: string;
  editionCode: string;
  status: ArticleStatus;
  sectionId: string | null;
  publishedAt: string;
  headline: string;
  standfirst: string;
  topics: string;
  body: string;
}

/** Loads and analyzes articles (in their edition's language) with their topic names. */
async function analyzedDocuments(db: Db, ids: string[]): Promise<IndexedDocument[]> {
  if (ids.length === 0) return [];
  const [rows, topics] = await Promise.all([
    db
      .selectFrom('articles')
      .innerJoin('editions', 'editions.code', 'articles.edition_code')
      .select([
        'articles.id',
        'articles.headline',
        'articles.standfirst',
        'articles.body_html',
        'articles.edition_code',
        'articles.status',
        'articles.section_id',
        'articles.first_published_at',
        'articles.modified_at',
        'editions.language',
      ])
      .where('articles.id', 'in', ids)
      .execute(),
    db
      .selectFrom('article_topics')
      .innerJoin('topics', 'topics.id', 'article_topics.topic_id')
      .select(['article_topics.article_id', 'topics.name'])
      .where('article_topics.article_id', 'in', ids)
      .execute(),
  ]);
  const topicNames = new Map<string, string[]>();
  for (const t of topics) topicNames.set(t.article_id, [...(topicNames.get(t.article_id) ?? []), t.name]);
  return rows.map((row) => {
    const analyzer = analyzerFor(row.language);
    const terms = (text: string) => analyzer.terms(text).join(' ');
    return {
      articleId: row.id,
      editionCode: row.edition_code,
      status: row.status,
      sectionId: row.section_id,
      publishedAt: row.first_published_at ?? row.modified_at,
      headline: terms(row.headline),
      standfirst: terms(row.standfirst),
      topics: terms((topicNames.get(row.id) ?? []).join(' ')),
      body: terms(htmlToText(row.body_html)),
    };
  });
}

async function writeDocument(db: Db, doc: IndexedDocument): Promise<void> {
  const filters = {
    edition_code: doc.editionCode,
    status: doc.status,
    section_id: doc.sectionId,
    published_at: doc.publishedAt,
  };
  if (isPostgres(db)) {
    await sql`INSERT INTO search_documents (article_id, edition_code, status, section_id, published_at, document)
      VALUES (${doc.articleId}, ${doc.editionCode}, ${doc.status}, ${doc.sectionId}, ${doc.publishedAt},
        setweight(to_tsvector('simple', ${doc.headline}), 'A') ||
        setweight(to_tsvector('simple', ${doc.standfirst}), 'B') ||
        setweight(to_tsvector('simple', ${doc.topics}), 'C') ||
        setweight(to_tsvector('simple', ${doc.body}), 'D'))
      ON CONFLICT (article_id) DO UPDATE SET edition_code = excluded.edition_code, status = excluded.status,
        section_id = excluded.section_id, published_at = excluded.published_at, document = excluded.document`.execute(
      db,
    );
    return;
  }
  const docId = await sqliteDocId(db, doc);
  await db
    .insertInto('search_documents')
    .values({ doc_id: docId, article_id: doc.articleId, ...filters })
    .onConflict((oc) => oc.column('article_id').doUpdateSet({ doc_id: docId, ...filters }))
    .execute();
  await sql`INSERT INTO search_fts (rowid, headline, standfirst, topics, body)
    VALUES (${docId}, ${doc.headline}, ${doc.standfirst}, ${doc.topics}, ${doc.body})`.execute(db);
}

/** Room for this many articles published in the same millisecond. */
const DOC_IDS_PER_MS = 1024;

/**
 * SQLite doc_ids follow publication time (milliseconds × 1024 + a tie-breaker),
 * so FTS5, which returns matches in doc_id order, can stream them newest first.
 * An article keeps its doc_id while its date stands; a new date moves it (and
 * its FTS row is dropped here, to be written again under the new doc_id).
 */
async function sqliteDocId(db: Db, doc: IndexedDocument): Promise<number> {
  const ms = Date.parse(doc.publishedAt);
  const base = (Number.isFinite(ms) ? ms : 0) * DOC_IDS_PER_MS;
  const current = await sql<{ doc_id: number }>`SELECT doc_id FROM search_documents
    WHERE article_id = ${doc.articleId}`.execute(db);
  const existing = current.rows[0]?.doc_id;
  if (existing !== undefined) {
    await sql`DELETE FROM search_fts WHERE rowid = ${existing}`.execute(db);
    if (existing >= base && existing < base + DOC_IDS_PER_MS) return existing;
  }
  const taken = await sql<{ top: number | null }>`SELECT max(doc_id) AS top FROM search_documents
    WHERE doc_id >= ${base} AND doc_id < ${base + DOC_IDS_PER_MS}`.execute(db);
  const top = taken.rows[0]?.top;
  return top === null || top === undefined ? base : top + 1;
}

/**
 * (Re)indexes one article from what is stored now. Called by the article
 * store inside the transaction that writes the article, so the index never
 * disagrees with the content.
 */
export async function indexArticle(db: Db, id: string): Promise<void> {
  const [doc] = await analyzedDocuments(db, [id]);
  if (doc) await writeDocument(db, doc);
  else await removeFromIndex(db, id);
}

/** Takes an article out of the index (call it before deleting the article, in the same transaction). */
export async function removeFromIndex(db: Db, id: string): Promise<void> {
  if (!isPostgres(db)) {
    await sql`DELETE FROM search_fts WHERE rowid IN
      (SELECT doc_id FROM search_documents WHERE article_id = ${id})`.execute(db);
  }
  await db.deleteFrom('search_documents').where('article_id', '=', id).execute();
}

/** How many articles a reindex of `editionCode` (or of all editions) covers. */
export async function countArticles(db: Db, editionCode?: string): Promise<number> {
  let query = db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n'));
  if (editionCode) query = query.where('edition_code', '=', editionCode);
  return Number((await query.executeTakeFirst())?.n ?? 0);
}

/**
 * Rebuilds the index of every article (of one edition), `batchSize` articles
 * per transaction. The bulk path: one transaction and two reads per batch
 * instead of the per-article hook's own reads, which is what makes indexing a
 * whole archive fast on SQLite. Articles deleted meanwhile leave no entries behind.
 */
export async function reindexArticles(
  db: Db,
  options: { editionCode?: string | undefined; batchSize?: number; onProgress?: (done: number) => void },
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let after = '';
  let done = 0;
  if (!options.editionCode) await clearOrphans(db);
  for (;;) {
    let query = db.selectFrom('articles').select('id').where('id', '>', after);
    if (options.editionCode) query = query.where('edition_code', '=', options.editionCode);
    const ids = (await query.orderBy('id').limit(batchSize).execute()).map((r) => r.id);
    if (ids.length === 0) break;
    await db.transaction().execute(async (trx) => {
      for (const doc of await analyzedDocuments(trx, ids)) await writeDocument(trx, doc);
    });
    done += ids.length;
    after = ids.at(-1) ?? after;
    options.onProgress?.(done);
  }
  // A bulk load leaves FTS5 with many small segments that every query must merge; one pass joins them.
  if (!isPostgres(db)) await sql`INSERT INTO search_fts (search_fts) VALUES ('optimize')`.execute(db);
  return done;
}

/**
 * Indexes the articles that have no index entry: those written before the
 * index existed (an upgraded database). The server runs it at start-up, so
 * search works without a manual reindex; on an indexed database it is one query.
 */
export async function indexMissingArticles(db: Db, batchSize = 500): Promise<number> {
  let after = '';
  let done = 0;
  for (;;) {
    const ids = (
      await db
        .selectFrom('articles')
        .select('id')
        .where('id', '>', after)
        .where('id', 'not in', db.selectFrom('search_documents').select('article_id'))
        .orderBy('id')
        .limit(batchSize)
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) return done;
    await db.transaction().execute(async (trx) => {
      for (const doc of await analyzedDocuments(trx, ids)) await writeDocument(trx, doc);
    });
    done += ids.length;
    after = ids.at(-1) ?? after;
  }
}

/** Index entries whose article is gone (e.g. deleted by hand in SQL). */
async function clearOrphans(db: Db): Promise<void> {
  if (!isPostgres(db)) {
    await sql`DELETE FROM search_fts WHERE rowid IN (SELECT doc_id FROM search_documents
      WHERE article_id NOT IN (SELECT id FROM articles))`.execute(db);
  }
  await db
    .deleteFrom('search_documents')
    .where('article_id', 'not in', db.selectFrom('articles').select('id'))
    .execute();
}

export type SearchVisibility =
  /** The public site: the one visibility rule of src/articles/queries.ts. */
  | { kind: 'public' }
  /** The desk: every status, or those listed. */
  | { kind: 'desk'; statuses?: ArticleStatus[] | undefined };

export interface SearchOptions {
  editionCodes: string[];
  visibility: SearchVisibility;
  sectionId?: string | undefined;
  /** ISO timestamps: from inclusive, to exclusive, on the publication date (the last change for drafts). */
  from?: string | undefined;
  to?: string | undefined;
  sort: 'relevance' | 'newest';
  now: Date;
  limit: number;
  offset: number;
  /** How many of the most recent matches are ranked; SEARCH_CANDIDATES unless a test says otherwise. */
  candidates?: number | undefined;
}

export interface SearchHit {
  id: string;
  /** Relevance with the recency boost; comparable within one dialect. */
  score: number;
  /** Publication date (last change for drafts). */
  at: string;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Matches among the candidates (at most SEARCH_CANDIDATES). */
  total: number;
  /** More than SEARCH_CANDIDATES articles match: `total` is a floor. */
  capped: boolean;
}

/** A page of matching article ids in rank order, and how many match. */
export async function searchArticles(
  db: Db,
  query: SearchQuery,
  options: SearchOptions,
): Promise<SearchPage> {
  const postgres = isPostgres(db);
  const match = postgres ? postgresMatch(query) : sqliteMatch(query);
  if (!match || options.editionCodes.length === 0) return { hits: [], total: 0, capped: false };
  const where = sql.join([match.where, ...filterConditions(options)], sql` AND `);
  const ranked = options.candidates ?? SEARCH_CANDIDATES;
  const candidates = (limit: number, withRank: boolean) =>
    postgres
      ? sql`SELECT d.article_id, d.published_at${withRank ? sql`, ${match.rank} AS rank` : sql``}
          FROM search_documents d WHERE ${where}
          ORDER BY d.published_at DESC, d.article_id DESC LIMIT ${limit}`
      : // CROSS JOIN keeps FTS5 the outer loop, streaming matches newest first until the limit.
        sql`SELECT d.article_id, d.published_at${withRank ? sql`, ${match.rank} AS rank` : sql``}
          FROM search_fts CROSS JOIN search_documents d
          WHERE d.doc_id = search_fts.rowid AND ${where}
          ORDER BY search_fts.rowid DESC LIMIT ${limit}`;
  const score = sql`c.rank * (1.0 + 1.0 / (1.0 + ${ageInDays(postgres, options.now)} / ${sql.lit(RECENCY_DAYS)}))`;
  const order =
    options.sort === 'newest'
      ? sql`c.published_at DESC, c.article_id DESC`
      : sql`score DESC, c.article_id DESC`;
  // One pass over the candidates, taking one more than are ranked to tell whether there are
  // more: the window functions count them and drop that extra one before the page is cut.
  const page = await sql<{ id: string; score: number; at: string; n: number | string }>`
    SELECT c.article_id AS id, ${score} AS score, c.published_at AS at, c.n
    FROM (SELECT m.*, count(*) OVER () AS n,
            row_number() OVER (ORDER BY m.published_at DESC, m.article_id DESC) AS newest
          FROM (${candidates(ranked + 1, true)}) m) c
    WHERE c.newest <= ${ranked}
    ORDER BY ${order} LIMIT ${options.limit} OFFSET ${options.offset}`.execute(db);
  // Past the last page there is no row to carry the count.
  const n =
    page.rows.length > 0
      ? Number(page.rows[0]?.n)
      : Number(
          (
            await sql<{
              n: number | string;
            }>`SELECT count(*) AS n FROM (${candidates(ranked + 1, false)}) c`.execute(db)
          ).rows[0]?.n ?? 0,
        );
  const hits = page.rows.map((r) => ({ id: r.id, score: Number(r.score), at: r.at }));
  return {
    hits: options.visibility.kind === 'public' ? await stillPublic(db, hits, options.now) : hits,
    total: Math.min(n, ranked),
    capped: n > ranked,
  };
}

/**
 * The index keeps its own copy of status and dates (written with the article),
 * so ranking never reads the articles table; the page shown still passes the
 * one public visibility rule, so nothing unpublished can slip through.
 */
async function stillPublic(db: Db, hits: SearchHit[], now: Date): Promise<SearchHit[]> {
  if (hits.length === 0) return hits;
  const visible = await publicArticles(db, now)
    .select('articles.id')
    .where(
      'articles.id',
      'in',
      hits.map((h) => h.id),
    )
    .execute();
  const ids = new Set(visible.map((r) => r.id));
  return hits.filter((h) => ids.has(h.id));
}

/** The filters, on the index's copy of the article columns (mirroring publicArticles for the public). */
function filterConditions(options: SearchOptions) {
  const conditions = [sql`d.edition_code IN (${sql.join(options.editionCodes)})`];
  if (options.visibility.kind === 'public') {
    conditions.push(sql`d.status = 'published'`, sql`d.published_at <= ${options.now.toISOString()}`);
  }
  const statuses = options.visibility.kind === 'desk' ? options.visibility.statuses : undefined;
  if (statuses && statuses.length > 0) conditions.push(sql`d.status IN (${sql.join(statuses)})`);
  if (options.sectionId) conditions.push(sql`d.section_id = ${options.sectionId}`);
  if (options.from) conditions.push(sql`d.published_at >= ${options.from}`);
  if (options.to) conditions.push(sql`d.published_at < ${options.to}`);
  return conditions;
}

function ageInDays(postgres: boolean, now: Date) {
  return postgres
    ? sql`greatest(0, extract(epoch from (${now.toISOString()}::timestamptz - c.published_at::timestamptz))::float8 / 86400)`
    : sql`max(0.0, julianday(${now.toISOString()}) - julianday(c.published_at))`;
}

/** How a query matches (a condition on the index) and how well (rank, higher is better). */
interface Match {
  where: RawBuilder<unknown>;
  rank: RawBuilder<unknown>;
}

function sqliteMatch(query: SearchQuery): Match | undefined {
  const expression = fts5Expression(query);
  if (!expression) return undefined;
  // bm25() is lower for better matches.
  return { where: sql`search_fts MATCH ${expression}`, rank: sql`-bm25(search_fts, ${BM25_WEIGHTS})` };
}

/**
 * A tsquery built only from parameters: each entry goes through
 * phraseto_tsquery('simple', …) (the same parser and configuration that built
 * the tsvector), joined with && and !!, so no reader input is tsquery syntax.
 */
function postgresMatch(query: SearchQuery): Match | undefined {
  if (query.include.length === 0) return undefined;
  const phrase = (terms: string[]) => sql`phraseto_tsquery('simple', ${terms.join(' ')})`;
  const parts = [...query.include.map(phrase), ...query.exclude.map((terms) => sql`!!${phrase(terms)}`)];
  const tsquery = sql`(${sql.join(parts, sql` && `)})`;
  return {
    where: sql`d.document @@ ${tsquery}`,
    rank: sql`ts_rank_cd(${TS_RANK_WEIGHTS}, d.document, ${tsquery})::float8`,
  };
}

/** What a search result shows, before highlighting. */
export interface ResultArticle {
  id: string;
  editionCode: string;
  slug: string;
  status: ArticleStatus;
  headline: string;
  standfirst: string;
  bodyHtml: string;
  firstPublishedAt: string | null;
  modifiedAt: string;
  sectionId: string | null;
  image: Image | null;
}

/** The articles behind `ids`, in that order (ids no longer there are skipped). */
export async function loadResultArticles(db: Db, ids: string[]): Promise<ResultArticle[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .select([
      'id',
      'edition_code',
      'slug',
      'status',
      'headline',
      'standfirst',
      'body_html',
      'first_published_at',
      'modified_at',
      'section_id',
      'lead_media_id',
    ])
    .where('id', 'in', ids)
    .execute();
  const images = await imagesById(
    db,
    rows.map((r) => r.lead_media_id),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.id,
        editionCode: r.edition_code,
        slug: r.slug,
        status: r.status,
        headline: r.headline,
        standfirst: r.standfirst,
        bodyHtml: r.body_html,
        firstPublishedAt: r.first_published_at,
        modifiedAt: r.modified_at,
        sectionId: r.section_id,
        image: (r.lead_media_id && images.get(r.lead_media_id)) || null,
      },
    ];
  });
}
