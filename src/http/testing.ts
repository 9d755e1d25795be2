import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { AdCounter } from '../ads/counter.js';
import { createApp } from '../app.js';
import { type Config, testConfig } from '../config.js';
import type { Db } from '../db/schema.js';
import { BackgroundWork } from '../mail/background.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { mediaDir } from '../media/routes.js';
import { LocalMediaStorage, type MediaStorage } from '../media/storage.js';
import type { Metrics } from '../metrics/metrics.js';
import { Readership } from '../readership/counter.js';
import type { AppDeps } from './env.js';
import { PageCache, type PageCacheOptions } from './page-cache.js';

export const tempDataDir = () => mkdtempSync(path.join(tmpdir(), 'sahifa-test-'));

/**
 * The app over `db` with a fixed clock, a silent logger and its own page cache;
 * mail goes to `dataDir/outbox` unless a `mailer` is given. Await
 * `deps.background.settled()` for the work handlers start after answering
 * (or pass one `background` to share between apps).
 */
export function testApp(
  db: Db,
  options: {
    now: Date;
    dataDir: string;
    cache?: boolean;
    /** Byte bound, change-log window and clock of the page cache (default: as the server's). */
    cacheOptions?: PageCacheOptions;
    mailer?: Mailer;
    /** Where media go (default: the folder dataDir/media). */
    media?: MediaStorage;
    config?: Partial<Config>;
    background?: BackgroundWork;
    /** Counts the beacon's views (default: one over `db` at the fixed clock; flushed only when a test calls `flush()`). */
    readership?: Readership;
    /** Counts house-ad impressions and clicks (default: one over `db` at the fixed clock, flushed by `flush()`). */
    ads?: AdCounter;
    /** Prometheus metrics (served at /metrics when the config has a METRICS_TOKEN). */
    metrics?: (deps: Omit<AppDeps, 'metrics'>) => Metrics;
  },
) {
  const cache = new PageCache(options.cache ?? true, options.cacheOptions);
  const config = testConfig({ dataDir: options.dataDir, ...options.config });
  const logger = pino({ level: 'silent' });
  const base: AppDeps = {
    db,
    config,
    clock: { now: () => options.now },
    logger,
    cache,
    mailer: options.mailer ?? createMailer(config),
    media: options.media ?? new LocalMediaStorage(mediaDir(options.dataDir)),
    background: options.background ?? new BackgroundWork(logger),
    readership: options.readership ?? new Readership({ db, clock: { now: () => options.now }, logger }),
    ads: options.ads ?? new AdCounter({ db, clock: { now: () => options.now }, logger }),
  };
  const deps: AppDeps = options.metrics ? { ...base, metrics: options.metrics(base) } : base;
  return { app: createApp(deps), cache, deps };
}
