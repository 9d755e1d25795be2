import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { recordAudit } from '../accounts/audit.js';
import { refuse, requireRole, requireUser, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import {
  canDismissWireAlert,
  canManageFeeds,
  canSeeWirePayload,
  canTakeWireItem,
  isAdmin,
  type SignedInUser,
  worksInEdition,
} from '../accounts/policy.js';
import { editionLabel } from '../editions/label.js';
import { type Edition, listEditions } from '../editions/queries.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { HttpError } from '../http/errors.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import type { FieldErrors } from '../ui/forms.js';
import { openAlertsFor } from './alerts.js';
import { diffVersions, takeItem } from './desk.js';
import {
  checkedSource,
  countFailingFeeds,
  createFeed,
  type Feed,
  feedInputSchema,
  feedReferencesProblem,
  findFeed,
  listFeeds,
  removeFeed,
  updateFeed,
} from './feeds.js';
import { listAgencies } from './queries.js';
import {
  dismissAlert,
  findAlert,
  findPayload,
  findWireItem,
  listDeskItems,
  listFailures,
  versionText,
} from './store.js';
import {
  type Choice,
  type FeedForm,
  FeedFormPage,
  FeedsPage,
  WireDeskPage,
  WireItemPage,
  WirePayloadPage,
} from './views.js';

const PAGE_SIZE = 50;

const id = z.string().regex(/^[0-9a-z]{1,32}$/);
const idParam = z.object({ id });
const text = (max: number) => z.string().trim().max(max).optional().catch(undefined);
const deskQuery = z.object({
  agency: text(200),
  edition: text(16),
  q: text(200),
  /** `updatedAt~id` of the last item shown. */
  before: z
    .string()
    .regex(/^[0-9TZ:.-]{10,32}~[0-9a-z]{1,32}$/)
    .optional()
    .catch(undefined),
});
const takeForm = z.object({ edition: z.string().trim().min(1).max(16) });
const feedForm = z.object({
  name: z.string().max(2000).default(''),
  source: z.string().max(4000).default(''),
  format: z.string().max(20).default(''),
  agencyId: z.string().max(40).default(''),
  editionCode: z.string().max(20).default(''),
  sectionId: z.string().max(40).default(''),
  mode: z.string().max(20).default(''),
  pollMinutes: z.string().max(20).default(''),
});

/** The wire desk (/admin/wire) and the feeds it is fed by (/admin/feeds). */
export function wireRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock } = deps;
  const csrfOf = (c: Context<AppEnv>) => c.get('csrfToken') ?? '';

  // Mounted in the admin sub-app (app.tsx): its guard (session, CSRF, no-store) has run.
  app.use('/admin/wire', requireUser());
  app.use('/admin/wire/*', requireUser());
  app.use('/admin/feeds', requireRole('admin', 'editor'));
  app.use('/admin/feeds/*', requireRole('admin', 'editor'));

  const forbidden = (c: Context<AppEnv>) =>
    refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.adminForbiddenText }));

  const editionsOf = async (user: SignedInUser, allowed: (code: string) => boolean) =>
    (await listEditions(db)).filter((e) => allowed(e.code) && worksInEdition(user, e.code));

  // ---------------------------------------------------------------- the desk

  app.get('/admin/wire', async (c) => {
    const user = signedInUser(c);
    const query = deskQuery.parse(c.req.query());
    const [cursorTime = '', cursorId = ''] = query.before?.split('~') ?? [];
    const filters = { agency: query.agency ?? '', edition: query.edition ?? '', q: query.q ?? '' };
    const [items, alerts, failures, failingFeeds, agencies, editions] = await Promise.all([
      listDeskItems(db, {
        agencySlug: filters.agency || undefined,
        editionCode: filters.edition || undefined,
        keyword: filters.q.trim() || undefined,
        editions: isAdmin(user) ? undefined : user.editions,
        limit: PAGE_SIZE,
        before: query.before ? { updatedAt: cursorTime, id: cursorId } : undefined,
      }),
      openAlertsFor(db, user),
      listFailures(db, 20, isAdmin(user) ? undefined : user.editions),
      countFailingFeeds(db),
      listAgencies(db),
      editionsOf(user, () => true),
    ]);
    const last = items.at(-1);
    const next = new URLSearchParams({ ...filters, before: `${last?.updatedAt}~${last?.id}` });
    const page = (
      <WireDeskPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        items={items}
        alerts={alerts}
        failures={failures}
        failingFeeds={failingFeeds}
        agencies={agencies.map((a) => ({ value: a.slug, label: a.name }))}
        editions={editionChoices(editions)}
        filters={filters}
        nextHref={last && items.length === PAGE_SIZE ? `/admin/wire?${next}` : undefined}
        notice={c.req.query('dismissed') === '1' ? messagesFor(user.language).wireDismissed : undefined}
      />
    );
    return sendAdminPage(c, page);
  });

  /** The item, if the user may see it: items for editions they do not work in are not theirs. */
  async function visibleItem(c: Context<AppEnv>, user: SignedInUser) {
    const params = idParam.safeParse(c.req.param());
    const item = params.success ? await findWireItem(db, params.data.id) : undefined;
    if (!item) throw new HttpError(404, 'No such wire item');
    if (item.editionCode && !worksInEdition(user, item.editionCode)) return undefined;
    return item;
  }

  app.get('/admin/wire/:id{[0-9a-z]{1,32}}', async (c) => {
    const user = signedInUser(c);
    const item = await visibleItem(c, user);
    if (!item) return forbidden(c);
    const takeEditions = await editionsOf(user, (code) => canTakeWireItem(user, code));
    const updates = [];
    for (const take of item.takes) {
      if (take.versionId === item.currentVersionId) continue;
      const [before, after] = await Promise.all([
        versionText(db, take.versionId),
        versionText(db, item.currentVersionId),
      ]);
      updates.push({
        articleId: take.articleId,
        headline: take.headline,
        diff: before && after ? diffVersions(before, after) : [],
      });
    }
    const page = (
      <WireItemPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        item={item}
        takeEditions={editionChoices(takeEditions)}
        updates={updates}
      />
    );
    return sendAdminPage(c, page);
  });

  app.post('/admin/wire/:id{[0-9a-z]{1,32}}/take', async (c) => {
    const user = signedInUser(c);
    const item = await visibleItem(c, user);
    if (!item) return forbidden(c);
    if (item.pubStatus !== 'usable') {
      const t = messagesFor(user.language);
      const page = (
        <WireItemPage
          language={user.language}
          user={user}
          csrf={csrfOf(c)}
          item={item}
          takeEditions={[]}
          updates={[]}
          error={t.wireErrorWithdrawn}
        />
      );
      return sendAdminPage(c, page, 409);
    }
    const form = takeForm.safeParse(await c.req.parseBody());
    if (!form.success) throw new HttpError(400, messagesFor(user.language).wireErrorEdition);
    if (!canTakeWireItem(user, form.data.edition)) return forbidden(c);
    const editions = await listEditions(db);
    if (!editions.some((e) => e.code === form.data.edition)) {
      throw new HttpError(400, messagesFor(user.language).wireErrorEdition);
    }
    const articleId = await takeItem(db, item.id, form.data.edition, { userId: user.id, now: clock.now() });
    if (!articleId) throw new HttpError(404, 'No such wire item');
    return c.redirect(`/admin/articles/${articleId}`, 303);
  });

  app.post('/admin/wire/alerts/:id{[0-9a-z]{1,32}}/dismiss', async (c) => {
    const user = signedInUser(c);
    const params = idParam.parse(c.req.param());
    const alert = await findAlert(db, params.id);
    if (!alert) throw new HttpError(404, 'No such alert');
    if (!canDismissWireAlert(user, alert)) return forbidden(c);
    await dismissAlert(db, params.id, user.id, clock.now());
    return c.redirect('/admin/wire?dismissed=1', 303);
  });

  app.get('/admin/wire/payloads/:id{[0-9a-z]{1,32}}', async (c) => {
    const user = signedInUser(c);
    const params = idParam.parse(c.req.param());
    const payload = await findPayload(db, params.id);
    if (!payload) throw new HttpError(404, 'No such payload');
    const item = payload.item_id ? await findWireItem(db, payload.item_id) : undefined;
    if (!canSeeWirePayload(user, payload.edition_code ?? item?.editionCode ?? null, item !== undefined)) {
      return forbidden(c);
    }
    const page = (
      <WirePayloadPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        payload={{ id: payload.id, itemId: payload.item_id, payload: payload.payload, error: payload.error }}
      />
    );
    return sendAdminPage(c, page);
  });

  // ---------------------------------------------------------------- feeds

  app.get('/admin/feeds', async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const [feeds, editions, agencies] = await Promise.all([
      listFeeds(db),
      listEditions(db),
      listAgencies(db),
    ]);
    const notices: Record<string, string> = {
      added: t.wireFeedAdded,
      saved: t.wireFeedSaved,
      removed: t.wireFeedRemoved,
    };
    const page = (
      <FeedsPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        feeds={feeds
          .filter((f) => worksInEdition(user, f.editionCode))
          .map((f) => ({
            ...f,
            editionName: editions.find((e) => e.code === f.editionCode)?.name ?? f.editionCode,
            agencyName: agencies.find((a) => a.id === f.agencyId)?.name ?? '',
            canManage: canManageFeeds(user, f.editionCode),
          }))}
        notice={notices[c.req.query('done') ?? '']}
      />
    );
    return sendAdminPage(c, page);
  });

  async function feedFormPage(
    c: Context<AppEnv>,
    feedId: string | undefined,
    form: FeedForm,
    errors: FieldErrors = {},
    status: 200 | 422 = 200,
  ) {
    const user = signedInUser(c);
    const [editions, agencies] = await Promise.all([
      editionsOf(user, (code) => canManageFeeds(user, code)),
      listAgencies(db),
    ]);
    const page = (
      <FeedFormPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        feedId={feedId}
        form={form}
        errors={errors}
        agencies={agencies.map((a) => ({ value: a.id, label: a.name }))}
        editions={editionChoices(editions)}
        sections={editions.flatMap((e) =>
          e.sections.map((s) => ({ value: s.id, label: `${e.name} · ${s.name}` })),
        )}
      />
    );
    return sendAdminPage(c, page, status);
  }

  /** The submitted form, checked; a feed's settings or the form again with errors next to the fields. */
  async function readFeedForm(c: Context<AppEnv>, user: SignedInUser) {
    const t = messagesFor(user.language);
    const body = feedForm.safeParse(await c.req.parseBody());
    const form = body.success ? body.data : emptyForm;
    const parsed = feedInputSchema.safeParse({
      ...form,
      agencyId: form.agencyId || null,
      sectionId: form.sectionId || null,
    });
    if (!parsed.success) return { form, errors: fieldErrors(parsed.error, t) };
    if (!canManageFeeds(user, parsed.data.editionCode)) return { form, forbidden: true as const };
    const { dataDir, wireDropRoot } = deps.config;
    const source = await checkedSource(parsed.data.source, { dropRoot: wireDropRoot, dataDir });
    if (source === null)
      return { form, errors: { source: format(t.wireErrorDropFolder, { root: wireDropRoot }) } };
    const problem = await feedReferencesProblem(db, parsed.data);
    if (problem) {
      const field =
        problem === 'wireErrorSection'
          ? 'sectionId'
          : problem === 'wireErrorAgency'
            ? 'agencyId'
            : 'editionCode';
      return { form, errors: { [field]: messageText(t, problem) } };
    }
    return { form, input: { ...parsed.data, source } };
  }

  app.get('/admin/feeds/new', (c) => feedFormPage(c, undefined, emptyForm));

  app.post('/admin/feeds', async (c) => {
    const user = signedInUser(c);
    const read = await readFeedForm(c, user);
    if (read.forbidden) return forbidden(c);
    if (!read.input) return feedFormPage(c, undefined, read.form, read.errors, 422);
    const now = clock.now();
    const feedId = await createFeed(db, read.input, now);
    await recordAudit(
      db,
      {
        userId: user.id,
        action: 'wire.feed_add',
        subjectType: 'wire_feed',
        subjectId: feedId,
        details: { name: read.input.name },
      },
      now,
    );
    return c.redirect('/admin/feeds?done=added', 303);
  });

  /** The feed, if the user may manage it. */
  async function manageableFeed(c: Context<AppEnv>, user: SignedInUser): Promise<Feed | undefined> {
    const params = idParam.safeParse(c.req.param());
    const feed = params.success ? await findFeed(db, params.data.id) : undefined;
    if (!feed) throw new HttpError(404, 'No such feed');
    return canManageFeeds(user, feed.editionCode) ? feed : undefined;
  }

  app.get('/admin/feeds/:id{[0-9a-z]{1,32}}', async (c) => {
    const feed = await manageableFeed(c, signedInUser(c));
    if (!feed) return forbidden(c);
    return feedFormPage(c, feed.id, formOf(feed));
  });

  app.post('/admin/feeds/:id{[0-9a-z]{1,32}}', async (c) => {
    const user = signedInUser(c);
    const feed = await manageableFeed(c, user);
    if (!feed) return forbidden(c);
    const read = await readFeedForm(c, user);
    if (read.forbidden) return forbidden(c);
    if (!read.input) return feedFormPage(c, feed.id, read.form, read.errors, 422);
    const now = clock.now();
    await updateFeed(db, feed.id, read.input, now);
    await recordAudit(
      db,
      {
        userId: user.id,
        action: 'wire.feed_change',
        subjectType: 'wire_feed',
        subjectId: feed.id,
        details: { name: read.input.name },
      },
      now,
    );
    return c.redirect('/admin/feeds?done=saved', 303);
  });

  app.post('/admin/feeds/:id{[0-9a-z]{1,32}}/delete', async (c) => {
    const user = signedInUser(c);
    const feed = await manageableFeed(c, user);
    if (!feed) return forbidden(c);
    await removeFeed(db, feed.id);
    await recordAudit(
      db,
      {
        userId: user.id,
        action: 'wire.feed_remove',
        subjectType: 'wire_feed',
        subjectId: feed.id,
        details: { name: feed.name },
      },
      clock.now(),
    );
    return c.redirect('/admin/feeds?done=removed', 303);
  });

  return app;
}

const emptyForm: FeedForm = {
  name: '',
  source: '',
  format: 'auto',
  agencyId: '',
  editionCode: '',
  sectionId: '',
  mode: 'queue',
  pollMinutes: '5',
};

function formOf(feed: Feed): FeedForm {
  return {
    name: feed.name,
    source: feed.source,
    format: feed.format,
    agencyId: feed.agencyId ?? '',
    editionCode: feed.editionCode,
    sectionId: feed.sectionId ?? '',
    mode: feed.mode,
    pollMinutes: String(feed.pollSeconds / 60),
  };
}

const editionChoices = (editions: Edition[]): Choice[] =>
  editions.map((e) => ({ value: e.code, label: editionLabel(e) }));

/** Schema messages are keys of the UI strings. */
function messageText(t: Messages, key: string): string {
  const value = key in t ? t[key as keyof Messages] : undefined;
  return typeof value === 'string' ? value : t.wireErrorRequired;
}

function fieldErrors(error: z.ZodError, t: Messages): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'name');
    errors[field] ??= messageText(t, issue.message);
  }
  return errors;
}
