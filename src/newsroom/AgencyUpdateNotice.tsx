import type { AgencyUpdateSinceDesk } from '../articles/revisions.js';
import type { Edition } from '../editions/queries.js';
import { format, messagesFor } from '../i18n/messages.js';
import { FieldDiffList } from './history-views.js';

/**
 * "The agency sent an update": shown in the editor of an article filed from
 * the wire when the agency's newer version arrived after the desk's last
 * save, with what the agency changed. `language` is the admin page's.
 */
export function AgencyUpdateNotice(props: {
  language: string;
  update: AgencyUpdateSinceDesk | undefined;
  edition: Edition;
}) {
  const { update, edition } = props;
  if (!update) return null;
  const t = messagesFor(props.language);
  const time = `${update.at.slice(0, 16).replace('T', ' ')} UTC`;
  return (
    <section class="desk-agency-update" aria-labelledby="desk-agency-update">
      <h2 id="desk-agency-update">{t.deskAgencyUpdateTitle}</h2>
      <p class="admin-notice admin-notice-error" role="status">
        {format(t.deskAgencyUpdateText, { time, version: String(update.version) })}
      </p>
      <p class="desk-diff-legend">{t.deskRevDiffLegend}</p>
      <FieldDiffList t={t} diffs={update.diff} language={edition.language} direction={edition.direction} />
    </section>
  );
}
