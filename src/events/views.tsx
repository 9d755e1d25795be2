/** The readers' event pages: the edition's events, one event, and the line on articles about an event. */
import { sectionPath, topicPath } from '../articles/paths.js';
import type { Edition, SectionRef } from '../editions/queries.js';
import {
  type DateSettings,
  formatDate,
  formatDateTime,
  isoInZone,
  localizeDigits,
  localParts,
} from '../i18n/dates.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { ArticleCardItem } from '../ui/ArticleCards.js';
import { type Chrome, Layout, type PageMeta } from '../ui/Layout.js';
import { Picture } from '../ui/Picture.js';
import { StoredHtml } from '../ui/StoredHtml.js';
import { fillParts } from '../ui/template.js';
import type { EventCard, EventDetail, EventLink, EventListing } from './queries.js';
import { startOfDay, zonesDiffer } from './time.js';

const STATUS_LABELS: Record<EventCard['status'], (t: Messages) => string> = {
  scheduled: (t) => t.eventsStatusScheduled,
  postponed: (t) => t.eventsStatusPostponed,
  rescheduled: (t) => t.eventsStatusRescheduled,
  cancelled: (t) => t.eventsStatusCancelled,
};

export const statusLabel = (status: EventCard['status'], t: Messages) => STATUS_LABELS[status](t);

const pad = (n: number) => String(n).padStart(2, '0');

/** "19:00" on the zone's clock, in the edition's digits. */
function clockTime(instant: Date, settings: DateSettings): string {
  const p = localParts(instant, settings.timeZone);
  return localizeDigits(`${pad(p.hour)}:${pad(p.minute)}`, settings.digits);
}

/** The first instant of a `YYYY-MM-DD` in `timeZone`. */
function dayIn(value: string, timeZone: string): Date {
  const [year = 0, month = 1, day = 1] = value.split('-').map(Number);
  return startOfDay({ year, month, day }, timeZone);
}

/**
 * When an event happens, in `settings`' zone and style: its days when all
 * day (the event's own dates, whatever the zone), else date and time to
 * end time, or to end date and time when it ends another day.
 */
export function whenText(
  event: Pick<EventCard, 'allDay' | 'startLocal' | 'endLocal' | 'startsAt' | 'endsAt' | 'timeZone'>,
  settings: DateSettings,
  t: Messages,
): string {
  if (event.allDay) {
    const own = { ...settings, timeZone: event.timeZone };
    const first = formatDate(dayIn(event.startLocal, event.timeZone), own);
    const last = formatDate(dayIn(event.endLocal, event.timeZone), own);
    return `${first === last ? first : `${first} – ${last}`} (${t.eventsAllDay})`;
  }
  const start = new Date(event.startsAt);
  const end = new Date(event.endsAt);
  const sameDay = formatDate(start, settings) === formatDate(end, settings);
  return `${formatDateTime(start, settings)} – ${sameDay ? clockTime(end, settings) : formatDateTime(end, settings)}`;
}

/** The zone's name as readers know it ("توقيت بريطانيا الصيفي", "British Summer Time") at an instant. */
function zoneName(timeZone: string, language: string, at: Date): string {
  const part = new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'long' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** When, in the edition's zone; and in the event's own zone when its clock reads differently. */
function When({ event, edition, t }: { event: EventCard; edition: Edition; t: Messages }) {
  const start = new Date(event.startsAt);
  const own =
    !event.allDay && zonesDiffer(edition.timeZone, event.timeZone, [start, new Date(event.endsAt)])
      ? whenText(event, { ...edition, timeZone: event.timeZone }, t)
      : undefined;
  return (
    <>
      <time datetime={isoInZone(start, event.allDay ? event.timeZone : edition.timeZone)} dir="auto">
        {whenText(event, edition, t)}
      </time>
      {own && (
        <span class="event-own-time">
          {fillParts(t.eventsLocalTime, {
            zone: <bdi>{zoneName(event.timeZone, edition.language, start)}</bdi>,
            time: (
              <time datetime={isoInZone(start, event.timeZone)} dir="auto">
                {own}
              </time>
            ),
          })}
        </span>
      )}
    </>
  );
}

function StatusBadge({ status, t }: { status: EventCard['status']; t: Messages }) {
  if (status === 'scheduled') return null;
  return <strong class={`event-status event-status-${status}`}>{statusLabel(status, t)}</strong>;
}

/** Where, in one line: the venue, or "online". */
const placeLine = (event: EventCard, t: Messages) =>
  [event.venueName, event.attendance === 'in_person' ? '' : t.eventsOnline].filter(Boolean).join(' · ');

function EventItem({ event, edition, t }: { event: EventCard; edition: Edition; t: Messages }) {
  return (
    <li class="card event-card">
      {event.image && <Picture image={event.image} sizes="(min-width: 48rem) 22rem, 7.5rem" />}
      <div>
        <h3>
          <a href={event.url}>{event.title}</a>
        </h3>
        <p class="meta">
          <StatusBadge status={event.status} t={t} /> <When event={event} edition={edition} t={t} />
        </p>
        <p class="meta" dir="auto">
          {placeLine(event, t)}
        </p>
        {event.summary && <p>{event.summary}</p>}
      </div>
    </li>
  );
}

export interface EventFilters {
  action: string;
  sections: SectionRef[];
  /** `YYYY-MM` and its label, in order. */
  months: { value: string; label: string }[];
  section: string;
  month: string;
}

/** `/{edition}/events`: a filter form, then upcoming events soonest first, then past ones; pages of links. */
export function EventsPage(props: {
  chrome: Chrome;
  meta: PageMeta;
  listing: EventListing;
  filters: EventFilters;
  /** The edition's calendar (with the section filter), https and webcal. */
  calendar: { https: string; webcal: string };
  pageHref: (page: number) => string;
}) {
  const { chrome, listing, filters } = props;
  const { edition } = chrome;
  const t = messagesFor(edition.language);
  const empty = listing.upcoming.length === 0 && listing.past.length === 0;
  return (
    <Layout chrome={chrome} meta={props.meta}>
      <h1 class="page-title">{t.eventsTitle}</h1>
      <search class="search-filters event-filters">
        <form method="get" action={filters.action}>
          <fieldset>
            <legend>{t.eventsFilterLegend}</legend>
            <p>
              <label for="events-section">{t.eventsFilterSection}</label>
              <select id="events-section" name="section">
                <option value="">{t.eventsFilterAll}</option>
                {filters.sections.map((s) => (
                  <option value={s.slug} selected={s.slug === filters.section}>
                    {s.name}
                  </option>
                ))}
              </select>
            </p>
            <p>
              <label for="events-month">{t.eventsFilterMonth}</label>
              <select id="events-month" name="month">
                <option value="">{t.eventsFilterAll}</option>
                {filters.months.map((m) => (
                  <option value={m.value} selected={m.value === filters.month}>
                    {m.label}
                  </option>
                ))}
              </select>
            </p>
            <p>
              <button type="submit" class="button">
                {t.eventsFilterSubmit}
              </button>
            </p>
          </fieldset>
        </form>
      </search>
      {empty && <p>{t.eventsNone}</p>}
      {listing.upcoming.length > 0 && (
        <section aria-labelledby="events-upcoming">
          <h2 id="events-upcoming">{t.eventsUpcoming}</h2>
          <ul class="cards event-cards">
            {listing.upcoming.map((event) => (
              <EventItem event={event} edition={edition} t={t} />
            ))}
          </ul>
        </section>
      )}
      {listing.past.length > 0 && (
        <section aria-labelledby="events-past">
          <h2 id="events-past">{t.eventsPast}</h2>
          <ul class="cards event-cards">
            {listing.past.map((event) => (
              <EventItem event={event} edition={edition} t={t} />
            ))}
          </ul>
        </section>
      )}
      {listing.pages > 1 && (
        <nav
          class="search-pages"
          aria-label={format(t.eventsPageOf, { page: String(listing.page), pages: String(listing.pages) })}
        >
          {listing.page > 1 && (
            <a href={props.pageHref(listing.page - 1)} rel="prev">
              {t.eventsPrevious}
            </a>
          )}
          <span>{format(t.eventsPageOf, { page: String(listing.page), pages: String(listing.pages) })}</span>
          {listing.page < listing.pages && (
            <a href={props.pageHref(listing.page + 1)} rel="next">
              {t.eventsNext}
            </a>
          )}
        </nav>
      )}
      <p class="event-subscribe">
        <a href={props.calendar.webcal}>{t.eventsSubscribe}</a>
        <br />
        <span class="meta">{t.eventsSubscribeHint}</span> <code dir="ltr">{props.calendar.https}</code>
      </p>
    </Layout>
  );
}

/** An event's page: what, when (in the edition's zone and its own), where, who, add to calendar, coverage. */
export function EventPage(props: {
  chrome: Chrome;
  meta: PageMeta;
  event: EventDetail;
  calendar: { ics: string; fileName: string; google: string };
}) {
  const { chrome, event, calendar } = props;
  const { edition } = chrome;
  const t = messagesFor(edition.language);
  const previous = event.status === 'rescheduled' && event.previousStartsAt;
  return (
    <Layout chrome={chrome} meta={props.meta}>
      <article class="article event">
        {event.section && (
          <a class="kicker" href={sectionPath(edition.code, event.section.slug)}>
            {event.section.name}
          </a>
        )}
        <h1>{event.title}</h1>
        {event.status !== 'scheduled' && (
          <p class="event-state">
            <StatusBadge status={event.status} t={t} />
            {previous && (
              <>
                {' '}
                {fillParts(t.eventsRescheduledFrom, {
                  date: (
                    <time datetime={isoInZone(new Date(previous), edition.timeZone)} dir="auto">
                      {event.allDay
                        ? formatDate(new Date(previous), { ...edition, timeZone: event.timeZone })
                        : formatDateTime(new Date(previous), edition)}
                    </time>
                  ),
                })}
              </>
            )}
          </p>
        )}
        {event.summary && <p class="standfirst">{event.summary}</p>}
        <dl class="event-facts">
          <dt>{t.eventsWhen}</dt>
          <dd>
            <When event={event} edition={edition} t={t} />
          </dd>
          {(event.venueName || event.onlineUrl) && <dt>{t.eventsWhere}</dt>}
          {event.venueName && (
            <dd>
              <bdi>{event.venueName}</bdi>
              {event.venueAddress && (
                <>
                  <br />
                  <bdi>{event.venueAddress}</bdi>
                </>
              )}
              {event.mapUrl && (
                <>
                  {' · '}
                  <a href={event.mapUrl} rel="noopener nofollow">
                    {t.eventsMap}
                  </a>
                </>
              )}
            </dd>
          )}
          {event.onlineUrl && (
            <dd>
              {t.eventsOnline}:{' '}
              <a href={event.onlineUrl} rel="noopener nofollow">
                {t.eventsJoinOnline}
              </a>
            </dd>
          )}
          {event.organizerName && (
            <>
              <dt>{t.eventsOrganizer}</dt>
              <dd>
                {event.organizerUrl ? (
                  <a href={event.organizerUrl} rel="noopener nofollow">
                    <bdi>{event.organizerName}</bdi>
                  </a>
                ) : (
                  <bdi>{event.organizerName}</bdi>
                )}
              </dd>
            </>
          )}
        </dl>
        {event.status !== 'cancelled' && (
          <ul class="share event-calendar" aria-label={t.eventsAddToCalendar}>
            <li>{t.eventsAddToCalendar}</li>
            <li>
              <a href={calendar.ics} download={calendar.fileName} type="text/calendar">
                {t.eventsDownloadIcs}
              </a>
            </li>
            <li>
              <a href={calendar.google} rel="noopener nofollow" target="_blank">
                {t.eventsGoogleCalendar}
              </a>
            </li>
          </ul>
        )}
        {event.image && (
          <figure class="lead">
            <Picture image={event.image} sizes="(min-width: 42rem) 42rem, 100vw" eager />
            {event.image.caption && <figcaption>{event.image.caption}</figcaption>}
          </figure>
        )}
        {event.descriptionHtml && <StoredHtml class="body" html={event.descriptionHtml} />}
        {event.topics.length > 0 && (
          <nav aria-label={t.topics}>
            <ul class="topics">
              {event.topics.map((topic) => (
                <li>
                  <a href={topicPath(edition.code, topic.slug)}>{topic.name}</a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </article>
      {event.related.length > 0 && (
        <section class="related" aria-labelledby="event-coverage">
          <h2 id="event-coverage">{t.eventsRelated}</h2>
          <ul class="cards">
            {event.related.map((card) => (
              <ArticleCardItem card={card} edition={edition} heading="h3" />
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

/** On an article page: the events it is about, each linked, with when it is (or was). */
export function EventLinks({ events, edition }: { events: EventLink[]; edition: Edition }) {
  if (events.length === 0) return null;
  const t = messagesFor(edition.language);
  return (
    <aside class="event-links" aria-label={t.eventsOnArticle}>
      <ul>
        {events.map((event) => (
          <li>
            {t.eventsOnArticle}: <a href={event.url}>{event.title}</a> ·{' '}
            <StatusBadge status={event.status} t={t} />{' '}
            <time datetime={isoInZone(new Date(event.startsAt), edition.timeZone)} dir="auto">
              {event.allDay
                ? formatDate(dayIn(event.startLocal, event.timeZone), {
                    ...edition,
                    timeZone: event.timeZone,
                  })
                : formatDateTime(new Date(event.startsAt), edition)}
            </time>
          </li>
        ))}
      </ul>
    </aside>
  );
}
