/** Admins manage users (/admin/users) and read the audit log (/admin/audit). */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AuditLogTable, UserRow } from '../db/schema.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { format, messagesFor } from '../i18n/messages.js';
import {
  AuditPage,
  type AuditRow,
  type EditionChoice,
  NewUserPage,
  type Subject,
  type UserForm,
  UserPage,
  UsersPage,
  type Who,
} from './admin-views.js';
import { refuse, requireRole, sendAdminPage, signedInUser } from './middleware.js';
import { ROLES, type SignedInUser } from './policy.js';
import {
  type AuditCursor,
  auditActionsPresent,
  auditNames,
  editionChoices,
  editionsOfUser,
  findUserByEmail,
  findUserById,
  listAuditEntries,
  listUsers,
} from './queries.js';
import { email, fieldErrors } from './routes.js';
import {
  addUser,
  changeAccess,
  disableUser,
  enableUser,
  issueAccountToken,
  SIGN_IN_LINK_HOURS,
  signInLink,
} from './users.js';
import { type FieldErrors, roleName } from './views.js';

/** A form sends one `editions` field per ticked box: none, one or several. */
const editions = z
  .union([z.string(), z.array(z.string())])
  .default([])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.string().max(16, 'adminUsersErrorUnknownEdition')).max(100, 'adminErrorTooLong'));
const role = z.enum(ROLES, 'adminUsersErrorRole');
const inviteForm = z.object({ email, role, editions });
const accessForm = z.object({ role, editions });
const userParams = z.object({ id: z.string().regex(/^[0-9a-z]{1,32}$/) });
/** After a redirect, what the user page says happened. */
const doneQuery = z
  .enum(['invited', 'saved', 'unchanged', 'disabled', 'enabled', 'link_sent', 'mail_failed'])
  .optional()
  .catch(undefined);
const auditQuery = z.object({
  action: z.string().max(64).optional().catch(undefined),
  email: z.string().trim().toLowerCase().max(254).optional().catch(undefined),
  // `<at>_<id>` of the last entry of the previous page.
  before: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z_[0-9a-z]{1,32}$/)
    .optional()
    .catch(undefined),
});

const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 254) : '');
const list = (value: unknown) =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string').slice(0, 100);
/** The submitted fields, to show them again after a refusal. */
const keptForm = (body: Record<string, unknown>): UserForm => ({
  email: text(body.email),
  role: text(body.role),
  editions: list(body.editions),
});

const cursorParam = (entry: AuditCursor) => `${entry.at}_${entry.id}`;
function parseCursor(value: string | undefined): AuditCursor | undefined {
  if (!value) return undefined;
  const at = value.lastIndexOf('_');
  return { at: value.slice(0, at), id: value.slice(at + 1) };
}

export function userAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config, clock, mailer, logger } = deps;
  const csrfOf = (c: Context<AppEnv>) => c.get('csrfToken') ?? '';

  // The admin area's middleware (session, CSRF, body size, no-store) runs first: mounted in the admin sub-app (app.tsx).
  for (const path of ['/admin/users', '/admin/users/*', '/admin/audit', '/admin/audit/*']) {
    app.use(path, requireRole('admin'));
  }

  const choices = async (): Promise<EditionChoice[]> => editionChoices(db);

  async function newUserPage(
    c: Context<AppEnv>,
    form: UserForm,
    errors: FieldErrors = {},
    status: 200 | 422 = 200,
  ) {
    const user = signedInUser(c);
    const page = (
      <NewUserPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        editions={await choices()}
        form={form}
        errors={errors}
        linkHours={SIGN_IN_LINK_HOURS}
      />
    );
    return sendAdminPage(c, page, status);
  }

  async function userPage(
    c: Context<AppEnv>,
    target: UserRow,
    options: {
      form?: Pick<UserForm, 'role' | 'editions'>;
      errors?: FieldErrors;
      notice?: { text: string; kind: 'info' | 'error' } | undefined;
      status?: 200 | 422;
    } = {},
  ) {
    const user = signedInUser(c);
    const targetEditions = await editionsOfUser(db, target.id);
    const page = (
      <UserPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        target={{
          id: target.id,
          email: target.email,
          role: target.role,
          status: target.status,
          editions: targetEditions,
          language: target.language,
          hasPassword: target.password_hash !== null,
          createdAt: target.created_at,
        }}
        editions={await choices()}
        form={options.form ?? { role: target.role, editions: targetEditions }}
        errors={options.errors ?? {}}
        notice={options.notice}
        outbox={!config.smtpUrl}
      />
    );
    return sendAdminPage(c, page, options.status ?? 200);
  }

  const notFound = (c: Context<AppEnv>) =>
    refuse(c, 404, (t) => ({
      title: t.notFoundTitle,
      text: t.adminUsersNotFound,
      link: { href: '/admin/users', label: t.adminUsersBack },
    }));

  /** The user named by the URL, or undefined (then answer notFound). */
  async function targetOf(c: Context<AppEnv>): Promise<UserRow | undefined> {
    const params = userParams.safeParse(c.req.param());
    return params.success ? findUserById(db, params.data.id) : undefined;
  }

  /** Mails `target` a one-time sign-in link in their own language; false when the mail could not be sent. */
  async function mailSignInLink(target: UserRow, kind: 'invite' | 'resend', by: SignedInUser) {
    const t = messagesFor(target.language);
    const link = signInLink(config.publicUrl, await issueAccountToken(db, target.id, 'sign_in', clock.now()));
    const values = {
      email: target.email,
      inviter: by.email,
      role: roleName(t, target.role),
      hours: String(SIGN_IN_LINK_HOURS),
      link,
    };
    const message =
      kind === 'invite'
        ? { subject: t.adminUsersMailInviteSubject, text: format(t.adminUsersMailInviteText, values) }
        : { subject: t.adminUsersMailLinkSubject, text: format(t.adminUsersMailLinkText, values) };
    try {
      await mailer.send({ to: target.email, ...message });
      return true;
    } catch (err) {
      logger.error({ err, userId: target.id }, 'sign-in link mail failed');
      return false;
    }
  }

  app.get('/admin/users', async (c) => {
    const user = signedInUser(c);
    const [users, editionList] = await Promise.all([listUsers(db), choices()]);
    const page = (
      <UsersPage language={user.language} user={user} csrf={csrfOf(c)} users={users} editions={editionList} />
    );
    return sendAdminPage(c, page);
  });

  app.get('/admin/users/new', (c) => newUserPage(c, { email: '', role: 'writer', editions: [] }));

  app.post('/admin/users/new', async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const body = await c.req.parseBody({ all: true });
    const form = inviteForm.safeParse(body);
    if (!form.success) return newUserPage(c, keptForm(body), fieldErrors(form.error, t), 422);
    const added = await addUser(db, form.data, clock.now(), user.id);
    if (!added.ok) {
      const errors =
        added.code === 'exists'
          ? { email: t.adminUsersErrorExists }
          : added.code === 'needs_edition'
            ? { editions: t.adminUsersErrorNeedsEdition }
            : { editions: t.adminUsersErrorUnknownEdition };
      return newUserPage(c, keptForm(body), errors, 422);
    }
    const created = await findUserById(db, added.userId);
    if (!created) throw new Error(`user ${added.userId} vanished after its creation`);
    const sent = await mailSignInLink(created, 'invite', user);
    return c.redirect(`/admin/users/${created.id}?done=${sent ? 'invited' : 'mail_failed'}`, 303);
  });

  app.get('/admin/users/:id', async (c) => {
    const target = await targetOf(c);
    if (!target) return notFound(c);
    const t = messagesFor(signedInUser(c).language);
    const done = doneQuery.parse(c.req.query('done'));
    const notices = {
      invited: format(t.adminUsersInvited, { email: target.email }),
      saved: t.adminUsersSaved,
      unchanged: t.adminUsersNoChange,
      disabled: t.adminUsersDisabledNotice,
      enabled: t.adminUsersEnabledNotice,
      link_sent: format(t.adminUsersLinkSent, { email: target.email }),
      mail_failed: t.adminUsersMailFailed,
    };
    if (!done) return userPage(c, target);
    return userPage(c, target, {
      notice: { text: notices[done], kind: done === 'mail_failed' ? 'error' : 'info' },
    });
  });

  app.post('/admin/users/:id', async (c) => {
    const target = await targetOf(c);
    if (!target) return notFound(c);
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const body = await c.req.parseBody({ all: true });
    const form = accessForm.safeParse(body);
    const again = (errors: FieldErrors) => userPage(c, target, { form: keptForm(body), errors, status: 422 });
    if (!form.success) return again(fieldErrors(form.error, t));
    // Someone must stay able to manage users: an admin never demotes themself.
    if (target.id === user.id && form.data.role !== 'admin')
      return again({ role: t.adminUsersErrorSelfDemote });
    const result = await changeAccess(db, target.email, form.data, clock.now(), user.id);
    if (!result.ok) {
      if (result.error === 'no_user') return notFound(c);
      const text =
        result.error === 'needs_edition' ? t.adminUsersErrorNeedsEdition : t.adminUsersErrorUnknownEdition;
      return again({ editions: text });
    }
    return c.redirect(`/admin/users/${target.id}?done=${result.changed ? 'saved' : 'unchanged'}`, 303);
  });

  app.post('/admin/users/:id/disable', async (c) => {
    const target = await targetOf(c);
    if (!target) return notFound(c);
    const user = signedInUser(c);
    if (target.id === user.id) {
      const notice = { text: messagesFor(user.language).adminUsersErrorSelfDisable, kind: 'error' } as const;
      return userPage(c, target, { notice, status: 422 });
    }
    if (target.status === 'active') await disableUser(db, target.email, clock.now(), user.id);
    return c.redirect(`/admin/users/${target.id}?done=disabled`, 303);
  });

  app.post('/admin/users/:id/enable', async (c) => {
    const target = await targetOf(c);
    if (!target) return notFound(c);
    if (target.status === 'disabled') await enableUser(db, target.email, clock.now(), signedInUser(c).id);
    return c.redirect(`/admin/users/${target.id}?done=enabled`, 303);
  });

  app.post('/admin/users/:id/sign-in-link', async (c) => {
    const target = await targetOf(c);
    if (!target) return notFound(c);
    const user = signedInUser(c);
    if (target.status !== 'active') {
      const notice = { text: messagesFor(user.language).adminUsersErrorDisabledLink, kind: 'error' } as const;
      return userPage(c, target, { notice, status: 422 });
    }
    const sent = await mailSignInLink(target, 'resend', user);
    return c.redirect(`/admin/users/${target.id}?done=${sent ? 'link_sent' : 'mail_failed'}`, 303);
  });

  app.get('/admin/audit', async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const query = auditQuery.parse(c.req.query());
    const filter = { action: query.action ?? '', email: query.email ?? '' };
    const actor = filter.email ? await findUserByEmail(db, filter.email) : undefined;
    const unknownEmail = filter.email !== '' && !actor;
    const [page, actions] = await Promise.all([
      unknownEmail
        ? { entries: [], more: false }
        : listAuditEntries(
            db,
            { action: query.action || undefined, actorId: actor?.id },
            parseCursor(query.before),
          ),
      auditActionsPresent(db),
    ]);
    const rows = await auditRows(page.entries);
    const link = (before?: string) => {
      const params = new URLSearchParams();
      if (filter.action) params.set('action', filter.action);
      if (filter.email) params.set('email', filter.email);
      if (before) params.set('before', before);
      return `/admin/audit${params.size > 0 ? `?${params}` : ''}`;
    };
    const last = page.entries.at(-1);
    const view = (
      <AuditPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        rows={rows}
        actions={actions}
        filter={filter}
        notice={unknownEmail ? t.adminAuditUnknownEmail : undefined}
        olderHref={page.more && last ? link(cursorParam(last)) : undefined}
        newestHref={query.before ? link() : undefined}
      />
    );
    return sendAdminPage(c, view);
  });

  /** Audit entries as the page shows them: ids turned into emails, integration names and headlines. */
  async function auditRows(entries: AuditLogTable[]): Promise<AuditRow[]> {
    const subjectsOf = (type: string) =>
      entries.flatMap((e) => (e.subject_type === type && e.subject_id ? [e.subject_id] : []));
    const names = await auditNames(db, {
      people: [...entries.flatMap((e) => (e.user_id ? [e.user_id] : [])), ...subjectsOf('user')],
      articles: subjectsOf('article'),
    });
    const who = (id: string | null): Who => {
      if (id === null) return { kind: 'command_line' };
      const email = names.emails.get(id);
      if (email) return { kind: 'user', id, email };
      const integration = names.integrations.get(id);
      return integration ? { kind: 'integration', name: integration } : { kind: 'unknown', id };
    };
    const subject = (e: AuditLogTable): Subject => {
      if (e.subject_id && e.subject_type === 'article') {
        return {
          kind: 'article',
          id: e.subject_id,
          label: names.headlines.get(e.subject_id) ?? e.subject_id,
        };
      }
      if (e.subject_id && e.subject_type === 'user') {
        return { kind: 'user', id: e.subject_id, label: names.emails.get(e.subject_id) ?? e.subject_id };
      }
      return { kind: 'other', type: e.subject_type, id: e.subject_id };
    };
    return entries.map((e) => ({
      id: e.id,
      at: e.at,
      who: who(e.user_id),
      action: e.action,
      subject: subject(e),
      details: e.details,
    }));
  }

  return app;
}
