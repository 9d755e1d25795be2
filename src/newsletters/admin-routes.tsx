import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { requireRole, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import { canManageNewsletters, type SignedInUser } from '../accounts/policy.js';
import { MessagePage } from '../accounts/views.js';
import { listArticleCards } from '../articles/queries.js';
import { type Edition, listEditions } from '../editions/queries.js';
import { cacheTags } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { logContentChange } from '../http/page-cache.js';
import { formatLocalDateTime, parseLocalDateTime } from '../i18n/local-datetime.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import {
  adminNewslettersPath,
  type FormErrors,
  IssuePage,
  issueAdminPath,
  NewsletterFormPage,
  type NewsletterFormValues,
  NewsletterListPage,
  newsletterAdminPath,
  SubscribersPage,
} from './AdminPages.js';
import { importSubscribers, MAX_IMPORT_BYTES, parseSubscriberCsv, subscribersCsv } from './csv.js';
import { personalize, previewWithoutInlineStyles } from './emails.js';
import { bookDailyIssue, createAutomaticIssue, scheduleIssueSend, unscheduleIssue } from './jobs.js';
import { newslettersPath } from './PublicPages.js';
import {
  articleIdsOf,
  deliveryStats,
  failedDeliveries,
  findIssue,
  findNewsletter,
  type IssueRow,
  insertNewsletter,
  listIssues,
  listNewsletters,
  listSubscribers,
  type NewsletterRow,
  updateIssueContent,
  updateNewsletter,
} from './queries.js';
import { prepareIssue } from './sender.js';

const SUBSCRIBERS_SHOWN = 500;
const CANDIDATE_ARTICLES = 40;

const id = z.string().regex(/^[0-9a-z]{20}$/);
// Messages are keys of the UI strings.
const newsletterForm = z
  .object({
    editionCode: z.string().max(16).optional(),
    name: z.string().trim().min(1, 'newsletterAdminErrorRequired').max(200, 'newsletterAdminErrorTooLong'),
    description: z.string().trim().max(2000, 'newsletterAdminErrorTooLong').default(''),
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'newsletterAdminErrorLanguage'),
    sender: z
      .string()
      .trim()
      .max(320, 'newsletterAdminErrorTooLong')
      .regex(
        /^([^<>\r\n]*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+)$/,
        'newsletterAdminErrorSender',
      ),
    schedule: z.enum(['manual', 'daily']).default('manual'),
    sendTime: z
      .string()
      .regex(/^(([01]\d|2[0-3]):[0-5]\d)?$/, 'newsletterAdminErrorTime')
      .default(''),
  })
  .refine((f) => f.schedule !== 'daily' || f.sendTime !== '', {
    path: ['sendTime'],
    message: 'newsletterAdminErrorTime',
  });
const articleIds = z
  .union([id, z.array(id)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const issueForm = z.object({
  subject: z.string().trim().min(1, 'newsletterAdminErrorRequired').max(300, 'newsletterAdminErrorTooLong'),
  intro: z.string().trim().max(5000, 'newsletterAdminErrorTooLong').default(''),
  article: articleIds,
});
const scheduleForm = z.object({ at: z.string().max(20) });

function fieldErrors(error: z.ZodError, t: Messages): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    const text = issue.message in t ? t[issue.message as keyof Messages] : undefined;
    errors[field] ??= typeof text === 'string' ? text : t.newsletterAdminErrorRequired;
  }
  return errors;
}

const text = (form: Record<string, unknown>, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.slice(0, 2000) : '';
};

const valuesOf = (n: NewsletterRow): NewsletterFormValues => ({
  editionCode: n.edition_code,
  name: n.name,
  description: n.description,
  language: n.language,
  sender: n.sender,
  schedule: n.schedule,
  sendTime: n.send_time ?? '',
});

const localInput = (iso: string | null, timeZone: string) =>
  iso ? formatLocalDateTime(new Date(iso), timeZone) : '';

/** /admin/newsletters…: newsletters, subscribers (CSV in and out), composing and sending issues. */
export function newsletterAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config, clock, mailer } = deps;
  const editorsOnly = requireRole('admin', 'editor');
  app.use(adminNewslettersPath, editorsOnly);
  app.use(`${adminNewslettersPath}/*`, editorsOnly);

  const base = (c: Context<AppEnv>) => {
    const user = signedInUser(c);
    return { language: user.language, user, csrf: c.get('csrfToken') ?? '' };
  };
  const forbidden = (c: Context<AppEnv>) => {
    const b = base(c);
    const t = messagesFor(b.language);
    return sendAdminPage(
      c,
      <MessagePage {...b} title={t.adminForbiddenTitle} text={t.adminForbiddenText} />,
      403,
    );
  };
  const missing = (c: Context<AppEnv>) => c.notFound();

  /** The newsletter named in the URL, if the user may manage it. */
  async function managed(c: Context<AppEnv>, newsletterId: string, user: SignedInUser) {
    const parsed = id.safeParse(newsletterId);
    const newsletter = parsed.success ? await findNewsletter(db, parsed.data) : undefined;
    if (!newsletter) return { ok: false, response: await missing(c) } as const;
    if (!canManageNewsletters(user, newsletter.edition_code))
      return { ok: false, response: await forbidden(c) } as const;
    const edition = (await listEditions(db)).find((e) => e.code === newsletter.edition_code);
    if (!edition) return { ok: false, response: await missing(c) } as const;
    return { ok: true, newsletter, edition } as const;
  }

  /** The issue named in the URL with its newsletter, if the user may manage it. */
  async function managedIssue(c: Context<AppEnv>, user: SignedInUser) {
    const parsed = id.safeParse(c.req.param('issueId'));
    const issue = parsed.success ? await findIssue(db, parsed.data) : undefined;
    if (!issue) return { ok: false, response: await missing(c) } as const;
    const found = await managed(c, issue.newsletter_id, user);
    if (!found.ok) return found;
    return { ok: true, newsletter: found.newsletter, edition: found.edition, issue } as const;
  }

  async function afterNewsletterChange(row: NewsletterRow, edition: Edition, now: Date) {
    await bookDailyIssue(db, row, edition.timeZone, now);
    await logContentChange(db, [cacheTags.newsletters(row.edition_code)], now);
    await deps.cache.syncFromChangeLog(db);
  }

  app.get(adminNewslettersPath, async (c) => {
    const user = signedInUser(c);
    const editions = (await listEditions(db)).filter((e) => canManageNewsletters(user, e.code));
    const rows = await listNewsletters(
      db,
      editions.map((e) => e.code),
    );
    const newsletters = rows.map((n) => ({
      id: n.id,
      name: n.name,
      editionName: editions.find((e) => e.code === n.edition_code)?.name ?? n.edition_code,
      schedule: n.schedule,
      sendTime: n.send_time,
      activeCount: n.active_count,
    }));
    return sendAdminPage(c, <NewsletterListPage {...base(c)} newsletters={newsletters} />);
  });

  const editionsFor = async (user: SignedInUser) =>
    (await listEditions(db)).filter((e) => canManageNewsletters(user, e.code));

  app.get(`${adminNewslettersPath}/new`, async (c) => {
    const user = signedInUser(c);
    const editions = await editionsFor(user);
    const first = editions[0];
    if (!first) return forbidden(c);
    const values: NewsletterFormValues = {
      editionCode: first.code,
      name: '',
      description: '',
      language: first.language,
      sender: config.mailFrom,
      schedule: 'manual',
      sendTime: '',
    };
    return sendAdminPage(
      c,
      <NewsletterFormPage {...base(c)} values={values} editions={editions} errors={{}} />,
    );
  });

  app.post(`${adminNewslettersPath}/new`, async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const editions = await editionsFor(user);
    const form = await c.req.parseBody();
    const parsed = newsletterForm.safeParse(form);
    const edition = editions.find((e) => e.code === form.editionCode);
    if (!parsed.success || !edition) {
      const errors = parsed.success ? {} : fieldErrors(parsed.error, t);
      if (!edition) errors.editionCode = t.newsletterAdminErrorEdition;
      const values = Object.fromEntries(
        ['editionCode', 'name', 'description', 'language', 'sender', 'schedule', 'sendTime'].map((k) => [
          k,
          text(form, k),
        ]),
      ) as unknown as NewsletterFormValues;
      return sendAdminPage(
        c,
        <NewsletterFormPage {...base(c)} values={values} editions={editions} errors={errors} />,
        400,
      );
    }
    const now = clock.now();
    const f = parsed.data;
    const newsletterId = await insertNewsletter(
      db,
      { ...f, editionCode: edition.code, sendTime: f.sendTime || null },
      now,
    );
    const row = await findNewsletter(db, newsletterId);
    if (row) await afterNewsletterChange(row, edition, now);
    return c.redirect(newsletterAdminPath(newsletterId), 303);
  });

  async function newsletterPage(
    c: Context<AppEnv>,
    newsletter: NewsletterRow,
    edition: Edition,
    extra: { values?: NewsletterFormValues; errors?: FormErrors; notice?: string | undefined } = {},
    status: 200 | 400 = 200,
  ) {
    const [issues, { counts }] = await Promise.all([
      listIssues(db, newsletter.id),
      listSubscribers(db, newsletter.id, 0),
    ]);
    return sendAdminPage(
      c,
      <NewsletterFormPage
        {...base(c)}
        id={newsletter.id}
        values={extra.values ?? valuesOf(newsletter)}
        editions={[{ code: edition.code, name: edition.name, language: edition.language }]}
        errors={extra.errors ?? {}}
        notice={extra.notice}
        counts={counts}
        issues={issues.map((i) => ({
          id: i.id,
          subject: i.subject,
          status: i.status,
          when: localInput(i.queued_at ?? i.scheduled_at ?? i.created_at, edition.timeZone).replace('T', ' '),
        }))}
      />,
      status,
    );
  }

  app.get(`${adminNewslettersPath}/:id`, async (c) => {
    const found = await managed(c, c.req.param('id'), signedInUser(c));
    if (!found.ok) return found.response;
    const t = messagesFor(signedInUser(c).language);
    const notice = c.req.query('saved') === '1' ? t.newsletterAdminSaved : undefined;
    return newsletterPage(c, found.newsletter, found.edition, { notice });
  });

  app.post(`${adminNewslettersPath}/:id`, async (c) => {
    const user = signedInUser(c);
    const found = await managed(c, c.req.param('id'), user);
    if (!found.ok) return found.response;
    const form = await c.req.parseBody();
    const parsed = newsletterForm.safeParse(form);
    if (!parsed.success) {
      const values = {
        ...valuesOf(found.newsletter),
        ...Object.fromEntries(
          ['name', 'description', 'language', 'sender', 'schedule', 'sendTime'].map((k) => [
            k,
            text(form, k),
          ]),
        ),
      };
      const errors = fieldErrors(parsed.error, messagesFor(user.language));
      return newsletterPage(c, found.newsletter, found.edition, { values, errors }, 400);
    }
    const now = clock.now();
    await updateNewsletter(
      db,
      found.newsletter.id,
      { ...parsed.data, sendTime: parsed.data.sendTime || null },
      now,
    );
    const row = await findNewsletter(db, found.newsletter.id);
    if (row) await afterNewsletterChange(row, found.edition, now);
    return c.redirect(`${newsletterAdminPath(found.newsletter.id)}?saved=1`, 303);
  });

  async function subscribersPage(
    c: Context<AppEnv>,
    newsletter: NewsletterRow,
    extra: { imported?: number; problems?: string[]; importError?: string } = {},
    status: 200 | 400 = 200,
  ) {
    const { rows, counts } = await listSubscribers(db, newsletter.id, SUBSCRIBERS_SHOWN);
    return sendAdminPage(
      c,
      <SubscribersPage
        {...base(c)}
        newsletter={{ id: newsletter.id, name: newsletter.name }}
        rows={rows}
        counts={counts}
        limit={SUBSCRIBERS_SHOWN}
        {...extra}
      />,
      status,
    );
  }

  app.get(`${adminNewslettersPath}/:id/subscribers`, async (c) => {
    const found = await managed(c, c.req.param('id'), signedInUser(c));
    if (!found.ok) return found.response;
    return subscribersPage(c, found.newsletter);
  });

  app.get(`${adminNewslettersPath}/:id/subscribers.csv`, async (c) => {
    const found = await managed(c, c.req.param('id'), signedInUser(c));
    if (!found.ok) return found.response;
    c.header('content-disposition', `attachment; filename="subscribers-${found.newsletter.id}.csv"`);
    return c.body(await subscribersCsv(db, found.newsletter.id), 200, {
      'content-type': 'text/csv; charset=utf-8',
    });
  });

  app.post(`${adminNewslettersPath}/:id/subscribers/import`, async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const found = await managed(c, c.req.param('id'), user);
    if (!found.ok) return found.response;
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File) || file.size === 0 || file.size > MAX_IMPORT_BYTES) {
      return subscribersPage(c, found.newsletter, { importError: t.newsletterAdminImportNoFile }, 400);
    }
    let parsed: ReturnType<typeof parseSubscriberCsv>;
    try {
      parsed = parseSubscriberCsv(await file.text());
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return subscribersPage(
        c,
        found.newsletter,
        { importError: format(t.newsletterAdminImportUnreadable, { error: why }) },
        400,
      );
    }
    const imported = await importSubscribers(db, found.newsletter.id, parsed, clock.now());
    const problems = parsed.problems.map((p) =>
      format(t.newsletterAdminImportLine, {
        line: String(p.line),
        error: p.error in t ? String(t[p.error as keyof Messages]) : p.error,
      }),
    );
    return subscribersPage(c, found.newsletter, { imported, problems });
  });

  app.post(`${adminNewslettersPath}/:id/issues`, async (c) => {
    const user = signedInUser(c);
    const found = await managed(c, c.req.param('id'), user);
    if (!found.ok) return found.response;
    const issueId = await createAutomaticIssue(db, found.newsletter, user.id, clock.now(), {
      evenIfEmpty: true,
    });
    if (!issueId) return missing(c);
    return c.redirect(issueAdminPath(issueId), 303);
  });

  async function issuePage(
    c: Context<AppEnv>,
    found: { newsletter: NewsletterRow; edition: Edition; issue: IssueRow },
    extra: { errors?: FormErrors; notice?: string | undefined; at?: string } = {},
    status: 200 | 400 = 200,
  ) {
    const { newsletter, edition, issue } = found;
    const selected = articleIdsOf(issue);
    const [{ cards }, stats, failures] = await Promise.all([
      listArticleCards(db, edition, { kind: 'edition' }, { now: clock.now(), limit: CANDIDATE_ARTICLES }),
      deliveryStats(db, issue.id),
      failedDeliveries(db, issue.id, 50),
    ]);
    const candidates = cards.map((card) => ({
      id: card.id,
      headline: card.headline,
      standfirst: card.standfirst,
      url: card.url,
      firstPublishedAt: card.firstPublishedAt,
    }));
    return sendAdminPage(
      c,
      <IssuePage
        {...base(c)}
        newsletter={{ id: newsletter.id, name: newsletter.name }}
        issue={{
          id: issue.id,
          subject: issue.subject,
          intro: issue.intro,
          status: issue.status,
          scheduledLocal: extra.at ?? localInput(issue.scheduled_at, edition.timeZone),
        }}
        candidates={candidates}
        selected={selected}
        stats={stats}
        failures={failures}
        errors={extra.errors ?? {}}
        notice={extra.notice}
      />,
      status,
    );
  }

  const notices: Record<string, keyof Messages> = {
    saved: 'newsletterAdminSaved',
    queued: 'newsletterAdminQueuedNotice',
    scheduled: 'newsletterAdminScheduledNotice',
    unscheduled: 'newsletterAdminUnscheduledNotice',
  };

  app.get(`${adminNewslettersPath}/issues/:issueId`, async (c) => {
    const user = signedInUser(c);
    const found = await managedIssue(c, user);
    if (!found.ok) return found.response;
    const t = messagesFor(user.language);
    const key = notices[c.req.query('done') ?? ''];
    const tested =
      c.req.query('tested') === '1' ? format(t.newsletterAdminTestSent, { email: user.email }) : undefined;
    return issuePage(c, found, { notice: key ? String(t[key]) : tested });
  });

  app.post(`${adminNewslettersPath}/issues/:issueId`, async (c) => {
    const user = signedInUser(c);
    const found = await managedIssue(c, user);
    if (!found.ok) return found.response;
    const parsed = issueForm.safeParse(await c.req.parseBody({ all: true }));
    if (!parsed.success) {
      return issuePage(c, found, { errors: fieldErrors(parsed.error, messagesFor(user.language)) }, 400);
    }
    const saved = await updateIssueContent(
      db,
      found.issue.id,
      { subject: parsed.data.subject, intro: parsed.data.intro, articleIds: parsed.data.article },
      clock.now(),
    );
    if (!saved) return issuePage(c, found, {}, 400);
    return c.redirect(`${issueAdminPath(found.issue.id)}?done=saved`, 303);
  });

  /** The email as a page, and its styles as a stylesheet (see previewWithoutInlineStyles). */
  async function preview(c: Context<AppEnv>) {
    const found = await managedIssue(c, signedInUser(c));
    if (!found.ok) return found.response;
    const ready = await prepareIssue(db, found.issue.id, config.publicUrl, clock.now());
    if (!ready) return missing(c);
    const page = `${config.publicUrl}${newslettersPath(found.edition.code)}`;
    const { html, css } = previewWithoutInlineStyles(
      personalize(ready.rendered, { preferences: page, unsubscribe: page }).html,
      `${issueAdminPath(found.issue.id)}/preview.css`,
    );
    return c.req.path.endsWith('.css')
      ? c.body(css, 200, { 'content-type': 'text/css; charset=utf-8' })
      : c.html(html);
  }
  app.get(`${adminNewslettersPath}/issues/:issueId/preview`, preview);
  app.get(`${adminNewslettersPath}/issues/:issueId/preview.css`, preview);

  app.post(`${adminNewslettersPath}/issues/:issueId/test`, async (c) => {
    const user = signedInUser(c);
    const found = await managedIssue(c, user);
    if (!found.ok) return found.response;
    const ready = await prepareIssue(db, found.issue.id, config.publicUrl, clock.now());
    if (!ready) return missing(c);
    const page = `${config.publicUrl}${newslettersPath(found.edition.code)}`;
    const body = personalize(ready.rendered, { preferences: page, unsubscribe: page });
    await mailer.send({
      to: user.email,
      from: found.newsletter.sender,
      ...body,
      subject: `[TEST] ${body.subject}`,
    });
    return c.redirect(`${issueAdminPath(found.issue.id)}?tested=1`, 303);
  });

  app.post(`${adminNewslettersPath}/issues/:issueId/send`, async (c) => {
    const found = await managedIssue(c, signedInUser(c));
    if (!found.ok) return found.response;
    const now = clock.now();
    if (!(await scheduleIssueSend(db, found.issue.id, now, now))) return issuePage(c, found, {}, 400);
    return c.redirect(`${issueAdminPath(found.issue.id)}?done=queued`, 303);
  });

  app.post(`${adminNewslettersPath}/issues/:issueId/schedule`, async (c) => {
    const user = signedInUser(c);
    const found = await managedIssue(c, user);
    if (!found.ok) return found.response;
    const form = scheduleForm.safeParse(await c.req.parseBody());
    const now = clock.now();
    const at = form.success ? parseLocalDateTime(form.data.at, found.edition.timeZone) : undefined;
    if (!at || at.getTime() <= now.getTime()) {
      const errors = { at: messagesFor(user.language).newsletterAdminErrorWhen };
      return issuePage(c, found, { errors, at: form.success ? form.data.at : '' }, 400);
    }
    if (!(await scheduleIssueSend(db, found.issue.id, at, now))) return issuePage(c, found, {}, 400);
    return c.redirect(`${issueAdminPath(found.issue.id)}?done=scheduled`, 303);
  });

  app.post(`${adminNewslettersPath}/issues/:issueId/unschedule`, async (c) => {
    const found = await managedIssue(c, signedInUser(c));
    if (!found.ok) return found.response;
    await unscheduleIssue(db, found.issue.id, clock.now());
    return c.redirect(`${issueAdminPath(found.issue.id)}?done=unscheduled`, 303);
  });

  return app;
}
