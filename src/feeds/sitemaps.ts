import { articlePath, editionPath, sectionPath, topicPath } from '../articles/paths.js';
import type { Edition, SectionRef, TopicRef } from '../editions/queries.js';
import { isoInZone } from '../i18n/dates.js';
import type { NewsArticle, SitemapArticle, TranslationLink } from './queries.js';
import { attr, buildXml, xmlText } from './xml.js';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

export interface Alternate {
  hreflang: string;
  href: string;
}

/** A `<url>` of a sitemap: an absolute address, when it last changed, its versions in other languages. */
export interface SitemapUrl {
  loc: string;
  lastmod?: string | undefined;
  alternates?: Alternate[] | undefined;
}

/** A story as the Google News sitemap describes it. */
export interface NewsEntry {
  loc: string;
  publicationName: string;
  language: string;
  publicationDate: string;
  title: string;
}

/** A sitemap index of absolute sitemap URLs. */
export function sitemapIndex(locations: string[]): string {
  return buildXml({
    sitemapindex: { [attr('xmlns')]: SITEMAP_NS, sitemap: locations.map((loc) => ({ loc })) },
  });
}

/** A sitemap of pages, with hreflang alternates where a page has versions in other languages. */
export function urlSet(urls: SitemapUrl[]): string {
  return buildXml({
    urlset: {
      [attr('xmlns')]: SITEMAP_NS,
      [attr('xmlns:xhtml')]: XHTML_NS,
      url: urls.map((u) => ({
        loc: u.loc,
        ...(u.lastmod ? { lastmod: u.lastmod } : {}),
        ...(u.alternates?.length
          ? {
              'xhtml:link': u.alternates.map((a) => ({
                [attr('rel')]: 'alternate',
                [attr('hreflang')]: a.hreflang,
                [attr('href')]: a.href,
              })),
            }
          : {}),
      })),
    },
  });
}

/** A Google News sitemap. */
export function newsSitemap(entries: NewsEntry[]): string {
  return buildXml({
    urlset: {
      [attr('xmlns')]: SITEMAP_NS,
      [attr('xmlns:news')]: NEWS_NS,
      url: entries.map((e) => ({
        loc: e.loc,
        'news:news': {
          'news:publication': { 'news:name': xmlText(e.publicationName), 'news:language': e.language },
          'news:publication_date': e.publicationDate,
          'news:title': xmlText(e.title),
        },
      })),
    },
  });
}

/** Crawl everything public; point crawlers at both sitemaps. */
export function robotsTxt(publicUrl: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /admin',
    'Disallow: /api/',
    '',
    `Sitemap: ${publicUrl}/sitemap.xml`,
    `Sitemap: ${publicUrl}/news-sitemap.xml`,
    '',
  ].join('\n');
}

/**
 * Every listing page: each edition's home, with the other editions' homes as
 * its alternates and `/` (which picks one by Accept-Language) as x-default,
 * then its sections and topics.
 */
export function listingPageUrls(
  editions: { edition: Edition; sections: SectionRef[]; topics: TopicRef[] }[],
  publicUrl: string,
): SitemapUrl[] {
  const homes =
    editions.length > 1
      ? [
          ...editions.map(({ edition }) => ({
            hreflang: edition.language,
            href: `${publicUrl}${editionPath(edition.code)}`,
          })),
          { hreflang: 'x-default', href: `${publicUrl}/` },
        ]
      : undefined;
  return editions.flatMap(({ edition, sections, topics }) => [
    { loc: `${publicUrl}${editionPath(edition.code)}`, alternates: homes },
    ...sections.map((s) => ({ loc: `${publicUrl}${sectionPath(edition.code, s.slug)}` })),
    ...topics.map((t) => ({ loc: `${publicUrl}${topicPath(edition.code, t.slug)}` })),
  ]);
}

/**
 * An article sitemap's URLs. A story published in several editions lists every
 * version, itself included, and x-default: the version of the first edition,
 * as article pages do.
 */
export function articleUrls(
  articles: SitemapArticle[],
  translations: TranslationLink[],
  editions: Edition[],
  publicUrl: string,
): SitemapUrl[] {
  const alternates = alternatesByStory(translations, editions, publicUrl);
  return articles.flatMap((a) => {
    const edition = editions.find((e) => e.code === a.edition_code);
    if (!edition) return [];
    return [
      {
        loc: `${publicUrl}${articlePath(a.edition_code, a.slug, a.first_published_at, edition.timeZone)}`,
        lastmod: isoInZone(new Date(a.last_updated_at ?? a.first_published_at), edition.timeZone),
        alternates: a.translation_group ? alternates.get(a.translation_group) : undefined,
      },
    ];
  });
}

function alternatesByStory(
  translations: TranslationLink[],
  editions: Edition[],
  publicUrl: string,
): Map<string, Alternate[]> {
  const byStory = new Map<string, Alternate[]>();
  // Editions in their order, so x-default is the first edition's version.
  for (const edition of editions) {
    for (const t of translations) {
      if (t.edition_code !== edition.code) continue;
      const versions = byStory.get(t.translation_group) ?? [];
      versions.push({
        hreflang: edition.language,
        href: `${publicUrl}${articlePath(t.edition_code, t.slug, t.first_published_at, edition.timeZone)}`,
      });
      byStory.set(t.translation_group, versions);
    }
  }
  const withDefaults = new Map<string, Alternate[]>();
  for (const [story, versions] of byStory) {
    const first = versions[0];
    // A story in one language only has no alternates.
    if (versions.length < 2 || !first) continue;
    withDefaults.set(story, [...versions, { hreflang: 'x-default', href: first.href }]);
  }
  return withDefaults;
}

/** The Google News entries of recent articles, in the order given. */
export function newsEntries(articles: NewsArticle[], editions: Edition[], publicUrl: string): NewsEntry[] {
  return articles.flatMap((a) => {
    const edition = editions.find((e) => e.code === a.edition_code);
    if (!edition) return [];
    const published = new Date(a.first_published_at);
    return [
      {
        loc: `${publicUrl}${articlePath(a.edition_code, a.slug, a.first_published_at, edition.timeZone)}`,
        publicationName: edition.name,
        language: edition.language,
        publicationDate: isoInZone(published, edition.timeZone),
        title: a.headline,
      },
    ];
  });
}
