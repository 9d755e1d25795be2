import type { Edition } from '../editions/queries.js';
import { formatDate, formatDateTime, isoInZone } from '../i18n/dates.js';

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
