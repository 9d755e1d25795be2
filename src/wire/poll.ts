import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/schema.js';
import type { Clock } from '../http/env.js';
import { type OutboundPolicy, outboundPolicy } from '../http/outbound.js';
import { enqueueJob, type JobHandlers } from '../jobs/runner.js';
import { type DropPlaces, resolveDropFolder } from './drop.js';
import { claimFeed, type Feed, findFeed, finishPoll, POLL_JOB } from './feeds.js';
import { DEFAULT_LIMITS, type FetchLimits, fetchSource } from './fetch.js';
import { MAX_FEED_ITEMS, parseDocument } from './formats.js';
import { acceptEntries, filesIn, type IngestOptions } from './ingest.js';
import { type Provenance, recordUnreadable } from './store.js';

export interface PollDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Origin of public URLs (config.publicUrl), for what auto-publishing reports. */
  publicUrl: string;
  /** What URL feeds may reach besides public addresses (OUTBOUND_ALLOW); public only when not given. */
  outbound?: OutboundPolicy;
  /** Where drop folders may be (WIRE_DROP_ROOT) and the data folder they must keep away from. */
  drop: DropPlaces;
  limits?: Partial<FetchLimits>;
  /** A dropped file younger than this may still be being written: it waits for the next poll. */
  settleMs?: number;
}

export interface PollReport {
  kind: 'ok' | 'not-modified' | 'failed' | 'busy' | 'gone';
  counts: { new: number; updated: number; repeats: number; failed: number };
  error?: string;
  nextPollAt?: Date;
}

/** What the settings allow polls to reach: OUTBOUND_ALLOW, WIRE_DROP_ROOT and DATA_DIR. */
export function wireLimitsOf(config: Config): Pick<PollDeps, 'outbound' | 'drop'> {
  return {
    outbound: outboundPolicy(config.outboundAllow),
    drop: { dropRoot: config.wireDropRoot, dataDir: config.dataDir },
  };
}

/** Longest wait after repeated failures. */
const MAX_BACKOFF_MS = 6 * 3600_000;
/** A poll that has not finished after this long is presumed dead and the feed may be claimed again. */
const POLL_LEASE_MS = 5 * 60_000;
/** Where a drop folder's files go once read: hidden, so they are never read twice. */
export const DONE_FOLDER = '.done';
export const FAILED_FOLDER = '.failed';

/**
 * Polls one feed now: reads its URL (conditionally) or its drop folder, keeps
 * every entry in the item store (auto-publishing feeds also file articles),
 * records the outcome on the feed and schedules its next poll, later after
 * each failure in a row. Never throws for a feed's own problems.
 */
export async function pollFeed(deps: PollDeps, feedId: string): Promise<PollReport> {
  const { db, clock } = deps;
  const started = clock.now();
  const counts = { new: 0, updated: 0, repeats: 0, failed: 0 };
  if (!(await claimFeed(db, feedId, started, POLL_LEASE_MS))) return { kind: 'busy', counts };
  const feed = await findFeed(db, feedId);
  if (!feed) return { kind: 'gone', counts };
  let report: PollReport;
  let validators: { etag?: string | null; lastModified?: string | null } = {};
  try {
    if (feed.sourceKind === 'url') {
      const fetched = await fetchSource(feed.source, {
        outbound: deps.outbound,
        logger: deps.logger,
        limits: deps.limits,
        etag: feed.etag,
        lastModified: feed.lastModified,
      });
      if (fetched.kind === 'not-modified') report = { kind: 'not-modified', counts };
      else if (fetched.kind === 'failed') report = { kind: 'failed', counts, error: fetched.error };
      else {
        const error = await ingestFeedDocument(deps, feed, fetched.text, feed.source, counts);
        report = error ? { kind: 'failed', counts, error } : { kind: 'ok', counts };
        if (!error) validators = { etag: fetched.etag, lastModified: fetched.lastModified };
      }
    } else {
      const error = await pollDropFolder(deps, feed, counts);
      report = error ? { kind: 'failed', counts, error } : { kind: 'ok', counts };
    }
  } catch (error) {
    // A database or file-system error: the feed is retried later like any other failure.
    deps.logger.error({ err: error, feedId }, 'wire poll failed');
    report = { kind: 'failed', counts, error: error instanceof Error ? error.message : String(error) };
  }
  const now = clock.now();
  const failures = report.kind === 'failed' ? feed.failures + 1 : 0;
  const nextPollAt = new Date(now.getTime() + delayMs(feed.pollSeconds, failures));
  await finishPoll(
    db,
    feedId,
    { ok: report.kind !== 'failed', error: report.error ?? null, ...validators, nextPollAt, failures },
    now,
  );
  if (report.kind === 'failed')
    deps.logger.warn({ feedId, error: report.error, failures }, 'wire feed failed');
  return { ...report, nextPollAt };
}

/** The feed's interval, doubled for each failure in a row, up to six hours. */
export function delayMs(pollSeconds: number, failures: number): number {
  const base = pollSeconds * 1000;
  if (failures === 0) return base;
  return Math.min(base * 2 ** failures, Math.max(MAX_BACKOFF_MS, base));
}

/** Reads one document into the store; returns an error when the document as a whole is unreadable. */
async function ingestFeedDocument(
  deps: PollDeps,
  feed: Feed,
  text: string,
  origin: string,
  counts: PollReport['counts'],
  /** Filled with each failed item's problems (for a drop folder's reason file). */
  problems: string[] = [],
): Promise<string | null> {
  const now = deps.clock.now();
  const parsed = parseDocument(text, feed.format);
  const from: Provenance = {
    format: parsed.format,
    origin,
    feedId: feed.id,
    agencyId: feed.agencyId,
    editionCode: feed.editionCode,
  };
  if (!parsed.ok) {
    await recordUnreadable(deps.db, text, parsed.problems, from, now);
    counts.failed += 1;
    return parsed.problems.join('; ');
  }
  if (parsed.entries.length > MAX_FEED_ITEMS) {
    const problem = `more than ${MAX_FEED_ITEMS} items (${parsed.entries.length}): refused whole`;
    await recordUnreadable(deps.db, text, [problem], from, now);
    counts.failed += 1;
    return problem;
  }
  const filing: IngestOptions | null =
    feed.mode === 'publish'
      ? {
          publish: true,
          editionCode: feed.editionCode,
          sectionId: feed.sectionId,
          agencyId: feed.agencyId,
          publicUrl: deps.publicUrl,
        }
      : null;
  // One item that cannot be filed (say, a slug clash) must not stop the rest of the feed.
  for (const result of await acceptEntries(deps.db, parsed.entries, from, filing, now)) {
    if ('error' in result) {
      counts.failed += 1;
      problems.push(`item not filed: ${messageOf(result.error)}`);
      deps.logger.warn({ err: result.error, feedId: feed.id }, 'wire item not filed');
      continue;
    }
    const kind = result.receipt.kind;
    if (kind === 'new') counts.new += 1;
    else if (kind === 'newer') counts.updated += 1;
    else if (kind === 'failed') {
      counts.failed += 1;
      problems.push(...result.problems);
    } else counts.repeats += 1;
  }
  return null;
}

/**
 * Every settled file of the folder, oldest name first; each goes to `.done/`
 * once read, or to `.failed/` with a `<name>.reason.txt` beside it when it or
 * one of its items could not be read (the database has its payload). A bad
 * file never stops the files after it. The folder is checked against the drop
 * root first: a feed pointed elsewhere fails and nothing is touched.
 */
async function pollDropFolder(
  deps: PollDeps,
  feed: Feed,
  counts: PollReport['counts'],
): Promise<string | null> {
  const resolved = await resolveDropFolder(feed.source, deps.drop);
  if (!resolved.ok) {
    deps.logger.warn(
      { feedId: feed.id, source: feed.source, problem: resolved.problem },
      'drop folder refused',
    );
    return `drop folder refused: ${resolved.problem}`;
  }
  const { folder } = resolved;
  const settleMs = deps.settleMs ?? 2_000;
  const maxBytes = deps.limits?.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  for (const file of await filesIn(folder)) {
    const info = await stat(file).catch(() => undefined);
    if (!info) continue;
    // File times come from the real clock, so this compares with it, not with deps.clock.
    if (Date.now() - info.mtimeMs < settleMs) continue;
    if (info.size > maxBytes) {
      counts.failed += 1;
      await moveAside(folder, file, FAILED_FOLDER, `larger than ${maxBytes} bytes (${info.size}): not read`);
      continue;
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      counts.failed += 1;
      await moveAside(folder, file, FAILED_FOLDER, `cannot read: ${messageOf(error)}`);
      continue;
    }
    const failedBefore = counts.failed;
    const problems: string[] = [];
    const error = await ingestFeedDocument(deps, feed, text, file, counts, problems);
    if (error || counts.failed > failedBefore) {
      await moveAside(folder, file, FAILED_FOLDER, (error ? [error] : problems).join('\n'));
    } else {
      await moveAside(folder, file, DONE_FOLDER);
    }
  }
  return null;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function moveAside(folder: string, file: string, into: string, reason?: string): Promise<void> {
  const target = path.join(folder, into, path.relative(folder, file));
  await mkdir(path.dirname(target), { recursive: true });
  await rename(file, target);
  if (reason !== undefined) await writeFile(`${target}.reason.txt`, `${reason}\n`);
}

/**
 * The wire's durable jobs. A poll job enqueues the next one in its own
 * transaction, so the chain survives a crash mid-poll; the poll itself runs
 * right after, outside the job's transaction (network waits must not hold a
 * database connection, and on SQLite the only one), and when it ends moves
 * the feed's pending job to its real next time (later after failures).
 * `settled()` waits for polls in flight (tests, shutdown).
 */
export function wirePoller(deps: PollDeps): { jobs: JobHandlers; settled: () => Promise<void> } {
  const inFlight = new Set<Promise<unknown>>();
  const jobs: JobHandlers = {
    [POLL_JOB]: async (trx, job, now) => {
      const feed = await findFeed(trx, job.subjectId);
      if (!feed) return;
      const fallback = new Date(now.getTime() + Math.max(feed.pollSeconds * 1000, POLL_LEASE_MS));
      await enqueueJob(trx, { kind: POLL_JOB, subjectId: feed.id, runAt: fallback }, now);
      const poll = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => pollFeed(deps, feed.id))
        .catch((err: unknown) => deps.logger.error({ err, feedId: feed.id }, 'wire poll crashed'))
        .finally(() => inFlight.delete(poll));
      inFlight.add(poll);
    },
  };
  const settled = async () => {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  };
  return { jobs, settled };
}
