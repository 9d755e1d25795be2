import { Hono } from 'hono';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountRoutes } from './accounts/routes.js';
import { PASSWORD, seedEditions, seedUser, TestBrowser } from './accounts/testing.js';
import { AdCounter } from './ads/counter.js';
import { adminApp, createApp } from './app.js';
import { FIXTURE_NOW, seedFixture } from './articles/testing.js';
import { testConfig } from './config.js';
import { openDatabase } from './db/connect.js';
import { describeEachDatabase } from './db/testing.js';
import type { AppEnv } from './http/env.js';
import { PageCache } from './http/page-cache.js';
import { tempDataDir, testApp } from './http/testing.js';
import { BackgroundWork } from './mail/background.js';
import { LocalMediaStorage } from './media/storage.js';
import { Readership } from './readership/counter.js';

describe('server errors', () => {
  it('answers 500 with a page in the language of the URL when the database fails, and keeps serving', async () => {
    const db = openDatabase({ sqlitePath: ':memory:' }); // never migrated: every query fails
    const logged: unknown[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const app = createApp({
      db,
      config: testConfig({ dataDir: tempDataDir() }),
      clock: { now: () => new Date('2022-12-02T12:00:00Z') },
      logger,
      cache: new PageCache(true),
      mailer: { send: async () => {} },
      media: new LocalMediaStorage(tempDataDir()),
      background: new BackgroundWork(logger),
      readership: new Readership({ db, clock: { now: () => new Date('2022-12-02T12:00:00Z') }, logger }),
      ads: new AdCounter({ db, clock: { now: () => new Date('2022-12-02T12:00:00Z') }, logger }),
    });
    const res = await app.request('/ar/section/world');
    expect(res.status).toBe(500);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('حدث خطأ');
    expect(html).not.toContain('no such table');
    expect(logged).toHaveLength(1);
    expect((await app.request('/en')).status).toBe(500);
    // A 404 needs the editions for its chrome: without them it is the bare page, still a cacheable 404.
    const missing = await app.request('/ar/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('public, max-age=60');
    const missingHtml = await missing.text();
    expect(missingHtml).toContain('<html lang="ar" dir="rtl">');
    expect(missingHtml).toContain('الصفحة غير موجودة');
    expect(missingHtml).not.toContain('class="masthead"');
    await db.destroy();
  });
});

describeEachDatabase('not-found pages', (db) => {
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    const dataDir = tempDataDir();
    await seedFixture(db(), dataDir);
    app = testApp(db(), { now: FIXTURE_NOW, dataDir }).app;
  });

  /** The masthead with its search form and the sections, of edition `code`. */
  const expectChrome = (html: string, code: 'ar' | 'en') => {
    expect(html).toContain('<header class="masthead">');
    expect(html).toContain(`<form method="get" action="/${code}/search">`);
    expect(html).toContain(`<a href="/${code}/section/world">`);
    expect(html).toContain('<meta name="robots" content="noindex"/>');
  };

  it('answers inside an edition with its chrome (masthead, search, navigation), cacheable', async () => {
    for (const path of ['/ar/no-such-page', '/ar/section/nope', '/ar/agency/nope']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('cache-control')).toBe('public, max-age=60');
      expect(res.headers.get('vary') ?? '').not.toContain('Accept-Language');
      const html = await res.text();
      expect(html).toMatch(/^<!doctype html><html lang="ar" dir="rtl">/);
      expect(html).toContain('<h1>الصفحة غير موجودة</h1>');
      expectChrome(html, 'ar');
    }
    const en = await (await app.request('/en/no-such-page')).text();
    expect(en).toContain('<h1>Page not found</h1>');
    expectChrome(en, 'en');
  });

  it('answers outside an edition in the language of Accept-Language, and says it varies with it', async () => {
    const ar = await app.request('/nope', { headers: { 'accept-language': 'ar' } });
    expect(ar.status).toBe(404);
    expect(ar.headers.get('vary')).toMatch(/Accept-Language/);
    expect(ar.headers.get('cache-control')).toBe('public, max-age=60');
    const arHtml = await ar.text();
    expect(arHtml).toMatch(/^<!doctype html><html lang="ar" dir="rtl">/);
    expectChrome(arHtml, 'ar');
    const en = await app.request('/nope', { headers: { 'accept-language': 'en-US,ar;q=0.5' } });
    const enHtml = await en.text();
    expect(enHtml).toMatch(/^<!doctype html><html lang="en" dir="ltr">/);
    expectChrome(enHtml, 'en');
  });
});

describeEachDatabase('the /admin sub-app', (db) => {
  const T0 = new Date('2026-03-02T09:00:00Z');
  const dataDir = tempDataDir();
  const appNow = () => testApp(db(), { now: T0, dataDir });
  /** Routes anyone may use: signing in and getting back in. */
  const open = /^\/admin\/(sign-in|sign-in\/link|password\/forgot|password\/reset)$/;
  /** A registered path with every parameter filled in. */
  const concrete = (routePath: string) =>
    // A parameter's pattern may hold braces of its own (`{[0-9a-z]{1,40}}`).
    routePath.replace(/:(\w+)(\{(?:[^{}]|\{[^}]*\})*\})?/g, (_, name: string) =>
      name === 'code' ? 'en' : 'x1',
    );
  const adminRoutes = () => {
    const seen = new Set<string>();
    return appNow()
      .app.routes.filter((r) => (r.method === 'GET' || r.method === 'POST') && r.path.startsWith('/admin'))
      .map((r) => ({ method: r.method, path: concrete(r.path) }))
      .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
  };

  beforeAll(async () => {
    await seedEditions(db(), T0);
    await seedUser(db(), { email: 'admin@news.example' }, T0);
  });

  it('sends every admin page to sign-in without a session, never cached nor indexed', async () => {
    const pages = adminRoutes().filter((r) => r.method === 'GET' && !open.test(r.path));
    expect(pages.length).toBeGreaterThan(20);
    expect(pages.map((r) => r.path)).toContain('/admin');
    for (const { path } of pages) {
      const res = await appNow().app.request(path);
      expect([path, res.status]).toEqual([path, 302]);
      expect(res.headers.get('location')).toMatch(/^\/admin\/sign-in\?next=/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-robots-tag')).toBe('noindex');
    }
  });

  it('refuses every admin POST without the CSRF token (403), and with it but no session (401, nothing done)', async () => {
    const posts = adminRoutes().filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(20);
    const browser = new TestBrowser(appNow().app);
    await browser.get('/admin/sign-in'); // the pre-session CSRF cookie and its token
    for (const { path } of posts) {
      const forged = await appNow().app.request(path, {
        method: 'POST',
        body: new URLSearchParams({ title: 'x' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect([path, forged.status]).toEqual([path, 403]);
      expect(forged.headers.get('cache-control')).toBe('no-store');
      if (open.test(path) || path === '/admin/sign-out') continue;
      const res = await browser.post(path, { title: 'typed' });
      expect([path, res.status]).toEqual([path, 401]);
      expect(await res.text()).toContain('typed');
    }
  });

  it('refuses a signed-in POST from another site even with the right token', async () => {
    const browser = new TestBrowser(appNow().app);
    await browser.get('/admin/sign-in');
    await browser.post('/admin/sign-in', { email: 'admin@news.example', password: PASSWORD });
    await browser.get('/admin/users/new');
    const res = await browser.post(
      '/admin/users/new',
      { email: 'new@news.example', role: 'admin' },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(
      await db().selectFrom('users').select('id').where('email', '=', 'new@news.example').execute(),
    ).toEqual([]);
  });

  it('guards a group whatever its place among the groups, and answers unknown admin paths no-store', async () => {
    const { deps } = appNow();
    const probe = new Hono<AppEnv>();
    probe.get('/admin/probe', (c) => c.text(`user: ${c.get('user')?.id ?? 'none'}`));
    probe.post('/admin/probe', (c) => c.text('written'));
    for (const groups of [
      [probe, accountRoutes(deps)],
      [accountRoutes(deps), probe],
    ]) {
      const app = new Hono<AppEnv>().route('/', adminApp(deps, groups));
      const page = await app.request('/admin/probe');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(await page.text()).toBe('user: none');
      const post = await app.request('/admin/probe', { method: 'POST' });
      expect(post.status).toBe(403);
    }
    const missing = await appNow().app.request('/admin/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });
});
