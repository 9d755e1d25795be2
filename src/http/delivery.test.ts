import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { updateArticle } from '../articles/store.js';
import { articleInput, FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from './testing.js';

const AR_URL = `/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;
const EN_URL = '/en/2022/11/14/diplomats-hold-technical-talks';

describeEachDatabase('delivery: ETag, compression, headers', (db) => {
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    const dataDir = tempDataDir();
    await seedFixture(db(), dataDir);
    app = testApp(db(), { now: FIXTURE_NOW, dataDir }).app;
  });

  it('sends a strong ETag and answers 304 to If-None-Match', async () => {
    const first = await app.request(AR_URL);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const again = await app.request(AR_URL, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const stale = await app.request(AR_URL, { headers: { 'if-none-match': '"other"' } });
    expect(stale.status).toBe(200);
  });

  it('caches at the edge with s-maxage and stale-while-revalidate', async () => {
    const res = await app.request('/ar');
    expect(res.headers.get('cache-control')).toMatch(
      /public, max-age=\d+, s-maxage=\d+, stale-while-revalidate=\d+/,
    );
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
  });

  it('compresses with brotli or gzip, each with its own ETag', async () => {
    const plain = await app.request(AR_URL);
    const plainBody = await plain.text();
    const gz = await app.request(AR_URL, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(plainBody);
    const br = await app.request(AR_URL, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const revalidated = await app.request(AR_URL, {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.get('etag') ?? '' },
    });
    expect(revalidated.status).toBe(304);
  });

  it('sets security headers on pages, errors and assets', async () => {
    const page = await app.request('/ar');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const missing = await app.request('/ar/section/nope');
    expect(missing.headers.get('content-security-policy')).toBe(csp);
    const html = await page.text();
    const css = html.match(/href="(\/assets\/site\.[^"]+\.css)"/)?.[1] ?? '';
    const asset = await app.request(css);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('has no inline script or style on the page, so the CSP needs no exceptions', async () => {
    const html = await (await app.request(AR_URL)).text();
    expect(html).not.toMatch(/<script(?![^>]*(src=|application\/ld\+json))/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
  });

  it('answers HEAD without a body', async () => {
    const res = await app.request('/ar', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describeEachDatabase('page cache invalidation', (db) => {
  let fixture: Fixture;
  let t: ReturnType<typeof testApp>;

  beforeAll(async () => {
    const dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    t = testApp(db(), { now: FIXTURE_NOW, dataDir });
    await t.cache.skipToLatestChange(db());
  });

  it('serves repeat requests from the cache and purges exactly the pages a change affects', async () => {
    const pages = [
      AR_URL,
      EN_URL,
      '/ar',
      '/ar/section/world',
      '/ar/section/science',
      '/en',
      '/ar/topic/space',
    ];
    for (const url of pages) expect((await t.app.request(url)).headers.get('x-cache'), url).toBe('MISS');
    for (const url of pages) expect((await t.app.request(url)).headers.get('x-cache'), url).toBe('HIT');

    // An update of the Arabic story (world section, diplomacy topic), as the CLI or another instance would write it.
    await updateArticle(
      db(),
      fixture.lead.arId,
      articleInput({
        editionCode: 'ar',
        slug: 'دبلوماسيون-يجرون-محادثات',
        headline: 'عنوان محدث',
        sectionId: fixture.sections.arWorld,
        topicIds: [fixture.topics.arDiplomacy],
        byline: [{ agencyId: fixture.agencyId }],
        translationGroup: fixture.lead.group,
        firstPublishedAt: '2022-11-14T10:00:00.000Z',
        lastUpdatedAt: '2022-11-20T10:00:00.000Z',
      }),
      FIXTURE_NOW,
    );
    expect((await t.app.request(AR_URL)).headers.get('x-cache')).toBe('HIT');
    expect(await t.cache.syncFromChangeLog(db())).toBe(1);

    const state = async (url: string) => (await t.app.request(url)).headers.get('x-cache');
    expect(await state(AR_URL)).toBe('MISS');
    expect(await state(EN_URL)).toBe('MISS'); // its translation links to it
    expect(await state('/ar')).toBe('MISS');
    expect(await state('/ar/section/world')).toBe('MISS');
    // Untouched: another section, another edition's home, a topic the story is not in.
    expect(await state('/ar/section/science')).toBe('HIT');
    expect(await state('/en')).toBe('HIT');
    expect(await state('/ar/topic/space')).toBe('HIT');

    const html = await (await t.app.request(AR_URL)).text();
    expect(html).toContain('<h1>عنوان محدث</h1>');
    expect(html).toContain('آخر تحديث <time datetime="2022-11-20T12:00:00+02:00" dir="auto">');
  });

  it('does not cache when the cache is off', async () => {
    const off = testApp(db(), { now: FIXTURE_NOW, dataDir: tempDataDir(), cache: false });
    await off.app.request('/ar');
    expect((await off.app.request('/ar')).headers.get('x-cache')).toBe('MISS');
    expect(off.cache.size).toBe(0);
  });
});

describe('page cache across processes on one SQLite file', () => {
  it('purges a page after another connection (the CLI, another instance) changes the article', async () => {
    const dataDir = tempDataDir();
    const file = path.join(dataDir, 'sahifa.sqlite');
    const server = openDatabase({ sqlitePath: file });
    await migrateToLatest(server);
    const fixture = await seedFixture(server, dataDir);
    const t = testApp(server, { now: FIXTURE_NOW, dataDir });
    await t.cache.skipToLatestChange(server);
    await t.app.request(AR_URL);
    expect((await t.app.request(AR_URL)).headers.get('x-cache')).toBe('HIT');

    const cli = openDatabase({ sqlitePath: file });
    await updateArticle(
      cli,
      fixture.lead.arId,
      articleInput({
        editionCode: 'ar',
        slug: 'دبلوماسيون-يجرون-محادثات',
        headline: 'تحديث من سطر الأوامر',
        firstPublishedAt: '2022-11-14T10:00:00.000Z',
      }),
      FIXTURE_NOW,
    );
    await cli.destroy();

    await t.cache.syncFromChangeLog(server);
    const res = await t.app.request(AR_URL);
    expect(res.headers.get('x-cache')).toBe('MISS');
    expect(await res.text()).toContain('تحديث من سطر الأوامر');
    await server.destroy();
  });
});
