import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, seedFixture } from '../articles/testing.js';
import { cdnAdapter } from '../cdn/adapters.js';
import { CdnPurger } from '../cdn/purger.js';
import { isPostgres } from '../db/connect.js';
import { describeEachDatabase } from '../db/testing.js';
import { logContentChange } from '../http/page-cache.js';
import { RenderGate } from '../http/render-gate.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { enqueueJob } from '../jobs/runner.js';
import {
  ensureSubscriber,
  insertIssue,
  queueIssueRecipients,
  upsertSubscriptions,
} from '../newsletters/queries.js';
import { seedNewsletter } from '../newsletters/testing.js';
import { createNodeServer } from '../server.js';
import { ingestDocument } from '../wire/ingest.js';
import { Metrics, routeGroup } from './metrics.js';

const AR_URL = `/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;
const TOKEN = 'metrics-token-0123456789';

/** The value of one series in Prometheus text, e.g. `name{a="b"}`. */
function seriesValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describeEachDatabase('metrics at /metrics', (db) => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    await seedFixture(db(), dataDir);
  });

  const withMetrics = () =>
    testApp(db(), {
      now: FIXTURE_NOW,
      dataDir,
      config: { metricsToken: TOKEN },
      metrics: (deps) =>
        new Metrics({ db: deps.db, cache: deps.cache, clock: deps.clock, renderGate: new RenderGate() }),
    });

  it('is absent without METRICS_TOKEN, and asks for the token with it', async () => {
    const off = testApp(db(), { now: FIXTURE_NOW, dataDir });
    expect((await off.app.request('/metrics')).status).toBe(404);
    const { app } = withMetrics();
    const none = await app.request('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await app.request('/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const text = await ok.text();
    expect(text).toContain('# TYPE sahifa_http_requests_total counter');
    expect(text).toContain('sahifa_renders{state="running"} 0');
    expect(text).toContain('sahifa_renders{state="waiting"} 0');
    expect(text).toContain('sahifa_renders_refused 0');
  });

  it('counts requests by route group, page-cache hits and their bytes, latency of the rest', async () => {
    const { app, cache, deps } = withMetrics();
    const server = createNodeServer(app, cache, deps.metrics);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const miss = await fetch(`${base}${AR_URL}`);
      await miss.arrayBuffer();
      const hit = await fetch(`${base}${AR_URL}`, { headers: { 'accept-encoding': 'identity' } });
      const bytes = (await hit.arrayBuffer()).byteLength;
      expect(hit.headers.get('x-cache')).toBe('HIT');
      await (await fetch(`${base}/admin/sign-in`)).arrayBuffer();
      const text = await (
        await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).text();
      expect(seriesValue(text, 'sahifa_http_requests_total{group="public",status="2xx",cache="hit"}')).toBe(
        1,
      );
      expect(seriesValue(text, 'sahifa_http_requests_total{group="public",status="2xx",cache="miss"}')).toBe(
        1,
      );
      expect(seriesValue(text, 'sahifa_http_requests_total{group="admin",status="2xx",cache="miss"}')).toBe(
        1,
      );
      expect(seriesValue(text, 'sahifa_page_cache_hit_bytes_total{group="public"}')).toBe(bytes);
      expect(seriesValue(text, 'sahifa_http_request_duration_seconds_count{group="public"}')).toBe(1);
      expect(seriesValue(text, 'sahifa_page_cache_entries')).toBeGreaterThanOrEqual(1);
      expect(seriesValue(text, 'sahifa_page_cache_bytes')).toBeGreaterThan(0);
      expect(text).toContain('sahifa_process_cpu_seconds_total');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('reports change-log lag, jobs and CDN purge failures from the database', async () => {
    const { app, cache } = withMetrics();
    await cache.skipToLatestChange(db());
    const down = cdnAdapter({ kind: 'varnish', urls: ['http://127.0.0.1:1'] });
    const purger = new CdnPurger(db(), down, { now: () => FIXTURE_NOW });
    await purger.runOnce();
    await logContentChange(db(), ['article:m1'], FIXTURE_NOW);
    await logContentChange(db(), ['article:m2'], FIXTURE_NOW);
    expect(await purger.runOnce()).toMatchObject({ state: 'failed' });
    await enqueueJob(db(), { kind: 'metrics.test', subjectId: 's1', runAt: FIXTURE_NOW }, FIXTURE_NOW);
    await enqueueJob(
      db(),
      { kind: 'metrics.test', subjectId: 's2', runAt: new Date(FIXTURE_NOW.getTime() + 3_600_000) },
      FIXTURE_NOW,
    );
    const scrape = async () =>
      (await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    let text = await scrape();
    expect(seriesValue(text, 'sahifa_change_log_lag{reader="page_cache"}')).toBe(2);
    expect(seriesValue(text, 'sahifa_change_log_lag{reader="cdn_purge"}')).toBe(2);
    expect(seriesValue(text, 'sahifa_cdn_purge_failures')).toBe(1);
    expect(seriesValue(text, 'sahifa_cdn_purge_retrying')).toBe(1);
    expect(seriesValue(text, 'sahifa_jobs{state="pending"}')).toBe(2);
    expect(seriesValue(text, 'sahifa_jobs{state="pending_due"}')).toBe(1);
    expect(seriesValue(text, 'sahifa_jobs{state="failed"}')).toBe(0);
    await cache.syncFromChangeLog(db());
    text = await scrape();
    expect(seriesValue(text, 'sahifa_change_log_lag{reader="page_cache"}')).toBe(0);
  });

  it('reports newsletter deliveries by state, wire ingest counts, and the PostgreSQL pool', async () => {
    const { app } = withMetrics();
    const scrape = async () =>
      (await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const before = await scrape();
    const queued = seriesValue(before, 'sahifa_newsletter_deliveries{state="queued"}') ?? Number.NaN;
    const stored = seriesValue(before, 'sahifa_wire_ingested{result="stored"}') ?? Number.NaN;
    const refused = seriesValue(before, 'sahifa_wire_ingested{result="error"}') ?? Number.NaN;
    expect(seriesValue(before, 'sahifa_newsletter_deliveries{state="sent"}')).toBe(0);

    const newsletterId = await seedNewsletter(db(), 'ar', `metrics ${Math.random()}`, FIXTURE_NOW);
    for (let i = 0; i < 3; i++) {
      const id = await ensureSubscriber(db(), `metrics-${i}@example.org`, FIXTURE_NOW);
      await upsertSubscriptions(db(), id, [newsletterId], 'active', FIXTURE_NOW, { keepActive: false });
    }
    const issueId = await insertIssue(
      db(),
      { newsletterId, subject: 'metrics', intro: '', articleIds: [], createdBy: null },
      FIXTURE_NOW,
    );
    expect(await queueIssueRecipients(db(), issueId, FIXTURE_NOW)).toBe(3);
    const wire = JSON.stringify([
      { uri: 'urn:wire:metrics:good', headline: 'Metrics item', language: 'ar' },
      { uri: 'urn:wire:metrics:bad', headline: '' },
    ]);
    await ingestDocument(
      db(),
      wire,
      'metrics.json',
      { publish: false, publicUrl: 'https://news.example' },
      FIXTURE_NOW,
    );
    await ingestDocument(
      db(),
      '{not json',
      'broken.json',
      { publish: false, publicUrl: 'https://news.example' },
      FIXTURE_NOW,
    );

    const text = await scrape();
    expect(seriesValue(text, 'sahifa_newsletter_deliveries{state="queued"}')).toBe(queued + 3);
    expect(seriesValue(text, 'sahifa_wire_ingested{result="stored"}')).toBe(stored + 1);
    expect(seriesValue(text, 'sahifa_wire_ingested{result="error"}')).toBe(refused + 2);
    expect(seriesValue(text, 'sahifa_wire_feeds_failing')).toBe(0);
    if (isPostgres(db())) {
      // Read while the scrape's own queries run (the test schema's pool holds 4): live figures.
      const total = seriesValue(text, 'sahifa_db_pool_connections{state="total"}') ?? Number.NaN;
      expect(total).toBeGreaterThanOrEqual(1);
      expect(total).toBeLessThanOrEqual(4);
      expect(seriesValue(text, 'sahifa_db_pool_connections{state="idle"}')).toBeLessThanOrEqual(total);
      expect(seriesValue(text, 'sahifa_db_pool_connections{state="waiting"}')).toBeGreaterThanOrEqual(0);
    } else {
      expect(text).not.toContain('sahifa_db_pool_connections');
    }
  });

  it('groups routes by their first segment', () => {
    expect(routeGroup('/admin/articles')).toBe('admin');
    expect(routeGroup('/api/v1/articles?x=1')).toBe('api');
    expect(routeGroup('/assets/site.css')).toBe('assets');
    expect(routeGroup('/media/a.webp')).toBe('media');
    expect(routeGroup('/readyz')).toBe('health');
    expect(routeGroup('/ar/2022/11/14/x')).toBe('public');
  });
});
