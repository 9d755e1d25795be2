/** What the preview reads: the article's place and dates, and the names typed on the desk as readers would see them. */
import { agencyNamesIn } from '../agencies/queries.js';
import type { BylineEntry, Correction } from '../articles/queries.js';
import { slugify } from '../articles/slugs.js';
import type { ArticleStatus, Db } from '../db/schema.js';
import type { TopicRef } from '../editions/queries.js';

export interface PreviewArticle {
  id: string;
  editionCode: string;
  status: ArticleStatus;
  createdBy: string | null;
  slug: string;
  firstPublishedAt: string | null;
  lastUpdatedAt: string | null;
  translationGroup: string | null;
  corrections: Correction[];
}

export async function findPreviewArticle(db: Db, id: string): Promise<PreviewArticle | undefined> {
  const row = await db
    .selectFrom('articles')
    .select([
      'id',
      'edition_code',
      'status',
      'created_by',
      'slug',
      'first_published_at',
      'last_updated_at',
      'translation_group',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const corrections = await db
    .selectFrom('article_corrections')
    .select(['text', 'created_at'])
    .where('article_id', '=', id)
    .orderBy('created_at')
    .execute();
  return {
    id: row.id,
    editionCode: row.edition_code,
    status: row.status,
    createdBy: row.created_by,
    slug: row.slug,
    firstPublishedAt: row.first_published_at,
    lastUpdatedAt: row.last_updated_at,
    translationGroup: row.translation_group,
    corrections: corrections.map((c) => ({ text: c.text, createdAt: c.created_at })),
  };
}

/**
 * Topics and byline for names as typed: the stored ones where they exist (same matching as a save:
 * topic by name or slug in the edition, contributor by name), else as a save would create them. Writes nothing.
 */
export async function previewNames(
  db: Db,
  editionCode: string,
  topicNames: string[],
  peopleNames: string[],
  agencyId: string,
): Promise<{ topics: TopicRef[]; byline: BylineEntry[] }> {
  const topics: TopicRef[] = [];
  for (const name of topicNames) {
    const slug = slugify(name);
    const known = await db
      .selectFrom('topics')
      .select(['id', 'slug', 'name'])
      .where('edition_code', '=', editionCode)
      .where((eb) => eb.or([eb('name', '=', name), eb('slug', '=', slug)]))
      .executeTakeFirst();
    topics.push(known ?? { id: `new-${topics.length}`, slug, name });
  }
  const byline: BylineEntry[] = [];
  for (const name of peopleNames) {
    const known = await db
      .selectFrom('contributors')
      .select(['id', 'slug', 'name'])
      .where('name', '=', name)
      .executeTakeFirst();
    byline.push({ kind: 'person', ...(known ?? { id: `new-${byline.length}`, slug: slugify(name), name }) });
  }
  if (agencyId) {
    const [agency, edition] = await Promise.all([
      db
        .selectFrom('agencies')
        .select(['id', 'slug', 'name', 'copyright_line'])
        .where('id', '=', agencyId)
        .executeTakeFirst(),
      db.selectFrom('editions').select('language').where('code', '=', editionCode).executeTakeFirst(),
    ]);
    if (agency) {
      // As the article page credits it: by its name in the edition's language when it has one.
      const name = edition
        ? ((await agencyNamesIn(db, [agency], edition.language)).get(agency.id) ?? agency.name)
        : agency.name;
      const credit = { copyrightLine: agency.copyright_line, localName: name !== agency.name };
      byline.push({ kind: 'agency', id: agency.id, slug: agency.slug, name, agency: credit });
    }
  }
  return { topics, byline };
}
