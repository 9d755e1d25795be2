import type { Child } from 'hono/jsx';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import type { OutboxEntry, OutboxMessage } from '../mail/outbox.js';
import { siteAssets } from '../ui/assets.js';
import { canManageAgencies, type SignedInUser } from './policy.js';

/** Field name → message shown next to the field. */
export type FieldErrors = Partial<Record<string, string>>;

/** Marks a field invalid and points it at its message (`FieldError`), for screen readers. */
export const invalidAttributes = (name: string, error: string | undefined) =>
  error ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-error` } : {};

/** A field's error message, under the field; its id is what `invalidAttributes` points at. */
export function FieldError({ name, error }: { name: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <span class="admin-error" id={`${name}-error`}>
      {error}
    </span>
  );
}

interface PageBase {
  language: string;
  user?: SignedInUser | undefined;
  csrf?: string | undefined;
}

/**
 * A one-line text field with its label, an optional hint above it and its
 * error below. `id` defaults to the name and is also the key of its error.
 */
export function TextField(props: {
  name: string;
  id?: string;
  label: string;
  hint?: string | undefined;
  value: string;
  errors: FieldErrors;
  maxlength?: number;
  type?: 'text' | 'url' | 'number';
  /** Addresses and numbers read left to right; text follows its own script. */
  dir?: 'ltr' | 'auto';
  optional?: boolean;
}) {
  const id = props.id ?? props.name;
  const type = props.type ?? 'text';
  return (
    <p class="admin-field">
      <label for={id}>{props.label}</label>
      {props.hint && <span class="admin-hint">{props.hint}</span>}
      <input
        id={id}
        name={props.name}
        type={type}
        value={props.value}
        maxlength={props.maxlength}
        dir={props.dir ?? (type === 'text' ? 'auto' : 'ltr')}
        required={!props.optional}
        {...(type === 'number' ? { min: 0, max: 1000, step: 1 } : {})}
        {...invalidAttributes(id, props.errors[id])}
      />
      <FieldError name={id} error={props.errors[id]} />
    </p>
  );
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
                <a href="/admin/wire">{t.wireDeskTitle}</a>
                {user.role !== 'writer' && <a href="/admin/newsletters">{t.newsletterAdminNav}</a>}
                {user.role === 'admin' && <a href="/admin/integrations">{t.integrationsTitle}</a>}
                {user.role === 'admin' && <a href="/admin/editions">{t.adminEditionsNav}</a>}
                {canManageAgencies(user) && <a href="/admin/agencies">{t.agenciesNav}</a>}
                {user.role === 'admin' && <a href="/admin/users">{t.adminUsersNav}</a>}
                {user.role === 'admin' && <a href="/admin/audit">{t.adminAuditNav}</a>}
              </nav>
            )}
            {user && csrf && (
              <form method="post" action="/admin/sign-out" class="admin-inline-form">
                <input type="hidden" name="_csrf" value={csrf} />
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

function Field({
  name,
  label,
  type,
  value,
  error,
  autocomplete,
}: {
  name: string;
  label: string;
  type: 'email' | 'password';
  value?: string;
  error: string | undefined;
  autocomplete: string;
}) {
  return (
    <p class="admin-field">
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        value={value}
        autocomplete={autocomplete}
        required
        {...(type === 'email' ? { dir: 'ltr' } : {})}
        {...invalidAttributes(name, error)}
      />
      <FieldError name={name} error={error} />
    </p>
  );
}

export function Notice({ text, kind }: { text: string | undefined; kind: 'info' | 'error' }) {
  if (!text) return null;
  return (
    <p class={`admin-notice admin-notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}

export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

/** A CSRF-protected POST form of the admin with one submit button. */
export function PostForm({
  action,
  csrf,
  submit,
  children,
}: {
  action: string;
  csrf: string;
  submit: string;
  children?: Child;
}) {
  return (
    <form method="post" action={action} class="admin-form">
      <Csrf token={csrf} />
      {children}
      <p>
        <button type="submit" class="button">
          {submit}
        </button>
      </p>
    </form>
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
        <Field
          name="email"
          label={t.adminEmail}
          type="email"
          value={props.email}
          error={props.errors.email}
          autocomplete="username"
        />
        <Field
          name="password"
          label={t.adminPassword}
          type="password"
          error={props.errors.password}
          autocomplete="current-password"
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
            <Field
              name="email"
              label={t.adminEmail}
              type="email"
              value={props.email}
              error={props.errors.email}
              autocomplete="username"
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
        <Field
          name="password"
          label={t.adminNewPassword}
          type="password"
          error={props.errors.password}
          autocomplete="new-password"
        />
        <Field
          name="confirmation"
          label={t.adminConfirmPassword}
          type="password"
          error={props.errors.confirmation}
          autocomplete="new-password"
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
  role === 'admin' ? t.adminRoleAdmin : role === 'editor' ? t.adminRoleEditor : t.adminRoleWriter;

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
