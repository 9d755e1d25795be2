import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { clientIp } from '../accounts/middleware.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { isCrawler, isPrefetch } from './filters.js';

/** Where the article page's beacon goes (`POST`, form field `article`); `GET …/ID.gif` is the no-script image. */
export const VIEWS_PATH = '/views';
export const viewPixelPath = (articleId: string) => `${VIEWS_PATH}/${articleId}.gif`;

const articleId = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[0-9A-Za-z]+$/);
const beaconBody = z.object({ article: articleId });

/** The smallest transparent GIF: 1×1, one colour. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Never kept by the page cache, a CDN or the browser: every view has to reach the server. */
const NOT_STORED = { 'cache-control': 'no-store' } as const;

/**
 * The view beacon: answers at once with nothing (204, or the pixel), sets no
 * cookie, and counts the hit only when it comes from a reader (not a crawler,
 * a prefetch, or another site) for a public article, once per client and
 * article a minute (src/readership/counter.ts).
 */
export function readershipRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post(VIEWS_PATH, async (c) => {
    const body = beaconBody.safeParse(await c.req.parseBody().catch(() => ({})));
    if (body.success) await count(c, deps, body.data.article);
    return c.body(null, 204, NOT_STORED);
  });

  app.get(`${VIEWS_PATH}/:file{[0-9A-Za-z]{1,32}\\.gif}`, async (c) => {
    const id = articleId.safeParse(c.req.param('file').slice(0, -'.gif'.length));
    if (id.success) await count(c, deps, id.data);
    return c.body(PIXEL, 200, { ...NOT_STORED, 'content-type': 'image/gif' });
  });

  return app;
}

async function count(c: Context<AppEnv>, deps: AppDeps, id: string): Promise<void> {
  const userAgent = c.req.header('user-agent');
  if (isCrawler(userAgent) || isPrefetch((name) => c.req.header(name))) return;
  // Another site's page sending beacons here is not a reader of ours.
  if (c.req.header('sec-fetch-site') === 'cross-site') return;
  await deps.readership.record({
    articleId: id,
    client: clientIp(c, deps.config),
    userAgent: userAgent ?? '',
  });
}
