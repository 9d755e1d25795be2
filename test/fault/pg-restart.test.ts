// PostgreSQL restarted under light load with two instances: no process exits, cached pages are
// never a 5xx, reads that need the database resume within 5 s, /readyz comes back to 200.
// Runs on a throw-away cluster of its own (never the machine's PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Cluster,
  clusterSkipReason,
  createCluster,
  type Instance,
  removeTempDirs,
  sleep,
  startInstance,
  tempDir,
} from './harness.js';

const skipReason = clusterSkipReason();
if (skipReason) console.warn(`[fault] PostgreSQL restart test skipped: ${skipReason}`);

interface Outcome {
  url: string;
  status: number | 'network error';
  at: number;
  detail?: string;
}

describe.skipIf(Boolean(skipReason))('PostgreSQL restart under load, two instances', () => {
  let cluster: Cluster | undefined;
  const instances: Instance[] = [];

  beforeAll(async () => {
    cluster = await createCluster();
    const dataDir = tempDir('pg-restart');
    const env = { DATABASE_URL: cluster.url, DATA_DIR: dataDir, DB_CONNECT_TIMEOUT_MS: '2000' };
    // One after the other: the first migrates and seeds the demo newsroom, the second finds it there.
    instances.push(await startInstance(env));
    instances.push(await startInstance(env));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await cluster?.destroy();
    removeTempDirs();
  }, 120_000);

  it('keeps serving through `pg_ctl restart -m fast` and recovers by itself', async () => {
    if (!cluster) throw new Error('no cluster');
    const [a, b] = instances;
    if (!a || !b) throw new Error('instances missing');

    // Pages every reader asks for, in the page cache of both instances.
    const home = await (await fetch(`${a.base}/ar`)).text();
    const article = /href="(\/ar\/\d{4}\/\d{2}\/\d{2}\/[^"]+)"/.exec(home)?.[1];
    expect(article, 'an article link on /ar').toBeTruthy();
    const cached = ['/ar', '/en', article ?? '/ar'];
    for (const instance of instances) {
      for (const url of cached) {
        await fetch(`${instance.base}${url}`).then((r) => r.arrayBuffer());
        const again = await fetch(`${instance.base}${url}`);
        await again.arrayBuffer();
        expect(again.headers.get('x-cache'), `${url} cached`).toBe('HIT');
      }
    }

    // Light load: cached pages and reads that need the database (search is never cached), on both.
    const outcomes: Outcome[] = [];
    let loading = true;
    let n = 0;
    const worker = async (instance: Instance, urls: () => string) => {
      while (loading) {
        const url = urls();
        const at = Date.now();
        try {
          const res = await fetch(`${instance.base}${url}`, { signal: AbortSignal.timeout(15_000) });
          const body = await res.text();
          outcomes.push({
            url,
            status: res.status,
            at,
            ...(res.status >= 500 && { detail: body.slice(0, 200) }),
          });
        } catch (error) {
          outcomes.push({ url, status: 'network error', at, detail: String(error) });
        }
        await sleep(20);
      }
    };
    const cachedUrl = () => cached[n++ % cached.length] ?? '/ar';
    const dbUrl = () =>
      `/ar/search?q=${encodeURIComponent(['بيروت', 'climate', 'قمة', 'news'][n++ % 4] ?? '')}`;
    const load = [a, b].flatMap((instance) => [worker(instance, cachedUrl), worker(instance, dbUrl)]);

    await sleep(1_500);
    const restartStarted = Date.now();
    await cluster.restart();
    const backAt = Date.now();
    // Load goes on after the cluster is back, long enough to see reads resume.
    await sleep(8_000);
    loading = false;
    await Promise.all(load);

    // No process exited.
    for (const instance of instances) {
      expect(instance.process.exitCode, instance.output()).toBeNull();
      expect(instance.process.signalCode).toBeNull();
    }
    // Cached pages: never a 5xx, never a dropped connection.
    const cachedFailures = outcomes.filter(
      (o) => cached.includes(o.url) && (o.status === 'network error' || o.status >= 500),
    );
    expect(cachedFailures).toEqual([]);
    // Reads that need the database: a 503 with Retry-After at worst (never a 500 or a reset)...
    const dbOutcomes = outcomes.filter((o) => o.url.includes('/search'));
    const bad = dbOutcomes.filter((o) => o.status !== 200 && o.status !== 503);
    expect(bad).toEqual([]);
    // ...and the restart was seen: some search ran while the database was away or just back.
    expect(dbOutcomes.some((o) => o.at >= restartStarted && o.at <= backAt + 1000)).toBe(true);
    // Reads resume within 5 s of the database being back: every search started 5 s after it is a 200.
    const late = dbOutcomes.filter((o) => o.at >= backAt + 5_000);
    expect(late.length).toBeGreaterThan(0);
    expect(late.filter((o) => o.status !== 200)).toEqual([]);

    // /readyz is 200 again on both.
    for (const instance of instances) {
      const ready = await fetch(`${instance.base}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.headers.get('cache-control')).toBe('no-store');
    }
  }, 180_000);
});
