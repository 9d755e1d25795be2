import { localParts } from '../i18n/dates.js';

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant a `datetime-local` value ("2026-03-01T09:30") names in `timeZone`,
 * or undefined if it is not one. Found by correcting a UTC guess by the zone's
 * offset twice, so times next to a daylight-saving change land right.
 */
export function wallClockToInstant(value: string, timeZone: string): Date | undefined {
  const m = WALL_CLOCK.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(wanted).getUTCDate() !== day) return undefined;
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wanted - shown;
  }
  return new Date(guess);
}

/** The `datetime-local` value for an instant in `timeZone`. */
export function instantToWallClock(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
