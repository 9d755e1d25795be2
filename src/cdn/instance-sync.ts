import type { Db } from '../db/schema.js';

/**
 * Every instance keeps its own page cache and drops changed pages when its
 * change-log poll reads them (every CHANGE_POLL_MS). If the CDN were purged
 * before that, it would fetch the page again from an instance still holding
 * the old one and keep it for its whole lifetime: a killed story served for
 * minutes. So each instance says how far it has read (`cdn_instance_syncs`),
 * and the purger waits until every instance heard from lately is past a
 * change before purging it. The cdn feature owns every write to that table.
 */

/** An instance whose reading has not moved still says it is alive this often. */
export const SYNC_HEARTBEAT_MS = 5_000;
/** An instance not heard from for this long is gone (stopped or crashed): purges no longer wait for it. */
export const SYNC_ALIVE_MS = 15_000;

/** Records that `instanceId`'s page cache has dropped the pages of every change up to `seq`. */
export async function reportPageCacheSynced(
  db: Db,
  instanceId: string,
  seq: number,
  now: Date,
): Promise<void> {
  const seenAt = now.toISOString();
  await db
    .insertInto('cdn_instance_syncs')
    .values({ instance_id: instanceId, last_seq: seq, seen_at: seenAt })
    .onConflict((oc) => oc.column('instance_id').doUpdateSet({ last_seq: seq, seen_at: seenAt }))
    .execute();
}

/** An instance shutting down: purges stop waiting for it at once. */
export async function forgetInstance(db: Db, instanceId: string): Promise<void> {
  await db.deleteFrom('cdn_instance_syncs').where('instance_id', '=', instanceId).execute();
}

/** How many instances heard from lately have not read the change log up to `seq` yet. */
export async function instancesBehind(db: Db, seq: number, now: Date): Promise<number> {
  const row = await db
    .selectFrom('cdn_instance_syncs')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('last_seq', '<', seq)
    .where('seen_at', '>=', new Date(now.getTime() - SYNC_ALIVE_MS).toISOString())
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * Tells the database how far this instance's page cache has read, after each
 * poll: when it moved, or every SYNC_HEARTBEAT_MS when it did not.
 */
export class PageCacheSyncReporter {
  private reportedSeq = -1;
  private reportedAt = 0;
  private stopped = false;

  constructor(
    private readonly db: Db,
    readonly instanceId: string,
  ) {}

  async report(seq: number, now: Date): Promise<void> {
    if (this.stopped) return;
    const due = seq !== this.reportedSeq || now.getTime() - this.reportedAt >= SYNC_HEARTBEAT_MS;
    if (!due) return;
    await reportPageCacheSynced(this.db, this.instanceId, seq, now);
    this.reportedSeq = seq;
    this.reportedAt = now.getTime();
  }

  /** Leaves the roster (a poll still in flight reports nothing after this). */
  async stop(): Promise<void> {
    this.stopped = true;
    await forgetInstance(this.db, this.instanceId);
  }
}
