/**
 * Readers' sessions on the public site: the `sahifa_reader` cookie, apart
 * from the newsroom's `sahifa_session` (src/accounts), which alone opens
 * /admin. Mounted only on the routes that need a reader (their account, and
 * the comment forms): cached public pages never depend on who reads them.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { isSecureRequest } from '../accounts/middleware.js';
import { sameSecret } from '../accounts/secrets.js';
import { cachedEditions, loadChrome } from '../editions/chrome.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
import type { Chrome, PageMeta } from '../ui/Layout.js';
import { readerAccountPath } from './links.js';
import type { SignedInReader } from './reader.js';
import { lookupReaderSession } from './store.js';
import { ReaderMessagePage } from './views.js';

export const READER_COOKIE = 'sahifa_reader';

type ReaderDeps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'cache'>;

/** Max-Age rather than Expires: the browser's clock need not agree with ours. */
export function setReaderCookie(c: Context<AppEnv>, token: string, lifetimeMs: number, secure: boolean) {
  setCookie(c, READER_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    maxAge: Math.floor(lifetimeMs / 1000),
  });
}

export const clearReaderCookie = (c: Context<AppEnv>, secure: boolean) =>
  deleteCookie(c, READER_COOKIE, { path: '/', secure });

/** Sets `c.var.reader` and `c.var.readerCsrfToken` from the reader's cookie, if it names a live session. */
export function readerSession(deps: ReaderDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, READER_COOKIE);
    if (token) {
      const now = deps.clock.now();
      const secure = isSecureRequest(c, deps.config);
      // Our tokens are 43 characters: anything much longer names no session and is not hashed.
      const session = token.length <= 100 ? await lookupReaderSession(deps.db, token, now) : undefined;
      if (session?.kind === 'active') {
        c.set('reader', session.reader);
        c.set('readerCsrfToken', session.csrfToken);
        if (session.extendedTo)
          setReaderCookie(c, token, session.extendedTo.getTime() - now.getTime(), secure);
      } else {
        clearReaderCookie(c, secure);
      }
    }
    await next();
  };
}

/** Personal pages are never cached or indexed. */
export async function sendPersonalPage(
  c: Context<AppEnv>,
  page: JSX.Element,
  status: 200 | 400 | 401 | 403 | 404 | 410 | 429 = 200,
) {
  c.header('cache-control', 'no-store');
  c.header('x-robots-tag', 'noindex');
  return c.html(`<!doctype html>${await page.toString()}`, status);
}

/** The chrome of the edition in the URL; else the reader's; else the first edition. */
export async function readerChrome(deps: ReaderDeps, c: Context<AppEnv>): Promise<Chrome> {
  const editions = await cachedEditions(deps);
  const candidates = [c.req.param('edition'), c.get('reader')?.editionCode, editions[0]?.code];
  const code = candidates.find((candidate) => editions.some((e) => e.code === candidate));
  return loadChrome(deps, code ?? '', c);
}

export const readerPageMeta = (chrome: Chrome, title: string, path: string): PageMeta => ({
  title: `${title} | ${chrome.edition.name}`,
  description: title,
  canonical: `${chrome.publicUrl}${path}`,
  ogType: 'website',
  noindex: true,
});

/** A short page saying why a reader's request was refused, with the way to their account. */
export async function refuseReader(
  deps: ReaderDeps,
  c: Context<AppEnv>,
  status: 400 | 401 | 403 | 404 | 410 | 429,
  pick: (t: Messages) => { title: string; text: string },
) {
  const chrome = await readerChrome(deps, c);
  const t = messagesFor(chrome.edition.language);
  const { title, text } = pick(t);
  const path = readerAccountPath(chrome.edition.code);
  const link = { href: path, label: c.get('reader') ? t.readerBackToAccount : t.readerSignInTitle };
  const page = (
    <ReaderMessagePage
      chrome={chrome}
      meta={readerPageMeta(chrome, title, path)}
      title={title}
      text={text}
      link={link}
    />
  );
  return sendPersonalPage(c, page, status);
}

/**
 * A POST must come from this site's own pages (Origin or Sec-Fetch-Site), as
 * the newsletter forms: for the forms of someone not signed in yet.
 */
export function requireSameSite(deps: ReaderDeps): MiddlewareHandler<AppEnv> {
  const sameSite = csrf({
    origin: (origin, c) =>
      [new URL(c.req.url).origin, new URL(deps.config.publicUrl).origin].includes(origin),
  });
  return async (c, next) => {
    try {
      await sameSite(c, async () => {});
    } catch (error) {
      if (!(error instanceof HTTPException)) throw error;
      return refuseReader(deps, c, 403, (t) => ({
        title: t.readerForbiddenTitle,
        text: t.readerForbiddenText,
      }));
    }
    await next();
  };
}

/**
 * A signed-in reader's form: from this site, by a signed-in reader, with
 * their session's token as `_csrf`. Mount after `readerSession`.
 */
export function requireReaderCsrf(deps: ReaderDeps): MiddlewareHandler<AppEnv> {
  const sameSite = requireSameSite(deps);
  return async (c, next) => {
    const refused = await sameSite(c, async () => {});
    if (refused) return refused;
    const expected = c.get('readerCsrfToken');
    if (!c.get('reader') || !expected) {
      return refuseReader(deps, c, 401, (t) => ({
        title: t.readerSessionEndedTitle,
        text: t.readerSessionEndedText,
      }));
    }
    const form = await c.req.parseBody().catch((): Record<string, unknown> => ({}));
    const sent = form._csrf;
    if (typeof sent !== 'string' || !sameSecret(sent, expected)) {
      return refuseReader(deps, c, 403, (t) => ({
        title: t.readerForbiddenTitle,
        text: t.readerForbiddenText,
      }));
    }
    await next();
  };
}

/** The reader `requireReaderCsrf` (or a route's own check) let through. */
export function signedInReader(c: Context<AppEnv>): SignedInReader {
  const reader = c.get('reader');
  if (!reader) throw new Error('signedInReader() used on a route without a signed-in reader');
  return reader;
}
