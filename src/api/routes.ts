import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { z } from 'zod';
import {
  type Cursor,
  decodeCursor,
  encodeCursor,
  findArticleCards,
  findPublishedArticle,
  type ListingFilter,
  listArticleCards,
} from '../articles/queries.js';
import { commentsPageJson } from '../comments/api.js';
import { loadThread } from '../comments/queries.js';
import { isConnectionError } from '../db/connect.js';
import { cachedEditions } from '../editions/chrome.js';
import { type Edition, findTopic } from '../editions/queries.js';
import { apiEventsPath, eventJson, eventSummaryJson } from '../events/api.js';
import { findPublicEvent, listEvents } from '../events/queries.js';
import { monthBounds } from '../events/time.js';
import { staleIn } from '../front/freshness.js';
import { type CacheTag, cacheTags, editionPageTags, tagIf } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { badRequest, HttpError, notFound } from '../http/errors.js';
import { episodeJson, publicShowJson, showJson } from '../podcasts/api.js';
import {
  findPublicShow,
  findPublishedEpisode,
  listPublicShows,
  listPublishedEpisodes,
} from '../podcasts/queries.js';
import { API_BASE, apiArticlesPath, articleJson, articleSummaryJson, editionJson } from './json.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;

const JSON_TYPE = 'application/json; charset=utf-8';

const editionParams = z.object({ edition: z.string().regex(/^[a-z]{2,3}$/) });
const articleParams = editionParams.extend({ slug: z.string().min(1).max(300) });
const slugValue = z.string().min(1).max(200);

/** No query at all: anything else would only make more cache entries of the same response. */
const noQuery = z.strictObject({});

const articlesQuery = z
  .strictObject({
    cursor: z
      .string()
      .max(200)
      .transform((value, ctx): Cursor => {
        const cursor = decodeCursor(value);
        if (cursor) return cursor;
        ctx.addIssue({ code: 'custom', message: 'not a cursor from a "next" link' });
        return z.NEVER;
      })
      .optional(),
    // Written one way only (no "020", "2e1"), so one page has one URL in caches.
    limit: z
      .string()
      .regex(/^([1-9]|[1-4][0-9]|50)$/, `expected a whole number from 1 to ${MAX_LIMIT}`)
      .transform(Number)
      .optional(),
    section: slugValue.optional(),
    topic: slugValue.optional(),
  })
  .refine((query) => !(query.section && query.topic), 'use either "section" or "topic", not both');

const eventsQuery = z.strictObject({
  section: slugValue.optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM')
    .optional(),
  page: z
    .string()
    .regex(/^[1-9][0-9]{0,4}$/, 'expected a page number from 1')
    .transform(Number)
    .optional(),
  limit: z
    .string()
    .regex(/^([1-9]|[1-4][0-9]|50)$/, `expected a whole number from 1 to ${MAX_LIMIT}`)
    .transform(Number)
    .optional(),
});
const showParams = editionParams.extend({ show: slugValue });
const episodeParams = showParams.extend({ episode: slugValue });
/** Episodes a page of a show in the API. */
export const API_EPISODES_PER_PAGE = 50;

const commentsQuery = z.strictObject({
  page: z
    .string()
    .regex(/^[1-9][0-9]{0,4}$/, 'expected a page number from 1')
    .transform(Number)
    .optional(),
});

/**
 * The read-only content API for apps, under /api/v1: JSON, CORS-open,
 * cached and purged like the pages it mirrors. Errors are JSON too.
 */
export function apiRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config, clock } = deps;

  // Public, read-only data: any site or app may read it; ETag is exposed for revalidation from scripts.
  app.use(`${API_BASE}/*`, cors({ origin: '*', allowMethods: ['GET', 'HEAD'], exposeHeaders: ['ETag'] }));

  app.get(`${API_BASE}/editions`, async (c) => {
    parseQuery(c, noQuery);
    const editions = await cachedEditions(deps);
    c.set('cacheTags', [cacheTags.site, ...editions.flatMap((e) => editionPageTags(e.code))]);
    return sendJson(c, { editions: editions.map((e) => editionJson(e, config.publicUrl)) });
  });

  app.get(`${API_BASE}/:edition{[a-z]{2,3}}/articles`, async (c) => {
    const edition = editionNamed(await cachedEditions(deps), parsePath(c, editionParams).edition);
    const query = parseQuery(c, articlesQuery);
    const { filter, tag } = await listingOf(edition, query);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { cards, next } = await listArticleCards(db, edition, filter, {
      now: clock.now(),
      limit,
      cursor: query.cursor,
    });
    // The next page keeps this one's filter and limit.
    const nextQuery = next && {
      ...(query.section && { section: query.section }),
      ...(query.topic && { topic: query.topic }),
      ...(query.limit && { limit: String(query.limit) }),
      cursor: encodeCursor(next),
    };
    c.set('cacheTags', [tag, ...editionPageTags(edition.code)]);
    return sendJson(c, {
      articles: cards.map((card) => articleSummaryJson(card, edition, config.publicUrl)),
      next: nextQuery
        ? `${config.publicUrl}${apiArticlesPath(edition.code)}?${new URLSearchParams(nextQuery)}`
        : null,
    });
  });

  app.get(`${API_BASE}/:edition{[a-z]{2,3}}/articles/:slug`, async (c) => {
    const params = parsePath(c, articleParams);
    parseQuery(c, noQuery);
    const editions = await cachedEditions(deps);
    const edition = editionNamed(editions, params.edition);
    const article = await findPublishedArticle(db, edition, editions, params.slug, clock.now());
    if (!article) throw notFound(`No article "${params.slug}" in edition ${edition.code}`);
    c.set('cacheTags', [
      cacheTags.article(article.id),
      ...tagIf(article.translationGroup, cacheTags.story),
      ...article.translations.map((tr) => cacheTags.article(tr.id)),
      ...tagIf(article.section?.id, cacheTags.section),
      ...article.topics.map((t) => cacheTags.topic(t.id)),
      ...editionPageTags(edition.code),
    ]);
    return sendJson(c, { article: articleJson(article, edition, config.publicUrl) });
  });

  // The article's approved comments, a page of top-level comments (with their replies) at a time.
  app.get(`${API_BASE}/:edition{[a-z]{2,3}}/articles/:slug/comments`, async (c) => {
    const params = parsePath(c, articleParams);
    const query = parseQuery(c, commentsQuery);
    const editions = await cachedEditions(deps);
    const edition = editionNamed(editions, params.edition);
    const article = await findPublishedArticle(db, edition, editions, params.slug, clock.now());
    if (!article) throw notFound(`No article "${params.slug}" in edition ${edition.code}`);
    const thread = await loadThread(db, article.id, query.page ?? 1);
    if (thread.page > thread.pages) throw notFound(`No page ${thread.page} of comments`);
    c.set('cacheTags', [
      cacheTags.comments(article.id),
      cacheTags.article(article.id),
      ...editionPageTags(edition.code),
    ]);
    const base = `${config.publicUrl}${apiArticlesPath(edition.code)}/${encodeURIComponent(params.slug)}/comments`;
    return sendJson(
      c,
      commentsPageJson(
        thread,
        edition,
        `${config.publicUrl}${article.url}`,
        (page) => `${base}?page=${page}`,
      ),
    );
  });

  // The edition's published events: upcoming first (soonest first), then past ones (latest first).
  app.get(`${API_BASE}/:edition{[a-z]{2,3}}/events`, async (c) => {
    const edition = editionNamed(await cachedEditions(deps), parsePath(c, editionParams).edition);
    const query = parseQuery(c, eventsQuery);
    const section = query.section ? edition.sections.find((s) => s.slug === query.section) : undefined;
    if (query.section && !section) throw notFound(`No section "${query.section}" in edition ${edition.code}`);
    const between = query.month ? monthBounds(query.month, edition.timeZone) : undefined;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const listing = await listEvents(
      db,
      edition,
      { sectionId: section?.id, between },
      { now: clock.now(), page: query.page ?? 1, pageSize: limit },
    );
    if (listing.page > listing.pages) throw notFound(`No page ${listing.page} of events`);
    // An upcoming event that ends moves to the past: the answer is made again then.
    if (listing.nextChange) staleIn(c, Date.parse(listing.nextChange) - clock.now().getTime());
    const nextQuery = listing.page < listing.pages && {
      ...(query.section && { section: query.section }),
      ...(query.month && { month: query.month }),
      ...(query.limit && { limit: String(query.limit) }),
      page: String(listing.page + 1),
    };
    c.set('cacheTags', [cacheTags.events(edition.code), ...editionPageTags(edition.code)]);
    return sendJson(c, {
      upcoming: listing.upcoming.map((e) => eventSummaryJson(e, edition, config.publicUrl)),
      past: listing.past.map((e) => eventSummaryJson(e, edition, config.publicUrl)),
      page: listing.page,
      pages: listing.pages,
      calendar: `${config.publicUrl}/${edition.code}/events.ics`,
      next: nextQuery
        ? `${config.publicUrl}${apiEventsPath(edition.code)}?${new URLSearchParams(nextQuery)}`
        : null,
    });
  });

  app.get(`${API_BASE}/:edition{[a-z]{2,3}}/events/:slug`, async (c) => {
    const params = parsePath(c, articleParams);
    parseQuery(c, noQuery);
    const editions = await cachedEditions(deps);
    const edition = editionNamed(editions, params.edition);
    const event = await findPublicEvent(db, edition, editions, params.slug, clock.now());
    if (!event) throw notFound(`No event "${params.slug}" in edition ${edition.code}`);
    c.set('cacheTags', [
      cacheTags.event(event.id),
      ...event.translations.map((tr) => cacheTags.event(tr.id)),
      ...event.related.map((card) => cacheTags.article(card.id)),
      ...event.topics.map((topic) => cacheTags.topic(topic.id)),
      ...editionPageTags(edition.code),
    ]);
    return sendJson(c, { event: eventJson(event, edition, config.publicUrl) });
  });

  // Podcasts (src/podcasts): the edition's shows, a show with a page of its episodes, one episode.
  app.get(`${API_BASE}/:edition{[a-z]{2,3}}/podcasts`, async (c) => {
    const edition = editionNamed(await cachedEditions(deps), parsePath(c, editionParams).edition);
    parseQuery(c, noQuery);
    const shows = await listPublicShows(db, edition.code);
    c.set('cacheTags', [
      cacheTags.podcasts(edition.code),
      ...shows.map((s) => cacheTags.podcastShow(s.id)),
      ...editionPageTags(edition.code),
    ]);
    return sendJson(c, { shows: shows.map((show) => publicShowJson(show, edition, config.publicUrl)) });
  });

  app.get(`${API_BASE}/:edition{[a-z]{2,3}}/podcasts/:show`, async (c) => {
    const params = parsePath(c, showParams);
    const query = parseQuery(c, commentsQuery);
    const edition = editionNamed(await cachedEditions(deps), params.edition);
    const show = await findPublicShow(db, edition.code, params.show);
    if (!show) throw notFound(`No podcast "${params.show}" in edition ${edition.code}`);
    const page = query.page ?? 1;
    const { episodes, total } = await listPublishedEpisodes(db, show.id, {
      limit: API_EPISODES_PER_PAGE,
      offset: (page - 1) * API_EPISODES_PER_PAGE,
    });
    const pages = Math.max(1, Math.ceil(total / API_EPISODES_PER_PAGE));
    if (page > pages) throw notFound(`No page ${page} of episodes`);
    c.set('cacheTags', [cacheTags.podcastShow(show.id), ...editionPageTags(edition.code)]);
    const base = showJson(show, config.publicUrl).apiUrl;
    return sendJson(c, {
      show: showJson(show, config.publicUrl),
      page,
      pages,
      episodes: episodes.map((episode) => episodeJson(show, episode, edition, config.publicUrl)),
      next: page < pages ? `${base}?page=${page + 1}` : null,
    });
  });

  app.get(`${API_BASE}/:edition{[a-z]{2,3}}/podcasts/:show/:episode`, async (c) => {
    const params = parsePath(c, episodeParams);
    parseQuery(c, noQuery);
    const edition = editionNamed(await cachedEditions(deps), params.edition);
    const show = await findPublicShow(db, edition.code, params.show);
    const episode = show && (await findPublishedEpisode(db, show.id, params.episode));
    if (!show || !episode) throw notFound(`No episode "${params.episode}" of "${params.show}"`);
    const cards = await findArticleCards(db, edition, episode.relatedArticleIds, { now: clock.now() });
    const related = episode.relatedArticleIds.flatMap((id) => cards.get(id) ?? []);
    c.set('cacheTags', [
      cacheTags.podcastEpisode(episode.id),
      cacheTags.podcastShow(show.id),
      ...related.map((card) => cacheTags.article(card.id)),
      ...editionPageTags(edition.code),
    ]);
    return sendJson(c, { episode: episodeJson(show, episode, edition, config.publicUrl, related) });
  });

  // Anything else under the API is a JSON error, not the site's HTML error page.
  app.all(`${API_BASE}/*`, (c) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD')
      throw new HttpError(405, 'The content API is read-only: use GET');
    throw notFound(`No API endpoint ${c.req.path}`);
  });

  // Errors thrown by this app's handlers stop here, so the app's HTML error pages never answer an API call.
  app.onError((error, c) => {
    if (error instanceof HttpError) {
      if (error.status === 405) c.header('allow', 'GET, HEAD');
      return sendError(c, error.status, error.message);
    }
    if (isConnectionError(error)) {
      deps.logger.warn({ err: error, method: c.req.method, url: c.req.url }, 'database unavailable');
      c.header('retry-after', '5');
      return sendError(c, 503, 'The database is unavailable just now; try again in a few seconds');
    }
    deps.logger.error({ err: error, method: c.req.method, url: c.req.url }, 'API request failed');
    return sendError(c, 500, 'Internal error');
  });

  /** The filter and cache tag of `?section=` / `?topic=` (404 when unknown), else the whole edition. */
  async function listingOf(
    edition: Edition,
    query: { section?: string | undefined; topic?: string | undefined },
  ): Promise<{ filter: ListingFilter; tag: CacheTag }> {
    if (query.section) {
      const section = edition.sections.find((s) => s.slug === query.section);
      if (!section) throw notFound(`No section "${query.section}" in edition ${edition.code}`);
      return { filter: { kind: 'section', id: section.id }, tag: cacheTags.section(section.id) };
    }
    if (query.topic) {
      const topic = await findTopic(db, edition.code, query.topic);
      if (!topic) throw notFound(`No topic "${query.topic}" in edition ${edition.code}`);
      return { filter: { kind: 'topic', id: topic.id }, tag: cacheTags.topic(topic.id) };
    }
    return { filter: { kind: 'edition' }, tag: cacheTags.list(edition.code) };
  }

  return app;
}

function editionNamed(editions: Edition[], code: string): Edition {
  const edition = editions.find((e) => e.code === code);
  if (!edition) throw notFound(`No edition ${code}`);
  return edition;
}

/** Path parameters that fail validation name nothing that exists: 404. */
function parsePath<T extends z.ZodType>(c: Context<AppEnv>, schema: T): z.output<T> {
  const parsed = schema.safeParse(c.req.param());
  if (!parsed.success) throw notFound(`No API endpoint ${c.req.path}`);
  return parsed.data;
}

/** A query string with each key at most once, valid for `schema`, else a 400 naming the problem. */
function parseQuery<T extends z.ZodType>(c: Context<AppEnv>, schema: T): z.output<T> {
  // Unknown parameters are a 400 here, so the cache must not answer them with the plain page.
  c.set('cacheQuery', 'all');
  const repeated = Object.entries(c.req.queries()).find(([, values]) => values.length > 1);
  if (repeated) throw badRequest(`"${repeated[0]}" is given more than once`);
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    throw badRequest(
      parsed.error.issues
        .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
        .join('; '),
    );
  }
  return parsed.data;
}

function sendJson(c: Context<AppEnv>, body: unknown) {
  return c.body(JSON.stringify(body), 200, { 'content-type': JSON_TYPE });
}

const ERROR_CODES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  500: 'internal_error',
  503: 'unavailable',
};

function sendError(c: Context<AppEnv>, status: HttpError['status'] | 500 | 503, message: string) {
  const code = ERROR_CODES[status] ?? 'error';
  // Like the HTML 404 page: a CDN may keep "not found" briefly; nothing else is kept.
  const cacheControl = status === 404 ? 'public, max-age=60' : 'no-store';
  return c.body(JSON.stringify({ error: { code, message } }), status, {
    'content-type': JSON_TYPE,
    'cache-control': cacheControl,
  });
}
