/** Admins and editors add and edit the news agencies credited on agency copy (/admin/agencies). */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { refuse, requireUser, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import { canManageAgencies } from '../accounts/policy.js';
import { cachedEditions } from '../editions/chrome.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { type MessageKey, type Messages, messagesFor } from '../i18n/messages.js';
import type { FieldErrors } from '../ui/forms.js';
import { AgenciesPage, type AgencyForm, AgencyFormPage, nameField } from './admin-views.js';
import { type Agency, findAgencyById, listAgencySummaries } from './queries.js';
import { type AgencyInput, addAgency, agencyInputSchema, updateAgency } from './store.js';

const idParams = z.object({ id: z.string().regex(/^[\w-]{1,32}$/) });
/** After a redirect, what the list says happened. */
const doneQuery = z.enum(['added', 'saved', 'unchanged']).optional().catch(undefined);

/** The admin's message for a refused field (the schema's own messages are the CLI's). */
const FIELD_ERRORS: Record<string, MessageKey> = {
  name: 'agenciesErrorName',
  slug: 'agenciesErrorSlug',
  copyrightLine: 'agenciesErrorCopyright',
  url: 'agenciesErrorUrl',
};

const keptText = (value: unknown) => (typeof value === 'string' ? value.slice(0, 2000) : '');
/** The form as sent, with a name field per edition language. */
const keptForm = (body: Record<string, unknown>, languages: string[]): AgencyForm => ({
  name: keptText(body.name),
  names: Object.fromEntries(languages.map((l) => [l, keptText(body[nameField(l)])])),
  slug: keptText(body.slug),
  copyrightLine: keptText(body.copyrightLine),
  url: keptText(body.url),
});
const formOf = (agency: Agency | undefined, languages: string[]): AgencyForm => ({
  name: agency?.name ?? '',
  names: Object.fromEntries(languages.map((l) => [l, agency?.names[l] ?? ''])),
  slug: agency?.slug ?? '',
  copyrightLine: agency?.copyrightLine ?? '',
  url: agency?.url ?? '',
});

/**
 * The submitted fields judged by the schema the CLI uses; a refusal is one message per field.
 * Each edition language's name is set from its field (an empty field removes that name).
 */
function judgeAgency(
  body: Record<string, unknown>,
  languages: string[],
  t: Messages,
): { ok: true; input: AgencyInput } | { ok: false; errors: FieldErrors } {
  // Only the languages whose field was sent: a form opened before an edition was added keeps that name.
  const sent = languages.filter((language) => nameField(language) in body);
  const result = agencyInputSchema.safeParse({
    name: body.name ?? '',
    names: sent.map((language) => ({ language, name: body[nameField(language)] })),
    slug: body.slug ?? '',
    copyrightLine: body.copyrightLine ?? '',
    url: body.url ?? '',
  });
  if (result.success) return { ok: true, input: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const [first, index] = issue.path;
    const language = first === 'names' && typeof index === 'number' ? sent[index] : undefined;
    const field = language ? nameField(language) : String(first ?? 'name');
    const key = language ? 'agenciesErrorName' : (FIELD_ERRORS[field] ?? 'adminErrorRequired');
    errors[field] ??= t[key];
  }
  return { ok: false, errors };
}

export function agencyAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock } = deps;
  const csrfOf = (c: Context<AppEnv>) => c.get('csrfToken') ?? '';

  // The admin area's middleware (session, CSRF, body size, no-store) runs first: mounted in the admin sub-app (app.tsx).
  for (const path of ['/admin/agencies', '/admin/agencies/*']) {
    app.use(path, requireUser());
    app.use(path, async (c, next) => {
      if (!canManageAgencies(signedInUser(c))) {
        return refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.adminForbiddenText }));
      }
      await next();
    });
  }
  // Agency names and copyright lines show on public pages: this instance's cache catches up at once.
  app.use('/admin/agencies/*', async (c, next) => {
    await next();
    if (c.req.method === 'POST') await deps.cache.syncFromChangeLog(db);
  });

  const notFound = (c: Context<AppEnv>) =>
    refuse(c, 404, (t) => ({
      title: t.notFoundTitle,
      text: t.agenciesNotFound,
      link: { href: '/admin/agencies', label: t.agenciesBack },
    }));

  /** The agency named by the URL, or undefined (then answer notFound). */
  async function agencyOf(c: Context<AppEnv>): Promise<Agency | undefined> {
    const params = idParams.safeParse(c.req.param());
    return params.success ? findAgencyById(db, params.data.id) : undefined;
  }

  /** The languages of the editions, each once, in edition order: the agency has a name field per language. */
  const editionLanguages = async () => {
    const editions = await cachedEditions(deps);
    return [...new Set(editions.map((e) => e.language))].map((language) => ({
      language,
      editions: editions.filter((e) => e.language === language),
    }));
  };
  const languageCodes = async () => (await editionLanguages()).map((l) => l.language);

  async function formPage(
    c: Context<AppEnv>,
    agency: Agency | undefined,
    form: AgencyForm,
    errors: FieldErrors = {},
  ) {
    const user = signedInUser(c);
    const page = (
      <AgencyFormPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        agency={agency}
        languages={await editionLanguages()}
        form={form}
        errors={errors}
      />
    );
    return sendAdminPage(c, page, Object.keys(errors).length > 0 ? 422 : 200);
  }

  app.get('/admin/agencies', async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const done = doneQuery.parse(c.req.query('done'));
    const notices = { added: t.agenciesAdded, saved: t.agenciesSaved, unchanged: t.agenciesNoChange };
    const page = (
      <AgenciesPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        agencies={await listAgencySummaries(db)}
        notice={done && notices[done]}
      />
    );
    return sendAdminPage(c, page);
  });

  app.get('/admin/agencies/new', async (c) =>
    formPage(c, undefined, formOf(undefined, await languageCodes())),
  );

  app.post('/admin/agencies/new', async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const body = await c.req.parseBody();
    const languages = await languageCodes();
    const judged = judgeAgency(body, languages, t);
    if (!judged.ok) return formPage(c, undefined, keptForm(body, languages), judged.errors);
    const added = await addAgency(db, judged.input, clock.now(), user.id);
    if (!added.ok)
      return formPage(c, undefined, keptForm(body, languages), { slug: t.agenciesErrorSlugTaken });
    return c.redirect('/admin/agencies?done=added', 303);
  });

  app.get('/admin/agencies/:id', async (c) => {
    const agency = await agencyOf(c);
    if (!agency) return notFound(c);
    return formPage(c, agency, formOf(agency, await languageCodes()));
  });

  app.post('/admin/agencies/:id', async (c) => {
    const agency = await agencyOf(c);
    if (!agency) return notFound(c);
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const body = await c.req.parseBody();
    const languages = await languageCodes();
    const judged = judgeAgency(body, languages, t);
    if (!judged.ok) return formPage(c, agency, keptForm(body, languages), judged.errors);
    const result = await updateAgency(db, agency.id, judged.input, clock.now(), user.id);
    if (!result.ok && result.error === 'no_agency') return notFound(c);
    if (!result.ok) return formPage(c, agency, keptForm(body, languages), { slug: t.agenciesErrorSlugTaken });
    return c.redirect(`/admin/agencies?done=${result.changed ? 'saved' : 'unchanged'}`, 303);
  });

  return app;
}
