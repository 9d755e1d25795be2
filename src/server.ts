import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import pino from 'pino';
import { pruneAccountRows } from './accounts/cleanup.js';
import { AdCounter } from './ads/counter.js';
import { createApp } from './app.js';
import { cdnAdapter } from './cdn/adapters.js';
import { PageCacheSyncReporter } from './cdn/instance-sync.js';
import { CdnPurger } from './cdn/purger.js';
import type { Config } from './config.js';
import {
  assertIntact,
  checkDataDir,
  explainSqliteFailure,
  fileIntegrityProblem,
  StartupError,
} from './db/checks.js';
import { isConnectionError, migrateToLatest, openDatabase } from './db/connect.js';
import type { Db } from './db/schema.js';
import { seedDemoContent } from './demo/seed.js';
import { serveFromCache } from './http/delivery.js';
import { systemClock } from './http/env.js';
import { createHealthState } from './http/health.js';
import { PageCache } from './http/page-cache.js';
import { RenderGate } from './http/render-gate.js';
import { startScheduler } from './jobs/runner.js';
import { BackgroundWork } from './mail/background.js';
import { createMailer } from './mail/mailer.js';
import { mediaDir } from './media/routes.js';
import { openMediaStorage } from './media/storage.js';
import { Metrics } from './metrics/metrics.js';
import { newsletterJobs } from './newsletters/jobs.js';
import { SMTP_CONNECTIONS, startNewsletterSender } from './newsletters/sender.js';
import { newsroomJobs } from './newsroom/scheduler.js';
import { podcastJobs } from './podcasts/jobs.js';
import { pruneReaderRows } from './readers/store.js';
import { Readership } from './readership/counter.js';
import { indexMissingArticles } from './search/queries.js';
import { ensurePollJobs } from './wire/feeds.js';
import { wireLimitsOf, wirePoller } from './wire/poll.js';

export function databasePath(config: Config): string {
  return `${config.dataDir}/sahifa.sqlite`;
}

export function openConfiguredDatabase(config: Config, onConnectionError?: (error: Error) => void) {
  return openDatabase({
    url: config.databaseUrl,
    sqlitePath: databasePath(config),
    connectTimeoutMs: config.dbConnectTimeoutMs,
    onConnectionError,
  });
}

/**
 * DATA_DIR writable, the database reachable, sound and migrated; otherwise a
 * StartupError naming the path (or host) and the cause.
 */
async function openCheckedDatabase(config: Config, logger: pino.Logger): Promise<Db> {
  const file = databasePath(config);
  checkDataDir(config.dataDir, config.databaseUrl ? undefined : file);
  let db: Db | undefined;
  try {
    db = openConfiguredDatabase(config, (err) => logger.warn({ err }, 'database connection lost'));
    if (!config.databaseUrl) await assertIntact(db, file);
    await migrateToLatest(db);
    return db;
  } catch (error) {
    await db?.destroy().catch(() => {});
    if (error instanceof StartupError) throw error;
    if (config.databaseUrl) {
      if (!isConnectionError(error)) throw error;
      const where = new URL(config.databaseUrl);
      throw new StartupError(
        `PostgreSQL at ${where.hostname}:${where.port || 5432} (DATABASE_URL) does not answer: ${
          error instanceof Error ? error.message : String(error)
        }. Start it or correct DATABASE_URL, then start again.`,
        { cause: error },
      );
    }
    throw explainSqliteFailure(error, file);
  }
}

/** Cached pages are answered before Hono sees the request; everything else goes through the app. */
export function createNodeServer(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  cache: PageCache,
  metrics?: Metrics,
) {
  const handle = getRequestListener(app.fetch);
  if (!metrics) {
    return createServer((req, res) => {
      if (!serveFromCache(cache, req, res)) void handle(req, res);
    });
  }
  return createServer((req, res) => {
    const url = req.url ?? '/';
    if (serveFromCache(cache, req, res, (status, bytes) => metrics.cacheHit(url, status, bytes))) return;
    const done = metrics.startRequest(url);
    res.once('finish', () => done(res.statusCode));
    void handle(req, res);
  });
}

/** Opens and migrates the database, seeds demo content into an empty one, and serves HTTP until a signal. */
export async function startServer(config: Config) {
  const logger = pino({ level: config.logLevel });
  const db = await openCheckedDatabase(config, logger);
  const health = createHealthState();
  const media = openMediaStorage(config.mediaStore, mediaDir(config.dataDir), logger);
  const indexed = await indexMissingArticles(db);
  if (indexed > 0) logger.info({ articles: indexed }, 'indexed articles missing from the search index');
  if (config.demoContent) {
    const seeded = await seedDemoContent(db, media, systemClock.now());
    if (seeded) logger.info(seeded, 'demo content created');
  }
  const cache = new PageCache(config.pageCache, {
    maxBytes: config.pageCacheBytes,
    changeLogWindowMs: config.changeLogWindowMs,
  });
  await cache.skipToLatestChange(db);
  // With a CDN in front: this instance tells the purger how far its page cache has read the change log.
  const instanceId = randomBytes(8).toString('hex');
  const syncReporter =
    config.cdnPurge && config.pageCache ? new PageCacheSyncReporter(db, instanceId) : undefined;
  await syncReporter?.report(cache.changeLogSeq, systemClock.now());
  const renderGate = new RenderGate(config.renderGate);
  const metrics = config.metricsToken
    ? new Metrics({ db, cache, clock: systemClock, renderGate })
    : undefined;
  const mailer = createMailer(config);
  const background = new BackgroundWork(logger);
  // Readers' views: buffered in memory, written every few seconds and once more while draining.
  const readership = new Readership({ db, clock: systemClock, logger });
  readership.start();
  // House-ad impressions and clicks, the same way.
  const ads = new AdCounter({ db, clock: systemClock, logger });
  ads.start();
  const app = createApp({
    renderGate,
    db,
    config,
    clock: systemClock,
    logger,
    cache,
    mailer,
    media,
    health,
    background,
    readership,
    ads,
    ...(metrics && { metrics }),
  });
  // A stray rejected promise (a query whose caller went away) is logged, not a reason to stop serving.
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

  // Changes made by the CLI or by other instances arrive through the change log.
  const poll = setInterval(() => {
    cache
      .syncFromChangeLog(db)
      .then(() => syncReporter?.report(cache.changeLogSeq, systemClock.now()))
      .catch((err) => logger.warn({ err }, 'change log poll failed'));
  }, config.changePollMs);
  poll.unref();

  // Expired sessions (newsroom and readers), used links and old sign-in attempts: pruned hourly by every instance (idempotent).
  const prune = setInterval(() => {
    pruneAccountRows(db, systemClock.now()).catch((err) => logger.warn({ err }, 'account pruning failed'));
    pruneReaderRows(db, systemClock.now()).catch((err) => logger.warn({ err }, 'reader pruning failed'));
  }, 3_600_000);
  prune.unref();

  // SQLite: a file damaged while serving (disk, a bad copy) is reported here and by /readyz, not by readers' 500s.
  const integrity =
    !config.databaseUrl && config.dbIntegrityCheckMinutes > 0
      ? setInterval(() => {
          const problem = fileIntegrityProblem(databasePath(config));
          if (problem && problem !== health.integrityProblem) {
            logger.error(
              { file: databasePath(config), problem },
              'database integrity check failed: restore the file from a backup',
            );
          }
          health.integrityProblem = problem;
        }, config.dbIntegrityCheckMinutes * 60_000)
      : undefined;
  integrity?.unref();

  // Wire feeds: one chain of poll jobs per feed; a broken chain restarts here.
  const wire = wirePoller({
    db,
    clock: systemClock,
    logger,
    publicUrl: config.publicUrl,
    ...wireLimitsOf(config),
  });
  await ensurePollJobs(db, systemClock.now());
  // Scheduled publishing: durable jobs in the database, claimed by one instance each.
  const stopScheduler = startScheduler(db, systemClock, logger, {
    ...newsroomJobs,
    ...wire.jobs,
    ...newsletterJobs,
    ...podcastJobs,
  });
  // Newsletter mail: the outbox rows the jobs queue, sent over pooled SMTP connections at NEWSLETTER_RATE.
  const stopNewsletters = startNewsletterSender({
    db,
    mailer: createMailer({ ...config, pool: { maxConnections: SMTP_CONNECTIONS } }),
    clock: systemClock,
    logger,
    publicUrl: config.publicUrl,
    rate: config.newsletterRate,
  });
  // CDN purges: every instance polls the change log, one claims each run (each change purged once).
  const purger = config.cdnPurge
    ? new CdnPurger(
        db,
        cdnAdapter(config.cdnPurge, { outboundAllow: config.outboundAllow, logger }),
        systemClock,
        {
          instanceId,
          windowMs: config.changeLogWindowMs,
          // Every instance polls the change log every CHANGE_POLL_MS: a purge waits a few polls at most.
          syncWaitMs: Math.max(3_000, config.changePollMs * 5),
          logger,
        },
      )
    : undefined;
  const stopPurger = purger?.start(config.cdnPurgePollMs) ?? (async () => {});
  const server = createNodeServer(app, cache, metrics);
  server.on('error', (err: NodeJS.ErrnoException) => {
    logger.fatal({ err }, `cannot listen on ${config.host}:${config.port}: ${err.code ?? err.message}`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    logger.info(
      { port: config.port, database: config.databaseUrl ? 'postgresql' : databasePath(config) },
      `Sahifa is serving ${config.publicUrl}`,
    );
  });

  /**
   * Drains: /readyz answers 503, no new connections, in-flight requests, jobs,
   * polls and newsletter batches finish, buffered views are written, then the database closes.
   */
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      health.draining = true;
      clearInterval(poll);
      clearInterval(prune);
      clearInterval(integrity);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections go as soon as their request is answered.
      const sweep = setInterval(() => server.closeIdleConnections(), 200);
      server.closeIdleConnections();
      try {
        await Promise.all([closed, stopScheduler(), stopNewsletters(), stopPurger()]);
        // Polls in flight finish (each is bounded by its timeout) before the database closes.
        await wire.settled();
        // Reset and confirmation mail started after their answers.
        await background.settled();
        // Views counted by the last requests.
        await readership.stop();
        await ads.stop();
        // Purges stop waiting for this instance's page cache.
        await syncReporter
          ?.stop()
          .catch((err) => logger.warn({ err }, 'could not leave the CDN purge roster'));
      } finally {
        clearInterval(sweep);
      }
      await db.destroy();
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    logger.info(
      { signal, timeoutMs: config.shutdownTimeoutMs },
      'shutting down: finishing requests and jobs',
    );
    setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long (SHUTDOWN_TIMEOUT_MS)');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    stop().then(
      () => {
        logger.info('shut down');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { server, stop, db, health };
}
