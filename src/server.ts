import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import pino from 'pino';
import { pruneAccountRows } from './accounts/cleanup.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { migrateToLatest, openDatabase } from './db/connect.js';
import { seedDemoContent } from './demo/seed.js';
import { serveFromCache } from './http/delivery.js';
import { systemClock } from './http/env.js';
import { PageCache } from './http/page-cache.js';
import { startScheduler } from './jobs/runner.js';
import { BackgroundWork } from './mail/background.js';
import { createMailer } from './mail/mailer.js';
import { newsletterJobs } from './newsletters/jobs.js';
import { SMTP_CONNECTIONS, startNewsletterSender } from './newsletters/sender.js';
import { newsroomJobs } from './newsroom/scheduler.js';
import { indexMissingArticles } from './search/queries.js';
import { ensurePollJobs } from './wire/feeds.js';
import { wirePoller } from './wire/poll.js';

export function databasePath(config: Config): string {
  return `${config.dataDir}/sahifa.sqlite`;
}

export function openConfiguredDatabase(config: Config) {
  return openDatabase({ url: config.databaseUrl, sqlitePath: databasePath(config) });
}

/** Cached pages are answered before Hono sees the request; everything else goes through the app. */
export function createNodeServer(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  cache: PageCache,
) {
  const handle = getRequestListener(app.fetch);
  return createServer((req, res) => {
    if (!serveFromCache(cache, req, res)) void handle(req, res);
  });
}

/** Opens and migrates the database, seeds demo content into an empty one, and serves HTTP until a signal. */
export async function startServer(config: Config) {
  const logger = pino({ level: config.logLevel });
  const db = openConfiguredDatabase(config);
  await migrateToLatest(db);
  const indexed = await indexMissingArticles(db);
  if (indexed > 0) logger.info({ articles: indexed }, 'indexed articles missing from the search index');
  if (config.demoContent) {
    const seeded = await seedDemoContent(db, config.dataDir, systemClock.now());
    if (seeded) logger.info(seeded, 'demo content created');
  }
  const cache = new PageCache(config.pageCache, config.pageCacheEntries);
  await cache.skipToLatestChange(db);
  const mailer = createMailer(config);
  const background = new BackgroundWork(logger);
  const app = createApp({ db, config, clock: systemClock, logger, cache, mailer, background });

  // Changes made by the CLI or by other instances arrive through the change log.
  const poll = setInterval(() => {
    cache.syncFromChangeLog(db).catch((err) => logger.warn({ err }, 'change log poll failed'));
  }, config.changePollMs);
  poll.unref();

  // Expired sessions, used links and old sign-in attempts: pruned hourly by every instance (idempotent).
  const prune = setInterval(() => {
    pruneAccountRows(db, systemClock.now()).catch((err) => logger.warn({ err }, 'account pruning failed'));
  }, 3_600_000);
  prune.unref();

  // Wire feeds: one chain of poll jobs per feed; a broken chain restarts here.
  const wire = wirePoller({ db, clock: systemClock, logger, publicUrl: config.publicUrl });
  await ensurePollJobs(db, systemClock.now());
  // Scheduled publishing: durable jobs in the database, claimed by one instance each.
  const stopScheduler = startScheduler(db, systemClock, logger, {
    ...newsroomJobs,
    ...wire.jobs,
    ...newsletterJobs,
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
  const server = createNodeServer(app, cache);
  server.listen(config.port, config.host, () => {
    logger.info(
      { port: config.port, database: config.databaseUrl ? 'postgresql' : databasePath(config) },
      `Sahifa is serving ${config.publicUrl}`,
    );
  });

  const stop = async () => {
    clearInterval(poll);
    clearInterval(prune);
    stopScheduler();
    // Messages in flight finish and are marked (claimed rows not yet tried go back to the queue).
    const newslettersStopped = stopNewsletters();
    server.close();
    // Polls in flight finish (each is bounded by its timeout) before the database closes.
    await wire.settled();
    // Reset and confirmation mail started after their answers.
    await background.settled();
    await newslettersStopped;
    await db.destroy();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  return { server, stop, db };
}
