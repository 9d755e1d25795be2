/** Admins add and configure editions and their sections (/admin/editions). */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { refuse, requireRole, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import { fieldErrors } from '../accounts/routes.js';
import { slugify } from '../articles/slugs.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { availableLanguages, format, type MessageKey, type Messages, messagesFor } from '../i18n/messages.js';
import type { FieldErrors } from '../ui/forms.js';
import {
  type EditionForm,
  EditionPage,
  EditionsPage,
  type NewEditionForm,
  NewEditionPage,
  type SectionForm,
  type SectionFormState,
} from './admin-views.js';
import { type Edition, findEdition, listEditionSummaries, listSectionsInUse } from './queries.js';
import {
  addEdition,
  addSection,
  deleteSection,
  type EditionSettings,
  editionCodeSchema,
  editionSettingsSchema,
  moveSection,
  NETWORKS,
  parseSocialPairs,
  type SectionResult,
  sectionSlugSchema,
  updateEdition,
  updateSection,
} from './settings.js';

/** Every field arrives as text; the settings schema (the one the CLI uses) then judges the values. */
const text = z.string().max(100_000, 'adminErrorTooLong').default('');
const settingsForm = z.object({
  name: text,
  description: text,
  direction: text,
  dateStyle: text,
  digits: text,
  monthSeparator: text,
  timeZone: text,
  social: text,
  position: text,
});
const newEditionForm = settingsForm.extend({ code: text, language: text });
const sectionForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'adminEditionsErrorSectionName')
    .max(100, 'adminEditionsErrorSectionName')
    .default(''),
  slug: z.string().trim().max(200, 'adminEditionsErrorSlug').default(''),
});
const moveForm = z.object({ direction: z.enum(['up', 'down'], 'adminEditionsErrorChoice') });
const codeParams = z.object({ code: editionCodeSchema });
const sectionParams = z.object({ code: editionCodeSchema, id: z.string().regex(/^[\w-]{1,32}$/) });
/** After a redirect, what the edition page says happened. */
const doneQuery = z
  .enum(['added', 'saved', 'unchanged', 'section_added', 'section_saved', 'section_moved', 'section_deleted'])
  .optional()
  .catch(undefined);
/** /admin/editions/new is the form, so no edition may be called that. */
const RESERVED_CODES = ['new'];

/** The message for a refused setting, by field (the social links say which line). */
const SETTING_ERRORS: Record<string, MessageKey> = {
  code: 'adminEditionsErrorCode',
  name: 'adminEditionsErrorName',
  description: 'adminEditionsErrorDescription',
  language: 'adminEditionsErrorLanguage',
  direction: 'adminEditionsErrorChoice',
  dateStyle: 'adminEditionsErrorChoice',
  digits: 'adminEditionsErrorChoice',
  monthSeparator: 'adminEditionsErrorChoice',
  timeZone: 'adminEditionsErrorTimeZone',
  position: 'adminEditionsErrorPosition',
};

const keptText = (value: unknown) => (typeof value === 'string' ? value.slice(0, 10_000) : '');
const keptSettings = (body: Record<string, unknown>): EditionForm => ({
  name: keptText(body.name),
  description: keptText(body.description),
  direction: keptText(body.direction),
  dateStyle: keptText(body.dateStyle),
  digits: keptText(body.digits),
  monthSeparator: keptText(body.monthSeparator),
  timeZone: keptText(body.timeZone),
  social: keptText(body.social),
  position: keptText(body.position),
});
const keptSection = (body: Record<string, unknown>): SectionForm => ({
  name: keptText(body.name),
  slug: keptText(body.slug),
});

const socialText = (edition: Edition) => edition.social.map((l) => `${l.network}=${l.url}`).join('\n');
const formOf = (edition: Edition): EditionForm => ({
  name: edition.name,
  description: edition.description,
  direction: edition.direction,
  dateStyle: edition.dateStyle,
  digits: edition.digits,
  monthSeparator: edition.monthSeparator,
  timeZone: edition.timeZone,
  social: socialText(edition),
  position: String(edition.position),
});

const hasLocale = (language: string) =>
  availableLanguages().some((l) => l === language || l === language.split('-')[0]);

/**
 * The submitted settings judged by editionSettingsSchema, as the CLI does;
 * a refusal comes back as one message per field, in the admin's language.
 */
function judgeSettings(
  form: EditionForm,
  language: string,
  t: Messages,
): { ok: true; settings: EditionSettings } | { ok: false; errors: FieldErrors } {
  // Blank lines are skipped; the line numbers in messages are those the admin sees.
  const lines = form.social
    .split(/\r?\n/)
    .map((line, index) => ({ line: index + 1, text: line.trim() }))
    .filter((l) => l.text !== '');
  const result = editionSettingsSchema.safeParse({
    name: form.name,
    description: form.description,
    language,
    direction: form.direction,
    dateStyle: form.dateStyle,
    digits: form.digits,
    monthSeparator: form.monthSeparator,
    timeZone: form.timeZone.trim(),
    social: parseSocialPairs(lines.map((l) => l.text)),
    position: form.position.trim() === '' ? Number.NaN : Number(form.position),
  } satisfies Record<keyof EditionSettings, unknown>);
  if (result.success) return { ok: true, settings: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const [field, index] = issue.path;
    const name = String(field);
    if (errors[name]) continue;
    if (name === 'social') {
      errors.social =
        typeof index === 'number'
          ? format(t.adminEditionsErrorSocialLine, { line: String(lines[index]?.line ?? index + 1) })
          : t.adminEditionsErrorSocialCount;
    } else {
      const key = SETTING_ERRORS[name];
      errors[name] = key ? t[key] : t.adminErrorRequired;
    }
  }
  return { ok: false, errors };
}

/** The section's name and slug (made from the name when left empty), or messages keyed by the form's field ids. */
function judgeSection(
  body: Record<string, unknown>,
  prefix: string,
  t: Messages,
): { ok: true; section: SectionForm } | { ok: false; errors: FieldErrors } {
  const prefixed = (errors: FieldErrors): FieldErrors =>
    Object.fromEntries(Object.entries(errors).map(([field, message]) => [`${prefix}-${field}`, message]));
  const form = sectionForm.safeParse(body);
  if (!form.success) return { ok: false, errors: prefixed(fieldErrors(form.error, t)) };
  const slug = sectionSlugSchema.safeParse(form.data.slug || slugify(form.data.name));
  if (!slug.success) return { ok: false, errors: prefixed({ slug: t.adminEditionsErrorSlug }) };
  return { ok: true, section: { name: form.data.name, slug: slug.data } };
}

export function editionAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock } = deps;
  const csrfOf = (c: Context<AppEnv>) => c.get('csrfToken') ?? '';

  // The admin area's middleware (session, CSRF, body size, no-store) runs first: mounted in the admin sub-app (app.tsx).
  for (const path of ['/admin/editions', '/admin/editions/*']) app.use(path, requireRole('admin'));
  // Whoever changes an edition sees the result on the site at once: this instance's page cache
  // catches up with the change log now rather than at its next poll.
  app.use('/admin/editions/*', async (c, next) => {
    await next();
    if (c.req.method === 'POST') await deps.cache.syncFromChangeLog(db);
  });

  const notFound = (c: Context<AppEnv>) =>
    refuse(c, 404, (t) => ({
      title: t.notFoundTitle,
      text: t.adminEditionsNotFound,
      link: { href: '/admin/editions', label: t.adminEditionsBack },
    }));

  /** The edition named by the URL, or undefined (then answer notFound). */
  async function editionOf(c: Context<AppEnv>): Promise<Edition | undefined> {
    const params = codeParams.safeParse(c.req.param());
    return params.success ? findEdition(db, params.data.code) : undefined;
  }

  function newEditionPage(c: Context<AppEnv>, form: NewEditionForm, errors: FieldErrors = {}) {
    const user = signedInUser(c);
    const page = (
      <NewEditionPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        form={form}
        errors={errors}
        available={availableLanguages()}
        networks={NETWORKS}
      />
    );
    return sendAdminPage(c, page, Object.keys(errors).length > 0 ? 422 : 200);
  }

  async function editionPage(
    c: Context<AppEnv>,
    edition: Edition,
    options: {
      form?: EditionForm;
      errors?: FieldErrors;
      refused?: SectionFormState;
      notice?: { text: string; kind: 'info' | 'error' } | undefined;
      status?: 200 | 422;
    } = {},
  ) {
    const user = signedInUser(c);
    const page = (
      <EditionPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        edition={edition}
        form={options.form ?? formOf(edition)}
        errors={options.errors ?? {}}
        sections={await listSectionsInUse(db, edition.code)}
        refused={options.refused}
        notice={options.notice}
        localeNote={
          hasLocale(edition.language)
            ? undefined
            : { language: edition.language, available: availableLanguages() }
        }
        networks={NETWORKS}
      />
    );
    return sendAdminPage(c, page, options.status ?? 200);
  }

  app.get('/admin/editions', async (c) => {
    const user = signedInUser(c);
    const editions = await listEditionSummaries(db);
    return sendAdminPage(
      c,
      <EditionsPage language={user.language} user={user} csrf={csrfOf(c)} editions={editions} />,
    );
  });

  app.get('/admin/editions/new', (c) =>
    newEditionPage(c, {
      code: '',
      language: '',
      name: '',
      description: '',
      direction: 'rtl',
      dateStyle: 'levant',
      digits: 'latn',
      monthSeparator: 'space',
      timeZone: 'UTC',
      social: '',
      position: '0',
    }),
  );

  app.post('/admin/editions/new', async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const body = await c.req.parseBody();
    const kept = { ...keptSettings(body), code: keptText(body.code), language: keptText(body.language) };
    const form = newEditionForm.safeParse(body);
    if (!form.success) return newEditionPage(c, kept, fieldErrors(form.error, t));
    const code = editionCodeSchema.safeParse(form.data.code.trim());
    const judged = judgeSettings(form.data, form.data.language.trim(), t);
    const codeError =
      !code.success || RESERVED_CODES.includes(code.data) ? t.adminEditionsErrorCode : undefined;
    if (!judged.ok || codeError || !code.success) {
      return newEditionPage(c, kept, {
        ...(codeError && { code: codeError }),
        ...(judged.ok ? {} : judged.errors),
      });
    }
    const added = await addEdition(db, code.data, judged.settings, clock.now(), user.id);
    if (!added.ok) return newEditionPage(c, kept, { code: t.adminEditionsErrorCodeTaken });
    return c.redirect(`/admin/editions/${code.data}?done=added`, 303);
  });

  app.get('/admin/editions/:code', async (c) => {
    const edition = await editionOf(c);
    if (!edition) return notFound(c);
    const t = messagesFor(signedInUser(c).language);
    const done = doneQuery.parse(c.req.query('done'));
    const notices = {
      added: t.adminEditionsAdded,
      saved: t.adminEditionsSaved,
      unchanged: t.adminEditionsNoChange,
      section_added: t.adminEditionsSectionAdded,
      section_saved: t.adminEditionsSectionSaved,
      section_moved: t.adminEditionsSectionMoved,
      section_deleted: t.adminEditionsSectionDeleted,
    };
    return editionPage(c, edition, { notice: done && { text: notices[done], kind: 'info' } });
  });

  app.post('/admin/editions/:code', async (c) => {
    const edition = await editionOf(c);
    if (!edition) return notFound(c);
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const body = await c.req.parseBody();
    const again = (errors: FieldErrors) =>
      editionPage(c, edition, { form: keptSettings(body), errors, status: 422 });
    const form = settingsForm.safeParse(body);
    if (!form.success) return again(fieldErrors(form.error, t));
    // The language is not editable: URLs, feeds and search stemming of its articles depend on it.
    const judged = judgeSettings(form.data, edition.language, t);
    if (!judged.ok) return again(judged.errors);
    const changed = await updateEdition(db, edition.code, judged.settings, clock.now(), user.id);
    return c.redirect(
      `/admin/editions/${edition.code}?done=${changed.length > 0 ? 'saved' : 'unchanged'}`,
      303,
    );
  });

  /** Answers a section write: back to the edition page, or the page again with why it was refused. */
  async function afterSectionWrite(
    c: Context<AppEnv>,
    edition: Edition,
    result: SectionResult,
    done: 'section_added' | 'section_saved' | 'section_moved' | 'section_deleted',
    refusedForm: { id: string; form: SectionForm },
  ) {
    const t = messagesFor(signedInUser(c).language);
    const base = `/admin/editions/${edition.code}`;
    if (result.ok) return c.redirect(`${base}?done=${result.changed ? done : 'unchanged'}#sections`, 303);
    if (result.error === 'no_section') {
      return refuse(c, 404, (m) => ({
        title: m.notFoundTitle,
        text: m.adminEditionsSectionNotFound,
        link: { href: base, label: edition.name },
      }));
    }
    if (result.error === 'slug_taken') {
      const errors = {
        [`${refusedForm.id === 'new' ? 'section' : refusedForm.id}-slug`]: t.adminEditionsErrorSlugTaken,
      };
      return editionPage(c, edition, { refused: { ...refusedForm, errors }, status: 422 });
    }
    const text = format(t.adminEditionsErrorSectionInUse, {
      articles: String(result.articles),
      feeds: String(result.wireFeeds),
    });
    return editionPage(c, edition, { notice: { text, kind: 'error' }, status: 422 });
  }

  app.post('/admin/editions/:code/sections', async (c) => {
    const edition = await editionOf(c);
    if (!edition) return notFound(c);
    const user = signedInUser(c);
    const body = await c.req.parseBody();
    const judged = judgeSection(body, 'section', messagesFor(user.language));
    const refused = { id: 'new', form: keptSection(body) };
    if (!judged.ok)
      return editionPage(c, edition, { refused: { ...refused, errors: judged.errors }, status: 422 });
    const result = await addSection(db, edition.code, judged.section, clock.now(), user.id);
    return afterSectionWrite(c, edition, result, 'section_added', refused);
  });

  app.post('/admin/editions/:code/sections/:id', async (c) => {
    const params = sectionParams.safeParse(c.req.param());
    const edition = await editionOf(c);
    if (!edition || !params.success) return notFound(c);
    const user = signedInUser(c);
    const body = await c.req.parseBody();
    const judged = judgeSection(body, params.data.id, messagesFor(user.language));
    const refused = { id: params.data.id, form: keptSection(body) };
    if (!judged.ok)
      return editionPage(c, edition, { refused: { ...refused, errors: judged.errors }, status: 422 });
    const result = await updateSection(
      db,
      edition.code,
      params.data.id,
      judged.section,
      clock.now(),
      user.id,
    );
    return afterSectionWrite(c, edition, result, 'section_saved', refused);
  });

  app.post('/admin/editions/:code/sections/:id/move', async (c) => {
    const params = sectionParams.safeParse(c.req.param());
    const edition = await editionOf(c);
    if (!edition || !params.success) return notFound(c);
    const user = signedInUser(c);
    const form = moveForm.safeParse(await c.req.parseBody());
    if (!form.success) {
      const notice = { text: messagesFor(user.language).adminEditionsErrorChoice, kind: 'error' } as const;
      return editionPage(c, edition, { notice, status: 422 });
    }
    const { id } = params.data;
    const result = await moveSection(db, edition.code, id, form.data.direction, clock.now(), user.id);
    return afterSectionWrite(c, edition, result, 'section_moved', { id, form: { name: '', slug: '' } });
  });

  app.post('/admin/editions/:code/sections/:id/delete', async (c) => {
    const params = sectionParams.safeParse(c.req.param());
    const edition = await editionOf(c);
    if (!edition || !params.success) return notFound(c);
    const { id } = params.data;
    const result = await deleteSection(db, edition.code, id, clock.now(), signedInUser(c).id);
    return afterSectionWrite(c, edition, result, 'section_deleted', { id, form: { name: '', slug: '' } });
  });

  return app;
}
