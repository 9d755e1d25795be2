/** The desk's event pages (/admin/events): the list, and the form that creates and edits an event. */
import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout } from '../accounts/views.js';
import type { EventPublication } from '../db/schema.js';
import { editionLabel } from '../editions/label.js';
import type { Edition } from '../editions/queries.js';
import { formatDateTime } from '../i18n/dates.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { type Image, mediaUrl, renditionNear } from '../media/images.js';
import { EditorDialogs, editorLabels } from '../newsroom/views.js';
import {
  CsrfField,
  FieldError,
  type FieldErrors,
  invalidAttributes,
  Notice,
  Select,
  TextArea,
  TextField,
} from '../ui/forms.js';
import { EVENT_ATTENDANCES, EVENT_STATUSES } from './input.js';
import type { DeskEventLine, EventRevision } from './queries.js';
import { statusLabel } from './views.js';

interface PageBase {
  language: string;
  user: SignedInUser;
  csrf: string;
}

export const eventDeskPath = (id: string) => `/admin/events/${id}`;

const publicationLabel = (publication: EventPublication, t: Messages) =>
  publication === 'published' ? t.eventsPublicationPublished : t.eventsPublicationDraft;

/** When an event starts, on the desk: its own wall clock and zone, as the editor typed them. */
const deskWhen = (event: { startLocal: string; allDay: boolean; timeZone: string }) =>
  `${event.startLocal.replace('T', ' ')}${event.allDay ? '' : ` (${event.timeZone})`}`;

export function EventsDeskPage(
  props: PageBase & {
    editions: Edition[];
    /** Editions the user may start events in. */
    canCreate: string[];
    events: DeskEventLine[];
    /** Ids of the events the user may edit (the others are listed without a link). */
    editable: Set<string>;
    page: number;
    hasMore: boolean;
    notice?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  const nameOf = (code: string) => props.editions.find((e) => e.code === code);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.eventsTitle}>
      <Notice text={props.notice} kind="info" />
      <p>{t.eventsDeskIntro}</p>
      <p class="desk-links">
        {props.editions
          .filter((e) => props.canCreate.includes(e.code))
          .map((e) => (
            <a class="button" href={`/admin/events/new?edition=${e.code}`}>
              {format(t.eventsDeskNew, { edition: editionLabel(e) })}
            </a>
          ))}
      </p>
      {props.events.length === 0 ? (
        <p>{t.eventsDeskNone}</p>
      ) : (
        <div class="admin-hscroll">
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{t.eventsColTitle}</th>
                <th scope="col">{t.eventsColWhen}</th>
                <th scope="col">{t.eventsColEdition}</th>
                <th scope="col">{t.eventsColStatus}</th>
                <th scope="col">{t.eventsColPublication}</th>
              </tr>
            </thead>
            <tbody>
              {props.events.map((event) => {
                const edition = nameOf(event.editionCode);
                return (
                  <tr>
                    <td dir="auto">
                      {props.editable.has(event.id) ? (
                        <a href={eventDeskPath(event.id)}>{event.title}</a>
                      ) : (
                        event.title
                      )}
                    </td>
                    <td dir="ltr">{deskWhen(event)}</td>
                    <td>{edition ? editionLabel(edition) : event.editionCode}</td>
                    <td>{statusLabel(event.status, t)}</td>
                    <td>{publicationLabel(event.publication, t)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {(props.page > 1 || props.hasMore) && (
        <p class="desk-links">
          {props.page > 1 && (
            <a href={`/admin/events?${new URLSearchParams({ page: String(props.page - 1) })}`}>
              {t.eventsPrevious}
            </a>
          )}
          {props.hasMore && (
            <a href={`/admin/events?${new URLSearchParams({ page: String(props.page + 1) })}`}>
              {t.eventsDeskMore}
            </a>
          )}
        </p>
      )}
    </AdminLayout>
  );
}

/** The form as sent or as stored, every field a string, shown again after a refusal. */
export interface EventFormValues {
  title: string;
  summary: string;
  description: string;
  timeZone: string;
  allDay: boolean;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  status: string;
  attendance: string;
  venueName: string;
  venueAddress: string;
  mapUrl: string;
  onlineUrl: string;
  organizerName: string;
  organizerUrl: string;
  sectionId: string;
  topics: string;
  /** Article addresses, one a line. */
  articles: string;
  slug: string;
  imageAlt: string;
  imageCaption: string;
  imageCredit: string;
  /** The image the event has (or was given by an upload before a refusal). */
  imageId: string;
  removeImage: boolean;
}

/** What the desk may do with the event on the page (each button only when allowed). */
export interface EventActions {
  publish: boolean;
  unpublish: boolean;
  delete: boolean;
  /** Editions the event may be translated into (the user works there, it has no version there yet). */
  translateTo: Edition[];
}

export function EventFormPage(
  props: PageBase & {
    edition: Edition;
    /** Absent: a new event. */
    event?:
      | {
          id: string;
          version: number;
          publication: EventPublication;
          url: string | undefined;
          translations: { id: string; editionCode: string; title: string; publication: EventPublication }[];
        }
      | undefined;
    values: EventFormValues;
    errors: FieldErrors;
    formError?: string | undefined;
    notice?: string | undefined;
    /** The image the form shows (stored, or uploaded before a refusal). */
    image: Image | null;
    actions: EventActions;
    /** May publish on saving (editors). */
    canPublish: boolean;
    zones: string[];
    revisions: EventRevision[];
    deskScriptPath: string;
    editions: Edition[];
  },
) {
  const t = messagesFor(props.language);
  const { edition, event, values, errors } = props;
  const title = event ? t.eventsDeskEdit : format(t.eventsDeskNew, { edition: editionLabel(edition) });
  const action = event ? eventDeskPath(event.id) : '/admin/events/new';
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={title}>
      <Notice text={props.notice} kind="info" />
      <Notice text={props.formError} kind="error" />
      {event && (
        <p class="desk-links">
          <span class="desk-status">{publicationLabel(event.publication, t)}</span>
          {event.url && <a href={event.url}>{t.eventsViewOnSite}</a>}
          <a href="/admin/events">{t.eventsBack}</a>
        </p>
      )}
      <form method="post" action={action} enctype="multipart/form-data" class="admin-form event-form">
        <CsrfField token={props.csrf} />
        {event ? (
          <input type="hidden" name="version" value={String(event.version)} />
        ) : (
          <input type="hidden" name="edition" value={edition.code} />
        )}
        <input type="hidden" name="imageId" value={values.imageId} />
        <div lang={edition.language} dir={edition.direction}>
          <TextField
            name="title"
            label={t.eventsFieldTitle}
            value={values.title}
            errors={errors}
            maxlength={300}
            required
          />
          <TextArea
            name="summary"
            label={t.eventsFieldSummary}
            hint={t.eventsFieldSummaryHint}
            value={values.summary}
            errors={errors}
            maxlength={1000}
          />
          <p class="admin-field desk-body">
            <label for="body">{t.eventsFieldDescription}</label>
            <textarea
              id="body"
              name="description"
              rows={10}
              data-rich-text=""
              data-labels={editorLabels(t)}
              data-upload="/admin/media"
              {...invalidAttributes('body', errors.body)}
            >
              {values.description}
            </textarea>
            <FieldError name="body" error={errors.body} />
          </p>
        </div>
        <fieldset class="desk-box">
          <legend>{t.eventsWhen}</legend>
          <TextField
            name="timeZone"
            label={t.eventsFieldTimeZone}
            hint={t.eventsFieldTimeZoneHint}
            value={values.timeZone}
            errors={errors}
            maxlength={64}
            dir="ltr"
            list="event-zones"
            required
          />
          <datalist id="event-zones">
            {props.zones.map((zone) => (
              <option value={zone} />
            ))}
          </datalist>
          <p>
            <label>
              <input type="checkbox" name="allDay" value="1" checked={values.allDay} /> {t.eventsFieldAllDay}
            </label>
          </p>
          <DateTimeFields
            t={t}
            name="start"
            legend={t.eventsFieldStart}
            date={values.startDate}
            time={values.startTime}
            error={errors.start}
          />
          <DateTimeFields
            t={t}
            name="end"
            legend={t.eventsFieldEnd}
            hint={t.eventsFieldEndHint}
            date={values.endDate}
            time={values.endTime}
            error={errors.end}
          />
          <Select
            name="status"
            label={t.eventsFieldStatus}
            value={values.status}
            errors={errors}
            choices={EVENT_STATUSES.map((status) => ({ value: status, label: statusLabel(status, t) }))}
          />
        </fieldset>
        <fieldset class="desk-box" lang={edition.language} dir={edition.direction}>
          <legend>{t.eventsWhere}</legend>
          <Select
            name="attendance"
            label={t.eventsFieldAttendance}
            value={values.attendance}
            errors={errors}
            choices={EVENT_ATTENDANCES.map((mode) => ({
              value: mode,
              label:
                mode === 'in_person'
                  ? t.eventsAttendanceInPerson
                  : mode === 'online'
                    ? t.eventsAttendanceOnline
                    : t.eventsAttendanceMixed,
            }))}
          />
          <TextField
            name="venueName"
            label={t.eventsFieldVenueName}
            value={values.venueName}
            errors={errors}
            maxlength={300}
          />
          <TextArea
            name="venueAddress"
            label={t.eventsFieldVenueAddress}
            value={values.venueAddress}
            errors={errors}
            rows={2}
            maxlength={1000}
          />
          <TextField
            name="mapUrl"
            type="url"
            label={t.eventsFieldMapUrl}
            value={values.mapUrl}
            errors={errors}
            maxlength={2000}
          />
          <TextField
            name="onlineUrl"
            type="url"
            label={t.eventsFieldOnlineUrl}
            value={values.onlineUrl}
            errors={errors}
            maxlength={2000}
          />
          <TextField
            name="organizerName"
            label={t.eventsFieldOrganizerName}
            value={values.organizerName}
            errors={errors}
            maxlength={300}
          />
          <TextField
            name="organizerUrl"
            type="url"
            label={t.eventsFieldOrganizerUrl}
            value={values.organizerUrl}
            errors={errors}
            maxlength={2000}
          />
        </fieldset>
        <fieldset class="desk-box" lang={edition.language} dir={edition.direction}>
          <legend>{t.eventsFieldSection}</legend>
          <Select
            name="sectionId"
            label={t.eventsFieldSection}
            value={values.sectionId}
            errors={errors}
            empty={t.eventsFieldNoSection}
            choices={edition.sections.map((s) => ({ value: s.id, label: s.name }))}
          />
          <TextField
            name="topics"
            label={t.eventsFieldTopics}
            hint={t.eventsFieldTopicsHint}
            value={values.topics}
            errors={errors}
            maxlength={1000}
          />
          <TextArea
            name="articles"
            label={t.eventsFieldArticles}
            hint={t.eventsFieldArticlesHint}
            value={values.articles}
            errors={errors}
            rows={3}
            maxlength={5000}
            dir="ltr"
          />
          <TextField
            name="slug"
            label={t.eventsFieldSlug}
            hint={t.eventsFieldSlugHint}
            value={values.slug}
            errors={errors}
            maxlength={120}
          />
        </fieldset>
        <ImageBox t={t} values={values} errors={errors} image={props.image} edition={edition} />
        <p class="desk-buttons">
          <button type="submit" class="button" name="intent" value="save">
            {event ? t.eventsSave : t.eventsCreate}
          </button>
          {props.canPublish && event?.publication !== 'published' && (
            <button type="submit" class="button button-primary" name="intent" value="publish">
              {t.eventsSaveAndPublish}
            </button>
          )}
        </p>
      </form>
      {event && (
        <SideForms t={t} csrf={props.csrf} event={event} actions={props.actions} editions={props.editions} />
      )}
      {props.revisions.length > 0 && <History t={t} revisions={props.revisions} language={props.language} />}
      <EditorDialogs t={messagesFor(props.language)} edition={edition} />
      <script src={props.deskScriptPath} defer></script>
    </AdminLayout>
  );
}

/** A date and a time field under one legend, with one error for both. */
function DateTimeFields(props: {
  t: Messages;
  name: 'start' | 'end';
  legend: string;
  hint?: string;
  date: string;
  time: string;
  error: string | undefined;
}) {
  const { t, name } = props;
  const describedBy = [props.hint ? `${name}-hint` : '', props.error ? `${name}-error` : '']
    .filter(Boolean)
    .join(' ');
  const described = {
    ...(props.error ? { 'aria-invalid': 'true' } : {}),
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  };
  return (
    <fieldset class="admin-choices event-when" id={name}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <span class="admin-hint" id={`${name}-hint`}>
          {props.hint}
        </span>
      )}
      <label>
        {t.eventsFieldDate}{' '}
        <input
          type="date"
          name={`${name}Date`}
          id={`${name}Date`}
          value={props.date}
          dir="ltr"
          {...described}
        />
      </label>{' '}
      <label>
        {t.eventsFieldTime}{' '}
        <input
          type="time"
          name={`${name}Time`}
          id={`${name}Time`}
          value={props.time}
          dir="ltr"
          {...described}
        />
      </label>
      <FieldError name={name} error={props.error} />
    </fieldset>
  );
}

function ImageBox(props: {
  t: Messages;
  values: EventFormValues;
  errors: FieldErrors;
  image: Image | null;
  edition: Edition;
}) {
  const { t, values, errors, image, edition } = props;
  const thumbnail = image ? renditionNear(image, 480) : undefined;
  return (
    <fieldset class="desk-box desk-image">
      <legend>{t.eventsFieldImage}</legend>
      {image && thumbnail && (
        <figure>
          <img
            src={mediaUrl(thumbnail.file)}
            alt={image.alt}
            width={thumbnail.width}
            height={Math.round((image.height * thumbnail.width) / image.width)}
          />
          <figcaption dir="auto">{image.caption || image.alt}</figcaption>
        </figure>
      )}
      {image && (
        <p>
          <label>
            <input type="checkbox" name="removeImage" value="1" checked={values.removeImage} />{' '}
            {t.eventsRemoveImage}
          </label>
        </p>
      )}
      <p class="admin-field">
        <label for="image">{image ? t.deskReplaceImage : t.deskUploadImage}</label>
        <input
          id="image"
          name="image"
          type="file"
          accept="image/*"
          {...invalidAttributes('image', errors.image)}
        />
        <span class="desk-help">{t.deskImageHelp}</span>
        <FieldError name="image" error={errors.image} />
      </p>
      <div lang={edition.language} dir={edition.direction}>
        <TextField
          name="imageAlt"
          label={t.deskImageAlt}
          value={values.imageAlt}
          errors={errors}
          maxlength={300}
        />
        <TextField
          name="imageCaption"
          label={t.deskImageCaption}
          value={values.imageCaption}
          errors={errors}
          maxlength={500}
        />
        <TextField
          name="imageCredit"
          label={t.deskImageCredit}
          value={values.imageCredit}
          errors={errors}
          maxlength={200}
        />
      </div>
    </fieldset>
  );
}

/** Publish, take off, translate and delete: forms of their own, each shown only to who may use it. */
function SideForms(props: {
  t: Messages;
  csrf: string;
  event: {
    id: string;
    publication: EventPublication;
    translations: { id: string; editionCode: string; title: string }[];
  };
  actions: EventActions;
  editions: Edition[];
}) {
  const { t, csrf, event, actions } = props;
  const base = eventDeskPath(event.id);
  return (
    <section class="desk-box">
      {event.translations.length > 0 && (
        <>
          <h2>{t.eventsTranslations}</h2>
          <ul>
            {event.translations.map((tr) => {
              const edition = props.editions.find((e) => e.code === tr.editionCode);
              return (
                <li>
                  {edition ? editionLabel(edition) : tr.editionCode}:{' '}
                  <a href={eventDeskPath(tr.id)} dir="auto">
                    {tr.title}
                  </a>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {actions.publish && event.publication !== 'published' && (
        <form method="post" action={`${base}/publish`} class="admin-inline-form">
          <CsrfField token={csrf} />
          <button type="submit" class="button button-primary">
            {t.eventsPublish}
          </button>
        </form>
      )}
      {actions.unpublish && event.publication === 'published' && (
        <form method="post" action={`${base}/unpublish`} class="admin-inline-form">
          <CsrfField token={csrf} />
          <button type="submit" class="button button-quiet">
            {t.eventsUnpublish}
          </button>
        </form>
      )}
      {actions.translateTo.length > 0 && (
        <form method="post" action={`${base}/translate`} class="admin-form">
          <CsrfField token={csrf} />
          <Select
            name="edition"
            label={t.eventsTranslate}
            value=""
            choices={actions.translateTo.map((e) => ({ value: e.code, label: editionLabel(e) }))}
          />
          <p>
            <button type="submit" class="button">
              {t.eventsTranslateSubmit}
            </button>
          </p>
        </form>
      )}
      {actions.delete && (
        <form method="post" action={`${base}/delete`} class="admin-inline-form desk-delete">
          <CsrfField token={csrf} />
          <button type="submit" class="button button-quiet">
            {t.eventsDelete}
          </button>
        </form>
      )}
    </section>
  );
}

const REVISION_KINDS: Record<string, (t: Messages) => string> = {
  create: (t) => t.eventsRevCreate,
  save: (t) => t.eventsRevSave,
  publish: (t) => t.eventsRevPublish,
  unpublish: (t) => t.eventsRevUnpublish,
};

function History({ t, revisions, language }: { t: Messages; revisions: EventRevision[]; language: string }) {
  const settings = { language, dateStyle: 'gregorian', digits: 'latn', timeZone: 'UTC' };
  return (
    <section class="desk-box">
      <h2>{t.eventsHistory}</h2>
      <ol reversed>
        {revisions.map((r) => (
          <li>
            <time datetime={r.createdAt} dir="auto">
              {formatDateTime(new Date(r.createdAt), settings)} UTC
            </time>
            {': '}
            {format(t.eventsRevBy, {
              version: String(r.version),
              kind: REVISION_KINDS[r.kind]?.(t) ?? r.kind,
              who:
                r.authorEmail ??
                (r.source === 'api' ? t.eventsRevByIntegration : r.source === 'cli' ? t.eventsRevByCli : '—'),
            })}
          </li>
        ))}
      </ol>
    </section>
  );
}
