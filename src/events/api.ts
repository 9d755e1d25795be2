/**
 * Events in the content API (src/api/routes.ts): published events only, as
 * their pages show them, with absolute URLs. Times are in the event's own
 * zone with its offset (dates for all-day events), as calendars take them.
 */
import { type ArticleSummaryJson, articleSummaryJson, type ImageJson, imageJson } from '../api/json.js';
import { topicPath } from '../articles/paths.js';
import type { Edition } from '../editions/queries.js';
import { isoInZone } from '../i18n/dates.js';
import { type EventCard, type EventDetail, eventPath } from './queries.js';
import { eventDates } from './structured-data.js';

export const apiEventsPath = (editionCode: string) => `/api/v1/${editionCode}/events`;

export interface EventSummaryJson {
  id: string;
  url: string;
  /** The event's own calendar file (iCalendar). */
  calendarUrl: string;
  slug: string;
  title: string;
  summary: string;
  status: EventCard['status'];
  attendance: EventCard['attendance'];
  allDay: boolean;
  /** The zone the event's times are given in (IANA). */
  timeZone: string;
  /** ISO 8601 with the event zone's offset; `YYYY-MM-DD` when all day. */
  start: string;
  /** The same; when all day, the last day. */
  end: string;
  /** Where a rescheduled event was to start (same form as `start`), else null. */
  previousStart: string | null;
  venue: { name: string; address: string; mapUrl: string | null } | null;
  onlineUrl: string | null;
  organizer: { name: string; url: string | null } | null;
  section: { slug: string; name: string } | null;
  image: ImageJson | null;
  /** When it was first published, and last changed, in the edition's zone. */
  publishedAt: string;
  updatedAt: string;
}

export interface EventJson extends EventSummaryJson {
  /** Sanitized on write. */
  descriptionHtml: string;
  topics: { slug: string; name: string; url: string }[];
  /** Published articles about the event, in the editors' order. */
  relatedArticles: ArticleSummaryJson[];
  /** The event in the other editions (published ones). */
  translations: { language: string; edition: string; title: string; url: string }[];
}

export function eventSummaryJson(event: EventCard, edition: Edition, publicUrl: string): EventSummaryJson {
  const { start, end } = eventDates(event);
  const url = `${publicUrl}${eventPath(event.editionCode, event.slug)}`;
  return {
    id: event.id,
    url,
    calendarUrl: `${url}.ics`,
    slug: event.slug,
    title: event.title,
    summary: event.summary,
    status: event.status,
    attendance: event.attendance,
    allDay: event.allDay,
    timeZone: event.timeZone,
    start,
    end,
    previousStart:
      event.previousStartsAt === null
        ? null
        : isoInZone(new Date(event.previousStartsAt), event.timeZone).slice(0, event.allDay ? 10 : undefined),
    venue: event.venueName
      ? { name: event.venueName, address: event.venueAddress, mapUrl: event.mapUrl || null }
      : null,
    onlineUrl: event.onlineUrl || null,
    organizer: event.organizerName ? { name: event.organizerName, url: event.organizerUrl || null } : null,
    section: event.section && { slug: event.section.slug, name: event.section.name },
    image: event.image && imageJson(event.image, publicUrl),
    publishedAt: isoInZone(new Date(event.firstPublishedAt), edition.timeZone),
    updatedAt: isoInZone(new Date(event.updatedAt), edition.timeZone),
  };
}

export function eventJson(event: EventDetail, edition: Edition, publicUrl: string): EventJson {
  return {
    ...eventSummaryJson(event, edition, publicUrl),
    descriptionHtml: event.descriptionHtml,
    topics: event.topics.map((topic) => ({
      slug: topic.slug,
      name: topic.name,
      url: `${publicUrl}${topicPath(edition.code, topic.slug)}`,
    })),
    relatedArticles: event.related.map((card) => articleSummaryJson(card, edition, publicUrl)),
    translations: event.translations
      .filter((translation) => translation.id !== event.id)
      .map((translation) => ({
        language: translation.language,
        edition: translation.editionCode,
        title: translation.title,
        url: `${publicUrl}${translation.url}`,
      })),
  };
}
