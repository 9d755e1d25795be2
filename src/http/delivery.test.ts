import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { updateArticle } from '../articles/store.js';
import { articleInput, FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import { describeEachDatabase } from '../db/testing.js';
import { createNodeServer } from '../server.js';
import { preferredEncoding } from './delivery.js';
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

  it('gives data (JSON, feeds, assets) a CSP that allows nothing, without the page-only headers', async () => {
    for (const url of ['/api/v1/ar/articles', '/ar/feed.xml']) {
      for (const attempt of ['MISS', 'HIT']) {
        const res = await app.request(url, { headers: { 'accept-encoding': 'gzip' } });
        expect(res.status, url).toBe(200);
        expect(res.headers.get('x-cache'), url).toBe(attempt);
        expect(res.headers.get('content-security-policy'), url).toBe(
          "default-src 'none'; frame-ancestors 'none'",
        );
        expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
        for (const pageOnly of ['x-frame-options', 'referrer-policy', 'cross-origin-opener-policy'])
          expect(res.headers.get(pageOnly), `${url} ${pageOnly}`).toBeNull();
      }
    }
    const page = await app.request(AR_URL);
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
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

describe('content coding negotiation', () => {
  it('prefers Brotli, then gzip, and refuses a coding with q=0', () => {
    expect(preferredEncoding(undefined)).toBe('identity');
    expect(preferredEncoding('')).toBe('identity');
    expect(preferredEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(preferredEncoding('gzip, deflate')).toBe('gzip');
    expect(preferredEncoding('GZIP')).toBe('gzip');
    expect(preferredEncoding('x-gzip')).toBe('gzip');
    expect(preferredEncoding('br;q=0, gzip;q=0.8')).toBe('gzip');
    expect(preferredEncoding('br; q=0.0, gzip; q=0')).toBe('identity');
    expect(preferredEncoding('brotli, gzipped, identity')).toBe('identity');
    expect(preferredEncoding('deflate, br;q=0.5')).toBe('br');
  });
});

/** A GET through a real Node server (the cache-hit path runs before routing), its headers and raw body. */
function rawGet(base: string, url: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(
      `${base}${url}`,
      { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string>,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describeEachDatabase('cached replies in every encoding', (db) => {
  it('carry the same headers as the identity reply, each with its own ETag and the right length', async () => {
    const dataDir = tempDataDir();
    await seedFixture(db(), dataDir);
    const t = testApp(db(), { now: FIXTURE_NOW, dataDir });
    const server = createNodeServer(t.app, t.cache);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const first = await rawGet(base, AR_URL);
      expect(first.headers['x-cache']).toBe('MISS');
      const plain = first.body.toString('utf8');
      const decoders: Record<string, (b: Buffer) => Buffer> = {
        identity: (b) => b,
        gzip: gunzipSync,
        br: brotliDecompressSync,
      };
      const same = [
        'content-security-policy',
        'x-content-type-options',
        'referrer-policy',
        'x-frame-options',
        'cross-origin-opener-policy',
        'content-type',
        'cache-control',
        'vary',
      ];
      const etags = new Set<string>();
      for (const [accept, coding] of [
        [undefined, 'identity'],
        ['gzip, deflate', 'gzip'],
        ['gzip, deflate, br, zstd', 'br'],
      ] as const) {
        // Twice: the first hit builds the reply for this coding, the second is the reply kept.
        for (const round of [1, 2]) {
          const hit = await rawGet(base, AR_URL, accept);
          expect(hit.status).toBe(200);
          expect(hit.headers['x-cache'], `${coding} ${round}`).toBe('HIT');
          for (const name of same) expect(hit.headers[name], `${name} (${coding})`).toBe(first.headers[name]);
          expect(hit.headers['content-encoding']).toBe(coding === 'identity' ? undefined : coding);
          expect(Number(hit.headers['content-length'])).toBe(hit.body.length);
          expect(decoders[coding]?.(hit.body).toString('utf8')).toBe(plain);
          etags.add(hit.headers.etag ?? '');
          const revalidated = await fetch(`${base}${AR_URL}`, {
            headers: { 'accept-encoding': accept ?? 'identity', 'if-none-match': hit.headers.etag ?? '' },
          });
          expect(revalidated.status).toBe(304);
          expect(revalidated.headers.get('cache-control')).toBe(first.headers['cache-control']);
        }
      }
      // One strong ETag per coding, the identity one being the page's own.
      expect(etags.size).toBe(3);
      expect(etags.has(first.headers.etag ?? '')).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
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
