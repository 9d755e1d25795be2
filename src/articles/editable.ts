import type { ArticleRow, Db } from '../db/schema.js';
import type { ArticleSnapshot, BylinePart } from './revisions.js';

/** An article as the door and the desk edit it: its row, and its editable fields as a snapshot. */
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
