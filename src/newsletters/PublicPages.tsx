import type { Edition } from '../editions/queries.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { type Chrome, Layout, type PageMeta } from '../ui/Layout.js';
import { fillParts } from '../ui/template.js';

/** A newsletter as the public pages show it. */
export interface PublicNewsletter {
  id: string;
  name: string;
  description: string;
  schedule: 'manual' | 'daily';
  sendTime: string | null;
}

export const newslettersPath = (editionCode: string) => `/${editionCode}/newsletters`;

const scheduleText = (t: Messages, n: PublicNewsletter) =>
  n.schedule === 'daily' && n.sendTime
    ? format(t.newsletterScheduleDaily, { time: n.sendTime })
    : t.newsletterScheduleManual;

/** A box per newsletter, ticked only when the reader ticked it (a refused form shown again). */
function NewsletterChoices({
  newsletters,
  chosen,
  idPrefix,
  t,
}: {
  newsletters: PublicNewsletter[];
  chosen: string[];
  idPrefix: string;
  t: Messages;
}) {
  return (
    <ul class="newsletter-choices">
      {newsletters.map((n) => (
        <li>
          <input
            type="checkbox"
            name="newsletter"
            value={n.id}
            id={`${idPrefix}-${n.id}`}
            checked={chosen.includes(n.id)}
          />
          <label for={`${idPrefix}-${n.id}`}>
            <strong>{n.name}</strong> <span class="newsletter-when">{scheduleText(t, n)}</span>
            {n.description && <span class="newsletter-description">{n.description}</span>}
          </label>
        </li>
      ))}
    </ul>
  );
}

/**
 * The short form at the end of articles: the edition's newsletters, none ticked (the reader
 * chooses; nothing is signed up for unasked), and the address. No token: public pages are
 * cached and shared; the Origin check and the double opt-in protect it. Nothing when the
 * edition has no newsletter.
 */
export function NewsletterSignup({
  edition,
  newsletters,
}: {
  edition: Edition;
  newsletters: PublicNewsletter[];
}) {
  const t = messagesFor(edition.language);
  if (newsletters.length === 0) return null;
  return (
    <section class="newsletter-signup" aria-labelledby="newsletter-signup">
      <h2 id="newsletter-signup">{t.newsletterSignupHeading}</h2>
      <p>{t.newsletterSignupText}</p>
      <form method="post" action={newslettersPath(edition.code)}>
        <fieldset>
          <legend>{t.newsletterChoose}</legend>
          <NewsletterChoices newsletters={newsletters} chosen={[]} idPrefix="nls" t={t} />
        </fieldset>
        <label for="newsletter-email">{t.newsletterEmailLabel}</label>
        <input id="newsletter-email" name="email" type="email" autocomplete="email" dir="ltr" required />
        <button type="submit" class="button">
          {t.newsletterSubscribe}
        </button>
      </form>
      <p>
        <a href={newslettersPath(edition.code)}>{t.newsletterChooseLink}</a>
      </p>
    </section>
  );
}

export function NewslettersPage(props: {
  chrome: Chrome;
  meta: PageMeta;
  newsletters: PublicNewsletter[];
  email?: string;
  chosen?: string[];
  errors?: { email?: string | undefined; newsletters?: string | undefined };
}) {
  const t = messagesFor(props.chrome.edition.language);
  const { errors = {} } = props;
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{t.newsletterPageTitle}</h1>
      <p>{t.newsletterPageIntro}</p>
      {props.newsletters.length === 0 ? (
        <p>{t.newsletterNone}</p>
      ) : (
        <form method="post" action={newslettersPath(props.chrome.edition.code)} class="newsletter-form">
          <fieldset {...(errors.newsletters ? { 'aria-describedby': 'newsletters-error' } : {})}>
            <legend>{t.newsletterChoose}</legend>
            {errors.newsletters && (
              <p class="newsletter-error" id="newsletters-error" role="alert">
                {errors.newsletters}
              </p>
            )}
            <NewsletterChoices
              newsletters={props.newsletters}
              chosen={props.chosen ?? []}
              idPrefix="nl"
              t={t}
            />
          </fieldset>
          <p>
            <label for="newsletter-page-email">{t.newsletterEmailLabel}</label>
            <input
              id="newsletter-page-email"
              name="email"
              type="email"
              autocomplete="email"
              dir="ltr"
              required
              value={props.email}
              {...(errors.email ? { 'aria-invalid': 'true', 'aria-describedby': 'email-error' } : {})}
            />
            {errors.email && (
              <span class="newsletter-error" id="email-error" role="alert">
                {errors.email}
              </span>
            )}
          </p>
          <p>
            <button type="submit" class="button">
              {t.newsletterSubscribe}
            </button>
          </p>
        </form>
      )}
    </Layout>
  );
}

/** Outcomes and dead ends: a title, a sentence, a way back. */
export function NewsletterMessagePage(props: {
  chrome: Chrome;
  meta: PageMeta;
  title: string;
  text: string;
}) {
  const t = messagesFor(props.chrome.edition.language);
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{props.title}</h1>
      <p>{props.text}</p>
      <p>
        <a href={newslettersPath(props.chrome.edition.code)}>{t.newsletterBackToNewsletters}</a>
      </p>
    </Layout>
  );
}

export function PreferencesPage(props: {
  chrome: Chrome;
  meta: PageMeta;
  email: string;
  newsletters: PublicNewsletter[];
  subscribed: string[];
  action: string;
  notice?: string | undefined;
}) {
  const t = messagesFor(props.chrome.edition.language);
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{t.newsletterPreferencesTitle}</h1>
      {props.notice && (
        <p class="newsletter-notice" role="status">
          {props.notice}
        </p>
      )}
      <p>
        {t.newsletterPreferencesIntro} <bdi dir="ltr">{props.email}</bdi>
      </p>
      <form method="post" action={props.action} class="newsletter-form">
        <fieldset>
          <legend>{t.newsletterChoose}</legend>
          <ul class="newsletter-choices">
            {props.newsletters.map((n) => (
              <li>
                <input
                  type="checkbox"
                  name="newsletter"
                  value={n.id}
                  id={`nl-${n.id}`}
                  checked={props.subscribed.includes(n.id)}
                />
                <label for={`nl-${n.id}`}>
                  <strong>{n.name}</strong> <span class="newsletter-when">{scheduleText(t, n)}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <p>
          <button type="submit" class="button">
            {t.newsletterSave}
          </button>{' '}
          <button type="submit" name="leave" value="1" class="button">
            {t.newsletterLeaveAll}
          </button>
        </p>
      </form>
    </Layout>
  );
}

/** The page a confirmation link opens: one button, so that only a person confirms. */
export function ConfirmPage(props: { chrome: Chrome; meta: PageMeta; email: string; action: string }) {
  const t = messagesFor(props.chrome.edition.language);
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{t.newsletterConfirmTitle}</h1>
      <p>{fillParts(t.newsletterConfirmQuestion, { email: <bdi dir="ltr">{props.email}</bdi> })}</p>
      <form method="post" action={props.action}>
        <button type="submit" class="button">
          {t.newsletterConfirmButton}
        </button>
      </form>
    </Layout>
  );
}

export function UnsubscribePage(props: { chrome: Chrome; meta: PageMeta; name: string; action: string }) {
  const t = messagesFor(props.chrome.edition.language);
  return (
    <Layout chrome={props.chrome} meta={props.meta}>
      <h1 class="page-title">{t.newsletterUnsubscribeTitle}</h1>
      <p>{fillParts(t.newsletterUnsubscribeQuestion, { name: <bdi>{props.name}</bdi> })}</p>
      <form method="post" action={props.action}>
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit" class="button">
          {t.newsletterUnsubscribeButton}
        </button>
      </form>
    </Layout>
  );
}
