/**
 * The conversation on the public site: later pages of a thread, posting
 * (a plain form, or JSON for the enhancement script), the reply page and
 * reports. The article page itself shows the first page (src/articles/routes.tsx).
 * Cached pages never depend on who reads them; who posts is read only here, on the POST.
 */

import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { z } from 'zod';
import { clientIp, isSecureRequest, setSessionCookie } from '../accounts/middleware.js';
import { worksInEdition } from '../accounts/policy.js';
import { sameSecret } from '../accounts/secrets.js';
import { lookupSession, SESSION_COOKIE } from '../accounts/sessions.js';
import { findPublishedArticle } from '../articles/queries.js';
import { loadChrome } from '../editions/chrome.js';
import type { Edition } from '../editions/queries.js';
import { RELATIVE_TIME_FRESH_MS, staleIn } from '../front/freshness.js';
import { cacheTags, editionPageTags } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import { readFormBody } from '../http/form-body.js';
import { textInput } from '../http/input-guard.js';
import { renderFragment, renderPage } from '../http/render.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { isRelative } from '../i18n/relative-time.js';
import { readerSession } from '../readers/session.js';
import type { Chrome, PageMeta } from '../ui/Layout.js';
import { notifyReply } from './notifications.js';
import {
  type CommentableArticle,
  type Conversation,
  commentsState,
  findComment,
  findCommentableArticle,
  loadCommentSettings,
  loadConversation,
  type ThreadComment,
  threadPageOf,
  toThreadComment,
} from './queries.js';
import {
  type CommentFormValues,
  CommentItem,
  CommentOutcomePage,
  type ConversationData,
  closedText,
  commentAnchor,
  commentPath,
  commentReportPath,
  ReplyPage,
  ReportPage,
  ThreadFragment,
  ThreadPageView,
  threadPagePath,
} from './views.js';
import {
  type CommentAuthor,
  type PostRefusal,
  postComment,
  reportComment,
  reportInputSchema,
  threadTags,
  tidyCommentBody,
} from './workflow.js';

const HOUR_MS = 3_600_000;
/** Relative times older than an hour read in hours: the page is rendered again this often. */
const HOURS_FRESH_MS = 10 * 60_000;

const id = z.string().regex(/^[0-9a-z]{20}$/);
const postForm = z.object({
  article: id,
  parent: z
    .union([id, z.literal('')])
    .optional()
    .transform((v) => v || undefined),
  // The door counts characters against the edition's limit; this only bounds what is read.
  body: textInput().max(64 * 1024),
});
const threadParams = z.object({
  edition: z.string(),
  year: z.string(),
  month: z.string(),
  day: z.string(),
  slug: z.string().min(1).max(300),
});
/** Written one way only, so one page has one URL in caches. */
const threadQuery = z.object({
  page: z
    .string()
    .regex(/^[1-9][0-9]{0,4}$/)
    .transform(Number)
    .optional(),
  /** The list alone, for the article page's script. */
  partial: z.literal('1').optional(),
});

/** The page data of a thread shown at `now`. */
export function conversationData(
  article: { id: string; url: string },
  conversation: Conversation,
  now: Date,
): ConversationData {
  return {
    articleId: article.id,
    articleUrl: article.url,
    thread: conversation.thread,
    state: conversation.state,
    maxLength: conversation.settings.max_length,
    closeAfterDays: conversation.settings.close_after_days,
    now,
  };
}

/**
 * When a cached page showing this thread goes stale by itself: when comments
 * close by age (the form must go), and while its newest comment reads
 * "minutes ago" or "hours ago". Undefined: only a content change does.
 */
export function conversationStaleIn(
  conversation: Conversation,
  now: Date,
  timeZone: string,
): number | undefined {
  const times: number[] = [];
  const { state, thread } = conversation;
  if (state.open && state.closesAt) times.push(state.closesAt.getTime() - now.getTime());
  const newest = Math.max(
    0,
    ...thread.entries
      .flatMap((entry) => [entry, ...entry.replies])
      .filter((comment) => comment.shown)
      .map((comment) => Date.parse(comment.createdAt)),
  );
  if (newest > 0 && isRelative(new Date(newest), now, timeZone)) {
    const elapsed = now.getTime() - newest;
    times.push(elapsed < HOUR_MS ? RELATIVE_TIME_FRESH_MS : HOURS_FRESH_MS);
  }
  return times.length === 0 ? undefined : Math.min(...times);
}

const articleOf = (a: CommentableArticle) => ({
  id: a.id,
  editionCode: a.editionCode,
  sectionId: a.sectionId,
  firstPublishedAt: a.firstPublishedAt,
});

export function commentRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config, clock } = deps;
  // Only the forms read who is signed in: the pages showing the thread are the same for everyone.
  const withReader = readerSession(deps);

  const meta = (chrome: Chrome, title: string, path: string, noindex = true): PageMeta => ({
    title: `${title} | ${chrome.edition.name}`,
    description: title,
    canonical: `${config.publicUrl}${path}`,
    ogType: 'website',
    noindex,
  });

  /** An answer to a post or a report: never cached, never indexed. */
  const personal = async (
    c: Context<AppEnv>,
    page: JSX.Element,
    status: 200 | 400 | 401 | 403 | 404 | 409 | 429,
  ) => {
    c.header('cache-control', 'no-store');
    c.header('x-robots-tag', 'noindex');
    return c.html(`<!doctype html>${await page.toString()}`, status);
  };

  const wantsJson = (c: Context<AppEnv>) => (c.req.header('accept') ?? '').includes('application/json');

  /**
   * The forms sit on cached pages and carry no per-reader token: a POST must
   * come from this site (Origin or Sec-Fetch-Site); the reader's cookie is SameSite=Lax.
   */
  const sameSite = csrf({
    origin: (origin, c) => [new URL(c.req.url).origin, new URL(config.publicUrl).origin].includes(origin),
  });
  const sameSiteOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
    try {
      await sameSite(c, async () => {});
    } catch (error) {
      if (!(error instanceof HTTPException)) throw error;
      const chrome = await loadChrome(deps, c.req.param('edition') ?? '', c);
      const t = messagesFor(chrome.edition.language);
      if (wantsJson(c)) return refusedJson(c, 403, 'forbidden', t.commentsErrorForbidden);
      const page = (
        <CommentOutcomePage
          chrome={chrome}
          meta={meta(chrome, t.commentsErrorForbiddenTitle, c.req.path)}
          title={t.commentsErrorForbiddenTitle}
          text={t.commentsErrorForbidden}
        />
      );
      return personal(c, page, 403);
    }
    await next();
  };

  /** A newsroom user signed in to the desk who works in the edition writes as its staff. */
  async function staffAuthor(
    c: Context<AppEnv>,
    edition: Edition,
    now: Date,
  ): Promise<CommentAuthor | undefined> {
    const token = getCookie(c, SESSION_COOKIE);
    if (!token || token.length > 100) return undefined;
    const session = await lookupSession(db, token, now);
    if (session.kind !== 'active' || !worksInEdition(session.user, edition.code)) return undefined;
    if (session.extendedTo)
      setSessionCookie(c, token, session.extendedTo.getTime() - now.getTime(), isSecureRequest(c, config));
    return { kind: 'staff', userId: session.user.id, name: edition.name };
  }

  app.get(
    '/:edition{[a-z]{2,3}}/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}/:slug/comments',
    async (c) => {
      const params = threadParams.safeParse(c.req.param());
      const query = threadQuery.safeParse(c.req.query());
      if (!params.success || !query.success) throw notFound('No such page of comments');
      const chrome = await loadChrome(deps, params.data.edition, c);
      const { edition, editions } = chrome;
      const now = clock.now();
      const article = await findPublishedArticle(db, edition, editions, params.data.slug, now);
      if (!article) throw notFound('No such article');
      const page = query.data.page ?? 1;
      const { year, month, day } = params.data;
      if (!article.url.startsWith(`/${edition.code}/${year}/${month}/${day}/`))
        return c.redirect(threadPagePath(article.url, page), 301);
      const ref = {
        id: article.id,
        editionCode: edition.code,
        sectionId: article.section?.id ?? null,
        firstPublishedAt: article.firstPublishedAt,
      };
      const conversation = await loadConversation(db, ref, now, page);
      if (page > conversation.thread.pages) throw notFound('No such page of comments');
      const t = messagesFor(edition.language);
      const title = format(t.commentsPageTitle, { headline: article.headline });
      c.set('cacheQuery', ['page', 'partial']);
      const fresh = conversationStaleIn(conversation, now, edition.timeZone);
      if (fresh !== undefined) staleIn(c, fresh);
      const tags = [
        cacheTags.comments(article.id),
        cacheTags.article(article.id),
        ...editionPageTags(edition.code),
      ];
      if (query.data.partial)
        return renderFragment(
          c,
          <ThreadFragment edition={edition} data={conversationData(article, conversation, now)} />,
          tags,
        );
      return renderPage(
        c,
        <ThreadPageView
          chrome={chrome}
          meta={meta(chrome, title, threadPagePath(article.url, page))}
          headline={article.headline}
          data={conversationData(article, conversation, now)}
        />,
        tags,
      );
    },
  );

  app.post('/:edition{[a-z]{2,3}}/comments', sameSiteOnly, withReader, async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const { edition } = chrome;
    const t = messagesFor(edition.language);
    const now = clock.now();
    const parsed = postForm.safeParse(await readFormBody(c));
    if (!parsed.success) {
      if (wantsJson(c)) return refusedJson(c, 400, 'invalid_text', t.commentsErrorInvalidText);
      return outcome(c, chrome, 400, t.commentsErrorTitle, t.commentsErrorInvalidText);
    }
    const input = parsed.data;
    const signedIn = c.get('reader');
    const author: CommentAuthor | undefined =
      (await staffAuthor(c, edition, now)) ?? (signedIn ? { kind: 'reader', reader: signedIn } : undefined);

    // What a page answering the post shows (the article's address, the form again): read only for
    // those pages, so a post that goes through costs the door's work and little more.
    const around = async () => {
      const article = await findCommentableArticle(db, input.article, now);
      if (!article || article.editionCode !== edition.code) return undefined;
      const settings = await loadCommentSettings(db, article.editionCode);
      const typed: CommentFormValues = {
        articleId: article.id,
        parentId: input.parent,
        body: input.body,
        maxLength: settings.max_length,
      };
      return { article, settings, typed, back: `${article.url}#comments` };
    };

    if (!author) {
      if (wantsJson(c)) return refusedJson(c, 401, 'sign_in', t.commentsSignInTitle);
      const page = await around();
      if (!page) return refused(c, chrome, 'no_article', undefined);
      return outcome(c, chrome, 401, t.commentsSignInTitle, t.commentsSignInText, {
        form: page.typed,
        signInNext: page.back,
      });
    }

    const result = await postComment(
      db,
      { editionCode: edition.code, articleId: input.article, parentId: input.parent, body: input.body },
      author,
      { ip: clientIp(c, config), now },
    );
    if (!result.ok) {
      const page = await around();
      if (!page) return refused(c, chrome, 'no_article', undefined);
      // Closed says why: for this article, its section, by age, or everywhere.
      const why =
        result.error === 'closed'
          ? closedText(
              t,
              await commentsState(db, page.article, page.settings, now),
              page.settings.close_after_days,
            )
          : undefined;
      return refused(c, chrome, result.error, page.typed, page.back, why);
    }
    if (result.status === 'pending') {
      if (wantsJson(c)) return c.json({ status: 'pending', message: t.commentsHeldTitle }, 202, noStore);
      const page = await around();
      return outcome(c, chrome, 200, t.commentsHeldTitle, t.commentsHeldText, {
        link: page && { href: page.back, label: t.commentsBackToArticle },
      });
    }
    // A reply shown at once (staff, trusted reader): its parent's author may want to know.
    if (input.parent) notifyReply(deps, result.id);
    const lasting = commentPath(edition.code, result.id);
    if (!wantsJson(c)) {
      // The poster lands on the page of the thread showing their comment (through its lasting
      // address). This instance drops its copy now rather than at the next poll of the change log
      // (the tags the door logged; the poll purges them again, harmlessly).
      deps.cache.purge(threadTags(input.article));
      return c.redirect(lasting, 303);
    }
    const shown: ThreadComment = {
      id: result.id,
      parentId: input.parent ?? null,
      authorName: author.kind === 'staff' ? author.name : (author.reader.displayName ?? ''),
      isStaff: author.kind === 'staff',
      // As the door stored it.
      body: tidyCommentBody(input.body),
      shown: true,
      createdAt: now.toISOString(),
    };
    const html = await (
      <CommentItem comment={shown} ctx={{ edition, now, actions: true, open: true }} />
    ).toString();
    return c.json(
      { status: 'approved', message: t.commentsPublished, id: result.id, url: lasting, html },
      201,
      noStore,
    );
  });

  /** A refused post: its reason, and what was typed, in the form again. */
  function refused(
    c: Context<AppEnv>,
    chrome: Chrome,
    error: PostRefusal,
    typed: CommentFormValues | undefined,
    back = '',
    why?: string,
  ) {
    const t = messagesFor(chrome.edition.language);
    const { status, text: said } = refusal(t, error, typed?.maxLength ?? 0);
    const text = why || said;
    if (wantsJson(c)) return refusedJson(c, status, error, text);
    if (error === 'no_name') {
      const account = `/${chrome.edition.code}/account?${new URLSearchParams({ next: back })}`;
      return outcome(c, chrome, status, t.commentsNameTitle, text, {
        form: typed,
        link: { href: account, label: t.commentsNameLink },
      });
    }
    // Where no comment can go, the text comes back to be copied, not in a form to send again.
    const form = error === 'no_article' || error === 'closed' || error === 'barred' ? undefined : typed;
    return outcome(c, chrome, status, t.commentsErrorTitle, text, {
      form,
      typedText: form ? undefined : typed?.body,
      link: back ? { href: back, label: t.commentsBackToArticle } : undefined,
    });
  }

  function outcome(
    c: Context<AppEnv>,
    chrome: Chrome,
    status: 200 | 400 | 401 | 403 | 404 | 429,
    title: string,
    text: string,
    extra: {
      form?: CommentFormValues | undefined;
      typedText?: string | undefined;
      signInNext?: string;
      link?: { href: string; label: string } | undefined;
    } = {},
  ) {
    const page = (
      <CommentOutcomePage
        chrome={chrome}
        meta={meta(chrome, title, c.req.path)}
        title={title}
        text={text}
        form={extra.form}
        typedText={extra.typedText}
        signInNext={extra.signInNext}
        link={extra.link}
      />
    );
    return personal(c, page, status);
  }

  /**
   * A comment's lasting address (reply mail, the landing after a post): the
   * page of the thread it is on, found when asked rather than on every post.
   * `posted` makes that address differ from the one the browser keeps (max-age).
   */
  app.get('/:edition{[a-z]{2,3}}/comments/:id', async (c) => {
    const { edition } = await loadChrome(deps, c.req.param('edition'), c);
    const found = await shownComment(c.req.param('id'), edition, clock.now());
    const page = await threadPageOf(db, {
      id: found.comment.id,
      parentId: found.comment.parentId,
      articleId: found.article.id,
    });
    const where = threadPagePath(found.article.url, page);
    const anchor = commentAnchor(found.comment.id);
    c.header('cache-control', 'no-store');
    return c.redirect(`${where}${where.includes('?') ? '&' : '?'}posted=${found.comment.id}#${anchor}`, 302);
  });

  app.get('/:edition{[a-z]{2,3}}/comments/:id/reply', async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const { edition } = chrome;
    const t = messagesFor(edition.language);
    const now = clock.now();
    const found = await shownComment(c.req.param('id'), edition, now);
    const conversation = await loadConversation(db, articleOf(found.article), now);
    const tags = [
      cacheTags.comments(found.article.id),
      cacheTags.article(found.article.id),
      ...editionPageTags(edition.code),
    ];
    const fresh = conversationStaleIn(conversation, now, edition.timeZone);
    if (fresh !== undefined) staleIn(c, fresh);
    const title = `${t.commentsReplyTo} ${found.comment.authorName}`;
    const path = c.req.path;
    if (!conversation.state.open) {
      const text = closedText(t, conversation.state, conversation.settings.close_after_days);
      const link = { href: `${found.article.url}#comments`, label: t.commentsBackToArticle };
      const page = (
        <CommentOutcomePage
          chrome={chrome}
          meta={meta(chrome, title, path)}
          title={title}
          text={text}
          link={link}
        />
      );
      return renderPage(c, page, tags);
    }
    const form = {
      articleId: found.article.id,
      parentId: found.comment.id,
      maxLength: conversation.settings.max_length,
    };
    return renderPage(
      c,
      <ReplyPage
        chrome={chrome}
        meta={meta(chrome, title, path)}
        parent={found.comment}
        articleUrl={found.article.url}
        form={form}
        now={now}
      />,
      tags,
    );
  });

  /** A comment readers can see, in this edition, with its article: else 404. */
  async function shownComment(commentId: string, edition: Edition, now: Date) {
    const row = id.safeParse(commentId).success ? await findComment(db, commentId) : undefined;
    if (row?.status !== 'approved' || row.edition_code !== edition.code) throw notFound('No such comment');
    const article = await findCommentableArticle(db, row.article_id, now);
    if (!article) throw notFound('No such comment');
    return { comment: toThreadComment(row), article };
  }

  const reportPath = (c: Context<AppEnv>) => c.req.path;

  /** Reports come from signed-in readers: anyone else gets the sign-in form, back here after the link. */
  async function signInToReport(c: Context<AppEnv>, chrome: Chrome) {
    const t = messagesFor(chrome.edition.language);
    const page = (
      <CommentOutcomePage
        chrome={chrome}
        meta={meta(chrome, t.commentsReportTitle, reportPath(c))}
        title={t.commentsReportTitle}
        text={t.commentsReportSignIn}
        signInNext={reportPath(c)}
      />
    );
    return personal(c, page, 401);
  }

  app.get('/:edition{[a-z]{2,3}}/comments/:id/report', withReader, async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const csrfToken = c.get('readerCsrfToken');
    if (!c.get('reader') || !csrfToken) return signInToReport(c, chrome);
    const now = clock.now();
    const found = await shownComment(c.req.param('id'), chrome.edition, now);
    const t = messagesFor(chrome.edition.language);
    const page = (
      <ReportPage
        chrome={chrome}
        meta={meta(chrome, t.commentsReportTitle, reportPath(c))}
        comment={found.comment}
        action={commentReportPath(chrome.edition.code, found.comment.id)}
        csrf={csrfToken}
        now={now}
      />
    );
    return personal(c, page, 200);
  });

  app.post('/:edition{[a-z]{2,3}}/comments/:id/report', sameSiteOnly, withReader, async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const { edition } = chrome;
    const t = messagesFor(edition.language);
    const reporter = c.get('reader');
    const expected = c.get('readerCsrfToken');
    if (!reporter || !expected) return signInToReport(c, chrome);
    const form = await readFormBody(c);
    const sent = form._csrf;
    if (typeof sent !== 'string' || !sameSecret(sent, expected))
      return outcome(c, chrome, 403, t.commentsErrorForbiddenTitle, t.commentsErrorForbidden);
    const now = clock.now();
    const found = await shownComment(c.req.param('id'), edition, now);
    const input = reportInputSchema.safeParse({
      reason: form.reason,
      note: typeof form.note === 'string' ? form.note : '',
    });
    if (!input.success) {
      const page = (
        <ReportPage
          chrome={chrome}
          meta={meta(chrome, t.commentsReportTitle, reportPath(c))}
          comment={found.comment}
          action={commentReportPath(edition.code, found.comment.id)}
          csrf={expected}
          now={now}
          reason={reportInputSchema.safeParse({ reason: form.reason }).data?.reason}
          note={typeof form.note === 'string' ? form.note : ''}
          error={form.reason === 'illegal' ? t.commentsReportNoteNeeded : t.commentsReportReason}
        />
      );
      return personal(c, page, 400);
    }
    const result = await reportComment(
      db,
      { commentId: found.comment.id, readerId: reporter.id, ...input.data },
      now,
    );
    const link = { href: `${found.article.url}#comments`, label: t.commentsBackToArticle };
    if (result.ok) return outcome(c, chrome, 200, t.commentsReportedTitle, t.commentsReportedText, { link });
    const [status, text] =
      result.error === 'own_comment'
        ? ([403, t.commentsReportOwn] as const)
        : result.error === 'already_reported'
          ? ([409, t.commentsReportAgain] as const)
          : ([404, t.commentsReportNotFound] as const);
    const page = (
      <CommentOutcomePage
        chrome={chrome}
        meta={meta(chrome, t.commentsReportTitle, reportPath(c))}
        title={t.commentsReportTitle}
        text={text}
        link={link}
      />
    );
    return personal(c, page, status);
  });

  return app;
}

const noStore = { 'cache-control': 'no-store' };

function refusedJson(
  c: Context<AppEnv>,
  status: 400 | 401 | 403 | 404 | 429,
  error: string,
  message: string,
) {
  return c.json({ status: 'refused', error, message }, status, noStore);
}

/** The HTTP status and sentence of each refusal; nothing was stored. */
function refusal(
  t: Messages,
  error: PostRefusal,
  maxLength: number,
): { status: 400 | 403 | 404 | 429; text: string } {
  switch (error) {
    case 'empty':
      return { status: 400, text: t.commentsErrorEmpty };
    case 'invalid_text':
      return { status: 400, text: t.commentsErrorInvalidText };
    case 'too_long':
      return { status: 400, text: format(t.commentsErrorTooLong, { max: String(maxLength) }) };
    case 'bad_parent':
      return { status: 400, text: t.commentsErrorParent };
    case 'no_article':
      return { status: 404, text: t.commentsErrorNoArticle };
    case 'closed':
      return { status: 403, text: t.commentsClosedArticle };
    case 'barred':
      return { status: 403, text: t.commentsErrorBarred };
    case 'no_name':
      return { status: 403, text: t.commentsNameText };
    case 'rate_limited':
      return { status: 429, text: t.commentsErrorRate };
  }
}
