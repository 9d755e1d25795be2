import { Hono } from 'hono';
import { userAdminRoutes } from './accounts/admin-routes.js';
import { accountRoutes } from './accounts/routes.js';
import { agencyAdminRoutes } from './agencies/admin-routes.js';
import { apiRoutes } from './api/routes.js';
import { articleRoutes } from './articles/routes.js';
import { editionAdminRoutes } from './editions/admin-routes.js';
import { feedRoutes } from './feeds/routes.js';
import { delivery } from './http/delivery.js';
import type { AppDeps, AppEnv } from './http/env.js';
import { HttpError } from './http/errors.js';
import { availableLanguages } from './i18n/messages.js';
import { integrationRoutes } from './integrations/routes.js';
import { listingRoutes } from './listings/routes.js';
import { mediaDeskRoutes } from './media/desk-routes.js';
import { staticRoutes } from './media/routes.js';
import { newsletterAdminRoutes } from './newsletters/admin-routes.js';
import { newsletterPublicRoutes } from './newsletters/public-routes.js';
import { historyRoutes } from './newsroom/history.js';
import { previewRoutes } from './newsroom/preview.js';
import { newsroomRoutes } from './newsroom/routes.js';
import { searchRoutes } from './search/routes.js';
import { ErrorPage } from './ui/ErrorPage.js';
import { wireRoutes } from './wire/routes.js';

/** The whole site as a Hono app. Everything stateful comes in through `deps`. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use('*', delivery(deps.cache));
  app.route('/', staticRoutes(deps));
  app.route('/', accountRoutes(deps));
  app.route('/', userAdminRoutes(deps));
  app.route('/', editionAdminRoutes(deps));
  app.route('/', agencyAdminRoutes(deps));
  // After accountRoutes (its /admin middleware guards the pages), before apiRoutes; the admin API is never cached.
  app.route('/', integrationRoutes(deps));
  app.route('/', newsroomRoutes(deps));
  app.route('/', previewRoutes(deps));
  app.route('/', historyRoutes(deps));
  app.route('/', mediaDeskRoutes(deps));
  app.route('/', wireRoutes(deps));
  app.route('/', newsletterAdminRoutes(deps));
  app.route('/', newsletterPublicRoutes(deps));
  app.route('/', feedRoutes(deps));
  app.route('/', articleRoutes(deps));
  app.route('/', apiRoutes(deps));
  app.route('/', searchRoutes(deps));
  app.route('/', listingRoutes(deps));

  app.notFound((c) => errorPage(c.req.path, 404));

  app.onError((error, c) => {
    if (error instanceof HttpError) {
      if (error.status === 404) return errorPage(c.req.path, 404);
      if (error.status === 400) return errorPage(c.req.path, 400, error.message);
      return c.text(error.message, error.status);
    }
    deps.logger.error({ err: error, method: c.req.method, url: c.req.url }, 'request failed');
    return errorPage(c.req.path, 500);
  });

  return app;
}

/** The error page in the language of the edition named by the URL's first segment. */
async function errorPage(urlPath: string, status: 404 | 500 | 400, detail?: string): Promise<Response> {
  const first = urlPath.split('/')[1] ?? '';
  const language = availableLanguages().includes(first) ? first : 'en';
  const home = availableLanguages().includes(first) ? `/${first}` : '/';
  const html = await (
    <ErrorPage language={language} status={status} homeHref={home} detail={detail} />
  ).toString();
  return new Response(`<!doctype html>${html}`, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': status === 404 ? 'public, max-age=60' : 'no-store',
    },
  });
}
