import { type Context, Hono } from 'hono';
import { editionPath, sectionPath, topicPath } from '../articles/paths.js';
import { type ListingFilter, listArticleCards } from '../articles/queries.js';
import { cachedEditions } from '../editions/chrome.js';
import { type Edition, findSection, findTopic } from '../editions/queries.js';
import { type CacheTag, cacheTags, editionPageTags } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import {
  countPublicArticlesByEdition,
  listRecentArticles,
  listSitemapArticles,
  listTopics,
  listTranslationLinks,
} from './queries.js';
import {
  articleUrls,
  listingPageUrls,
  newsEntries,
  newsSitemap,
  robotsTxt,
  sitemapIndex,
  urlSet,
} from './sitemaps.js';
import { FEED_FORMATS, type FeedFormat, leadImageEnclosures, renderFeed } from './syndication.js';

/** Items in a feed. */
export const FEED_SIZE = 30;
/** Google's limit is 50,000; smaller files are quicker to build and to re-fetch. */
export const ARTICLES_PER_SITEMAP = 10_000;
/** Google News reads at most 1,000 URLs, published in the last two days. */
export const NEWS_SITEMAP_SIZE = 1000;
const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

const XML = 'application/xml; charset=utf-8';

/** A listing a feed follows, like the listing page of the same path. */
interface FeedListing {
  edition: Edition;
  filter: ListingFilter;
  title: string;
  path: string;
  /** The listing page's own cache tags (edition tags are added). */
  tags: CacheTag[];
}

/** RSS and Atom feeds of editions, sections and topics; sitemaps; robots.txt. */
export function feedRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config, clock } = deps;

  async function sendFeed(c: Context<AppEnv>, listing: FeedListing, format: FeedFormat, contentType: string) {
    const now = clock.now();
    const { edition } = listing;
    const { cards } = await listArticleCards(db, edition, listing.filter, { now, limit: FEED_SIZE });
    const enclosures = await leadImageEnclosures(cards, config.publicUrl, deps.media);
    const subject = { edition, title: listing.title, publicUrl: config.publicUrl, path: listing.path };
    const xml = renderFeed(subject, cards, enclosures, format, now);
    c.set('cacheTags', [...listing.tags, ...editionPageTags(edition.code)]);
    return c.body(xml, 200, { 'content-type': contentType });
  }

  for (const { format, file, contentType } of FEED_FORMATS) {
    app.get(`/:edition{[a-z]{2,3}}/${file}`, async (c) => {
      const edition = await findEdition(deps, c.req.param('edition'));
      const listing: FeedListing = {
        edition,
        filter: { kind: 'edition' },
        title: edition.name,
        path: editionPath(edition.code),
        tags: [cacheTags.list(edition.code)],
      };
      return sendFeed(c, listing, format, contentType);
    });

    app.get(`/:edition{[a-z]{2,3}}/section/:slug/${file}`, async (c) => {
      const edition = await findEdition(deps, c.req.param('edition'));
      const section = await findSection(db, edition.code, c.req.param('slug'));
      if (!section) throw notFound('No such section');
      const listing: FeedListing = {
        edition,
        filter: { kind: 'section', id: section.id },
        title: `${section.name} | ${edition.name}`,
        path: sectionPath(edition.code, section.slug),
        tags: [cacheTags.section(section.id)],
      };
      return sendFeed(c, listing, format, contentType);
    });

    app.get(`/:edition{[a-z]{2,3}}/topic/:slug/${file}`, async (c) => {
      const edition = await findEdition(deps, c.req.param('edition'));
      const topic = await findTopic(db, edition.code, c.req.param('slug'));
      if (!topic) throw notFound('No such topic');
      const listing: FeedListing = {
        edition,
        filter: { kind: 'topic', id: topic.id },
        title: `${topic.name} | ${edition.name}`,
        path: topicPath(edition.code, topic.slug),
        tags: [cacheTags.topic(topic.id)],
      };
      return sendFeed(c, listing, format, contentType);
    });
  }

  app.get('/sitemap.xml', async (c) => {
    const editions = await cachedEditions(deps);
    const counts = await countPublicArticlesByEdition(db, clock.now());
    // Events have their own sitemap (src/events/routes.tsx).
    const sitemaps = [`${config.publicUrl}/sitemaps/pages.xml`, `${config.publicUrl}/sitemaps/events.xml`];
    for (const edition of editions) {
      const pages = Math.ceil((counts.get(edition.code) ?? 0) / ARTICLES_PER_SITEMAP);
      for (let n = 1; n <= pages; n++) {
        sitemaps.push(`${config.publicUrl}/sitemaps/${articleSitemapName(edition.code, n)}`);
      }
    }
    c.set('cacheTags', sitemapTags(editions));
    return c.body(sitemapIndex(sitemaps), 200, { 'content-type': XML });
  });

  app.get('/sitemaps/pages.xml', async (c) => {
    const editions = await cachedEditions(deps);
    const listings = await Promise.all(
      editions.map(async (edition) => ({
        edition,
        sections: edition.sections,
        topics: await listTopics(db, edition.code),
      })),
    );
    c.set('cacheTags', sitemapTags(editions));
    return c.body(urlSet(listingPageUrls(listings, config.publicUrl)), 200, { 'content-type': XML });
  });

  app.get('/sitemaps/:file{articles-[a-z]{2,3}-[0-9]+\\.xml}', async (c) => {
    const wanted = parseArticleSitemapName(c.req.param('file'));
    if (!wanted) throw notFound('No such sitemap');
    const editions = await cachedEditions(deps);
    const edition = editions.find((e) => e.code === wanted.editionCode);
    if (!edition) throw notFound('No such sitemap');
    const now = clock.now();
    const articles = await listSitemapArticles(db, edition.code, {
      now,
      offset: (wanted.page - 1) * ARTICLES_PER_SITEMAP,
      limit: ARTICLES_PER_SITEMAP,
    });
    // The index lists only pages with articles; any other number is not a sitemap.
    if (articles.length === 0) throw notFound('No such sitemap');
    const stories = articles.flatMap((a) => (a.translation_group ? [a.translation_group] : []));
    const translations = await listTranslationLinks(db, stories, now);
    c.set('cacheTags', sitemapTags(editions));
    const urls = articleUrls(articles, translations, editions, config.publicUrl);
    return c.body(urlSet(urls), 200, { 'content-type': XML });
  });

  app.get('/news-sitemap.xml', async (c) => {
    const now = clock.now();
    const editions = await cachedEditions(deps);
    const articles = await listRecentArticles(db, {
      now,
      since: new Date(now.getTime() - NEWS_WINDOW_MS),
      limit: NEWS_SITEMAP_SIZE,
    });
    c.set('cacheTags', sitemapTags(editions));
    const entries = newsEntries(articles, editions, config.publicUrl);
    return c.body(newsSitemap(entries), 200, { 'content-type': XML });
  });

  app.get('/robots.txt', (c) => {
    c.set('cacheTags', [cacheTags.site]);
    return c.body(robotsTxt(config.publicUrl), 200, { 'content-type': 'text/plain; charset=utf-8' });
  });

  return app;
}

/** The edition named in the URL, or a 404. */
async function findEdition(deps: AppDeps, code: string): Promise<Edition> {
  const edition = (await cachedEditions(deps)).find((e) => e.code === code);
  if (!edition) throw notFound(`No edition ${code}`);
  return edition;
}

/** Sitemaps change when any edition's articles or the list of editions do. */
const sitemapTags = (editions: Edition[]) => [...editions.map((e) => cacheTags.list(e.code)), cacheTags.site];

const articleSitemapName = (editionCode: string, page: number) => `articles-${editionCode}-${page}.xml`;

/** `articles-{edition}-{n}.xml`, n counting from 1. */
function parseArticleSitemapName(file: string): { editionCode: string; page: number } | undefined {
  const match = /^articles-([a-z]{2,3})-([1-9][0-9]{0,6})\.xml$/.exec(file);
  if (!match?.[1] || !match[2]) return undefined;
  return { editionCode: match[1], page: Number(match[2]) };
}
