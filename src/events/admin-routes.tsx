/**
 * The desk's events (/admin/events): the list, new and edit forms (rich-text
 * description, times in a named zone, place, image, section, topics, related
 * articles), publish, take off, translate, delete. Every write goes through
 * the events door (./workflow.ts); every form carries the session's CSRF
 * token (checked by the admin area) and comes back with everything typed
 * and the reason when refused.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { refuse, requireUser, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import {
  canCreateEvent,
  canDeleteEvent,
  canEditEvent,
  canPublishEvent,
  type EventRef,
  type SignedInUser,
  worksInEdition,
} from '../accounts/policy.js';
import { articlePath } from '../articles/paths.js';
import { imagesById } from '../articles/queries.js';
import { resolveTopics } from '../articles/resolve.js';
import { cachedEditions } from '../editions/chrome.js';
import type { Edition } from '../editions/queries.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { format, type MessageKey, type Messages, messagesFor } from '../i18n/messages.js';
import { imageDetailsSchema, storeUploadedImage, UploadError, uploadErrorMessage } from '../media/upload.js';
import { splitNames } from '../newsroom/editor-form.js';
import { deskScript } from '../ui/assets.js';
import type { FieldErrors } from '../ui/forms.js';
import {
  type EventActions,
  EventFormPage,
  type EventFormValues,
  EventsDeskPage,
  eventDeskPath,
} from './admin-views.js';
import {
  checkEventText,
  EVENT_ATTENDANCES,
  EVENT_STATUSES,
  type EventErrors,
  type EventSnapshot,
} from './input.js';
import {
  articleAddressRows,
  articlesOfEdition,
  type DeskEvent,
  eventPath,
  findArticleIdBySlug,
  findDeskEvent,
  listDeskEvents,
  listEventRevisions,
  listEventTranslations,
  topicsOfEdition,
} from './queries.js';
import { timeZoneChoices } from './time.js';
import {
  createEvent,
  deleteEvent,
  EventConflictError,
  EventInputError,
  EventNotFoundError,
  EventStateError,
  publishEvent,
  saveEvent,
  translateEvent,
  unpublishEvent,
} from './workflow.js';

const idParam = z.string().regex(/^[0-9a-z]{1,32}$/);
const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
const DONE = ['created', 'saved', 'published', 'unpublished', 'deleted', 'unchanged', 'translated'] as const;
const doneQuery = z.enum(DONE).optional().catch(undefined);
const upload = z.union([z.instanceof(File), z.string()]).optional();
const text = z.string().default('');

/** Every field the form has; anything else is refused (`strict`): nothing is saved from a form we do not know. */
const eventForm = z.strictObject({
  _csrf: z.string(),
  edition: z.string().max(16).optional(),
  version: z.coerce.number().int().positive().optional(),
  intent: z.enum(['save', 'publish']).default('save'),
  title: text,
  summary: text,
  description: text,
  timeZone: text,
  allDay: z.literal('1').optional(),
  startDate: text,
  startTime: text,
  endDate: text,
  endTime: text,
  status: z.enum(EVENT_STATUSES),
  attendance: z.enum(EVENT_ATTENDANCES),
  venueName: text,
  venueAddress: text,
  mapUrl: text,
  onlineUrl: text,
  organizerName: text,
  organizerUrl: text,
  sectionId: text,
  topics: text,
  articles: text,
  slug: text,
  image: upload,
  imageAlt: text,
  imageCaption: text,
  imageCredit: text,
  imageId: text,
  removeImage: z.literal('1').optional(),
});
type EventForm = z.infer<typeof eventForm>;

/** The form's field (and error slot) of each snapshot field. */
const FIELD_OF: Partial<Record<keyof EventSnapshot | 'form', string>> = {
  descriptionHtml: 'body',
  articleIds: 'articles',
  topicIds: 'topics',
  imageId: 'image',
};

const keyText = (t: Messages, key: MessageKey) => t[key];

/** The door's refusals as the form's field errors, in the page's language. */
function formErrors(errors: EventErrors, t: Messages): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, key] of Object.entries(errors)) {
    if (key) out[FIELD_OF[field as keyof EventSnapshot] ?? field] = keyText(t, key);
  }
  return out;
}

/** What was typed, as strings, to show the form again. */
function typedValues(body: Record<string, unknown>): EventFormValues {
  const s = (name: string) => {
    const value = body[name];
    return typeof value === 'string' ? value.slice(0, 600_000) : '';
  };
  return {
    title: s('title'),
    summary: s('summary'),
    description: s('description'),
    timeZone: s('timeZone'),
    allDay: s('allDay') === '1',
    startDate: s('startDate'),
    startTime: s('startTime'),
    endDate: s('endDate'),
    endTime: s('endTime'),
    status: s('status'),
    attendance: s('attendance'),
    venueName: s('venueName'),
    venueAddress: s('venueAddress'),
    mapUrl: s('mapUrl'),
    onlineUrl: s('onlineUrl'),
    organizerName: s('organizerName'),
    organizerUrl: s('organizerUrl'),
    sectionId: s('sectionId'),
    topics: s('topics'),
    articles: s('articles'),
    slug: s('slug'),
    imageAlt: s('imageAlt'),
    imageCaption: s('imageCaption'),
    imageCredit: s('imageCredit'),
    imageId: s('imageId'),
    removeImage: s('removeImage') === '1',
  };
}

/** A new event's form: the edition's zone, scheduled, in person. */
const emptyValues = (edition: Edition): EventFormValues => ({
  ...typedValues({}),
  timeZone: edition.timeZone,
  status: 'scheduled',
  attendance: 'in_person',
});

/** The wall clock the form sends, as the door takes it: a date, or a date and a time. */
function clockOf(form: EventForm) {
  const allDay = form.allDay === '1';
  if (allDay) return { allDay, start: form.startDate.trim(), end: form.endDate.trim() };
  const at = (date: string, time: string) =>
    date.trim() && time.trim() ? `${date.trim()}T${time.trim()}` : '';
  // A timed event ending the day it starts: the end's date may be left empty.
  return {
    allDay,
    start: at(form.startDate, form.startTime),
    end: at(form.endDate || form.startDate, form.endTime),
  };
}

const ARTICLE_ADDRESS = /^\/([a-z]{2,3})\/\d{4}\/\d{2}\/\d{2}\/([^/?#]+)\/?$/;

export function eventAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock, config } = deps;

  for (const path of ['/admin/events', '/admin/events/*']) app.use(path, requireUser());
  // Readers' pages change at once in this instance too (others catch up through the change log).
  app.use('/admin/events/*', async (c, next) => {
    await next();
    if (c.req.method === 'POST') await deps.cache.syncFromChangeLog(db);
  });

  const forbidden = (c: Context<AppEnv>) =>
    refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.adminForbiddenText }));
  const notFound = (c: Context<AppEnv>) =>
    refuse(c, 404, (t) => ({
      title: t.notFoundTitle,
      text: t.eventsNotFound,
      link: { href: '/admin/events', label: t.eventsBack },
    }));
  const actOf = (user: SignedInUser) => ({ userId: user.id, now: clock.now() });
  const refOf = (event: DeskEvent): EventRef => ({
    editionCode: event.row.edition_code,
    publication: event.row.publication,
    createdBy: event.row.created_by,
  });

  async function eventOf(c: Context<AppEnv>): Promise<DeskEvent | undefined> {
    const id = idParam.safeParse(c.req.param('id'));
    return id.success ? findDeskEvent(db, id.data) : undefined;
  }

  app.get('/admin/events', async (c) => {
    const user = signedInUser(c);
    const editions = (await cachedEditions(deps)).filter((e) => worksInEdition(user, e.code));
    if (editions.length === 0) return forbidden(c);
    const { page } = listQuery.parse(c.req.query());
    const { events, hasMore } = await listDeskEvents(
      db,
      editions.map((e) => e.code),
      page,
    );
    const t = messagesFor(user.language);
    const done = doneQuery.parse(c.req.query('done'));
    const editable = new Set(
      events
        .filter((e) =>
          canEditEvent(user, {
            editionCode: e.editionCode,
            publication: e.publication,
            createdBy: e.createdBy,
          }),
        )
        .map((e) => e.id),
    );
    return sendAdminPage(
      c,
      <EventsDeskPage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        editions={editions}
        canCreate={editions.filter((e) => canCreateEvent(user, e.code)).map((e) => e.code)}
        events={events}
        editable={editable}
        page={page}
        hasMore={hasMore}
        notice={done && doneNotice(done, t)}
      />,
    );
  });

  function doneNotice(done: (typeof DONE)[number], t: Messages): string {
    const notices: Record<(typeof DONE)[number], string> = {
      created: t.eventsDoneCreated,
      saved: t.eventsDoneSaved,
      published: t.eventsDonePublished,
      unpublished: t.eventsDoneUnpublished,
      deleted: t.eventsDoneDeleted,
      unchanged: t.eventsDoneUnchanged,
      translated: t.eventsDoneTranslated,
    };
    return notices[done];
  }

  /** The form page: new (no `event`) or an event's, with its buttons, side forms and history. */
  async function formPage(
    c: Context<AppEnv>,
    edition: Edition,
    event: DeskEvent | undefined,
    values: EventFormValues,
    options: {
      errors?: FieldErrors;
      formError?: string;
      notice?: string;
      status?: 200 | 400 | 409 | 422;
      version?: number;
    } = {},
  ) {
    const user = signedInUser(c);
    const editions = await cachedEditions(deps);
    const imageId = values.removeImage ? '' : values.imageId;
    const image = imageId ? ((await imagesById(db, [imageId])).get(imageId) ?? null) : null;
    const translations = event
      ? await listEventTranslations(db, event.row.translation_group, event.row.id)
      : [];
    const actions: EventActions = event
      ? {
          publish: canPublishEvent(user, edition.code),
          unpublish: canPublishEvent(user, edition.code),
          delete: canDeleteEvent(user, refOf(event)),
          translateTo: editions.filter(
            (e) =>
              e.code !== edition.code &&
              canCreateEvent(user, e.code) &&
              !translations.some((tr) => tr.editionCode === e.code),
          ),
        }
      : { publish: false, unpublish: false, delete: false, translateTo: [] };
    const page = (
      <EventFormPage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        edition={edition}
        event={
          event && {
            id: event.row.id,
            version: options.version ?? event.row.version,
            publication: event.row.publication,
            url: event.row.publication === 'published' ? eventPath(edition.code, event.row.slug) : undefined,
            translations,
          }
        }
        values={values}
        errors={options.errors ?? {}}
        formError={options.formError}
        notice={options.notice}
        image={image}
        actions={actions}
        canPublish={canPublishEvent(user, edition.code)}
        zones={timeZoneChoices()}
        revisions={event ? await listEventRevisions(db, event.row.id, 20) : []}
        deskScriptPath={deskScript().path}
        editions={editions}
      />
    );
    return sendAdminPage(c, page, options.status ?? 200);
  }

  /** The stored event as the form shows it. */
  async function valuesOf(event: DeskEvent, edition: Edition): Promise<EventFormValues> {
    const { row, snapshot } = event;
    const [startDate = '', startTime = ''] = row.start_local.split('T');
    const [endDate = '', endTime = ''] = row.end_local.split('T');
    const topics = await topicsOfEdition(db, edition.code, snapshot.topicIds);
    const separator = edition.language.startsWith('ar') ? '، ' : ', ';
    return {
      title: row.title,
      summary: row.summary,
      description: row.description_html,
      timeZone: row.time_zone,
      allDay: row.all_day === 1,
      startDate,
      startTime,
      endDate,
      endTime,
      status: row.status,
      attendance: row.attendance,
      venueName: row.venue_name,
      venueAddress: row.venue_address,
      mapUrl: row.map_url,
      onlineUrl: row.online_url,
      organizerName: row.organizer_name,
      organizerUrl: row.organizer_url,
      sectionId: row.section_id ?? '',
      topics: topics.map((topic) => topic.name).join(separator),
      articles: (await articleAddresses(edition, snapshot.articleIds)).join('\n'),
      slug: row.slug,
      imageAlt: '',
      imageCaption: '',
      imageCredit: '',
      imageId: row.lead_media_id ?? '',
      removeImage: false,
    };
  }

  /** Related articles as the form lists them: a published article's address, else its id. */
  async function articleAddresses(edition: Edition, ids: string[]): Promise<string[]> {
    return (await articleAddressRows(db, ids)).map((row) =>
      row.status === 'published' && row.first_published_at
        ? articlePath(edition.code, row.slug, row.first_published_at, edition.timeZone)
        : row.id,
    );
  }

  /** The article ids the lines name (addresses on this site, or ids), or the first line that names none. */
  async function articleIdsOf(
    lines: string,
    edition: Edition,
  ): Promise<{ ids: string[] } | { unknown: string }> {
    const ids: string[] = [];
    for (const raw of lines.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line) continue;
      let id: string | undefined;
      if (/^[0-9a-z]{20}$/.test(line)) {
        id = (await articlesOfEdition(db, edition.code, [line])).has(line) ? line : undefined;
      } else {
        let path = '';
        try {
          path = new URL(line, config.publicUrl).pathname;
        } catch {
          path = '';
        }
        const match = ARTICLE_ADDRESS.exec(path);
        let slug: string | undefined;
        try {
          slug = match?.[2] === undefined ? undefined : decodeURIComponent(match[2]);
        } catch {
          slug = undefined;
        }
        if (match?.[1] === edition.code && slug) id = await findArticleIdBySlug(db, edition.code, slug);
      }
      if (!id) return { unknown: line.slice(0, 200) };
      if (!ids.includes(id)) ids.push(id);
    }
    return { ids };
  }

  /**
   * Judges the submitted form: the door's checks of what was typed, then the
   * section, the articles and the image; stores an uploaded image only when
   * everything else passed. Returns the snapshot to save (topics still as
   * names), or what to show again with the errors. Nothing is written on refusal.
   */
  async function judge(
    body: Record<string, unknown>,
    edition: Edition,
    t: Messages,
  ): Promise<
    | { ok: true; form: EventForm; snapshot: Omit<EventSnapshot, 'topicIds'>; values: EventFormValues }
    | { ok: false; values: EventFormValues; errors: FieldErrors; formError: string }
  > {
    const values = typedValues(body);
    const parsed = eventForm.safeParse(body);
    if (!parsed.success) {
      const errors: FieldErrors = {};
      let formError = t.adminFormHasErrors;
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys')
          formError = format(t.deskErrorUnknownFields, { fields: issue.keys.join(', ') });
        else errors[String(issue.path[0] ?? 'form')] ??= t.deskErrorInvalid;
      }
      return { ok: false, values, errors, formError };
    }
    const form = parsed.data;
    const clock = clockOf(form);
    const checked = checkEventText({
      slug: form.slug,
      title: form.title,
      summary: form.summary,
      descriptionHtml: form.description,
      timeZone: form.timeZone,
      allDay: clock.allDay,
      start: clock.start,
      end: clock.end,
      status: form.status,
      attendance: form.attendance,
      venueName: form.venueName,
      venueAddress: form.venueAddress,
      mapUrl: form.mapUrl,
      onlineUrl: form.onlineUrl,
      organizerName: form.organizerName,
      organizerUrl: form.organizerUrl,
    });
    const errors: FieldErrors = checked.ok ? {} : formErrors(checked.errors, t);
    if (form.sectionId && !edition.sections.some((s) => s.id === form.sectionId))
      errors.sectionId = t.deskErrorInvalid;
    if (form.topics.length > 1000) errors.topics = t.deskErrorTooLong;
    const articles = form.articles.length > 5000 ? undefined : await articleIdsOf(form.articles, edition);
    if (!articles) errors.articles = t.deskErrorTooLong;
    else if ('unknown' in articles)
      errors.articles = format(t.eventsErrorArticleAddress, { address: articles.unknown });
    const file = form.image instanceof File && form.image.size > 0 ? form.image : undefined;
    const details = imageDetailsSchema.safeParse({
      alt: form.imageAlt,
      caption: form.imageCaption,
      credit: form.imageCredit,
    });
    if (file && !details.success) errors.imageAlt = t.deskErrorImageAlt;
    const kept = form.imageId && /^[0-9a-z]{1,32}$/.test(form.imageId) ? form.imageId : '';
    const known = kept ? (await imagesById(db, [kept])).has(kept) : false;
    if (!checked.ok || Object.keys(errors).length > 0 || !articles || 'unknown' in articles)
      return { ok: false, values, errors, formError: t.adminFormHasErrors };
    let imageId = form.removeImage ? null : known ? kept : null;
    if (file && details.success) {
      try {
        const bytes = Buffer.from(await file.arrayBuffer());
        imageId = await storeUploadedImage(db, deps.media, bytes, details.data, deps.clock.now());
      } catch (error) {
        if (!(error instanceof UploadError)) throw error;
        return {
          ok: false,
          values,
          errors: { image: uploadErrorMessage(t, error.code) },
          formError: t.adminFormHasErrors,
        };
      }
    }
    return {
      ok: true,
      form,
      values: { ...values, imageId: imageId ?? '', removeImage: false },
      snapshot: { ...checked.text, imageId, sectionId: form.sectionId || null, articleIds: articles.ids },
    };
  }

  app.get('/admin/events/new', async (c) => {
    const user = signedInUser(c);
    const edition = (await cachedEditions(deps)).find((e) => e.code === c.req.query('edition'));
    if (!edition) return notFound(c);
    if (!canCreateEvent(user, edition.code)) return forbidden(c);
    return formPage(c, edition, undefined, emptyValues(edition));
  });

  app.post('/admin/events/new', async (c) => {
    const user = signedInUser(c);
    const body = await c.req.parseBody();
    const edition = (await cachedEditions(deps)).find((e) => e.code === body.edition);
    if (!edition) return notFound(c);
    if (!canCreateEvent(user, edition.code)) return forbidden(c);
    if (body.intent === 'publish' && !canPublishEvent(user, edition.code)) return forbidden(c);
    const t = messagesFor(user.language);
    const judged = await judge(body, edition, t);
    if (!judged.ok)
      return formPage(c, edition, undefined, judged.values, {
        errors: judged.errors,
        formError: judged.formError,
        status: 422,
      });
    const act = actOf(user);
    try {
      const id = await db.transaction().execute(async (trx) => {
        const topicIds = await resolveTopics(trx, edition.code, splitNames(judged.form.topics), act.now);
        const created = await createEvent(
          trx,
          { editionCode: edition.code, snapshot: { ...judged.snapshot, topicIds } },
          act,
        );
        if (judged.form.intent === 'publish') await publishEvent(trx, created, act);
        return created;
      });
      return c.redirect(
        `${eventDeskPath(id)}?done=${judged.form.intent === 'publish' ? 'published' : 'created'}`,
        303,
      );
    } catch (error) {
      if (!(error instanceof EventInputError)) throw error;
      return formPage(c, edition, undefined, judged.values, {
        errors: formErrors(error.errors, t),
        formError: t.adminFormHasErrors,
        status: 422,
      });
    }
  });

  /** The event of the URL with its edition, if the user may edit it; else the refusal to send. */
  async function editable(c: Context<AppEnv>) {
    const event = await eventOf(c);
    if (!event) return { refusal: await notFound(c) };
    const edition = (await cachedEditions(deps)).find((e) => e.code === event.row.edition_code);
    if (!edition) return { refusal: await notFound(c) };
    if (!canEditEvent(signedInUser(c), refOf(event))) return { refusal: await forbidden(c) };
    return { event, edition };
  }

  app.get('/admin/events/:id', async (c) => {
    const found = await editable(c);
    if ('refusal' in found) return found.refusal;
    const t = messagesFor(signedInUser(c).language);
    const done = doneQuery.parse(c.req.query('done'));
    return formPage(c, found.edition, found.event, await valuesOf(found.event, found.edition), {
      notice: done && doneNotice(done, t),
    });
  });

  app.post('/admin/events/:id', async (c) => {
    const found = await editable(c);
    if ('refusal' in found) return found.refusal;
    const { event, edition } = found;
    const user = signedInUser(c);
    const body = await c.req.parseBody();
    if (body.intent === 'publish' && !canPublishEvent(user, edition.code)) return forbidden(c);
    const t = messagesFor(user.language);
    const judged = await judge(body, edition, t);
    if (!judged.ok)
      return formPage(c, edition, event, judged.values, {
        errors: judged.errors,
        formError: judged.formError,
        status: 422,
      });
    const expectedVersion = judged.form.version;
    if (expectedVersion === undefined)
      return formPage(c, edition, event, judged.values, { formError: t.deskErrorNoVersion, status: 400 });
    const act = actOf(user);
    try {
      await db.transaction().execute(async (trx) => {
        const topicIds = await resolveTopics(trx, edition.code, splitNames(judged.form.topics), act.now);
        await saveEvent(
          trx,
          event.row.id,
          { expectedVersion, snapshot: { ...judged.snapshot, topicIds } },
          act,
        );
        if (judged.form.intent === 'publish') await publishEvent(trx, event.row.id, act);
      });
    } catch (error) {
      if (error instanceof EventConflictError) {
        // The form keeps what was typed and now carries the current version: sending it again is the merge.
        return formPage(c, edition, event, judged.values, {
          formError: format(t.eventsConflict, { version: String(error.current.version) }),
          version: error.current.version,
          status: 409,
        });
      }
      if (error instanceof EventInputError)
        return formPage(c, edition, event, judged.values, {
          errors: formErrors(error.errors, t),
          formError: t.adminFormHasErrors,
          status: 422,
        });
      if (error instanceof EventNotFoundError) return notFound(c);
      throw error;
    }
    return c.redirect(
      `${eventDeskPath(event.row.id)}?done=${judged.form.intent === 'publish' ? 'published' : 'saved'}`,
      303,
    );
  });

  for (const step of ['publish', 'unpublish'] as const) {
    app.post(`/admin/events/:id/${step}`, async (c) => {
      const event = await eventOf(c);
      if (!event) return notFound(c);
      if (!canPublishEvent(signedInUser(c), event.row.edition_code)) return forbidden(c);
      const act = actOf(signedInUser(c));
      const changed =
        step === 'publish'
          ? await publishEvent(db, event.row.id, act)
          : await unpublishEvent(db, event.row.id, act);
      const done = changed ? (step === 'publish' ? 'published' : 'unpublished') : 'unchanged';
      return c.redirect(`${eventDeskPath(event.row.id)}?done=${done}`, 303);
    });
  }

  app.post('/admin/events/:id/delete', async (c) => {
    const event = await eventOf(c);
    if (!event) return notFound(c);
    if (!canDeleteEvent(signedInUser(c), refOf(event))) return forbidden(c);
    await deleteEvent(db, event.row.id, actOf(signedInUser(c)));
    return c.redirect('/admin/events?done=deleted', 303);
  });

  app.post('/admin/events/:id/translate', async (c) => {
    const found = await editable(c);
    if ('refusal' in found) return found.refusal;
    const user = signedInUser(c);
    const target = z.object({ edition: z.string().max(16) }).safeParse(await c.req.parseBody());
    const t = messagesFor(user.language);
    const retry = async () =>
      formPage(c, found.edition, found.event, await valuesOf(found.event, found.edition), {
        formError: t.eventsErrorTranslateEdition,
        status: 400,
      });
    if (!target.success || !(await cachedEditions(deps)).some((e) => e.code === target.data.edition))
      return retry();
    if (!canCreateEvent(user, target.data.edition)) return forbidden(c);
    try {
      const id = await translateEvent(db, found.event.row.id, target.data.edition, actOf(user));
      return c.redirect(`${eventDeskPath(id)}?done=translated`, 303);
    } catch (error) {
      if (error instanceof EventStateError) return retry();
      throw error;
    }
  });

  return app;
}
