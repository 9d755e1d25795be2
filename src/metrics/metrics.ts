import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { purgeStatus } from '../cdn/purger.js';
import { poolUse } from '../db/connect.js';
import type { Db } from '../db/schema.js';
import type { Clock } from '../http/env.js';
import type { PageCache } from '../http/page-cache.js';
import type { RenderGate } from '../http/render-gate.js';

/** Route groups: few and fixed, so labels stay cheap and the series bounded. */
export const ROUTE_GROUPS = ['public', 'admin', 'api', 'assets', 'media', 'health'] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

/** The group of a request path (with or without its query). */
export function routeGroup(url: string): RouteGroup {
  if (url.startsWith('/admin')) return 'admin';
  if (url.startsWith('/api/')) return 'api';
  if (url.startsWith('/assets/')) return 'assets';
  if (url.startsWith('/media/')) return 'media';
  if (url === '/healthz' || url === '/readyz' || url.startsWith('/metrics')) return 'health';
  return 'public';
}

const DELIVERY_STATES = ['queued', 'sending', 'handoff', 'sent', 'failed', 'uncertain'] as const;

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

/**
 * The instance's metrics, in its own registry (never prom-client's global
 * one: a test makes many apps). Requests are counted where they are
 * answered: a page-cache hit in the server before routing, the rest when the
 * response ends. Database-backed figures (change-log lag, jobs, purges) are
 * read when /metrics is scraped.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'group' | 'status' | 'cache'>;
  private readonly duration: Histogram<'group'>;
  private readonly hitBytes: Counter<'group'>;
  /** Pre-bound children for the hot path: no label lookup per cached reply. */
  private readonly hitChildren = new Map<
    RouteGroup,
    { requests: { inc(): void }; bytes: { inc(n: number): void } }
  >();

  constructor(deps: { db: Db; cache: PageCache; clock: Clock; renderGate?: RenderGate }) {
    const { db, cache, clock, renderGate } = deps;
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'sahifa_' });
    this.requests = new Counter({
      name: 'sahifa_http_requests_total',
      help: 'HTTP requests answered, by route group, status class and whether the page cache answered',
      labelNames: ['group', 'status', 'cache'],
      registers,
    });
    this.duration = new Histogram({
      name: 'sahifa_http_request_duration_seconds',
      help: 'Time to answer requests that reach the app (page-cache hits are answered before routing)',
      labelNames: ['group'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.hitBytes = new Counter({
      name: 'sahifa_page_cache_hit_bytes_total',
      help: 'Body bytes served from the page cache',
      labelNames: ['group'],
      registers,
    });
    for (const group of ROUTE_GROUPS) {
      this.hitChildren.set(group, {
        requests: this.requests.labels(group, '2xx', 'hit'),
        bytes: this.hitBytes.labels(group),
      });
    }
    new Gauge({
      name: 'sahifa_page_cache_bytes',
      help: 'Bytes held by the page cache (bounded by PAGE_CACHE_BYTES)',
      registers,
      collect() {
        this.set(cache.usedBytes);
      },
    });
    if (renderGate) {
      new Gauge({
        name: 'sahifa_renders',
        help: 'Public page renders (page-cache misses) running now, and waiting for a slot',
        labelNames: ['state'],
        registers,
        collect() {
          this.set({ state: 'running' }, renderGate.active);
          this.set({ state: 'waiting' }, renderGate.queued);
        },
      });
      new Gauge({
        name: 'sahifa_renders_refused',
        help: 'Requests turned away (503) because the render line was full or they waited too long',
        registers,
        collect() {
          this.set(renderGate.refused);
        },
      });
    }
    new Gauge({
      name: 'sahifa_page_cache_entries',
      help: 'Pages held by the page cache',
      registers,
      collect() {
        this.set(cache.size);
      },
    });
    const latestSeq = async () =>
      Number(
        (
          await db
            .selectFrom('content_changes')
            .select((eb) => eb.fn.max('seq').as('seq'))
            .executeTakeFirst()
        )?.seq ?? 0,
      );
    new Gauge({
      name: 'sahifa_change_log_lag',
      help: 'Content changes logged and not yet read: by this instance’s page cache, and by the CDN purger (all instances)',
      labelNames: ['reader'],
      registers,
      async collect() {
        const [latest, purge] = await Promise.all([latestSeq(), purgeStatus(db)]);
        this.set(
          { reader: 'page_cache' },
          Math.max(0, latest - cache.changeLogSeq) + cache.pendingChangeSeqs.length,
        );
        if (purge) this.set({ reader: 'cdn_purge' }, purge.lag);
      },
    });
    new Gauge({
      name: 'sahifa_jobs',
      help: 'Durable jobs by state (pending_due: pending and due now)',
      labelNames: ['state'],
      registers,
      async collect() {
        const rows = await db
          .selectFrom('jobs')
          .select((eb) => ['state', eb.fn.countAll<string | number>().as('count')])
          .where('state', 'in', ['pending', 'failed'])
          .groupBy('state')
          .execute();
        const due = await db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll<string | number>().as('count'))
          .where('state', '=', 'pending')
          .where('run_at', '<=', clock.now().toISOString())
          .executeTakeFirst();
        this.reset();
        this.set({ state: 'pending' }, 0);
        this.set({ state: 'failed' }, 0);
        for (const row of rows) this.set({ state: row.state }, Number(row.count));
        this.set({ state: 'pending_due' }, Number(due?.count ?? 0));
      },
    });
    new Gauge({
      name: 'sahifa_cdn_purge_failures',
      help: 'Failed CDN purge calls, all instances, since the purger first ran',
      registers,
      async collect() {
        this.set((await purgeStatus(db))?.failures ?? 0);
      },
    });
    new Gauge({
      name: 'sahifa_cdn_purge_retrying',
      help: 'Failures in a row of the batch the CDN purger is retrying (0: none)',
      registers,
      async collect() {
        this.set((await purgeStatus(db))?.attempts ?? 0);
      },
    });
    new Gauge({
      name: 'sahifa_newsletter_deliveries',
      help: 'Newsletter messages by delivery state, all instances (sent and failed ever; queued, sending, handoff and uncertain now)',
      labelNames: ['state'],
      registers,
      async collect() {
        const rows = await db
          .selectFrom('newsletter_deliveries')
          .select((eb) => ['state', eb.fn.countAll<string | number>().as('count')])
          .groupBy('state')
          .execute();
        this.reset();
        for (const state of DELIVERY_STATES) this.set({ state }, 0);
        for (const row of rows) this.set({ state: row.state }, Number(row.count));
      },
    });
    new Gauge({
      name: 'sahifa_wire_ingested',
      help: 'Wire item versions received (feeds, drop folders, CLI), all instances: stored, or refused with an error',
      labelNames: ['result'],
      registers,
      async collect() {
        const row = await db
          .selectFrom('wire_item_versions')
          .select((eb) => [
            eb.fn.countAll<string | number>().as('all'),
            eb.fn.count<string | number>('error').as('failed'),
          ])
          .executeTakeFirst();
        const failed = Number(row?.failed ?? 0);
        this.set({ result: 'stored' }, Number(row?.all ?? 0) - failed);
        this.set({ result: 'error' }, failed);
      },
    });
    new Gauge({
      name: 'sahifa_wire_feeds_failing',
      help: 'Wire feeds whose last poll failed',
      registers,
      async collect() {
        const row = await db
          .selectFrom('wire_feeds')
          .select((eb) => eb.fn.countAll<string | number>().as('count'))
          .where('failures', '>', 0)
          .executeTakeFirst();
        this.set(Number(row?.count ?? 0));
      },
    });
    // PostgreSQL only: SQLite has one connection and no pool.
    if (poolUse(db)) {
      new Gauge({
        name: 'sahifa_db_pool_connections',
        help: "This instance's PostgreSQL pool: connections open (total) and idle, and queries waiting for one",
        labelNames: ['state'],
        registers,
        collect() {
          const use = poolUse(db);
          if (!use) return;
          this.set({ state: 'total' }, use.total);
          this.set({ state: 'idle' }, use.idle);
          this.set({ state: 'waiting' }, use.waiting);
        },
      });
    }
  }

  /** A page answered from the page cache before routing: the hot path, two increments. */
  cacheHit(url: string, status: number, bytes: number): void {
    const group = routeGroup(url);
    const child = this.hitChildren.get(group);
    if (status === 200 && child) child.requests.inc();
    else this.requests.inc({ group, status: statusClass(status), cache: 'hit' });
    child?.bytes.inc(bytes);
  }

  /** A request about to reach the app: call the returned function when its response ends. */
  startRequest(url: string): (status: number) => void {
    const group = routeGroup(url);
    const end = this.duration.startTimer({ group });
    return (status) => {
      end();
      this.requests.inc({ group, status: statusClass(status), cache: 'miss' });
    };
  }
}
