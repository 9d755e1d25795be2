import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout } from '../accounts/views.js';
import type { IssueStatus, SubscriptionStatus } from '../db/schema.js';
import { editionLabel } from '../editions/label.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { CsrfField, type FieldErrors, Notice, PostForm, Select, TextArea, TextField } from '../ui/forms.js';
import type { ImportProblem } from './csv.js';
import type { DeliveryStats, EmailArticle } from './queries.js';

interface AdminBase {
  language: string;
  user: SignedInUser;
  csrf: string;
}

export type FormErrors = FieldErrors;

export const adminNewslettersPath = '/admin/newsletters';
export const newsletterAdminPath = (id: string) => `${adminNewslettersPath}/${id}`;
export const issueAdminPath = (id: string) => `${adminNewslettersPath}/issues/${id}`;

const statusName = (t: Messages, s: SubscriptionStatus) =>
  s === 'active'
    ? t.newsletterAdminActive
    : s === 'pending'
      ? t.newsletterAdminPending
      : t.newsletterAdminUnsubscribed;

export const issueStatusName = (t: Messages, s: IssueStatus) =>
  ({
    draft: t.newsletterAdminStatusDraft,
    scheduled: t.newsletterAdminStatusScheduled,
    sending: t.newsletterAdminStatusSending,
    sent: t.newsletterAdminStatusSent,
  })[s];

export interface NewsletterSummary {
  id: string;
  name: string;
  editionName: string;
  schedule: 'manual' | 'daily';
  sendTime: string | null;
  activeCount: number;
}

export function NewsletterListPage(props: AdminBase & { newsletters: NewsletterSummary[] }) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.newsletterAdminTitle}>
      <p>
        <a class="button" href={`${adminNewslettersPath}/new`}>
          {t.newsletterAdminNew}
        </a>
      </p>
      {props.newsletters.length === 0 ? (
        <p>{t.newsletterAdminNone}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.newsletterAdminName}</th>
              <th scope="col">{t.newsletterAdminEdition}</th>
              <th scope="col">{t.newsletterAdminSchedule}</th>
              <th scope="col">{t.newsletterAdminActive}</th>
            </tr>
          </thead>
          <tbody>
            {props.newsletters.map((n) => (
              <tr>
                <td>
                  <a href={newsletterAdminPath(n.id)}>{n.name}</a>
                </td>
                <td>{n.editionName}</td>
                <td>
                  {n.schedule === 'daily'
                    ? `${t.newsletterAdminScheduleDaily} ${n.sendTime ?? ''}`
                    : t.newsletterAdminScheduleManual}
                </td>
                <td>{String(n.activeCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

export interface NewsletterFormValues {
  editionCode: string;
  name: string;
  description: string;
  language: string;
  sender: string;
  schedule: string;
  sendTime: string;
}

export interface IssueSummary {
  id: string;
  subject: string;
  status: IssueStatus;
  when: string;
}

export function NewsletterFormPage(
  props: AdminBase & {
    id?: string | undefined;
    values: NewsletterFormValues;
    editions: { code: string; name: string; language: string }[];
    errors: FormErrors;
    notice?: string | undefined;
    issues?: IssueSummary[];
    counts?: Record<SubscriptionStatus, number>;
  },
) {
  const t = messagesFor(props.language);
  const { values, errors } = props;
  const editing = props.id !== undefined;
  const action = editing ? newsletterAdminPath(props.id ?? '') : `${adminNewslettersPath}/new`;
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={editing ? `${t.newsletterAdminEdit}: ${values.name}` : t.newsletterAdminNew}
    >
      <p>
        <a href={adminNewslettersPath}>{t.newsletterAdminTitle}</a>
      </p>
      <Notice text={props.notice} kind="info" />
      <Notice
        text={Object.keys(errors).length > 0 ? t.newsletterAdminFormHasErrors : undefined}
        kind="error"
      />
      {editing && props.counts && (
        <p>
          <a href={`${action}/subscribers`}>{t.newsletterAdminSubscribers}</a>: {t.newsletterAdminActive}{' '}
          {String(props.counts.active)} · {t.newsletterAdminPending} {String(props.counts.pending)} ·{' '}
          {t.newsletterAdminUnsubscribed} {String(props.counts.unsubscribed)}
        </p>
      )}
      <PostForm
        action={action}
        csrf={props.csrf}
        submit={editing ? t.newsletterAdminSave : t.newsletterAdminCreate}
      >
        {!editing && (
          <Select
            name="editionCode"
            label={t.newsletterAdminEdition}
            value={values.editionCode}
            errors={errors}
            choices={props.editions.map((e) => ({ value: e.code, label: editionLabel(e) }))}
          />
        )}
        <TextField name="name" label={t.newsletterAdminName} value={values.name} errors={errors} required />
        <TextArea
          name="description"
          label={t.newsletterAdminDescription}
          value={values.description}
          errors={errors}
          rows={3}
        />
        <TextField
          name="language"
          label={t.newsletterAdminLanguage}
          value={values.language}
          errors={errors}
          dir="ltr"
          required
        />
        <TextField
          name="sender"
          label={t.newsletterAdminSender}
          value={values.sender}
          errors={errors}
          dir="ltr"
          required
        />
        <Select
          name="schedule"
          label={t.newsletterAdminSchedule}
          value={values.schedule === 'daily' ? 'daily' : 'manual'}
          errors={errors}
          choices={[
            { value: 'manual', label: t.newsletterAdminScheduleManual },
            { value: 'daily', label: t.newsletterAdminScheduleDaily },
          ]}
        />
        <TextField
          name="sendTime"
          label={t.newsletterAdminSendTime}
          value={values.sendTime}
          errors={errors}
          type="time"
          dir="ltr"
        />
      </PostForm>
      {editing && props.issues && (
        <section aria-labelledby="issues">
          <h2 id="issues">{t.newsletterAdminIssues}</h2>
          <form method="post" action={`${action}/issues`} class="admin-form">
            <CsrfField token={props.csrf} />
            <button type="submit" class="button">
              {t.newsletterAdminNewIssue}
            </button>
          </form>
          {props.issues.length === 0 ? (
            <p>{t.newsletterAdminNoIssues}</p>
          ) : (
            <table class="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t.newsletterAdminSubject}</th>
                  <th scope="col">{t.newsletterAdminStatus}</th>
                  <th scope="col">{t.newsletterAdminSince}</th>
                </tr>
              </thead>
              <tbody>
                {props.issues.map((i) => (
                  <tr>
                    <td>
                      <a href={issueAdminPath(i.id)} dir="auto">
                        {i.subject}
                      </a>
                    </td>
                    <td>{issueStatusName(t, i.status)}</td>
                    <td dir="ltr">{i.when}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </AdminLayout>
  );
}

export function SubscribersPage(
  props: AdminBase & {
    newsletter: { id: string; name: string };
    rows: { email: string; status: SubscriptionStatus; updated_at: string }[];
    counts: Record<SubscriptionStatus, number>;
    limit: number;
    imported?: number | undefined;
    problems?: string[] | undefined;
    importError?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  const path = newsletterAdminPath(props.newsletter.id);
  const total = props.counts.active + props.counts.pending + props.counts.unsubscribed;
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={`${t.newsletterAdminSubscribers}: ${props.newsletter.name}`}
    >
      <p>
        <a href={path}>{t.newsletterAdminBack}</a> ·{' '}
        <a href={`${path}/subscribers.csv`}>{t.newsletterAdminExport}</a>
      </p>
      {props.imported !== undefined && (
        <Notice text={format(t.newsletterAdminImported, { count: String(props.imported) })} kind="info" />
      )}
      <Notice text={props.importError} kind="error" />
      {props.problems && props.problems.length > 0 && (
        <div class="admin-notice admin-notice-error" role="alert">
          <p>{t.newsletterAdminImportErrors}</p>
          <ul>
            {props.problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <p>
        {t.newsletterAdminActive} {String(props.counts.active)} · {t.newsletterAdminPending}{' '}
        {String(props.counts.pending)} · {t.newsletterAdminUnsubscribed} {String(props.counts.unsubscribed)}
        {total > props.limit && (
          <> · {format(t.newsletterAdminShowingLatest, { count: String(props.limit) })}</>
        )}
      </p>
      <table class="admin-table">
        <thead>
          <tr>
            <th scope="col">{t.newsletterAdminEmail}</th>
            <th scope="col">{t.newsletterAdminStatus}</th>
            <th scope="col">{t.newsletterAdminSince}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td dir="ltr">{r.email}</td>
              <td>{statusName(t, r.status)}</td>
              <td dir="ltr">{r.updated_at.slice(0, 16).replace('T', ' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t.newsletterAdminImport}</h2>
      <p>{t.newsletterAdminImportHint}</p>
      <form
        method="post"
        action={`${path}/subscribers/import`}
        enctype="multipart/form-data"
        class="admin-form"
      >
        <CsrfField token={props.csrf} />
        <p class="admin-field">
          <label for="file">{t.newsletterAdminImportFile}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        </p>
        <p>
          <button type="submit" class="button">
            {t.newsletterAdminImport}
          </button>
        </p>
      </form>
    </AdminLayout>
  );
}

export function IssuePage(
  props: AdminBase & {
    newsletter: { id: string; name: string };
    issue: { id: string; subject: string; intro: string; status: IssueStatus; scheduledLocal: string };
    candidates: EmailArticle[];
    selected: string[];
    stats: DeliveryStats;
    failures: { email: string; last_error: string | null }[];
    errors: FormErrors;
    notice?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  const { issue, errors } = props;
  const path = issueAdminPath(issue.id);
  const editable = issue.status === 'draft' || issue.status === 'scheduled';
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={`${t.newsletterAdminIssue}: ${issue.subject}`}
    >
      <p>
        <a href={newsletterAdminPath(props.newsletter.id)}>{t.newsletterAdminBack}</a> ·{' '}
        <a href={`${path}/preview`} target="_blank" rel="noopener">
          {t.newsletterAdminPreview}
        </a>
      </p>
      <Notice text={props.notice} kind="info" />
      <Notice
        text={Object.keys(errors).length > 0 ? t.newsletterAdminFormHasErrors : undefined}
        kind="error"
      />
      <dl class="admin-facts">
        <dt>{t.newsletterAdminStatus}</dt>
        <dd>
          {issueStatusName(t, issue.status)}
          {issue.status === 'scheduled' && <span dir="ltr"> {issue.scheduledLocal}</span>}
        </dd>
        <dt>{t.newsletterAdminStats}</dt>
        <dd>
          {t.newsletterAdminQueued} {String(props.stats.queued)} · {t.newsletterAdminSending}{' '}
          {String(props.stats.sending + props.stats.handoff)} · {t.newsletterAdminSent}{' '}
          {String(props.stats.sent)} · {t.newsletterAdminFailed} {String(props.stats.failed)}
          {props.stats.uncertain > 0 && (
            <>
              {' '}
              · {t.newsletterAdminUncertain} {String(props.stats.uncertain)}
            </>
          )}
        </dd>
      </dl>
      {props.stats.uncertain > 0 && (
        <p class="admin-hint">
          {format(t.newsletterAdminUncertainHint, { count: String(props.stats.uncertain), id: issue.id })}
        </p>
      )}
      {!editable && <p>{t.newsletterAdminFrozen}</p>}
      {editable && (
        <PostForm action={path} csrf={props.csrf} submit={t.newsletterAdminSave}>
          <TextField
            name="subject"
            label={t.newsletterAdminSubject}
            value={issue.subject}
            errors={errors}
            required
          />
          <TextArea
            name="intro"
            label={t.newsletterAdminIntro}
            value={issue.intro}
            errors={errors}
            rows={4}
          />
          <fieldset class="newsletter-articles">
            <legend>{t.newsletterAdminArticles}</legend>
            {props.candidates.length === 0 && <p>{t.newsletterAdminNoArticles}</p>}
            <ul>
              {props.candidates.map((a) => (
                <li>
                  <input
                    type="checkbox"
                    name="article"
                    value={a.id}
                    id={`article-${a.id}`}
                    checked={props.selected.includes(a.id)}
                  />
                  <label for={`article-${a.id}`} dir="auto">
                    {a.headline}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        </PostForm>
      )}
      {editable && (
        <div class="newsletter-send">
          <PostForm
            action={`${path}/test`}
            csrf={props.csrf}
            submit={format(t.newsletterAdminSendTest, { email: props.user.email })}
          />
          <PostForm action={`${path}/send`} csrf={props.csrf} submit={t.newsletterAdminSendNow} />
          <PostForm action={`${path}/schedule`} csrf={props.csrf} submit={t.newsletterAdminScheduleButton}>
            <TextField
              name="at"
              label={t.newsletterAdminScheduleAt}
              value={issue.scheduledLocal}
              errors={errors}
              type="datetime-local"
              dir="ltr"
              required
            />
          </PostForm>
          {issue.status === 'scheduled' && (
            <PostForm action={`${path}/unschedule`} csrf={props.csrf} submit={t.newsletterAdminUnschedule} />
          )}
        </div>
      )}
      {props.failures.length > 0 && (
        <section aria-labelledby="failures">
          <h2 id="failures">{t.newsletterAdminFailed}</h2>
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{t.newsletterAdminEmail}</th>
                <th scope="col">{t.newsletterAdminReason}</th>
              </tr>
            </thead>
            <tbody>
              {props.failures.map((f) => (
                <tr>
                  <td dir="ltr">{f.email}</td>
                  <td dir="ltr">{f.last_error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </AdminLayout>
  );
}

export type { ImportProblem };
