import { agencyPath, contributorPath, editionPath, topicPath } from '../articles/paths.js';
import type { ArticleCard, ArticleDetail } from '../articles/queries.js';
import type { Edition } from '../editions/queries.js';
import { isoInZone } from '../i18n/dates.js';
import { type Image, mediaUrl, type Rendition, renditionNear } from '../media/images.js';

/**
 * What the content API sends: plain objects built from what the pages use,
 * with absolute URLs (apps have no base URL) and dates in the edition's zone.
 */

/** The version in every API path; a breaking change to these shapes gets a new one. */
export const API_BASE = '/api/v1';

export const apiArticlesPath = (editionCode: string) => `${API_BASE}/${editionCode}/articles`;

export interface EditionJson {
  code: string;
  language: string;
  direction: 'rtl' | 'ltr';
  name: string;
  description: string;
  timeZone: string;
  sections: { slug: string; name: string }[];
  links: { home: string; articles: string; feeds: { rss: string; atom: string } };
}

export interface ImageJson {
  url: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  copyright: string;
  /** By format (avif, webp, jpeg), only the formats that exist; widest last. */
  srcset: Partial<Record<Rendition['format'], string>>;
}

export interface ArticleSummaryJson {
  id: string;
  url: string;
  slug: string;
  headline: string;
  standfirst: string;
  section: { slug: string; name: string } | null;
  firstPublishedAt: string;
  /** The first publication time when the article was never updated, so apps always get a date. */
  lastUpdatedAt: string;
  image: ImageJson | null;
}

export interface ArticleJson extends ArticleSummaryJson {
  bodyHtml: string;
  copyright: string;
  byline: { type: 'person' | 'agency'; name: string; slug: string; url: string }[];
  topics: { slug: string; name: string; url: string }[];
  /** The other published language versions of the story (not this one). */
  translations: { language: string; edition: string; headline: string; url: string }[];
  /** Oldest first, as the page shows them. */
  corrections: { text: string; createdAt: string }[];
}

export function editionJson(edition: Edition, publicUrl: string): EditionJson {
  const home = `${publicUrl}${editionPath(edition.code)}`;
  return {
    code: edition.code,
    language: edition.language,
    direction: edition.direction,
    name: edition.name,
    description: edition.description,
    timeZone: edition.timeZone,
    sections: edition.sections.map(({ slug, name }) => ({ slug, name })),
    links: {
      home,
      articles: `${publicUrl}${apiArticlesPath(edition.code)}`,
      feeds: { rss: `${home}/feed.xml`, atom: `${home}/atom.xml` },
    },
  };
}

export function articleSummaryJson(
  card: ArticleCard,
  edition: Edition,
  publicUrl: string,
): ArticleSummaryJson {
  return {
    id: card.id,
    url: `${publicUrl}${card.url}`,
    slug: card.slug,
    headline: card.headline,
    standfirst: card.standfirst,
    section: card.section && { slug: card.section.slug, name: card.section.name },
    firstPublishedAt: isoInZone(new Date(card.firstPublishedAt), edition.timeZone),
    lastUpdatedAt: isoInZone(new Date(card.lastUpdatedAt ?? card.firstPublishedAt), edition.timeZone),
    image: card.image && imageJson(card.image, publicUrl),
  };
}

export function articleJson(article: ArticleDetail, edition: Edition, publicUrl: string): ArticleJson {
  return {
    ...articleSummaryJson(article, edition, publicUrl),
    bodyHtml: article.bodyHtml,
    copyright: article.copyright,
    byline: article.byline.map((entry) => ({
      type: entry.kind,
      name: entry.name,
      slug: entry.slug,
      url: `${publicUrl}${entry.kind === 'person' ? contributorPath(edition.code, entry.slug) : agencyPath(edition.code, entry.slug)}`,
    })),
    topics: article.topics.map((topic) => ({
      slug: topic.slug,
      name: topic.name,
      url: `${publicUrl}${topicPath(edition.code, topic.slug)}`,
    })),
    translations: article.translations
      .filter((translation) => translation.id !== article.id)
      .map((translation) => ({
        language: translation.language,
        edition: translation.editionCode,
        headline: translation.headline,
        url: `${publicUrl}${translation.url}`,
      })),
    corrections: article.corrections.map((correction) => ({
      text: correction.text,
      createdAt: isoInZone(new Date(correction.createdAt), edition.timeZone),
    })),
  };
}

const SRCSET_FORMATS: Rendition['format'][] = ['avif', 'webp', 'jpeg'];

/** The 1200-pixel JPEG (what og:image uses) as the main URL; null when the image has no JPEG rendition. */
export function imageJson(image: Image, publicUrl: string): ImageJson | null {
  const main = renditionNear(image, 1200);
  if (!main) return null;
  const srcset: ImageJson['srcset'] = {};
  for (const format of SRCSET_FORMATS) {
    const renditions = image.renditions.filter((r) => r.format === format);
    if (renditions.length > 0) {
      srcset[format] = renditions.map((r) => `${publicUrl}${mediaUrl(r.file)} ${r.width}w`).join(', ');
    }
  }
  return {
    url: `${publicUrl}${mediaUrl(main.file)}`,
    width: main.width,
    height: Math.round((main.width * image.height) / image.width),
    alt: image.alt,
    caption: image.caption,
    credit: image.credit,
    copyright: image.copyright,
    srcset,
  };
}
