import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../http/env.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
import { listOutbox, readOutboxMessage } from '../mail/outbox.js';
import { recordAudit } from './audit.js';
import {
  adminLanguage,
  clientIp,
  isSecureRequest,
  refuse,
  requireRole,
  sendAdminPage,
  setSessionCookie,
  signedInUser,
} from './middleware.js';
import {
  consumeToken,
  deleteSessionsOfUser,
  findUsableToken,
  findUserByEmail,
  findUserById,
  revokeTokensOfUser,
  setPasswordHash,
} from './queries.js';
import { hashPassword, PASSWORD_MIN_LENGTH, tokenHash, verifyDecoy, verifyPassword } from './secrets.js';
import { endSession, SESSION_COOKIE, startSession } from './sessions.js';
import { startSignInAttempt } from './throttle.js';
import { mailResetLink } from './users.js';
import {
  type FieldErrors,
  ForgotPasswordPage,
  MessagePage,
  OutboxMessagePage,
  OutboxPage,
  ResetPasswordPage,
  SignInLinkPage,
  SignInPage,
} from './views.js';

// Messages are keys of the UI strings, so errors are shown in the page's language.
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'adminErrorRequired')
  .max(254, 'adminErrorTooLong')
  .pipe(z.email('adminErrorEmail'));
const password = z.string().min(1, 'adminErrorRequired').max(256, 'adminErrorTooLong');
const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, 'adminErrorPasswordLength')
  .max(256, 'adminErrorTooLong');
const token = z.string().min(20).max(100);
/**
 * Only paths inside the admin area, with a plain query (`?edition=ar`): `next`
 * must never send anyone to another site.
 */
const nextPath = z
  .string()
  .max(500)
  .regex(/^\/admin(\/[\w\-/]*)?(\?[\w\-=&%.]*)?$/)
  .optional()
  .catch(undefined);

const signInForm = z.object({ email, password, next: nextPath });
const forgotForm = z.object({ email });
const resetForm = z
  .object({ token, password: newPassword, confirmation: z.string().max(256) })
  .refine((f) => f.password === f.confirmation, {
    path: ['confirmation'],
    message: 'adminErrorPasswordMismatch',
  });
const tokenForm = z.object({ token });
const signInQuery = z.object({
  next: nextPath,
  ended: z.literal('1').optional(),
  signed_out: z.literal('1').optional(),
});

/** Each field's first message (a UI string key) in the page's language. */
export function fieldErrors(error: z.ZodError, t: Messages): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    const text = issue.message in t ? t[issue.message as keyof Messages] : undefined;
    errors[field] ??= typeof text === 'string' ? text : t.adminErrorRequired;
  }
  return errors;
}

/** A submitted text field, to show it again after a failed submission. */
const submitted = (form: Record<string, unknown>, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.slice(0, 254) : '';
};

const csrfOf = (c: Context<AppEnv>) => c.get('csrfToken') ?? '';

/** Sign-in, sign-out, password reset, one-time links and the outbox (the dashboard is the desk's: newsroom/routes.tsx). */
export function accountRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config, clock, mailer, logger, background } = deps;

  /** A new session for `userId` (the old one, if any, ends), then on to `next`. */
  async function signIn(
    c: Context<AppEnv>,
    userId: string,
    action: 'user.sign_in' | 'user.sign_in_link',
    next = '/admin',
  ) {
    const now = clock.now();
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await endSession(db, previous);
    const session = await startSession(db, userId, now);
    setSessionCookie(
      c,
      session.token,
      session.expiresAt.getTime() - now.getTime(),
      isSecureRequest(c, config),
    );
    await recordAudit(
      db,
      { userId, action, subjectType: 'user', subjectId: userId, details: { ip: clientIp(c, config) } },
      now,
    );
    return c.redirect(next, 303);
  }

  const invalidLink = (c: Context<AppEnv>, t: Messages) =>
    sendAdminPage(
      c,
      <MessagePage
        language={adminLanguage(c)}
        title={t.adminLinkInvalidTitle}
        text={t.adminLinkInvalid}
        link={{ href: '/admin/password/forgot', label: t.adminRequestNewLink }}
      />,
      400,
    );

  app.get('/admin/sign-in', async (c) => {
    if (c.get('user')) return c.redirect('/admin', 302);
    const query = signInQuery.safeParse(c.req.query());
    const t = messagesFor(adminLanguage(c));
    const ended = query.success && query.data.ended;
    const notice = ended
      ? t.adminSessionEnded
      : query.success && query.data.signed_out
        ? t.adminSignedOut
        : undefined;
    const next = query.success ? query.data.next : undefined;
    const page = (
      <SignInPage
        language={adminLanguage(c)}
        csrf={csrfOf(c)}
        email=""
        next={next}
        errors={{}}
        notice={notice}
      />
    );
    return sendAdminPage(c, page);
  });

  app.post('/admin/sign-in', async (c) => {
    const language = adminLanguage(c);
    const t = messagesFor(language);
    const body = await c.req.parseBody();
    const form = signInForm.safeParse(body);
    const again = (status: 401 | 422, errors: FieldErrors, formError?: string) =>
      sendAdminPage(
        c,
        <SignInPage
          language={language}
          csrf={csrfOf(c)}
          email={submitted(body, 'email')}
          next={nextPath.parse(body.next)}
          errors={errors}
          formError={formError}
        />,
        status,
      );
    if (!form.success) return again(422, fieldErrors(form.error, t));
    const now = clock.now();
    const ip = clientIp(c, config);
    // Recorded before the password is checked: concurrent guesses cannot all slip past the count.
    const attempt = await startSignInAttempt(db, { email: form.data.email, ip }, now);
    if (attempt.lockedUntil) {
      const seconds = Math.ceil((attempt.lockedUntil.getTime() - now.getTime()) / 1000);
      c.header('retry-after', String(seconds));
      return refuse(c, 429, (m) => ({ title: m.adminThrottledTitle, text: m.adminThrottledText }));
    }
    const user = await findUserByEmail(db, form.data.email);
    const ok =
      user?.status === 'active' && user.password_hash
        ? await verifyPassword(user.password_hash, form.data.password)
        : await verifyDecoy(form.data.password);
    await attempt.finish(ok);
    if (!ok || !user) return again(401, {}, t.adminBadCredentials);
    return signIn(c, user.id, 'user.sign_in', form.data.next);
  });

  app.post('/admin/sign-out', async (c) => {
    const user = c.get('user');
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await endSession(db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isSecureRequest(c, config) });
    if (user) {
      await recordAudit(
        db,
        { userId: user.id, action: 'user.sign_out', subjectType: 'user', subjectId: user.id },
        clock.now(),
      );
    }
    return c.redirect('/admin/sign-in?signed_out=1', 303);
  });

  app.get('/admin/sign-in/link', async (c) => {
    const t = messagesFor(adminLanguage(c));
    const query = tokenForm.safeParse(c.req.query());
    const userId = query.success
      ? await findUsableToken(db, tokenHash(query.data.token), 'sign_in', clock.now())
      : undefined;
    const user = userId ? await findUserById(db, userId) : undefined;
    if (!query.success || user?.status !== 'active') return invalidLink(c, t);
    // A button rather than signing in on GET: link previews and mail scanners fetch links too.
    const page = (
      <SignInLinkPage language={user.language} csrf={csrfOf(c)} token={query.data.token} email={user.email} />
    );
    return sendAdminPage(c, page);
  });

  app.post('/admin/sign-in/link', async (c) => {
    const t = messagesFor(adminLanguage(c));
    const form = tokenForm.safeParse(await c.req.parseBody());
    const userId = form.success
      ? await consumeToken(db, tokenHash(form.data.token), 'sign_in', clock.now())
      : undefined;
    const user = userId ? await findUserById(db, userId) : undefined;
    if (user?.status !== 'active') return invalidLink(c, t);
    return signIn(c, user.id, 'user.sign_in_link');
  });

  app.get('/admin/password/forgot', (c) => {
    const page = (
      <ForgotPasswordPage language={adminLanguage(c)} csrf={csrfOf(c)} email="" errors={{}} sent={false} />
    );
    return sendAdminPage(c, page);
  });

  app.post('/admin/password/forgot', async (c) => {
    const language = adminLanguage(c);
    const body = await c.req.parseBody();
    const form = forgotForm.safeParse(body);
    if (!form.success) {
      const errors = fieldErrors(form.error, messagesFor(language));
      const page = (
        <ForgotPasswordPage
          language={language}
          csrf={csrfOf(c)}
          email={submitted(body, 'email')}
          errors={errors}
          sent={false}
        />
      );
      return sendAdminPage(c, page, 422);
    }
    // Answered before anything depends on the address: neither the answer nor how long it takes may
    // tell whether the address has an account (looking it up, storing a link and an SMTP round trip would).
    const now = clock.now();
    const address = form.data.email;
    background.run('password reset mail', () =>
      mailResetLink({ db, mailer, publicUrl: config.publicUrl }, address, now),
    );
    const page = <ForgotPasswordPage language={language} csrf={csrfOf(c)} email="" errors={{}} sent={true} />;
    return sendAdminPage(c, page);
  });

  app.get('/admin/password/reset', async (c) => {
    const language = adminLanguage(c);
    const query = tokenForm.safeParse(c.req.query());
    const usable =
      query.success &&
      (await findUsableToken(db, tokenHash(query.data.token), 'password_reset', clock.now()));
    if (!query.success || !usable) return invalidLink(c, messagesFor(language));
    return sendAdminPage(
      c,
      <ResetPasswordPage language={language} csrf={csrfOf(c)} token={query.data.token} errors={{}} />,
    );
  });

  app.post('/admin/password/reset', async (c) => {
    const language = adminLanguage(c);
    const t = messagesFor(language);
    const body = await c.req.parseBody();
    const form = resetForm.safeParse(body);
    const now = clock.now();
    const sentToken = token.safeParse(body.token);
    if (
      !sentToken.success ||
      !(await findUsableToken(db, tokenHash(sentToken.data), 'password_reset', now))
    ) {
      return invalidLink(c, t);
    }
    if (!form.success) {
      const page = (
        <ResetPasswordPage
          language={language}
          csrf={csrfOf(c)}
          token={sentToken.data}
          errors={fieldErrors(form.error, t)}
        />
      );
      return sendAdminPage(c, page, 422);
    }
    const userId = await consumeToken(db, tokenHash(form.data.token), 'password_reset', now);
    const user = userId ? await findUserById(db, userId) : undefined;
    if (user?.status !== 'active') return invalidLink(c, t);
    const hash = await hashPassword(form.data.password);
    // Whoever knew the old password is signed out everywhere, and no older reset link sets it again.
    const ended = await db.transaction().execute(async (trx) => {
      await setPasswordHash(trx, user.id, hash, now);
      const count = await deleteSessionsOfUser(trx, user.id);
      const links = await revokeTokensOfUser(trx, user.id, 'password_reset', now);
      await recordAudit(
        trx,
        {
          userId: user.id,
          action: 'user.password_reset',
          subjectType: 'user',
          subjectId: user.id,
          details: { sessionsEnded: count, resetLinksRevoked: links },
        },
        now,
      );
      return count;
    });
    logger.info({ userId: user.id, sessionsEnded: ended }, 'password reset');
    return signIn(c, user.id, 'user.sign_in');
  });

  app.get('/admin/outbox', requireRole('admin'), async (c) => {
    const user = signedInUser(c);
    const entries = await listOutbox(config.dataDir);
    return sendAdminPage(
      c,
      <OutboxPage language={user.language} user={user} csrf={csrfOf(c)} entries={entries} />,
    );
  });

  app.get('/admin/outbox/:file', requireRole('admin'), async (c) => {
    const user = signedInUser(c);
    const message = await readOutboxMessage(config.dataDir, c.req.param('file'));
    if (!message) {
      return refuse(c, 404, (t) => ({
        title: t.notFoundTitle,
        text: t.notFoundText,
        link: { href: '/admin/outbox', label: t.adminOutbox },
      }));
    }
    return sendAdminPage(
      c,
      <OutboxMessagePage language={user.language} user={user} csrf={csrfOf(c)} message={message} />,
    );
  });

  return app;
}
