/**
 * The moderation desk (/admin/comments): the queues, an article's comments,
 * the edition's rules and a reader's history. Views take plain data.
 */
import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout } from '../accounts/views.js';
import { editionLabel } from '../editions/label.js';
import type { Edition, SectionRef } from '../editions/queries.js';
import { formatDateTime } from '../i18n/dates.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import type { ReaderProfile } from '../readers/queries.js';
import { CsrfField, type FieldErrors, Notice, PostForm, Select, TextArea, TextField } from '../ui/forms.js';
import type {
  ClosedBecause,
  CommentReport,
  CommentSettings,
  CommentsState,
  ModeratedArticle,
  ModeratedComment,
  ModerationQueue,
  StoredCheck,
} from './queries.js';
import type { ClosureState } from './workflow.js';

/** Reasons a moderator picks from when rejecting (with free text beside). */
export const REJECT_REASONS = ['spam', 'abuse', 'off_topic', 'personal_data', 'illegal', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const deskPath = (query: { queue?: ModerationQueue; edition?: string; page?: number } = {}) => {
  const params = new URLSearchParams();
  if (query.queue && query.queue !== 'pending') params.set('queue', query.queue);
  if (query.edition) params.set('edition', query.edition);
  if (query.page && query.page > 1) params.set('page', String(query.page));
  const search = params.toString();
  return search ? `/admin/comments?${search}` : '/admin/comments';
};
export const articleDeskPath = (articleId: string) => `/admin/comments/articles/${articleId}`;
export const readerDeskPath = (readerId: string) => `/admin/comments/readers/${readerId}`;
export const settingsPath = (edition: string) => `/admin/comments/settings?edition=${edition}`;

/** What every desk page knows. */
interface DeskBase {
  language: string;
  user: SignedInUser;
  csrf: string;
  /** The editions whose comments this user moderates. */
  editions: Edition[];
  notice?: string | undefined;
  error?: string | undefined;
}

/** What a comment card may offer: the actions, and whether it can be ticked for a bulk action. */
interface CardOptions {
  /** The page to come back to after an action. */
  back: string;
  selectable: boolean;
  /** Show the article it is on (the queues), not on the article's own page. */
  showArticle: boolean;
}

function when(iso: string | null, edition: Edition | undefined, language: string): string {
  if (!iso) return '';
  const settings = edition ?? {
    dateStyle: 'gregorian',
    digits: 'latn',
    timeZone: 'UTC',
    monthSeparator: 'space',
  };
  return formatDateTime(new Date(iso), { ...settings, language });
}

const STEP_NAMES: Record<string, (t: Messages) => string> = {
  staff: (t) => t.moderationStepStaff,
  length: (t) => t.moderationStepLength,
  closed: (t) => t.moderationStepClosed,
  reader: (t) => t.moderationStepReader,
  banned_phrases: (t) => t.moderationStepBannedPhrases,
  links: (t) => t.moderationStepLinks,
  rate: (t) => t.moderationStepRate,
  trust: (t) => t.moderationStepTrust,
  reports: (t) => t.moderationStepReports,
};
const stepName = (t: Messages, step: string) => STEP_NAMES[step]?.(t) ?? step;

const REPORT_REASON_NAMES: Record<string, (t: Messages) => string> = {
  spam: (t) => t.moderationReportSpam,
  abuse: (t) => t.moderationReportAbuse,
  hate: (t) => t.moderationReportHate,
  illegal: (t) => t.moderationReportIllegal,
  other: (t) => t.moderationReportOther,
};

export const REJECT_REASON_NAMES: Record<RejectReason, (t: Messages) => string> = {
  spam: (t) => t.moderationRejectSpam,
  abuse: (t) => t.moderationRejectAbuse,
  off_topic: (t) => t.moderationRejectOffTopic,
  personal_data: (t) => t.moderationRejectPersonalData,
  illegal: (t) => t.moderationRejectIllegal,
  other: (t) => t.moderationRejectOther,
};

const STATUS_NAMES: Record<ModeratedComment['status'], (t: Messages) => string> = {
  pending: (t) => t.moderationStatusPending,
  approved: (t) => t.moderationStatusApproved,
  rejected: (t) => t.moderationStatusRejected,
  removed: (t) => t.moderationStatusRemoved,
};

function ReaderMark({
  comment,
  edition,
  language,
  t,
}: {
  comment: ModeratedComment;
  edition: Edition | undefined;
  language: string;
  t: Messages;
}) {
  if (comment.isStaff) return <span class="comments-desk-badge">{t.moderationByStaff}</span>;
  const { reader } = comment;
  if (!reader) return null;
  const status =
    reader.status === 'banned'
      ? t.moderationReaderBanned
      : reader.status === 'suspended'
        ? format(t.moderationReaderSuspended, { date: when(reader.suspendedUntil, edition, language) })
        : '';
  return (
    <>
      {status && <span class="comments-desk-badge comments-desk-badge-warn">{status}</span>}{' '}
      <a href={readerDeskPath(reader.id)}>{t.moderationReaderHistory}</a>
    </>
  );
}

function Checks({ checks, t }: { checks: StoredCheck[]; t: Messages }) {
  if (checks.length === 0) return null;
  return (
    <details class="comments-desk-checks">
      <summary>{t.moderationSteps}</summary>
      <ol>
        {checks.map((check) => (
          <li>
            {stepName(t, check.step)}:{' '}
            {check.outcome === 'hold' ? <strong>{t.moderationOutcomeHold}</strong> : t.moderationOutcomePass}
            {check.detail && (
              <>
                {' '}
                (<bdi>{check.detail}</bdi>)
              </>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}

function Reports({
  reports,
  edition,
  language,
  t,
}: {
  reports: CommentReport[];
  edition: Edition | undefined;
  language: string;
  t: Messages;
}) {
  if (reports.length === 0) return null;
  return (
    <div class="comments-desk-reports">
      <p>{format(t.moderationReports, { count: String(reports.length) })}</p>
      <ul>
        {reports.map((report) => (
          <li>
            <strong>{REPORT_REASON_NAMES[report.reason]?.(t) ?? report.reason}</strong>
            {' · '}
            <time datetime={report.createdAt}>{when(report.createdAt, edition, language)}</time>
            {report.note && (
              <>
                {': '}
                <bdi>{report.note}</bdi>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The reject form's fields: a common reason and free text. */
function RejectFields({ t, idPrefix }: { t: Messages; idPrefix: string }) {
  return (
    <>
      <Select
        name="reason"
        id={`${idPrefix}-reason`}
        label={t.moderationRejectReason}
        choices={REJECT_REASONS.map((r) => ({ value: r, label: REJECT_REASON_NAMES[r](t) }))}
        value="spam"
      />
      <TextField
        name="note"
        id={`${idPrefix}-note`}
        label={t.moderationRejectNote}
        hint={t.moderationRejectNoteHint}
        value=""
        maxlength={400}
      />
    </>
  );
}

function CommentActions({
  comment,
  edition,
  csrf,
  back,
  t,
}: {
  comment: ModeratedComment;
  edition: Edition | undefined;
  csrf: string;
  back: string;
  t: Messages;
}) {
  const base = `/admin/comments/${comment.id}`;
  if (comment.status === 'removed') return null;
  return (
    <div class="comments-desk-actions">
      {comment.status !== 'approved' && (
        <form method="post" action={`${base}/approve`} class="admin-inline-form">
          <CsrfField token={csrf} />
          <input type="hidden" name="back" value={back} />
          <button type="submit" class="button">
            {t.moderationApprove}
          </button>
        </form>
      )}
      {comment.status !== 'rejected' && (
        <details>
          <summary>{t.moderationReject}</summary>
          <PostForm action={`${base}/reject`} csrf={csrf} submit={t.moderationReject}>
            <input type="hidden" name="back" value={back} />
            <RejectFields t={t} idPrefix={`reject-${comment.id}`} />
          </PostForm>
        </details>
      )}
      {comment.status === 'approved' && (
        <details>
          <summary>{t.moderationReply}</summary>
          <PostForm action={`${base}/reply`} csrf={csrf} submit={t.moderationReplySubmit}>
            <input type="hidden" name="back" value={back} />
            <TextArea
              name="body"
              id={`reply-${comment.id}`}
              label={format(t.moderationReplyText, { name: edition?.name ?? '' })}
              value=""
              rows={3}
              maxlength={10_000}
              required
            />
          </PostForm>
        </details>
      )}
    </div>
  );
}

function CommentCard({
  comment,
  editions,
  language,
  csrf,
  options,
  t,
}: {
  comment: ModeratedComment;
  editions: Edition[];
  language: string;
  csrf: string;
  options: CardOptions;
  t: Messages;
}) {
  const edition = editions.find((e) => e.code === comment.editionCode);
  return (
    <article class={`comments-desk-item comments-desk-${comment.status}`} id={`c-${comment.id}`}>
      <p class="comments-desk-meta">
        {options.selectable && (
          <input
            type="checkbox"
            name="ids"
            value={comment.id}
            form="comments-bulk"
            aria-label={format(t.moderationSelect, { name: comment.authorName })}
          />
        )}{' '}
        <strong dir="auto">{comment.authorName || t.moderationDeleted}</strong>{' '}
        <ReaderMark comment={comment} edition={edition} language={language} t={t} />
        {' · '}
        <time datetime={comment.createdAt}>{when(comment.createdAt, edition, language)}</time>
        {' · '}
        <span class="comments-desk-status">{STATUS_NAMES[comment.status](t)}</span>
        {comment.parentId && (
          <>
            {' · '}
            {t.moderationIsReply}
          </>
        )}
      </p>
      {options.showArticle && (
        <p class="comments-desk-on">
          {t.moderationOn}{' '}
          {comment.article.url ? (
            <a href={comment.article.url} dir="auto">
              {comment.article.headline}
            </a>
          ) : (
            <bdi>{comment.article.headline}</bdi>
          )}
          {' · '}
          <a href={articleDeskPath(comment.articleId)}>{t.moderationArticleModeration}</a>
        </p>
      )}
      <p class="comments-desk-body" dir="auto">
        {comment.body}
      </p>
      {comment.status === 'pending' && comment.heldFor && (
        <p class="comments-desk-held">
          {format(t.moderationHeldFor, { step: stepName(t, comment.heldFor) })}
          {(() => {
            const detail = comment.checks.find(
              (c) => c.step === comment.heldFor && c.outcome === 'hold',
            )?.detail;
            return detail ? (
              <>
                {': '}
                <bdi>{detail}</bdi>
              </>
            ) : null;
          })()}
        </p>
      )}
      {comment.decisionReason && (
        <p class="comments-desk-reason">
          {t.moderationDecisionReason} <bdi>{comment.decisionReason}</bdi>
          {comment.decidedAt && (
            <>
              {' · '}
              <time datetime={comment.decidedAt}>{when(comment.decidedAt, edition, language)}</time>
            </>
          )}
        </p>
      )}
      <Reports reports={comment.reports} edition={edition} language={language} t={t} />
      <Checks checks={comment.checks} t={t} />
      <CommentActions comment={comment} edition={edition} csrf={csrf} back={options.back} t={t} />
    </article>
  );
}

function CommentList(props: {
  comments: ModeratedComment[];
  editions: Edition[];
  language: string;
  csrf: string;
  options: CardOptions;
  t: Messages;
}) {
  return (
    <div class="comments-desk-list">
      {props.comments.map((comment) => (
        <CommentCard
          comment={comment}
          editions={props.editions}
          language={props.language}
          csrf={props.csrf}
          options={props.options}
          t={props.t}
        />
      ))}
    </div>
  );
}

function BulkForm({ csrf, back, t }: { csrf: string; back: string; t: Messages }) {
  return (
    <details class="comments-desk-bulk">
      <summary>{t.moderationBulk}</summary>
      <p class="admin-hint">{t.moderationBulkHint}</p>
      {/* The comments' tick boxes below belong to this form by its id (`form="comments-bulk"`). */}
      <form method="post" action="/admin/comments/bulk" class="admin-form" id="comments-bulk">
        <CsrfField token={csrf} />
        <input type="hidden" name="back" value={back} />
        <Select
          name="action"
          id="bulk-action"
          label={t.moderationBulkAction}
          choices={[
            { value: 'approve', label: t.moderationApprove },
            { value: 'reject', label: t.moderationReject },
          ]}
          value="approve"
        />
        <RejectFields t={t} idPrefix="bulk" />
        <p>
          <button type="submit" class="button">
            {t.moderationBulkSubmit}
          </button>
        </p>
      </form>
    </details>
  );
}

export interface QueuePageProps extends DeskBase {
  queue: ModerationQueue;
  /** '' for every edition the user moderates. */
  edition: string;
  page: number;
  hasMore: boolean;
  comments: ModeratedComment[];
  /** Editions whose rules this user may change. */
  manages: string[];
}

export function CommentsQueuePage(props: QueuePageProps) {
  const t = messagesFor(props.language);
  const queues: { queue: ModerationQueue; label: string }[] = [
    { queue: 'pending', label: t.moderationQueuePending },
    { queue: 'reported', label: t.moderationQueueReported },
    { queue: 'recent', label: t.moderationQueueRecent },
  ];
  const here = deskPath({ queue: props.queue, edition: props.edition, page: props.page });
  const selectable = props.queue !== 'recent' && props.comments.length > 0;
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.moderationDeskTitle}>
      <Notice text={props.notice} kind="info" />
      <Notice text={props.error} kind="error" />
      <p>{t.moderationDeskIntro}</p>
      <nav aria-label={t.moderationDeskQueues} class="front-desk-switch">
        {queues.map((q) => (
          <a
            href={deskPath({ queue: q.queue, edition: props.edition })}
            {...(q.queue === props.queue ? { 'aria-current': 'page' } : {})}
          >
            {q.label}
          </a>
        ))}
      </nav>
      {props.editions.length > 1 && (
        <form method="get" action="/admin/comments" class="admin-inline-form comments-desk-filter">
          <input type="hidden" name="queue" value={props.queue} />
          <label for="edition">{t.moderationDeskEdition}</label>
          <select id="edition" name="edition">
            <option value="">{t.moderationDeskAllEditions}</option>
            {props.editions.map((e) => (
              <option value={e.code} selected={e.code === props.edition}>
                {editionLabel(e)}
              </option>
            ))}
          </select>
          <button type="submit" class="button">
            {t.moderationDeskFilter}
          </button>
        </form>
      )}
      {props.manages.length > 0 && (
        <p>
          {props.editions
            .filter((e) => props.manages.includes(e.code))
            .map((e, index) => (
              <>
                {index > 0 && ' · '}
                <a href={settingsPath(e.code)}>
                  {format(t.moderationSettingsLink, { edition: editionLabel(e) })}
                </a>
              </>
            ))}
        </p>
      )}
      {props.comments.length === 0 ? (
        <p>{t.moderationDeskEmpty}</p>
      ) : (
        <>
          {selectable && <BulkForm csrf={props.csrf} back={here} t={t} />}
          <CommentList
            comments={props.comments}
            editions={props.editions}
            language={props.language}
            csrf={props.csrf}
            options={{ back: here, selectable, showArticle: true }}
            t={t}
          />
        </>
      )}
      {(props.page > 1 || props.hasMore) && (
        <nav aria-label={t.moderationDeskPages} class="front-desk-switch">
          {props.page > 1 && (
            <a
              href={deskPath({ queue: props.queue, edition: props.edition, page: props.page - 1 })}
              rel="prev"
            >
              {t.moderationDeskPrevious}
            </a>
          )}
          {props.hasMore && (
            <a
              href={deskPath({ queue: props.queue, edition: props.edition, page: props.page + 1 })}
              rel="next"
            >
              {t.moderationDeskNext}
            </a>
          )}
        </nav>
      )}
    </AdminLayout>
  );
}

const CLOSED_BECAUSE: Record<ClosedBecause, (t: Messages) => string> = {
  edition: (t) => t.moderationClosedEdition,
  article: (t) => t.moderationClosedArticle,
  section: (t) => t.moderationClosedSection,
  age: (t) => t.moderationClosedAge,
};

const closureChoices = (t: Messages) => [
  { value: 'default', label: t.moderationClosureDefault },
  { value: 'open', label: t.moderationClosureOpen },
  { value: 'closed', label: t.moderationClosureClosed },
];

export interface ArticlePageProps extends DeskBase {
  article: ModeratedArticle;
  comments: ModeratedComment[];
  state: CommentsState;
  /** The article's own choice ('default' when it has none). */
  closure: ClosureState;
  /** Whether this user may open and close (an editor of the edition). */
  manages: boolean;
  staffName: string;
  errors: FieldErrors;
  /** The staff comment as typed, after a refusal. */
  body: string;
}

export function ArticleCommentsPage(props: ArticlePageProps) {
  const t = messagesFor(props.language);
  const { article, state } = props;
  const edition = props.editions.find((e) => e.code === article.editionCode);
  const base = articleDeskPath(article.id);
  const stateText = state.open
    ? state.closesAt
      ? format(t.moderationStateOpenUntil, {
          date: when(state.closesAt.toISOString(), edition, props.language),
        })
      : t.moderationStateOpen
    : CLOSED_BECAUSE[state.because](t);
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={format(t.moderationArticleTitle, { headline: article.headline })}
    >
      <Notice text={props.notice} kind="info" />
      <Notice text={props.error} kind="error" />
      <p>
        <a href={deskPath({ edition: article.editionCode })}>{t.moderationBackToQueues}</a>
        {article.url && (
          <>
            {' · '}
            <a href={article.url}>{t.moderationArticlePublic}</a>
          </>
        )}
      </p>
      <section aria-labelledby="comments-state">
        <h2 id="comments-state">{t.moderationArticleState}</h2>
        <p>{stateText}</p>
        {props.manages && (
          <PostForm action={`${base}/closure`} csrf={props.csrf} submit={t.moderationClosureSubmit}>
            <Select
              name="state"
              label={t.moderationClosureLabel}
              hint={t.moderationClosureHint}
              choices={closureChoices(t)}
              value={props.closure}
            />
          </PostForm>
        )}
      </section>
      <section aria-labelledby="comments-thread">
        <h2 id="comments-thread">
          {format(t.moderationThreadCount, { count: String(props.comments.length) })}
        </h2>
        {props.comments.length === 0 ? (
          <p>{t.moderationDeskEmpty}</p>
        ) : (
          <CommentList
            comments={props.comments}
            editions={props.editions}
            language={props.language}
            csrf={props.csrf}
            options={{ back: base, selectable: false, showArticle: false }}
            t={t}
          />
        )}
      </section>
      <section aria-labelledby="comments-staff">
        <h2 id="comments-staff">{t.moderationStaffComment}</h2>
        <Notice text={Object.keys(props.errors).length > 0 ? t.adminFormHasErrors : undefined} kind="error" />
        <PostForm action={`${base}/comment`} csrf={props.csrf} submit={t.moderationStaffCommentSubmit}>
          <TextArea
            name="body"
            label={format(t.moderationReplyText, { name: props.staffName })}
            value={props.body}
            rows={4}
            maxlength={10_000}
            errors={props.errors}
            required
          />
        </PostForm>
      </section>
    </AdminLayout>
  );
}

/** The settings form as typed (strings), shown back after a refusal. */
export type SettingsForm = Record<keyof CommentSettings, string>;

/** The number fields of the settings form, in the order shown, with their range. */
export const SETTINGS_NUMBERS = [
  'max_length',
  'close_after_days',
  'trust_after',
  'report_threshold',
  'per_reader_per_hour',
  'per_address_per_hour',
] as const;
export type SettingsNumber = (typeof SETTINGS_NUMBERS)[number];

const SETTING_TEXT: Record<SettingsNumber, (t: Messages) => { label: string; hint: string }> = {
  max_length: (t) => ({ label: t.moderationSettingMaxLength, hint: t.moderationSettingMaxLengthHint }),
  close_after_days: (t) => ({
    label: t.moderationSettingCloseAfter,
    hint: t.moderationSettingCloseAfterHint,
  }),
  trust_after: (t) => ({ label: t.moderationSettingTrustAfter, hint: t.moderationSettingTrustAfterHint }),
  report_threshold: (t) => ({
    label: t.moderationSettingReportThreshold,
    hint: t.moderationSettingReportThresholdHint,
  }),
  per_reader_per_hour: (t) => ({
    label: t.moderationSettingPerReader,
    hint: t.moderationSettingPerReaderHint,
  }),
  per_address_per_hour: (t) => ({
    label: t.moderationSettingPerAddress,
    hint: t.moderationSettingPerAddressHint,
  }),
};

export interface SettingsPageProps extends DeskBase {
  edition: Edition;
  form: SettingsForm;
  ranges: Record<SettingsNumber, { min: number; max: number }>;
  errors: FieldErrors;
  phrases: { id: string; phrase: string }[];
  phrase: string;
  sections: (SectionRef & { state: ClosureState })[];
}

export function CommentSettingsPage(props: SettingsPageProps) {
  const t = messagesFor(props.language);
  const { edition, errors } = props;
  const base = `/admin/comments/settings/${edition.code}`;
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={format(t.moderationSettingsTitle, { edition: editionLabel(edition) })}
    >
      <Notice text={props.notice} kind="info" />
      <Notice
        text={props.error ?? (Object.keys(errors).length > 0 ? t.adminFormHasErrors : undefined)}
        kind="error"
      />
      <p>
        <a href={deskPath({ edition: edition.code })}>{t.moderationBackToQueues}</a>
      </p>
      <section aria-labelledby="comments-rules">
        <h2 id="comments-rules">{t.moderationSettingsRules}</h2>
        <p class="admin-hint">{t.moderationSettingsIntro}</p>
        <PostForm action={base} csrf={props.csrf} submit={t.moderationSettingsSubmit}>
          <Select
            name="enabled"
            label={t.moderationSettingEnabled}
            hint={t.moderationSettingEnabledHint}
            choices={[
              { value: '1', label: t.moderationSettingOn },
              { value: '0', label: t.moderationSettingOff },
            ]}
            value={props.form.enabled}
            errors={errors}
          />
          {SETTINGS_NUMBERS.map((field) => {
            const text = SETTING_TEXT[field](t);
            const range = props.ranges[field];
            return (
              <TextField
                name={field}
                label={text.label}
                hint={`${text.hint} ${format(t.moderationSettingRange, { min: String(range.min), max: String(range.max) })}`}
                value={props.form[field]}
                inputmode="numeric"
                dir="ltr"
                maxlength={6}
                errors={errors}
                required
              />
            );
          })}
        </PostForm>
      </section>
      <section aria-labelledby="comments-phrases">
        <h2 id="comments-phrases">{t.moderationPhrasesTitle}</h2>
        <p class="admin-hint">{t.moderationPhrasesHint}</p>
        {props.phrases.length === 0 ? (
          <p>{t.moderationPhrasesEmpty}</p>
        ) : (
          <ul class="front-desk-list">
            {props.phrases.map((p) => (
              <li class="front-desk-pin">
                <bdi>{p.phrase}</bdi>{' '}
                <form method="post" action={`${base}/phrases/${p.id}/remove`} class="admin-inline-form">
                  <CsrfField token={props.csrf} />
                  <button
                    type="submit"
                    class="button"
                    aria-label={format(t.moderationPhraseRemoveNamed, { phrase: p.phrase })}
                  >
                    {t.moderationPhraseRemove}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <PostForm action={`${base}/phrases`} csrf={props.csrf} submit={t.moderationPhraseAdd}>
          <TextField
            name="phrase"
            label={t.moderationPhraseLabel}
            value={props.phrase}
            maxlength={200}
            errors={errors}
            required
          />
        </PostForm>
      </section>
      {props.sections.length > 0 && (
        <section aria-labelledby="comments-sections">
          <h2 id="comments-sections">{t.moderationSectionsTitle}</h2>
          <p class="admin-hint">{t.moderationSectionsHint}</p>
          <PostForm action={`${base}/sections`} csrf={props.csrf} submit={t.moderationSectionsSubmit}>
            {props.sections.map((s) => (
              <Select
                name={`section-${s.id}`}
                label={s.name}
                choices={[
                  { value: 'default', label: t.moderationSectionDefault },
                  { value: 'open', label: t.moderationClosureOpen },
                  { value: 'closed', label: t.moderationClosureClosed },
                ]}
                value={s.state}
              />
            ))}
          </PostForm>
        </section>
      )}
    </AdminLayout>
  );
}

/** Suspensions the desk offers, in days. */
export const SUSPENSION_DAYS = ['1', '7', '30'] as const;
const DAYS_NAMES: Record<(typeof SUSPENSION_DAYS)[number], (t: Messages) => string> = {
  '1': (t) => t.moderationReaderOneDay,
  '7': (t) => t.moderationReaderSevenDays,
  '30': (t) => t.moderationReaderThirtyDays,
};

export interface ReaderPageProps extends DeskBase {
  reader: ReaderProfile;
  comments: ModeratedComment[];
  reports: CommentReport[];
  /** The edition whose date style the page uses (the reader's, or the first moderated). */
  edition: Edition | undefined;
  errors: FieldErrors;
}

export function ReaderHistoryPage(props: ReaderPageProps) {
  const t = messagesFor(props.language);
  const { reader, edition, errors } = props;
  const base = readerDeskPath(reader.id);
  const name = reader.displayName ?? t.moderationReaderNoName;
  const status =
    reader.status === 'banned'
      ? t.moderationReaderBanned
      : reader.status === 'suspended'
        ? format(t.moderationReaderSuspended, { date: when(reader.suspendedUntil, edition, props.language) })
        : t.moderationReaderActive;
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={format(t.moderationReaderTitle, { name })}
    >
      <Notice text={props.notice} kind="info" />
      <Notice
        text={props.error ?? (Object.keys(errors).length > 0 ? t.adminFormHasErrors : undefined)}
        kind="error"
      />
      <p>
        <a href={deskPath()}>{t.moderationBackToQueues}</a>
      </p>
      <dl class="admin-facts">
        <dt>{t.moderationReaderName}</dt>
        <dd dir="auto">{name}</dd>
        <dt>{t.moderationReaderSince}</dt>
        <dd>
          <time datetime={reader.createdAt}>{when(reader.createdAt, edition, props.language)}</time>
        </dd>
        <dt>{t.moderationReaderStatus}</dt>
        <dd>{status}</dd>
        {reader.statusReason && (
          <>
            <dt>{t.moderationDecisionReason}</dt>
            <dd dir="auto">{reader.statusReason}</dd>
          </>
        )}
      </dl>
      <section aria-labelledby="reader-actions">
        <h2 id="reader-actions">{t.moderationReaderActions}</h2>
        <div class="comments-desk-actions">
          <details open={Boolean(errors.suspendReason)}>
            <summary>{t.moderationReaderSuspend}</summary>
            <PostForm action={`${base}/suspend`} csrf={props.csrf} submit={t.moderationReaderSuspend}>
              <Select
                name="days"
                label={t.moderationReaderSuspendFor}
                choices={SUSPENSION_DAYS.map((d) => ({ value: d, label: DAYS_NAMES[d](t) }))}
                value="7"
              />
              <TextField
                name="reason"
                id="suspendReason"
                label={t.moderationReaderReason}
                hint={t.moderationReaderReasonHint}
                value=""
                maxlength={500}
                errors={errors}
              />
            </PostForm>
          </details>
          {reader.status !== 'banned' && (
            <details open={Boolean(errors.banReason)}>
              <summary>{t.moderationReaderBan}</summary>
              <PostForm action={`${base}/ban`} csrf={props.csrf} submit={t.moderationReaderBan}>
                <p class="admin-hint">{t.moderationReaderBanHint}</p>
                <TextField
                  name="reason"
                  id="banReason"
                  label={t.moderationReaderReason}
                  hint={t.moderationReaderReasonHint}
                  value=""
                  maxlength={500}
                  errors={errors}
                />
              </PostForm>
            </details>
          )}
          {reader.status !== 'active' && (
            <form method="post" action={`${base}/reinstate`} class="admin-inline-form">
              <CsrfField token={props.csrf} />
              <button type="submit" class="button">
                {t.moderationReaderReinstate}
              </button>
            </form>
          )}
        </div>
      </section>
      <section aria-labelledby="reader-comments">
        <h2 id="reader-comments">
          {format(t.moderationReaderComments, { count: String(props.comments.length) })}
        </h2>
        {props.comments.length === 0 ? (
          <p>{t.moderationDeskEmpty}</p>
        ) : (
          <CommentList
            comments={props.comments}
            editions={props.editions}
            language={props.language}
            csrf={props.csrf}
            options={{ back: base, selectable: false, showArticle: true }}
            t={t}
          />
        )}
      </section>
      <section aria-labelledby="reader-reports">
        <h2 id="reader-reports">
          {format(t.moderationReaderReports, { count: String(props.reports.length) })}
        </h2>
        {props.reports.length === 0 ? (
          <p>{t.moderationDeskEmpty}</p>
        ) : (
          <ul>
            {props.reports.map((report) => (
              <li>
                <strong>{REPORT_REASON_NAMES[report.reason]?.(t) ?? report.reason}</strong>
                {' · '}
                <time datetime={report.createdAt}>{when(report.createdAt, edition, props.language)}</time>
                {' · '}
                <a href={`#c-${report.commentId}`}>{t.moderationReaderReportedComment}</a>
                {report.note && (
                  <>
                    {': '}
                    <bdi>{report.note}</bdi>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </AdminLayout>
  );
}
