import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { articlePath } from '../articles/paths.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { unpublish } from '../articles/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { cacheTags } from '../http/cache-tags.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { createNodeServer } from '../server.js';

const AR_URL = `/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;

describeEachDatabase('cache tags in a header for the CDN', (db) => {
  let fixture: Fixture;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
  });

  it('Surrogate-Key: space-separated tags on the miss and on every hit', async () => {
    const { app } = testApp(db(), { now: FIXTURE_NOW, dataDir, config: { cdnTagHeader: 'surrogate-key' } });
    const miss = await app.request(AR_URL);
    expect(miss.headers.get('x-cache')).toBe('MISS');
    const keys = (miss.headers.get('surrogate-key') ?? '').split(' ');
    expect(keys).toContain(cacheTags.article(fixture.lead.arId));
    expect(keys).toContain(cacheTags.edition('ar'));
    expect(new Set(keys).size).toBe(keys.length);
    const hit = await app.request(AR_URL, { headers: { 'accept-encoding': 'br' } });
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('surrogate-key')).toBe(miss.headers.get('surrogate-key'));
    expect((await app.request('/ar')).headers.get('surrogate-key')).toContain(cacheTags.list('ar'));
  });

  it('Cache-Tag: comma-separated; and hits served before routing carry it too', async () => {
    const { app, cache } = testApp(db(), {
      now: FIXTURE_NOW,
      dataDir,
      config: { cdnTagHeader: 'cache-tag' },
    });
    const server = createNodeServer(app, cache);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const miss = await fetch(`${base}${AR_URL}`);
      expect(miss.headers.get('x-cache')).toBe('MISS');
      const hit = await fetch(`${base}${AR_URL}`);
      expect(hit.headers.get('x-cache')).toBe('HIT');
      const tags = hit.headers.get('cache-tag') ?? '';
      expect(tags.split(',')).toContain(cacheTags.article(fixture.lead.arId));
      expect(tags).toBe(miss.headers.get('cache-tag'));
      // The header is built once with the page: the memoized hit is the same object every time.
      const page = cache.lookup(AR_URL);
      expect(page?.headers['cache-tag']).toBe(tags);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a taken-down article answers 410, tagged, so its purge and a republish reach the CDN', async () => {
    const { app, cache } = testApp(db(), {
      now: FIXTURE_NOW,
      dataDir,
      config: { cdnTagHeader: 'surrogate-key' },
    });
    const id = fixture.arOthers[1] ?? '';
    const row = await db()
      .selectFrom('articles')
      .select(['slug', 'first_published_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const path = articlePath('ar', row.slug, row.first_published_at ?? '', 'Asia/Beirut');
    expect((await app.request(path)).status).toBe(200);
    await unpublish(db(), id, { userId: null, now: FIXTURE_NOW });
    await cache.syncFromChangeLog(db());
    const gone = await app.request(path);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=300');
    expect((gone.headers.get('surrogate-key') ?? '').split(' ')).toContain(cacheTags.article(id));
    expect(await gone.text()).toContain('سُحب هذا الخبر');
    expect((await app.request(path)).headers.get('x-cache')).toBe('HIT');
  });

  it('off by default; never on what is not shared (the desk, a reply setting a cookie)', async () => {
    const plain = testApp(db(), { now: FIXTURE_NOW, dataDir });
    const res = await plain.app.request(AR_URL);
    expect(res.headers.get('surrogate-key')).toBeNull();
    expect(res.headers.get('cache-tag')).toBeNull();
    const tagged = testApp(db(), { now: FIXTURE_NOW, dataDir, config: { cdnTagHeader: 'surrogate-key' } });
    const desk = await tagged.app.request('/admin/sign-in');
    expect(desk.headers.get('surrogate-key')).toBeNull();
    const missing = await tagged.app.request('/ar/2022/11/14/no-such-story');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('surrogate-key')).toBeNull();
  });
});
