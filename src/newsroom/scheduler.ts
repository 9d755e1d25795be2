import type { Logger } from 'pino';
import { updateArticle } from '../articles/store.js';
import type { Db } from '../db/schema.js';
import type { Clock } from '../http/env.js';
import { findDeskArticle, inputOf } from './queries.js';
import { PUBLISH_JOB } from './workflow.js';

/** How long a claimed job is someone's; an instance that dies mid-job frees it after this. */
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 5;

/**
 * Runs every due job once. Safe with several instances on one database: a
 * job is claimed by a conditional UPDATE, which only one of them can win.
 */
export async function runDueJobs(db: Db, now: Date, logger?: Logger): Promise<number> {
  const due = await db
    .selectFrom('jobs')
    .select(['id', 'kind', 'subject_id', 'run_at', 'attempts'])
    .where('state', '=', 'pending')
    .where('run_at', '<=', now.toISOString())
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now.toISOString())]))
    .orderBy('run_at')
    .limit(50)
    .execute();
  let ran = 0;
  for (const job of due) {
    const claim = await db
      .updateTable('jobs')
      .set({ locked_until: new Date(now.getTime() + LEASE_MS).toISOString(), attempts: job.attempts + 1 })
      .where('id', '=', job.id)
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now.toISOString())]))
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue;
    try {
      await db.transaction().execute(async (trx) => {
        if (job.kind === PUBLISH_JOB) await publishScheduled(trx, job.subject_id, new Date(job.run_at), now);
        await trx
          .updateTable('jobs')
          .set({ state: 'done', locked_until: null })
          .where('id', '=', job.id)
          .execute();
      });
      ran++;
    } catch (error) {
      const failed = job.attempts + 1 >= MAX_ATTEMPTS;
      logger?.error({ err: error, job: job.id }, 'job failed');
      await db
        .updateTable('jobs')
        .set({ state: failed ? 'failed' : 'pending', last_error: String(error), locked_until: null })
        .where('id', '=', job.id)
        .execute();
    }
  }
  return ran;
}

/** The scheduled time becomes the publication time, even when the job runs late (after a restart). */
async function publishScheduled(db: Db, id: string, at: Date, now: Date): Promise<void> {
  const article = await findDeskArticle(db, id);
  if (article?.row.status !== 'scheduled') return;
  const iso = at.toISOString();
  await updateArticle(
    db,
    id,
    inputOf(article.row, article.snapshot, {
      status: 'published',
      firstPublishedAt: article.row.first_published_at ?? iso,
      lastUpdatedAt: article.row.last_updated_at ?? iso,
    }),
    now,
  );
}

/** Polls for due jobs until stopped. */
export function startScheduler(db: Db, clock: Clock, logger: Logger, everyMs = 5_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runDueJobs(db, clock.now(), logger)
      .catch((err) => logger.warn({ err }, 'scheduler poll failed'))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
