import { localParts } from '../i18n/dates.js';
import { localDateTimeToInstant } from '../i18n/local-datetime.js';

const DAY_MS = 86_400_000;

/** The first time strictly after `after` at which it is `hhmm` in `timeZone`. */
export function nextDailyRun(hhmm: string, timeZone: string, after: Date): Date {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  const today = localParts(after, timeZone);
  for (let offset = 0; offset < 3; offset++) {
    const day = localParts(
      new Date(Date.UTC(today.year, today.month - 1, today.day) + offset * DAY_MS),
      'UTC',
    );
    const at = localDateTimeToInstant(
      { year: day.year, month: day.month, day: day.day, hour, minute },
      timeZone,
    );
    if (at.getTime() > after.getTime()) return at;
  }
  return new Date(after.getTime() + DAY_MS);
}
