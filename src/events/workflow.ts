/**
 * The one door to the events tables (events, event_revisions, event_topics,
 * event_articles, event_slug_redirects). The desk, the admin API and tests
 * call these functions; nothing else writes those rows.
 *
 * Every write, in one transaction: checks the fields again (times in their
 * zone, where people go, the section, topics, articles and image of the
 * edition), claims the next version (the one the editor had, for saves),
 * writes the row and its topics and articles, records a revision (kind,
 * source, author) and an audit entry, and logs a content change with the
 * cache tags of every page that shows the event (its page and calendar, the
 * edition's lists, its translations, the articles it links to or linked to).
 */

import { type AuditAction, recordAudit } from '../accounts/audit.js';
import { sanitizeBody } from '../articles/sanitize.js';
import { slugify } from '../articles/slugs.js';
import { requestUrgentPurge } from '../cdn/purger.js';
import { newId } from '../db/ids.js';
import type { Db, EventRow } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { type CacheTag, cacheTags } from '../http/cache-tags.js';
import { logContentChange } from '../http/page-cache.js';
import { checkEventText, type EventErrors, EventInputError, type EventSnapshot } from './input.js';
import {
  articlesOfEdition,
  type DeskEvent,
  eventsOfGroup,
  findDeskEvent,
  freeEventSlug,
  imageExists,
  isSectionOfEdition,
  topicsOfEdition,
} from './queries.js';

export { EventInputError } from './input.js';

/** The door a write came through. */
export type EventSource = 'desk' | 'api' | 'cli';

/** Who does something, when, and through which door. */
export interface EventAct {
  userId: string | null;
  now: Date;
  source?: EventSource;
  /** The integration acting (e.g. its name), kept in the audit log's details. */
  via?: string;
}

/** A save named a version someone else has replaced: nothing was written. */
export class EventConflictError extends Error {
  constructor(readonly current: { version: number; snapshot: EventSnapshot }) {
    super(`The event changed since version you started from (now version ${current.version})`);
    this.name = 'EventConflictError';
  }
}

/** No such event (deleted meanwhile, or never). */
export class EventNotFoundError extends Error {
  constructor(id: string) {
    super(`No event ${id}`);
    this.name = 'EventNotFoundError';
  }
}

/** A step that does not apply (a translation that exists already). */
export class EventStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventStateError';
  }
}

const sourceOf = (act: EventAct): EventSource => act.source ?? 'desk';

/** What the row holds of a snapshot, times resolved and the description sanitized. */
async function checked(trx: Db, editionCode: string, snapshot: EventSnapshot) {
  const text = checkEventText(snapshot);
  const errors: EventErrors = text.ok ? {} : { ...text.errors };
  if (snapshot.sectionId !== null && !(await isSectionOfEdition(trx, editionCode, snapshot.sectionId)))
    errors.sectionId = 'deskErrorInvalid';
  const topics = await topicsOfEdition(trx, editionCode, snapshot.topicIds);
  if (topics.length !== new Set(snapshot.topicIds).size) errors.topicIds = 'deskErrorInvalid';
  const articles = await articlesOfEdition(trx, editionCode, snapshot.articleIds);
  if (articles.size !== new Set(snapshot.articleIds).size) errors.articleIds = 'eventsErrorArticles';
  if (snapshot.imageId !== null && !(await imageExists(trx, snapshot.imageId)))
    errors.imageId = 'deskErrorInvalid';
  if (!text.ok || Object.keys(errors).length > 0) throw new EventInputError(errors);
  const descriptionHtml = sanitizeBody(text.text.descriptionHtml);
  return {
    snapshot: {
      ...snapshot,
      ...text.text,
      descriptionHtml,
      topicIds: [...new Set(snapshot.topicIds)],
      articleIds: [...new Set(snapshot.articleIds)],
    },
    times: text.times,
  };
}

/** The columns a snapshot sets (not slug, publication, versions). */
function columnsOf(snapshot: EventSnapshot, times: { startsAt: Date; endsAt: Date }) {
  return {
    title: snapshot.title,
    summary: snapshot.summary,
    description_html: snapshot.descriptionHtml,
    time_zone: snapshot.timeZone,
    all_day: snapshot.allDay ? 1 : 0,
    start_local: snapshot.start,
    end_local: snapshot.end,
    starts_at: times.startsAt.toISOString(),
    ends_at: times.endsAt.toISOString(),
    status: snapshot.status,
    attendance: snapshot.attendance,
    venue_name: snapshot.venueName,
    venue_address: snapshot.venueAddress,
    map_url: snapshot.mapUrl,
    online_url: snapshot.onlineUrl,
    organizer_name: snapshot.organizerName,
    organizer_url: snapshot.organizerUrl,
    lead_media_id: snapshot.imageId,
    section_id: snapshot.sectionId,
  };
}

/** What a calendar shows of an event: a change to any of it bumps SEQUENCE. */
const CALENDAR_COLUMNS = [
  'slug',
  'title',
  'summary',
  'description_html',
  'time_zone',
  'all_day',
  'start_local',
  'end_local',
  'starts_at',
  'ends_at',
  'status',
  'attendance',
  'venue_name',
  'venue_address',
  'online_url',
  'organizer_name',
  'organizer_url',
] as const satisfies readonly (keyof EventRow)[];

async function writeRelations(trx: Db, id: string, snapshot: EventSnapshot) {
  await trx.deleteFrom('event_topics').where('event_id', '=', id).execute();
  await trx.deleteFrom('event_articles').where('event_id', '=', id).execute();
  if (snapshot.topicIds.length > 0) {
    await trx
      .insertInto('event_topics')
      .values(snapshot.topicIds.map((topic_id, position) => ({ event_id: id, topic_id, position })))
      .execute();
  }
  if (snapshot.articleIds.length > 0) {
    await trx
      .insertInto('event_articles')
      .values(snapshot.articleIds.map((article_id, position) => ({ event_id: id, article_id, position })))
      .execute();
  }
}

async function recordRevision(
  trx: Db,
  id: string,
  version: number,
  kind: string,
  snapshot: EventSnapshot,
  act: EventAct,
) {
  await trx
    .insertInto('event_revisions')
    .values({
      id: newId(act.now),
      event_id: id,
      version,
      kind,
      source: sourceOf(act),
      author_id: act.userId,
      created_at: act.now.toISOString(),
      snapshot: JSON.stringify(snapshot),
    })
    .execute();
}

function audit(trx: Db, action: AuditAction, id: string, act: EventAct, details: Record<string, unknown>) {
  return recordAudit(
    trx,
    {
      userId: act.userId,
      action,
      subjectType: 'event',
      subjectId: id,
      details: { ...details, source: sourceOf(act), ...(act.via ? { via: act.via } : {}) },
    },
    act.now,
  );
}

/**
 * Purges every page showing the event: its page and calendar file, its
 * edition's lists and calendars, its translations' pages (their language
 * links) and the pages of the articles it links to, before and after.
 */
async function purge(
  trx: Db,
  row: Pick<EventRow, 'id' | 'edition_code' | 'translation_group'>,
  articleIds: string[],
  now: Date,
  /** Taken off the site: the CDN drops its pages at once, ahead of any backlog. */
  urgent = false,
) {
  const tags: CacheTag[] = [cacheTags.event(row.id), cacheTags.events(row.edition_code)];
  if (row.translation_group) {
    const group = await eventsOfGroup(trx, row.translation_group);
    tags.push(...group.map((g) => cacheTags.event(g.id)));
  }
  tags.push(...[...new Set(articleIds)].map((id) => cacheTags.article(id)));
  await logContentChange(trx, tags, now);
  if (urgent) await requestUrgentPurge(trx, tags, now);
}

async function load(trx: Db, id: string): Promise<DeskEvent> {
  const event = await findDeskEvent(trx, id);
  if (!event) throw new EventNotFoundError(id);
  return event;
}

/** Claims the version after `expected` ('current': after whatever it is); a stale one is a conflict. */
async function claim(
  trx: Db,
  id: string,
  expected: number | 'current',
): Promise<{ event: DeskEvent; version: number }> {
  let query = trx
    .updateTable('events')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id);
  if (expected !== 'current') query = query.where('version', '=', expected);
  const claimed = await query.executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) {
    const current = await load(trx, id);
    throw new EventConflictError({ version: current.row.version, snapshot: current.snapshot });
  }
  const event = await load(trx, id);
  return { event, version: event.row.version };
}

// ------------------------------------------------------------------------------------------ create

export interface NewEvent {
  editionCode: string;
  /** An empty slug comes from the title (made free in the edition either way). */
  snapshot: EventSnapshot;
  translationGroup?: string | null;
}

/** A new event, a draft, as revision 1 ('create'). */
export async function createEvent(db: Db, input: NewEvent, act: EventAct): Promise<string> {
  return inTransaction(db, async (trx) => {
    const { editionCode } = input;
    const { snapshot, times } = await checked(trx, editionCode, input.snapshot);
    const slug = await freeEventSlug(trx, editionCode, slugify(snapshot.slug || snapshot.title));
    const id = newId(act.now);
    const at = act.now.toISOString();
    await trx
      .insertInto('events')
      .values({
        id,
        edition_code: editionCode,
        slug,
        ...columnsOf(snapshot, times),
        previous_starts_at: null,
        translation_group: input.translationGroup ?? null,
        publication: 'draft',
        first_published_at: null,
        version: 1,
        sequence: 0,
        created_by: act.userId,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const stored = { ...snapshot, slug };
    await writeRelations(trx, id, stored);
    await recordRevision(trx, id, 1, 'create', stored, act);
    await audit(trx, 'event.create', id, act, { version: 1, edition: editionCode, title: stored.title });
    return id;
  });
}

// -------------------------------------------------------------------------------------------- save

export interface EventChange {
  /** The version the editor loaded; a save on another one is a conflict. */
  expectedVersion: number;
  /** The fields as the editor left them; an empty slug follows the title until first publication. */
  snapshot: EventSnapshot;
}

/**
 * Saves the editor's fields over the version they started from. A changed
 * start keeps the former one (shown for rescheduled events); a change to
 * what calendars show bumps SEQUENCE; a published event's former slug keeps
 * answering with a redirect. Returns the new version.
 */
export async function saveEvent(db: Db, id: string, change: EventChange, act: EventAct): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { event, version } = await claim(trx, id, change.expectedVersion);
    const { row } = event;
    const { snapshot, times } = await checked(trx, row.edition_code, change.snapshot);
    const everPublished = row.first_published_at !== null;
    const wanted = snapshot.slug
      ? slugify(snapshot.slug)
      : everPublished
        ? row.slug
        : slugify(snapshot.title);
    const slug = wanted === row.slug ? row.slug : await freeEventSlug(trx, row.edition_code, wanted, id);
    const columns = { ...columnsOf(snapshot, times), slug };
    const changed = CALENDAR_COLUMNS.some((column) => row[column] !== columns[column]);
    const startMoved = columns.starts_at !== row.starts_at;
    await trx
      .updateTable('events')
      .set({
        ...columns,
        previous_starts_at: startMoved ? row.starts_at : row.previous_starts_at,
        sequence: changed ? row.sequence + 1 : row.sequence,
        updated_at: act.now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    if (slug !== row.slug && everPublished) {
      await trx
        .deleteFrom('event_slug_redirects')
        .where('edition_code', '=', row.edition_code)
        .where((eb) => eb.or([eb('slug', '=', slug), eb('slug', '=', row.slug)]))
        .execute();
      await trx
        .insertInto('event_slug_redirects')
        .values({
          edition_code: row.edition_code,
          slug: row.slug,
          event_id: id,
          created_at: act.now.toISOString(),
        })
        .execute();
    }
    const stored = { ...snapshot, slug };
    await writeRelations(trx, id, stored);
    await recordRevision(trx, id, version, 'save', stored, act);
    await audit(trx, 'event.save', id, act, { version, ...(changed ? { sequence: row.sequence + 1 } : {}) });
    if (row.publication === 'published')
      await purge(trx, row, [...event.snapshot.articleIds, ...stored.articleIds], act.now);
    return version;
  });
}

// --------------------------------------------------------------------------------- publication

/**
 * Puts the event before readers (its first publication time is kept from
 * the first time). Returns false when it was published already (nothing written).
 */
export async function publishEvent(db: Db, id: string, act: EventAct): Promise<boolean> {
  return setPublication(db, id, 'published', act);
}

/** Takes the event off the site (a draft again). Returns false when it was not published. */
export async function unpublishEvent(db: Db, id: string, act: EventAct): Promise<boolean> {
  return setPublication(db, id, 'draft', act);
}

async function setPublication(db: Db, id: string, to: 'draft' | 'published', act: EventAct) {
  return inTransaction(db, async (trx) => {
    const current = await load(trx, id);
    if (current.row.publication === to) return false;
    const { event, version } = await claim(trx, id, 'current');
    const at = act.now.toISOString();
    await trx
      .updateTable('events')
      .set({
        publication: to,
        updated_at: at,
        ...(to === 'published' && event.row.first_published_at === null ? { first_published_at: at } : {}),
      })
      .where('id', '=', id)
      .execute();
    const kind = to === 'published' ? 'publish' : 'unpublish';
    await recordRevision(trx, id, version, kind, event.snapshot, act);
    await audit(trx, to === 'published' ? 'event.publish' : 'event.unpublish', id, act, { version });
    await purge(trx, event.row, event.snapshot.articleIds, act.now, to === 'draft');
    return true;
  });
}

/** Deletes the event for good with its revisions and former addresses; the audit log keeps the title. */
export async function deleteEvent(db: Db, id: string, act: EventAct): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { row, snapshot } = await load(trx, id);
    await trx.deleteFrom('event_topics').where('event_id', '=', id).execute();
    await trx.deleteFrom('event_articles').where('event_id', '=', id).execute();
    await trx.deleteFrom('event_revisions').where('event_id', '=', id).execute();
    await trx.deleteFrom('event_slug_redirects').where('event_id', '=', id).execute();
    await trx.deleteFrom('events').where('id', '=', id).execute();
    await audit(trx, 'event.delete', id, act, {
      version: row.version,
      edition: row.edition_code,
      title: row.title,
      publication: row.publication,
    });
    if (row.publication === 'published') await purge(trx, row, snapshot.articleIds, act.now, true);
  });
}

// -------------------------------------------------------------------------------------- translation

/**
 * Starts the event's version in another edition: a draft linked to it by
 * translation group, with its text, times, place and image to translate
 * (no section, topics or articles: those are the other edition's). A source
 * without a group gets one first; that is not an edit of it (no version), but
 * its pages are purged so their language links stay right. Returns the draft's id.
 */
export async function translateEvent(
  db: Db,
  sourceId: string,
  editionCode: string,
  act: EventAct,
): Promise<string> {
  return inTransaction(db, async (trx) => {
    const source = await load(trx, sourceId);
    if (source.row.edition_code === editionCode)
      throw new EventStateError('The event is in that edition already');
    let group = source.row.translation_group;
    if (!group) {
      group = newId(act.now);
      await trx.updateTable('events').set({ translation_group: group }).where('id', '=', sourceId).execute();
      if (source.row.publication === 'published')
        await purge(trx, { ...source.row, translation_group: group }, [], act.now);
    }
    const taken = (await eventsOfGroup(trx, group)).some((e) => e.editionCode === editionCode);
    if (taken) throw new EventStateError(`The event already has a version in edition ${editionCode}`);
    return createEvent(
      trx,
      {
        editionCode,
        snapshot: { ...source.snapshot, slug: '', sectionId: null, topicIds: [], articleIds: [] },
        translationGroup: group,
      },
      act,
    );
  });
}
