import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout } from '../accounts/views.js';
import type { FieldDiff } from '../articles/revisions.js';
import { formatDateTime } from '../i18n/dates.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { CsrfField, type FieldErrors, Notice, PostForm, Select, TextField } from '../ui/forms.js';
import { StoredHtml } from '../ui/StoredHtml.js';
import type { ShownAlert } from './alerts.js';
import { wireItemHref } from './desk.js';
import { FEED_FORMATS, FEED_MODES, type Feed } from './feeds.js';
import type { WireItemDetail, WireItemSummary } from './store.js';

interface PageBase {
  language: string;
  user: SignedInUser;
  csrf: string;
}

export interface Choice {
  value: string;
  label: string;
}

const when = (iso: string | null, language: string) =>
  iso
    ? formatDateTime(new Date(iso), { language, dateStyle: 'gregorian', digits: 'latn', timeZone: 'UTC' })
    : '';

/**
 * A desk time. Its words are in the desk's language ("30 نوفمبر 2026، 10:15"), so it is isolated with
 * dir=auto, never forced left to right (dir=ltr lays Arabic words out backwards).
 */
function When({ iso, language }: { iso: string | null; language: string }) {
  if (!iso) return null;
  return (
    <time datetime={iso} dir="auto">
      {when(iso, language)}
    </time>
  );
}

function statusLabel(t: Messages, status: WireItemSummary['pubStatus']): string | undefined {
  if (status === 'canceled') return t.wireStatusCanceled;
  if (status === 'withheld') return t.wireStatusWithheld;
  return undefined;
}

// ---------------------------------------------------------------- the desk

export interface DeskFilters {
  agency: string;
  edition: string;
  q: string;
}

export function WireDeskPage(
  props: PageBase & {
    items: WireItemSummary[];
    alerts: ShownAlert[];
    failures: { id: string; origin: string; error: string; receivedAt: string }[];
    failingFeeds: number;
    agencies: Choice[];
    editions: Choice[];
    filters: DeskFilters;
    nextHref: string | undefined;
    notice?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.wireDeskTitle}>
      <Notice text={props.notice} kind="info" />
      <WireAlerts language={props.language} csrf={props.csrf} alerts={props.alerts} />
      {props.failingFeeds > 0 && (
        <p class="admin-notice admin-notice-error" role="alert">
          {format(t.wireFailingFeeds, { count: String(props.failingFeeds) })}{' '}
          <a href="/admin/feeds">{t.wireFeedsTitle}</a>
        </p>
      )}
      <p>
        <a href="/admin/feeds">{t.wireFeedsTitle}</a>
      </p>
      <form method="get" action="/admin/wire" class="desk-search" aria-label={t.wireFilter}>
        <p class="admin-field">
          <label for="q">{t.wireKeyword}</label>
          <input id="q" name="q" type="search" value={props.filters.q} dir="auto" />
        </p>
        <Select
          name="agency"
          label={t.wireAgency}
          choices={props.agencies}
          value={props.filters.agency}
          empty={t.wireAny}
        />
        <Select
          name="edition"
          label={t.wireEdition}
          choices={props.editions}
          value={props.filters.edition}
          empty={t.wireAny}
        />
        <p>
          <button type="submit" class="button">
            {t.wireFilter}
          </button>
        </p>
      </form>
      {props.items.length === 0 ? (
        <p>{t.wireNoItems}</p>
      ) : (
        <table class="admin-table wire-items">
          <thead>
            <tr>
              <th scope="col">{t.wireReceived}</th>
              <th scope="col">{t.wireAgency}</th>
              <th scope="col">{t.wireHeadline}</th>
              <th scope="col">{t.wireEdition}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => (
              <tr>
                <td>
                  <When iso={item.updatedAt} language={props.language} />
                </td>
                <td>{item.agencyName ?? ''}</td>
                <td>
                  <a href={wireItemHref(item.id)} dir="auto">
                    {item.headline}
                  </a>
                  <WireBadges t={t} item={item} />
                  {item.standfirst && (
                    <span class="desk-help" dir="auto">
                      {item.standfirst}
                    </span>
                  )}
                </td>
                <td>{item.editionCode ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.nextHref && (
        <p>
          <a href={props.nextHref}>{t.wireOlder}</a>
        </p>
      )}
      {props.failures.length > 0 && (
        <details class="wire-failures">
          <summary>{format(t.wireFailuresTitle, { count: String(props.failures.length) })}</summary>
          <ul>
            {props.failures.map((f) => (
              <li>
                <When iso={f.receivedAt} language={props.language} /> · <span dir="ltr">{f.origin}</span>:{' '}
                <span dir="ltr">{f.error}</span> ·{' '}
                <a href={`/admin/wire/payloads/${f.id}`}>{t.wirePayload}</a>
              </li>
            ))}
          </ul>
        </details>
      )}
    </AdminLayout>
  );
}

function WireBadges({ t, item }: { t: Messages; item: WireItemSummary }) {
  const status = statusLabel(t, item.pubStatus);
  return (
    <>
      {status && <strong class="wire-badge wire-badge-kill"> {status}</strong>}
      {item.outdatedTakes > 0 && (
        <strong class="wire-badge wire-badge-update"> {t.wireUpdateAvailable}</strong>
      )}
      {item.takes > 0 && item.outdatedTakes === 0 && <span class="wire-badge"> {t.wireTaken}</span>}
    </>
  );
}

/** Kill and withhold alerts: on the wire desk, and for the dashboard to show. */
export function WireAlerts(props: { language: string; csrf: string; alerts: ShownAlert[] }) {
  const t = messagesFor(props.language);
  if (props.alerts.length === 0) return null;
  return (
    <section class="wire-alerts" aria-label={t.wireAlertsTitle}>
      <h2>{t.wireAlertsTitle}</h2>
      <ul>
        {props.alerts.map((alert) => (
          <li class="admin-notice admin-notice-error" role="alert">
            <strong>{alert.kind === 'canceled' ? t.wireAlertKilled : t.wireAlertWithheld}</strong>{' '}
            <a href={wireItemHref(alert.itemId)} dir="auto">
              {alert.headline}
            </a>{' '}
            {format(t.wireAlertCounts, {
              unpublished: String(alert.unpublished),
              taken: String(alert.taken),
            })}{' '}
            <When iso={alert.createdAt} language={props.language} />
            {alert.canDismiss && (
              <form method="post" action={`/admin/wire/alerts/${alert.id}/dismiss`} class="admin-inline-form">
                <CsrfField token={props.csrf} />
                <button type="submit" class="button">
                  {t.wireDismiss}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

// ---------------------------------------------------------------- one item

export function WireItemPage(
  props: PageBase & {
    item: WireItemDetail;
    /** Editions the user may take the item into. */
    takeEditions: Choice[];
    /** Per outdated take: the draft and what changed since it was taken. */
    updates: { articleId: string; headline: string; diff: FieldDiff[] }[];
    error?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  const { item } = props;
  const status = statusLabel(t, item.pubStatus);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={item.headline}>
      <p>
        <a href="/admin/wire">{t.wireBackToDesk}</a>
      </p>
      <Notice text={props.error} kind="error" />
      {status && (
        <p class="admin-notice admin-notice-error" role="alert">
          {status}
        </p>
      )}
      <dl class="admin-facts">
        <dt>{t.wireAgency}</dt>
        <dd>{item.agency?.name ?? item.byline}</dd>
        <dt>{t.wireUri}</dt>
        <dd dir="ltr">{item.uri}</dd>
        <dt>{t.wireVersion}</dt>
        <dd dir="ltr">{item.version === null ? '—' : String(item.version)}</dd>
        <dt>{t.wireReceived}</dt>
        <dd>
          <When iso={item.receivedAt} language={props.language} />
        </dd>
        <dt>{t.wireUpdated}</dt>
        <dd>
          <When iso={item.updatedAt} language={props.language} />
        </dd>
        {item.copyright && (
          <>
            <dt>{t.wireCopyright}</dt>
            <dd dir="auto">{item.copyright}</dd>
          </>
        )}
        {item.link && (
          <>
            <dt>{t.wireLink}</dt>
            <dd dir="ltr">
              {/* Only http(s) is a link: a `javascript:` or `data:` one from an agency stays text. */}
              {/^https?:\/\//i.test(item.link) ? (
                <a href={item.link} rel="noopener noreferrer nofollow">
                  {item.link}
                </a>
              ) : (
                item.link
              )}
            </dd>
          </>
        )}
      </dl>
      {props.updates.map((update) => (
        <section class="wire-update">
          <h2>{t.wireUpdateAvailable}</h2>
          <p>
            {t.wireUpdateFor} <a href={`/admin/articles/${update.articleId}`}>{update.headline}</a>
          </p>
          <DiffList t={t} diff={update.diff} />
        </section>
      ))}
      {props.takeEditions.length > 0 && item.pubStatus === 'usable' && (
        <PostForm action={`/admin/wire/${item.id}/take`} csrf={props.csrf} submit={t.wireTake}>
          <Select
            name="edition"
            label={t.wireTakeInto}
            choices={props.takeEditions}
            value={item.editionCode ?? props.takeEditions[0]?.value ?? ''}
          />
        </PostForm>
      )}
      {item.takes.length > 0 && (
        <>
          <h2>{t.wireTakes}</h2>
          <ul>
            {item.takes.map((take) => (
              <li>
                <a href={`/admin/articles/${take.articleId}`} dir="auto">
                  {take.headline}
                </a>{' '}
                (<bdi>{take.editionCode}</bdi>, <When iso={take.takenAt} language={props.language} />)
                {take.versionId !== item.currentVersionId && <strong> {t.wireUpdateAvailable}</strong>}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t.wirePreview}</h2>
      <article class="wire-preview" dir="auto">
        {item.standfirst && <p class="standfirst">{item.standfirst}</p>}
        <StoredHtml html={item.bodyHtml} class="body" />
      </article>
      <h2>{t.wireVersions}</h2>
      <ul>
        {item.versions.map((v) => (
          <li>
            <When iso={v.receivedAt} language={props.language} />{' '}
            {v.version === null ? '' : format(t.wireVersionN, { version: String(v.version) })}{' '}
            {v.id === item.currentVersionId && <strong>{t.wireCurrent}</strong>}{' '}
            <a href={`/admin/wire/payloads/${v.id}`}>{t.wirePayload}</a>
            {v.error && <span dir="ltr"> {v.error}</span>}
          </li>
        ))}
      </ul>
    </AdminLayout>
  );
}

function DiffList({ t, diff }: { t: Messages; diff: FieldDiff[] }) {
  if (diff.length === 0) return <p>{t.wireNoTextChanges}</p>;
  return (
    <dl class="wire-diff">
      {diff.map((field) => (
        <>
          <dt>{fieldName(t, field.field)}</dt>
          <dd dir="auto">
            {field.parts.map((part) =>
              part.added ? <ins>{part.value}</ins> : part.removed ? <del>{part.value}</del> : part.value,
            )}
          </dd>
        </>
      ))}
    </dl>
  );
}

function fieldName(t: Messages, field: string): string {
  if (field === 'headline') return t.wireHeadline;
  if (field === 'standfirst') return t.wireStandfirst;
  return t.wireBody;
}

/** A stored payload, shown as text exactly as the agency sent it. */
export function WirePayloadPage(
  props: PageBase & { payload: { id: string; itemId: string | null; payload: string; error: string | null } },
) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.wirePayload}>
      <p>
        <a href={props.payload.itemId ? wireItemHref(props.payload.itemId) : '/admin/wire'}>
          {t.wireBackToDesk}
        </a>
      </p>
      {props.payload.error && (
        <p class="admin-notice admin-notice-error" dir="ltr">
          {props.payload.error}
        </p>
      )}
      <pre class="admin-mail" dir="ltr">
        {props.payload.payload}
      </pre>
    </AdminLayout>
  );
}

// ---------------------------------------------------------------- feeds

export function FeedsPage(
  props: PageBase & {
    feeds: (Feed & { editionName: string; agencyName: string; canManage: boolean })[];
    notice?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.wireFeedsTitle}>
      <Notice text={props.notice} kind="info" />
      <p>
        <a class="button" href="/admin/feeds/new">
          {t.wireFeedAdd}
        </a>{' '}
        <a href="/admin/wire">{t.wireDeskTitle}</a>
      </p>
      {props.feeds.length === 0 ? (
        <p>{t.wireNoFeeds}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.wireFeedName}</th>
              <th scope="col">{t.wireEdition}</th>
              <th scope="col">{t.wireFeedMode}</th>
              <th scope="col">{t.wireFeedLastPoll}</th>
              <th scope="col">{t.wireFeedNextPoll}</th>
            </tr>
          </thead>
          <tbody>
            {props.feeds.map((feed) => (
              <tr>
                <td>
                  {feed.canManage ? <a href={`/admin/feeds/${feed.id}`}>{feed.name}</a> : feed.name}
                  <span class="desk-help" dir="ltr">
                    {feed.source}
                  </span>
                </td>
                <td>{feed.editionName}</td>
                <td>{feed.mode === 'publish' ? t.wireModePublish : t.wireModeQueue}</td>
                <td>
                  {feed.lastError ? (
                    <span class="admin-error">
                      {format(t.wireFeedFailing, { count: String(feed.failures) })}{' '}
                      <span dir="ltr">{feed.lastError}</span>
                    </span>
                  ) : feed.lastSuccessAt ? (
                    <When iso={feed.lastSuccessAt} language={props.language} />
                  ) : (
                    t.wireFeedNotPolled
                  )}
                </td>
                <td>
                  <When iso={feed.nextPollAt} language={props.language} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

export interface FeedForm {
  name: string;
  source: string;
  format: string;
  agencyId: string;
  editionCode: string;
  sectionId: string;
  mode: string;
  pollMinutes: string;
}

export function FeedFormPage(
  props: PageBase & {
    feedId: string | undefined;
    form: FeedForm;
    errors: FieldErrors;
    agencies: Choice[];
    editions: Choice[];
    sections: Choice[];
  },
) {
  const t = messagesFor(props.language);
  const { form, errors } = props;
  const title = props.feedId ? t.wireFeedEdit : t.wireFeedAdd;
  const formats: Choice[] = FEED_FORMATS.map((f) => ({ value: f, label: formatName(t, f) }));
  const modes: Choice[] = FEED_MODES.map((m) => ({
    value: m,
    label: m === 'publish' ? t.wireModePublish : t.wireModeQueue,
  }));
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={title}>
      <p>
        <a href="/admin/feeds">{t.wireFeedsTitle}</a>
      </p>
      <Notice text={Object.keys(errors).length > 0 ? t.adminFormHasErrors : undefined} kind="error" />
      <PostForm
        action={props.feedId ? `/admin/feeds/${props.feedId}` : '/admin/feeds'}
        csrf={props.csrf}
        submit={t.wireSave}
      >
        <TextField name="name" label={t.wireFeedName} value={form.name} errors={errors} />
        <TextField
          name="source"
          label={t.wireFeedSource}
          hint={t.wireFeedSourceHelp}
          value={form.source}
          errors={errors}
          dir="ltr"
        />
        <Select
          name="format"
          label={t.wireFeedFormat}
          choices={formats}
          value={form.format}
          errors={errors}
        />
        <Select
          name="agencyId"
          label={t.wireAgency}
          choices={props.agencies}
          value={form.agencyId}
          empty={t.wireNone}
          errors={errors}
        />
        <p class="admin-agencies-add">
          <a href="/admin/agencies/new">{t.agenciesAdd}</a>
        </p>
        <Select
          name="editionCode"
          label={t.wireEdition}
          choices={props.editions}
          value={form.editionCode}
          errors={errors}
        />
        <Select
          name="sectionId"
          label={t.wireSection}
          choices={props.sections}
          value={form.sectionId}
          empty={t.wireNone}
          errors={errors}
        />
        <Select name="mode" label={t.wireFeedMode} choices={modes} value={form.mode} errors={errors} />
        <TextField
          name="pollMinutes"
          label={t.wireFeedInterval}
          value={form.pollMinutes}
          errors={errors}
          dir="ltr"
          inputmode="numeric"
        />
      </PostForm>
      {props.feedId && (
        <PostForm
          action={`/admin/feeds/${props.feedId}/delete`}
          csrf={props.csrf}
          submit={t.wireFeedRemove}
        />
      )}
    </AdminLayout>
  );
}

function formatName(t: Messages, format: (typeof FEED_FORMATS)[number]): string {
  const names = {
    auto: t.wireFormatAuto,
    rss: 'RSS 2.0',
    atom: 'Atom',
    ninjs: 'IPTC ninjs',
    newsml: 'NewsML-G2',
  };
  return names[format];
}
