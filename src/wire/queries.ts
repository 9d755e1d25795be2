import type { ArticleStatus, Db } from '../db/schema.js';

/** What ingest needs to know about an article that came from the wire before. */
export interface SourcedArticle {
  id: string;
  slug: string;
  status: ArticleStatus;
  sectionId: string | null;
  leadMediaId: string | null;
  translationGroup: string | null;
  firstPublishedAt: string | null;
  lastUpdatedAt: string | null;
  sourceVersion: number | null;
}

export async function findArticleBySource(
  db: Db,
  editionCode: string,
  sourceUri: string,
): Promise<SourcedArticle | undefined> {
  const row = await db
    .selectFrom('articles')
    .select([
      'id',
      'slug',
      'status',
      'section_id',
      'lead_media_id',
      'translation_group',
      'first_published_at',
      'last_updated_at',
      'source_version',
    ])
    .where('edition_code', '=', editionCode)
    .where('source_uri', '=', sourceUri)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    sectionId: row.section_id,
    leadMediaId: row.lead_media_id,
    translationGroup: row.translation_group,
    firstPublishedAt: row.first_published_at,
    lastUpdatedAt: row.last_updated_at,
    sourceVersion: row.source_version,
  };
}

// Agencies are matched by the articles' one resolver (src/articles/resolve.ts), as are slugs, topics and people.
export { type AgencyRef, listAgencyRefs as listAgencies } from '../articles/resolve.js';
