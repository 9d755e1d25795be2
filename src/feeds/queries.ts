import type { NotNull } from 'kysely';
import { publicArticles } from '../articles/queries.js';
import type { Db } from '../db/schema.js';
import type { TopicRef } from '../editions/queries.js';

/** An article as a sitemap lists it: enough to build its URL, its date and its translations. */
export interface SitemapArticle {
  edition_code: string;
  slug: string;
  first_published_at: string;
  last_updated_at: string | null;
  translation_group: string | null;
}

/** A story for the Google News sitemap. */
export interface NewsArticle {
  edition_code: string;
  slug: string;
  headline: string;
  first_published_at: string;
}

/** One published version of a story, for hreflang alternates. */
export interface TranslationLink {
  translation_group: string;
  edition_code: string;
  slug: string;
  first_published_at: string;
}

/** Each edition's number of public articles, by edition code; editions without any are absent. */
export async function countPublicArticlesByEdition(db: Db, now: Date): Promise<Map<string, number>> {
  const rows = await publicArticles(db, now)
    .select((eb) => ['articles.edition_code', eb.fn.countAll().as('count')])
    .groupBy('articles.edition_code')
    .execute();
  // PostgreSQL returns count(*) as a bigint string, SQLite as a number.
  return new Map(rows.map((r) => [r.edition_code, Number(r.count)]));
}

/** One page of an edition's public articles, newest first, as its article sitemap lists them. */
export async function listSitemapArticles(
  db: Db,
  editionCode: string,
  options: { now: Date; offset: number; limit: number },
): Promise<SitemapArticle[]> {
  return (
    publicArticles(db, options.now)
      .select([
        'articles.edition_code',
        'articles.slug',
        'articles.first_published_at',
        'articles.last_updated_at',
        'articles.translation_group',
      ])
      .where('articles.edition_code', '=', editionCode)
      .orderBy('articles.first_published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      // publicArticles compares first_published_at with now, which no NULL passes.
      .$narrowType<{ first_published_at: NotNull }>()
      .execute()
  );
}

/** Public articles of every edition first published at or after `since`, newest first. */
export async function listRecentArticles(
  db: Db,
  options: { now: Date; since: Date; limit: number },
): Promise<NewsArticle[]> {
  return publicArticles(db, options.now)
    .select(['articles.edition_code', 'articles.slug', 'articles.headline', 'articles.first_published_at'])
    .where('articles.first_published_at', '>=', options.since.toISOString())
    .orderBy('articles.first_published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(options.limit)
    .$narrowType<{ first_published_at: NotNull }>()
    .execute();
}

// Well under the bound-parameter limits of SQLite (32,766) and PostgreSQL (65,535).
const GROUPS_PER_QUERY = 1000;

/** Every public version of the given stories (translation groups), in any edition. */
export async function listTranslationLinks(db: Db, groups: string[], now: Date): Promise<TranslationLink[]> {
  const wanted = [...new Set(groups)];
  const links: TranslationLink[] = [];
  for (let start = 0; start < wanted.length; start += GROUPS_PER_QUERY) {
    const rows = await publicArticles(db, now)
      .select([
        'articles.translation_group',
        'articles.edition_code',
        'articles.slug',
        'articles.first_published_at',
      ])
      .where('articles.translation_group', 'in', wanted.slice(start, start + GROUPS_PER_QUERY))
      .orderBy('articles.id')
      .$narrowType<{ translation_group: NotNull; first_published_at: NotNull }>()
      .execute();
    links.push(...rows);
  }
  return links;
}

/** An edition's topics, by name. */
export async function listTopics(db: Db, editionCode: string): Promise<TopicRef[]> {
  return db
    .selectFrom('topics')
    .select(['id', 'slug', 'name'])
    .where('edition_code', '=', editionCode)
    .orderBy('name')
    .orderBy('id')
    .execute();
}
