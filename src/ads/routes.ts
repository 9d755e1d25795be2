import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { clientIp } from '../accounts/middleware.js';
import { cachedEditions } from '../editions/chrome.js';
import { cacheTags } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { isCrawler, isPrefetch } from '../readership/filters.js';
import { AD_TEXT_NAMES } from './ads-txt.js';
import type { AdEvent } from './counter.js';
import { adText, cachedAdSetup, campaignLink } from './queries.js';
import { SEEN_PATH } from './views.js';

/** The reader's choice, set by the reader script (src/ui/client/ads.ts) for 6 months: `ads` or `none`. */
export const CONSENT_COOKIE = 'sahifa_consent';
export const CONSENTED = 'ads';

const campaignId = z.string().regex(/^[0-9A-Za-z]{1,32}$/);
/** At most this many ads reported by one beacon (a page has a handful of slots). */
const MAX_SEEN = 12;
const NOT_STORED = { 'cache-control': 'no-store' } as const;

/**
 * Public advertising routes: /ads.txt and /app-ads.txt from the desk's
 * settings; the impression beacon and the click redirect (no cookie set,
 * counted per day, src/ads/counter.ts); the third-party tags an edition
 * loads once the reader consented (never under Global Privacy Control).
 */
export function adsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  for (const name of AD_TEXT_NAMES) {
    app.get(`/${name}`, async (c) => {
      const body = await adText(deps.db, name);
      if (body === '') return c.text('', 404, NOT_STORED);
      c.set('cacheTags', [cacheTags.adsTxt]);
      return c.text(body, 200, { 'content-type': 'text/plain; charset=utf-8' });
    });
  }

  app.post(SEEN_PATH, async (c) => {
    const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
    const sent = 'c' in body ? body.c : [];
    const ids = (Array.isArray(sent) ? sent : [sent]).slice(0, MAX_SEEN);
    for (const id of new Set(ids)) {
      const parsed = campaignId.safeParse(id);
      if (parsed.success) await count(c, deps, parsed.data, 'impression');
    }
    return c.body(null, 204, NOT_STORED);
  });

  app.get('/ads/click/:id', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'));
    const target = id.success ? await campaignLink(deps.db, id.data) : undefined;
    if (!id.success || !target || !/^https?:\/\//i.test(target)) return c.text('No such ad', 404, NOT_STORED);
    await count(c, deps, id.data, 'click');
    return c.redirect(target, 302);
  });

  app.get('/ads/tags/:edition{[a-z]{2,3}}', async (c) => {
    c.header('cache-control', 'private, no-store');
    c.header('vary', 'Cookie, Sec-GPC');
    const editions = await cachedEditions(deps);
    const code = c.req.param('edition');
    if (!editions.some((e) => e.code === code)) return c.json({ scripts: [] }, 404);
    const consented = getCookie(c, CONSENT_COOKIE) === CONSENTED && c.req.header('sec-gpc') !== '1';
    if (!consented) return c.json({ scripts: [] });
    const { settings } = await cachedAdSetup(deps, code);
    return c.json({ scripts: settings.tagScripts });
  });

  return app;
}

async function count(c: Context<AppEnv>, deps: AppDeps, id: string, event: AdEvent): Promise<void> {
  const userAgent = c.req.header('user-agent');
  if (isCrawler(userAgent) || isPrefetch((name) => c.req.header(name))) return;
  if (event === 'impression' && c.req.header('sec-fetch-site') === 'cross-site') return;
  await deps.ads.record({
    campaignId: id,
    event,
    client: clientIp(c, deps.config),
    userAgent: userAgent ?? '',
  });
}
