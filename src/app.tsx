import { Hono } from 'hono';
import { userAdminRoutes } from './accounts/admin-routes.js';
import { adminArea } from './accounts/middleware.js';
import { accountRoutes } from './accounts/routes.js';
import { adsAdminRoutes } from './ads/admin-routes.js';
import { adsRoutes } from './ads/routes.js';
import { agencyAdminRoutes } from './agencies/admin-routes.js';
import { apiRoutes } from './api/routes.js';
import { articleRoutes } from './articles/routes.js';
import { systemAdminRoutes } from './cdn/admin-routes.js';
import { commentsApiRoutes } from './comments/admin-api.js';
import { commentsAdminRoutes } from './comments/admin-routes.js';
import { commentRoutes } from './comments/routes.js';
import { isConnectionError, isInvalidTextError } from './db/connect.js';
import { editionAdminRoutes } from './editions/admin-routes.js';
import { cachedEditions } from './editions/chrome.js';
import { type Edition, negotiateEdition } from './editions/queries.js';
import { eventsApiRoutes } from './events/admin-api.js';
import { eventAdminRoutes } from './events/admin-routes.js';
import { eventRoutes } from './events/routes.js';
import { feedRoutes } from './feeds/routes.js';
import { frontAdminRoutes } from './front/admin-routes.js';
import { bodyLimits } from './http/body-limits.js';
import { delivery } from './http/delivery.js';
import type { AppDeps, AppEnv } from './http/env.js';
import { HttpError } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { inputGuard, UnstorableInput } from './http/input-guard.js';
import { RenderGate } from './http/render-gate.js';
import { availableLanguages, type Messages, messagesFor } from './i18n/messages.js';
import { integrationApiRoutes } from './integrations/api.js';
import { integrationRoutes } from './integrations/routes.js';
import { listingRoutes } from './listings/routes.js';
import { liveApiRoutes } from './live/admin-api.js';
import { liveAdminRoutes } from './live/admin-routes.js';
import { liveRoutes } from './live/routes.js';
import { mediaDeskRoutes } from './media/desk-routes.js';
import { staticRoutes } from './media/routes.js';
import { MediaStorageError } from './media/storage.js';
import { metricsRoutes } from './metrics/routes.js';
import { newsletterAdminRoutes } from './newsletters/admin-routes.js';
import { newsletterPublicRoutes } from './newsletters/public-routes.js';
import { historyRoutes } from './newsroom/history.js';
import { previewRoutes } from './newsroom/preview.js';
import { newsroomRoutes } from './newsroom/routes.js';
import { podcastApiRoutes } from './podcasts/admin-api.js';
import { podcastAdminRoutes } from './podcasts/admin-routes.js';
import { podcastRoutes } from './podcasts/routes.js';
import { readerRoutes } from './readers/routes.js';
import { mostReadMemo } from './readership/queries.js';
import { readershipRoutes } from './readership/routes.js';
import { searchRoutes } from './search/routes.js';
import { ErrorPage, NotFoundPage } from './ui/ErrorPage.js';
import { wireRoutes } from './wire/routes.js';

/** The whole site as a Hono app. Everything stateful comes in through `deps`. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  // NUL and broken UTF-8 never reach a handler (or PostgreSQL, which cannot store them).
  app.use('*', inputGuard());
  app.use(
    '*',
    delivery(deps.cache, {
      tagHeader: deps.config.cdnTagHeader,
      gate: deps.renderGate ?? new RenderGate(deps.config.renderGate),
      busy: (path) => errorPage(path, 503),
    }),
  );
  // Before any route reads a body: 413 for one above its route's limit (src/http/body-limits.ts).
  app.use('*', bodyLimits());
  app.route('/', healthRoutes(deps));
  app.route('/', metricsRoutes(deps));
  app.route('/', staticRoutes(deps));
  app.route(
    '/',
    adminApp(deps, [
      accountRoutes(deps),
      // Before the newsroom's: a sales user signing in lands on the advertising desk.
      adsAdminRoutes(deps),
      userAdminRoutes(deps),
      systemAdminRoutes(deps),
      editionAdminRoutes(deps),
      agencyAdminRoutes(deps),
      integrationRoutes(deps),
      newsroomRoutes(deps),
      previewRoutes(deps),
      historyRoutes(deps),
      mediaDeskRoutes(deps),
      wireRoutes(deps),
      newsletterAdminRoutes(deps),
      frontAdminRoutes(deps),
      commentsAdminRoutes(deps),
      liveAdminRoutes(deps),
      eventAdminRoutes(deps),
      podcastAdminRoutes(deps),
    ]),
  );
  // The admin API answers with its own bearer tokens and JSON errors, never cached.
  app.route('/', commentsApiRoutes(deps));
  app.route('/', liveApiRoutes(deps));
  app.route('/', eventsApiRoutes(deps));
  app.route('/', podcastApiRoutes(deps));
  app.route('/', integrationApiRoutes(deps));
  app.route('/', newsletterPublicRoutes(deps));
  app.route('/', readerRoutes(deps));
  app.route('/', readershipRoutes(deps));
  app.route('/', adsRoutes(deps));
  app.route('/', feedRoutes(deps));
  app.route('/', articleRoutes(deps));
  app.route('/', eventRoutes(deps));
  app.route('/', commentRoutes(deps));
  app.route('/', liveRoutes(deps));
  app.route('/', podcastRoutes(deps));
  app.route('/', apiRoutes(deps));
  app.route('/', searchRoutes(deps));
  app.route('/', listingRoutes(deps));

  const notFoundMostRead = mostReadMemo(deps.db);
  app.notFound((c) => notFoundPage(deps, notFoundMostRead, c.req.path, c.req.header('accept-language')));

  app.onError((error, c) => {
    if (error instanceof UnstorableInput || isInvalidTextError(error)) {
      return errorPage(c.req.path, 400, (t) => t.badRequestInvalidText);
    }
    if (error instanceof HttpError) {
      if (error.status === 404)
        return notFoundPage(deps, notFoundMostRead, c.req.path, c.req.header('accept-language'));
      if (error.status === 400) return errorPage(c.req.path, 400, error.message);
      return c.text(error.message, error.status);
    }
    if (isConnectionError(error)) {
      // The database is away (restarting, unreachable): the client should come back shortly.
      deps.logger.warn({ err: error, method: c.req.method, url: c.req.url }, 'database unavailable');
      return errorPage(c.req.path, 503);
    }
    // The media store is away (logged by the store, with its address).
    if (error instanceof MediaStorageError) return errorPage(c.req.path, 503);
    deps.logger.error({ err: error, method: c.req.method, url: c.req.url }, 'request failed');
    return errorPage(c.req.path, 500);
  });

  return app;
}

/**
 * Everything under /admin as one sub-app: its guard (session, CSRF, body
 * size, no-store, noindex: accounts/middleware.ts `adminArea`) is registered
 * before any of `groups`, so every admin route is behind it whatever the order
 * of the groups. The groups keep their absolute `/admin/...` paths.
 */
export function adminApp(deps: AppDeps, groups: Hono<AppEnv>[]): Hono<AppEnv> {
  const admin = new Hono<AppEnv>();
  // Hono's `/admin/*` matches `/admin` itself too.
  admin.use('/admin/*', adminArea(deps));
  for (const group of groups) admin.route('/', group);
  return admin;
}

/** How long browsers and CDNs may keep a 404. */
const NOT_FOUND_CACHE_CONTROL = 'public, max-age=60';

/**
 * 404 in the chrome of the edition named by the URL's first segment; outside an edition, of
 * the edition whose language Accept-Language prefers (the answer then varies with it). When
 * the editions cannot be read (the database is away), the bare error page.
 */
async function notFoundPage(
  deps: AppDeps,
  mostRead: ReturnType<typeof mostReadMemo>,
  urlPath: string,
  acceptLanguage: string | undefined,
): Promise<Response> {
  let editions: Edition[];
  try {
    editions = await cachedEditions(deps);
  } catch (error) {
    deps.logger.warn({ err: error, url: urlPath }, 'not-found page without chrome: editions unavailable');
    return errorPage(urlPath, 404);
  }
  const first = urlPath.split('/')[1] ?? '';
  const named = editions.find((e) => e.code === first);
  const edition = named ?? negotiateEdition(editions, acceptLanguage);
  if (!edition) return errorPage(urlPath, 404);
  const chrome = { edition, editions, sections: edition.sections, publicUrl: deps.config.publicUrl };
  const items = await mostRead(edition.code, deps.clock.now());
  const html = await (<NotFoundPage chrome={chrome} mostRead={items} />).toString();
  return new Response(`<!doctype html>${html}`, {
    status: 404,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': NOT_FOUND_CACHE_CONTROL,
      ...(named ? {} : { vary: 'Accept-Language' }),
    },
  });
}

/** The error page in the language of the edition named by the URL's first segment. */
async function errorPage(
  urlPath: string,
  status: 404 | 500 | 400 | 503,
  detail?: string | ((t: Messages) => string),
): Promise<Response> {
  const first = urlPath.split('/')[1] ?? '';
  const language = availableLanguages().includes(first) ? first : 'en';
  const home = availableLanguages().includes(first) ? `/${first}` : '/';
  const text = typeof detail === 'function' ? detail(messagesFor(language)) : detail;
  const html = await (
    <ErrorPage language={language} status={status} homeHref={home} detail={text} />
  ).toString();
  return new Response(`<!doctype html>${html}`, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': status === 404 ? NOT_FOUND_CACHE_CONTROL : 'no-store',
      ...(status === 503 && { 'retry-after': '5' }),
    },
  });
}
