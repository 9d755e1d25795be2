import { newId } from '../db/ids.js';
import type { ArticleStatus, Db } from '../db/schema.js';
import { type CacheTag, cacheTags, tagIf } from '../http/cache-tags.js';
import { logContentChange } from '../http/page-cache.js';
import { indexArticle } from '../search/queries.js';
import { sanitizeBody } from './sanitize.js';

export type BylinePart = { contributorId: string } | { agencyId: string };

/** What a writer (desk, wire, demo) provides; the body is sanitized here, on write. */
export interface ArticleInput {
  editionCode: string;
  slug: string;
  headline: string;
  standfirst: string;
  bodyHtml: string;
  copyright: string;
  status: ArticleStatus;
  sectionId: string | null;
  leadMediaId: string | null;
  topicIds: string[];
  byline: BylinePart[];
  translationGroup: string | null;
  firstPublishedAt: string | null;
  lastUpdatedAt: string | null;
  sourceUri: string | null;
  sourceVersion: number | null;
  /** Set on create only: the user who started the article (null for wire, CLI and demo copy). */
  createdBy?: string | null;
}

/** Runs `work` in a transaction: the caller's when `db` is one already (Kysely does not nest them), else a new one. */
function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Creates an article with its topics and byline, and logs the change for every cache. */
export async function createArticle(db: Db, input: ArticleInput, now: Date): Promise<string> {
  const id = newId(now);
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('articles')
      .values({
        id,
        edition_code: input.editionCode,
        created_at: now.toISOString(),
        created_by: input.createdBy ?? null,
        ...articleColumns(input, now),
      })
      .execute();
    await writeRelations(trx, id, input);
    await indexArticle(trx, id);
    await logContentChange(trx, await articleTags(trx, id), now);
  });
  return id;
}

/** Replaces an article's content; pages that showed it before or show it now are purged. */
export async function updateArticle(db: Db, id: string, input: ArticleInput, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await articleTags(trx, id);
    await trx.updateTable('articles').set(articleColumns(input, now)).where('id', '=', id).execute();
    await trx.deleteFrom('article_topics').where('article_id', '=', id).execute();
    await trx.deleteFrom('article_bylines').where('article_id', '=', id).execute();
    await writeRelations(trx, id, input);
    await indexArticle(trx, id);
    await logContentChange(trx, [...before, ...(await articleTags(trx, id))], now);
  });
}

/** The columns a create and an update both write; the body is sanitized here, on write. */
function articleColumns(input: ArticleInput, now: Date) {
  return {
    slug: input.slug,
    headline: input.headline,
    standfirst: input.standfirst,
    body_html: sanitizeBody(input.bodyHtml),
    copyright: input.copyright,
    status: input.status,
    section_id: input.sectionId,
    lead_media_id: input.leadMediaId,
    translation_group: input.translationGroup,
    first_published_at: input.firstPublishedAt,
    last_updated_at: input.lastUpdatedAt,
    modified_at: now.toISOString(),
    source_uri: input.sourceUri,
    source_version: input.sourceVersion,
  };
}

async function writeRelations(db: Db, id: string, input: ArticleInput): Promise<void> {
  const topicIds = [...new Set(input.topicIds)];
  if (topicIds.length > 0) {
    await db
      .insertInto('article_topics')
      .values(topicIds.map((topicId, position) => ({ article_id: id, topic_id: topicId, position })))
      .execute();
  }
  if (input.byline.length > 0) {
    await db
      .insertInto('article_bylines')
      .values(
        input.byline.map((part, position) => ({
          article_id: id,
          position,
          contributor_id: 'contributorId' in part ? part.contributorId : null,
          agency_id: 'agencyId' in part ? part.agencyId : null,
        })),
      )
      .execute();
  }
}

/**
 * Cache tags of every page an article appears on: its own page, its
 * translations' pages (hreflang), and the listings it is in. Article pages
 * carry their section and topic tags because their "more stories" come from those.
 */
export async function articleTags(db: Db, id: string): Promise<CacheTag[]> {
  const article = await db
    .selectFrom('articles')
    .select(['edition_code', 'section_id', 'translation_group'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!article) return [cacheTags.article(id)];
  const [topics, bylines] = await Promise.all([
    db.selectFrom('article_topics').select('topic_id').where('article_id', '=', id).execute(),
    db
      .selectFrom('article_bylines')
      .select(['contributor_id', 'agency_id'])
      .where('article_id', '=', id)
      .execute(),
  ]);
  return [
    cacheTags.article(id),
    cacheTags.list(article.edition_code),
    ...tagIf(article.section_id, cacheTags.section),
    ...tagIf(article.translation_group, cacheTags.story),
    ...topics.map((t) => cacheTags.topic(t.topic_id)),
    ...bylines.flatMap((b) => [
      ...tagIf(b.contributor_id, cacheTags.contributor),
      ...tagIf(b.agency_id, cacheTags.agency),
    ]),
  ];
}
