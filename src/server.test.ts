import { get, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_NOW, seedFixture } from './articles/testing.js';
import { migrateToLatest, openDatabase } from './db/connect.js';
import type { Db } from './db/schema.js';
import { tempDataDir, testApp } from './http/testing.js';
import { createNodeServer } from './server.js';

describe('the Node server in front of the app', () => {
  let db: Db;
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    db = openDatabase({ sqlitePath: ':memory:' });
    await migrateToLatest(db);
    const dataDir = tempDataDir();
    await seedFixture(db, dataDir);
    const { app, cache } = testApp(db, { now: FIXTURE_NOW, dataDir });
    const server = createNodeServer(app, cache);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(async () => {
    close();
    await db.destroy();
  });

  it('answers a cached page from the fast path with the same bytes and headers as the app', async () => {
    const miss = await fetch(`${base}/ar/section/world`);
    expect(miss.headers.get('x-cache')).toBe('MISS');
    const missBody = await miss.text();
    const hit = await fetch(`${base}/ar/section/world`);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(await hit.text()).toBe(missBody);
    for (const name of ['etag', 'content-type', 'cache-control', 'content-security-policy', 'vary']) {
      expect(hit.headers.get(name), name).toBe(miss.headers.get(name));
    }
  });

  it('negotiates encoding and revalidates on the fast path', async () => {
    const plain = await (await fetch(`${base}/ar`)).text();
    const gz = await rawGet(`${base}/ar`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['x-cache']).toBe('HIT');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(plain);
    const etag = String(gz.headers.etag);
    const revalidated = await fetch(`${base}/ar`, {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': etag },
    });
    expect(revalidated.status).toBe(304);
  });

  it('keys the cache by path and query, not by host', async () => {
    await fetch(`${base}/ar/topic/space`);
    const other = await fetch(`${base.replace('127.0.0.1', 'localhost')}/ar/topic/space`).catch(
      () => undefined,
    );
    if (other) expect(other.headers.get('x-cache')).toBe('HIT');
    const query = await fetch(`${base}/ar/topic/space?cursor=x`);
    expect(query.status).toBe(400);
  });
});

/** GET without decompression, to see the bytes on the wire. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}
