import { Hono } from 'hono';
import { z } from 'zod';
import { articleAds } from '../ads/page.js';
import { loadConversationSummary } from '../comments/queries.js';
import { conversationData, conversationStaleIn } from '../comments/routes.js';
import { loadChrome } from '../editions/chrome.js';
import { eventsLinkingArticle } from '../events/queries.js';
import { staleIn } from '../front/freshness.js';
import { cacheTags, editionPageTags, tagIf } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { badRequest, notFound } from '../http/errors.js';
import { renderPage } from '../http/render.js';
import { isoInZone } from '../i18n/dates.js';
import { livePageParts } from '../live/routes.js';
import { mediaUrl, renditionNear } from '../media/images.js';
import { cachedPublicNewsletters } from '../newsletters/queries.js';
import { cachedMostRead } from '../readership/queries.js';
import { NotFoundPage } from '../ui/ErrorPage.js';
import { ArticlePage } from './ArticlePage.js';
import {
  findPublishedArticle,
  findRenamedArticle,
  findWithdrawnArticle,
  relatedArticles,
} from './queries.js';
import { newsArticleJsonLd } from './structured-data.js';

export const RELATED_COUNT = 6;
/** A taken-down article's 410: kept by browsers a minute, by a CDN until a purge (publishing again purges it). */
const GONE_CACHE_CONTROL = 'public, max-age=60, s-maxage=300';

const articleParams = z.object({
  edition: z.string(),
  year: z.string(),
  month: z.string(),
  day: z.string(),
  slug: z.string().min(1).max(300),
});

export function articleRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config, clock } = deps;

  app.get('/:edition{[a-z]{2,3}}/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}/:slug', async (c) => {
    const params = articleParams.safeParse(c.req.param());
    if (!params.success) throw badRequest('Invalid article address');
    const chrome = await loadChrome(deps, params.data.edition, c);
    const { edition, editions } = chrome;
    const now = clock.now();
    const article = await findPublishedArticle(db, edition, editions, params.data.slug, now);
    if (!article) {
      const renamed = await findRenamedArticle(db, edition, params.data.slug, now);
      if (renamed) return c.redirect(renamed, 301);
      const withdrawn = await findWithdrawnArticle(db, edition, params.data.slug);
      if (!withdrawn) throw notFound('No such article');
      // Taken down: 410, cached like the page it replaces, until the article changes again.
      const { value: items, freshForMs } = await cachedMostRead(deps, edition.code, now);
      staleIn(c, freshForMs);
      c.header('cache-control', GONE_CACHE_CONTROL);
      return renderPage(
        c,
        <NotFoundPage chrome={chrome} mostRead={items} gone />,
        [cacheTags.article(withdrawn), ...editionPageTags(edition.code)],
        410,
      );
    }
    const { year, month, day } = params.data;
    if (!article.url.startsWith(`/${edition.code}/${year}/${month}/${day}/`))
      return c.redirect(article.url, 301);

    const canonical = `${config.publicUrl}${article.url}`;
    // A live coverage shows its entries (src/live): a page per `before`, purged with every entry.
    const live =
      article.format === 'live' ? await livePageParts(deps, c, article, edition, canonical) : undefined;
    const shown = live ? { ...article, lastUpdatedAt: live.lastUpdatedAt } : article;
    const conversationOf = {
      id: article.id,
      editionCode: edition.code,
      sectionId: article.section?.id ?? null,
      firstPublishedAt: article.firstPublishedAt,
    };
    const [
      related,
      { value: mostRead, freshForMs: mostReadFreshFor },
      newsletters,
      conversation,
      events,
      ads,
    ] = await Promise.all([
      relatedArticles(db, edition, article, { now, limit: RELATED_COUNT }),
      cachedMostRead(deps, edition.code, now),
      cachedPublicNewsletters(deps, edition.code),
      loadConversationSummary(db, conversationOf, now),
      // Events that list this article as coverage: the page links back to them.
      eventsLinkingArticle(db, edition.code, article.id),
      articleAds(deps, c, {
        editionCode: edition.code,
        sectionId: article.section?.id ?? null,
        bodyHtml: article.bodyHtml,
      }),
    ]);
    const image = article.image && renditionNear(article.image, 1200);
    const imageUrl = image ? `${config.publicUrl}${mediaUrl(image.file)}` : undefined;
    const alternates = article.translations.map((tr) => ({
      hreflang: tr.language,
      href: `${config.publicUrl}${tr.url}`,
    }));
    const defaultVersion = editions
      .map((e) => article.translations.find((tr) => tr.editionCode === e.code))
      .find(Boolean);
    if (alternates.length > 0 && defaultVersion) {
      alternates.push({ hreflang: 'x-default', href: `${config.publicUrl}${defaultVersion.url}` });
    }
    const structuredData = newsArticleJsonLd(shown, edition, {
      canonical,
      publicUrl: config.publicUrl,
      images: imageUrl ? [imageUrl] : [],
    });
    const page = (
      <ArticlePage
        chrome={{
          ...chrome,
          currentSection: article.section?.id,
          switchTo: Object.fromEntries(article.translations.map((tr) => [tr.editionCode, tr.url])),
          ads: ads.chrome,
        }}
        meta={{
          title: article.headline,
          description: article.standfirst,
          canonical,
          ogType: 'article',
          image:
            image && imageUrl && article.image
              ? {
                  url: imageUrl,
                  width: image.width,
                  height: Math.round((image.width * article.image.height) / article.image.width),
                  alt: article.image.alt,
                }
              : undefined,
          alternates,
          ...(live ? { feeds: live.feeds } : {}),
          jsonLd: live ? live.jsonLd(structuredData) : structuredData,
          article: {
            publishedTime: isoInZone(new Date(article.firstPublishedAt), edition.timeZone),
            modifiedTime: isoInZone(
              new Date(shown.lastUpdatedAt ?? shown.firstPublishedAt),
              edition.timeZone,
            ),
            section: article.section?.name,
            tags: article.topics.map((t) => t.name),
          },
        }}
        article={shown}
        related={related}
        mostRead={mostRead}
        countViews
        newsletters={newsletters}
        conversation={conversationData(article, conversation, now)}
        live={live}
        events={events}
        ads={ads}
      />
    );
    const tags = [
      cacheTags.article(article.id),
      ...tagIf(article.translationGroup, cacheTags.story),
      ...article.translations.map((tr) => cacheTags.article(tr.id)),
      ...related.map((r) => cacheTags.article(r.id)),
      ...mostRead.map((r) => cacheTags.article(r.id)),
      ...tagIf(article.section?.id, cacheTags.section),
      ...article.topics.map((t) => cacheTags.topic(t.id)),
      // Bylines name people and agencies: renaming one purges the pages crediting it.
      ...article.byline.map((b) =>
        b.kind === 'agency' ? cacheTags.agency(b.id) : cacheTags.contributor(b.id),
      ),
      // The sign-up form at the end offers the edition's newsletters.
      cacheTags.newsletters(edition.code),
      // The conversation at the end: purged when a comment is shown or taken down.
      cacheTags.comments(article.id),
      // The events it links back to: renamed, moved or taken down, the line changes.
      ...events.map((e) => cacheTags.event(e.id)),
      // Its slots, house ads and tags: purged when the edition's advertising changes.
      cacheTags.ads(edition.code),
      ...editionPageTags(edition.code),
      ...(live?.tags ?? []),
    ];
    // Most read changes with readers, not with content: render the page again after a while.
    staleIn(c, mostReadFreshFor);
    // Comments closing by age, and their relative times, change the page without a content change.
    const conversationFresh = conversationStaleIn(conversation, now, edition.timeZone);
    if (conversationFresh !== undefined) staleIn(c, conversationFresh);
    return renderPage(c, page, tags);
  });

  return app;
}
