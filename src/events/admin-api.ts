/**
 * The admin API's events (/api/admin/v1/events): list, create, read, change
 * (with the version read), publish, take off, delete. An integration works
 * in its editions with its role, by the same predicates as the desk
 * (`canCreateEvent`, `canEditEvent`, `canPublishEvent`, `canDeleteEvent`);
 * every write goes through the events door, audited under the integration.
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import {
  canCreateEvent,
  canDeleteEvent,
  canEditEvent,
  canPublishEvent,
  type EventRef,
  worksInEdition,
} from '../accounts/policy.js';
import { resolveTopics } from '../articles/resolve.js';
import { isConnectionError, isInvalidTextError } from '../db/connect.js';
import type { Db } from '../db/schema.js';
import { findSection } from '../editions/queries.js';
import type { AppDeps } from '../http/env.js';
import { textInput } from '../http/input-guard.js';
import { messagesFor } from '../i18n/messages.js';
import {
  ADMIN_API_BASE,
  authenticate,
  type IntegrationApiEnv,
  readJson,
  tooLarge,
} from '../integrations/api.js';
import { ApiError, sendApiError, sendJson } from '../integrations/api-errors.js';
import { MAX_JSON_BYTES, parseBody } from '../integrations/api-input.js';
import { viaOf } from '../integrations/integrations.js';
import { EVENT_ATTENDANCES, EVENT_STATUSES, type EventErrors, type EventSnapshot } from './input.js';
import {
  type DeskEvent,
  eventPath,
  findDeskEvent,
  listDeskEvents,
  sectionSlugOf,
  topicsOfEdition,
} from './queries.js';
import {
  createEvent,
  deleteEvent,
  type EventAct,
  EventConflictError,
  EventInputError,
  publishEvent,
  saveEvent,
  translateEvent,
  unpublishEvent,
} from './workflow.js';

const BASE = `${ADMIN_API_BASE}/events`;

const name = textInput().trim().max(300);
const url = textInput().trim().max(2000);

/** The fields of an event as the API takes them: the section by slug, topics by name, related articles by id. */
const eventFields = {
  title: textInput().trim().min(1).max(300),
  summary: textInput().max(1000),
  descriptionHtml: textInput().max(200_000),
  timeZone: textInput().max(64),
  allDay: z.boolean(),
  /** The wall clock in `timeZone`: `YYYY-MM-DDTHH:mm`, or `YYYY-MM-DD` when all day. */
  start: textInput().max(16),
  /** The same; when all day, the last day. */
  end: textInput().max(16),
  status: z.enum(EVENT_STATUSES),
  attendance: z.enum(EVENT_ATTENDANCES),
  venue: z
    .strictObject({
      name: name.default(''),
      address: textInput().max(1000).default(''),
      mapUrl: url.default(''),
    })
    .nullable(),
  onlineUrl: url,
  organizer: z.strictObject({ name: name.default(''), url: url.default('') }).nullable(),
  section: textInput().min(1).max(200).nullable(),
  topics: z.array(textInput().trim().min(1).max(200)).max(30),
  relatedArticles: z.array(z.string().regex(/^[0-9a-z]{1,32}$/)).max(50),
  imageId: textInput().min(1).max(32).nullable(),
  slug: textInput().trim().max(120),
};

const createBody = z.strictObject({
  edition: textInput().min(1).max(16),
  /** Start this as the version of another event in this edition (a translation). */
  translationOf: z
    .string()
    .regex(/^[0-9a-z]{1,32}$/)
    .optional(),
  title: eventFields.title,
  summary: eventFields.summary.default(''),
  descriptionHtml: eventFields.descriptionHtml.default(''),
  timeZone: eventFields.timeZone,
  allDay: eventFields.allDay.default(false),
  start: eventFields.start,
  end: eventFields.end.default(''),
  status: eventFields.status.default('scheduled'),
  attendance: eventFields.attendance.default('in_person'),
  venue: eventFields.venue.default(null),
  onlineUrl: eventFields.onlineUrl.default(''),
  organizer: eventFields.organizer.default(null),
  section: eventFields.section.default(null),
  topics: eventFields.topics.default([]),
  relatedArticles: eventFields.relatedArticles.default([]),
  imageId: eventFields.imageId.default(null),
  slug: eventFields.slug.default(''),
});

const patchBody = z.strictObject({
  version: z.int().positive(),
  title: eventFields.title.optional(),
  summary: eventFields.summary.optional(),
  descriptionHtml: eventFields.descriptionHtml.optional(),
  timeZone: eventFields.timeZone.optional(),
  allDay: eventFields.allDay.optional(),
  start: eventFields.start.optional(),
  end: eventFields.end.optional(),
  status: eventFields.status.optional(),
  attendance: eventFields.attendance.optional(),
  venue: eventFields.venue.optional(),
  onlineUrl: eventFields.onlineUrl.optional(),
  organizer: eventFields.organizer.optional(),
  section: eventFields.section.optional(),
  topics: eventFields.topics.optional(),
  relatedArticles: eventFields.relatedArticles.optional(),
  imageId: eventFields.imageId.optional(),
  slug: eventFields.slug.optional(),
});
type EventFields = Partial<Omit<z.output<typeof createBody>, 'edition' | 'translationOf'>>;

const listQuery = z.strictObject({
  edition: z
    .string()
    .regex(/^[a-z0-9-]{1,16}$/, 'an edition code')
    .optional(),
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/, 'the nextCursor of a previous answer')
    .optional(),
});
const emptyBody = z.strictObject({});
const idParam = z.string().regex(/^[0-9a-z]{1,32}$/);

/** The API's name of each snapshot field, for refusals. */
const API_FIELDS: Partial<Record<keyof EventSnapshot, string>> = {
  venueName: 'venue.name',
  venueAddress: 'venue.address',
  mapUrl: 'venue.mapUrl',
  organizerName: 'organizer.name',
  organizerUrl: 'organizer.url',
  sectionId: 'section',
  topicIds: 'topics',
  articleIds: 'relatedArticles',
};

/** The door's refusal as the API's `invalid_fields`, in English. */
function invalidFields(errors: EventErrors): ApiError {
  const en = messagesFor('en');
  const fields = Object.entries(errors).flatMap(([field, key]) =>
    key ? [{ path: API_FIELDS[field as keyof EventSnapshot] ?? field, message: en[key] }] : [],
  );
  return new ApiError(400, 'invalid_fields', fields.map((f) => `${f.path}: ${f.message}`).join('; '), {
    fields,
  });
}

/** An event as the admin API returns it: in the terms a request sends, with its version. */
async function deskEventJson(db: Db, event: DeskEvent, publicUrl: string) {
  const { row, snapshot } = event;
  const [topics, section] = await Promise.all([
    topicsOfEdition(db, row.edition_code, snapshot.topicIds),
    sectionSlugOf(db, row.section_id),
  ]);
  return {
    id: row.id,
    edition: row.edition_code,
    publication: row.publication,
    version: row.version,
    sequence: row.sequence,
    url: row.publication === 'published' ? `${publicUrl}${eventPath(row.edition_code, row.slug)}` : null,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    descriptionHtml: row.description_html,
    timeZone: row.time_zone,
    allDay: row.all_day === 1,
    start: row.start_local,
    end: row.end_local,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    attendance: row.attendance,
    venue: row.venue_name ? { name: row.venue_name, address: row.venue_address, mapUrl: row.map_url } : null,
    onlineUrl: row.online_url,
    organizer: row.organizer_name ? { name: row.organizer_name, url: row.organizer_url } : null,
    section,
    topics: topics.map((t) => t.name),
    relatedArticles: snapshot.articleIds,
    imageId: row.lead_media_id,
    translationGroup: row.translation_group,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstPublishedAt: row.first_published_at,
  };
}

/** Mounted before the integrations' API (whose catch-all answers 404 for any path it does not know). */
export function eventsApiRoutes(deps: AppDeps) {
  const app = new Hono<IntegrationApiEnv>();
  const { db, clock, config } = deps;
  const jsonLimit = bodyLimit({ maxSize: MAX_JSON_BYTES, onError: tooLarge(MAX_JSON_BYTES) });

  for (const path of [BASE, `${BASE}/*`]) app.use(path, authenticate(deps));

  const actOf = (c: Context<IntegrationApiEnv>): EventAct => {
    const integration = c.get('integration');
    return { userId: integration.id, now: clock.now(), source: 'api', via: viaOf(integration) };
  };
  const refOf = (event: DeskEvent): EventRef => ({
    editionCode: event.row.edition_code,
    publication: event.row.publication,
    createdBy: event.row.created_by,
  });

  async function loadEvent(c: Context<IntegrationApiEnv>): Promise<DeskEvent> {
    const id = idParam.safeParse(c.req.param('id'));
    const event = id.success ? await findDeskEvent(db, id.data) : undefined;
    // Another edition's event is not this integration's to know of.
    if (!event || !worksInEdition(c.get('principal'), event.row.edition_code))
      throw new ApiError(404, 'not_found', 'No such event');
    return event;
  }

  const send = async (c: Context<IntegrationApiEnv>, id: string, status: 200 | 201 = 200) => {
    const event = await findDeskEvent(db, id);
    if (!event) throw new ApiError(404, 'not_found', 'No such event');
    return sendJson(c, { event: await deskEventJson(db, event, config.publicUrl) }, status);
  };

  /** The snapshot `fields` make over `base`: the section found by slug, topics found or made; in the write's transaction. */
  async function snapshotOf(
    trx: Db,
    editionCode: string,
    base: EventSnapshot,
    fields: EventFields,
    now: Date,
  ) {
    const snapshot: EventSnapshot = {
      ...base,
      ...(fields.title !== undefined && { title: fields.title }),
      ...(fields.summary !== undefined && { summary: fields.summary }),
      ...(fields.descriptionHtml !== undefined && { descriptionHtml: fields.descriptionHtml }),
      ...(fields.timeZone !== undefined && { timeZone: fields.timeZone }),
      ...(fields.allDay !== undefined && { allDay: fields.allDay }),
      ...(fields.start !== undefined && { start: fields.start }),
      ...(fields.end !== undefined && { end: fields.end }),
      ...(fields.status !== undefined && { status: fields.status }),
      ...(fields.attendance !== undefined && { attendance: fields.attendance }),
      ...(fields.onlineUrl !== undefined && { onlineUrl: fields.onlineUrl }),
      ...(fields.slug !== undefined && { slug: fields.slug }),
      ...(fields.imageId !== undefined && { imageId: fields.imageId }),
      ...(fields.relatedArticles !== undefined && { articleIds: fields.relatedArticles }),
    };
    if (fields.venue !== undefined) {
      snapshot.venueName = fields.venue?.name ?? '';
      snapshot.venueAddress = fields.venue?.address ?? '';
      snapshot.mapUrl = fields.venue?.mapUrl ?? '';
    }
    if (fields.organizer !== undefined) {
      snapshot.organizerName = fields.organizer?.name ?? '';
      snapshot.organizerUrl = fields.organizer?.url ?? '';
    }
    if (fields.section !== undefined) {
      const section = fields.section === null ? null : await findSection(trx, editionCode, fields.section);
      if (section === undefined) throw invalidFields({ sectionId: 'deskErrorInvalid' });
      snapshot.sectionId = section?.id ?? null;
    }
    if (fields.topics !== undefined)
      snapshot.topicIds = await resolveTopics(trx, editionCode, fields.topics, now);
    return snapshot;
  }

  app.get(BASE, async (c) => {
    const query = parseBody(listQuery, c.req.query());
    const principal = c.get('principal');
    if (query.edition && !worksInEdition(principal, query.edition))
      throw new ApiError(403, 'forbidden', `This integration does not work in edition "${query.edition}"`);
    const page = query.cursor ? Number(query.cursor) : 1;
    const editions = query.edition ? [query.edition] : principal.editions;
    const { events, hasMore } = await listDeskEvents(db, editions, page);
    return sendJson(c, {
      events: events.map((e) => ({
        id: e.id,
        edition: e.editionCode,
        title: e.title,
        slug: e.slug,
        status: e.status,
        publication: e.publication,
        allDay: e.allDay,
        timeZone: e.timeZone,
        start: e.startLocal,
        startsAt: e.startsAt,
        updatedAt: e.updatedAt,
      })),
      nextCursor: hasMore ? String(page + 1) : null,
    });
  });

  app.post(BASE, jsonLimit, async (c) => {
    const body = parseBody(createBody, await readJson(c));
    const principal = c.get('principal');
    if (!canCreateEvent(principal, body.edition))
      throw new ApiError(403, 'forbidden', `This integration does not work in edition "${body.edition}"`);
    const act = actOf(c);
    const { edition, translationOf, ...fields } = body;
    const id = await db.transaction().execute(async (trx) => {
      const base: EventSnapshot = {
        slug: '',
        title: '',
        summary: '',
        descriptionHtml: '',
        timeZone: '',
        allDay: false,
        start: '',
        end: '',
        status: 'scheduled',
        attendance: 'in_person',
        venueName: '',
        venueAddress: '',
        mapUrl: '',
        onlineUrl: '',
        organizerName: '',
        organizerUrl: '',
        imageId: null,
        sectionId: null,
        topicIds: [],
        articleIds: [],
      };
      const snapshot = await snapshotOf(trx, edition, base, fields, act.now);
      if (translationOf) {
        const source = await findDeskEvent(trx, translationOf);
        if (!source || !worksInEdition(principal, source.row.edition_code))
          throw new ApiError(400, 'invalid_fields', 'translationOf: no such event', {
            fields: [{ path: 'translationOf', message: 'no such event' }],
          });
        // The door links the two (and refuses a second version in one edition); then this one's fields are saved.
        const draft = await translateEvent(trx, translationOf, edition, act);
        await saveEvent(trx, draft, { expectedVersion: 1, snapshot }, act);
        return draft;
      }
      return createEvent(trx, { editionCode: edition, snapshot }, act);
    });
    c.header('location', `${BASE}/${id}`);
    return send(c, id, 201);
  });

  app.get(`${BASE}/:id`, async (c) => {
    const event = await loadEvent(c);
    return sendJson(c, { event: await deskEventJson(db, event, config.publicUrl) });
  });

  app.patch(`${BASE}/:id`, jsonLimit, async (c) => {
    const event = await loadEvent(c);
    const body = parseBody(patchBody, await readJson(c));
    if (!canEditEvent(c.get('principal'), refOf(event)))
      throw new ApiError(403, 'forbidden', 'This integration may not edit this event');
    const act = actOf(c);
    const { version, ...fields } = body;
    try {
      await db.transaction().execute(async (trx) => {
        const snapshot = await snapshotOf(trx, event.row.edition_code, event.snapshot, fields, act.now);
        // No slug sent: the door keeps it (or follows the title before first publication).
        const slug = fields.slug ?? (event.row.first_published_at ? event.row.slug : '');
        await saveEvent(
          trx,
          event.row.id,
          { expectedVersion: version, snapshot: { ...snapshot, slug } },
          act,
        );
      });
    } catch (error) {
      if (!(error instanceof EventConflictError)) throw error;
      const current = await findDeskEvent(db, event.row.id);
      throw new ApiError(409, 'conflict', error.message, {
        current: current && {
          version: current.row.version,
          event: await deskEventJson(db, current, config.publicUrl),
        },
        yours: body,
      });
    }
    return send(c, event.row.id);
  });

  for (const step of ['publish', 'unpublish'] as const) {
    app.post(`${BASE}/:id/${step}`, jsonLimit, async (c) => {
      parseBody(emptyBody, await readJson(c));
      const event = await loadEvent(c);
      if (!canPublishEvent(c.get('principal'), event.row.edition_code))
        throw new ApiError(403, 'forbidden', `This integration may not ${step} events in this edition`);
      const changed =
        step === 'publish'
          ? await publishEvent(db, event.row.id, actOf(c))
          : await unpublishEvent(db, event.row.id, actOf(c));
      const found = await findDeskEvent(db, event.row.id);
      if (!found) throw new ApiError(404, 'not_found', 'No such event');
      return sendJson(c, { changed, event: await deskEventJson(db, found, config.publicUrl) });
    });
  }

  app.delete(`${BASE}/:id`, async (c) => {
    const event = await loadEvent(c);
    if (!canDeleteEvent(c.get('principal'), refOf(event)))
      throw new ApiError(403, 'forbidden', 'This integration may not delete this event');
    await deleteEvent(db, event.row.id, actOf(c));
    return c.body(null, 204, { 'cache-control': 'no-store' });
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return sendApiError(c, error);
    if (error instanceof EventInputError) return sendApiError(c, invalidFields(error.errors));
    if (error instanceof Error && error.name === 'EventStateError')
      return sendApiError(c, new ApiError(422, 'invalid_state', error.message));
    if (isInvalidTextError(error))
      return sendApiError(
        c,
        new ApiError(400, 'invalid_text', 'The request contains text that cannot be stored'),
      );
    if (isConnectionError(error)) {
      c.header('retry-after', '5');
      return sendApiError(
        c,
        new ApiError(503, 'unavailable', 'The database is unavailable just now; try again'),
      );
    }
    deps.logger.error({ err: error, method: c.req.method, url: c.req.url }, 'events API request failed');
    return sendJson(c, { error: { code: 'internal_error', message: 'Internal error' } }, 500);
  });

  return app;
}
