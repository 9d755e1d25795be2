import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { clientIp, isSecureRequest } from '../accounts/middleware.js';
import { tokenHash } from '../accounts/secrets.js';
import { listCommentsByReader, listReportsByReader } from '../comments/queries.js';
import { removeOwnComment } from '../comments/workflow.js';
import { loadChrome } from '../editions/chrome.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { subscriberEmail } from '../newsletters/signup.js';
import type { Chrome } from '../ui/Layout.js';
import { loadReaderLinkKey, readerAccountPath, signInLinkUrl, validReplyUnsubscribe } from './links.js';
import { findReader, signInLinkState } from './queries.js';
import { isBarred } from './reader.js';
import {
  clearReaderCookie,
  READER_COOKIE,
  readerPageMeta,
  readerSession,
  refuseReader,
  requireReaderCsrf,
  requireSameSite,
  sendPersonalPage,
  setReaderCookie,
  signedInReader,
} from './session.js';
import {
  chooseDisplayName,
  deleteReaderAccount,
  endReaderSession,
  type LinkUse,
  nextPathSchema,
  requestSignInLink,
  setReplyNotifications,
  useSignInLink,
} from './store.js';
import {
  AccountPage,
  ChooseNamePage,
  DeleteAccountPage,
  LinkPage,
  ReaderMessagePage,
  ReplyUnsubscribePage,
  SignInPage,
} from './views.js';

const ACCOUNT = '/:edition{[a-z]{2,3}}/account';

/** What a redirect back to the account page says happened. */
const NOTICES = {
  'signed-out': 'readerSignedOutNotice',
  name: 'readerNameSavedNotice',
  notifications: 'readerNotificationsNotice',
  'comment-deleted': 'readerCommentDeletedNotice',
  'comment-gone': 'readerCommentGoneNotice',
} as const satisfies Record<string, keyof Messages>;
type Done = keyof typeof NOTICES;

const accountQuery = z.object({
  next: nextPathSchema.optional(),
  done: z
    .enum(Object.keys(NOTICES) as [Done, ...Done[]])
    .optional()
    .catch(undefined),
});
const signInForm = z.object({ email: z.unknown(), next: nextPathSchema.optional() });
const linkToken = z.object({ token: z.string().min(20).max(100) });
const nameForm = z.object({ name: z.string().max(400).catch(''), next: nextPathSchema.optional() });
const notificationsForm = z.object({ notify: z.literal('1').optional().catch(undefined) });
const commentParams = z.object({ id: z.string().regex(/^[0-9a-z]{20}$/) });
const unsubscribeQuery = z.object({
  r: z.string().regex(/^[0-9a-z]{20}$/),
  sig: z.string().regex(/^[\w-]{43}$/),
});

const NAME_ERRORS = {
  length: 'readerNameErrorLength',
  characters: 'readerNameErrorCharacters',
  staff: 'readerNameErrorStaff',
  taken: 'readerNameErrorTaken',
  already_chosen: 'readerNameErrorChosen',
  not_found: 'readerSessionEndedText',
} as const satisfies Record<string, keyof Messages>;

const LINK_PROBLEMS = {
  unknown: { status: 400, title: 'readerLinkUnknownTitle', text: 'readerLinkUnknownText' },
  expired: { status: 410, title: 'readerLinkExpiredTitle', text: 'readerLinkExpiredText' },
  used: { status: 410, title: 'readerLinkUsedTitle', text: 'readerLinkUsedText' },
} as const;

/**
 * Readers' accounts under /{edition}/account: sign-in by mailed link, the
 * display name, the reader's comments, their data, leaving, and the one-click
 * stop for reply mail.
 */
export function readerRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config, clock } = deps;
  const sameSite = requireSameSite(deps);
  const readerForm = requireReaderCsrf(deps);
  app.use(`${ACCOUNT}/*`, readerSession(deps));

  const chromeOf = (c: Context<AppEnv>) => loadChrome(deps, c.req.param('edition') ?? '', c);
  const accountPath = (chrome: Chrome, done?: Done) =>
    `${readerAccountPath(chrome.edition.code)}${done ? `?done=${done}` : ''}`;

  function signInPage(
    c: Context<AppEnv>,
    chrome: Chrome,
    options: {
      next?: string;
      email?: string;
      error?: string;
      notice?: string;
      problem?: keyof typeof LINK_PROBLEMS;
    },
  ) {
    const t = messagesFor(chrome.edition.language);
    const problem = options.problem && LINK_PROBLEMS[options.problem];
    const title = problem ? t[problem.title] : t.readerSignInTitle;
    const page = (
      <SignInPage
        chrome={chrome}
        meta={readerPageMeta(chrome, title, readerAccountPath(chrome.edition.code))}
        email={options.email ?? ''}
        next={options.next ?? ''}
        error={options.error}
        notice={options.notice}
        problem={problem && { title, text: t[problem.text] }}
      />
    );
    return sendPersonalPage(c, page, problem?.status ?? (options.error ? 400 : 200));
  }

  function message(c: Context<AppEnv>, chrome: Chrome, title: string, text: string, status: 200 | 429 = 200) {
    const path = readerAccountPath(chrome.edition.code);
    const page = (
      <ReaderMessagePage
        chrome={chrome}
        meta={readerPageMeta(chrome, title, path)}
        title={title}
        text={text}
      />
    );
    return sendPersonalPage(c, page, status);
  }

  function chooseNamePage(
    c: Context<AppEnv>,
    chrome: Chrome,
    form: { name: string; next: string; error?: string },
  ) {
    const t = messagesFor(chrome.edition.language);
    const page = (
      <ChooseNamePage
        chrome={chrome}
        meta={readerPageMeta(chrome, t.readerChooseNameTitle, readerAccountPath(chrome.edition.code))}
        csrf={c.get('readerCsrfToken') ?? ''}
        name={form.name}
        next={form.next}
        error={form.error}
      />
    );
    return sendPersonalPage(c, page, form.error ? 400 : 200);
  }

  app.get(ACCOUNT, async (c) => {
    const chrome = await chromeOf(c);
    const t = messagesFor(chrome.edition.language);
    const query = accountQuery.parse(c.req.query());
    const notice = query.done && t[NOTICES[query.done]];
    const signedIn = c.get('reader');
    const reader = signedIn && (await findReader(db, signedIn.id));
    if (!reader) return signInPage(c, chrome, { next: query.next, notice });
    if (!reader.displayName) return chooseNamePage(c, chrome, { name: '', next: query.next ?? '' });
    const now = clock.now();
    const comments = await listCommentsByReader(db, reader.id);
    const page = (
      <AccountPage
        chrome={chrome}
        meta={readerPageMeta(chrome, t.readerAccountTitle, readerAccountPath(chrome.edition.code))}
        csrf={c.get('readerCsrfToken') ?? ''}
        reader={{
          email: reader.email,
          displayName: reader.displayName,
          createdAt: reader.createdAt,
          notifyReplies: reader.notifyReplies,
          barred: isBarred(reader, now)
            ? {
                until: reader.status === 'suspended' ? reader.suspendedUntil : null,
                reason: reader.statusReason,
              }
            : undefined,
        }}
        comments={comments}
        notice={notice}
      />
    );
    return sendPersonalPage(c, page);
  });

  app.post(`${ACCOUNT}/sign-in`, sameSite, async (c) => {
    const chrome = await chromeOf(c);
    const t = messagesFor(chrome.edition.language);
    const form = signInForm.parse(await c.req.parseBody());
    const email = subscriberEmail.safeParse(form.email);
    if (!email.success) {
      const key = email.error.issues[0]?.message ?? '';
      const error = key in t ? String(t[key as keyof Messages]) : t.newsletterErrorEmail;
      const typed = typeof form.email === 'string' ? form.email.slice(0, 254) : '';
      return signInPage(c, chrome, { next: form.next, email: typed, error });
    }
    const now = clock.now();
    const input = {
      email: email.data,
      editionCode: chrome.edition.code,
      nextPath: form.next ?? '',
      ip: clientIp(c, config),
    };
    const link = await requestSignInLink(db, input, now);
    if (!link.ok) return message(c, chrome, t.readerThrottledTitle, t.readerThrottledText, 429);
    const site = chrome.edition.name;
    const mail = {
      to: email.data,
      subject: format(t.readerSignInMailSubject, { site }),
      text: format(t.readerSignInMailText, {
        site,
        link: signInLinkUrl(config.publicUrl, chrome.edition.code, link.token),
      }),
    };
    // After the answer: an SMTP round trip must not keep the reader waiting (or tell anything by its time).
    deps.background.run('reader sign-in mail', () => deps.mailer.send(mail));
    return message(c, chrome, t.readerCheckMailTitle, format(t.readerCheckMailText, { email: email.data }));
  });

  // A button rather than signing in on GET: mail scanners and link previews fetch links too.
  app.get(`${ACCOUNT}/link`, async (c) => {
    const chrome = await chromeOf(c);
    const query = linkToken.safeParse(c.req.query());
    const state = query.success
      ? await signInLinkState(db, tokenHash(query.data.token), clock.now())
      : 'unknown';
    if (!query.success || state !== 'usable')
      return signInPage(c, chrome, { problem: state === 'usable' ? 'unknown' : state });
    const t = messagesFor(chrome.edition.language);
    const meta = readerPageMeta(chrome, t.readerLinkTitle, `${readerAccountPath(chrome.edition.code)}/link`);
    return sendPersonalPage(c, <LinkPage chrome={chrome} meta={meta} token={query.data.token} />);
  });

  app.post(`${ACCOUNT}/link`, sameSite, async (c) => {
    const chrome = await chromeOf(c);
    const form = linkToken.safeParse(await c.req.parseBody());
    const now = clock.now();
    const used: LinkUse = form.success
      ? await useSignInLink(db, form.data.token, now)
      : { ok: false, error: 'unknown' };
    if (!used.ok) return signInPage(c, chrome, { problem: used.error });
    const previous = getCookie(c, READER_COOKIE);
    if (previous && previous.length <= 100) await endReaderSession(db, previous);
    const lifetime = used.session.expiresAt.getTime() - now.getTime();
    setReaderCookie(c, used.session.token, lifetime, isSecureRequest(c, config));
    if (!used.reader.displayName) {
      const query = used.nextPath ? `?${new URLSearchParams({ next: used.nextPath })}` : '';
      return c.redirect(`${accountPath(chrome)}${query}`, 303);
    }
    return c.redirect(used.nextPath || accountPath(chrome), 303);
  });

  app.post(`${ACCOUNT}/name`, readerForm, async (c) => {
    const chrome = await chromeOf(c);
    const t = messagesFor(chrome.edition.language);
    const form = nameForm.parse(await c.req.parseBody());
    const chosen = await chooseDisplayName(db, signedInReader(c).id, form.name, clock.now());
    if (!chosen.ok) {
      const typed = form.name.slice(0, 80);
      return chooseNamePage(c, chrome, {
        name: typed,
        next: form.next ?? '',
        error: t[NAME_ERRORS[chosen.error]],
      });
    }
    return c.redirect(form.next || accountPath(chrome, 'name'), 303);
  });

  app.post(`${ACCOUNT}/notifications`, readerForm, async (c) => {
    const chrome = await chromeOf(c);
    const form = notificationsForm.parse(await c.req.parseBody());
    await setReplyNotifications(db, signedInReader(c).id, form.notify === '1', clock.now());
    return c.redirect(accountPath(chrome, 'notifications'), 303);
  });

  app.post(`${ACCOUNT}/comments/:id/delete`, readerForm, async (c) => {
    const chrome = await chromeOf(c);
    const params = commentParams.safeParse(c.req.param());
    const removed = params.success
      ? await removeOwnComment(db, { readerId: signedInReader(c).id, commentId: params.data.id }, clock.now())
      : { ok: false };
    return c.redirect(accountPath(chrome, removed.ok ? 'comment-deleted' : 'comment-gone'), 303);
  });

  app.get(`${ACCOUNT}/delete`, async (c) => {
    const chrome = await chromeOf(c);
    if (!c.get('reader')) return c.redirect(accountPath(chrome), 303);
    const t = messagesFor(chrome.edition.language);
    const meta = readerPageMeta(
      chrome,
      t.readerDeleteTitle,
      `${readerAccountPath(chrome.edition.code)}/delete`,
    );
    return sendPersonalPage(
      c,
      <DeleteAccountPage chrome={chrome} meta={meta} csrf={c.get('readerCsrfToken') ?? ''} />,
    );
  });

  app.post(`${ACCOUNT}/delete`, readerForm, async (c) => {
    const chrome = await chromeOf(c);
    const t = messagesFor(chrome.edition.language);
    await deleteReaderAccount(db, signedInReader(c).id, clock.now());
    clearReaderCookie(c, isSecureRequest(c, config));
    return message(c, chrome, t.readerDeletedTitle, t.readerDeletedText);
  });

  app.post(`${ACCOUNT}/sign-out`, readerForm, async (c) => {
    const chrome = await chromeOf(c);
    const token = getCookie(c, READER_COOKIE);
    if (token) await endReaderSession(db, token);
    clearReaderCookie(c, isSecureRequest(c, config));
    return c.redirect(accountPath(chrome, 'signed-out'), 303);
  });

  /** Everything the site keeps about the reader: profile, comments, reports; nobody else's. */
  app.get(`${ACCOUNT}/data.json`, async (c) => {
    const chrome = await chromeOf(c);
    const signedIn = c.get('reader');
    const reader = signedIn && (await findReader(db, signedIn.id));
    if (!reader) return c.redirect(accountPath(chrome), 303);
    const [comments, reports] = await Promise.all([
      listCommentsByReader(db, reader.id),
      listReportsByReader(db, reader.id),
    ]);
    const data = {
      exportedAt: clock.now().toISOString(),
      profile: reader,
      comments: comments.map((comment) => ({
        ...comment,
        articleUrl: comment.articleUrl && `${config.publicUrl}${comment.articleUrl}`,
      })),
      reports,
    };
    c.header('cache-control', 'no-store');
    c.header('x-robots-tag', 'noindex');
    c.header('content-disposition', `attachment; filename="account-${reader.id}.json"`);
    return c.body(JSON.stringify(data, null, 2), 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  /** The List-Unsubscribe URL of reply mail. GET asks (link scanners must stop nothing); POST stops it. */
  async function replyUnsubscribe(c: Context<AppEnv>, act: boolean) {
    const chrome = await chromeOf(c);
    const t = messagesFor(chrome.edition.language);
    const query = unsubscribeQuery.safeParse(c.req.query());
    const now = clock.now();
    if (
      !query.success ||
      !validReplyUnsubscribe(await loadReaderLinkKey(db, now), query.data.sig, query.data.r)
    ) {
      return refuseReader(deps, c, 400, (m) => ({
        title: m.readerInvalidLinkTitle,
        text: m.readerInvalidLinkText,
      }));
    }
    const path = `${readerAccountPath(chrome.edition.code)}/replies/unsubscribe`;
    if (!act) {
      const action = `${path}?${new URLSearchParams({ r: query.data.r, sig: query.data.sig })}`;
      const meta = readerPageMeta(chrome, t.readerUnsubscribeTitle, path);
      return sendPersonalPage(c, <ReplyUnsubscribePage chrome={chrome} meta={meta} action={action} />);
    }
    // A deleted reader gets no mail either: the answer is the same.
    await setReplyNotifications(db, query.data.r, false, now);
    return message(c, chrome, t.readerUnsubscribeTitle, t.readerUnsubscribedText);
  }

  app.get(`${ACCOUNT}/replies/unsubscribe`, (c) => replyUnsubscribe(c, false));
  // RFC 8058: mail providers POST here from their servers, without cookies or Origin: the signed URL is the authority.
  app.post(`${ACCOUNT}/replies/unsubscribe`, (c) => replyUnsubscribe(c, true));

  return app;
}
