/** Reads of events: the desk's, the public pages', the calendars', the API's and the article page's. */

import type { ExpressionBuilder } from 'kysely';
import { type ArticleCard, findArticleCards, imagesById } from '../articles/queries.js';
import { preparedQuery } from '../db/prepared.js';
import type { Database, Db, EventAttendance, EventPublication, EventRow, EventStatus } from '../db/schema.js';
import type { Edition, SectionRef, TopicRef } from '../editions/queries.js';
import type { Image } from '../media/images.js';
import { type EventSnapshot, eventSnapshotSchema } from './input.js';

/** `/{edition}/events`: the edition's events page. */
export const eventsPath = (editionCode: string) => `/${editionCode}/events`;
/** `/{edition}/events/{slug}`: an event's page (`.ics` after it: its calendar file). */
export const eventPath = (editionCode: string, slug: string) =>
  `/${editionCode}/events/${encodeURIComponent(slug)}`;

// ------------------------------------------------------------------------------------------- desk

/** An event as the door and the desk edit it: its row, and its editable fields as a snapshot. */
export interface DeskEvent {
  row: EventRow;
  snapshot: EventSnapshot;
}

export async function findDeskEvent(db: Db, id: string): Promise<DeskEvent | undefined> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [topics, articles] = await Promise.all([
    db.selectFrom('event_topics').select('topic_id').where('event_id', '=', id).orderBy('position').execute(),
    db
      .selectFrom('event_articles')
      .select('article_id')
      .where('event_id', '=', id)
      .orderBy('position')
      .execute(),
  ]);
  return {
    row,
    snapshot: snapshotOfRow(
      row,
      topics.map((t) => t.topic_id),
      articles.map((a) => a.article_id),
    ),
  };
}

export function snapshotOfRow(row: EventRow, topicIds: string[], articleIds: string[]): EventSnapshot {
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    descriptionHtml: row.description_html,
    timeZone: row.time_zone,
    allDay: row.all_day === 1,
    start: row.start_local,
    end: row.end_local,
    status: row.status,
    attendance: row.attendance,
    venueName: row.venue_name,
    venueAddress: row.venue_address,
    mapUrl: row.map_url,
    onlineUrl: row.online_url,
    organizerName: row.organizer_name,
    organizerUrl: row.organizer_url,
    imageId: row.lead_media_id,
    sectionId: row.section_id,
    topicIds,
    articleIds,
  };
}

/** One line of the desk's list of events. */
export interface DeskEventLine {
  id: string;
  editionCode: string;
  title: string;
  slug: string;
  startsAt: string;
  allDay: boolean;
  startLocal: string;
  timeZone: string;
  status: EventStatus;
  publication: EventPublication;
  updatedAt: string;
  createdBy: string | null;
}

export const DESK_PAGE_SIZE = 50;

/** The events of these editions, latest start first, a page at a time. */
export async function listDeskEvents(
  db: Db,
  editions: string[],
  page: number,
): Promise<{ events: DeskEventLine[]; hasMore: boolean }> {
  if (editions.length === 0) return { events: [], hasMore: false };
  const rows = await db
    .selectFrom('events')
    .select([
      'id',
      'edition_code',
      'title',
      'slug',
      'starts_at',
      'all_day',
      'start_local',
      'time_zone',
      'status',
      'publication',
      'updated_at',
      'created_by',
    ])
    .where('edition_code', 'in', editions)
    .orderBy('starts_at', 'desc')
    .orderBy('id', 'desc')
    .limit(DESK_PAGE_SIZE + 1)
    .offset((page - 1) * DESK_PAGE_SIZE)
    .execute();
  return {
    hasMore: rows.length > DESK_PAGE_SIZE,
    events: rows.slice(0, DESK_PAGE_SIZE).map((r) => ({
      id: r.id,
      editionCode: r.edition_code,
      title: r.title,
      slug: r.slug,
      startsAt: r.starts_at,
      allDay: r.all_day === 1,
      startLocal: r.start_local,
      timeZone: r.time_zone,
      status: r.status,
      publication: r.publication,
      updatedAt: r.updated_at,
      createdBy: r.created_by,
    })),
  };
}

export interface EventRevision {
  version: number;
  kind: string;
  source: string;
  authorId: string | null;
  authorEmail: string | null;
  createdAt: string;
  snapshot: EventSnapshot;
}

/** An event's revisions, newest first. */
export async function listEventRevisions(db: Db, eventId: string, limit = 50): Promise<EventRevision[]> {
  const rows = await db
    .selectFrom('event_revisions')
    .leftJoin('users', 'users.id', 'event_revisions.author_id')
    .select([
      'event_revisions.version',
      'event_revisions.kind',
      'event_revisions.source',
      'event_revisions.author_id',
      'event_revisions.created_at',
      'event_revisions.snapshot',
      'users.email',
    ])
    .where('event_revisions.event_id', '=', eventId)
    .orderBy('event_revisions.version', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    version: r.version,
    kind: r.kind,
    source: r.source,
    authorId: r.author_id,
    authorEmail: r.email,
    createdAt: r.created_at,
    snapshot: eventSnapshotSchema.parse(JSON.parse(r.snapshot)),
  }));
}

/** The other editions' versions of an event (any publication), for the desk's "translate to". */
export async function listEventTranslations(
  db: Db,
  group: string | null,
  exceptId: string,
): Promise<{ id: string; editionCode: string; title: string; publication: EventPublication }[]> {
  if (!group) return [];
  const rows = await db
    .selectFrom('events')
    .select(['id', 'edition_code', 'title', 'publication'])
    .where('translation_group', '=', group)
    .where('id', '!=', exceptId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    editionCode: r.edition_code,
    title: r.title,
    publication: r.publication,
  }));
}

/**
 * `wanted`, or `wanted-2`, `wanted-3`… whichever no other event of the
 * edition uses. The event's own slug (`ownId`) counts as free.
 */
export async function freeEventSlug(
  db: Db,
  editionCode: string,
  wanted: string,
  ownId: string | null = null,
): Promise<string> {
  let query = db
    .selectFrom('events')
    .select('slug')
    .where('edition_code', '=', editionCode)
    .where((eb) => eb.or([eb('slug', '=', wanted), eb('slug', 'like', `${wanted}-%`)]));
  if (ownId) query = query.where('id', '!=', ownId);
  const taken = new Set((await query.execute()).map((row) => row.slug));
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

/** Which of these article ids are articles of the edition (any status): what an event may link to. */
export async function articlesOfEdition(db: Db, editionCode: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where('edition_code', '=', editionCode)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The article an address names (`/ar/2026/03/01/slug`, with or without the site's origin), in one edition. */
export async function findArticleIdBySlug(
  db: Db,
  editionCode: string,
  slug: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('articles')
    .select('id')
    .where('edition_code', '=', editionCode)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.id;
}

/** Whether a section of this id is the edition's. */
export async function isSectionOfEdition(db: Db, editionCode: string, sectionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('sections')
    .select('id')
    .where('id', '=', sectionId)
    .where('edition_code', '=', editionCode)
    .executeTakeFirst();
  return row !== undefined;
}

/** The slug of a section, by id. */
export async function sectionSlugOf(db: Db, sectionId: string | null): Promise<string | null> {
  if (sectionId === null) return null;
  const row = await db.selectFrom('sections').select('slug').where('id', '=', sectionId).executeTakeFirst();
  return row?.slug ?? null;
}

export async function imageExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The ids of the events sharing a translation group (every edition's version of one event). */
export async function eventsOfGroup(db: Db, group: string): Promise<{ id: string; editionCode: string }[]> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'edition_code'])
    .where('translation_group', '=', group)
    .execute();
  return rows.map((r) => ({ id: r.id, editionCode: r.edition_code }));
}

/** The related articles' rows the desk shows them by: a published one by its address, others by id. */
export async function articleAddressRows(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'slug', 'status', 'first_published_at'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return ids.flatMap((id) => rows.filter((r) => r.id === id));
}

export async function topicsOfEdition(db: Db, editionCode: string, ids: string[]): Promise<TopicRef[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('topics')
    .select(['id', 'slug', 'name'])
    .where('edition_code', '=', editionCode)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return ids.flatMap((id) => rows.filter((r) => r.id === id));
}

/** The desk's and the admin API's view of related articles: id, headline, status, slug. */
export async function articleRefs(
  db: Db,
  ids: string[],
): Promise<{ id: string; headline: string; slug: string; status: string }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'headline', 'slug', 'status'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return ids.flatMap((id) => rows.filter((r) => r.id === id));
}

// ---------------------------------------------------------------------------------------- readers

/** The one visibility rule of events: published. Every public query starts here (or applies it). */
export function publicEvents(db: Db) {
  return db.selectFrom('events').where(isPublicEvent);
}

const isPublicEvent = (eb: ExpressionBuilder<Database, 'events'>) =>
  eb('events.publication', '=', 'published');

/** An event in a listing, a calendar or the API. */
export interface EventCard {
  id: string;
  editionCode: string;
  slug: string;
  url: string;
  title: string;
  summary: string;
  timeZone: string;
  allDay: boolean;
  startLocal: string;
  endLocal: string;
  startsAt: string;
  endsAt: string;
  previousStartsAt: string | null;
  status: EventStatus;
  attendance: EventAttendance;
  venueName: string;
  venueAddress: string;
  mapUrl: string;
  onlineUrl: string;
  organizerName: string;
  organizerUrl: string;
  section: SectionRef | null;
  image: Image | null;
  sequence: number;
  createdAt: string;
  updatedAt: string;
  firstPublishedAt: string;
}

/** An event's page: the card and everything the page shows besides. */
export interface EventDetail extends EventCard {
  descriptionHtml: string;
  topics: TopicRef[];
  /** Published articles of the edition, in the editors' order. */
  related: ArticleCard[];
  translationGroup: string | null;
  /** Every published version of the event, this one included. */
  translations: { id: string; editionCode: string; language: string; url: string; title: string }[];
}

const cardColumns = [
  'events.id',
  'events.edition_code',
  'events.slug',
  'events.title',
  'events.summary',
  'events.time_zone',
  'events.all_day',
  'events.start_local',
  'events.end_local',
  'events.starts_at',
  'events.ends_at',
  'events.previous_starts_at',
  'events.status',
  'events.attendance',
  'events.venue_name',
  'events.venue_address',
  'events.map_url',
  'events.online_url',
  'events.organizer_name',
  'events.organizer_url',
  'events.section_id',
  'events.lead_media_id',
  'events.sequence',
  'events.created_at',
  'events.updated_at',
  'events.first_published_at',
] as const;

type CardRow = Pick<
  EventRow,
  | 'id'
  | 'edition_code'
  | 'slug'
  | 'title'
  | 'summary'
  | 'time_zone'
  | 'all_day'
  | 'start_local'
  | 'end_local'
  | 'starts_at'
  | 'ends_at'
  | 'previous_starts_at'
  | 'status'
  | 'attendance'
  | 'venue_name'
  | 'venue_address'
  | 'map_url'
  | 'online_url'
  | 'organizer_name'
  | 'organizer_url'
  | 'section_id'
  | 'lead_media_id'
  | 'sequence'
  | 'created_at'
  | 'updated_at'
  | 'first_published_at'
>;

async function toCards(db: Db, edition: Edition, rows: CardRow[]): Promise<EventCard[]> {
  const images = await imagesById(
    db,
    rows.map((r) => r.lead_media_id),
  );
  return rows.map((r) => ({
    id: r.id,
    editionCode: r.edition_code,
    slug: r.slug,
    url: eventPath(r.edition_code, r.slug),
    title: r.title,
    summary: r.summary,
    timeZone: r.time_zone,
    allDay: r.all_day === 1,
    startLocal: r.start_local,
    endLocal: r.end_local,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    previousStartsAt: r.previous_starts_at,
    status: r.status,
    attendance: r.attendance,
    venueName: r.venue_name,
    venueAddress: r.venue_address,
    mapUrl: r.map_url,
    onlineUrl: r.online_url,
    organizerName: r.organizer_name,
    organizerUrl: r.organizer_url,
    section: edition.sections.find((s) => s.id === r.section_id) ?? null,
    image: (r.lead_media_id && images.get(r.lead_media_id)) || null,
    sequence: r.sequence,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    firstPublishedAt: r.first_published_at ?? r.created_at,
  }));
}

export interface EventFilter {
  sectionId?: string | undefined;
  /** Events that overlap [start, end): a month in the edition's zone. */
  between?: { start: Date; end: Date } | undefined;
}

/** The edition's published events matching `filter`, as a query (no order yet). */
function filtered(db: Db, editionCode: string, filter: EventFilter) {
  let query = publicEvents(db).where('events.edition_code', '=', editionCode);
  if (filter.sectionId) query = query.where('events.section_id', '=', filter.sectionId);
  const between = filter.between;
  if (between) {
    query = query
      .where('events.starts_at', '<', between.end.toISOString())
      .where('events.ends_at', '>', between.start.toISOString());
  }
  return query;
}

export interface EventListing {
  /** Not over yet (happening now included), soonest first. */
  upcoming: EventCard[];
  /** Over, most recent first; they follow every upcoming event. */
  past: EventCard[];
  page: number;
  pages: number;
  /** When the soonest upcoming event ends (it moves to the past then): the page is stale after. */
  nextChange: string | undefined;
}

/**
 * One page of the events list: upcoming events (soonest first) then past
 * ones (latest first), `pageSize` a page. Page numbers past the end give no events.
 */
export async function listEvents(
  db: Db,
  edition: Edition,
  filter: EventFilter,
  options: { now: Date; page: number; pageSize: number },
): Promise<EventListing> {
  const now = options.now.toISOString();
  const counts = await filtered(db, edition.code, filter)
    .select([
      (eb) => eb.fn.countAll().as('total'),
      (eb) => eb.fn.sum(eb.case().when('events.ends_at', '>', now).then(1).else(0).end()).as('upcoming'),
      // The soonest end to come: the event then moves from upcoming to past, on whatever page.
      (eb) =>
        eb.fn
          .min(eb.case().when('events.ends_at', '>', now).then(eb.ref('events.ends_at')).end())
          .as('nextEnd'),
    ])
    .executeTakeFirst();
  const total = Number(counts?.total ?? 0);
  const upcomingCount = Number(counts?.upcoming ?? 0);
  const pages = Math.max(1, Math.ceil(total / options.pageSize));
  const from = (options.page - 1) * options.pageSize;
  const to = from + options.pageSize;
  const upcomingRows =
    from < upcomingCount
      ? await filtered(db, edition.code, filter)
          .select(cardColumns)
          .where('events.ends_at', '>', now)
          .orderBy('events.starts_at', 'asc')
          .orderBy('events.id', 'asc')
          .limit(Math.min(to, upcomingCount) - from)
          .offset(from)
          .execute()
      : [];
  const pastFrom = Math.max(0, from - upcomingCount);
  const pastRows =
    to > upcomingCount
      ? await filtered(db, edition.code, filter)
          .select(cardColumns)
          .where('events.ends_at', '<=', now)
          .orderBy('events.starts_at', 'desc')
          .orderBy('events.id', 'desc')
          .limit(to - Math.max(from, upcomingCount))
          .offset(pastFrom)
          .execute()
      : [];
  const [upcoming, past] = await Promise.all([
    toCards(db, edition, upcomingRows),
    toCards(db, edition, pastRows),
  ]);
  const nextEnd = counts?.nextEnd;
  return { upcoming, past, page: options.page, pages, nextChange: nextEnd ? String(nextEnd) : undefined };
}

/** Upcoming published events (not over at `now`), soonest first: what a subscribed calendar holds. */
export async function listUpcomingEvents(
  db: Db,
  edition: Edition,
  filter: EventFilter,
  options: { now: Date; limit: number },
): Promise<EventCard[]> {
  const rows = await filtered(db, edition.code, filter)
    .select(cardColumns)
    .where('events.ends_at', '>', options.now.toISOString())
    .orderBy('events.starts_at', 'asc')
    .orderBy('events.id', 'asc')
    .limit(options.limit)
    .execute();
  return toCards(db, edition, rows);
}

/** The first and last month (in the edition's zone) any published event of the edition touches. */
export async function eventSpan(
  db: Db,
  editionCode: string,
): Promise<{ first: string; last: string } | undefined> {
  const row = await publicEvents(db)
    .where('events.edition_code', '=', editionCode)
    .select([
      (eb) => eb.fn.min('events.starts_at').as('first'),
      (eb) => eb.fn.max('events.ends_at').as('last'),
    ])
    .executeTakeFirst();
  return row?.first && row.last ? { first: String(row.first), last: String(row.last) } : undefined;
}

/** A published event of an edition by slug, with everything its page shows. */
export async function findPublicEvent(
  db: Db,
  edition: Edition,
  editions: Edition[],
  slug: string,
  now: Date,
): Promise<EventDetail | undefined> {
  const row = await publicEvents(db)
    .select([...cardColumns, 'events.description_html', 'events.translation_group'])
    .where('events.edition_code', '=', edition.code)
    .where('events.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;
  const [card] = await toCards(db, edition, [row]);
  if (!card) return undefined;
  const [topicRows, articleRows, translationRows] = await Promise.all([
    db
      .selectFrom('event_topics')
      .innerJoin('topics', 'topics.id', 'event_topics.topic_id')
      .select(['topics.id', 'topics.slug', 'topics.name'])
      .where('event_topics.event_id', '=', row.id)
      .orderBy('event_topics.position')
      .execute(),
    db
      .selectFrom('event_articles')
      .select('article_id')
      .where('event_id', '=', row.id)
      .orderBy('position')
      .execute(),
    row.translation_group
      ? publicEvents(db)
          .select(['events.id', 'events.edition_code', 'events.slug', 'events.title'])
          .where('events.translation_group', '=', row.translation_group)
          .execute()
      : Promise.resolve([]),
  ]);
  const ids = articleRows.map((a) => a.article_id);
  const cards = await findArticleCards(db, edition, ids, { now });
  return {
    ...card,
    descriptionHtml: row.description_html,
    topics: topicRows,
    related: ids.flatMap((id) => cards.get(id) ?? []),
    translationGroup: row.translation_group,
    translations: translationRows.flatMap((t) => {
      const other = editions.find((e) => e.code === t.edition_code);
      return other
        ? [
            {
              id: t.id,
              editionCode: t.edition_code,
              language: other.language,
              url: eventPath(t.edition_code, t.slug),
              title: t.title,
            },
          ]
        : [];
    }),
  };
}

/** A published event's current address when `slug` is one it used to have. */
export async function findRenamedEvent(
  db: Db,
  editionCode: string,
  slug: string,
): Promise<string | undefined> {
  const row = await publicEvents(db)
    .innerJoin('event_slug_redirects', 'event_slug_redirects.event_id', 'events.id')
    .select(['events.slug'])
    .where('event_slug_redirects.edition_code', '=', editionCode)
    .where('event_slug_redirects.slug', '=', slug)
    .executeTakeFirst();
  return row ? eventPath(editionCode, row.slug) : undefined;
}

/** An event an article page links back to. */
export interface EventLink {
  id: string;
  title: string;
  url: string;
  startsAt: string;
  allDay: boolean;
  startLocal: string;
  endLocal: string;
  timeZone: string;
  status: EventStatus;
}

/**
 * The published events of `editionCode` that list this article among their
 * related articles, soonest first: the article page links back to them.
 */
/**
 * Asked on every article page: built once (src/db/prepared.ts). From the article's links to their
 * events, not the other way: ordered by start, SQLite would otherwise walk every published event
 * of the edition and look each up in the links. CROSS JOIN keeps that order in SQLite; PostgreSQL
 * plans it as the inner join it is.
 */
const eventsLinkingArticleQuery = preparedQuery(
  ['editionCode', 'articleId'],
  (db, a: { editionCode: string; articleId: string }) =>
    db
      .selectFrom('event_articles')
      .crossJoin('events')
      .whereRef('events.id', '=', 'event_articles.event_id')
      .where(isPublicEvent)
      .select([
        'events.id',
        'events.title',
        'events.slug',
        'events.starts_at',
        'events.all_day',
        'events.start_local',
        'events.end_local',
        'events.time_zone',
        'events.status',
      ])
      .where('event_articles.article_id', '=', a.articleId)
      .where('events.edition_code', '=', a.editionCode)
      .orderBy('events.starts_at', 'asc')
      .limit(5),
);

export async function eventsLinkingArticle(
  db: Db,
  editionCode: string,
  articleId: string,
): Promise<EventLink[]> {
  const rows = await eventsLinkingArticleQuery(db, { editionCode, articleId });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    url: eventPath(editionCode, r.slug),
    startsAt: r.starts_at,
    allDay: r.all_day === 1,
    startLocal: r.start_local,
    endLocal: r.end_local,
    timeZone: r.time_zone,
    status: r.status,
  }));
}

/** What the events sitemap lists: every published event, with its translations' group. */
export async function listSitemapEvents(db: Db) {
  return publicEvents(db)
    .select([
      'events.id',
      'events.edition_code',
      'events.slug',
      'events.updated_at',
      'events.translation_group',
    ])
    .orderBy('events.starts_at', 'desc')
    .limit(50_000)
    .execute();
}
