import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { refuse, requireUser, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import {
  type ArticleRef,
  canCreateArticle,
  canDeleteArticle,
  canEditArticle,
  canPublish,
  canReadOutbox,
  canSchedule,
  canSubmitForReview,
  canUnpublish,
  isAdmin,
  type SignedInUser,
} from '../accounts/policy.js';
import type { FieldErrors } from '../accounts/views.js';
import { articlePath } from '../articles/paths.js';
import { imagesById } from '../articles/queries.js';
import { resolveByline, resolveTopics } from '../articles/resolve.js';
import { type ArticleSnapshot, agencyUpdateSinceDesk, diffText } from '../articles/revisions.js';
import {
  actOnScreen,
  createDraft,
  type DeskIntent,
  deleteArticle,
  EditConflictError,
  unpublish,
  WorkflowError,
} from '../articles/workflow.js';
import type { ArticleRow, Db } from '../db/schema.js';
import { type Edition, listEditions } from '../editions/queries.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { formatLocalDateTime, parseLocalDateTime } from '../i18n/local-datetime.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { imageDetailsSchema, storeUploadedImage, UploadError, uploadErrorMessage } from '../media/upload.js';
import { ArticleViewsBox } from '../readership/DeskViews.js';
import { loadArticleViews, viewsOfArticles } from '../readership/queries.js';
import { deskScript } from '../ui/assets.js';
import { openAlertsFor } from '../wire/alerts.js';
import { agencyUpdateFor } from '../wire/desk.js';
import { WireAlerts } from '../wire/views.js';
import {
  type EditorForm,
  editorForm,
  emptyValues,
  fieldErrors,
  splitNames,
  typedValues,
} from './editor-form.js';
import {
  type DeskArticle,
  type DeskFilters,
  type DeskListItem,
  findDeskArticle,
  findDeskArticles,
  listAgencies,
  mediaExists,
  snapshotNames,
} from './queries.js';
import { translationSources } from './translations.js';
import {
  ARTICLE_STATUSES,
  ArticleEditorPage,
  DeskDashboardPage,
  type DeskList,
  type EditorActions,
  type EditorArticle,
  type EditorConflict,
  type EditorValues,
} from './views.js';

const LIST_LIMIT = 20;
const RESULTS_LIMIT = 50;

const dashboardQuery = z.object({
  q: z.string().max(200).optional().catch(undefined),
  edition: z.string().max(16).optional().catch(undefined),
  section: z.string().max(40).optional().catch(undefined),
  status: z.enum(ARTICLE_STATUSES).optional().catch(undefined),
  done: z.enum(['deleted', 'submitted']).optional().catch(undefined),
});
const editorQuery = z.object({
  done: z
    .enum(['created', 'saved', 'submitted', 'published', 'scheduled', 'unpublished'])
    .optional()
    .catch(undefined),
});
const newArticleQuery = z.object({ edition: z.string().min(1).max(16) });

async function storedValues(db: Db, article: DeskArticle): Promise<EditorValues> {
  const { snapshot } = article;
  const names = await snapshotNames(db, snapshot);
  const image = snapshot.leadMediaId
    ? (await imagesById(db, [snapshot.leadMediaId])).get(snapshot.leadMediaId)
    : undefined;
  return {
    headline: snapshot.headline,
    standfirst: snapshot.standfirst,
    body: snapshot.bodyHtml,
    sectionId: snapshot.sectionId ?? '',
    topics: names.topics.map((n) => n.name).join(', '),
    people: names.people.map((n) => n.name).join(', '),
    agencyId: names.agencies[0]?.id ?? '',
    copyright: snapshot.copyright,
    slug: snapshot.slug,
    imageAlt: image?.alt ?? '',
    imageCaption: image?.caption ?? '',
    imageCredit: image?.credit ?? '',
    leadMediaId: snapshot.leadMediaId ?? '',
    removeImage: false,
    saveKind: 'update',
  };
}

const refOf = (row: ArticleRow): ArticleRef => ({
  editionCode: row.edition_code,
  status: row.status,
  createdBy: row.created_by,
});

function actionsFor(user: SignedInUser, row: ArticleRow): EditorActions {
  const ref = refOf(row);
  return {
    submit: canSubmitForReview(user, ref),
    publish: row.status !== 'published' && canPublish(user, row.edition_code),
    schedule: row.status !== 'published' && canSchedule(user, row.edition_code),
    unpublish:
      (row.status === 'published' || row.status === 'scheduled') && canUnpublish(user, row.edition_code),
    delete: canDeleteArticle(user, ref),
  };
}

function editorArticle(row: ArticleRow, edition: Edition): EditorArticle {
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    everPublished: row.first_published_at !== null,
    publicUrl:
      row.status === 'published' && row.first_published_at
        ? articlePath(edition.code, row.slug, row.first_published_at, edition.timeZone)
        : null,
    scheduledAt: row.scheduled_at,
    firstPublishedAt: row.first_published_at,
    lastUpdatedAt: row.last_updated_at,
  };
}

const wantsJson = (c: Context<AppEnv>) => (c.req.header('accept') ?? '').includes('application/json');

/** The desk: the dashboard at /admin, the article editor and its workflow buttons. */
export function newsroomRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock } = deps;
  const csrfOf = (c: Context<AppEnv>) => c.get('csrfToken') ?? '';
  const act = (user: SignedInUser) => ({ userId: user.id, now: clock.now(), source: 'desk' as const });

  // Whoever publishes or edits sees the result on the site at once: this instance's page cache
  // catches up with the change log now rather than at its next poll.
  app.use('/admin/articles/*', async (c, next) => {
    await next();
    if (c.req.method === 'POST') await deps.cache.syncFromChangeLog(db);
  });

  /** The editions a user works in, with their sections. */
  async function editionsOf(user: SignedInUser): Promise<Edition[]> {
    const all = await listEditions(db);
    return isAdmin(user) ? all : all.filter((e) => user.editions.includes(e.code));
  }

  const forbidden = (c: Context<AppEnv>) =>
    wantsJson(c)
      ? c.json({ error: 'forbidden', message: messagesFor(signedInUser(c).language).adminForbiddenText }, 403)
      : refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.deskForbiddenText }));

  const notFound = (c: Context<AppEnv>) =>
    refuse(c, 404, (t) => ({
      title: t.notFoundTitle,
      text: t.deskArticleNotFound,
      link: { href: '/admin', label: t.adminDashboard },
    }));

  /** Loads the article named in the URL with its edition; undefined when either is missing. */
  async function loadArticle(id: string): Promise<{ article: DeskArticle; edition: Edition } | undefined> {
    const article = await findDeskArticle(db, id);
    if (!article) return undefined;
    const edition = (await listEditions(db)).find((e) => e.code === article.row.edition_code);
    return edition ? { article, edition } : undefined;
  }

  /** The editor page for an existing article, with `values` in the form. */
  async function editorPage(
    c: Context<AppEnv>,
    loaded: { article: DeskArticle; edition: Edition },
    values: EditorValues,
    extra: {
      errors?: FieldErrors;
      formError?: string;
      notice?: string;
      conflict?: EditorConflict;
      /** The schedule time as typed, when the form comes back. */
      at?: string;
    } = {},
    status: 200 | 409 | 422 = 200,
  ) {
    const user = signedInUser(c);
    const { row } = loaded.article;
    const mediaId = values.leadMediaId || null;
    const [agencies, images, sources, wireOrigin, agencyUpdate, views] = await Promise.all([
      listAgencies(db),
      imagesById(db, [mediaId]),
      translationSources(db, row.id),
      agencyUpdateFor(db, row.id),
      agencyUpdateSinceDesk(db, row.id),
      row.first_published_at ? loadArticleViews(db, row.id, clock.now()) : undefined,
    ]);
    const page = (
      <ArticleEditorPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        edition={loaded.edition}
        article={editorArticle(row, loaded.edition)}
        values={values}
        errors={extra.errors ?? {}}
        formError={extra.formError}
        notice={extra.notice}
        agencies={agencies}
        image={(mediaId && images.get(mediaId)) || null}
        actions={actionsFor(user, row)}
        scheduleValue={
          extra.at ??
          formatLocalDateTime(
            row.scheduled_at ? new Date(row.scheduled_at) : new Date(clock.now().getTime() + 3_600_000),
            loaded.edition.timeZone,
          )
        }
        sources={sources}
        wireOrigin={wireOrigin}
        agencyUpdate={agencyUpdate}
        conflict={extra.conflict}
        deskScriptPath={deskScript().path}
        views={
          views && <ArticleViewsBox language={user.language} timeZone={loaded.edition.timeZone} {...views} />
        }
      />
    );
    return sendAdminPage(c, page, status);
  }

  async function newArticlePage(
    c: Context<AppEnv>,
    edition: Edition,
    values: EditorValues,
    extra: { errors?: FieldErrors; formError?: string } = {},
    status: 200 | 422 = 200,
  ) {
    const user = signedInUser(c);
    const mediaId = values.leadMediaId || null;
    const [agencies, images] = await Promise.all([listAgencies(db), imagesById(db, [mediaId])]);
    const page = (
      <ArticleEditorPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        edition={edition}
        article={undefined}
        values={values}
        errors={extra.errors ?? {}}
        formError={extra.formError}
        agencies={agencies}
        image={(mediaId && images.get(mediaId)) || null}
        actions={{ submit: false, publish: false, schedule: false, unpublish: false, delete: false }}
        scheduleValue=""
        sources={[]}
        deskScriptPath={deskScript().path}
      />
    );
    return sendAdminPage(c, page, status);
  }

  /**
   * Checks what zod cannot (the section belongs to the edition, the agency and
   * image exist), stores an uploaded image, and returns the lead image's id,
   * or the errors to show. Nothing is written unless everything passed.
   */
  async function checkAndUpload(
    form: EditorForm,
    edition: Edition,
    t: Messages,
    storeImage: boolean,
  ): Promise<{ ok: true; leadMediaId: string | null } | { ok: false; errors: FieldErrors }> {
    const errors: FieldErrors = {};
    if (form.sectionId && !edition.sections.some((s) => s.id === form.sectionId))
      errors.sectionId = t.deskErrorInvalid;
    if (form.agencyId && !(await listAgencies(db)).some((a) => a.id === form.agencyId))
      errors.agencyId = t.deskErrorInvalid;
    if (form.leadMediaId && !(await mediaExists(db, form.leadMediaId))) errors.image = t.deskErrorInvalid;
    const file = storeImage && form.image instanceof File && form.image.size > 0 ? form.image : undefined;
    const details = imageDetailsSchema.safeParse({
      alt: form.imageAlt,
      caption: form.imageCaption,
      credit: form.imageCredit,
    });
    if (file && !details.success) errors.imageAlt = t.deskErrorImageAlt;
    if (Object.keys(errors).length > 0 || !file || !details.success) {
      if (Object.keys(errors).length > 0) return { ok: false, errors };
      return { ok: true, leadMediaId: form.removeImage ? null : form.leadMediaId || null };
    }
    try {
      const bytes = Buffer.from(await file.arrayBuffer());
      const id = await storeUploadedImage(db, deps.media, bytes, details.data, clock.now());
      return { ok: true, leadMediaId: id };
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      return { ok: false, errors: { image: uploadErrorMessage(t, error.code) } };
    }
  }

  /** The snapshot the form describes; new topics and contributors are created in `trx`. */
  async function snapshotOf(
    trx: Db,
    form: EditorForm,
    editionCode: string,
    leadMediaId: string | null,
    slug: string,
  ): Promise<ArticleSnapshot> {
    const now = clock.now();
    const topicIds = await resolveTopics(trx, editionCode, splitNames(form.topics), now);
    const byline = await resolveByline(trx, splitNames(form.people), form.agencyId || null, now);
    return {
      slug,
      headline: form.headline,
      standfirst: form.standfirst,
      bodyHtml: form.body,
      copyright: form.copyright,
      sectionId: form.sectionId || null,
      leadMediaId,
      topicIds,
      byline,
    };
  }

  app.get('/admin', requireUser(), async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const query = dashboardQuery.parse(c.req.query());
    const editions = await editionsOf(user);
    const edition = editions.some((e) => e.code === query.edition) ? query.edition : undefined;
    const base: DeskFilters = {
      editions: isAdmin(user) ? 'all' : user.editions,
      edition,
      sectionId: query.section || undefined,
      limit: LIST_LIMIT,
    };
    const searching = Boolean(query.q?.trim() || query.status);
    const withPolicy = (items: DeskListItem[]) =>
      items.map((item) => ({
        ...item,
        editable: canEditArticle(user, {
          editionCode: item.editionCode,
          status: item.status,
          createdBy: item.createdBy,
        }),
      }));
    const lists: DeskList[] = searching
      ? [
          {
            title: t.deskResults,
            items: withPolicy(
              await findDeskArticles(db, { ...base, q: query.q, status: query.status, limit: RESULTS_LIMIT }),
            ),
          },
        ]
      : await Promise.all(
          (
            [
              [t.deskMyDrafts, { status: 'draft', createdBy: user.id }],
              [t.deskInReview, { status: 'in_review' }],
              [t.deskScheduled, { status: 'scheduled' }],
              [t.deskRecentlyPublished, { status: 'published' }],
            ] as const
          ).map(async ([title, filter]) => ({
            title,
            items: withPolicy(await findDeskArticles(db, { ...base, ...filter })),
          })),
        );
    const views = await viewsOfArticles(
      db,
      lists.flatMap((list) => list.items.map((item) => item.id)),
      clock.now(),
    );
    const page = (
      <DeskDashboardPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        editions={editions}
        filters={{
          q: query.q ?? '',
          edition: edition ?? '',
          section: query.section ?? '',
          status: query.status ?? '',
        }}
        lists={lists}
        views={views}
        canReadOutbox={canReadOutbox(user)}
        wireAlerts={
          <WireAlerts language={user.language} csrf={csrfOf(c)} alerts={await openAlertsFor(db, user)} />
        }
        notice={
          query.done === 'deleted'
            ? t.deskDoneDeleted
            : query.done === 'submitted'
              ? t.deskDoneSubmitted
              : undefined
        }
      />
    );
    return sendAdminPage(c, page);
  });

  app.get('/admin/articles/new', requireUser(), async (c) => {
    const user = signedInUser(c);
    const query = newArticleQuery.safeParse(c.req.query());
    // Without an edition there is nothing to start: the dashboard has a "new article" link per edition.
    if (!query.success) return c.redirect('/admin', 302);
    const edition = (await listEditions(db)).find((e) => e.code === query.data.edition);
    if (!edition) return notFound(c);
    if (!canCreateArticle(user, edition.code)) return forbidden(c);
    return newArticlePage(c, edition, emptyValues());
  });

  app.post('/admin/articles', requireUser(), async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const body = await c.req.parseBody();
    const code = typeof body.edition === 'string' ? body.edition : '';
    const edition = (await listEditions(db)).find((e) => e.code === code);
    if (!edition) return notFound(c);
    if (!canCreateArticle(user, edition.code)) return forbidden(c);
    const form = editorForm.safeParse(body);
    if (!form.success) return newArticlePage(c, edition, typedValues(body), fieldErrors(form.error, t), 422);
    const checked = await checkAndUpload(form.data, edition, t, true);
    if (!checked.ok) {
      const values = typedValues(body);
      return newArticlePage(
        c,
        edition,
        values,
        { errors: checked.errors, formError: t.adminFormHasErrors },
        422,
      );
    }
    const id = await db.transaction().execute(async (trx) => {
      const snapshot = await snapshotOf(trx, form.data, edition.code, checked.leadMediaId, form.data.slug);
      return createDraft(trx, edition.code, snapshot, act(user));
    });
    return c.redirect(`/admin/articles/${id}?done=created`, 303);
  });

  app.get('/admin/articles/:id', requireUser(), async (c) => {
    const user = signedInUser(c);
    const loaded = await loadArticle(c.req.param('id'));
    if (!loaded) return notFound(c);
    if (!canEditArticle(user, refOf(loaded.article.row))) return forbidden(c);
    const t = messagesFor(user.language);
    const done = editorQuery.parse(c.req.query()).done;
    const notices = {
      created: t.deskDoneCreated,
      saved: t.deskDoneSaved,
      submitted: t.deskDoneSubmitted,
      published: t.deskDonePublished,
      scheduled: t.deskDoneScheduled,
      unpublished: t.deskDoneUnpublished,
    };
    const values = await storedValues(db, loaded.article);
    return editorPage(c, loaded, values, { notice: done ? notices[done] : undefined });
  });

  /** May this user do what the button asks? (Saving is checked by canEditArticle before.) */
  function intentAllowed(user: SignedInUser, row: ArticleRow, intent: DeskIntent): boolean {
    if (intent === 'submit') return canSubmitForReview(user, refOf(row));
    if (intent === 'publish') return canPublish(user, row.edition_code);
    if (intent === 'schedule') return canSchedule(user, row.edition_code);
    return true;
  }

  /**
   * The editor's one request: the fields on the screen, the version they were
   * loaded at, and what to do (`intent`: save, update, submit, publish,
   * schedule with `at`). Saved with the version check and acted on in one
   * transaction; a conflict or an invalid field saves and publishes nothing
   * and shows the form again with everything typed and the reason.
   */
  app.post('/admin/articles/:id', requireUser(), async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const json = wantsJson(c);
    const loaded = await loadArticle(c.req.param('id'));
    if (!loaded) return json ? c.json({ error: 'not_found' }, 404) : notFound(c);
    const { row } = loaded.article;
    if (!canEditArticle(user, refOf(row))) return forbidden(c);
    const body = await c.req.parseBody();
    const values = typedValues(body);
    const at = typeof body.at === 'string' ? body.at : undefined;
    const form = editorForm.safeParse(body);
    const refused = (errors: FieldErrors, formError: string, status: 409 | 422 = 422) =>
      json
        ? c.json(
            { error: status === 409 ? 'refused' : 'invalid', message: formError, fields: errors },
            status,
          )
        : editorPage(c, loaded, values, { errors, formError, ...(at !== undefined && { at }) }, status);
    if (!form.success) {
      const { errors, formError } = fieldErrors(form.error, t);
      return refused(errors, formError ?? t.adminFormHasErrors);
    }
    const { intent } = form.data;
    if (!intentAllowed(user, row, intent)) return forbidden(c);
    const expectedVersion = form.data.version ?? form.data.expectedVersion;
    if (expectedVersion === undefined) return refused({}, t.deskErrorNoVersion);
    const scheduleAt =
      intent === 'schedule' ? parseLocalDateTime(form.data.at, loaded.edition.timeZone) : undefined;
    if (intent === 'schedule' && (!scheduleAt || scheduleAt.getTime() <= clock.now().getTime()))
      return refused({ at: t.deskErrorScheduleTime }, t.deskErrorScheduleTime);
    // Autosave sends the whole form: the file is stored only when the person presses a button.
    const checked = await checkAndUpload(form.data, loaded.edition, t, !json);
    if (!checked.ok) return refused(checked.errors, t.adminFormHasErrors);
    // Until first publication the slug follows the headline unless it was changed by hand.
    const slug = row.first_published_at === null && form.data.slug === row.slug ? '' : form.data.slug;
    try {
      const done = await db.transaction().execute(async (trx) => {
        const snapshot = await snapshotOf(trx, form.data, row.edition_code, checked.leadMediaId, slug);
        const screen = { expectedVersion, snapshot, saveKind: form.data.saveKind, intent, at: scheduleAt };
        return actOnScreen(trx, row.id, screen, act(user));
      });
      if (json) return c.json({ version: done.version, repeated: done.repeated });
      return c.redirect(afterIntent(user, row, intent), 303);
    } catch (error) {
      if (error instanceof WorkflowError)
        return refused({}, format(t.deskWorkflowRefused, { reason: error.message }), 409);
      if (!(error instanceof EditConflictError)) throw error;
      const yours = { ...values, leadMediaId: checked.leadMediaId ?? '' };
      return conflictReply(c, loaded, error, yours, json, at);
    }
  });

  /** Where the editor goes after a press: back to the article with a notice, or the dashboard. */
  function afterIntent(user: SignedInUser, row: ArticleRow, intent: DeskIntent): string {
    if (intent === 'submit') {
      // A writer cannot edit a draft once it is with the editors: back to the dashboard.
      const stillEditable = canEditArticle(user, { ...refOf(row), status: 'in_review' });
      return stillEditable ? editorUrl(row.id, 'submitted') : '/admin?done=submitted';
    }
    const done = { save: 'saved', update: 'saved', publish: 'published', schedule: 'scheduled' } as const;
    return editorUrl(row.id, done[intent]);
  }

  /**
   * Someone saved in between: autosave gets both versions as JSON; the form
   * shows theirs as saved beside yours as typed, ready to save over theirs.
   */
  async function conflictReply(
    c: Context<AppEnv>,
    loaded: { article: DeskArticle; edition: Edition },
    error: EditConflictError,
    yours: EditorValues,
    json: boolean,
    at: string | undefined,
  ) {
    const t = messagesFor(signedInUser(c).language);
    const theirs = error.current;
    if (json) {
      const message = format(t.deskConflictText, { version: String(theirs.version) });
      return c.json(
        { error: 'conflict', message, version: theirs.version, theirs: theirs.snapshot, yours },
        409,
      );
    }
    const fresh = await findDeskArticle(db, loaded.article.row.id);
    const current = { article: fresh ?? loaded.article, edition: loaded.edition };
    const names = await snapshotNames(db, theirs.snapshot);
    const sectionName = loaded.edition.sections.find((s) => s.id === theirs.snapshot.sectionId)?.name ?? null;
    // Field by field, from theirs (saved) to yours (typed); the form carries their version, so sending it again merges.
    const attempted = { ...error.attempted, slug: error.attempted.slug || theirs.snapshot.slug };
    const diff = diffText(theirs.snapshot, attempted);
    const conflict = { version: theirs.version, snapshot: theirs.snapshot, names, sectionName, diff };
    return editorPage(c, current, yours, { conflict, ...(at !== undefined && { at }) }, 409);
  }

  /** A workflow button: loads the article, checks `allowed`, runs `work`, and goes back with a notice. */
  function workflowAction(
    path: string,
    allowed: (user: SignedInUser, row: ArticleRow) => boolean,
    work: (
      c: Context<AppEnv>,
      user: SignedInUser,
      loaded: { article: DeskArticle; edition: Edition },
    ) => Promise<string | Response>,
  ) {
    app.post(`/admin/articles/:id/${path}`, requireUser(), async (c) => {
      const user = signedInUser(c);
      const loaded = await loadArticle(c.req.param('id'));
      if (!loaded) return notFound(c);
      if (!allowed(user, loaded.article.row)) return forbidden(c);
      try {
        const next = await work(c, user, loaded);
        return typeof next === 'string' ? c.redirect(next, 303) : next;
      } catch (error) {
        if (!(error instanceof WorkflowError)) throw error;
        const t = messagesFor(user.language);
        const values = await storedValues(db, loaded.article);
        return editorPage(
          c,
          loaded,
          values,
          { formError: format(t.deskWorkflowRefused, { reason: error.message }) },
          409,
        );
      }
    });
  }

  const editorUrl = (id: string, done: string) => `/admin/articles/${id}?done=${done}`;

  workflowAction(
    'unpublish',
    (user, row) => canUnpublish(user, row.edition_code),
    async (_c, user, { article }) => {
      await unpublish(db, article.row.id, act(user));
      return editorUrl(article.row.id, 'unpublished');
    },
  );

  workflowAction(
    'delete',
    (user, row) => canDeleteArticle(user, refOf(row)),
    async (_c, user, { article }) => {
      await deleteArticle(db, article.row.id, act(user));
      return '/admin?done=deleted';
    },
  );

  return app;
}
