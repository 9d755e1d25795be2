/**
 * The live desk (/admin/live): writers and editors of an edition add entries
 * to its live coverage; editors start, close and reopen coverages, pin entries
 * and turn an entry into its own article. Every write goes through the live
 * door (./workflow.ts); every form works without JavaScript.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { refuse, requireUser, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import {
  canAddLiveEntry,
  canEditLiveEntry,
  canManageLiveCoverage,
  isAdmin,
  type SignedInUser,
  worksInEdition,
} from '../accounts/policy.js';
import { findDeskArticle } from '../articles/editable.js';
import { articlePath } from '../articles/paths.js';
import type { Act } from '../articles/workflow.js';
import { cachedEditions } from '../editions/chrome.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { snapshotNames } from '../newsroom/queries.js';
import { deskScript } from '../ui/assets.js';
import type { FieldErrors } from '../ui/forms.js';
import {
  EntryEditPage,
  type EntryForm,
  emptyEntryForm,
  LiveDeskListPage,
  LiveDeskPage,
  liveDeskPath,
} from './admin-views.js';
import {
  DESK_ENTRIES_PER_PAGE,
  findCoverage,
  findCoverageEntry,
  type LiveEntry,
  listDeskCoverages,
  listEntries,
  seqOf,
} from './queries.js';
import {
  addEntry,
  closeCoverage,
  deleteEntry,
  type EntryField,
  type EntryInput,
  type EntryProblem,
  editEntry,
  entryToArticle,
  type LiveRefusal,
  reopenCoverage,
  setEntryPinned,
  startCoverage,
} from './workflow.js';

const id = z.string().regex(/^[0-9a-z]{1,32}$/);
const doneQuery = z
  .enum(['started', 'closed', 'reopened', 'added', 'saved', 'pinned', 'unpinned', 'deleted', 'unchanged'])
  .optional()
  .catch(undefined);
const beforeQuery = z
  .string()
  .regex(/^[0-9a-z]{20}$/)
  .optional()
  .catch(undefined);
const versionField = z.coerce.number().int().positive();

const DONE: Record<NonNullable<z.infer<typeof doneQuery>>, (t: Messages) => string> = {
  started: (t) => t.liveDeskDoneStarted,
  closed: (t) => t.liveDeskDoneClosed,
  reopened: (t) => t.liveDeskDoneReopened,
  added: (t) => t.liveDeskDoneAdded,
  saved: (t) => t.liveDeskDoneSaved,
  pinned: (t) => t.liveDeskDonePinned,
  unpinned: (t) => t.liveDeskDoneUnpinned,
  deleted: (t) => t.liveDeskDoneDeleted,
  unchanged: (t) => t.liveDeskDoneUnchanged,
};

/** What the form sent, as strings and ticks, to act on or to show again. */
function typedEntry(body: Record<string, unknown>): EntryForm {
  const s = (name: string) => {
    const value = body[name];
    return typeof value === 'string' ? value : '';
  };
  return {
    title: s('title'),
    body: s('body'),
    author: s('author'),
    keyEvent: s('keyEvent') === '1',
    pinned: s('pinned') === '1',
  };
}

const inputOf = (form: EntryForm, canPin: boolean): EntryInput => ({
  title: form.title,
  bodyHtml: form.body,
  author: form.author,
  keyEvent: form.keyEvent,
  ...(canPin ? { pinned: form.pinned } : {}),
});

/** A field's problem in the user's language. */
export function problemText(t: Messages, problem: EntryProblem): string {
  switch (problem.code) {
    case 'required':
      return t.liveErrorBodyRequired;
    case 'too_long':
      return format(t.liveErrorTooLong, { max: String(problem.max) });
    case 'invalid_text':
      return t.deskErrorInvalidCharacters;
    case 'hostile':
      return format(t.liveErrorHostile, { found: problem.found });
  }
}

const FIELD_IDS: Record<EntryField, string> = { title: 'title', bodyHtml: 'body', author: 'author' };

/** A refusal of the door as the form's errors and its line above the form. */
function refusalText(t: Messages, refusal: LiveRefusal): { errors: FieldErrors; formError: string } {
  switch (refusal.code) {
    case 'invalid': {
      const errors: FieldErrors = {};
      for (const [field, problem] of Object.entries(refusal.fields) as [EntryField, EntryProblem][])
        errors[FIELD_IDS[field]] = problemText(t, problem);
      return { errors, formError: t.adminFormHasErrors };
    }
    case 'closed':
      return { errors: {}, formError: t.liveErrorClosed };
    case 'not_live':
      return { errors: {}, formError: t.liveDeskNotLive };
    case 'stale':
      return {
        errors: {},
        formError: format(t.liveErrorStale, { version: String(refusal.current.version) }),
      };
    case 'not_found':
      return { errors: {}, formError: t.liveErrorNoEntry };
  }
}

export function liveAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock } = deps;

  // The admin area's middleware (session, CSRF, body size, no-store) runs first: mounted in the admin sub-app.
  for (const path of ['/admin/live', '/admin/live/*']) app.use(path, requireUser());
  // Whoever adds an entry sees it on the site at once (other instances catch up through the change log).
  app.use('/admin/live/*', async (c, next) => {
    await next();
    if (c.req.method === 'POST') await deps.cache.syncFromChangeLog(db);
  });

  const act = (user: SignedInUser): Act => ({ userId: user.id, now: clock.now(), source: 'desk' });
  const forbidden = (c: Context<AppEnv>) =>
    refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.deskForbiddenText }));
  const missing = (c: Context<AppEnv>) =>
    refuse(c, 404, (t) => ({
      title: t.notFoundTitle,
      text: t.liveErrorNoEntry,
      link: { href: '/admin/live', label: t.liveDeskTitle },
    }));

  /** The article in the URL, its edition and coverage, when this user works in that edition. */
  async function loaded(c: Context<AppEnv>) {
    const articleId = id.safeParse(c.req.param('id'));
    if (!articleId.success) return undefined;
    const article = await findDeskArticle(db, articleId.data);
    if (!article) return undefined;
    const edition = (await cachedEditions(deps)).find((e) => e.code === article.row.edition_code);
    if (!edition || !worksInEdition(signedInUser(c), edition.code)) return undefined;
    const coverage = article.row.format === 'live' ? await findCoverage(db, article.row.id) : undefined;
    return { article, edition, coverage };
  }
  type Loaded = NonNullable<Awaited<ReturnType<typeof loaded>>>;

  /** The entry in the URL, of the article in the URL. */
  async function loadedEntry(c: Context<AppEnv>) {
    const at = await loaded(c);
    const entryId = id.safeParse(c.req.param('entry'));
    if (!at?.coverage || !entryId.success) return undefined;
    const entry = await findCoverageEntry(db, at.article.row.id, entryId.data);
    return entry && { ...at, entry };
  }

  async function deskPage(
    c: Context<AppEnv>,
    at: Loaded,
    state: { form?: EntryForm; errors?: FieldErrors; formError?: string; notice?: string } = {},
    status: 200 | 409 | 422 = 200,
  ) {
    const user = signedInUser(c);
    const { article, edition, coverage } = at;
    const articleId = article.row.id;
    const before = beforeQuery.parse(c.req.query('before'));
    const beforeSeq = before ? await seqOf(db, articleId, before) : undefined;
    const { entries, more } = coverage
      ? await listEntries(db, articleId, { limit: DESK_ENTRIES_PER_PAGE, beforeSeq })
      : { entries: [], more: false };
    // A new entry is by the coverage's first person unless the form says otherwise.
    const author = (await snapshotNames(db, article.snapshot)).people[0]?.name ?? '';
    const { row } = article;
    const page = (
      <LiveDeskPage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        edition={edition}
        article={{
          id: articleId,
          headline: row.headline,
          status: row.status,
          publicUrl:
            row.status === 'published' && row.first_published_at
              ? articlePath(edition.code, row.slug, row.first_published_at, edition.timeZone)
              : null,
        }}
        coverage={coverage}
        entries={entries}
        older={more ? entries.at(-1)?.id : undefined}
        actions={{
          manage: canManageLiveCoverage(user, edition.code),
          add: canAddLiveEntry(user, edition.code),
          edit: (entry: LiveEntry) => canEditLiveEntry(user, entry),
        }}
        form={state.form ?? emptyEntryForm(author)}
        errors={state.errors ?? {}}
        formError={state.formError}
        notice={state.notice}
        deskScriptPath={deskScript().path}
      />
    );
    return sendAdminPage(c, page, status);
  }

  const back = (c: Context<AppEnv>, articleId: string, done: string) =>
    c.redirect(`${liveDeskPath(articleId)}?done=${done}`, 303);

  app.get('/admin/live', async (c) => {
    const user = signedInUser(c);
    const editions = await cachedEditions(deps);
    const coverages = await listDeskCoverages(db, isAdmin(user) ? 'all' : user.editions);
    const page = (
      <LiveDeskListPage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        editions={editions}
        coverages={coverages}
      />
    );
    return sendAdminPage(c, page);
  });

  app.get('/admin/live/:id', async (c) => {
    const at = await loaded(c);
    if (!at) return missing(c);
    const user = signedInUser(c);
    // Not a coverage yet: only those who may start one have anything to do here.
    if (!at.coverage && !canManageLiveCoverage(user, at.edition.code)) return forbidden(c);
    const done = doneQuery.parse(c.req.query('done'));
    const t = messagesFor(user.language);
    return deskPage(c, at, { ...(done ? { notice: DONE[done](t) } : {}) });
  });

  /** Start, close, reopen: the edition's editors. */
  for (const [path, work, done] of [
    ['start', startCoverage, 'started'],
    ['close', closeCoverage, 'closed'],
    ['reopen', reopenCoverage, 'reopened'],
  ] as const) {
    app.post(`/admin/live/:id/${path}`, async (c) => {
      const at = await loaded(c);
      if (!at) return missing(c);
      const user = signedInUser(c);
      if (!canManageLiveCoverage(user, at.edition.code)) return forbidden(c);
      const result = await work(db, at.article.row.id, act(user));
      if (!result.ok) {
        const t = messagesFor(user.language);
        return deskPage(c, at, { formError: refusalText(t, result.refusal).formError }, 409);
      }
      return back(c, at.article.row.id, result.changed ? done : 'unchanged');
    });
  }

  app.post('/admin/live/:id/entries', async (c) => {
    const at = await loaded(c);
    if (!at) return missing(c);
    const user = signedInUser(c);
    if (!at.coverage || !canAddLiveEntry(user, at.edition.code)) return forbidden(c);
    const form = typedEntry(await c.req.parseBody());
    const result = await addEntry(
      db,
      at.article.row.id,
      inputOf(form, canManageLiveCoverage(user, at.edition.code)),
      act(user),
    );
    if (!result.ok) {
      const t = messagesFor(user.language);
      const { errors, formError } = refusalText(t, result.refusal);
      const status = result.refusal.code === 'invalid' ? 422 : 409;
      return deskPage(c, at, { form, errors, formError }, status);
    }
    return back(c, at.article.row.id, 'added');
  });

  async function editPage(
    c: Context<AppEnv>,
    at: NonNullable<Awaited<ReturnType<typeof loadedEntry>>>,
    state: { form: EntryForm; errors?: FieldErrors; formError?: string; theirs?: LiveEntry },
    status: 200 | 409 | 422 = 200,
  ) {
    const user = signedInUser(c);
    const page = (
      <EntryEditPage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        edition={at.edition}
        articleHeadline={at.article.row.headline}
        entry={at.entry}
        form={state.form}
        errors={state.errors ?? {}}
        canPin={canManageLiveCoverage(user, at.edition.code)}
        formError={state.formError}
        theirs={state.theirs}
        deskScriptPath={deskScript().path}
      />
    );
    return sendAdminPage(c, page, status);
  }

  app.get('/admin/live/:id/entries/:entry', async (c) => {
    const at = await loadedEntry(c);
    if (!at) return missing(c);
    if (!canEditLiveEntry(signedInUser(c), at.entry)) return forbidden(c);
    const { entry } = at;
    return editPage(c, at, {
      form: {
        title: entry.title,
        body: entry.bodyHtml,
        author: entry.author?.name ?? '',
        keyEvent: entry.keyEvent,
        pinned: entry.pinned,
      },
    });
  });

  /** Saves an edit made on the version the form carries; a stale one shows theirs above yours. */
  app.post('/admin/live/:id/entries/:entry', async (c) => {
    const at = await loadedEntry(c);
    if (!at) return missing(c);
    const user = signedInUser(c);
    if (!canEditLiveEntry(user, at.entry)) return forbidden(c);
    const body = await c.req.parseBody();
    const form = typedEntry(body);
    const t = messagesFor(user.language);
    const version = versionField.safeParse(body.version);
    if (!version.success) return editPage(c, at, { form, formError: t.deskErrorNoVersion }, 422);
    const canPin = canManageLiveCoverage(user, at.edition.code);
    const result = await editEntry(
      db,
      at.article.row.id,
      at.entry.id,
      { expectedVersion: version.data, input: inputOf(form, canPin) },
      act(user),
    );
    if (!result.ok) {
      const { errors, formError } = refusalText(t, result.refusal);
      if (result.refusal.code === 'stale')
        return editPage(c, at, { form, formError, theirs: result.refusal.current }, 409);
      return editPage(c, at, { form, errors, formError }, result.refusal.code === 'invalid' ? 422 : 409);
    }
    return back(c, at.article.row.id, 'saved');
  });

  for (const [path, pinned] of [
    ['pin', true],
    ['unpin', false],
  ] as const) {
    app.post(`/admin/live/:id/entries/:entry/${path}`, async (c) => {
      const at = await loadedEntry(c);
      if (!at) return missing(c);
      const user = signedInUser(c);
      if (!canManageLiveCoverage(user, at.edition.code)) return forbidden(c);
      const result = await setEntryPinned(db, at.article.row.id, at.entry.id, pinned, act(user));
      if (!result.ok) {
        const t = messagesFor(user.language);
        return deskPage(c, at, { formError: refusalText(t, result.refusal).formError }, 409);
      }
      return back(c, at.article.row.id, result.changed ? (pinned ? 'pinned' : 'unpinned') : 'unchanged');
    });
  }

  app.post('/admin/live/:id/entries/:entry/delete', async (c) => {
    const at = await loadedEntry(c);
    if (!at) return missing(c);
    const user = signedInUser(c);
    if (!canEditLiveEntry(user, at.entry)) return forbidden(c);
    const version = versionField.safeParse((await c.req.parseBody()).version);
    const result = await deleteEntry(
      db,
      at.article.row.id,
      at.entry.id,
      act(user),
      version.success ? version.data : undefined,
    );
    if (!result.ok) {
      const t = messagesFor(user.language);
      return deskPage(c, at, { formError: refusalText(t, result.refusal).formError }, 409);
    }
    return back(c, at.article.row.id, 'deleted');
  });

  /** A draft of its own from the entry (the article door), opened in the editor. */
  app.post('/admin/live/:id/entries/:entry/article', async (c) => {
    const at = await loadedEntry(c);
    if (!at) return missing(c);
    const user = signedInUser(c);
    if (!canManageLiveCoverage(user, at.edition.code)) return forbidden(c);
    const result = await entryToArticle(db, at.article.row.id, at.entry.id, act(user));
    if (!result.ok) {
      const t = messagesFor(user.language);
      return deskPage(c, at, { formError: refusalText(t, result.refusal).formError }, 409);
    }
    return c.redirect(`/admin/articles/${result.newArticleId}?done=created`, 303);
  });

  return app;
}
