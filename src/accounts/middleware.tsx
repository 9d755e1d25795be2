import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Config } from '../config.js';
import type { UserRole } from '../db/schema.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { availableLanguages, format, type Messages, messagesFor } from '../i18n/messages.js';
import type { SignedInUser } from './policy.js';
import { ensureSecret } from './queries.js';
import { randomToken, sameSecret } from './secrets.js';
import { lookupSession, SESSION_COOKIE } from './sessions.js';
import { MessagePage, UnsavedWorkPage } from './views.js';

/** Before sign-in, forms carry a token matching this signed cookie (double submit). */
export const CSRF_COOKIE = 'sahifa_csrf';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Multipart bodies carry image uploads, which media/upload.ts refuses above 15 MB: room for those and the fields. */
export const MAX_MULTIPART_BODY_BYTES = 16 * 1024 * 1024;
/** Every other admin form is text. */
export const MAX_FORM_BODY_BYTES = 1024 * 1024;
/** The podcast desk's forms carry an episode's audio (src/podcasts/audio.ts: at most 200 MB) with its other files. */
export const PODCAST_DESK_PREFIX = '/admin/podcasts/';
export const MAX_PODCAST_BODY_BYTES = 220 * 1024 * 1024;

/** Whether cookies get `Secure`: the request came over https, or the site is public over https. */
export function isSecureRequest(c: Context<AppEnv>, config: Config): boolean {
  const forwarded = config.trustProxy && c.req.header('x-forwarded-proto') === 'https';
  return forwarded || new URL(c.req.url).protocol === 'https:' || config.publicUrl.startsWith('https:');
}

/**
 * The client's address: from the connection, or (TRUST_PROXY=1) the last
 * X-Forwarded-For entry, the one our own proxy added; earlier entries are
 * whatever the client claimed. 'unknown' without a socket (app.request() in tests).
 */
export function clientIp(c: Context<AppEnv>, config: Config): string {
  if (config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The admin pages' language: the user's, else the browser's first available one, else English. */
export function adminLanguage(c: Context<AppEnv>): string {
  const user = c.get('user');
  if (user) return user.language;
  const available = availableLanguages();
  for (const part of (c.req.header('accept-language') ?? '').split(',')) {
    const primary = part.split(';')[0]?.trim().split('-')[0]?.toLowerCase() ?? '';
    if (available.includes(primary)) return primary;
  }
  return 'en';
}

export async function sendAdminPage(
  c: Context<AppEnv>,
  page: JSX.Element,
  status: ContentfulStatusCode = 200,
) {
  return c.html(`<!doctype html>${await page.toString()}`, status);
}

/** A short page saying why a request was refused or found nothing, with an optional way back. */
export function refuse(
  c: Context<AppEnv>,
  status: 401 | 403 | 404 | 413 | 429,
  pick: (t: Messages) => { title: string; text: string; link?: { href: string; label: string } },
) {
  const language = adminLanguage(c);
  const { title, text, link } = pick(messagesFor(language));
  return sendAdminPage(
    c,
    <MessagePage
      language={language}
      title={title}
      text={text}
      link={link}
      user={c.get('user')}
      csrf={c.get('csrfToken')}
    />,
    status,
  );
}

/**
 * Everything under /admin: never cached or indexed; the session (if any) is
 * read, and every state-changing request must carry the CSRF token and must
 * not come from another site.
 */
export function adminArea(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const { db, config, clock } = deps;
  let secret: Promise<string> | undefined;
  const csrfSecret = () => {
    secret ??= ensureSecret(db, 'csrf-cookie', randomToken, clock.now());
    secret.catch(() => {
      secret = undefined;
    });
    return secret;
  };

  const tooLargeFor = (maxBytes: number) => (c: Context<AppEnv>) =>
    refuse(c, 413, (t) => ({
      title: t.adminBodyTooLargeTitle,
      text: format(t.adminBodyTooLargeText, { limit: String(maxBytes / 1024 / 1024) }),
    }));
  const multipartLimit = bodyLimit({
    maxSize: MAX_MULTIPART_BODY_BYTES,
    onError: tooLargeFor(MAX_MULTIPART_BODY_BYTES),
  });
  const formLimit = bodyLimit({ maxSize: MAX_FORM_BODY_BYTES, onError: tooLargeFor(MAX_FORM_BODY_BYTES) });
  const podcastLimit = bodyLimit({
    maxSize: MAX_PODCAST_BODY_BYTES,
    onError: tooLargeFor(MAX_PODCAST_BODY_BYTES),
  });
  const limitFor = (c: Context<AppEnv>) =>
    !isMultipart(c) ? formLimit : c.req.path.startsWith(PODCAST_DESK_PREFIX) ? podcastLimit : multipartLimit;

  return async (c, next) => {
    const now = clock.now();
    const secure = isSecureRequest(c, config);
    let sessionCsrf: string | undefined;
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const session = await lookupSession(db, token, now);
      if (session.kind === 'active') {
        c.set('user', session.user);
        sessionCsrf = session.csrfToken;
        if (session.extendedTo)
          setSessionCookie(c, token, session.extendedTo.getTime() - now.getTime(), secure);
      } else {
        c.set('sessionEnded', true);
        deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
      }
    }
    // Before anything reads the body (the CSRF check does): an oversized request is refused unread.
    const tooLarge = await limitFor(c)(c, async () => {});
    const cookieCsrf = (await getSignedCookie(c, await csrfSecret(), CSRF_COOKIE)) || undefined;

    const refused =
      !tooLarge &&
      UNSAFE_METHODS.has(c.req.method) &&
      !(await csrfAccepted(c, config, [sessionCsrf, cookieCsrf]));
    if (tooLarge) {
      c.res = tooLarge;
    } else if (refused && c.get('sessionEnded')) {
      // The form was made for a session that has since ended: say so, and hand back what was typed.
      c.res = await unsavedWork(c);
    } else if (refused) {
      c.res = await refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.adminCsrfText }));
    } else {
      let formToken = sessionCsrf ?? cookieCsrf;
      if (!formToken) {
        formToken = randomToken();
        await setSignedCookie(c, CSRF_COOKIE, formToken, await csrfSecret(), {
          path: '/admin',
          httpOnly: true,
          sameSite: 'Lax',
          secure,
        });
      }
      c.set('csrfToken', formToken);
      await next();
    }
    c.header('cache-control', 'no-store');
    c.header('x-robots-tag', 'noindex');
  };
}

const isMultipart = (c: Context<AppEnv>) =>
  (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');

async function csrfAccepted(c: Context<AppEnv>, config: Config, expected: (string | undefined)[]) {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    const own = [new URL(c.req.url).origin, new URL(config.publicUrl).origin];
    if (!own.includes(origin)) return false;
  }
  const form = await c.req.parseBody().catch((): Record<string, unknown> => ({}));
  const field = '_csrf' in form ? form._csrf : undefined;
  const sent = typeof field === 'string' ? field : c.req.header('x-csrf-token');
  if (!sent) return false;
  return expected.some((token) => token !== undefined && sameSecret(sent, token));
}

/** Max-Age rather than Expires: the browser's clock need not agree with ours. */
export function setSessionCookie(c: Context<AppEnv>, token: string, lifetimeMs: number, secure: boolean) {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    maxAge: Math.floor(lifetimeMs / 1000),
  });
}

/** Fields the editor's form sends for the server, not typed by the writer. */
const FORM_MACHINERY = new Set(['version', 'expectedVersion', 'intent', 'saveKind']);

/**
 * A write from someone no longer signed in: nothing is done (401), and every
 * text field they sent is shown back, so signing in again loses none of it.
 */
async function unsavedWork(c: Context<AppEnv>) {
  const form = await c.req.parseBody().catch((): Record<string, unknown> => ({}));
  const fields = Object.entries(form)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '')
    .filter(([name]) => !name.startsWith('_') && !FORM_MACHINERY.has(name));
  const language = adminLanguage(c);
  return sendAdminPage(c, <UnsavedWorkPage language={language} fields={fields} />, 401);
}

/** Lets signed-in users through; others go to the sign-in page (GET) or get a 401. */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return requireRole('admin', 'editor', 'writer');
}

/** Lets users with one of `roles` through; other signed-in users get a 403 page. */
export function requireRole(...roles: UserRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) {
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return unsavedWork(c);
      // The query too: a link to "new article in this edition" must survive signing in.
      const query = new URLSearchParams({ next: c.req.path + new URL(c.req.url).search });
      if (c.get('sessionEnded')) query.set('ended', '1');
      return c.redirect(`/admin/sign-in?${query}`, 302);
    }
    if (!roles.includes(user.role)) {
      return refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.adminForbiddenText }));
    }
    await next();
  };
}

/** The user `requireUser()`/`requireRole()` let through. */
export function signedInUser(c: Context<AppEnv>): SignedInUser {
  const user = c.get('user');
  if (!user) throw new Error('signedInUser() used on a route without requireUser()');
  return user;
}
