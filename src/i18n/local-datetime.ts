import { localParts } from './dates.js';

/** A wall-clock reading, with no zone: what a `datetime-local` field holds. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const FORMAT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const DAY_MS = 86_400_000;

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * `YYYY-MM-DDTHH:mm` (a `datetime-local` value) as its fields, or undefined
 * unless it names a real calendar date and time: no month 13, no 30 February,
 * no 24:00, no minute 60.
 */
export function readLocalDateTime(value: string): LocalDateTime | undefined {
  const m = FORMAT.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59) return undefined;
  return { year, month, day, hour, minute };
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const p = localParts(new Date(instant), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` reads `local`. A time the
 * clock skips (the daylight-saving gap) moves forward by the gap: 02:30 on a
 * night when 02:00 becomes 03:00 is 03:30. A time the clock shows twice (the
 * overlap when it goes back) is the earlier of the two.
 */
export function localDateTimeToInstant(local: LocalDateTime, timeZone: string): Date {
  const wanted = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Offsets a day either side: a zone changes offset at most once in between.
  const before = offsetAt(wanted - DAY_MS, timeZone);
  const after = offsetAt(wanted + DAY_MS, timeZone);
  const fits = (instant: number) => offsetAt(instant, timeZone) === wanted - instant;
  const candidates = [wanted - before, wanted - after].filter(fits);
  // No fit: the reading falls in a gap; the offset from before it moves it forward.
  return new Date(candidates.length > 0 ? Math.min(...candidates) : wanted - before);
}

/** A `datetime-local` value read in `timeZone`, or undefined if it is not a real date and time. */
export function parseLocalDateTime(value: string, timeZone: string): Date | undefined {
  const local = readLocalDateTime(value);
  return local && localDateTimeToInstant(local, timeZone);
}

/** The `datetime-local` value (`YYYY-MM-DDTHH:mm`) of `instant` in `timeZone`. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
