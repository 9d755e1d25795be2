import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlePath } from '../../src/articles/paths.js';
import { openDatabase } from '../../src/db/connect.js';
import type { Db } from '../../src/db/schema.js';
import { ADMIN_API_BASE } from '../../src/integrations/api.js';
import { createIntegration } from '../../src/integrations/integrations.js';
import { type S3TestServer, startS3Server, TEST_BUCKET } from '../../src/media/s3-testing.js';
import { freePort, type Instance, removeTempDirs, sleep, startInstance, tempDir } from '../fault/harness.js';
import { startVarnish, type Varnish, varnishSkipReason } from './varnish.js';

const url = process.env.TEST_DATABASE_URL;
if (!url && process.env.SAHIFA_REQUIRE_POSTGRES === '1') {
  throw new Error(
    'SAHIFA_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the Varnish test would be skipped',
  );
}
const skip = !url ? 'set TEST_DATABASE_URL' : varnishSkipReason();

/** Fetches `path` through Varnish until `ok` holds; returns how long that took (ms), or throws after `withinMs`. */
async function freshWithin(
  base: string,
  path: string,
  withinMs: number,
  ok: (res: Response, body: string) => boolean,
): Promise<number> {
  const start = performance.now();
  for (;;) {
    const res = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'gzip' } });
    const body = await res.text();
    if (ok(res, body)) return performance.now() - start;
    if (performance.now() - start > withinMs)
      throw new Error(`not fresh within ${withinMs} ms: ${res.status} ${res.headers.get('x-edge-cache')}`);
    await sleep(20);
  }
}

/**
 * Varnish (deploy/varnish, xkey) in front of two instances on one PostgreSQL
 * database and one S3 bucket (s3rver), both purging through the change log: a
 * change made on instance A reaches readers through Varnish at once, wherever
 * Varnish fetches from (the purge waits until both instances' page caches have
 * dropped the old page); media A wrote are served by B, which has no copy.
 */
describe.skipIf(skip)(
  `Varnish in front of two instances on PostgreSQL${skip ? ` [skipped: ${skip}]` : ''}`,
  () => {
    const database = `sahifa_varnish_${randomBytes(4).toString('hex')}`;
    let databaseUrl: string;
    let admin: Db;
    let db: Db;
    let a: Instance;
    let b: Instance;
    let varnish: Varnish;
    let s3: S3TestServer;
    let token: string;
    let article: { id: string; path: string; headline: string };

    beforeAll(async () => {
      admin = openDatabase({ url: url ?? '', poolSize: 1 });
      await sql.raw(`create database ${database}`).execute(admin);
      const target = new URL(url ?? '');
      target.pathname = `/${database}`;
      databaseUrl = target.href;
      s3 = await startS3Server();
      const env = {
        DATABASE_URL: databaseUrl,
        CDN_PURGE: 'varnish',
        CHANGE_POLL_MS: '200',
        CDN_PURGE_POLL_MS: '100',
        MEDIA_STORE: `s3://${TEST_BUCKET}/media`,
        S3_ENDPOINT: s3.endpoint,
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        S3_FORCE_PATH_STYLE: '1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      };
      // Ports first: the instances purge at Varnish's address (retrying until it listens), Varnish fetches from theirs.
      const [portA, portB, portVarnish] = [await freePort(), await freePort(), await freePort()];
      const purgeAt = { ...env, CDN_PURGE_URL: `http://127.0.0.1:${portVarnish}` };
      // A migrates and seeds the demo newsroom; B starts on the database A made.
      a = await startInstance({ ...purgeAt, DATA_DIR: tempDir('a'), PORT: String(portA) });
      b = await startInstance({ ...purgeAt, DATA_DIR: tempDir('b'), PORT: String(portB) });
      varnish = await startVarnish([`127.0.0.1:${portA}`, `127.0.0.1:${portB}`], portVarnish);

      db = openDatabase({ url: databaseUrl, poolSize: 2 });
      const created = await createIntegration(
        db,
        { name: 'varnish-test', role: 'editor', editions: ['ar', 'en'] },
        null,
        new Date(),
      );
      if (!created.ok) throw new Error(created.error);
      token = created.token;
      const row = await db
        .selectFrom('articles')
        .innerJoin('editions', 'editions.code', 'articles.edition_code')
        .select([
          'articles.id',
          'articles.slug',
          'articles.edition_code',
          'articles.first_published_at',
          'articles.headline',
          'editions.time_zone',
        ])
        .where('articles.status', '=', 'published')
        .orderBy('articles.first_published_at', 'desc')
        .executeTakeFirstOrThrow();
      article = {
        id: row.id,
        path: articlePath(row.edition_code, row.slug, row.first_published_at ?? '', row.time_zone),
        headline: row.headline,
      };
      // Both backends healthy in Varnish's eyes (its probe needs a few rounds after the restart).
      await freshWithin(varnish.base, article.path, 30_000, (res) => res.status === 200);
    });

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop(), varnish?.stop()]);
      await s3?.close();
      await db?.destroy();
      if (admin)
        await sql
          .raw(`drop database if exists ${database} with (force)`)
          .execute(admin)
          .catch(() => {});
      await admin?.destroy();
      removeTempDirs();
    });

    const api = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${a.base}${ADMIN_API_BASE}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { article: { version: number } };
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };

    it('caches public pages at the edge, tags stripped, cookies ignored; the desk passes', async () => {
      const first = await fetch(`${varnish.base}${article.path}`, {
        headers: { cookie: 'sahifa_reader=x; _ga=1' },
      });
      expect(first.status).toBe(200);
      const again = await fetch(`${varnish.base}${article.path}`, { headers: { cookie: 'other=1' } });
      expect(again.headers.get('x-edge-cache')).toBe('HIT');
      expect(again.headers.get('surrogate-key')).toBeNull();
      expect(again.headers.get('xkey')).toBeNull();
      const desk = await fetch(`${varnish.base}/admin/sign-in`);
      expect(desk.headers.get('x-edge-cache')).toBe('MISS');
      expect((await fetch(`${varnish.base}/admin/sign-in`)).headers.get('x-edge-cache')).toBe('MISS');
      const refused = await fetch(`${varnish.base}/`, { method: 'PURGE' });
      expect(refused.status).toBe(400);
    });

    it('media are in the bucket: the demo images A wrote are served by B and through Varnish', async () => {
      const objects = await s3.objects();
      const image = objects.find((key) => key.startsWith('media/') && key.endsWith('.webp'));
      expect(image, `objects in the bucket: ${objects.length}`).toBeDefined();
      const mediaPath = `/${image}`;
      // Neither instance has a media folder of its own with it: B reads the bucket A wrote to.
      for (const base of [b.base, a.base]) {
        const res = await fetch(`${base}${mediaPath}`);
        expect(res.status, base).toBe(200);
        expect(res.headers.get('content-type')).toBe('image/webp');
        expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
      }
      const edge = await freshWithin(varnish.base, mediaPath, 5_000, (res) => res.status === 200);
      expect(edge).toBeLessThan(5_000);
    });

    it('an update made on instance A is served fresh through Varnish within 2 s', async () => {
      await freshWithin(
        varnish.base,
        article.path,
        5_000,
        (res) => res.headers.get('x-edge-cache') === 'HIT',
      );
      const { article: current } = await api('GET', `/articles/${article.id}`, undefined);
      const headline = `Updated through A ${randomBytes(3).toString('hex')}`;
      await api('PATCH', `/articles/${article.id}`, { version: current.version, kind: 'update', headline });
      const took = await freshWithin(varnish.base, article.path, 2_000, (_res, body) =>
        body.includes(headline),
      );
      expect(took).toBeLessThan(2_000);
      console.info(`update fresh through Varnish after ${Math.round(took)} ms`);
      // And stays fresh: Varnish did not fetch the old page again from an instance still holding it.
      for (let i = 0; i < 10; i++) {
        const again = await fetch(`${varnish.base}${article.path}`);
        expect(await again.text()).toContain(headline);
        await sleep(100);
      }
    });

    it('a kill returns 410 through Varnish within 1 s', async () => {
      await freshWithin(
        varnish.base,
        article.path,
        5_000,
        (res) => res.headers.get('x-edge-cache') === 'HIT',
      );
      await api('POST', `/articles/${article.id}/unpublish`, {});
      const took = await freshWithin(varnish.base, article.path, 1_000, (res) => res.status === 410);
      expect(took).toBeLessThan(1_000);
      console.info(`kill served as 410 through Varnish after ${Math.round(took)} ms`);
      // Purged once: the cursor is past the change, whichever instance purged it.
      const cursor = await db.selectFrom('cdn_purges').selectAll().executeTakeFirstOrThrow();
      expect(cursor.last_error).toBeNull();
    });
  },
);
