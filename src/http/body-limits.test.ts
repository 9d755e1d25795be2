import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEditions } from '../accounts/testing.js';
import { FIXTURE_NOW } from '../articles/testing.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import type { Db } from '../db/schema.js';
import { seedNewsletter } from '../newsletters/testing.js';
import { createNodeServer } from '../server.js';
import { bodyLimitFor, PUBLIC_BODY_MAX_BYTES } from './body-limits.js';
import { tempDataDir, testApp } from './testing.js';

const FIFTY_MB = 50 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

/**
 * POSTs `total` bytes to the server in 64 KB chunks, waiting for the socket
 * to drain between them, and stops when the answer comes or the connection
 * closes. Returns the status and how many bytes were written by then.
 */
function streamPost(port: number, path: string, total: number, declareLength: boolean) {
  return new Promise<{ status: number; written: number }>((resolve, reject) => {
    let written = 0;
    let status = 0;
    let stopped = false;
    const req = httpRequest({
      port,
      path,
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://news.example',
        'sec-fetch-site': 'same-origin',
        ...(declareLength ? { 'content-length': String(total) } : {}),
      },
    });
    const finish = () => {
      if (stopped) return;
      stopped = true;
      resolve({ status, written });
    };
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on('end', finish);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server closed the connection after its answer: the writes after that fail.
      if (status || error.code === 'EPIPE' || error.code === 'ECONNRESET') {
        setTimeout(() => (status ? finish() : reject(error)), 200);
      } else reject(error);
    });
    const pump = () => {
      while (!stopped && written < total) {
        written += CHUNK.length;
        if (!req.write(CHUNK)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!stopped) req.end();
    };
    pump();
  });
}

describe('request body limits', () => {
  let db: Db;
  let server: ReturnType<typeof createNodeServer>;
  let port: number;
  let newsletterId: string;

  beforeAll(async () => {
    db = openDatabase({ sqlitePath: ':memory:' });
    await migrateToLatest(db);
    await seedEditions(db, FIXTURE_NOW);
    newsletterId = await seedNewsletter(db, 'ar', 'الموجز الصباحي', FIXTURE_NOW);
    const t = testApp(db, { now: FIXTURE_NOW, dataDir: tempDataDir() });
    server = createNodeServer(t.app, t.cache);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await db.destroy();
  });

  it('public forms are small, admin forms and uploads have their own', () => {
    expect(bodyLimitFor('/ar/newsletters')).toBe(PUBLIC_BODY_MAX_BYTES);
    expect(bodyLimitFor('/newsletters/unsubscribe')).toBe(PUBLIC_BODY_MAX_BYTES);
    expect(bodyLimitFor('/admin/media')).toBeGreaterThan(15 * 1024 * 1024);
    expect(bodyLimitFor('/api/admin/v1/images')).toBeGreaterThan(15 * 1024 * 1024);
  });

  it('a 50 MB sign-up with its length declared is refused with 413 before it is read', async () => {
    const result = await streamPost(port, '/ar/newsletters', FIFTY_MB, true);
    expect(result.status).toBe(413);
    expect(result.written).toBeLessThan(FIFTY_MB / 5);
  }, 60_000);

  it('a 50 MB chunked sign-up is read only up to the limit, then refused with 413', async () => {
    const result = await streamPost(port, '/ar/newsletters', FIFTY_MB, false);
    expect(result.status).toBe(413);
    expect(result.written).toBeLessThan(FIFTY_MB / 5);
  }, 60_000);

  it('a normal sign-up still works, declared or chunked', async () => {
    const form = new URLSearchParams({ email: 'reader@example.org', newsletter: newsletterId }).toString();
    for (const chunked of [false, true]) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            port,
            path: '/ar/newsletters',
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              origin: 'https://news.example',
              'sec-fetch-site': 'same-origin',
              ...(chunked ? {} : { 'content-length': String(Buffer.byteLength(form)) }),
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(form);
      });
      expect(status).toBe(200);
    }
  });
});
