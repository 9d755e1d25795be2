import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import type { Clock } from '../http/env.js';
import type { CdnAdapter } from './adapters.js';
import { instancesBehind } from './instance-sync.js';

/** The one purge target today: the configured CDN. */
const TARGET = 'cdn';
/** How long a claimed run is one instance's; one that dies mid-run frees it after this. */
const LEASE_MS = 60_000;
/** Calls one run makes at most (each bounded by the adapter's timeout), so a run ends well inside its lease. */
const CALLS_PER_RUN = 4;
/** Changes read per run at most. */
const CHANGES_PER_RUN = 1000;
/** Seqs jumped over that are tracked at most; beyond, the oldest are given up (and logged). */
const MAX_GAPS = 1000;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 300_000;
const ERROR_LENGTH = 500;
/** How often a purge looks again whether the instances have read the change log. */
const SYNC_CHECK_MS = 25;

export type PurgeRun =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'waiting'; until: Date }
  | { state: 'purged'; changes: number; tags: number; calls: number }
  | { state: 'failed'; error: string; attempts: number; retryAt: Date };

/** What metrics and the desk read: where the purger stands. */
export interface PurgeStatus {
  lastSeq: number;
  latestSeq: number;
  /** Changes logged and not purged yet. */
  lag: number;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  lastPurgedAt: string | null;
  failures: number;
  purgedChanges: number;
  /** Kills, unpublishes and deletions waiting for their immediate purge (normally 0). */
  urgentPending: number;
  /** The last error of an urgent purge being retried, if any. */
  urgentError: string | null;
}

/** Urgent purges a run sends at most, and how soon a failed one is tried again at the latest. */
const URGENT_PER_RUN = 50;
const URGENT_BACKOFF_MAX_MS = 10_000;
/** Urgent requests older than this are dropped (no CDN configured, or gone for long): the change log still has them. */
const URGENT_KEEP_MS = 3_600_000;

/**
 * A purge that must not wait: a kill, an unpublish, a deletion. Written by
 * the content type's door in the write's own transaction (besides its
 * change-log entry, which the batched purge still reads); every instance's
 * purger sends these first, on their own poll, outside the batches and their
 * backoff, so they never wait behind a backlog or a failing batch.
 */
export async function requestUrgentPurge(db: Db, tags: Iterable<string>, now: Date): Promise<void> {
  const unique = [...new Set(tags)].filter(Boolean);
  if (unique.length === 0) return;
  await db
    .deleteFrom('cdn_urgent_purges')
    .where('created_at', '<', new Date(now.getTime() - URGENT_KEEP_MS).toISOString())
    .execute();
  await db
    .insertInto('cdn_urgent_purges')
    .values({ id: newId(now), tags: unique.join(' '), created_at: now.toISOString(), attempts: 0 })
    .execute();
}

export type UrgentRun =
  | { state: 'idle' }
  | { state: 'purged'; requests: number; tags: number }
  | { state: 'failed'; error: string };

/** After the nth failure in a row: 1 s, 2 s, 4 s… up to 5 minutes. */
export const backoffMs = (attempts: number) =>
  Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);

/**
 * Purges at the CDN the tags of every change in the change log
 * (`content_changes`), whichever instance, CLI or job wrote it. Every
 * instance runs one; a run is claimed in the database (`cdn_purges`), so each
 * change is purged once across all instances, the tags of the changes read
 * in one run purged together (batched), a failed batch retried with backoff.
 * The purger owns every write to `cdn_purges`.
 *
 * On PostgreSQL a transaction may take a seq and commit after a higher one:
 * seqs jumped over are kept with the cursor and looked for again for
 * `windowMs` (as the page cache does, see PageCache.syncFromChangeLog).
 */
export class CdnPurger {
  readonly instanceId: string;
  private readonly windowMs: number;
  private created = false;
  /** Failed purge calls made by this instance (the database keeps the total of all). */
  failures = 0;

  constructor(
    private readonly db: Db,
    private readonly adapter: CdnAdapter,
    private readonly clock: Clock,
    options: {
      instanceId?: string;
      windowMs?: number;
      /**
       * How long a purge waits at most for every instance's own page cache
       * (which polls the change log every CHANGE_POLL_MS) to drop the pages
       * first, as they report in `cdn_instance_syncs`: otherwise the CDN would
       * fetch the old page again. 0: no waiting (one instance, or tests).
       */
      syncWaitMs?: number;
      logger?: Logger;
    } = {},
  ) {
    this.instanceId = options.instanceId ?? randomBytes(8).toString('hex');
    this.windowMs = options.windowMs ?? 120_000;
    this.syncWaitMs = options.syncWaitMs ?? 0;
    this.logger = options.logger;
  }

  private readonly logger: Logger | undefined;
  private readonly syncWaitMs: number;

  /**
   * The urgent purges due (kills, unpublishes, deletions): claimed, sent at
   * once, removed; a failed one is tried again within seconds.
   */
  async runUrgent(): Promise<UrgentRun> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const due = await this.db
      .selectFrom('cdn_urgent_purges')
      .select('id')
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', nowIso)]))
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
      .orderBy('created_at')
      .limit(URGENT_PER_RUN)
      .execute();
    if (due.length === 0) return { state: 'idle' };
    const lease = new Date(now.getTime() + LEASE_MS).toISOString();
    await this.db
      .updateTable('cdn_urgent_purges')
      .set({ claimed_by: this.instanceId, claimed_until: lease })
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
      .execute();
    const mine = await this.db
      .selectFrom('cdn_urgent_purges')
      .select(['id', 'tags', 'attempts'])
      .where('claimed_by', '=', this.instanceId)
      .where('claimed_until', '=', lease)
      .execute();
    if (mine.length === 0) return { state: 'idle' };
    const ids = mine.map((row) => row.id);
    const tags = [...new Set(mine.flatMap((row) => row.tags.split(' ').filter(Boolean)))];
    // The kills' changes were logged with them, so at or below the newest seq now.
    let newest = 0;
    let behind = 0;
    if (this.syncWaitMs > 0) {
      newest = await this.latestSeq();
      behind = await instancesBehind(this.db, newest, this.clock.now());
    }
    try {
      await this.purgeTags(tags);
      // Sent at once (an instance that has dropped the page answers the CDN's next fetch), and once
      // more after the instances still holding it have dropped it, in case the CDN fetched from one.
      if (behind > 0) {
        if (!(await this.instancesCaughtUp(newest)))
          this.logger?.warn({ seq: newest }, 'urgent cdn purge: an instance has not read the change log yet');
        await this.purgeTags(tags);
      }
    } catch (error) {
      this.failures++;
      const message = (error instanceof Error ? error.message : String(error)).slice(0, ERROR_LENGTH);
      for (const row of mine) {
        const attempts = row.attempts + 1;
        const retryAt = new Date(now.getTime() + Math.min(backoffMs(attempts), URGENT_BACKOFF_MAX_MS));
        await this.db
          .updateTable('cdn_urgent_purges')
          .set({
            attempts,
            next_attempt_at: retryAt.toISOString(),
            last_error: message,
            claimed_by: null,
            claimed_until: null,
          })
          .where('id', '=', row.id)
          .execute();
      }
      await this.db
        .updateTable('cdn_purges')
        .set((eb) => ({ failures: eb('failures', '+', 1) }))
        .where('id', '=', TARGET)
        .execute();
      this.logger?.warn({ err: error, tags: tags.length }, 'urgent cdn purge failed: retrying');
      return { state: 'failed', error: message };
    }
    await this.db.deleteFrom('cdn_urgent_purges').where('id', 'in', ids).execute();
    return { state: 'purged', requests: mine.length, tags: tags.length };
  }

  /** One pass: claims the cursor if there is work and nobody holds it, purges, moves the cursor. */
  async runOnce(): Promise<PurgeRun> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    await this.ensureRow(nowIso);
    const row = await this.readRow();
    if (!row) return { state: 'idle' };
    const gaps = parseGaps(row.gaps);
    const latest = await this.latestSeq();
    // Nothing new and nothing looked for: no write at all (every instance polls).
    if (latest <= Number(row.last_seq) && Object.keys(gaps).length === 0) return { state: 'idle' };
    if (row.next_attempt_at && row.next_attempt_at > nowIso)
      return { state: 'waiting', until: new Date(row.next_attempt_at) };
    if (row.claimed_until && row.claimed_until >= nowIso) return { state: 'busy' };
    const claim = await this.db
      .updateTable('cdn_purges')
      .set({
        claimed_by: this.instanceId,
        claimed_until: new Date(now.getTime() + LEASE_MS).toISOString(),
        updated_at: nowIso,
      })
      .where('id', '=', TARGET)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', nowIso)]))
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) return { state: 'busy' };

    // Claimed: read the row again (another instance may have moved the cursor in between).
    const mine = await this.readRow();
    if (!mine) return { state: 'idle' };
    return this.purgeFrom(mine, now);
  }

  private async purgeFrom(row: CursorRow, now: Date): Promise<PurgeRun> {
    const nowMs = now.getTime();
    const lastSeq = Number(row.last_seq);
    const gaps = parseGaps(row.gaps);
    for (const [seq, since] of Object.entries(gaps)) if (nowMs - since > this.windowMs) delete gaps[seq];

    const found: { seq: number; tags: string }[] = [];
    const wanted = Object.keys(gaps).map(Number);
    if (wanted.length > 0) {
      const late = await this.db
        .selectFrom('content_changes')
        .select(['seq', 'tags'])
        .where('seq', 'in', wanted)
        .execute();
      for (const change of late) found.push({ seq: Number(change.seq), tags: change.tags });
    }
    const fresh = await this.db
      .selectFrom('content_changes')
      .select(['seq', 'tags'])
      .where('seq', '>', lastSeq)
      .orderBy('seq')
      .limit(CHANGES_PER_RUN)
      .execute();

    // Late changes first, then new ones in order, while the tags fit in this run's calls.
    const budget = this.adapter.maxTagsPerCall * CALLS_PER_RUN;
    const tags = new Set<string>();
    const taken: { seq: number; late: boolean }[] = [];
    const candidates = [
      ...found.map((c) => ({ ...c, late: true })),
      ...fresh.map((c) => ({ seq: Number(c.seq), tags: c.tags, late: false })),
    ];
    for (const change of candidates) {
      const own = change.tags.split(' ').filter(Boolean);
      const added = own.filter((tag) => !tags.has(tag)).length;
      if (taken.length > 0 && tags.size + added > budget) break;
      for (const tag of own) tags.add(tag);
      taken.push({ seq: change.seq, late: change.late });
    }

    // The cursor after this run: past every new change taken, remembering the seqs jumped over.
    let cursor = lastSeq;
    for (const change of taken) {
      if (change.late) {
        delete gaps[String(change.seq)];
        continue;
      }
      for (let skipped = Math.max(cursor + 1, change.seq - MAX_GAPS); skipped < change.seq; skipped++)
        gaps[String(skipped)] = nowMs;
      cursor = Math.max(cursor, change.seq);
    }
    const seqs = Object.keys(gaps);
    if (seqs.length > MAX_GAPS) {
      const dropped = seqs.sort((a, b) => Number(a) - Number(b)).slice(0, seqs.length - MAX_GAPS);
      for (const seq of dropped) delete gaps[seq];
      this.logger?.warn({ dropped: dropped.length }, 'cdn purge: too many change-log gaps, oldest given up');
    }

    const list = [...tags];
    let calls: number;
    // Every instance's page cache drops the pages first, or the CDN would fetch them again from it.
    const newest = Math.max(0, ...taken.map((change) => change.seq));
    if (list.length > 0 && !(await this.instancesCaughtUp(newest)))
      this.logger?.warn(
        { seq: newest },
        'cdn purge: an instance has not read the change log yet: purging anyway',
      );
    try {
      calls = await this.purgeTags(list);
    } catch (error) {
      this.failures++;
      const attempts = row.attempts + 1;
      const retryAt = new Date(now.getTime() + backoffMs(attempts));
      const message = (error instanceof Error ? error.message : String(error)).slice(0, ERROR_LENGTH);
      await this.db
        .updateTable('cdn_purges')
        .set((eb) => ({
          attempts,
          next_attempt_at: retryAt.toISOString(),
          last_error: message,
          failures: eb('failures', '+', 1),
          claimed_by: null,
          claimed_until: null,
          updated_at: now.toISOString(),
        }))
        .where('id', '=', TARGET)
        .where('claimed_by', '=', this.instanceId)
        .execute();
      this.logger?.warn(
        { err: error, attempts, retryAt: retryAt.toISOString(), tags: list.length },
        'cdn purge failed: retrying',
      );
      return { state: 'failed', error: message, attempts, retryAt };
    }
    await this.db
      .updateTable('cdn_purges')
      .set((eb) => ({
        last_seq: cursor,
        gaps: JSON.stringify(gaps),
        attempts: 0,
        next_attempt_at: null,
        last_error: null,
        claimed_by: null,
        claimed_until: null,
        ...(taken.length > 0 && { last_purged_at: now.toISOString() }),
        purged_changes: eb('purged_changes', '+', taken.length),
        updated_at: now.toISOString(),
      }))
      .where('id', '=', TARGET)
      .where('claimed_by', '=', this.instanceId)
      .execute();
    return { state: 'purged', changes: taken.length, tags: list.length, calls };
  }

  /**
   * Polls every `everyMs` until stopped: the urgent purges and the change log
   * each on a loop of their own, so a kill never waits for a batch in progress
   * (its settle wait, its calls). The returned stop resolves once both runs in
   * progress end.
   */
  start(everyMs: number): () => Promise<void> {
    const loops = [
      this.loop(everyMs, () => this.runUrgent(), 'urgent cdn purge poll failed'),
      this.loop(everyMs, () => this.runOnce(), 'cdn purge poll failed'),
    ];
    return async () => {
      await Promise.all(loops.map((stop) => stop()));
    };
  }

  private loop(everyMs: number, run: () => Promise<unknown>, failure: string): () => Promise<void> {
    let running: Promise<void> | undefined;
    let errors = 0;
    let notBefore = 0;
    const timer = setInterval(() => {
      if (running || Date.now() < notBefore) return;
      running = run()
        .then(() => {
          errors = 0;
        })
        .catch((err) => {
          // The database away: wait longer each time, as the scheduler does.
          errors++;
          notBefore = Date.now() + Math.min(everyMs * 2 ** errors, 60_000);
          this.logger?.warn({ err }, failure);
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

  /** The cursor starts at the newest change: what was logged before the CDN was configured is not purged. */
  private async ensureRow(nowIso: string): Promise<void> {
    if (this.created) return;
    const latest = await this.latestSeq();
    await this.db
      .insertInto('cdn_purges')
      .values({
        id: TARGET,
        last_seq: latest,
        gaps: '{}',
        attempts: 0,
        failures: 0,
        purged_changes: 0,
        updated_at: nowIso,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    this.created = true;
  }

  /** Purges `tags` in as few calls as the CDN allows; returns how many calls were made. */
  private async purgeTags(tags: string[]): Promise<number> {
    let calls = 0;
    for (let i = 0; i < tags.length; i += this.adapter.maxTagsPerCall) {
      calls++;
      await this.adapter.purge(tags.slice(i, i + this.adapter.maxTagsPerCall));
    }
    return calls;
  }

  /**
   * Waits until every instance heard from lately has read the change log up
   * to `seq` (so its page cache dropped those pages), `syncWaitMs` at most;
   * false if one had not by then (stuck: the purge goes out anyway).
   */
  private async instancesCaughtUp(seq: number): Promise<boolean> {
    if (this.syncWaitMs <= 0) return true;
    const started = Date.now();
    for (;;) {
      if ((await instancesBehind(this.db, seq, this.clock.now())) === 0) return true;
      if (Date.now() - started >= this.syncWaitMs) return false;
      await new Promise((resolve) => setTimeout(resolve, SYNC_CHECK_MS));
    }
  }

  private readRow() {
    return this.db.selectFrom('cdn_purges').selectAll().where('id', '=', TARGET).executeTakeFirst();
  }

  private async latestSeq(): Promise<number> {
    const row = await this.db
      .selectFrom('content_changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }
}

type CursorRow = NonNullable<Awaited<ReturnType<CdnPurger['readRow']>>>;

function parseGaps(text: string): Record<string, number> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, number>) : {};
  } catch {
    return {};
  }
}

/** Where the purger stands, for metrics and the desk; undefined before it first ran. */
export async function purgeStatus(db: Db): Promise<PurgeStatus | undefined> {
  const row = await db.selectFrom('cdn_purges').selectAll().where('id', '=', TARGET).executeTakeFirst();
  if (!row) return undefined;
  const latest = await db
    .selectFrom('content_changes')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  const latestSeq = Number(latest?.seq ?? 0);
  const lastSeq = Number(row.last_seq);
  const urgent = await db
    .selectFrom('cdn_urgent_purges')
    .select((eb) => [eb.fn.countAll<string | number>().as('count'), eb.fn.max('last_error').as('error')])
    .executeTakeFirst();
  return {
    lastSeq,
    latestSeq,
    lag: Math.max(0, latestSeq - lastSeq) + Object.keys(parseGaps(row.gaps)).length,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    lastPurgedAt: row.last_purged_at,
    failures: Number(row.failures),
    purgedChanges: Number(row.purged_changes),
    urgentPending: Number(urgent?.count ?? 0),
    urgentError: urgent?.error ?? null,
  };
}
