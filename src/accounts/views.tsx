import type { Child } from 'hono/jsx';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import type { OutboxEntry, OutboxMessage } from '../mail/outbox.js';
import { siteAssets } from '../ui/assets.js';
import { CsrfField, type FieldErrors, Notice, PostForm, TextField } from '../ui/forms.js';

// The form kit lives in ui/forms.tsx; these names stay importable from here for the desk's views.
export {
  CsrfField as Csrf,
  FieldError,
  type FieldErrors,
  invalidAttributes,
  Notice,
  PostForm,
  TextField,
} from '../ui/forms.js';

import { canManageAgencies, canUseAdsDesk, isEditorial, type SignedInUser } from './policy.js';

interface PageBase {
  language: string;
  user?: SignedInUser | undefined;
  csrf?: string | undefined;
}

export function AdminLayout({
  language,
  user,
  csrf,
  title,
  children,
}: PageBase & { title: string; children: Child }) {
  const t = messagesFor(language);
  const assets = siteAssets();
  return (
    <html lang={language} dir={t.direction}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · ${t.adminTitle}`}</title>
        <link rel="stylesheet" href={assets.css.path} />
        <link rel="stylesheet" href={assets.deskCss.path} />
        <link rel="icon" type="image/svg+xml" href={assets.icon.path} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="masthead">
          <div class="wrap masthead-top admin-bar">
            <a class="brand" href="/admin">
              {t.adminTitle}
            </a>
            {user && (
              <nav class="admin-nav" aria-label={t.adminTitle}>
                {user.role !== 'sales' && <a href="/admin/wire">{t.wireDeskTitle}</a>}
                {user.role !== 'sales' && <a href="/admin/comments">{t.moderationNav}</a>}
                {user.role !== 'sales' && <a href="/admin/live">{t.liveDeskNav}</a>}
                {user.role !== 'sales' && <a href="/admin/events">{t.eventsDeskNav}</a>}
                {user.role !== 'sales' && <a href="/admin/podcasts">{t.podcastDeskNav}</a>}
                {isEditorial(user) && <a href="/admin/front">{t.frontDeskNav}</a>}
                {isEditorial(user) && <a href="/admin/newsletters">{t.newsletterAdminNav}</a>}
                {canUseAdsDesk(user) && <a href="/admin/ads">{t.adsDeskNav}</a>}
                {user.role === 'admin' && <a href="/admin/integrations">{t.integrationsTitle}</a>}
                {user.role === 'admin' && <a href="/admin/editions">{t.adminEditionsNav}</a>}
                {canManageAgencies(user) && <a href="/admin/agencies">{t.agenciesNav}</a>}
                {user.role === 'admin' && <a href="/admin/users">{t.adminUsersNav}</a>}
                {user.role === 'admin' && <a href="/admin/audit">{t.adminAuditNav}</a>}
                {user.role === 'admin' && <a href="/admin/system">{t.systemNav}</a>}
              </nav>
            )}
            {user && csrf && (
              <form method="post" action="/admin/sign-out" class="admin-inline-form">
                <CsrfField token={csrf} />
                <span>{format(t.adminSignedInAs, { email: user.email })}</span>{' '}
                <button type="submit" class="button">
                  {t.adminSignOut}
                </button>
              </form>
            )}
          </div>
        </header>
        <main id="main" class="wrap admin">
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

export function SignInPage(
  props: PageBase & {
    csrf: string;
    email: string;
    next: string | undefined;
    errors: FieldErrors;
    notice?: string | undefined;
    formError?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} title={t.adminSignIn}>
      <Notice text={props.notice} kind="info" />
      <Notice text={props.formError} kind="error" />
      <PostForm action="/admin/sign-in" csrf={props.csrf} submit={t.adminSignIn}>
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <TextField
          name="email"
          label={t.adminEmail}
          type="email"
          value={props.email}
          errors={props.errors}
          autocomplete="username"
          required
        />
        <TextField
          name="password"
          label={t.adminPassword}
          type="password"
          value={''}
          errors={props.errors}
          autocomplete="current-password"
          required
        />
      </PostForm>
      <p>
        <a href="/admin/password/forgot">{t.adminForgotLink}</a>
      </p>
    </AdminLayout>
  );
}

export function ForgotPasswordPage(
  props: PageBase & { csrf: string; email: string; errors: FieldErrors; sent: boolean },
) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} title={t.adminForgotTitle}>
      {props.sent ? (
        <Notice text={t.adminForgotSent} kind="info" />
      ) : (
        <>
          <p>{t.adminForgotIntro}</p>
          <PostForm action="/admin/password/forgot" csrf={props.csrf} submit={t.adminSendLink}>
            <TextField
              name="email"
              label={t.adminEmail}
              type="email"
              value={props.email}
              errors={props.errors}
              autocomplete="username"
              required
            />
          </PostForm>
        </>
      )}
      <p>
        <a href="/admin/sign-in">{t.adminSignIn}</a>
      </p>
    </AdminLayout>
  );
}

export function ResetPasswordPage(props: PageBase & { csrf: string; token: string; errors: FieldErrors }) {
  const t = messagesFor(props.language);
  const hasErrors = Object.keys(props.errors).length > 0;
  return (
    <AdminLayout language={props.language} title={t.adminResetTitle}>
      <Notice text={hasErrors ? t.adminFormHasErrors : undefined} kind="error" />
      <PostForm action="/admin/password/reset" csrf={props.csrf} submit={t.adminResetSubmit}>
        <input type="hidden" name="token" value={props.token} />
        <TextField
          name="password"
          label={t.adminNewPassword}
          type="password"
          value={''}
          errors={props.errors}
          autocomplete="new-password"
          required
        />
        <TextField
          name="confirmation"
          label={t.adminConfirmPassword}
          type="password"
          value={''}
          errors={props.errors}
          autocomplete="new-password"
          required
        />
      </PostForm>
    </AdminLayout>
  );
}

export function SignInLinkPage(props: PageBase & { csrf: string; token: string; email: string }) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} title={t.adminLinkTitle}>
      <p>{format(t.adminLinkIntro, { email: props.email })}</p>
      <PostForm action="/admin/sign-in/link" csrf={props.csrf} submit={t.adminSignIn}>
        <input type="hidden" name="token" value={props.token} />
      </PostForm>
    </AdminLayout>
  );
}

/** Refusals and dead ends: a title, a sentence, and where to go next. */
/** After a session ended mid-edit: what was sent, to copy, and a sign-in page in another tab. */
export function UnsavedWorkPage(props: { language: string; fields: [string, string][] }) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} title={t.adminUnauthorizedTitle}>
      <p>{t.adminSessionEnded}</p>
      <p>
        <a class="button" href="/admin/sign-in" target="_blank" rel="noopener">
          {t.adminSignInNewTab}
        </a>
      </p>
      {props.fields.length > 0 && (
        <section class="unsaved-work">
          <h2>{t.adminUnsavedWorkTitle}</h2>
          <p>{t.adminUnsavedWorkText}</p>
          {props.fields.map(([name, value]) => (
            <p>
              <label for={`unsaved-${name}`}>{name}</label>
              <textarea
                id={`unsaved-${name}`}
                readonly
                dir="auto"
                rows={Math.min(12, 2 + Math.ceil(value.length / 80))}
              >
                {value}
              </textarea>
            </p>
          ))}
        </section>
      )}
    </AdminLayout>
  );
}

export function MessagePage(
  props: PageBase & { title: string; text: string; link?: { href: string; label: string } | undefined },
) {
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={props.title}>
      <p>{props.text}</p>
      {props.link && (
        <p>
          <a class="button" href={props.link.href}>
            {props.link.label}
          </a>
        </p>
      )}
    </AdminLayout>
  );
}

export const roleName = (t: Messages, role: SignedInUser['role']) =>
  role === 'admin'
    ? t.adminRoleAdmin
    : role === 'editor'
      ? t.adminRoleEditor
      : role === 'sales'
        ? t.adminRoleSales
        : t.adminRoleWriter;

export function OutboxPage(props: PageBase & { user: SignedInUser; csrf: string; entries: OutboxEntry[] }) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.adminOutbox}>
      <p>{t.adminOutboxIntro}</p>
      {props.entries.length === 0 ? (
        <p>{t.adminOutboxEmpty}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.adminDate}</th>
              <th scope="col">{t.adminTo}</th>
              <th scope="col">{t.adminSubject}</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr>
                <td dir="ltr">{e.date}</td>
                <td dir="ltr">{e.to}</td>
                <td>
                  <a href={`/admin/outbox/${e.file}`} dir="auto">
                    {e.subject}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

export function OutboxMessagePage(
  props: PageBase & { user: SignedInUser; csrf: string; message: OutboxMessage },
) {
  const t = messagesFor(props.language);
  const { message } = props;
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.adminOutbox}>
      <dl class="admin-facts">
        <dt>{t.adminDate}</dt>
        <dd dir="ltr">{message.date}</dd>
        <dt>{t.adminTo}</dt>
        <dd dir="ltr">{message.to}</dd>
        <dt>{t.adminSubject}</dt>
        <dd dir="auto">{message.subject}</dd>
      </dl>
      <pre class="admin-mail" dir="auto">
        {message.text}
      </pre>
      <p>
        <a href="/admin/outbox">{t.adminBack}</a>
      </p>
    </AdminLayout>
  );
}
