/**
 * Live coverage on the public site. The coverage's page is its article's
 * address (src/articles/routes.tsx hands a live article to `livePageParts`);
 * here are its small cached updates endpoint (what the reader script polls),
 * its RSS and Atom feeds, and each entry's lasting address.
 */
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import type { ArticleDetail } from '../articles/queries.js';
import { cachedEditions } from '../editions/chrome.js';
import type { Edition } from '../editions/queries.js';
import { type CacheTag, cacheTags, editionPageTags } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import { format, messagesFor } from '../i18n/messages.js';
import type { FeedLink } from '../ui/Layout.js';
import { type LiveFeedFormat, renderLiveFeed } from './feed.js';
import {
  entryPageCursor,
  findCoverageEntry,
  findPublicCoverage,
  type LiveEntry,
  listEntries,
  loadLivePage,
  loadUpdates,
  type PublicCoverage,
  seqBeforeId,
  seqOf,
} from './queries.js';
import { liveBlogJsonLd } from './structured-data.js';
import {
  type EntryContext,
  EntryItem,
  entryAnchor,
  LiveCoverage,
  LiveLabel,
  livePagePath,
  newestDayOf,
} from './views.js';

/** Entries are addressed by their id (20 characters of the id alphabet). */
export const ENTRY_ID = /^[0-9a-z]{20}$/;
const entryIdParam = z.string().regex(ENTRY_ID);
/** Entries in a coverage's feeds. */
export const LIVE_FEED_SIZE = 30;
/**
 * The updates endpoint is asked every 10–15 s by every open page: browsers
 * keep an answer 5 s, a CDN 5 s and may serve it 10 s more while it asks again;
 * the page cache keeps it until an entry changes (purged on every instance).
 */
export const UPDATES_CACHE_CONTROL = 'public, max-age=5, s-maxage=5, stale-while-revalidate=10';

const articleParams = z.object({
  edition: z.string(),
  year: z.string(),
  month: z.string(),
  day: z.string(),
  slug: z.string().min(1).max(300),
});
const ARTICLE = '/:edition{[a-z]{2,3}}/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}/:slug';

/** What the article page shows and sends for a live coverage. */
export interface LivePageParts {
  /** "LIVE", while the coverage is open. */
  label: Child;
  /** In place of the body: key points, key events, the pinned entry, the stream. */
  content: Child;
  /** The newest change (the article's own or its newest entry's). */
  lastUpdatedAt: string | null;
  jsonLd: (base: Record<string, unknown>) => unknown;
  feeds: FeedLink[];
  tags: CacheTag[];
}

const authorTags = (entries: (LiveEntry | undefined)[]): CacheTag[] =>
  entries.flatMap((e) => (e?.author ? [cacheTags.contributor(e.author.id)] : []));

/**
 * A page of a live coverage (the first, or `?before=ENTRY` without
 * JavaScript): called by the article route for an article of format 'live'.
 * The page is cached per `before`, and purged with every entry.
 */
export async function livePageParts(
  deps: AppDeps,
  c: Context<AppEnv>,
  article: ArticleDetail,
  edition: Edition,
  canonical: string,
): Promise<LivePageParts> {
  const before = c.req.query('before');
  if (before !== undefined && !ENTRY_ID.test(before)) throw notFound('No such page of updates');
  const now = deps.clock.now();
  const page = await loadLivePage(deps.db, edition, article.id, { before, now });
  if (!page) throw notFound('No such page of updates');
  c.set('cacheQuery', ['before']);
  const t = messagesFor(edition.language);
  const open = page.coverage.state === 'open';
  const onPage = new Set([...page.entries, ...(page.pinned ? [page.pinned] : [])].map((e) => e.id));
  const ctx: EntryContext = {
    edition,
    articleUrl: article.url,
    newestDay: newestDayOf(page.newest, edition),
    spunOff: page.spunOff,
    onPage,
  };
  const newestChange = [
    article.lastUpdatedAt ?? article.firstPublishedAt,
    ...page.newest.map((e) => e.updatedAt),
  ]
    .sort()
    .at(-1);
  const feedTitle = format(t.liveFeedTitle, { headline: article.headline });
  return {
    label: open ? <LiveLabel language={edition.language} /> : undefined,
    content: (
      <LiveCoverage
        data={{
          open,
          endedAt: page.coverage.endedAt,
          summaryHtml: article.bodyHtml,
          keyEvents: page.keyEvents,
          pinned: page.pinned,
          entries: page.entries,
          newer: page.newer,
          older: page.older,
          latestId: page.newest[0]?.id ?? null,
          ctx,
        }}
      />
    ),
    lastUpdatedAt: newestChange ?? null,
    jsonLd: (base) =>
      liveBlogJsonLd(base, {
        coverage: page.coverage,
        newest: page.newest,
        edition,
        canonical,
        publicUrl: deps.config.publicUrl,
      }),
    feeds: [
      { title: feedTitle, href: `${canonical}/feed.xml`, type: 'application/rss+xml' },
      { title: feedTitle, href: `${canonical}/atom.xml`, type: 'application/atom+xml' },
    ],
    tags: [
      cacheTags.live(article.id),
      ...authorTags([...page.entries, page.pinned, ...page.keyEvents]),
      ...[...page.spunOff.keys()].map(cacheTags.article),
    ],
  };
}

/** The address of a coverage's page, its updates, feeds or an entry, when the date in the URL is not its own. */
const moved = (c: Context<AppEnv>, coverage: PublicCoverage, rest: string) => {
  const query = new URL(c.req.url).search;
  return c.redirect(`${coverage.url}${rest}${query}`, 301);
};

export function liveRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock, config } = deps;

  /** The public live coverage a sub-address names, with its edition; 404 otherwise. */
  async function coverageOf(c: Context<AppEnv>) {
    const params = articleParams.safeParse(c.req.param());
    if (!params.success) throw notFound('No such live coverage');
    const edition = (await cachedEditions(deps)).find((e) => e.code === params.data.edition);
    if (!edition) throw notFound('No such edition');
    const coverage = await findPublicCoverage(db, edition, params.data.slug, clock.now());
    if (!coverage) throw notFound('No such live coverage');
    const { year, month, day } = params.data;
    const dated = coverage.url.startsWith(`/${edition.code}/${year}/${month}/${day}/`);
    return { edition, coverage, dated };
  }

  /**
   * Entries after `after` (an entry id; none: from the first), newest first,
   * each as the HTML the page shows, and whether the coverage is still open.
   * Cached per `after` until an entry changes; an id that is no entry of the
   * coverage (deleted since) is answered from its place in time, uncached.
   */
  app.get(`${ARTICLE}/updates`, async (c) => {
    const { edition, coverage, dated } = await coverageOf(c);
    if (!dated) return moved(c, coverage, '/updates');
    const after = c.req.query('after');
    if (after !== undefined && !ENTRY_ID.test(after)) throw notFound('No such entry');
    const known = after === undefined ? 0 : await seqOf(db, coverage.articleId, after);
    const afterSeq = known ?? (await seqBeforeId(db, coverage.articleId, after ?? ''));
    const now = clock.now();
    const updates = await loadUpdates(db, edition, coverage.articleId, afterSeq, now);
    const ctx: EntryContext = {
      edition,
      articleUrl: coverage.url,
      newestDay: newestDayOf(updates.entries, edition),
      spunOff: updates.spunOff,
    };
    const entries = await Promise.all(
      updates.entries.map(async (entry) => ({
        id: entry.id,
        html: await (
          <li>
            <EntryItem entry={entry} ctx={ctx} />
          </li>
        ).toString(),
      })),
    );
    if (known !== undefined) {
      c.set('cacheQuery', ['after']);
      c.set('cacheTags', [
        cacheTags.live(coverage.articleId),
        cacheTags.article(coverage.articleId),
        ...authorTags(updates.entries),
        ...[...updates.spunOff.keys()].map(cacheTags.article),
        ...editionPageTags(edition.code),
      ]);
    }
    const body = { open: coverage.state === 'open', entries, more: updates.more };
    return c.body(JSON.stringify(body), 200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': known === undefined ? 'no-store' : UPDATES_CACHE_CONTROL,
    });
  });

  for (const [file, feedFormat, contentType] of [
    ['feed.xml', 'rss', 'application/rss+xml; charset=utf-8'],
    ['atom.xml', 'atom', 'application/atom+xml; charset=utf-8'],
  ] as const satisfies readonly (readonly [string, LiveFeedFormat, string])[]) {
    app.get(`${ARTICLE}/${file}`, async (c) => {
      const { edition, coverage, dated } = await coverageOf(c);
      if (!dated) return moved(c, coverage, `/${file}`);
      const { entries } = await listEntries(db, coverage.articleId, { limit: LIVE_FEED_SIZE });
      const t = messagesFor(edition.language);
      const xml = renderLiveFeed(coverage, entries, {
        edition,
        publicUrl: config.publicUrl,
        title: format(t.liveFeedTitle, { headline: coverage.headline }),
        format: feedFormat,
        now: clock.now(),
      });
      c.set('cacheTags', [
        cacheTags.live(coverage.articleId),
        cacheTags.article(coverage.articleId),
        ...authorTags(entries),
        ...editionPageTags(edition.code),
      ]);
      return c.body(xml, 200, { 'content-type': contentType });
    });
  }

  /** An entry's lasting address (its share link): the page it is on, at its anchor. */
  app.get(`${ARTICLE}/entries/:entry`, async (c) => {
    const { coverage, dated } = await coverageOf(c);
    const entryId = entryIdParam.safeParse(c.req.param('entry'));
    if (!entryId.success) throw notFound('No such entry');
    if (!dated) return moved(c, coverage, `/entries/${entryId.data}`);
    const entry = await findCoverageEntry(db, coverage.articleId, entryId.data);
    if (!entry) throw notFound('No such entry');
    const before = await entryPageCursor(db, entry);
    c.header('cache-control', 'public, max-age=60');
    return c.redirect(`${livePagePath(coverage.url, before)}#${entryAnchor(entry.id)}`, 302);
  });

  return app;
}
