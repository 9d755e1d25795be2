import type { ArticleInput, BylinePart } from '../articles/store.js';
import type { ArticleRow, Db } from '../db/schema.js';
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
