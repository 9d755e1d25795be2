import { type DateSettings, formatDate, localParts } from './dates.js';

/**
 * When a story was published, as a card shows it: "now" ("الآن") under a minute,
 * minutes under an hour, hours for the rest of today, then the date. "Today"
 * is the edition's calendar day in its time zone; numbers use its digits.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const formatters = new Map<string, Intl.RelativeTimeFormat>();

function relativeFormatter(settings: DateSettings): Intl.RelativeTimeFormat {
  const key = `${settings.language}|${settings.digits}`;
  let f = formatters.get(key);
  if (!f) {
    // The digits ride on the locale (`-u-nu-`): TypeScript's options type has no numberingSystem.
    const digits = settings.digits === 'arab' ? 'arab' : 'latn';
    f = new Intl.RelativeTimeFormat(`${settings.language}-u-nu-${digits}`, {
      numeric: 'auto',
      style: 'long',
    });
    formatters.set(key, f);
  }
  return f;
}

const sameLocalDay = (a: Date, b: Date, timeZone: string) => {
  const x = localParts(a, timeZone);
  const y = localParts(b, timeZone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
};

/** Whether a card showing `date` at `now` reads relative ("3 hours ago") rather than a date. */
export function isRelative(date: Date, now: Date, timeZone: string): boolean {
  return now.getTime() - date.getTime() < 24 * HOUR && sameLocalDay(date, now, timeZone);
}

/** "قبل ساعتين" / "2 hours ago" today (Intl.RelativeTimeFormat), the edition's date before. */
export function formatRelativeTime(date: Date, now: Date, settings: DateSettings): string {
  const elapsed = now.getTime() - date.getTime();
  if (!isRelative(date, now, settings.timeZone)) return formatDate(date, settings);
  const rtf = relativeFormatter(settings);
  // A clock a little behind the writer's (or a story stamped this very second) reads "now".
  if (elapsed < MINUTE) return rtf.format(0, 'second');
  if (elapsed < HOUR) return rtf.format(-Math.floor(elapsed / MINUTE), 'minute');
  return rtf.format(-Math.floor(elapsed / HOUR), 'hour');
}
