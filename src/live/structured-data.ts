import type { Edition } from '../editions/queries.js';
import { isoInZone } from '../i18n/dates.js';
import type { Coverage, LiveEntry } from './queries.js';
import { excerpt, plainText } from './text.js';
import { entryAnchor } from './views.js';

/**
 * schema.org LiveBlogPosting for a live coverage's page: the article's
 * NewsArticle data (`base`, from src/articles/structured-data.ts) as a live
 * blog, with when coverage started (and ended, once closed) and its newest
 * entries as `liveBlogUpdate`. Times carry the edition's offset.
 */
export function liveBlogJsonLd(
  base: Record<string, unknown>,
  live: { coverage: Coverage; newest: LiveEntry[]; edition: Edition; canonical: string; publicUrl: string },
) {
  const { coverage, edition } = live;
  const at = (iso: string) => isoInZone(new Date(iso), edition.timeZone);
  return {
    ...base,
    '@type': 'LiveBlogPosting',
    coverageStartTime: at(coverage.startedAt),
    ...(coverage.state === 'closed' && coverage.endedAt ? { coverageEndTime: at(coverage.endedAt) } : {}),
    liveBlogUpdate: live.newest.map((entry) => ({
      '@type': 'BlogPosting',
      '@id': `${live.canonical}#${entryAnchor(entry.id)}`,
      url: `${live.canonical}#${entryAnchor(entry.id)}`,
      headline: entry.title || excerpt(entry.bodyHtml, 110),
      articleBody: plainText(entry.bodyHtml),
      datePublished: at(entry.publishedAt),
      dateModified: at(entry.updatedAt),
      ...(entry.author
        ? {
            author: {
              '@type': 'Person',
              name: entry.author.name,
              url: `${live.publicUrl}/${edition.code}/author/${encodeURIComponent(entry.author.slug)}`,
            },
          }
        : {}),
    })),
  };
}
