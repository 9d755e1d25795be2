import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isConnectionError, migrateToLatest, openDatabase } from '../db/connect.js';
import { describeEachDatabase } from '../db/testing.js';
import { createHealthState, readiness } from './health.js';
import { tempDataDir, testApp } from './testing.js';

describeEachDatabase('health endpoints', (db) => {
  const appWith = (health = createHealthState()) => {
    const { app, deps } = testApp(db(), { now: new Date('2022-12-02T12:00:00Z'), dataDir: tempDataDir() });
    deps.health = health;
    return { app, health };
  };

  it('/healthz says the process is alive, without the database, never cached', async () => {
    const res = await appWith().app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'alive' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('/readyz is 200 when the database answers and every migration has run', async () => {
    const { app } = appWith();
    const res = await app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Twice: the second answer is not a page-cache hit.
    expect((await app.request('/readyz')).headers.get('x-cache')).not.toBe('HIT');
  });

  it('/readyz is 503 with a reason while draining or after a failed integrity check', async () => {
    const { app, health } = appWith();
    health.draining = true;
    let res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', reason: 'shutting down' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    health.draining = false;
    health.integrityProblem = 'Page 12: btreeInitPage() returns error code 11';
    res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', reason: 'database integrity check failed' });
    // Alive all the same: a load balancer takes it out of rotation, an orchestrator does not kill it.
    expect((await app.request('/healthz')).status).toBe(200);
  });
});

describe('readiness', () => {
  it('is 503 when migrations are pending', async () => {
    const db = openDatabase({ sqlitePath: ':memory:' });
    try {
      const result = await readiness(db, createHealthState());
      expect(result).toEqual({
        ready: false,
        reason: expect.stringMatching(/^migrations not applied: 001_content/),
      });
      await migrateToLatest(db);
      expect(await readiness(db, createHealthState())).toEqual({ ready: true });
      await sql`delete from kysely_migration where name = '010_listing_slug_redirects'`.execute(db);
      expect(await readiness(db, createHealthState())).toEqual({
        ready: false,
        reason: 'migrations not applied: 010_listing_slug_redirects',
      });
    } finally {
      await db.destroy();
    }
  });

  it('is 503 when the database does not answer in time or at all', async () => {
    const db = openDatabase({ sqlitePath: ':memory:' });
    await migrateToLatest(db);
    // A database whose queries never return: the check gives up after its timeout.
    const hanging = db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: () => new Promise(() => {}),
    });
    expect(await readiness(hanging, createHealthState(), 100)).toEqual({
      ready: false,
      reason: 'database did not answer within 100 ms',
    });
    await db.destroy();
    expect(await readiness(db, createHealthState())).toEqual({
      ready: false,
      reason: 'database unreachable',
    });
  });
});

describe('while the database is away', () => {
  it('answers pages that need it with a 503 and Retry-After, and /healthz still with 200', async () => {
    // Nothing listens on port 1: every connection is refused, as during a PostgreSQL restart.
    const db = openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', connectTimeoutMs: 1000 });
    try {
      const { app } = testApp(db, { now: new Date('2022-12-02T12:00:00Z'), dataDir: tempDataDir() });
      for (const url of ['/ar', '/en/topic/space', '/api/v1/editions']) {
        const res = await app.request(url);
        expect(res.status, url).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(res.headers.get('cache-control')).toBe('no-store');
        const expected = url.startsWith('/api/')
          ? '"code":"unavailable"'
          : url.startsWith('/ar')
            ? 'غير متاحة مؤقتًا'
            : 'Temporarily unavailable';
        expect(await res.text()).toContain(expected);
      }
      // The admin API (its own error handler) answers the same way, in JSON.
      const api = await app.request('/api/admin/v1/articles', {
        headers: { authorization: 'Bearer sahifa_0123456789abcdef' },
      });
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toBe('5');
      expect(await api.text()).toContain('"code":"unavailable"');
      expect((await app.request('/ar')).headers.get('content-type')).toMatch(/text\/html/);
      expect((await app.request('/healthz')).status).toBe(200);
      const ready = await app.request('/readyz');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'database unreachable' });
    } finally {
      await db.destroy();
    }
  });

  it('tells connection failures from query errors', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', 'ECONNREFUSED', 'ECONNRESET']) {
      expect(isConnectionError(Object.assign(new Error('x'), { code })), code).toBe(true);
    }
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isConnectionError(new Error('wrapped', { cause: { code: '57P01' } }))).toBe(true);
    for (const code of ['23505', '22021', '42P01', 'SQLITE_CONSTRAINT_UNIQUE', undefined]) {
      expect(isConnectionError(Object.assign(new Error('x'), { code })), String(code)).toBe(false);
    }
  });
});
