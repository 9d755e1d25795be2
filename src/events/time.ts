/**
 * An event's times: the wall clock an editor gives in a named zone, read
 * into instants with Intl only (src/i18n/local-datetime.ts), so daylight
 * saving is the zone's own. A time the clock skips (the spring-forward gap)
 * is refused rather than moved; a time it shows twice (the autumn overlap) is
 * the first of the two. All-day events are dates: from the start of the first
 * day to the start of the day after the last, in the event's zone.
 */
import { localParts } from '../i18n/dates.js';
import {
  formatLocalDateTime,
  type LocalDateTime,
  localDateTimeToInstant,
  readLocalDateTime,
} from '../i18n/local-datetime.js';

const ZONE_NAME = /^(?:UTC|[A-Z][A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){1,2})$/;

/** An IANA zone name that Intl knows (`Europe/London`, `Asia/Beirut`, `UTC`); offsets and abbreviations are not zones. */
export function isKnownTimeZone(name: string): boolean {
  if (!ZONE_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Every zone a desk may choose, for its list of suggestions. */
export function timeZoneChoices(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` as a day, or undefined unless it is a real calendar date (no 30 February). */
export function readLocalDate(value: string): { year: number; month: number; day: number } | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const local = readLocalDateTime(`${m[1]}-${m[2]}-${m[3]}T00:00`);
  return local && { year: local.year, month: local.month, day: local.day };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateText = (d: { year: number; month: number; day: number }) =>
  `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

/** The day after `d` (calendar arithmetic, no zone). */
function nextDay(d: { year: number; month: number; day: number }) {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** The first instant of a day in `timeZone` (01:00 where midnight falls in the gap, as in Beirut each spring). */
export function startOfDay(day: { year: number; month: number; day: number }, timeZone: string): Date {
  return localDateTimeToInstant({ ...day, hour: 0, minute: 0 }, timeZone);
}

/** When an event's wall clock falls, or why it cannot. */
export type EventTimesError =
  | 'zone_unknown'
  | 'start_invalid'
  | 'start_skipped'
  | 'end_invalid'
  | 'end_skipped'
  | 'end_before_start';

export interface EventTimes {
  startLocal: string;
  endLocal: string;
  startsAt: Date;
  endsAt: Date;
}

export interface EventClock {
  timeZone: string;
  allDay: boolean;
  /** `YYYY-MM-DDTHH:mm`, or `YYYY-MM-DD` when all day. */
  start: string;
  /** The same; for all-day events the last day (the first, when empty). */
  end: string;
}

/** The instant of a wall-clock reading, or 'skipped' when the zone's clock never shows it. */
function instantOf(local: LocalDateTime, timeZone: string): Date | 'skipped' {
  const instant = localDateTimeToInstant(local, timeZone);
  const back = formatLocalDateTime(instant, timeZone);
  const wanted = `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}`;
  return back === wanted ? instant : 'skipped';
}

/** The event's times as instants, or the errors of each field (everything wrong at once). */
export function resolveEventTimes(
  clock: EventClock,
): { ok: true; times: EventTimes } | { ok: false; errors: EventTimesError[] } {
  if (!isKnownTimeZone(clock.timeZone)) return { ok: false, errors: ['zone_unknown'] };
  const { timeZone } = clock;
  if (clock.allDay) {
    const first = readLocalDate(clock.start);
    const last = clock.end === '' ? first : readLocalDate(clock.end);
    const errors: EventTimesError[] = [];
    if (!first) errors.push('start_invalid');
    if (!last) errors.push('end_invalid');
    if (!first || !last) return { ok: false, errors };
    if (dateText(last) < dateText(first)) return { ok: false, errors: ['end_before_start'] };
    return {
      ok: true,
      times: {
        startLocal: dateText(first),
        endLocal: dateText(last),
        startsAt: startOfDay(first, timeZone),
        endsAt: startOfDay(nextDay(last), timeZone),
      },
    };
  }
  const start = readLocalDateTime(clock.start);
  const end = readLocalDateTime(clock.end);
  const startsAt = start && instantOf(start, timeZone);
  const endsAt = end && instantOf(end, timeZone);
  const errors: EventTimesError[] = [];
  if (!startsAt) errors.push('start_invalid');
  else if (startsAt === 'skipped') errors.push('start_skipped');
  if (!endsAt) errors.push('end_invalid');
  else if (endsAt === 'skipped') errors.push('end_skipped');
  if (!(startsAt instanceof Date) || !(endsAt instanceof Date)) return { ok: false, errors };
  if (endsAt.getTime() <= startsAt.getTime()) return { ok: false, errors: ['end_before_start'] };
  return { ok: true, times: { startLocal: clock.start, endLocal: clock.end, startsAt, endsAt } };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` as the instants bounding that month in `timeZone` ([start, end)), or undefined. */
export function monthBounds(value: string, timeZone: string): { start: Date; end: Date } | undefined {
  const m = MONTH.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1970 || year > 9998) return undefined;
  const after = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return {
    start: startOfDay({ year, month, day: 1 }, timeZone),
    end: startOfDay({ ...after, day: 1 }, timeZone),
  };
}

/** `YYYY-MM` of an instant in `timeZone`. */
export function monthOf(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}`;
}

/** Every `YYYY-MM` from `first` to `last` inclusive (at most `limit`, the ones nearest `around`). */
export function monthsBetween(first: string, last: string, around: string, limit: number): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let n = 0; n < 1200; n++) {
    const value = `${pad(year, 4)}-${pad(month)}`;
    if (value > last) break;
    months.push(value);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  if (months.length <= limit) return months;
  const at = Math.max(0, months.indexOf(around) === -1 ? months.length : months.indexOf(around));
  const from = Math.min(Math.max(0, at - Math.floor(limit / 2)), months.length - limit);
  return months.slice(from, from + limit);
}

/** The wall clock of `instant` in `timeZone` as date and time fields (for showing an event's own time). */
export function wallClock(instant: Date, timeZone: string) {
  return localParts(instant, timeZone);
}

/** Whether two zones read differently at either instant: then the page also shows the event's own zone. */
export function zonesDiffer(a: string, b: string, instants: Date[]): boolean {
  if (a === b) return false;
  return instants.some((i) => formatLocalDateTime(i, a) !== formatLocalDateTime(i, b));
}

const DAY_MS = 86_400_000;

/** How far `timeZone`'s clock is ahead of UTC at `instant`, in ms (whole seconds). */
function offsetAt(instant: number, timeZone: string): number {
  const p = localParts(new Date(instant), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * Whether the zone's clock shows the same reading at another instant too:
 * the hour repeated when daylight saving ends (01:30 twice in London on the
 * last Sunday of October). RFC 5545 means the first, but not every calendar
 * reads it so; such times are written in UTC instead.
 */
export function isRepeatedWallClock(instant: Date, timeZone: string): boolean {
  const at = instant.getTime();
  const shift = offsetAt(at - DAY_MS, timeZone) - offsetAt(at + DAY_MS, timeZone);
  if (shift === 0) return false;
  const reading = formatLocalDateTime(instant, timeZone);
  return [at + shift, at - shift].some((other) => formatLocalDateTime(new Date(other), timeZone) === reading);
}
