import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSRF_COOKIE } from '../accounts/middleware.js';
import { SESSION_COOKIE } from '../accounts/sessions.js';
import { FIXTURE_NOW, seedFixture } from '../articles/testing.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import type { Db } from '../db/schema.js';
import { createNodeServer } from '../server.js';
import { delivery } from './delivery.js';
import type { AppEnv } from './env.js';
import { type CachedPage, canonicalKey, PageCache } from './page-cache.js';
import { tempDataDir, testApp } from './testing.js';

const AR_URL = `/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;

function page(body: string, tags: string[] = ['t']): CachedPage {
  return {
    status: 200,
    body: Buffer.from(body),
    contentType: 'text/html; charset=utf-8',
    etag: '"e"',
    cacheControl: 'public',
    headers: {},
    tags,
  };
}

describe('page cache bounded in bytes', () => {
  it('keeps at most maxBytes, dropping the least recently used first', () => {
    const cache = new PageCache(true, { maxBytes: 200_000 });
    cache.set('/first', page('x'.repeat(5000)));
    for (let i = 0; i < 10_000; i++) {
      cache.set(`/p/${i}`, page('y'.repeat(5000)));
      // Read often, /first stays among the most recently used.
      if (i % 10 === 0) expect(cache.get('/first')).toBeDefined();
      expect(cache.usedBytes).toBeLessThanOrEqual(200_000);
    }
    expect(cache.size).toBeLessThan(40);
    expect(cache.get('/p/0')).toBeUndefined();
    expect(cache.get('/p/9999')).toBeDefined();
    expect(cache.get('/first')).toBeDefined();
  });

  it('does not keep a page larger than an eighth of the bound, and counts compressed forms', () => {
    const cache = new PageCache(true, { maxBytes: 80_000 });
    cache.set('/big', page('z'.repeat(20_000)));
    expect(cache.get('/big')).toBeUndefined();
    const small = page('text '.repeat(1000));
    cache.set('/small', small);
    const before = cache.usedBytes;
    cache.gzipOf(small);
    cache.brotliOf(small);
    expect(cache.usedBytes).toBeGreaterThan(before);
    cache.purge(['t']);
    expect(cache.usedBytes).toBe(0);
    expect(cache.size).toBe(0);
  });

  it('a page stored with a freshness is rendered again once it has passed; others stay', () => {
    let now = 1_000_000;
    const cache = new PageCache(true, { now: () => now });
    cache.store('/ar', [], page('home'), 60_000);
    cache.store('/ar/article', [], page('article'));
    now += 59_999;
    expect(cache.lookup('/ar')).toBeDefined();
    now += 1;
    expect(cache.lookup('/ar')).toBeUndefined();
    expect(cache.size).toBe(1);
    now += 86_400_000;
    expect(cache.lookup('/ar/article')).toBeDefined();
  });

  it('keys keep only the declared query parameters, in name order', () => {
    expect(canonicalKey('/ar?utm_source=x&fbclid=y', [])).toBe('/ar');
    expect(canonicalKey('/ar?utm_source=x&partial=1&cursor=abc', ['cursor', 'partial'])).toBe(
      '/ar?cursor=abc&partial=1',
    );
    expect(canonicalKey('/ar?partial=1&cursor=abc', ['cursor', 'partial'])).toBe('/ar?cursor=abc&partial=1');
    expect(canonicalKey('/api/v1/editions?x=1', 'all')).toBe('/api/v1/editions?x=1');
  });

  it('finds a page by a URL with a query again and again, and follows its route when it declares other parameters', () => {
    const cache = new PageCache(true);
    cache.store('/live/updates?after=a', ['after'], page('a'));
    for (let i = 0; i < 3; i++)
      expect(cache.lookup('/live/updates?after=a&utm=x')?.body.toString()).toBe('a');
    expect(cache.lookup('/live/updates?after=b')).toBeUndefined();
    // The route now keeps `utm` too: the same URL is another page.
    cache.store('/live/updates?after=a&utm=x', ['after', 'utm'], page('a+utm'));
    expect(cache.lookup('/live/updates?after=a&utm=x')?.body.toString()).toBe('a+utm');
    // Junk URLs asked once each: found as before, whatever was remembered of them.
    for (let i = 0; i < 20_000; i++) cache.lookup(`/live/updates?after=a&junk=${i}`);
    expect(cache.lookup('/live/updates?junk=1&after=a')?.body.toString()).toBe('a');
  });
});

describe('page cache keys on the site', () => {
  let db: Db;
  let dataDir: string;
  beforeAll(async () => {
    db = openDatabase({ sqlitePath: ':memory:' });
    await migrateToLatest(db);
    dataDir = tempDataDir();
    await seedFixture(db, dataDir);
  });

  it('10,000 junk query strings share one cached page and stay within the bound', async () => {
    const maxBytes = 2 * 1024 * 1024;
    const t = testApp(db, { now: FIXTURE_NOW, dataDir, cacheOptions: { maxBytes } });
    const first = await t.app.request(`${AR_URL}?utm_source=0`);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    const body = await first.text();
    for (let i = 1; i <= 10_000; i++) {
      const url = i % 2 ? `${AR_URL}?utm_source=news${i}&fbclid=${i}` : `/ar?utm_campaign=${i}`;
      const res = await t.app.request(url);
      expect(res.status).toBe(200);
      if (i > 2) expect(res.headers.get('x-cache')).toBe('HIT');
      await res.arrayBuffer();
    }
    expect(t.cache.size).toBe(2);
    expect(t.cache.usedBytes).toBeLessThanOrEqual(maxBytes);
    expect(await (await t.app.request(AR_URL)).text()).toBe(body);
  }, 120_000);

  it('known parameters still make distinct pages: the load-more fragment is not the page', async () => {
    const t = testApp(db, { now: FIXTURE_NOW, dataDir });
    const full = await (await t.app.request('/ar')).text();
    const fragment = await t.app.request('/ar?partial=1&utm_source=x');
    expect(fragment.headers.get('x-cache')).toBe('MISS');
    const fragmentBody = await fragment.text();
    expect(fragmentBody).not.toBe(full);
    expect(fragmentBody).not.toContain('<!doctype html>');
    const again = await t.app.request('/ar?utm_medium=y&partial=1');
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(await again.text()).toBe(fragmentBody);
    expect((await t.app.request('/ar?gclid=1')).headers.get('x-cache')).toBe('HIT');
    expect(t.cache.size).toBe(2);
  });

  it('the server answers junk query strings from the cache before routing', async () => {
    const t = testApp(db, { now: FIXTURE_NOW, dataDir });
    const server = createNodeServer(t.app, t.cache);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const states: (string | null)[] = [];
      for (let i = 0; i < 50; i++) {
        const res = await fetch(`${base}${AR_URL}?utm_source=${i}&gclid=${i * 31}`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        states.push(res.headers.get('x-cache'));
      }
      expect(states[0]).toBe('MISS');
      expect(new Set(states.slice(1))).toEqual(new Set(['HIT']));
      expect(t.cache.size).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('the content API still refuses unknown parameters after its page is cached', async () => {
    const t = testApp(db, { now: FIXTURE_NOW, dataDir });
    expect((await t.app.request('/api/v1/editions')).status).toBe(200);
    expect((await t.app.request('/api/v1/editions')).headers.get('x-cache')).toBe('HIT');
    expect((await t.app.request('/api/v1/editions?utm_source=x')).status).toBe(400);
  });
});

describe('Set-Cookie on cacheable GETs', () => {
  function cookieApp(cache: PageCache) {
    const app = new Hono<AppEnv>();
    app.use('*', delivery(cache));
    app.get('/page', (c) => {
      setCookie(c, 'sahifa_session', '', { path: '/', maxAge: 0 });
      setCookie(c, 'sahifa_csrf', 'token', { path: '/admin', httpOnly: true });
      c.set('cacheTags', ['site']);
      return c.html('<p>hello</p>');
    });
    return app;
  }

  it('a stale session cookie on the sign-in page is cleared and a CSRF cookie set, both', async () => {
    const db = openDatabase({ sqlitePath: ':memory:' });
    await migrateToLatest(db);
    const t = testApp(db, { now: FIXTURE_NOW, dataDir: tempDataDir() });
    const res = await t.app.request('/admin/sign-in', {
      headers: { cookie: `${SESSION_COOKIE}=stale-token` },
    });
    expect(res.status).toBe(200);
    const names = res.headers.getSetCookie().map((cookie) => cookie.split('=')[0]);
    expect(names.sort()).toEqual([CSRF_COOKIE, SESSION_COOKIE].sort());
    await db.destroy();
  });

  it('every cookie survives, and a reply with cookies is never stored in the shared cache', async () => {
    const cache = new PageCache(true);
    const app = cookieApp(cache);
    const res = await app.request('/page');
    expect(res.headers.getSetCookie()).toEqual([
      'sahifa_session=; Max-Age=0; Path=/',
      'sahifa_csrf=token; Path=/admin; HttpOnly',
    ]);
    expect(res.headers.get('x-cache')).toBe('BYPASS');
    expect(cache.size).toBe(0);
    const again = await app.request('/page');
    expect(again.headers.getSetCookie()).toHaveLength(2);
  });
});
