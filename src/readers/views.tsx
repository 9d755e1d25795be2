import type { CommentStatus } from '../db/schema.js';
import { formatDateTime } from '../i18n/dates.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { type Chrome, Layout, type PageMeta } from '../ui/Layout.js';
import { readerAccountPath } from './links.js';
import { NAME_MAX_LENGTH } from './names.js';

/** A reader's own comment as their account page lists it. */
export interface OwnComment {
  id: string;
  articleUrl: string;
  articleHeadline: string;
  parentId: string | null;
  body: string;
  status: CommentStatus;
  createdAt: string;
}

/** What the account page shows of the reader. */
export interface AccountView {
  email: string;
  displayName: string;
  createdAt: string;
  notifyReplies: boolean;
  /** Barred from commenting: until when (null: for good), and the moderator's reason. */
  barred: { until: string | null; reason: string | null } | undefined;
}

interface PageBase {
  chrome: Chrome;
  meta: PageMeta;
}

const when = (chrome: Chrome, iso: string) =>
  formatDateTime(new Date(iso), {
    language: chrome.edition.language,
    dateStyle: chrome.edition.dateStyle,
    digits: chrome.edition.digits,
    timeZone: chrome.edition.timeZone,
    monthSeparator: chrome.edition.monthSeparator,
  });

const statusWords = (t: Messages, status: CommentStatus) =>
  ({
    pending: t.readerCommentPending,
    approved: t.readerCommentApproved,
    rejected: t.readerCommentRejected,
    removed: t.readerCommentRemoved,
  })[status];

function Notice({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <p class="newsletter-notice" role="status">
      {text}
    </p>
  );
}

/** The email form that asks for a sign-in link. */
function SignInForm(props: { chrome: Chrome; email: string; next: string; error?: string | undefined }) {
  const t = messagesFor(props.chrome.edition.language);
  return (
    <form
      method="post"
      action={`${readerAccountPath(props.chrome.edition.code)}/sign-in`}
      class="reader-form"
    >
      <input type="hidden" name="next" value={props.next} />
      <p>
        <label for="reader-email">{t.readerEmailLabel}</label>
        <input
          id="reader-email"
          name="email"
          type="email"
          autocomplete="email"
          dir="ltr"
          required
          maxlength={254}
          value={props.email}
          {...(props.error ? { 'aria-invalid': 'true', 'aria-describedby': 'reader-email-error' } : {})}
        />
        {props.error && (
          <span class="newsletter-error" id="reader-email-error" role="alert">
            {props.error}
          </span>
        )}
      </p>
      <p>
        <button type="submit" class="button button-primary">
          {t.readerSendLink}
        </button>
      </p>
    </form>
  );
}

/** Signed out: the sign-in form, under a title saying why when a link failed. */
export function SignInPage(
  props: PageBase & {
    email: string;
    next: string;
    error?: string | undefined;
    notice?: string | undefined;
    problem?: { title: string; text: string } | undefined;
  },
) {
  const t = messagesFor(props.chrome.edition.language);
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{props.problem?.title ?? t.readerSignInTitle}</h1>
      <Notice text={props.notice} />
      {props.problem && <p>{props.problem.text}</p>}
      <p>{t.readerSignInIntro}</p>
      <SignInForm chrome={props.chrome} email={props.email} next={props.next} error={props.error} />
    </Layout>
  );
}

/** Outcomes: a title, a sentence, a way on. */
export function ReaderMessagePage(
  props: PageBase & { title: string; text: string; link?: { href: string; label: string } | undefined },
) {
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{props.title}</h1>
      <p>{props.text}</p>
      {props.link && (
        <p>
          <a href={props.link.href}>{props.link.label}</a>
        </p>
      )}
    </Layout>
  );
}

/** The mailed link's page: one button, so a mail scanner's GET does not use the link up. */
export function LinkPage(props: PageBase & { token: string }) {
  const t = messagesFor(props.chrome.edition.language);
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{t.readerLinkTitle}</h1>
      <p>{t.readerLinkText}</p>
      <form method="post" action={`${readerAccountPath(props.chrome.edition.code)}/link`}>
        <input type="hidden" name="token" value={props.token} />
        <button type="submit" class="button button-primary">
          {t.readerLinkButton}
        </button>
      </form>
    </Layout>
  );
}

export function ChooseNamePage(
  props: PageBase & { csrf: string; name: string; next: string; error?: string | undefined },
) {
  const t = messagesFor(props.chrome.edition.language);
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{t.readerChooseNameTitle}</h1>
      <p>{t.readerChooseNameIntro}</p>
      <form method="post" action={`${readerAccountPath(props.chrome.edition.code)}/name`} class="reader-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <p>
          <label for="reader-name">{t.readerNameLabel}</label>
          <input
            id="reader-name"
            name="name"
            type="text"
            autocomplete="nickname"
            dir="auto"
            required
            maxlength={NAME_MAX_LENGTH}
            value={props.name}
            aria-describedby={props.error ? 'reader-name-hint reader-name-error' : 'reader-name-hint'}
            {...(props.error ? { 'aria-invalid': 'true' } : {})}
          />
          <span class="reader-hint" id="reader-name-hint">
            {t.readerNameHint}
          </span>
          {props.error && (
            <span class="newsletter-error" id="reader-name-error" role="alert">
              {props.error}
            </span>
          )}
        </p>
        <p>
          <button type="submit" class="button button-primary">
            {t.readerNameSave}
          </button>
        </p>
      </form>
    </Layout>
  );
}

/** A POST button in a form of its own, carrying the reader's token. */
function ActionButton(props: { action: string; csrf: string; label: string; quiet?: boolean }) {
  return (
    <form method="post" action={props.action} class="reader-inline-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <button type="submit" class={props.quiet ? 'button button-quiet' : 'button'}>
        {props.label}
      </button>
    </form>
  );
}

function OwnComments(props: { chrome: Chrome; csrf: string; comments: OwnComment[] }) {
  const t = messagesFor(props.chrome.edition.language);
  const base = readerAccountPath(props.chrome.edition.code);
  if (props.comments.length === 0) return <p>{t.readerCommentsNone}</p>;
  return (
    <ul class="reader-comments">
      {props.comments.map((comment) => (
        <li>
          <p class="reader-comment-meta">
            {comment.articleUrl ? (
              <a href={comment.articleUrl}>{comment.articleHeadline}</a>
            ) : (
              <span>{comment.articleHeadline}</span>
            )}{' '}
            · <time datetime={comment.createdAt}>{when(props.chrome, comment.createdAt)}</time> ·{' '}
            <span class={`reader-comment-status reader-comment-${comment.status}`}>
              {statusWords(t, comment.status)}
            </span>
            {comment.parentId && <span> · {t.readerCommentIsReply}</span>}
          </p>
          <p class="reader-comment-body" dir="auto">
            {comment.body.length > 280 ? `${comment.body.slice(0, 280)}…` : comment.body}
          </p>
          <ActionButton
            action={`${base}/comments/${comment.id}/delete`}
            csrf={props.csrf}
            label={t.readerCommentDelete}
            quiet
          />
        </li>
      ))}
    </ul>
  );
}

export function AccountPage(
  props: PageBase & {
    csrf: string;
    reader: AccountView;
    comments: OwnComment[];
    notice?: string | undefined;
  },
) {
  const { chrome, reader } = props;
  const t = messagesFor(chrome.edition.language);
  const base = readerAccountPath(chrome.edition.code);
  return (
    <Layout chrome={chrome} meta={props.meta}>
      <h1 class="page-title">{t.readerAccountTitle}</h1>
      <Notice text={props.notice} />
      <dl class="reader-profile">
        <dt>{t.readerName}</dt>
        <dd>
          <bdi>{reader.displayName}</bdi>
        </dd>
        <dt>{t.readerEmail}</dt>
        <dd>
          <bdi dir="ltr">{reader.email}</bdi>
        </dd>
        <dt>{t.readerSince}</dt>
        <dd>{when(chrome, reader.createdAt)}</dd>
      </dl>
      {reader.barred && (
        <div class="newsletter-notice" role="status">
          <p>
            {reader.barred.until
              ? format(t.readerSuspendedText, { until: when(chrome, reader.barred.until) })
              : t.readerBannedText}
          </p>
          {reader.barred.reason && <p>{format(t.readerStatusReason, { reason: reader.barred.reason })}</p>}
        </div>
      )}
      <h2>{t.readerNotificationsHeading}</h2>
      <form method="post" action={`${base}/notifications`} class="reader-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p>
          <input type="checkbox" id="reader-notify" name="notify" value="1" checked={reader.notifyReplies} />{' '}
          <label for="reader-notify">{t.readerNotifyReplies}</label>
        </p>
        <p>
          <button type="submit" class="button">
            {t.readerNotificationsSave}
          </button>
        </p>
      </form>
      <h2>{t.readerCommentsHeading}</h2>
      <OwnComments chrome={chrome} csrf={props.csrf} comments={props.comments} />
      <h2>{t.readerDataHeading}</h2>
      <p class="reader-actions">
        <a class="button" href={`${base}/data.json`} download>
          {t.readerDownload}
        </a>{' '}
        <a class="button button-quiet" href={`${base}/delete`}>
          {t.readerDeleteAccount}
        </a>
      </p>
      <ActionButton action={`${base}/sign-out`} csrf={props.csrf} label={t.readerSignOut} quiet />
    </Layout>
  );
}

/** The confirmation step before an account is deleted. */
export function DeleteAccountPage(props: PageBase & { csrf: string }) {
  const t = messagesFor(props.chrome.edition.language);
  const base = readerAccountPath(props.chrome.edition.code);
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{t.readerDeleteTitle}</h1>
      <p>{t.readerDeleteText}</p>
      <div class="reader-actions">
        <ActionButton action={`${base}/delete`} csrf={props.csrf} label={t.readerDeleteConfirm} />{' '}
        <a class="button button-quiet" href={base}>
          {t.readerDeleteCancel}
        </a>
      </div>
    </Layout>
  );
}

/** The one-click link's page for a person: a button (link scanners must not unsubscribe anyone). */
export function ReplyUnsubscribePage(props: PageBase & { action: string }) {
  const t = messagesFor(props.chrome.edition.language);
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{t.readerUnsubscribeTitle}</h1>
      <p>{t.readerUnsubscribeQuestion}</p>
      <form method="post" action={props.action}>
        <button type="submit" class="button button-primary">
          {t.readerUnsubscribeButton}
        </button>
      </form>
    </Layout>
  );
}
