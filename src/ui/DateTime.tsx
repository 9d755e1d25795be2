import type { Edition } from '../editions/queries.js';
import { formatDate, formatDateTime, isoInZone } from '../i18n/dates.js';
import { formatRelativeTime } from '../i18n/relative-time.js';

/**
 * A `<time>` with a machine-readable datetime in the edition's zone and a human one in its style,
 * isolated (dir=auto) so its digits and words never reorder the sentence around it, nor it them.
 */
export function DateTime({
  iso,
  edition,
  withTime = false,
}: {
  iso: string;
  edition: Edition;
  withTime?: boolean;
}) {
  const date = new Date(iso);
  const text = withTime ? formatDateTime(date, edition) : formatDate(date, edition);
  return (
    <time datetime={isoInZone(date, edition.timeZone)} dir="auto">
      {text}
    </time>
  );
}

/** A card's time: relative today ("3 hours ago"), the date before; the machine time in `datetime`. */
export function CardTime({ iso, edition, now }: { iso: string; edition: Edition; now: Date }) {
  const date = new Date(iso);
  return (
    <time datetime={isoInZone(date, edition.timeZone)} dir="auto">
      {formatRelativeTime(date, now, edition)}
    </time>
  );
}
