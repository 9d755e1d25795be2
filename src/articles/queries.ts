import type { ExpressionBuilder } from 'kysely';
import { agencyNamesIn } from '../agencies/queries.js';
import { preparedQuery } from '../db/prepared.js';
import type { ArticleFormat, Database, Db } from '../db/schema.js';
import type { Edition, SectionRef, TopicRef } from '../editions/queries.js';
import { type Image, parseRenditions } from '../media/images.js';
import { articlePath } from './paths.js';

/** An article in a listing. */
export interface ArticleCard {
  id: string;
  editionCode: string;
  slug: string;
  url: string;
  headline: string;
  standfirst: string;
  firstPublishedAt: string;
  lastUpdatedAt: string | null;
  section: SectionRef | null;
  image: Image | null;
  /** A sponsored article's sponsor (labelled on cards, pages, structured data and feeds); null: not sponsored. */
  sponsor: string | null;
}

export interface BylineEntry {
  kind: 'person' | 'agency';
  id: string;
  slug: string;
  /** An agency's is its name in the edition's language when it has one, else its main name. */
  name: string;
  /** Agencies: its copyright line as stored, and whether `name` is its name in the edition's language. */
  agency?: { copyrightLine: string; localName: boolean };
}

export interface Translation {
  id: string;
  editionCode: string;
  language: string;
  url: string;
  headline: string;
}

/** An article page's content. */
export interface ArticleDetail extends ArticleCard {
  bodyHtml: string;
  copyright: string;
  topics: TopicRef[];
  byline: BylineEntry[];
  translations: Translation[];
  translationGroup: string | null;
  /** Oldest first, as readers follow them. */
  corrections: Correction[];
  /** A standard story, or live coverage (its page shows its entries, src/live). */
  format: ArticleFormat;
}

export interface Correction {
  text: string;
  createdAt: string;
}

export type ListingFilter =
  | { kind: 'edition' }
  | { kind: 'section'; id: string }
  | { kind: 'topic'; id: string }
  | { kind: 'contributor'; id: string }
  | { kind: 'agency'; id: string };

export interface Cursor {
  at: string;
  id: string;
}

/**
 * The one visibility rule of the public site: published, and first published
 * no later than now (so scheduled times are honoured). Every public query starts here.
 */
export function publicArticles(db: Db, now: Date) {
  return db.selectFrom('articles').where(isPublicAt(now));
}

/** What readers may see at `now`, as a condition: for a query that reaches `articles` through another table. */
export const isPublicAt = (now: Date) => isPublicAsOf(now.toISOString());

/** `isPublicAt` for a time already written as ISO text (a prepared query's argument). */
export const isPublicAsOf = (nowIso: string) => (eb: ExpressionBuilder<Database, 'articles'>) =>
  eb.and([eb('articles.status', '=', 'published'), eb('articles.first_published_at', '<=', nowIso)]);

const cardColumns = [
  'articles.id',
  'articles.edition_code',
  'articles.slug',
  'articles.headline',
  'articles.standfirst',
  'articles.first_published_at',
  'articles.last_updated_at',
  'articles.section_id',
  'articles.lead_media_id',
  'articles.sponsor',
] as const;

/** Newest first, `limit` cards after `cursor`; `next` is set when more follow. */
export async function listArticleCards(
  db: Db,
  edition: Edition,
  filter: ListingFilter,
  options: { now: Date; limit: number; cursor?: Cursor | undefined; exclude?: readonly string[] },
): Promise<{ cards: ArticleCard[]; next: Cursor | undefined }> {
  let query = publicArticles(db, options.now)
    .select(cardColumns)
    .where('articles.edition_code', '=', edition.code);
  if (options.exclude && options.exclude.length > 0)
    query = query.where('articles.id', 'not in', [...options.exclude]);
  if (filter.kind === 'section') query = query.where('articles.section_id', '=', filter.id);
  if (filter.kind === 'topic') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_topics')
          .select('article_topics.article_id')
          .whereRef('article_topics.article_id', '=', 'articles.id')
          .where('article_topics.topic_id', '=', filter.id),
      ),
    );
  }
  if (filter.kind === 'contributor' || filter.kind === 'agency') {
    const column =
      filter.kind === 'contributor' ? 'article_bylines.contributor_id' : 'article_bylines.agency_id';
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_bylines')
          .select('article_bylines.article_id')
          .whereRef('article_bylines.article_id', '=', 'articles.id')
          .where(column, '=', filter.id),
      ),
    );
  }
  const cursor = options.cursor;
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb('articles.first_published_at', '<', cursor.at),
        eb.and([eb('articles.first_published_at', '=', cursor.at), eb('articles.id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('articles.first_published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const next =
    rows.length > options.limit && last ? { at: last.first_published_at ?? '', id: last.id } : undefined;
  return { cards: await toCards(db, edition, page), next };
}

/**
 * The newest `limit` cards of each of these sections but `exclude`, by section id, newest first:
 * what `listArticleCards` gives per section, in one statement (a UNION ALL of one limited
 * query per section, each as cheap as the query alone) rather than a round trip each.
 */
export async function listCardsBySection(
  db: Db,
  edition: Edition,
  sectionIds: readonly string[],
  options: { now: Date; limit: number; exclude?: readonly string[] },
): Promise<Map<string, ArticleCard[]>> {
  const bySection = new Map<string, ArticleCard[]>(sectionIds.map((id) => [id, []]));
  const one = (sectionId: string) => {
    let query = publicArticles(db, options.now)
      .select(cardColumns)
      .where('articles.edition_code', '=', edition.code)
      .where('articles.section_id', '=', sectionId);
    if (options.exclude && options.exclude.length > 0)
      query = query.where('articles.id', 'not in', [...options.exclude]);
    const newest = query
      .orderBy('articles.first_published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(options.limit);
    // A limited query is a member of a UNION only as a subquery (SQLite and PostgreSQL alike).
    return db.selectFrom(newest.as('s')).selectAll();
  };
  const [first, ...rest] = sectionIds.map(one);
  if (!first) return bySection;
  const rows = await rest.reduce((union, query) => union.unionAll(query), first).execute();
  // A UNION's order is not promised: newest first again, as each member was.
  rows.sort((a, b) =>
    a.first_published_at === b.first_published_at
      ? compare(b.id, a.id)
      : compare(b.first_published_at ?? '', a.first_published_at ?? ''),
  );
  for (const card of await toCards(db, edition, rows)) {
    if (card.section) bySection.get(card.section.id)?.push(card);
  }
  return bySection;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The cards of these articles that the public may see (published, of this
 * edition, and of this section when one is given), by id; others are left out.
 */
export async function findArticleCards(
  db: Db,
  edition: Edition,
  ids: readonly string[],
  options: { now: Date; sectionId?: string | undefined },
): Promise<Map<string, ArticleCard>> {
  if (ids.length === 0) return new Map();
  let query = publicArticles(db, options.now)
    .select(cardColumns)
    .where('articles.edition_code', '=', edition.code)
    .where('articles.id', 'in', [...new Set(ids)]);
  if (options.sectionId) query = query.where('articles.section_id', '=', options.sectionId);
  const cards = await toCards(db, edition, await query.execute());
  return new Map(cards.map((card) => [card.id, card]));
}

type CardRow = {
  id: string;
  edition_code: string;
  slug: string;
  headline: string;
  standfirst: string;
  first_published_at: string | null;
  last_updated_at: string | null;
  section_id: string | null;
  lead_media_id: string | null;
  sponsor: string | null;
};

async function toCards(db: Db, edition: Edition, rows: CardRow[]): Promise<ArticleCard[]> {
  const images = await imagesById(
    db,
    rows.map((r) => r.lead_media_id),
  );
  return rows.map((r) => ({
    id: r.id,
    editionCode: r.edition_code,
    slug: r.slug,
    url: articlePath(r.edition_code, r.slug, r.first_published_at ?? '', edition.timeZone),
    headline: r.headline,
    standfirst: r.standfirst,
    firstPublishedAt: r.first_published_at ?? '',
    lastUpdatedAt: r.last_updated_at,
    // Sections come with the edition: no query per listing.
    section: edition.sections.find((s) => s.id === r.section_id) ?? null,
    image: (r.lead_media_id && images.get(r.lead_media_id)) || null,
    sponsor: r.sponsor,
  }));
}

export async function imagesById(db: Db, ids: (string | null)[]): Promise<Map<string, Image>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('media').selectAll().where('id', 'in', wanted).execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        alt: r.alt,
        caption: r.caption,
        credit: r.credit,
        copyright: r.copyright,
        width: r.width,
        height: r.height,
        renditions: parseRenditions(r.renditions),
      },
    ]),
  );
}

// The queries of every article page, built once (src/db/prepared.ts).
const publishedArticleQuery = preparedQuery(
  ['editionCode', 'slug', 'now'],
  (db, a: { editionCode: string; slug: string; now: string }) =>
    db
      .selectFrom('articles')
      .select([
        ...cardColumns,
        'articles.body_html',
        'articles.copyright',
        'articles.translation_group',
        'articles.format',
      ])
      .where(isPublicAsOf(a.now))
      .where('articles.edition_code', '=', a.editionCode)
      .where('articles.slug', '=', a.slug),
);

const correctionsQuery = preparedQuery(['articleId'], (db, a: { articleId: string }) =>
  db
    .selectFrom('article_corrections')
    .select(['text', 'created_at'])
    .where('article_id', '=', a.articleId)
    .orderBy('created_at'),
);

const topicsQuery = preparedQuery(['articleId'], (db, a: { articleId: string }) =>
  db
    .selectFrom('article_topics')
    .innerJoin('topics', 'topics.id', 'article_topics.topic_id')
    .select(['topics.id', 'topics.slug', 'topics.name'])
    .where('article_topics.article_id', '=', a.articleId)
    .orderBy('article_topics.position'),
);

const bylineQuery = preparedQuery(['articleId'], (db, a: { articleId: string }) =>
  db
    .selectFrom('article_bylines')
    .leftJoin('contributors', 'contributors.id', 'article_bylines.contributor_id')
    .leftJoin('agencies', 'agencies.id', 'article_bylines.agency_id')
    .select([
      'contributors.id as personId',
      'contributors.slug as personSlug',
      'contributors.name as personName',
      'agencies.id as agencyId',
      'agencies.slug as agencySlug',
      'agencies.name as agencyName',
      'agencies.copyright_line as agencyCopyright',
    ])
    .where('article_bylines.article_id', '=', a.articleId)
    .orderBy('article_bylines.position'),
);

/** Newest cards sharing a topic with the article (its topics read in the same statement). */
const relatedByTopicQuery = preparedQuery(
  ['editionCode', 'articleId', 'now'],
  (db, a: { editionCode: string; articleId: string; now: string; limit: number }) =>
    db
      .selectFrom('articles')
      .select(cardColumns)
      .where(isPublicAsOf(a.now))
      .where('articles.edition_code', '=', a.editionCode)
      .where('articles.id', '!=', a.articleId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('article_topics')
            .select('article_topics.article_id')
            .whereRef('article_topics.article_id', '=', 'articles.id')
            .where(
              'article_topics.topic_id',
              'in',
              eb
                .selectFrom('article_topics as own')
                .select('own.topic_id')
                .where('own.article_id', '=', a.articleId),
            ),
        ),
      )
      .orderBy('articles.first_published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(a.limit),
  ['limit'],
);

/** A published article of an edition by slug, with everything its page shows. */
export async function findPublishedArticle(
  db: Db,
  edition: Edition,
  editions: Edition[],
  slug: string,
  now: Date,
): Promise<ArticleDetail | undefined> {
  const [row] = await publishedArticleQuery(db, { editionCode: edition.code, slug, now: now.toISOString() });
  if (!row) return undefined;
  const [card] = await toCards(db, edition, [row]);
  if (!card) return undefined;
  const [topics, byline, translations, corrections] = await Promise.all([
    articleTopics(db, row.id),
    articleByline(db, row.id, edition.language),
    row.translation_group ? findTranslations(db, row.translation_group, editions, now) : Promise.resolve([]),
    articleCorrections(db, row.id),
  ]);
  return {
    ...card,
    bodyHtml: row.body_html,
    copyright: row.copyright,
    topics,
    byline,
    translations,
    translationGroup: row.translation_group,
    corrections,
    format: row.format,
  };
}

async function articleCorrections(db: Db, articleId: string): Promise<Correction[]> {
  const rows = await correctionsQuery(db, { articleId });
  return rows.map((r) => ({ text: r.text, createdAt: r.created_at }));
}

/** A published article's current address when `slug` is one it used to have. */
/**
 * The id of an article of `edition` at `slug` that was published and has been
 * taken down (withdrawn, killed, unpublished): its address answers 410.
 */
export async function findWithdrawnArticle(
  db: Db,
  edition: Edition,
  slug: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('articles')
    .select('id')
    .where('edition_code', '=', edition.code)
    .where('slug', '=', slug)
    .where('status', '=', 'unpublished')
    .where('first_published_at', 'is not', null)
    .executeTakeFirst();
  return row?.id;
}

export async function findRenamedArticle(
  db: Db,
  edition: Edition,
  slug: string,
  now: Date,
): Promise<string | undefined> {
  const row = await publicArticles(db, now)
    .innerJoin('slug_redirects', 'slug_redirects.article_id', 'articles.id')
    .select(['articles.slug', 'articles.first_published_at'])
    .where('slug_redirects.edition_code', '=', edition.code)
    .where('slug_redirects.slug', '=', slug)
    .executeTakeFirst();
  return row
    ? articlePath(edition.code, row.slug, row.first_published_at ?? '', edition.timeZone)
    : undefined;
}

async function articleTopics(db: Db, articleId: string): Promise<TopicRef[]> {
  return topicsQuery(db, { articleId });
}

/** The byline in order; agencies by their name in `language` when they have one. */
async function articleByline(db: Db, articleId: string, language: string): Promise<BylineEntry[]> {
  const rows = await bylineQuery(db, { articleId });
  const localNames = await agencyNamesIn(
    db,
    rows.flatMap((r) => (r.agencyId && r.agencyName ? [{ id: r.agencyId, name: r.agencyName }] : [])),
    language,
  );
  return rows.flatMap((r): BylineEntry[] => {
    if (r.personId && r.personSlug && r.personName) {
      return [{ kind: 'person', id: r.personId, slug: r.personSlug, name: r.personName }];
    }
    if (r.agencyId && r.agencySlug && r.agencyName) {
      const name = localNames.get(r.agencyId) ?? r.agencyName;
      return [
        {
          kind: 'agency',
          id: r.agencyId,
          slug: r.agencySlug,
          name,
          agency: { copyrightLine: r.agencyCopyright ?? '', localName: name !== r.agencyName },
        },
      ];
    }
    return [];
  });
}

/** Every published version of a story, this one included (hreflang lists itself too). */
async function findTranslations(
  db: Db,
  group: string,
  editions: Edition[],
  now: Date,
): Promise<Translation[]> {
  const rows = await publicArticles(db, now)
    .select([
      'articles.id',
      'articles.edition_code',
      'articles.slug',
      'articles.headline',
      'articles.first_published_at',
    ])
    .where('articles.translation_group', '=', group)
    .execute();
  return rows.flatMap((r) => {
    const edition = editions.find((e) => e.code === r.edition_code);
    if (!edition) return [];
    return [
      {
        id: r.id,
        editionCode: r.edition_code,
        language: edition.language,
        headline: r.headline,
        url: articlePath(r.edition_code, r.slug, r.first_published_at ?? '', edition.timeZone),
      },
    ];
  });
}

/** "More stories": articles sharing a topic first, then the same section; newest first; never itself. */
export async function relatedArticles(
  db: Db,
  edition: Edition,
  article: ArticleDetail,
  options: { now: Date; limit: number },
): Promise<ArticleCard[]> {
  const byTopic =
    article.topics.length === 0
      ? []
      : await relatedByTopicQuery(db, {
          editionCode: edition.code,
          articleId: article.id,
          now: options.now.toISOString(),
          limit: options.limit,
        });
  let rows: CardRow[] = byTopic;
  if (rows.length < options.limit && article.section) {
    const taken = [article.id, ...rows.map((r) => r.id)];
    const bySection = await publicArticles(db, options.now)
      .select(cardColumns)
      .where('articles.edition_code', '=', edition.code)
      .where('articles.section_id', '=', article.section.id)
      .where('articles.id', 'not in', taken)
      .orderBy('articles.first_published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(options.limit - rows.length)
      .execute();
    rows = [...rows, ...bySection];
  }
  return toCards(db, edition, rows);
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(value: string): Cursor | undefined {
  const [at, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!at || !id || rest.length > 0 || Number.isNaN(Date.parse(at)) || !/^[0-9a-z]{1,32}$/.test(id))
    return undefined;
  return { at, id };
}
