/**
 * The public side of the conversation: the section at the end of an article,
 * pages of a long thread, the reply and report forms, and the answers to a
 * post. Views take plain data; every string comes from the locale files.
 */
import type { Child } from 'hono/jsx';
import type { Edition } from '../editions/queries.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { CardTime } from '../ui/DateTime.js';
import { type Chrome, Layout, type PageMeta } from '../ui/Layout.js';
import type { CommentsState, ThreadComment, ThreadEntry, ThreadPage } from './queries.js';
import { REPORT_REASONS, type ReportReason } from './workflow.js';

export const commentsPostPath = (editionCode: string) => `/${editionCode}/comments`;
/** A comment's lasting address: it answers with the page of the thread the comment is on. */
export const commentPath = (editionCode: string, id: string) => `/${editionCode}/comments/${id}`;
export const commentReplyPath = (editionCode: string, id: string) => `/${editionCode}/comments/${id}/reply`;
export const commentReportPath = (editionCode: string, id: string) => `/${editionCode}/comments/${id}/report`;
/** Page 1 of a thread is the article page itself. */
export const threadPagePath = (articleUrl: string, page: number) =>
  page <= 1 ? `${articleUrl}/comments` : `${articleUrl}/comments?page=${page}`;
/** The first page of the thread as a fragment: what the article page's script puts in its conversation. */
export const threadFragmentPath = (articleUrl: string) => `${articleUrl}/comments?partial=1`;
export const commentAnchor = (id: string) => `comment-${id}`;

/** Plain http(s) addresses in text; what follows a space, a quote or an angle bracket is not part of one. */
const URL_PATTERN = /https?:\/\/[^\s<>"'«»]+/gi;
/** Punctuation that ends a sentence rather than the address before it. */
const TRAILING_PUNCTUATION = /[.,;:!?)\]}،؛؟]+$/;

/** One line of a comment: text, with plain web addresses made links readers' posts cannot vouch for. */
function linkify(line: string): Child[] {
  const parts: Child[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index;
    if (!URL.canParse(url)) continue;
    parts.push(line.slice(last, start));
    parts.push(
      <a href={url} rel="nofollow ugc noopener">
        {url}
      </a>,
    );
    last = start + url.length;
  }
  parts.push(line.slice(last));
  return parts;
}

/**
 * A comment's text as stored (tidied, plain): escaped by JSX, paragraphs at
 * blank lines, line breaks kept, http(s) addresses linked; nothing else is markup.
 */
export function CommentText({ body }: { body: string }) {
  return (
    <div class="comment-text" dir="auto">
      {body.split(/\n{2,}/).map((paragraph) => (
        <p>
          {paragraph.split('\n').map((line, i) => (
            <>
              {i > 0 && <br />}
              {linkify(line)}
            </>
          ))}
        </p>
      ))}
    </div>
  );
}

interface CommentContext {
  edition: Edition;
  now: Date;
  /** The reply and report links; left out where the comment is shown as context (the reply page). */
  actions: boolean;
  /** Comments are open: replies may be written (reports are taken either way). */
  open: boolean;
}

export function CommentItem({
  comment,
  replies = [],
  ctx,
}: {
  comment: ThreadComment;
  replies?: ThreadComment[];
  ctx: CommentContext;
}) {
  const t = messagesFor(ctx.edition.language);
  const code = ctx.edition.code;
  return (
    <li id={commentAnchor(comment.id)}>
      {comment.shown ? (
        <>
          <p>
            <b dir="auto">{comment.authorName}</b>{' '}
            {comment.isStaff && <small class="staff">{t.commentsStaff}</small>}{' '}
            <small>
              <CardTime iso={comment.createdAt} edition={ctx.edition} now={ctx.now} />
            </small>
          </p>
          <CommentText body={comment.body} />
          {ctx.actions && (
            <p>
              <small>
                {ctx.open && (
                  <>
                    <a href={commentReplyPath(code, comment.id)} data-reply={comment.id} rel="nofollow">
                      {t.commentsReply}
                    </a>{' '}
                  </>
                )}
                <a href={commentReportPath(code, comment.id)} rel="nofollow">
                  {t.commentsReport}
                </a>
              </small>
            </p>
          )}
        </>
      ) : (
        <p>
          <small class="comment-deleted">{t.commentsDeleted}</small>
        </p>
      )}
      {replies.length > 0 && (
        <ol class="comment-replies">
          {replies.map((reply) => (
            <CommentItem comment={reply} ctx={ctx} />
          ))}
        </ol>
      )}
    </li>
  );
}

function CommentList({ entries, ctx }: { entries: ThreadEntry[]; ctx: CommentContext }) {
  return (
    <ol class="comment-list">
      {entries.map((entry) => (
        <CommentItem comment={entry} replies={entry.replies} ctx={ctx} />
      ))}
    </ol>
  );
}

export interface CommentFormValues {
  articleId: string;
  parentId?: string | undefined;
  body?: string | undefined;
  maxLength: number;
}

/** The plain posting form: no token, nothing personal, so the article page stays the same for everyone. */
export function CommentForm({ edition, form }: { edition: Edition; form: CommentFormValues }) {
  const t = messagesFor(edition.language);
  const reply = form.parentId !== undefined;
  return (
    <form method="post" action={commentsPostPath(edition.code)} class="comment-form" data-comment-form="">
      <input type="hidden" name="article" value={form.articleId} />
      <input type="hidden" name="parent" value={form.parentId ?? ''} />
      <label for="comment-body">{reply ? t.commentsReplyLabel : t.commentsFormLabel}</label>
      <p>
        <small id="comment-hint">{t.commentsFormHint}</small>
      </p>
      <textarea
        id="comment-body"
        name="body"
        rows={4}
        dir="auto"
        required
        maxlength={form.maxLength}
        aria-describedby="comment-hint"
      >
        {form.body ?? ''}
      </textarea>
      <button type="submit" class="button" data-reply-label={t.commentsReplySubmit}>
        {reply ? t.commentsReplySubmit : t.commentsSubmit}
      </button>
      <p class="comment-status" role="status" aria-live="polite" data-failed={t.commentsErrorFailed}></p>
    </form>
  );
}

/** Why there is no form: the sentence that replaces it. */
export function closedText(t: Messages, state: CommentsState, closeAfterDays: number): string {
  if (state.open) return '';
  switch (state.because) {
    case 'edition':
      return t.commentsClosedEdition;
    case 'article':
      return t.commentsClosedArticle;
    case 'section':
      return t.commentsClosedSection;
    case 'age':
      return format(t.commentsClosedAge, { days: String(closeAfterDays) });
  }
}

export interface ConversationData {
  articleId: string;
  articleUrl: string;
  thread: ThreadPage;
  state: CommentsState;
  maxLength: number;
  closeAfterDays: number;
  now: Date;
}

function Pager({ edition, data }: { edition: Edition; data: ConversationData }) {
  const t = messagesFor(edition.language);
  const { page, pages } = data.thread;
  if (pages <= 1) return null;
  return (
    <p class="more">
      {page > 1 && <a href={threadPagePath(data.articleUrl, page - 1)}>{t.commentsEarlier}</a>}
      {page < pages && <a href={threadPagePath(data.articleUrl, page + 1)}>{t.commentsLater}</a>}
    </p>
  );
}

/**
 * The conversation at the end of an article: its count, a link to the thread
 * on its own page (which the script brings in here), then the form or why
 * there is none. The thread is not in the article page itself, so a story
 * with hundreds of comments weighs and costs what one without does.
 */
export function Conversation({ edition, data }: { edition: Edition; data: ConversationData }) {
  const t = messagesFor(edition.language);
  const count = data.thread.count;
  return (
    <section id="comments" class="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">
        {t.commentsTitle} <small>{format(t.commentsCount, { count: String(count) })}</small>
      </h2>
      {count === 0 ? (
        <p>{t.commentsNone}</p>
      ) : (
        <div class="comment-thread" data-thread-src={threadFragmentPath(data.articleUrl)}>
          <p>
            <a href={threadPagePath(data.articleUrl, 1)}>
              {format(t.commentsRead, { count: String(count) })}
            </a>
          </p>
        </div>
      )}
      {data.state.open ? (
        <CommentForm edition={edition} form={{ articleId: data.articleId, maxLength: data.maxLength }} />
      ) : (
        <p class="comments-closed">{closedText(t, data.state, data.closeAfterDays)}</p>
      )}
    </section>
  );
}

/** A page of the thread without the page around it: the list and its pager (the script's fragment). */
export function ThreadFragment({ edition, data }: { edition: Edition; data: ConversationData }) {
  const ctx = { edition, now: data.now, actions: true, open: data.state.open };
  return (
    <>
      <CommentList entries={data.thread.entries} ctx={ctx} />
      <Pager edition={edition} data={data} />
    </>
  );
}

/** The share bar's link down to the conversation, with its count. */
export function CommentsLink({ edition, count }: { edition: Edition; count: number }) {
  const t = messagesFor(edition.language);
  return <a href="#comments">{format(t.commentsShareLink, { count: String(count) })}</a>;
}

/** A later page of a long thread (`{article}/comments?page=N`). */
export function ThreadPageView(props: {
  chrome: Chrome;
  meta: PageMeta;
  headline: string;
  data: ConversationData;
}) {
  const { edition } = props.chrome;
  const t = messagesFor(edition.language);
  const { data } = props;
  const ctx = { edition, now: data.now, actions: true, open: data.state.open };
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <section id="comments" class="comments" aria-labelledby="comments-title">
        <h1 id="comments-title" class="page-title">
          {format(t.commentsPageTitle, { headline: props.headline })}
        </h1>
        <p>
          {format(t.commentsPageNumber, { page: String(data.thread.page), pages: String(data.thread.pages) })}{' '}
          · <a href={data.articleUrl}>{t.commentsBackToArticle}</a>
        </p>
        <CommentList entries={data.thread.entries} ctx={ctx} />
        <Pager edition={edition} data={data} />
      </section>
    </Layout>
  );
}

/** Answering one comment without JavaScript: the comment, then the form. */
export function ReplyPage(props: {
  chrome: Chrome;
  meta: PageMeta;
  parent: ThreadComment;
  articleUrl: string;
  form: CommentFormValues;
  now: Date;
}) {
  const { edition } = props.chrome;
  const t = messagesFor(edition.language);
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">
        {t.commentsReplyTo} <bdi>{props.parent.authorName}</bdi>
      </h1>
      <ol class="comment-list">
        <CommentItem comment={props.parent} ctx={{ edition, now: props.now, actions: false, open: false }} />
      </ol>
      <CommentForm edition={edition} form={props.form} />
      <p>
        <a href={`${props.articleUrl}#${commentAnchor(props.parent.id)}`}>{t.commentsBackToArticle}</a>
      </p>
    </Layout>
  );
}

/** The form a reader who is not signed in gets, back to where they were after the mailed link. */
export function SignInForm({ edition, next }: { edition: Edition; next: string }) {
  const t = messagesFor(edition.language);
  return (
    <form method="post" action={`/${edition.code}/account/sign-in`} class="newsletter-form">
      <input type="hidden" name="next" value={next} />
      <label for="sign-in-email">{t.readerEmailLabel}</label>{' '}
      <input id="sign-in-email" name="email" type="email" autocomplete="email" dir="ltr" required />{' '}
      <button type="submit" class="button">
        {t.readerSendLink}
      </button>
    </form>
  );
}

/**
 * The answer to a post that did not appear at once: held for review,
 * refused with a reason, or waiting for a sign-in or a display name. What
 * the reader typed comes back in the form, so nothing is lost.
 */
export function CommentOutcomePage(props: {
  chrome: Chrome;
  meta: PageMeta;
  title: string;
  text: string;
  form?: CommentFormValues | undefined;
  /** What was typed where no form can take it (closed, barred): to be copied. */
  typedText?: string | undefined;
  signInNext?: string | undefined;
  link?: { href: string; label: string } | undefined;
}) {
  const { edition } = props.chrome;
  const t = messagesFor(edition.language);
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{props.title}</h1>
      <p role="status">{props.text}</p>
      {props.link && (
        <p>
          <a href={props.link.href}>{props.link.label}</a>
        </p>
      )}
      {props.signInNext !== undefined && <SignInForm edition={edition} next={props.signInNext} />}
      {props.form && <CommentForm edition={edition} form={props.form} />}
      {props.typedText && (
        <p>
          <label for="typed-text">{t.commentsYourText}</label>
          <textarea id="typed-text" rows={4} dir="auto" readonly>
            {props.typedText}
          </textarea>
        </p>
      )}
    </Layout>
  );
}

const reasonLabel = (t: Messages, reason: ReportReason) =>
  ({
    spam: t.commentsReasonSpam,
    abuse: t.commentsReasonAbuse,
    hate: t.commentsReasonHate,
    illegal: t.commentsReasonIllegal,
    other: t.commentsReasonOther,
  })[reason];

/** A signed-in reader's report of one comment (personal: it carries their token). */
export function ReportPage(props: {
  chrome: Chrome;
  meta: PageMeta;
  comment: ThreadComment;
  action: string;
  csrf: string;
  now: Date;
  reason?: ReportReason | undefined;
  note?: string | undefined;
  error?: string | undefined;
}) {
  const { edition } = props.chrome;
  const t = messagesFor(edition.language);
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{t.commentsReportTitle}</h1>
      <ol class="comment-list">
        <CommentItem comment={props.comment} ctx={{ edition, now: props.now, actions: false, open: false }} />
      </ol>
      <p>{t.commentsReportIntro}</p>
      {props.error && (
        <p class="comment-error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action={props.action} class="newsletter-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <fieldset>
          <legend>{t.commentsReportReason}</legend>
          <ul class="newsletter-choices">
            {REPORT_REASONS.map((reason) => (
              <li>
                <input
                  type="radio"
                  id={`reason-${reason}`}
                  name="reason"
                  value={reason}
                  required
                  checked={props.reason === reason}
                  aria-describedby={reason === 'illegal' ? 'reason-illegal-hint' : undefined}
                />
                <label for={`reason-${reason}`}>
                  {reasonLabel(t, reason)}
                  {reason === 'illegal' && (
                    <small id="reason-illegal-hint"> {t.commentsReasonIllegalHint}</small>
                  )}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <label for="report-note">{t.commentsReportNote}</label>
        <textarea id="report-note" name="note" rows={3} maxlength={1000} dir="auto">
          {props.note ?? ''}
        </textarea>
        <button type="submit" class="button">
          {t.commentsReportSubmit}
        </button>
      </form>
    </Layout>
  );
}
