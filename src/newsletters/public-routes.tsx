import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { z } from 'zod';
import { clientIp } from '../accounts/middleware.js';
import { loadChrome } from '../editions/chrome.js';
import { listEditions, negotiateEdition } from '../editions/queries.js';
import { cacheTags, editionPageTags } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import { renderPage } from '../http/render.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import type { Chrome, PageMeta } from '../ui/Layout.js';
import { loadLinkKey, validSignature } from './links.js';
import {
  ConfirmPage,
  NewsletterMessagePage,
  NewslettersPage,
  newslettersPath,
  PreferencesPage,
  type PublicNewsletter,
  UnsubscribePage,
} from './PublicPages.js';
import {
  confirmPending,
  findNewsletter,
  findSubscriber,
  listNewsletters,
  subscriptionsOf,
  unsubscribe,
  upsertSubscriptions,
} from './queries.js';
import { admitSignup, requestSubscription, subscriberEmail } from './signup.js';

/** Cache tag of an edition's newsletters page: purged when its newsletters change. */

const id = z.string().regex(/^[0-9a-z]{20}$/);
const signature = z.string().regex(/^[\w-]{43}$/);
const confirmQuery = z.object({ s: id, e: z.string().regex(/^\d{1,12}$/), sig: signature });
const preferencesQuery = z.object({ s: id, sig: signature });
const unsubscribeQuery = z.object({ s: id, n: id, sig: signature });
const chosenIds = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const signupForm = z.object({ email: z.unknown(), newsletter: chosenIds });
const preferencesForm = z.object({ newsletter: chosenIds, leave: z.literal('1').optional() });

/** Personal pages (links from mail) are never cached or indexed. */
const personal = (c: Context<AppEnv>) => {
  c.header('cache-control', 'no-store');
  c.header('x-robots-tag', 'noindex');
};

async function sendPage(c: Context<AppEnv>, page: JSX.Element, status: 200 | 400 | 403 | 429 = 200) {
  return c.html(`<!doctype html>${await page.toString()}`, status);
}

const toPublic = (n: {
  id: string;
  name: string;
  description: string;
  schedule: 'manual' | 'daily';
  send_time: string | null;
}): PublicNewsletter => ({
  id: n.id,
  name: n.name,
  description: n.description,
  schedule: n.schedule,
  sendTime: n.send_time,
});

/** The public side: sign-up, confirmation, preferences and the RFC 8058 one-click unsubscribe. */
export function newsletterPublicRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config, clock } = deps;

  const meta = (chrome: Chrome, title: string, path: string, noindex = true): PageMeta => ({
    title: `${title} | ${chrome.edition.name}`,
    description: messagesFor(chrome.edition.language).newsletterPageIntro,
    canonical: `${config.publicUrl}${path}`,
    ogType: 'website',
    noindex,
  });

  const message = async (
    c: Context<AppEnv>,
    chrome: Chrome,
    pick: (t: Messages) => { title: string; text: string },
    status: 200 | 400 | 403 | 429 = 200,
  ) => {
    const { title, text } = pick(messagesFor(chrome.edition.language));
    const path = newslettersPath(chrome.edition.code);
    return sendPage(
      c,
      <NewsletterMessagePage chrome={chrome} meta={meta(chrome, title, path)} title={title} text={text} />,
      status,
    );
  };

  /**
   * The public forms carry no per-user token (their pages are cached and
   * shared): a POST must come from this site, by Origin or Sec-Fetch-Site.
   */
  const sameSite = csrf({
    origin: (origin, c) => [new URL(c.req.url).origin, new URL(config.publicUrl).origin].includes(origin),
  });
  const sameSiteOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
    try {
      await sameSite(c, next);
    } catch (error) {
      if (!(error instanceof HTTPException)) throw error;
      const chrome = await loadChrome(deps, c.req.param('edition') ?? '', c);
      return message(
        c,
        chrome,
        (t) => ({ title: t.newsletterForbiddenTitle, text: t.newsletterForbiddenText }),
        403,
      );
    }
  };

  app.get('/newsletters', async (c) => {
    const edition = negotiateEdition(await listEditions(db), c.req.header('accept-language'));
    if (!edition) throw notFound('No editions yet');
    c.header('vary', 'Accept-Language');
    c.header('cache-control', 'public, max-age=0, s-maxage=300');
    return c.redirect(newslettersPath(edition.code), 302);
  });

  app.get('/:edition{[a-z]{2,3}}/newsletters', async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const code = chrome.edition.code;
    const newsletters = (await listNewsletters(db, [code])).map(toPublic);
    const t = messagesFor(chrome.edition.language);
    const page = (
      <NewslettersPage
        chrome={chrome}
        meta={meta(chrome, t.newsletterPageTitle, newslettersPath(code), false)}
        newsletters={newsletters}
      />
    );
    return renderPage(c, page, [cacheTags.newsletters(code), ...editionPageTags(code)]);
  });

  app.post('/:edition{[a-z]{2,3}}/newsletters', sameSiteOnly, async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const { edition } = chrome;
    const t = messagesFor(edition.language);
    const form = signupForm.safeParse(await c.req.parseBody({ all: true }));
    const offered = await listNewsletters(db, [edition.code]);
    const chosen = form.success ? form.data.newsletter : [];
    // Only what the reader ticked: no box is ticked for them, and none ticked is refused.
    const wanted = offered.filter((n) => chosen.includes(n.id));
    const email = subscriberEmail.safeParse(form.success ? form.data.email : undefined);
    if (!email.success || wanted.length === 0) {
      const key = email.success ? undefined : email.error.issues[0]?.message;
      const typed = form.success && typeof form.data.email === 'string' ? form.data.email.slice(0, 254) : '';
      const page = (
        <NewslettersPage
          chrome={chrome}
          meta={meta(chrome, t.newsletterPageTitle, newslettersPath(edition.code))}
          newsletters={offered.map(toPublic)}
          email={typed}
          chosen={chosen}
          errors={{
            email: key && key in t ? String(t[key as keyof Messages]) : key && t.newsletterErrorEmail,
            newsletters: wanted.length === 0 ? t.newsletterErrorChoose : undefined,
          }}
        />
      );
      return sendPage(c, page, 400);
    }
    const now = clock.now();
    if (!(await admitSignup(db, { email: email.data, ip: clientIp(c, config) }, now))) {
      return message(
        c,
        chrome,
        (m) => ({ title: m.newsletterThrottledTitle, text: m.newsletterThrottledText }),
        429,
      );
    }
    // What depends on the address's state runs after the answer, so its timing tells nothing either.
    const signup = {
      email: email.data,
      newsletterIds: wanted.map((n) => n.id),
      edition,
      sender: wanted[0]?.sender ?? config.mailFrom,
    };
    deps.background.run('newsletter sign-up', () =>
      requestSubscription(
        { db, mailer: deps.mailer, logger: deps.logger, publicUrl: config.publicUrl },
        signup,
        now,
      ),
    );
    // The same answer whatever the address's state: the page must not tell who subscribes.
    return message(c, chrome, (m) => ({
      title: m.newsletterCheckInboxTitle,
      text: format(m.newsletterCheckInboxText, { email: email.data }),
    }));
  });

  const invalidLink = (c: Context<AppEnv>, chrome: Chrome) =>
    message(
      c,
      chrome,
      (t) => ({ title: t.newsletterInvalidLinkTitle, text: t.newsletterInvalidLinkText }),
      400,
    );

  /**
   * The confirmation link. GET only asks, with a button: mail scanners and
   * link previews open links too, and must not confirm a subscription nobody
   * asked for. The POST (same site, from that button) confirms.
   */
  async function confirmation(c: Context<AppEnv>, act: boolean) {
    personal(c);
    const chrome = await loadChrome(deps, c.req.param('edition') ?? '', c);
    const now = clock.now();
    const query = confirmQuery.safeParse(c.req.query());
    if (!query.success) return invalidLink(c, chrome);
    const { s, e, sig } = query.data;
    const key = await loadLinkKey(db, now);
    const expired = Number(e) * 1000 < now.getTime();
    const subscriber = await findSubscriber(db, s);
    if (!validSignature(key, sig, 'confirm', s, e) || expired || !subscriber) return invalidLink(c, chrome);
    const t = messagesFor(chrome.edition.language);
    const pending = (await subscriptionsOf(db, s)).some((x) => x.status === 'pending');
    if (!act && pending) {
      const path = `${newslettersPath(chrome.edition.code)}/confirm`;
      const page = (
        <ConfirmPage
          chrome={chrome}
          meta={meta(chrome, t.newsletterConfirmTitle, path)}
          email={subscriber.email}
          action={`${path}?${new URLSearchParams({ s, e, sig })}`}
        />
      );
      return sendPage(c, page);
    }
    const confirmed = act ? await confirmPending(db, s, now) : 0;
    return message(c, chrome, (m) => ({
      title: m.newsletterConfirmedTitle,
      text:
        confirmed > 0
          ? format(m.newsletterConfirmedText, { email: subscriber.email })
          : m.newsletterAlreadyConfirmedText,
    }));
  }

  app.get('/:edition{[a-z]{2,3}}/newsletters/confirm', (c) => confirmation(c, false));
  app.post('/:edition{[a-z]{2,3}}/newsletters/confirm', sameSiteOnly, (c) => confirmation(c, true));

  /** The signed preference page: the link in every mail is the subscriber's key to it. */
  async function preferences(c: Context<AppEnv>, save: boolean) {
    personal(c);
    const chrome = await loadChrome(deps, c.req.param('edition') ?? '', c);
    const now = clock.now();
    const query = preferencesQuery.safeParse(c.req.query());
    if (!query.success) return invalidLink(c, chrome);
    const { s, sig } = query.data;
    const subscriber = await findSubscriber(db, s);
    if (!validSignature(await loadLinkKey(db, now), sig, 'preferences', s) || !subscriber) {
      return invalidLink(c, chrome);
    }
    const offered = await listNewsletters(db, [chrome.edition.code]);
    const t = messagesFor(chrome.edition.language);
    let notice: string | undefined;
    if (save) {
      const form = preferencesForm.safeParse(await c.req.parseBody({ all: true }));
      const chosen = form.success && !form.data.leave ? form.data.newsletter : [];
      const keep = offered.filter((n) => chosen.includes(n.id)).map((n) => n.id);
      const leave = offered.filter((n) => !keep.includes(n.id)).map((n) => n.id);
      // Opening this page proves the inbox is theirs: a newsletter chosen here needs no confirmation.
      await upsertSubscriptions(db, s, keep, 'active', now, { keepActive: true });
      for (const newsletterId of leave) await unsubscribe(db, s, newsletterId, now);
      notice = keep.length === 0 ? t.newsletterLeftAll : t.newsletterPreferencesSaved;
    }
    const subscribed = (await subscriptionsOf(db, s))
      .filter((x) => x.status !== 'unsubscribed')
      .map((x) => x.newsletter_id);
    const path = `${newslettersPath(chrome.edition.code)}/preferences`;
    const page = (
      <PreferencesPage
        chrome={chrome}
        meta={meta(chrome, t.newsletterPreferencesTitle, path)}
        email={subscriber.email}
        newsletters={offered.map(toPublic)}
        subscribed={subscribed}
        action={`${path}?${new URLSearchParams({ s, sig })}`}
        notice={notice}
      />
    );
    return sendPage(c, page);
  }

  app.get('/:edition{[a-z]{2,3}}/newsletters/preferences', (c) => preferences(c, false));
  app.post('/:edition{[a-z]{2,3}}/newsletters/preferences', sameSiteOnly, (c) => preferences(c, true));

  /** The List-Unsubscribe URL. GET asks (link scanners must not unsubscribe anyone); POST does it. */
  async function oneClick(c: Context<AppEnv>, act: boolean) {
    personal(c);
    const now = clock.now();
    const query = unsubscribeQuery.safeParse(c.req.query());
    const newsletter = query.success ? await findNewsletter(db, query.data.n) : undefined;
    const editions = await listEditions(db);
    const fallback = negotiateEdition(editions, c.req.header('accept-language'));
    const chrome = await loadChrome(deps, newsletter?.edition_code ?? fallback?.code ?? '', c);
    if (!query.success || !newsletter) return invalidLink(c, chrome);
    const { s, n, sig } = query.data;
    if (!validSignature(await loadLinkKey(db, now), sig, 'unsubscribe', s, n)) return invalidLink(c, chrome);
    const t = messagesFor(chrome.edition.language);
    if (!act) {
      const page = (
        <UnsubscribePage
          chrome={chrome}
          meta={meta(chrome, t.newsletterUnsubscribeTitle, '/newsletters/unsubscribe')}
          name={newsletter.name}
          action={`/newsletters/unsubscribe?${new URLSearchParams({ s, n, sig })}`}
        />
      );
      return sendPage(c, page);
    }
    await unsubscribe(db, s, n, now);
    return message(c, chrome, (m) => ({
      title: m.newsletterUnsubscribeTitle,
      text: format(m.newsletterUnsubscribedText, { name: newsletter.name }),
    }));
  }

  app.get('/newsletters/unsubscribe', (c) => oneClick(c, false));
  // RFC 8058: mail providers POST here from their servers, without cookies or Origin: the signed URL is the authority.
  app.post('/newsletters/unsubscribe', (c) => oneClick(c, true));

  return app;
}
