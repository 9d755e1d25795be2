import type { Logger } from 'pino';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import type { Clock } from '../http/env.js';

/** How long a claimed job is someone's; an instance that dies mid-job frees it after this. */
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 5;

export interface DueJob {
  id: string;
  kind: string;
  subjectId: string;
  runAt: Date;
  /** Including this run. */
  attempts: number;
}

/**
 * Does one job's work. `db` is a transaction: what the handler writes and the
 * job being marked done commit together, so a crash repeats the job rather
 * than losing it. Long work (network, mail) should run in its own steps and
 * leave the handler only the bookkeeping.
 */
export type JobHandler = (db: Db, job: DueJob, now: Date) => Promise<void>;

/** Handlers by job kind; each feature exports its own and the server merges them. */
export type JobHandlers = Record<string, JobHandler>;

/** A durable job: survives restarts, runs once at or after `runAt` on one instance. */
export async function enqueueJob(
  db: Db,
  job: { kind: string; subjectId: string; runAt: Date },
  now: Date,
): Promise<string> {
  const id = newId(now);
  await db
    .insertInto('jobs')
    .values({
      id,
      kind: job.kind,
      subject_id: job.subjectId,
      run_at: job.runAt.toISOString(),
      state: 'pending',
      attempts: 0,
      locked_until: null,
      last_error: null,
      created_at: now.toISOString(),
    })
    .execute();
  return id;
}

/** Cancels the pending jobs of a kind for a subject (e.g. a rescheduled article's old publish job). */
export async function cancelPendingJobs(db: Db, kind: string, subjectId: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ state: 'cancelled' })
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('state', '=', 'pending')
    .execute();
}

/**
 * Runs every due job once. Safe with several instances on one database: a
 * job is claimed by a conditional UPDATE, which only one of them can win.
 * A job of a kind with no handler here stays pending for an instance that has one.
 */
export async function runDueJobs(db: Db, now: Date, handlers: JobHandlers, logger?: Logger): Promise<number> {
  const kinds = Object.keys(handlers);
  if (kinds.length === 0) return 0;
  const due = await db
    .selectFrom('jobs')
    .select(['id', 'kind', 'subject_id', 'run_at', 'attempts'])
    .where('state', '=', 'pending')
    .where('kind', 'in', kinds)
    .where('run_at', '<=', now.toISOString())
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now.toISOString())]))
    .orderBy('run_at')
    .limit(50)
    .execute();
  let ran = 0;
  for (const row of due) {
    const claim = await db
      .updateTable('jobs')
      .set({ locked_until: new Date(now.getTime() + LEASE_MS).toISOString(), attempts: row.attempts + 1 })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now.toISOString())]))
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue;
    const job: DueJob = {
      id: row.id,
      kind: row.kind,
      subjectId: row.subject_id,
      runAt: new Date(row.run_at),
      attempts: row.attempts + 1,
    };
    try {
      await db.transaction().execute(async (trx) => {
        await handlers[row.kind]?.(trx, job, now);
        await trx
          .updateTable('jobs')
          .set({ state: 'done', locked_until: null })
          .where('id', '=', row.id)
          .execute();
      });
      ran++;
    } catch (error) {
      const failed = job.attempts >= MAX_ATTEMPTS;
      logger?.error({ err: error, job: row.id, kind: row.kind }, 'job failed');
      await db
        .updateTable('jobs')
        .set({ state: failed ? 'failed' : 'pending', last_error: String(error), locked_until: null })
        .where('id', '=', row.id)
        .execute();
    }
  }
  return ran;
}

/**
 * Polls for due jobs until stopped. A failed poll (the database away) is
 * retried after a doubling pause, up to a minute, and the pause resets on the
 * first success. The returned stop resolves once the poll in progress ends.
 */
export function startScheduler(
  db: Db,
  clock: Clock,
  logger: Logger,
  handlers: JobHandlers,
  everyMs = 5_000,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  let failures = 0;
  let notBefore = 0;
  const timer = setInterval(() => {
    if (running || Date.now() < notBefore) return;
    running = runDueJobs(db, clock.now(), handlers, logger)
      .then(() => {
        failures = 0;
      })
      .catch((err) => {
        failures++;
        const pauseMs = Math.min(everyMs * 2 ** (failures - 1), 60_000);
        notBefore = Date.now() + pauseMs;
        logger.warn({ err, retryInMs: pauseMs }, 'scheduler poll failed');
      })
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
