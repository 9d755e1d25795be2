/** The admin pages for users (/admin/users) and the audit log (/admin/audit). */
import type { UserRole } from '../db/schema.js';
import { editionLabel } from '../editions/label.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { CheckboxGroup, type FieldErrors, Notice, PostForm, Select, TextField } from '../ui/forms.js';
import { ROLES, type SignedInUser } from './policy.js';
import type { UserListing } from './queries.js';
import { AdminLayout, roleName } from './views.js';

interface PageBase {
  language: string;
  user: SignedInUser;
  csrf: string;
}

export interface EditionChoice {
  code: string;
  name: string;
  language: string;
}

/** What the invite and access forms show again after a refusal: exactly what was sent. */
export interface UserForm {
  email: string;
  role: string;
  editions: string[];
}

/** One user, as their page shows them. */
export interface UserDetails {
  id: string;
  email: string;
  role: UserRole;
  status: 'active' | 'disabled';
  editions: string[];
  language: string;
  hasPassword: boolean;
  createdAt: string;
}

export type Who =
  | { kind: 'user'; id: string; email: string }
  | { kind: 'integration'; name: string }
  | { kind: 'unknown'; id: string }
  | { kind: 'command_line' };

export type Subject =
  | { kind: 'article' | 'user'; id: string; label: string }
  | { kind: 'other'; type: string; id: string | null };

export interface AuditRow {
  id: string;
  at: string;
  who: Who;
  action: string;
  subject: Subject;
  /** The stored JSON, shown as text. */
  details: string;
}

const Time = ({ iso, text }: { iso: string; text?: string }) => (
  <time datetime={iso} dir="ltr">
    {text ?? iso}
  </time>
);

function editionsText(t: Messages, role: UserRole, codes: string[], editions: EditionChoice[]) {
  if (role === 'admin') return t.adminUsersAllEditions;
  const name = (code: string) => editions.find((e) => e.code === code)?.name ?? code;
  return codes.map(name).join(t.direction === 'rtl' ? '، ' : ', ');
}

export function UsersPage(props: PageBase & { users: UserListing[]; editions: EditionChoice[] }) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.adminUsersTitle}>
      <p>{t.adminUsersIntro}</p>
      <p>
        <a class="button" href="/admin/users/new">
          {t.adminUsersInvite}
        </a>
      </p>
      {props.users.length === 0 ? (
        <p>{t.adminUsersEmpty}</p>
      ) : (
        <table class="admin-table admin-users-table">
          <thead>
            <tr>
              <th scope="col">{t.adminUsersEmail}</th>
              <th scope="col">{t.adminUsersRole}</th>
              <th scope="col">{t.adminUsersEditions}</th>
              <th scope="col">{t.adminUsersStatus}</th>
              <th scope="col">{t.adminUsersCreated}</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr class={u.status === 'disabled' ? 'admin-users-disabled' : undefined}>
                <td>
                  <a href={`/admin/users/${u.id}`} dir="ltr">
                    {u.email}
                  </a>
                  {u.id === props.user.id && ` ${t.adminUsersYou}`}
                </td>
                <td>{roleName(t, u.role)}</td>
                <td>{editionsText(t, u.role, u.editions, props.editions)}</td>
                <td>{u.status === 'active' ? t.adminUsersActive : t.adminUsersDisabled}</td>
                <td>
                  <Time iso={u.createdAt} text={u.createdAt.slice(0, 10)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

export function NewUserPage(
  props: PageBase & {
    editions: EditionChoice[];
    form: UserForm;
    errors: FieldErrors;
    linkHours: number;
  },
) {
  const t = messagesFor(props.language);
  const { form, errors } = props;
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.adminUsersInvite}>
      <p>{format(t.adminUsersNewIntro, { hours: String(props.linkHours) })}</p>
      <Notice text={Object.keys(errors).length > 0 ? t.adminFormHasErrors : undefined} kind="error" />
      <PostForm action="/admin/users/new" csrf={props.csrf} submit={t.adminUsersInviteSubmit}>
        <TextField
          name="email"
          label={t.adminUsersEmail}
          type="email"
          value={form.email}
          errors={errors}
          maxlength={254}
          autocomplete="off"
          required
        />
        <AccessFields t={t} form={form} errors={errors} editions={props.editions} />
      </PostForm>
      <p>
        <a href="/admin/users">{t.adminUsersBack}</a>
      </p>
    </AdminLayout>
  );
}

/** The role select and the edition checkboxes, shared by the invite and the user page. */
function AccessFields({
  t,
  form,
  errors,
  editions,
}: {
  t: Messages;
  form: Pick<UserForm, 'role' | 'editions'>;
  errors: FieldErrors;
  editions: EditionChoice[];
}) {
  return (
    <>
      <Select
        name="role"
        label={t.adminUsersRole}
        value={form.role}
        errors={errors}
        choices={ROLES.map((role) => ({ value: role, label: roleName(t, role) }))}
      />
      <CheckboxGroup
        name="editions"
        legend={t.adminUsersEditions}
        hint={t.adminUsersEditionsHint}
        values={form.editions}
        errors={errors}
        choices={editions.map((e) => ({
          value: e.code,
          label: (
            <>
              {editionLabel(e)} <span dir="ltr">({e.code})</span>
            </>
          ),
        }))}
      />
    </>
  );
}

export function UserPage(
  props: PageBase & {
    target: UserDetails;
    editions: EditionChoice[];
    form: Pick<UserForm, 'role' | 'editions'>;
    errors: FieldErrors;
    notice?: { text: string; kind: 'info' | 'error' } | undefined;
    /** No SMTP server: say where the mail went. */
    outbox: boolean;
  },
) {
  const t = messagesFor(props.language);
  const { target, errors } = props;
  const base = `/admin/users/${target.id}`;
  const isSelf = target.id === props.user.id;
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={format(t.adminUsersUserTitle, { email: target.email })}
    >
      <Notice text={props.notice?.text} kind={props.notice?.kind ?? 'info'} />
      {props.outbox && props.notice?.kind === 'info' && (
        <p>
          {t.adminUsersOutboxHint} <a href="/admin/outbox">{t.adminOutbox}</a>
        </p>
      )}
      <dl class="admin-facts">
        <dt>{t.adminUsersStatus}</dt>
        <dd>{target.status === 'active' ? t.adminUsersActive : t.adminUsersDisabled}</dd>
        <dt>{t.adminUsersRole}</dt>
        <dd>{roleName(t, target.role)}</dd>
        <dt>{t.adminUsersEditions}</dt>
        <dd>{editionsText(t, target.role, target.editions, props.editions)}</dd>
        <dt>{t.adminUsersLanguage}</dt>
        <dd dir="ltr">{target.language}</dd>
        <dt>{t.adminUsersPassword}</dt>
        <dd>{target.hasPassword ? t.adminUsersHasPassword : t.adminUsersNoPassword}</dd>
        <dt>{t.adminUsersCreated}</dt>
        <dd>
          <Time iso={target.createdAt} />
        </dd>
      </dl>
      <p>
        <a href={`/admin/audit?${new URLSearchParams({ email: target.email })}`}>{t.adminUsersActivity}</a>
      </p>

      <h2>{t.adminUsersAccessTitle}</h2>
      <Notice text={Object.keys(errors).length > 0 ? t.adminFormHasErrors : undefined} kind="error" />
      <PostForm action={base} csrf={props.csrf} submit={t.adminUsersSave}>
        <AccessFields t={t} form={props.form} errors={errors} editions={props.editions} />
      </PostForm>

      <h2>{t.adminUsersAccountTitle}</h2>
      <div class="admin-users-actions">
        {target.status === 'active' && (
          <PostForm action={`${base}/sign-in-link`} csrf={props.csrf} submit={t.adminUsersSendLink} />
        )}
        {target.status === 'active' && !isSelf && (
          <PostForm action={`${base}/disable`} csrf={props.csrf} submit={t.adminUsersDisable} />
        )}
        {target.status === 'disabled' && (
          <PostForm action={`${base}/enable`} csrf={props.csrf} submit={t.adminUsersEnable} />
        )}
      </div>
      <p>
        <a href="/admin/users">{t.adminUsersBack}</a>
      </p>
    </AdminLayout>
  );
}

export function AuditPage(
  props: PageBase & {
    rows: AuditRow[];
    actions: string[];
    filter: { action: string; email: string };
    notice?: string | undefined;
    olderHref?: string | undefined;
    newestHref?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.adminAuditTitle}>
      <p>{t.adminAuditIntro}</p>
      <form method="get" action="/admin/audit" class="admin-audit-filter">
        <p class="admin-field">
          <label for="audit-action">{t.adminAuditAction}</label>
          <select id="audit-action" name="action">
            <option value="">{t.adminAuditAllActions}</option>
            {props.actions.map((action) => (
              <option value={action} selected={props.filter.action === action}>
                {action}
              </option>
            ))}
          </select>
        </p>
        <p class="admin-field">
          <label for="audit-email">{t.adminAuditEmail}</label>
          <input id="audit-email" name="email" type="email" value={props.filter.email} dir="ltr" />
        </p>
        <p>
          <button type="submit" class="button">
            {t.adminAuditFilter}
          </button>{' '}
          <a href="/admin/audit">{t.adminAuditClear}</a>
        </p>
      </form>
      <Notice text={props.notice} kind="error" />
      {props.rows.length === 0 ? (
        <p>{t.adminAuditEmpty}</p>
      ) : (
        <table class="admin-table admin-audit-table">
          <thead>
            <tr>
              <th scope="col">{t.adminAuditTime}</th>
              <th scope="col">{t.adminAuditWho}</th>
              <th scope="col">{t.adminAuditAction}</th>
              <th scope="col">{t.adminAuditSubject}</th>
              <th scope="col">{t.adminAuditDetails}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr>
                <td>
                  <Time iso={row.at} />
                </td>
                <td>
                  <WhoCell t={t} who={row.who} />
                </td>
                <td>
                  <code dir="ltr">{row.action}</code>
                </td>
                <td>
                  <SubjectCell subject={row.subject} />
                </td>
                <td>
                  <code class="admin-audit-details" dir="ltr">
                    {row.details}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="admin-audit-pages" aria-label={t.adminAuditTitle}>
        {props.newestHref && <a href={props.newestHref}>{t.adminAuditNewest}</a>}
        {props.olderHref && (
          <a href={props.olderHref} rel="next">
            {t.adminAuditOlder}
          </a>
        )}
      </nav>
    </AdminLayout>
  );
}

function WhoCell({ t, who }: { t: Messages; who: Who }) {
  switch (who.kind) {
    case 'user':
      return (
        <a href={`/admin/users/${who.id}`} dir="ltr">
          {who.email}
        </a>
      );
    case 'integration':
      return <span dir="auto">{format(t.adminAuditIntegration, { name: who.name })}</span>;
    case 'unknown':
      return <code dir="ltr">{who.id}</code>;
    case 'command_line':
      return <>{t.adminAuditCommandLine}</>;
  }
}

function SubjectCell({ subject }: { subject: Subject }) {
  if (subject.kind === 'other') {
    return (
      <span dir="ltr">
        {subject.type}
        {subject.id && ` ${subject.id}`}
      </span>
    );
  }
  const href = subject.kind === 'article' ? `/admin/articles/${subject.id}` : `/admin/users/${subject.id}`;
  return (
    <a href={href} dir="auto">
      {subject.label}
    </a>
  );
}
