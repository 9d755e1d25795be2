/**
 * The moderation desk (/admin/comments): queues of held, reported and
 * recently decided comments; approve and reject, one at a time or in bulk;
 * staff replies; an article's comments and its open/closed choice; an
 * edition's rules, banned phrases and section defaults; a reader's history.
 * Every write goes through the conversation's door (./workflow.ts).
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { clientIp, refuse, requireUser, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import { canManageComments, canModerateComments, type SignedInUser } from '../accounts/policy.js';
import { cachedEditions } from '../editions/chrome.js';
import type { Edition } from '../editions/queries.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { findReader } from '../readers/queries.js';
import { banReader, reinstateReader, suspendReader } from '../readers/store.js';
import type { FieldErrors } from '../ui/forms.js';
import {
  ArticleCommentsPage,
  articleDeskPath,
  CommentSettingsPage,
  CommentsQueuePage,
  REJECT_REASON_NAMES,
  REJECT_REASONS,
  ReaderHistoryPage,
  readerDeskPath,
  SETTINGS_NUMBERS,
  type SettingsForm,
  type SettingsNumber,
  SUSPENSION_DAYS,
  settingsPath,
} from './admin-views.js';
import { notifyReply } from './notifications.js';
import {
  commentsState,
  findComment,
  findModeratedArticle,
  findModeratedComment,
  listArticleComments,
  listBannedPhrases,
  listClosures,
  listModerationQueue,
  listReaderHistory,
  listReportsAgainstReader,
  loadCommentSettings,
  MODERATION_QUEUES,
  readerCommentEditions,
} from './queries.js';
import {
  addBannedPhrase,
  approveComment,
  type ClosureState,
  commentSettingsSchema,
  type ModerationResult,
  type PostRefusal,
  postComment,
  rejectComment,
  removeBannedPhrase,
  saveCommentSettings,
  setCommentsClosure,
} from './workflow.js';

const id = z.string().regex(/^[0-9a-z]{1,32}$/);
const editionCode = z.string().regex(/^[a-z0-9-]{1,16}$/);
const queueQuery = z.object({
  queue: z.enum(MODERATION_QUEUES).catch('pending'),
  edition: z.string().max(16).catch(''),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
/** Where an action goes back to: a page of this desk, nowhere else. */
const backField = z
  .string()
  .max(500)
  .regex(/^\/admin\/comments(?:[/?][\w\-./?=&%]*)?$/)
  .refine((path) => !path.includes('..'))
  .catch('/admin/comments');
const closureState = z.enum(['open', 'closed', 'default']);
const rejectInput = z
  .object({
    reason: z.enum(REJECT_REASONS),
    note: z.string().trim().max(400).catch(''),
  })
  .refine((r) => r.reason !== 'other' || r.note !== '', { path: ['note'] });
/** Bulk actions take at most a page of comments. */
const bulkInput = z.object({
  action: z.enum(['approve', 'reject']),
  ids: z.array(id).min(1).max(100),
});
const staffBody = z.string().max(20_000);
const DONE = [
  'approved',
  'rejected',
  'unchanged',
  'replied',
  'closure',
  'settings',
  'phrase_added',
  'phrase_removed',
  'sections',
  'bulk',
] as const;
const doneQuery = z.enum(DONE).optional().catch(undefined);
const readerDoneQuery = z.enum(['suspended', 'banned', 'reinstated']).optional().catch(undefined);
const readerReason = z.string().trim().min(1).max(500);
const suspendInput = z.object({ days: z.enum(SUSPENSION_DAYS), reason: readerReason });
const DAY_MS = 86_400_000;
const countParam = z.coerce.number().int().min(0).max(1000).catch(0);

const POST_ERRORS: Record<PostRefusal, (t: Messages) => string> = {
  empty: (t) => t.moderationPostEmpty,
  invalid_text: (t) => t.moderationPostInvalid,
  too_long: (t) => t.moderationPostTooLong,
  no_article: (t) => t.moderationPostNoArticle,
  closed: (t) => t.moderationPostNoArticle,
  barred: (t) => t.moderationPostNoArticle,
  no_name: (t) => t.moderationPostNoArticle,
  rate_limited: (t) => t.moderationPostNoArticle,
  bad_parent: (t) => t.moderationPostBadParent,
};

/** Adds `done` (and its counts) to a desk address. */
function withDone(path: string, done: (typeof DONE)[number], extra: Record<string, string> = {}): string {
  const url = new URL(path, 'http://desk');
  url.searchParams.set('done', done);
  for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}

/** The reason stored on a rejected comment: the chosen one in the edition's language, and the moderator's words. */
function rejectReasonText(
  reason: (typeof REJECT_REASONS)[number],
  note: string,
  edition: Edition | undefined,
) {
  const label = REJECT_REASON_NAMES[reason](messagesFor(edition?.language ?? 'en'));
  return note ? `${label}: ${note}` : label;
}

/** The settings form's fields, each read by `read`. */
function settingsForm(read: (field: keyof SettingsForm) => string): SettingsForm {
  return {
    enabled: read('enabled'),
    max_length: read('max_length'),
    close_after_days: read('close_after_days'),
    trust_after: read('trust_after'),
    report_threshold: read('report_threshold'),
    per_reader_per_hour: read('per_reader_per_hour'),
    per_address_per_hour: read('per_address_per_hour'),
  };
}

function rangeOf(field: SettingsNumber) {
  const schema = commentSettingsSchema.shape[field];
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? 0 };
}

/** The number fields' bounds, from the door's schema: shown as hints and in errors. */
const ranges: Record<SettingsNumber, { min: number; max: number }> = {
  max_length: rangeOf('max_length'),
  close_after_days: rangeOf('close_after_days'),
  trust_after: rangeOf('trust_after'),
  report_threshold: rangeOf('report_threshold'),
  per_reader_per_hour: rangeOf('per_reader_per_hour'),
  per_address_per_hour: rangeOf('per_address_per_hour'),
};

export function commentsAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock, config } = deps;

  for (const path of ['/admin/comments', '/admin/comments/*']) app.use(path, requireUser());
  // The public thread changes at once in this instance too (others catch up through the change log).
  app.use('/admin/comments/*', async (c, next) => {
    await next();
    if (c.req.method === 'POST') await deps.cache.syncFromChangeLog(db);
  });

  const forbidden = (c: Context<AppEnv>) =>
    refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.adminForbiddenText }));
  const notFound = (c: Context<AppEnv>) =>
    refuse(c, 404, (t) => ({ title: t.moderationNotFoundTitle, text: t.moderationNotFoundText }));

  /** The editions whose comments this user moderates. */
  async function moderatedEditions(user: SignedInUser): Promise<Edition[]> {
    return (await cachedEditions(deps)).filter((e) => canModerateComments(user, e.code));
  }
  const mayModerate = (user: SignedInUser) => (code: string) => canModerateComments(user, code);
  const actOf = (user: SignedInUser) => ({ userId: user.id, now: clock.now() });

  app.get('/admin/comments', async (c) => {
    const user = signedInUser(c);
    const query = queueQuery.parse(c.req.query());
    const editions = await moderatedEditions(user);
    if (editions.length === 0) return forbidden(c);
    if (query.edition && !editions.some((e) => e.code === query.edition)) return forbidden(c);
    const codes = query.edition ? [query.edition] : editions.map((e) => e.code);
    const { comments, hasMore } = await listModerationQueue(db, {
      queue: query.queue,
      editions: codes,
      page: query.page,
    });
    const t = messagesFor(user.language);
    return sendAdminPage(
      c,
      <CommentsQueuePage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        editions={editions}
        queue={query.queue}
        edition={query.edition}
        page={query.page}
        hasMore={hasMore}
        comments={comments}
        manages={editions.filter((e) => canManageComments(user, e.code)).map((e) => e.code)}
        notice={doneNotice(c, t)}
      />,
    );
  });

  /** What just happened, from the `done` of the address. */
  function doneNotice(c: Context<AppEnv>, t: Messages): string | undefined {
    const done = doneQuery.parse(c.req.query('done'));
    if (!done) return undefined;
    if (done === 'bulk') {
      return format(t.moderationDoneBulk, {
        done: String(countParam.parse(c.req.query('n'))),
        unchanged: String(countParam.parse(c.req.query('same'))),
        skipped: String(countParam.parse(c.req.query('skipped'))),
      });
    }
    const notices: Record<Exclude<typeof done, 'bulk'>, string> = {
      approved: t.moderationDoneApproved,
      rejected: t.moderationDoneRejected,
      unchanged: t.moderationDoneUnchanged,
      replied: t.moderationDoneReplied,
      closure: t.moderationDoneSaved,
      settings: t.moderationDoneSaved,
      phrase_added: t.moderationDonePhraseAdded,
      phrase_removed: t.moderationDonePhraseRemoved,
      sections: t.moderationDoneSaved,
    };
    return notices[done];
  }

  app.post('/admin/comments/bulk', async (c) => {
    const user = signedInUser(c);
    const body = await c.req.parseBody({ all: true });
    const back = backField.parse(body.back);
    const ids = body.ids === undefined ? [] : [body.ids].flat();
    const parsed = bulkInput.safeParse({ action: body.action, ids });
    const t = messagesFor(user.language);
    if (!parsed.success) return queueError(c, back, t.moderationErrorNoneSelected);
    const reject = parsed.data.action === 'reject' ? rejectInput.safeParse(body) : undefined;
    if (reject && !reject.success) return queueError(c, back, t.moderationErrorReason);
    const editions = await cachedEditions(deps);
    const counts = { n: 0, same: 0, skipped: 0 };
    // Each comment is its own decision: one that is gone or not this user's does not stop the others.
    for (const commentId of new Set(parsed.data.ids)) {
      let result: ModerationResult;
      if (reject?.success) {
        const comment = await findComment(db, commentId);
        const edition = editions.find((e) => e.code === comment?.edition_code);
        const reason = rejectReasonText(reject.data.reason, reject.data.note, edition);
        result = await rejectComment(db, commentId, mayModerate(user), actOf(user), reason);
      } else {
        result = await approveComment(db, commentId, mayModerate(user), actOf(user));
        if (result.ok && result.changed) notifyReply(deps, result.comment.id);
      }
      if (!result.ok) counts.skipped += 1;
      else if (result.changed) counts.n += 1;
      else counts.same += 1;
    }
    const summary = { n: String(counts.n), same: String(counts.same), skipped: String(counts.skipped) };
    return c.redirect(withDone(back, 'bulk', summary), 303);
  });

  /** The queue page again with an error line (nothing was done). */
  async function queueError(c: Context<AppEnv>, back: string, error: string) {
    const user = signedInUser(c);
    const editions = await moderatedEditions(user);
    const url = new URL(back, 'http://desk');
    const query = queueQuery.parse(Object.fromEntries(url.searchParams));
    const codes = editions.filter((e) => !query.edition || e.code === query.edition).map((e) => e.code);
    const { comments, hasMore } = await listModerationQueue(db, {
      queue: query.queue,
      editions: codes,
      page: query.page,
    });
    return sendAdminPage(
      c,
      <CommentsQueuePage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        editions={editions}
        queue={query.queue}
        edition={codes.length === 1 ? (codes[0] ?? '') : ''}
        page={query.page}
        hasMore={hasMore}
        comments={comments}
        manages={editions.filter((e) => canManageComments(user, e.code)).map((e) => e.code)}
        error={error}
      />,
      400,
    );
  }

  app.post('/admin/comments/:id/approve', async (c) => {
    const user = signedInUser(c);
    const commentId = id.safeParse(c.req.param('id'));
    const back = backField.parse((await c.req.parseBody()).back);
    if (!commentId.success) return notFound(c);
    const result = await approveComment(db, commentId.data, mayModerate(user), actOf(user));
    if (!result.ok) return result.error === 'not_found' ? notFound(c) : forbidden(c);
    if (result.changed) notifyReply(deps, result.comment.id);
    return c.redirect(withDone(back, result.changed ? 'approved' : 'unchanged'), 303);
  });

  /**
   * The comment a form on the desk acts on, with the form and the edition:
   * a Response instead when there is no such comment or it is another edition's.
   */
  async function commentForm(c: Context<AppEnv>) {
    const user = signedInUser(c);
    const commentId = id.safeParse(c.req.param('id'));
    const body = await c.req.parseBody();
    const back = backField.parse(body.back);
    if (!commentId.success) return notFound(c);
    const comment = await findModeratedComment(db, commentId.data);
    if (!comment) return notFound(c);
    if (!canModerateComments(user, comment.editionCode)) return forbidden(c);
    const edition = (await cachedEditions(deps)).find((e) => e.code === comment.editionCode);
    return { user, body, back, comment, edition };
  }

  app.post('/admin/comments/:id/reject', async (c) => {
    const form = await commentForm(c);
    if (form instanceof Response) return form;
    const { user, body, back, comment, edition } = form;
    const input = rejectInput.safeParse(body);
    if (!input.success) return queueError(c, back, messagesFor(user.language).moderationErrorReason);
    const reason = rejectReasonText(input.data.reason, input.data.note, edition);
    const result = await rejectComment(db, comment.id, mayModerate(user), actOf(user), reason);
    if (!result.ok) return result.error === 'not_found' ? notFound(c) : forbidden(c);
    return c.redirect(withDone(back, result.changed ? 'rejected' : 'unchanged'), 303);
  });

  app.post('/admin/comments/:id/reply', async (c) => {
    const form = await commentForm(c);
    if (form instanceof Response) return form;
    const { user, body, back, comment, edition } = form;
    const text = staffBody.safeParse(body.body);
    const t = messagesFor(user.language);
    const result = await postComment(
      db,
      { articleId: comment.articleId, parentId: comment.id, body: text.success ? text.data : '' },
      { kind: 'staff', userId: user.id, name: edition?.name ?? '' },
      { ip: clientIp(c, config), now: clock.now() },
    );
    if (!result.ok) return queueError(c, back, POST_ERRORS[result.error](t));
    notifyReply(deps, result.id);
    return c.redirect(withDone(back, 'replied'), 303);
  });

  /** The article's moderation view; undefined when there is no such article or it is not this user's. */
  async function articleContext(c: Context<AppEnv>) {
    const user = signedInUser(c);
    const articleId = id.safeParse(c.req.param('articleId'));
    const article = articleId.success ? await findModeratedArticle(db, articleId.data) : undefined;
    if (!article) return { error: 'not_found' as const };
    if (!canModerateComments(user, article.editionCode)) return { error: 'forbidden' as const };
    const editions = await moderatedEditions(user);
    const edition = editions.find((e) => e.code === article.editionCode);
    if (!edition) return { error: 'not_found' as const };
    return { user, article, editions, edition };
  }

  async function articlePage(
    c: Context<AppEnv>,
    ctx: Exclude<Awaited<ReturnType<typeof articleContext>>, { error: string }>,
    state: { errors?: FieldErrors; body?: string; notice?: string | undefined } = {},
  ) {
    const { user, article, editions, edition } = ctx;
    const now = clock.now();
    const settings = await loadCommentSettings(db, article.editionCode);
    const [comments, open, closures] = await Promise.all([
      listArticleComments(db, article.id),
      commentsState(
        db,
        {
          id: article.id,
          sectionId: article.sectionId,
          firstPublishedAt: article.firstPublishedAt ?? now.toISOString(),
        },
        settings,
        now,
      ),
      listClosures(db, 'article', [article.id]),
    ]);
    const errors = state.errors ?? {};
    return sendAdminPage(
      c,
      <ArticleCommentsPage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        editions={editions}
        article={article}
        comments={comments}
        state={open}
        closure={closures.get(article.id) ?? 'default'}
        manages={canManageComments(user, article.editionCode)}
        staffName={edition.name}
        errors={errors}
        body={state.body ?? ''}
        notice={state.notice}
      />,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }

  app.get('/admin/comments/articles/:articleId', async (c) => {
    const ctx = await articleContext(c);
    if ('error' in ctx) return ctx.error === 'forbidden' ? forbidden(c) : notFound(c);
    return articlePage(c, ctx, { notice: doneNotice(c, messagesFor(ctx.user.language)) });
  });

  app.post('/admin/comments/articles/:articleId/closure', async (c) => {
    const ctx = await articleContext(c);
    if ('error' in ctx) return ctx.error === 'forbidden' ? forbidden(c) : notFound(c);
    if (!canManageComments(ctx.user, ctx.article.editionCode)) return forbidden(c);
    const state = closureState.safeParse((await c.req.parseBody()).state);
    if (!state.success)
      return articlePage(c, ctx, { errors: { state: messagesFor(ctx.user.language).adminErrorRequired } });
    await setCommentsClosure(
      db,
      { scope: 'article', id: ctx.article.id, editionCode: ctx.article.editionCode },
      state.data,
      actOf(ctx.user),
    );
    return c.redirect(withDone(articleDeskPath(ctx.article.id), 'closure'), 303);
  });

  app.post('/admin/comments/articles/:articleId/comment', async (c) => {
    const ctx = await articleContext(c);
    if ('error' in ctx) return ctx.error === 'forbidden' ? forbidden(c) : notFound(c);
    const text = staffBody.safeParse((await c.req.parseBody()).body);
    const body = text.success ? text.data : '';
    const result = await postComment(
      db,
      { articleId: ctx.article.id, body },
      { kind: 'staff', userId: ctx.user.id, name: ctx.edition.name },
      { ip: clientIp(c, config), now: clock.now() },
    );
    if (!result.ok) {
      const t = messagesFor(ctx.user.language);
      return articlePage(c, ctx, {
        errors: { body: POST_ERRORS[result.error](t) },
        body: body.slice(0, 20_000),
      });
    }
    return c.redirect(withDone(articleDeskPath(ctx.article.id), 'replied'), 303);
  });

  /** The edition whose rules this user may change, from the query or the path. */
  async function managedEdition(c: Context<AppEnv>, code: unknown) {
    const user = signedInUser(c);
    const parsed = editionCode.safeParse(code);
    if (!parsed.success || !canManageComments(user, parsed.data)) return undefined;
    const editions = await moderatedEditions(user);
    const edition = editions.find((e) => e.code === parsed.data);
    return edition && { user, edition, editions };
  }

  async function settingsPage(
    c: Context<AppEnv>,
    ctx: NonNullable<Awaited<ReturnType<typeof managedEdition>>>,
    state: { form?: SettingsForm; errors?: FieldErrors; phrase?: string; notice?: string | undefined } = {},
  ) {
    const { user, edition, editions } = ctx;
    const [settings, phrases, closures] = await Promise.all([
      loadCommentSettings(db, edition.code),
      listBannedPhrases(db, edition.code),
      listClosures(
        db,
        'section',
        edition.sections.map((s) => s.id),
      ),
    ]);
    const form = state.form ?? settingsForm((field) => String(settings[field]));
    const errors = state.errors ?? {};
    return sendAdminPage(
      c,
      <CommentSettingsPage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        editions={editions}
        edition={edition}
        form={form}
        ranges={ranges}
        errors={errors}
        phrases={phrases}
        phrase={state.phrase ?? ''}
        sections={edition.sections.map((s) => ({ ...s, state: closures.get(s.id) ?? 'default' }))}
        notice={state.notice}
      />,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }

  app.get('/admin/comments/settings', async (c) => {
    const user = signedInUser(c);
    const requested = c.req.query('edition');
    if (requested === undefined) {
      const first = (await moderatedEditions(user)).find((e) => canManageComments(user, e.code));
      return first ? c.redirect(settingsPath(first.code), 303) : forbidden(c);
    }
    const ctx = await managedEdition(c, requested);
    if (!ctx) return forbidden(c);
    return settingsPage(c, ctx, { notice: doneNotice(c, messagesFor(user.language)) });
  });

  app.post('/admin/comments/settings/:edition', async (c) => {
    const ctx = await managedEdition(c, c.req.param('edition'));
    if (!ctx) return forbidden(c);
    const body = await c.req.parseBody();
    const form = settingsForm((field) => {
      const value = body[field];
      return typeof value === 'string' ? value.trim().slice(0, 12) : '';
    });
    const parsed = commentSettingsSchema.safeParse(
      Object.fromEntries(
        Object.entries(form).map(([field, value]) => [field, value === '' ? undefined : value]),
      ),
    );
    if (!parsed.success) {
      const t = messagesFor(ctx.user.language);
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = SETTINGS_NUMBERS.find((f) => f === issue.path[0]);
        const range = field && ranges[field];
        errors[field ?? 'enabled'] = range
          ? format(t.moderationErrorNumber, { min: String(range.min), max: String(range.max) })
          : t.adminErrorRequired;
      }
      return settingsPage(c, ctx, { form, errors });
    }
    await saveCommentSettings(db, ctx.edition.code, parsed.data, actOf(ctx.user));
    return c.redirect(withDone(settingsPath(ctx.edition.code), 'settings'), 303);
  });

  app.post('/admin/comments/settings/:edition/phrases', async (c) => {
    const ctx = await managedEdition(c, c.req.param('edition'));
    if (!ctx) return forbidden(c);
    const phrase = z
      .string()
      .max(1000)
      .catch('')
      .parse((await c.req.parseBody()).phrase);
    const result = await addBannedPhrase(db, ctx.edition.code, phrase, actOf(ctx.user));
    if (!result.ok) {
      const t = messagesFor(ctx.user.language);
      const message = {
        empty: t.adminErrorRequired,
        too_long: t.adminErrorTooLong,
        exists: t.moderationPhraseExists,
      };
      return settingsPage(c, ctx, {
        phrase: phrase.slice(0, 200),
        errors: { phrase: message[result.error] },
      });
    }
    return c.redirect(withDone(settingsPath(ctx.edition.code), 'phrase_added'), 303);
  });

  app.post('/admin/comments/settings/:edition/phrases/:id/remove', async (c) => {
    const ctx = await managedEdition(c, c.req.param('edition'));
    if (!ctx) return forbidden(c);
    const phraseId = id.safeParse(c.req.param('id'));
    const removed =
      phraseId.success && (await removeBannedPhrase(db, ctx.edition.code, phraseId.data, actOf(ctx.user)));
    return c.redirect(
      withDone(settingsPath(ctx.edition.code), removed ? 'phrase_removed' : 'unchanged'),
      303,
    );
  });

  app.post('/admin/comments/settings/:edition/sections', async (c) => {
    const ctx = await managedEdition(c, c.req.param('edition'));
    if (!ctx) return forbidden(c);
    const body = await c.req.parseBody();
    const sections = ctx.edition.sections;
    const current = await listClosures(
      db,
      'section',
      sections.map((s) => s.id),
    );
    // Only the sections whose choice changed are written (and audited).
    for (const section of sections) {
      const wanted = closureState.safeParse(body[`section-${section.id}`]);
      if (!wanted.success) continue;
      const was: ClosureState = current.get(section.id) ?? 'default';
      if (wanted.data === was) continue;
      await setCommentsClosure(
        db,
        { scope: 'section', id: section.id, editionCode: ctx.edition.code },
        wanted.data,
        actOf(ctx.user),
      );
    }
    return c.redirect(withDone(settingsPath(ctx.edition.code), 'sections'), 303);
  });

  /** A reader this user may see and act on: one who commented in (or signed up on) an edition they moderate. */
  async function readerContext(c: Context<AppEnv>) {
    const user = signedInUser(c);
    const readerId = id.safeParse(c.req.param('id'));
    const reader = readerId.success ? await findReader(db, readerId.data) : undefined;
    if (!reader) return undefined;
    const editions = await moderatedEditions(user);
    const theirs = new Set([reader.editionCode, ...(await readerCommentEditions(db, reader.id))]);
    const shared = editions.filter((e) => theirs.has(e.code));
    return shared.length > 0 ? { user, reader, editions, shared } : undefined;
  }

  async function readerPage(
    c: Context<AppEnv>,
    ctx: NonNullable<Awaited<ReturnType<typeof readerContext>>>,
    state: { errors?: FieldErrors; notice?: string | undefined } = {},
  ) {
    const { user, reader, editions, shared } = ctx;
    const codes = shared.map((e) => e.code);
    const [comments, reports] = await Promise.all([
      listReaderHistory(db, reader.id, codes),
      listReportsAgainstReader(db, reader.id, codes),
    ]);
    const errors = state.errors ?? {};
    return sendAdminPage(
      c,
      <ReaderHistoryPage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        editions={editions}
        reader={reader}
        comments={comments}
        reports={reports}
        edition={shared.find((e) => e.code === reader.editionCode) ?? shared[0]}
        errors={errors}
        notice={state.notice}
      />,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }

  app.get('/admin/comments/readers/:id', async (c) => {
    const ctx = await readerContext(c);
    if (!ctx) return notFound(c);
    const t = messagesFor(ctx.user.language);
    const done = readerDoneQuery.parse(c.req.query('done'));
    const notices = {
      suspended: t.moderationDoneSuspended,
      banned: t.moderationDoneBanned,
      reinstated: t.moderationDoneReinstated,
    };
    return readerPage(c, ctx, { notice: done ? notices[done] : doneNotice(c, t) });
  });

  app.post('/admin/comments/readers/:id/suspend', async (c) => {
    const ctx = await readerContext(c);
    if (!ctx) return notFound(c);
    const input = suspendInput.safeParse(await c.req.parseBody());
    const t = messagesFor(ctx.user.language);
    if (!input.success)
      return readerPage(c, ctx, { errors: { suspendReason: t.moderationErrorReaderReason } });
    const now = clock.now();
    const until = new Date(now.getTime() + Number(input.data.days) * DAY_MS).toISOString();
    const result = await suspendReader(
      db,
      ctx.reader.id,
      { until, reason: input.data.reason },
      { userId: ctx.user.id, now },
    );
    if (!result.ok)
      return result.error === 'not_found'
        ? notFound(c)
        : readerPage(c, ctx, { errors: { suspendReason: t.moderationErrorReaderReason } });
    return c.redirect(`${readerDeskPath(ctx.reader.id)}?done=suspended`, 303);
  });

  app.post('/admin/comments/readers/:id/ban', async (c) => {
    const ctx = await readerContext(c);
    if (!ctx) return notFound(c);
    const input = readerReason.safeParse((await c.req.parseBody()).reason);
    const t = messagesFor(ctx.user.language);
    if (!input.success) return readerPage(c, ctx, { errors: { banReason: t.moderationErrorReaderReason } });
    const result = await banReader(db, ctx.reader.id, { reason: input.data }, actOf(ctx.user));
    if (!result.ok)
      return result.error === 'not_found'
        ? notFound(c)
        : readerPage(c, ctx, { errors: { banReason: t.moderationErrorReaderReason } });
    return c.redirect(`${readerDeskPath(ctx.reader.id)}?done=banned`, 303);
  });

  app.post('/admin/comments/readers/:id/reinstate', async (c) => {
    const ctx = await readerContext(c);
    if (!ctx) return notFound(c);
    const result = await reinstateReader(db, ctx.reader.id, actOf(ctx.user));
    if (!result.ok) return notFound(c);
    return c.redirect(`${readerDeskPath(ctx.reader.id)}?done=reinstated`, 303);
  });

  return app;
}
