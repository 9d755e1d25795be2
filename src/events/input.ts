/**
 * What an event is made of, as the desk and the admin API send it and as a
 * revision keeps it, and the one check both doors run (the workflow runs it
 * again before writing). Refusals are keys of the UI strings: the desk shows
 * them in the page's language, the admin API in English.
 */
import { z } from 'zod';
import type { EventAttendance, EventStatus } from '../db/schema.js';
import { isStorableText } from '../http/input-guard.js';
import type { MessageKey } from '../i18n/messages.js';
import { type EventTimes, type EventTimesError, resolveEventTimes } from './time.js';

export const EVENT_STATUSES = [
  'scheduled',
  'postponed',
  'rescheduled',
  'cancelled',
] as const satisfies readonly EventStatus[];
export const EVENT_ATTENDANCES = [
  'in_person',
  'online',
  'mixed',
] as const satisfies readonly EventAttendance[];

/** The editable fields of an event, as a revision keeps them. */
export const eventSnapshotSchema = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  descriptionHtml: z.string(),
  timeZone: z.string(),
  allDay: z.boolean(),
  /** `YYYY-MM-DDTHH:mm`, or `YYYY-MM-DD` when all day. */
  start: z.string(),
  /** The same; the last day when all day. */
  end: z.string(),
  status: z.enum(EVENT_STATUSES),
  attendance: z.enum(EVENT_ATTENDANCES),
  venueName: z.string(),
  venueAddress: z.string(),
  mapUrl: z.string(),
  onlineUrl: z.string(),
  organizerName: z.string(),
  organizerUrl: z.string(),
  imageId: z.string().nullable(),
  sectionId: z.string().nullable(),
  topicIds: z.array(z.string()),
  articleIds: z.array(z.string()),
});
export type EventSnapshot = z.infer<typeof eventSnapshotSchema>;

/** The plain fields people type (everything but the references to sections, topics, articles and images). */
export type EventText = Omit<EventSnapshot, 'imageId' | 'sectionId' | 'topicIds' | 'articleIds'>;

/** Field → the key of its message. */
export type EventErrors = Partial<Record<keyof EventSnapshot | 'form', MessageKey>>;

export const LIMITS = {
  title: 300,
  summary: 1000,
  descriptionHtml: 200_000,
  name: 300,
  address: 1000,
  url: 2000,
  slug: 120,
} as const;

const isWebAddress = (text: string) => {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};

const TIME_ERRORS: Record<EventTimesError, [keyof EventSnapshot, MessageKey]> = {
  zone_unknown: ['timeZone', 'eventsErrorZone'],
  start_invalid: ['start', 'eventsErrorStart'],
  start_skipped: ['start', 'eventsErrorStartSkipped'],
  end_invalid: ['end', 'eventsErrorEnd'],
  end_skipped: ['end', 'eventsErrorEndSkipped'],
  end_before_start: ['end', 'eventsErrorEndBeforeStart'],
};

/**
 * Checks the typed fields: lengths, characters, addresses, the times in
 * their zone, and where people go (a venue for an event in person, an
 * address for one online, both for a mixed one). Returns the fields as they
 * are stored (trimmed) with the times resolved, or every field's error.
 */
export function checkEventText(
  input: EventText,
): { ok: true; text: EventText; times: EventTimes } | { ok: false; errors: EventErrors } {
  const errors: EventErrors = {};
  const text: EventText = {
    ...input,
    slug: input.slug.trim(),
    title: input.title.trim(),
    summary: input.summary.trim(),
    timeZone: input.timeZone.trim(),
    start: input.start.trim(),
    end: input.end.trim(),
    venueName: input.venueName.trim(),
    venueAddress: input.venueAddress.trim(),
    mapUrl: input.mapUrl.trim(),
    onlineUrl: input.onlineUrl.trim(),
    organizerName: input.organizerName.trim(),
    organizerUrl: input.organizerUrl.trim(),
  };
  const limited: [keyof EventText, number][] = [
    ['title', LIMITS.title],
    ['summary', LIMITS.summary],
    ['descriptionHtml', LIMITS.descriptionHtml],
    ['venueName', LIMITS.name],
    ['venueAddress', LIMITS.address],
    ['organizerName', LIMITS.name],
    ['mapUrl', LIMITS.url],
    ['onlineUrl', LIMITS.url],
    ['organizerUrl', LIMITS.url],
    ['slug', LIMITS.slug],
    ['timeZone', 64],
    ['start', 16],
    ['end', 16],
  ];
  for (const [field, max] of limited) {
    const value = text[field];
    if (typeof value !== 'string') continue;
    if (!isStorableText(value)) errors[field] = 'deskErrorInvalidCharacters';
    else if (value.length > max) errors[field] = 'deskErrorTooLong';
  }
  if (!errors.title && text.title === '') errors.title = 'eventsErrorTitle';
  for (const field of ['mapUrl', 'onlineUrl', 'organizerUrl'] as const) {
    if (!errors[field] && text[field] !== '' && !isWebAddress(text[field])) errors[field] = 'eventsErrorUrl';
  }
  if (!EVENT_STATUSES.includes(text.status)) errors.status = 'deskErrorInvalid';
  if (!EVENT_ATTENDANCES.includes(text.attendance)) errors.attendance = 'deskErrorInvalid';
  const inPerson = text.attendance === 'in_person' || text.attendance === 'mixed';
  const online = text.attendance === 'online' || text.attendance === 'mixed';
  if (inPerson && !errors.venueName && text.venueName === '')
    errors.venueName = text.onlineUrl === '' ? 'eventsErrorWhere' : 'eventsErrorVenue';
  if (online && !errors.onlineUrl && text.onlineUrl === '') errors.onlineUrl = 'eventsErrorOnlineUrl';

  const clock = { timeZone: text.timeZone, allDay: text.allDay, start: text.start, end: text.end };
  const times = errors.timeZone || errors.start || errors.end ? undefined : resolveEventTimes(clock);
  if (times && !times.ok) {
    for (const code of times.errors) {
      const [field, key] = TIME_ERRORS[code];
      errors[field] ??= key;
    }
  }
  if (Object.keys(errors).length > 0 || !times?.ok) return { ok: false, errors };
  return {
    ok: true,
    text: { ...text, start: times.times.startLocal, end: times.times.endLocal },
    times: times.times,
  };
}

/** A refused write: nothing was saved; `errors` says which field and why. */
export class EventInputError extends Error {
  constructor(readonly errors: EventErrors) {
    super(`Invalid event: ${Object.keys(errors).join(', ')}`);
    this.name = 'EventInputError';
  }
}
