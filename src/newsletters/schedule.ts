import { localParts } from '../i18n/dates.js';

const DAY_MS = 86_400_000;

/** The UTC instant at which the wall clock in `timeZone` reads the given date and time. */
export function zonedTimeToUtc(
  local: { year: number; month: number; day: number; hour: number; minute: number },
  timeZone: string,
): Date {
  const wanted = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Two corrections settle the offset even across a daylight-saving change.
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wanted - shown;
  }
  return new Date(guess);
}

/** The first time strictly after `after` at which it is `hhmm` in `timeZone`. */
export function nextDailyRun(hhmm: string, timeZone: string, after: Date): Date {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  const today = localParts(after, timeZone);
  for (let offset = 0; offset < 3; offset++) {
    const day = localParts(
      new Date(Date.UTC(today.year, today.month - 1, today.day) + offset * DAY_MS),
      'UTC',
    );
    const at = zonedTimeToUtc({ year: day.year, month: day.month, day: day.day, hour, minute }, timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  return new Date(after.getTime() + DAY_MS);
}

/** A `datetime-local` value (YYYY-MM-DDTHH:MM) read in `timeZone`. */
export function parseLocalDateTime(value: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  return zonedTimeToUtc({ year, month, day, hour, minute }, timeZone);
}
