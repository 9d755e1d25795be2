/**
 * Events as iCalendar (RFC 5545), built by ical-generator: an edition's
 * subscribable calendar of upcoming events and one event's file.
 *
 * Times are written in the event's own zone (`DTSTART;TZID=Asia/Beirut:…`)
 * with that zone's VTIMEZONE (from timezones-ical-library), so a calendar
 * app shows them right on either side of a daylight-saving change. The wall
 * clock is the one the editor gave (we resolved it with Intl when it was
 * saved); it is handed to ical-generator through the Temporal-shaped stubs
 * the library declares, so what is written never depends on the server's
 * own zone. A wall-clock reading the zone shows twice (the hour repeated
 * when daylight saving ends) is written in UTC instead: RFC 5545 means the
 * first of the two, but not every reader takes it so. All-day events are dates (`VALUE=DATE`, the end exclusive). The
 * UID is the event's id (stable across edits and renames), SEQUENCE is
 * bumped by the door when what a calendar shows changes, and a cancelled
 * event says `STATUS:CANCELLED`.
 */
import ical, {
  ICalCalendarMethod,
  type ICalEventData,
  ICalEventStatus,
  type ICalTemporalPlainDateStub,
  type ICalTemporalPlainDateTimeStub,
  type ICalTemporalZonedDateTimeStub,
} from 'ical-generator';
import sanitizeHtml from 'sanitize-html';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';
import type { Edition } from '../editions/queries.js';
import type { EventCard } from './queries.js';
import { isRepeatedWallClock } from './time.js';

/** What a calendar needs beyond the cards: the description of each event (its page's text). */
export interface CalendarEvent extends EventCard {
  descriptionHtml?: string | undefined;
}

interface CalendarOptions {
  edition: Edition;
  publicUrl: string;
  /** X-WR-CALNAME: what calendar apps call a subscribed calendar. */
  name: string;
  description?: string;
  /** The calendar's own address (SOURCE / URL). */
  url: string;
}

/** How often subscribers should fetch the calendar again. */
const REFRESH_SECONDS = 3600;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A wall-clock date and time as ical-generator's Temporal.PlainDateTime stub. */
function plainDateTime(local: string, instant: Date): ICalTemporalPlainDateTimeStub {
  const [date = '', time = ''] = local.split('T');
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00`;
  const plain: ICalTemporalPlainDateTimeStub = {
    year,
    month,
    day,
    hour,
    minute,
    second: 0,
    toJSON: () => text,
    toString: () => text,
    toPlainDate: () => plainDate(`${pad(year, 4)}-${pad(month)}-${pad(day)}`),
    toZonedDateTime: (timeZone: string) => zoned(timeZone),
  };
  // The same wall clock in the event's zone: ical-generator asks for it, then for its wall clock back.
  const zoned = (timeZone: string): ICalTemporalZonedDateTimeStub => {
    const self: ICalTemporalZonedDateTimeStub = {
      year,
      month,
      day,
      hour,
      minute,
      second: 0,
      timeZoneId: timeZone,
      toJSON: () => `${text}[${timeZone}]`,
      toString: () => `${text}[${timeZone}]`,
      toPlainDateTime: () => plain,
      toInstant: () => ({
        epochMilliseconds: instant.getTime(),
        toJSON: () => instant.toISOString(),
        toString: () => instant.toISOString(),
        toZonedDateTimeISO: (zone: string) => {
          if (zone !== timeZone) throw new Error(`Only ${timeZone} is known for this time`);
          return self;
        },
      }),
      withTimeZone: (zone: string) => {
        if (zone !== timeZone) throw new Error(`Only ${timeZone} is known for this time`);
        return self;
      },
    };
    return self;
  };
  return plain;
}

/** A date as ical-generator's Temporal.PlainDate stub (all-day events). */
function plainDate(value: string): ICalTemporalPlainDateStub & { toPlainDateTime: () => unknown } {
  const [year = 0, month = 1, day = 1] = value.split('-').map(Number);
  return {
    year,
    month,
    day,
    toJSON: () => value,
    toString: () => value,
    // ical-generator tells a PlainDate by this method.
    toPlainDateTime: () => plainDateTime(`${value}T00:00`, new Date(Date.UTC(year, month - 1, day))),
  };
}

/** The day after `YYYY-MM-DD`: iCalendar's DTEND of an all-day event is exclusive. */
function dayAfter(value: string): string {
  const [year = 0, month = 1, day = 1] = value.split('-').map(Number);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}

const knownZones = new Set(tzlib_get_timezones() as string[]);
const zoneBlocks = new Map<string, { tzid: string; block: string } | null>();

/** The VTIMEZONE of an IANA zone and the TZID it declares (an alias gets its canonical name), or null. */
function vtimezone(zone: string): { tzid: string; block: string } | null {
  if (zoneBlocks.has(zone)) return zoneBlocks.get(zone) ?? null;
  let found: { tzid: string; block: string } | null = null;
  if (knownZones.has(zone)) {
    const [block = ''] = tzlib_get_ical_block(zone) as string[];
    const tzid = /^TZID:(.+?)\r?$/m.exec(block)?.[1];
    // UTC needs no VTIMEZONE: its times are written as UTC ("Z").
    if (tzid && tzid !== 'Etc/UTC') found = { tzid, block };
  }
  zoneBlocks.set(zone, found);
  return found;
}

const STATUS: Record<EventCard['status'], ICalEventStatus> = {
  scheduled: ICalEventStatus.CONFIRMED,
  rescheduled: ICalEventStatus.CONFIRMED,
  postponed: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

/** The stable UID of an event: its id never changes, whatever is edited or renamed. */
export const eventUid = (eventId: string, publicUrl: string) => `${eventId}@${new URL(publicUrl).hostname}`;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Stored (sanitized) HTML as plain text, a line per paragraph: what calendars show as the description. */
export function plainTextOf(html: string): string {
  const marked = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|li|h[1-6]|blockquote|figcaption|tr)>/gi, '$&\n');
  // sanitize-html drops every tag and escapes the text; the escapes are undone here.
  const escaped = sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {} });
  return escaped
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The event's text for a calendar: summary, description, where to join, who organizes, its page. */
function descriptionOf(event: CalendarEvent, pageUrl: string): string {
  const parts = [
    event.summary,
    event.descriptionHtml ? plainTextOf(event.descriptionHtml) : '',
    event.onlineUrl,
    event.organizerName,
    pageUrl,
  ];
  return parts.filter((p) => p !== '').join('\n\n');
}

function eventData(event: CalendarEvent, publicUrl: string): ICalEventData {
  const pageUrl = `${publicUrl}${event.url}`;
  const place = [event.venueName, event.venueAddress].filter(Boolean).join(', ');
  const base: ICalEventData = {
    id: eventUid(event.id, publicUrl),
    sequence: event.sequence,
    stamp: new Date(event.updatedAt),
    created: new Date(event.createdAt),
    lastModified: new Date(event.updatedAt),
    summary: event.title,
    description: descriptionOf(event, pageUrl),
    location: place || event.onlineUrl || null,
    url: pageUrl,
    status: STATUS[event.status],
    start: new Date(event.startsAt),
  };
  if (event.allDay) {
    return {
      ...base,
      allDay: true,
      start: plainDate(event.startLocal),
      end: plainDate(dayAfter(event.endLocal)),
    };
  }
  const zone = vtimezone(event.timeZone);
  const start = new Date(event.startsAt);
  const end = new Date(event.endsAt);
  // A zone without a VTIMEZONE (UTC), or a reading the clock shows twice: the instants themselves, in UTC.
  if (!zone || isRepeatedWallClock(start, event.timeZone) || isRepeatedWallClock(end, event.timeZone))
    return { ...base, start, end };
  return {
    ...base,
    timezone: zone.tzid,
    start: plainDateTime(event.startLocal, start),
    end: plainDateTime(event.endLocal, end),
  };
}

/** An iCalendar document of `events` (one, or an edition's upcoming ones). */
export function renderCalendar(events: CalendarEvent[], options: CalendarOptions): string {
  const language = options.edition.language.split('-')[0]?.toUpperCase() ?? 'EN';
  const calendar = ical({
    prodId: { company: 'Sahifa', product: 'Events', language },
    method: ICalCalendarMethod.PUBLISH,
    name: options.name,
    description: options.description ?? null,
    url: options.url,
    source: options.url,
    ttl: REFRESH_SECONDS,
  });
  const blocks = new Map<string, string>();
  for (const event of events) {
    const zone = event.allDay ? null : vtimezone(event.timeZone);
    if (zone) blocks.set(zone.tzid, zone.block);
  }
  calendar.timezone({ name: null, generator: (tzid) => blocks.get(tzid) ?? null });
  for (const event of events) calendar.createEvent(eventData(event, options.publicUrl));
  return calendar.toString();
}

/** `YYYYMMDDTHHmmssZ` of an instant, as Google Calendar's template link takes it. */
const googleInstant = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

/**
 * A Google Calendar "add event" link: the instants in UTC (or the days, when
 * all day) and the event's zone for showing them; title, a short text and the place.
 */
export function googleCalendarHref(event: CalendarEvent, publicUrl: string): string {
  const dates = event.allDay
    ? `${event.startLocal.replace(/-/g, '')}/${dayAfter(event.endLocal).replace(/-/g, '')}`
    : `${googleInstant(event.startsAt)}/${googleInstant(event.endsAt)}`;
  const details = [event.summary, `${publicUrl}${event.url}`].filter(Boolean).join('\n\n');
  const place = [event.venueName, event.venueAddress].filter(Boolean).join(', ') || event.onlineUrl;
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: event.title,
    dates,
    details,
    ctz: event.timeZone,
  });
  if (place) params.set('location', place);
  return `https://calendar.google.com/calendar/render?${params}`;
}
