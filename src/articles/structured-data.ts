import type { Edition } from '../editions/queries.js';
import { isoInZone } from '../i18n/dates.js';
import { copyrightLine } from './credits.js';
import type { ArticleDetail } from './queries.js';

/** schema.org NewsArticle for an article page; times carry the edition's UTC offset. */
export function newsArticleJsonLd(
  article: ArticleDetail,
  edition: Edition,
  urls: { canonical: string; publicUrl: string; images: string[] },
) {
  const published = isoInZone(new Date(article.firstPublishedAt), edition.timeZone);
  const modified = isoInZone(new Date(article.lastUpdatedAt ?? article.firstPublishedAt), edition.timeZone);
  // The line the page shows under the text.
  const copyright = copyrightLine(article, edition);
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': urls.canonical },
    url: urls.canonical,
    headline: article.headline,
    description: article.standfirst || undefined,
    inLanguage: edition.language,
    ...(urls.images.length > 0 ? { image: urls.images } : {}),
    datePublished: published,
    dateModified: modified,
    author: article.byline.map((b) =>
      b.kind === 'person'
        ? {
            '@type': 'Person',
            name: b.name,
            url: `${urls.publicUrl}/${edition.code}/author/${encodeURIComponent(b.slug)}`,
          }
        : {
            '@type': 'Organization',
            name: b.name,
            url: `${urls.publicUrl}/${edition.code}/agency/${encodeURIComponent(b.slug)}`,
          },
    ),
    publisher: {
      '@type': 'NewsMediaOrganization',
      name: edition.name,
      url: `${urls.publicUrl}/${edition.code}`,
    },
    ...(article.section ? { articleSection: article.section.name } : {}),
    ...(article.topics.length > 0 ? { keywords: article.topics.map((t) => t.name).join(', ') } : {}),
    ...(copyright ? { copyrightNotice: copyright } : {}),
    isAccessibleForFree: true,
    // Paid-for content says whose it is (schema.org CreativeWork `sponsor`).
    ...(article.sponsor ? { sponsor: { '@type': 'Organization', name: article.sponsor } } : {}),
    ...(article.corrections.length > 0
      ? {
          correction: article.corrections.map((c) => ({
            '@type': 'CorrectionComment',
            text: c.text,
            datePublished: isoInZone(new Date(c.createdAt), edition.timeZone),
          })),
        }
      : {}),
  };
}
