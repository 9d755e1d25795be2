/**
 * PRIVATE to src/articles: the row writers behind the door. Everything else
 * writes articles through the workflow functions (src/articles/workflow.ts),
 * which claim a version, keep a revision and an audit entry; Biome's
 * noRestrictedImports (biome.json) refuses an import of this file from outside.
 */
import { newId } from '../db/ids.js';
import type { ArticleFormat, ArticleRow, ArticleStatus, Db } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { type CacheTag, cacheTags, tagIf } from '../http/cache-tags.js';
import { logContentChange } from '../http/page-cache.js';
import { indexArticle, removeFromIndex } from '../search/queries.js';
import type { ArticleSnapshot, BylinePart, RevisionKind, RevisionSource } from './revisions.js';
import { sanitizeBody } from './sanitize.js';

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
  /** Standard or live (src/live); a new article is standard unless it says otherwise. */
  format?: ArticleFormat;
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
    ...(input.format ? { format: input.format } : {}),
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
    format: row.format,
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

/**
 * Claims the next version whatever it is (the wire and the scheduler do not
 * edit from a screen): read, then claim that one, again if someone was quicker.
 * Returns the version claimed, or undefined when the article is gone.
 */
export async function claimNextVersion(db: Db, id: string): Promise<number | undefined> {
  for (;;) {
    const row = await db.selectFrom('articles').select('version').where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    if (await claimVersion(db, id, row.version)) return row.version + 1;
  }
}

/** Keeps `snapshot` as the article's revision `version`. */
export async function recordRevision(
  db: Db,
  articleId: string,
  version: number,
  by: { kind: RevisionKind; source: RevisionSource; authorId: string | null },
  snapshot: ArticleSnapshot,
  now: Date,
): Promise<void> {
  await db
    .insertInto('article_revisions')
    .values({
      id: newId(now),
      article_id: articleId,
      version,
      kind: by.kind,
      source: by.source,
      author_id: by.authorId,
      created_at: now.toISOString(),
      snapshot: JSON.stringify(snapshot),
    })
    .execute();
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

export async function setScheduledAt(db: Db, id: string, at: Date | null): Promise<void> {
  await db
    .updateTable('articles')
    .set({ scheduled_at: at ? at.toISOString() : null })
    .where('id', '=', id)
    .execute();
}

/** Marks an article sponsored by `sponsor` (null: not sponsored) and purges every page showing it. */
export async function setSponsor(db: Db, id: string, sponsor: string | null, now: Date): Promise<boolean> {
  const result = await db.updateTable('articles').set({ sponsor }).where('id', '=', id).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await logContentChange(db, await articleTags(db, id), now);
  return true;
}

export async function insertCorrection(
  db: Db,
  id: string,
  text: string,
  authorId: string | null,
  now: Date,
): Promise<void> {
  await db
    .insertInto('article_corrections')
    .values({ id: newId(now), article_id: id, text, author_id: authorId, created_at: now.toISOString() })
    .execute();
}

/**
 * Puts the article in translation group `group` unless it already has one, and returns the group it is in.
 * Only the column changes: it is not an edit, so no version or revision.
 */
export async function claimTranslationGroup(db: Db, articleId: string, group: string): Promise<string> {
  await db
    .updateTable('articles')
    .set({ translation_group: group })
    .where('id', '=', articleId)
    .where('translation_group', 'is', null)
    .execute();
  const row = await db
    .selectFrom('articles')
    .select('translation_group')
    .where('id', '=', articleId)
    .executeTakeFirstOrThrow();
  return row.translation_group ?? group;
}

/**
 * Deletes an article's row with its topics, byline, revisions, corrections,
 * jobs of `jobKind` and old-slug redirects, and takes it out of the search index.
 */
export async function deleteArticleRows(db: Db, id: string, jobKind: string): Promise<void> {
  await db.deleteFrom('article_topics').where('article_id', '=', id).execute();
  await db.deleteFrom('article_bylines').where('article_id', '=', id).execute();
  await db.deleteFrom('article_revisions').where('article_id', '=', id).execute();
  await db.deleteFrom('article_corrections').where('article_id', '=', id).execute();
  await db.deleteFrom('slug_redirects').where('article_id', '=', id).execute();
  await db.deleteFrom('jobs').where('kind', '=', jobKind).where('subject_id', '=', id).execute();
  await removeFromIndex(db, id);
  await db.deleteFrom('articles').where('id', '=', id).execute();
}
