import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { refuse, requireRole, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import { listEditions } from '../editions/queries.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
import type { FieldErrors } from '../ui/forms.js';
import { createIntegration, newIntegrationSchema, revokeIntegration } from './integrations.js';
import { listIntegrations } from './queries.js';
import { IntegrationCreatedPage, type IntegrationForm, IntegrationsPage } from './views.js';

/** A form sends one `editions` field per ticked box: none, one or several. */
const createForm = z.object({
  name: z.string().max(1000).default(''),
  role: z.string().max(20).default(''),
  editions: z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((value) => (Array.isArray(value) ? value : [value])),
});
const revokeParams = z.object({ id: z.string().regex(/^[0-9a-z]{1,32}$/) });

/** The admin pages for integrations (admins only); the admin API they call is `integrationApiRoutes` (api.ts). */
export function integrationRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock } = deps;
  const csrfOf = (c: Context<AppEnv>) => c.get('csrfToken') ?? '';

  async function listPage(
    c: Context<AppEnv>,
    options: { form?: IntegrationForm; errors?: FieldErrors; notice?: string; status?: 200 | 422 } = {},
  ) {
    const user = signedInUser(c);
    const [integrations, editions] = await Promise.all([listIntegrations(db), listEditions(db)]);
    const page = (
      <IntegrationsPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        integrations={integrations}
        editions={editions.map((e) => ({ code: e.code, name: e.name, language: e.language }))}
        form={options.form ?? { name: '', role: 'writer', editions: [] }}
        errors={options.errors ?? {}}
        notice={options.notice}
      />
    );
    return sendAdminPage(c, page, options.status ?? 200);
  }

  // Mounted in the admin sub-app (app.tsx): its guard (session, CSRF, no-store) has run.
  app.use('/admin/integrations', requireRole('admin'));
  app.use('/admin/integrations/*', requireRole('admin'));

  app.get('/admin/integrations', async (c) => {
    const t = messagesFor(signedInUser(c).language);
    return listPage(c, { ...(c.req.query('revoked') === '1' && { notice: t.integrationsRevokedNotice }) });
  });

  app.post('/admin/integrations', async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const form = createForm.safeParse(await c.req.parseBody({ all: true }));
    const submitted = form.success ? form.data : { name: '', role: '', editions: [] };
    const input = newIntegrationSchema.safeParse(submitted);
    if (!input.success)
      return listPage(c, { form: submitted, errors: formErrors(input.error, t), status: 422 });
    const created = await createIntegration(db, input.data, user.id, clock.now());
    if (!created.ok) {
      return listPage(c, { form: submitted, errors: { editions: t.integrationsErrorEditions }, status: 422 });
    }
    const page = (
      <IntegrationCreatedPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        integration={created.integration}
        token={created.token}
      />
    );
    return sendAdminPage(c, page, 201);
  });

  app.post('/admin/integrations/:id/revoke', async (c) => {
    const user = signedInUser(c);
    const params = revokeParams.safeParse(c.req.param());
    const result = params.success
      ? await revokeIntegration(db, params.data.id, user.id, clock.now())
      : 'not_found';
    if (result === 'not_found') {
      return refuse(c, 404, (t) => ({
        title: t.notFoundTitle,
        text: t.integrationsNotFound,
        link: { href: '/admin/integrations', label: t.integrationsBack },
      }));
    }
    return c.redirect('/admin/integrations?revoked=1', 303);
  });

  return app;
}

function formErrors(error: z.ZodError, t: Messages): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'name');
    errors[field] ??=
      field === 'editions'
        ? t.integrationsErrorEditions
        : field === 'role'
          ? t.integrationsErrorRole
          : issue.code === 'too_big'
            ? t.adminErrorTooLong
            : t.adminErrorRequired;
  }
  return errors;
}
