/** The system page (/admin/system): where CDN purges stand, and where media are kept. */
import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout } from '../accounts/views.js';
import { format, messagesFor } from '../i18n/messages.js';
import type { PurgeStatus } from './purger.js';

export interface SystemFacts {
  /** CDN_PURGE: varnish, fastly or cloudflare; undefined when off. */
  cdn: string | undefined;
  tagHeader: string | undefined;
  purge: PurgeStatus | undefined;
  mediaStore: string;
  mediaOrigin: string | undefined;
}

export function SystemPage(props: {
  language: string;
  user: SignedInUser;
  csrf: string;
  facts: SystemFacts;
}) {
  const t = messagesFor(props.language);
  const { cdn, purge } = props.facts;
  const time = (iso: string | null) =>
    iso ? <time datetime={iso}>{iso.replace('T', ' ').slice(0, 19)} UTC</time> : '—';
  const failing = purge && (purge.attempts > 0 || purge.urgentError);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.systemTitle}>
      <h2>{t.systemCdnHeading}</h2>
      {!cdn && <p>{t.systemCdnOff}</p>}
      {cdn && !purge && <p>{format(t.systemCdnNotRunYet, { cdn })}</p>}
      {cdn && purge && (
        <>
          {failing && (
            <p class="admin-notice admin-notice-error" role="alert">
              {format(t.systemCdnFailing, { error: purge.urgentError ?? purge.lastError ?? '' })}
            </p>
          )}
          <dl class="admin-facts" id="cdn-purge-status">
            <dt>{t.systemCdnKind}</dt>
            <dd>{`${cdn} (${props.facts.tagHeader ?? '—'})`}</dd>
            <dt>{t.systemCdnUrgent}</dt>
            <dd>{String(purge.urgentPending)}</dd>
            <dt>{t.systemCdnLag}</dt>
            <dd>{String(purge.lag)}</dd>
            <dt>{t.systemCdnLastPurged}</dt>
            <dd>{time(purge.lastPurgedAt)}</dd>
            <dt>{t.systemCdnRetrying}</dt>
            <dd>
              {purge.attempts > 0
                ? format(t.systemCdnRetryingAt, { attempts: String(purge.attempts) })
                : t.systemCdnNotRetrying}{' '}
              {purge.attempts > 0 && time(purge.nextAttemptAt)}
            </dd>
            <dt>{t.systemCdnFailures}</dt>
            <dd>{String(purge.failures)}</dd>
            <dt>{t.systemCdnPurgedChanges}</dt>
            <dd>{String(purge.purgedChanges)}</dd>
          </dl>
        </>
      )}
      <h2>{t.systemMediaHeading}</h2>
      <dl class="admin-facts">
        <dt>{t.systemMediaStore}</dt>
        <dd dir="ltr">{props.facts.mediaStore}</dd>
        <dt>{t.systemMediaOrigin}</dt>
        <dd dir="ltr">{props.facts.mediaOrigin ?? t.systemMediaServedHere}</dd>
      </dl>
    </AdminLayout>
  );
}
