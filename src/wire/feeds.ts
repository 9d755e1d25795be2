import path from 'node:path';
import { z } from 'zod';
import { newId } from '../db/ids.js';
import type { Db, WireFeedTable } from '../db/schema.js';
import { cancelPendingJobs, enqueueJob } from '../jobs/runner.js';
import { type DropPlaces, resolveDropFolder } from './drop.js';

/** Polls of every feed are durable jobs of this kind, one chain per feed. */
export const POLL_JOB = 'wire-poll';

export const FEED_FORMATS = ['auto', 'rss', 'atom', 'ninjs', 'newsml'] as const;
export const FEED_MODES = ['queue', 'publish'] as const;

export interface Feed {
  id: string;
  name: string;
  sourceKind: 'url' | 'folder';
  source: string;
  format: WireFeedTable['format'];
  agencyId: string | null;
  editionCode: string;
  sectionId: string | null;
  mode: 'queue' | 'publish';
  pollSeconds: number;
  etag: string | null;
  lastModified: string | null;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  failures: number;
  nextPollAt: string | null;
}

/**
 * A feed's settings, from the admin form or the command line. Messages are
 * keys of the UI strings, so the admin shows them in the page's language.
 */
export const feedInputSchema = z.object({
  name: z.string().trim().min(1, 'wireErrorRequired').max(200, 'wireErrorTooLong'),
  source: z
    .string()
    .trim()
    .min(1, 'wireErrorRequired')
    .max(2000, 'wireErrorTooLong')
    .refine(isSource, 'wireErrorSource'),
  format: z.enum(FEED_FORMATS, 'wireErrorChoice'),
  agencyId: z.string().trim().max(32).nullable(),
  editionCode: z.string().trim().min(1, 'wireErrorRequired').max(16),
  sectionId: z.string().trim().max(32).nullable(),
  mode: z.enum(FEED_MODES, 'wireErrorChoice'),
  pollMinutes: z.coerce
    .number('wireErrorMinutes')
    .int('wireErrorMinutes')
    .min(1, 'wireErrorMinutes')
    .max(1440, 'wireErrorMinutes'),
});

export type FeedInput = z.infer<typeof feedInputSchema>;

/** An http(s) URL, or an absolute path to a drop folder. */
function isSource(value: string): boolean {
  if (/^https?:\/\//i.test(value)) return URL.canParse(value);
  return path.isAbsolute(value);
}

export const sourceKindOf = (source: string): Feed['sourceKind'] =>
  /^https?:\/\//i.test(source) ? 'url' : 'folder';

/**
 * The source to store: a URL as given (checked on every fetch), a drop folder
 * as it really resolves, made when missing; null when the folder is not
 * inside the drop root or touches the data folder.
 */
export async function checkedSource(source: string, places: DropPlaces): Promise<string | null> {
  if (sourceKindOf(source) === 'url') return source;
  const resolved = await resolveDropFolder(source, places, { create: true });
  return resolved.ok ? resolved.folder : null;
}

function feedOf(row: WireFeedTable): Feed {
  return {
    id: row.id,
    name: row.name,
    sourceKind: row.source_kind,
    source: row.source,
    format: row.format,
    agencyId: row.agency_id,
    editionCode: row.edition_code,
    sectionId: row.section_id,
    mode: row.mode,
    pollSeconds: row.poll_seconds,
    etag: row.etag,
    lastModified: row.last_modified,
    lastPolledAt: row.last_polled_at,
    lastSuccessAt: row.last_success_at,
    lastError: row.last_error,
    failures: row.failures,
    nextPollAt: row.next_poll_at,
  };
}

export async function listFeeds(db: Db): Promise<Feed[]> {
  const rows = await db.selectFrom('wire_feeds').selectAll().orderBy('name').orderBy('id').execute();
  return rows.map(feedOf);
}

export async function findFeed(db: Db, id: string): Promise<Feed | undefined> {
  const row = await db.selectFrom('wire_feeds').selectAll().where('id', '=', id).executeTakeFirst();
  return row && feedOf(row);
}

/** Checks that the edition, section and agency named exist and fit together; returns a message key or null. */
export async function feedReferencesProblem(db: Db, input: FeedInput): Promise<string | null> {
  const edition = await db
    .selectFrom('editions')
    .select('code')
    .where('code', '=', input.editionCode)
    .executeTakeFirst();
  if (!edition) return 'wireErrorEdition';
  if (input.sectionId) {
    const section = await db
      .selectFrom('sections')
      .select('edition_code')
      .where('id', '=', input.sectionId)
      .executeTakeFirst();
    if (section?.edition_code !== input.editionCode) return 'wireErrorSection';
  }
  if (input.agencyId) {
    const agency = await db
      .selectFrom('agencies')
      .select('id')
      .where('id', '=', input.agencyId)
      .executeTakeFirst();
    if (!agency) return 'wireErrorAgency';
  }
  return null;
}

/** A new feed, polled for the first time right away. */
export async function createFeed(db: Db, input: FeedInput, now: Date): Promise<string> {
  const id = newId(now);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('wire_feeds')
      .values({
        id,
        ...feedColumns(input),
        etag: null,
        last_modified: null,
        last_polled_at: null,
        last_success_at: null,
        last_error: null,
        failures: 0,
        next_poll_at: now.toISOString(),
        polling_until: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
    await enqueueJob(trx, { kind: POLL_JOB, subjectId: id, runAt: now }, now);
  });
  return id;
}

/** New settings take effect at once: the feed is polled again now, from scratch (no conditional GET). */
export async function updateFeed(db: Db, id: string, input: FeedInput, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('wire_feeds')
      .set({
        ...feedColumns(input),
        etag: null,
        last_modified: null,
        failures: 0,
        next_poll_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await cancelPendingJobs(trx, POLL_JOB, id);
    await enqueueJob(trx, { kind: POLL_JOB, subjectId: id, runAt: now }, now);
    return true;
  });
}

/** Stops polling; the items the feed brought stay on the wire desk. */
export async function removeFeed(db: Db, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await cancelPendingJobs(trx, POLL_JOB, id);
    const result = await trx.deleteFrom('wire_feeds').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  });
}

function feedColumns(input: FeedInput) {
  return {
    name: input.name,
    source_kind: sourceKindOf(input.source),
    source: input.source,
    format: input.format,
    agency_id: input.agencyId || null,
    edition_code: input.editionCode,
    section_id: input.sectionId || null,
    mode: input.mode,
    poll_seconds: input.pollMinutes * 60,
  };
}

/** Takes the feed for one poll; false when another instance (or an earlier run) is polling it. */
export async function claimFeed(db: Db, id: string, now: Date, leaseMs: number): Promise<boolean> {
  const result = await db
    .updateTable('wire_feeds')
    .set({ polling_until: new Date(now.getTime() + leaseMs).toISOString() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('polling_until', 'is', null), eb('polling_until', '<', now.toISOString())]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The poll's outcome on the feed, and its next poll as the one pending job of the feed's chain. */
export async function finishPoll(
  db: Db,
  id: string,
  outcome: {
    ok: boolean;
    error: string | null;
    etag?: string | null | undefined;
    lastModified?: string | null | undefined;
    nextPollAt: Date;
    failures: number;
  },
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('wire_feeds')
      .set({
        last_polled_at: now.toISOString(),
        ...(outcome.ok ? { last_success_at: now.toISOString() } : {}),
        ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}),
        ...(outcome.lastModified !== undefined ? { last_modified: outcome.lastModified } : {}),
        last_error: outcome.error,
        failures: outcome.failures,
        next_poll_at: outcome.nextPollAt.toISOString(),
        polling_until: null,
      })
      .where('id', '=', id)
      .execute();
    const exists = await trx.selectFrom('wire_feeds').select('id').where('id', '=', id).executeTakeFirst();
    await cancelPendingJobs(trx, POLL_JOB, id);
    if (exists) await enqueueJob(trx, { kind: POLL_JOB, subjectId: id, runAt: outcome.nextPollAt }, now);
  });
}

/**
 * Every feed has a pending poll: a chain broken by a job that failed for good
 * (or by a database restored from a backup) starts again at server start.
 */
export async function ensurePollJobs(db: Db, now: Date): Promise<number> {
  const feeds = await db
    .selectFrom('wire_feeds')
    .select('id')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('jobs')
            .select('jobs.id')
            .where('jobs.kind', '=', POLL_JOB)
            .where('jobs.state', '=', 'pending')
            .whereRef('jobs.subject_id', '=', 'wire_feeds.id'),
        ),
      ),
    )
    .execute();
  for (const feed of feeds) await enqueueJob(db, { kind: POLL_JOB, subjectId: feed.id, runAt: now }, now);
  return feeds.length;
}

/** Feeds whose last poll failed, for the dashboard and the wire desk. */
export async function countFailingFeeds(db: Db): Promise<number> {
  const row = await db
    .selectFrom('wire_feeds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('failures', '>', 0)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
