import type { KyselyPlugin } from 'kysely';
import pino from 'pino';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { createDraft, publishNow, unpublish } from '../articles/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { Readership } from './counter.js';
import { isCrawler, isPrefetch } from './filters.js';

const silent = pino({ level: 'silent' });
const snapshot = (slug: string) => ({
  slug,
  headline: slug,
  standfirst: '',
  bodyHtml: '<p>x</p>',
  copyright: '',
  sectionId: null,
  leadMediaId: null,
  topicIds: [],
  byline: [],
});
const MINUTE = 60_000;
const HOUR = 3_600_000;
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const CRAWLERS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'TelegramBot (like TwitterBot)',
  'WhatsApp/2.23.20.0',
  'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse',
  'curl/8.5.0',
  'python-requests/2.31.0',
];

describe('who is a reader', () => {
  it('leaves out crawlers, preview fetchers, headless browsers and tools, but not browsers', () => {
    for (const ua of CRAWLERS) expect(isCrawler(ua), ua).toBe(true);
    expect(isCrawler(undefined)).toBe(true);
    expect(isCrawler('')).toBe(true);
    for (const ua of [
      CHROME,
      IPHONE,
      'Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0',
      'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    ])
      expect(isCrawler(ua), ua).toBe(false);
  });

  it('leaves out prefetches and prerenders', () => {
    const headers = (h: Record<string, string>) => (name: string) => h[name];
    expect(isPrefetch(headers({ 'sec-purpose': 'prefetch' }))).toBe(true);
    expect(isPrefetch(headers({ 'sec-purpose': 'prefetch;prerender' }))).toBe(true);
    expect(isPrefetch(headers({ purpose: 'prefetch' }))).toBe(true);
    expect(isPrefetch(headers({ 'x-moz': 'prefetch' }))).toBe(true);
    expect(isPrefetch(headers({}))).toBe(false);
  });
});

describeEachDatabase('the view beacon', (db) => {
  let fixture: Fixture;
  let dataDir: string;
  let now: Date;
  let readership: Readership;
  let app: ReturnType<typeof testApp>['app'];
  const article = () => fixture.arOthers[0] ?? '';

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
  });

  beforeEach(async () => {
    await db().deleteFrom('article_views').execute();
    now = new Date(FIXTURE_NOW.getTime() + 10 * MINUTE);
    readership = new Readership({ db: db(), clock: { now: () => now }, logger: silent });
    app = testApp(db(), { now: FIXTURE_NOW, dataDir, readership }).app;
  });

  const beacon = (articleId: string, headers: Record<string, string> = {}) =>
    app.request('/views', {
      method: 'POST',
      body: new URLSearchParams({ article: articleId }),
      headers: { 'user-agent': CHROME, ...headers },
    });

  const rows = () =>
    db()
      .selectFrom('article_views')
      .select(['article_id', 'hour', 'views'])
      .orderBy('hour')
      .orderBy('article_id')
      .execute()
      .then((found) => found.map((r) => ({ ...r, views: Number(r.views) })));

  it('answers 204, never stored and without a cookie, and counts the view in its hour', async () => {
    const res = await beacon(article());
    expect(res.status).toBe(204);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('x-cache')).toBeNull();
    expect(await res.text()).toBe('');
    expect(readership.pendingViews).toBe(1);
    await readership.flush();
    expect(readership.pendingViews).toBe(0);
    expect(await rows()).toEqual([{ article_id: article(), hour: '2022-12-02T12:00:00.000Z', views: 1 }]);
  });

  it('counts one client once a minute per article, and again after the minute', async () => {
    await beacon(article());
    now = new Date(now.getTime() + 30_000);
    await beacon(article());
    expect(readership.pendingViews).toBe(1);
    // Another article, another browser, or (behind a trusted proxy) another address is another view.
    await beacon(fixture.arOthers[1] ?? '');
    await beacon(article(), { 'user-agent': IPHONE });
    expect(readership.pendingViews).toBe(3);
    now = new Date(now.getTime() + MINUTE);
    await beacon(article());
    expect(readership.pendingViews).toBe(4);
    await readership.flush();
    const counted = await rows();
    expect(counted.find((r) => r.article_id === article())?.views).toBe(3);
  });

  it('tells clients apart by their address as the server sees it', async () => {
    const behindProxy = testApp(db(), {
      now: FIXTURE_NOW,
      dataDir,
      readership,
      config: { trustProxy: true },
    }).app;
    const from = (ip: string) =>
      behindProxy.request('/views', {
        method: 'POST',
        body: new URLSearchParams({ article: article() }),
        headers: { 'user-agent': CHROME, 'x-forwarded-for': ip },
      });
    await from('198.51.100.7');
    await from('198.51.100.7');
    await from('203.0.113.9');
    expect(readership.pendingViews).toBe(2);
  });

  it('ignores crawlers, prefetches and beacons sent from other sites', async () => {
    for (const ua of CRAWLERS) expect((await beacon(article(), { 'user-agent': ua })).status).toBe(204);
    expect(
      (await app.request('/views', { method: 'POST', body: new URLSearchParams({ article: article() }) }))
        .status,
    ).toBe(204);
    await beacon(article(), { 'sec-purpose': 'prefetch;prerender' });
    await beacon(article(), { purpose: 'prefetch' });
    await beacon(article(), { 'sec-fetch-site': 'cross-site' });
    expect(readership.pendingViews).toBe(0);
    await beacon(article(), { 'sec-fetch-site': 'same-origin' });
    expect(readership.pendingViews).toBe(1);
  });

  it('ignores invalid, unknown and unpublished ids without an error', async () => {
    const act = { userId: null, now: FIXTURE_NOW };
    const draft = await createDraft(db(), 'ar', snapshot('مسودة-للعد'), act);
    const withdrawn = await createDraft(db(), 'ar', snapshot('سحب-بعد-النشر'), act);
    await publishNow(db(), withdrawn, act);
    expect((await beacon(withdrawn)).status).toBe(204);
    expect(readership.pendingViews).toBe(1);
    await unpublish(db(), withdrawn, act);
    // Known public ids are remembered a minute, then asked again.
    now = new Date(now.getTime() + 2 * MINUTE);
    for (const id of ['', '../../etc/passwd', 'x'.repeat(33), '0000000000aaaaaaaaaa', draft, withdrawn]) {
      const res = await beacon(id);
      expect(res.status, id).toBe(204);
    }
    for (const body of ['', 'nothing=here', 'article=a&article=b']) {
      const res = await app.request('/views', {
        method: 'POST',
        body,
        headers: { 'user-agent': CHROME, 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status, body).toBe(204);
    }
    const json = await app.request('/views', {
      method: 'POST',
      body: JSON.stringify({ article: article() }),
      headers: { 'user-agent': CHROME, 'content-type': 'application/json' },
    });
    expect(json.status).toBe(204);
    expect(readership.pendingViews).toBe(1);
  });

  it('refuses a body larger than an id needs', async () => {
    const res = await app.request('/views', {
      method: 'POST',
      body: new URLSearchParams({ article: article(), padding: 'x'.repeat(4096) }),
      headers: { 'user-agent': CHROME },
    });
    expect(res.status).toBe(413);
    expect(readership.pendingViews).toBe(0);
  });

  it('counts the no-script image too, never stored', async () => {
    const res = await app.request(`/views/${article()}.gif`, { headers: { 'user-agent': CHROME } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await res.arrayBuffer()).byteLength).toBeLessThan(64);
    expect(readership.pendingViews).toBe(1);
    const unknown = await app.request('/views/0000000000aaaaaaaaaa.gif', {
      headers: { 'user-agent': CHROME },
    });
    expect(unknown.status).toBe(200);
    expect(readership.pendingViews).toBe(1);
  });

  it('rolls views up per article and hour: many hits one row, two hours two rows, flushes add up', async () => {
    for (let i = 0; i < 5; i++) await beacon(article(), { 'user-agent': `${CHROME} reader-${i}` });
    await readership.flush();
    for (let i = 5; i < 8; i++) await beacon(article(), { 'user-agent': `${CHROME} reader-${i}` });
    await readership.flush();
    now = new Date(now.getTime() + HOUR);
    await beacon(article());
    await beacon(article(), { 'user-agent': IPHONE });
    await readership.flush();
    expect(await rows()).toEqual([
      { article_id: article(), hour: '2022-12-02T12:00:00.000Z', views: 8 },
      { article_id: article(), hour: '2022-12-02T13:00:00.000Z', views: 2 },
    ]);
  });

  it('keeps the counts when a flush fails (database away) and writes them with the next', async () => {
    let away = false;
    const unreachable: KyselyPlugin = {
      transformQuery(args) {
        if (away)
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    readership = new Readership({
      db: db().withPlugin(unreachable),
      clock: { now: () => now },
      logger: silent,
    });
    app = testApp(db(), { now: FIXTURE_NOW, dataDir, readership }).app;
    await beacon(article());
    await beacon(fixture.arOthers[1] ?? '');
    away = true;
    await expect(readership.flush()).resolves.toBeUndefined();
    expect(readership.pendingViews).toBe(2);
    // Views keep arriving while the database is away (the article was checked before).
    await beacon(article(), { 'user-agent': IPHONE });
    await readership.flush();
    expect(readership.pendingViews).toBe(3);
    away = false;
    await readership.flush();
    expect(readership.pendingViews).toBe(0);
    const counted = await rows();
    expect(counted.map((r) => [r.article_id, r.views])).toEqual(
      expect.arrayContaining([
        [article(), 2],
        [fixture.arOthers[1], 1],
      ]),
    );
  });

  it('drops views beyond the bound of its buffer rather than grow', async () => {
    readership = new Readership({ db: db(), clock: { now: () => now }, logger: silent, maxPendingRows: 2 });
    app = testApp(db(), { now: FIXTURE_NOW, dataDir, readership }).app;
    for (const id of fixture.arOthers.slice(0, 4)) await beacon(id);
    expect(readership.pendingViews).toBe(2);
    // A row already buffered still counts.
    await beacon(article(), { 'user-agent': IPHONE });
    expect(readership.pendingViews).toBe(3);
  });

  it('writes what is buffered when stopped (the server drains it on SIGTERM)', async () => {
    readership.start();
    await beacon(article());
    await readership.stop();
    expect(await rows()).toHaveLength(1);
  });
});
