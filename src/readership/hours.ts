export const HOUR_MS = 3_600_000;

/** The start of the UTC hour holding `at`, as stored in `article_views.hour`. */
export function hourStart(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString();
}

/** The first of the `hours` hours ending with the one holding `now` (24: the rolling day of most read). */
export function windowStart(now: Date, hours: number): string {
  return hourStart(now.getTime() - (hours - 1) * HOUR_MS);
}
