/** Editors arrange each edition's home and section pages and set its breaking line (/admin/front). */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { refuse, requireUser, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import { canPublish } from '../accounts/policy.js';
import { cachedEditions } from '../editions/chrome.js';
import type { Edition } from '../editions/queries.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { formatLocalDateTime, parseLocalDateTime } from '../i18n/local-datetime.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
import { listPublicCoverages } from '../live/queries.js';
import type { FieldErrors } from '../ui/forms.js';
import { type BreakingForm, deskPath, FrontDeskPage, type PinForm } from './admin-views.js';
import {
  deskPins,
  type FrontScope,
  findBreakingLine,
  liveBreakingLine,
  recentStories,
  sectionOrder,
} from './queries.js';
import {
  breakingInputSchema,
  clearBreakingLine,
  type FrontError,
  moveSectionBlock,
  moveStory,
  pinStory,
  setBreakingLine,
  unpinStory,
} from './workflow.js';

/** How many recently published stories the desk offers to pin. */
const PICKABLE_STORIES = 60;
/** A new breaking line lasts this long unless the editor says otherwise. */
const DEFAULT_BREAKING_MS = 2 * 60 * 60 * 1000;

const id = z.string().regex(/^[0-9a-z]{1,32}$/);
const scopeField = z.union([z.literal('home'), id]).catch('home');
const direction = z.enum(['up', 'down']);
const doneQuery = z
  .enum(['pinned', 'unpinned', 'moved', 'unchanged', 'breaking_set', 'breaking_cleared'])
  .optional()
  .catch(undefined);

const findQuery = z.string().trim().max(200).catch('').optional();

const keptText = (value: unknown, max = 2000) => (typeof value === 'string' ? value.slice(0, max) : '');

const ERRORS: Record<FrontError, (t: Messages) => string> = {
  not_pinnable: (t) => t.frontDeskErrorNotPinnable,
  top_full: (t) => t.frontDeskErrorTopFull,
  not_pinned: (t) => t.frontDeskErrorNotPinned,
  no_section: (t) => t.frontDeskErrorNotPinnable,
};

export function frontAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock } = deps;

  // The admin area's middleware (session, CSRF, body size, no-store) runs first: mounted in the admin sub-app (app.tsx).
  for (const path of ['/admin/front', '/admin/front/*']) app.use(path, requireUser());
  // Pages change at once in this instance too (others catch up through the change log).
  app.use('/admin/front/*', async (c, next) => {
    await next();
    if (c.req.method === 'POST') await deps.cache.syncFromChangeLog(db);
  });

  const forbidden = (c: Context<AppEnv>) =>
    refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.adminForbiddenText }));

  /** The editions whose front pages this user arranges: those they may publish in. */
  async function permittedEditions(c: Context<AppEnv>): Promise<Edition[]> {
    const user = signedInUser(c);
    return (await cachedEditions(deps)).filter((e) => canPublish(user, e.code));
  }

  /** The edition in the URL if this user may arrange it. */
  async function editionOf(
    c: Context<AppEnv>,
  ): Promise<{ edition: Edition; editions: Edition[] } | undefined> {
    const editions = await permittedEditions(c);
    const edition = editions.find((e) => e.code === c.req.param('edition'));
    return edition && { edition, editions };
  }

  /** The page named by a `scope` value ('home' or a section id of the edition), or undefined. */
  function scopeOf(edition: Edition, value: unknown): FrontScope | undefined {
    const parsed = scopeField.parse(value ?? 'home');
    if (parsed === 'home') return { kind: 'home' };
    return edition.sections.some((s) => s.id === parsed) ? { kind: 'section', id: parsed } : undefined;
  }

  async function deskPage(
    c: Context<AppEnv>,
    ctx: { edition: Edition; editions: Edition[] },
    scope: FrontScope,
    state: {
      pinForm?: PinForm;
      breakingForm?: BreakingForm;
      errors?: FieldErrors;
      notice?: string | undefined;
      /** Headline words the story list is narrowed to. */
      find?: string;
    } = {},
  ) {
    const user = signedInUser(c);
    const { edition } = ctx;
    const now = clock.now();
    const sectionId = scope.kind === 'section' ? scope.id : undefined;
    const [pins, stories, order, breaking, coverages] = await Promise.all([
      deskPins(db, edition, scope, now),
      recentStories(db, edition, { now, sectionId, limit: PICKABLE_STORIES, headline: state.find }),
      sectionOrder(db, edition),
      findBreakingLine(db, edition.code),
      listPublicCoverages(db, edition, now),
    ]);
    const errors = state.errors ?? {};
    const page = (
      <FrontDeskPage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        editions={ctx.editions}
        edition={edition}
        section={edition.sections.find((s) => s.id === sectionId)}
        pins={pins}
        stories={stories}
        sectionOrder={order}
        breaking={breaking}
        breakingLive={liveBreakingLine(breaking, now) !== undefined}
        coverages={coverages.map((c) => ({
          id: c.articleId,
          headline: c.headline,
          open: c.state === 'open',
        }))}
        pinForm={state.pinForm ?? { articleId: '', slot: 'top' }}
        breakingForm={
          state.breakingForm ?? {
            text: '',
            linkUrl: '',
            liveArticleId: '',
            expiresAt: formatLocalDateTime(new Date(now.getTime() + DEFAULT_BREAKING_MS), edition.timeZone),
          }
        }
        errors={errors}
        notice={state.notice}
        find={state.find ?? ''}
      />
    );
    return sendAdminPage(c, page, Object.keys(errors).length > 0 ? 422 : 200);
  }

  const back = (c: Context<AppEnv>, edition: Edition, scope: FrontScope, done: string) =>
    c.redirect(
      `${deskPath(edition.code, scope.kind === 'section' ? scope.id : undefined)}${scope.kind === 'section' ? '&' : '?'}done=${done}`,
      303,
    );

  app.get('/admin/front', async (c) => {
    const [first] = await permittedEditions(c);
    if (!first) return forbidden(c);
    return c.redirect(deskPath(first.code), 303);
  });

  app.get('/admin/front/:edition', async (c) => {
    const ctx = await editionOf(c);
    if (!ctx) return forbidden(c);
    const scope = scopeOf(ctx.edition, c.req.query('scope'));
    if (!scope) return c.redirect(deskPath(ctx.edition.code), 303);
    const t = messagesFor(signedInUser(c).language);
    const done = doneQuery.parse(c.req.query('done'));
    const notices = {
      pinned: t.frontDeskPinned,
      unpinned: t.frontDeskUnpinned,
      moved: t.frontDeskMoved,
      unchanged: t.frontDeskUnchanged,
      breaking_set: t.frontDeskBreakingSaved,
      breaking_cleared: t.frontDeskBreakingCleared,
    };
    const find = findQuery.parse(c.req.query('find'));
    return deskPage(c, ctx, scope, { notice: done && notices[done], ...(find ? { find } : {}) });
  });

  /** Every POST: the edition the user may arrange, the page named by `scope`, the body. */
  async function posted(c: Context<AppEnv>) {
    const ctx = await editionOf(c);
    if (!ctx) return undefined;
    const body = await c.req.parseBody();
    const scope = scopeOf(ctx.edition, body.scope);
    return scope && { ...ctx, scope, body, user: signedInUser(c), t: messagesFor(signedInUser(c).language) };
  }

  app.post('/admin/front/:edition/pin', async (c) => {
    const p = await posted(c);
    if (!p) return forbidden(c);
    const pinForm = { articleId: keptText(p.body.articleId, 32), slot: keptText(p.body.slot, 8) };
    const articleId = id.safeParse(p.body.articleId);
    const slot = z.enum(['lead', 'top']).safeParse(p.body.slot);
    const errors: FieldErrors = {};
    if (!articleId.success) errors.articleId = p.t.frontDeskErrorStory;
    if (!slot.success) errors.slot = p.t.adminErrorRequired;
    if (!articleId.success || !slot.success) return deskPage(c, p, p.scope, { pinForm, errors });
    const act = { userId: p.user.id, now: clock.now() };
    const result = await pinStory(db, p.edition, p.scope, articleId.data, slot.data, act);
    if (!result.ok) {
      const field = result.error === 'top_full' ? 'slot' : 'articleId';
      return deskPage(c, p, p.scope, { pinForm, errors: { [field]: ERRORS[result.error](p.t) } });
    }
    return back(c, p.edition, p.scope, result.changed ? 'pinned' : 'unchanged');
  });

  app.post('/admin/front/:edition/unpin', async (c) => {
    const p = await posted(c);
    if (!p) return forbidden(c);
    const articleId = id.safeParse(p.body.articleId);
    const act = { userId: p.user.id, now: clock.now() };
    const result = articleId.success
      ? await unpinStory(db, p.edition, p.scope, articleId.data, act)
      : undefined;
    if (!result?.ok) return deskPage(c, p, p.scope, { errors: { articleId: p.t.frontDeskErrorNotPinned } });
    return back(c, p.edition, p.scope, 'unpinned');
  });

  app.post('/admin/front/:edition/move', async (c) => {
    const p = await posted(c);
    if (!p) return forbidden(c);
    const articleId = id.safeParse(p.body.articleId);
    const dir = direction.safeParse(p.body.direction);
    const act = { userId: p.user.id, now: clock.now() };
    const result =
      articleId.success && dir.success
        ? await moveStory(db, p.edition, p.scope, articleId.data, dir.data, act)
        : undefined;
    if (!result?.ok) return deskPage(c, p, p.scope, { errors: { articleId: p.t.frontDeskErrorNotPinned } });
    return back(c, p.edition, p.scope, result.changed ? 'moved' : 'unchanged');
  });

  app.post('/admin/front/:edition/sections/move', async (c) => {
    const p = await posted(c);
    if (!p) return forbidden(c);
    const sectionId = id.safeParse(p.body.sectionId);
    const dir = direction.safeParse(p.body.direction);
    const act = { userId: p.user.id, now: clock.now() };
    const result =
      sectionId.success && dir.success
        ? await moveSectionBlock(db, p.edition, sectionId.data, dir.data, act)
        : undefined;
    if (!result?.ok) return deskPage(c, p, p.scope, { errors: { sectionId: p.t.frontDeskErrorSection } });
    return back(c, p.edition, { kind: 'home' }, result.changed ? 'moved' : 'unchanged');
  });

  app.post('/admin/front/:edition/breaking', async (c) => {
    const p = await posted(c);
    if (!p) return forbidden(c);
    const breakingForm = {
      text: keptText(p.body.text, 400),
      linkUrl: keptText(p.body.linkUrl),
      liveArticleId: keptText(p.body.liveArticleId, 32),
      expiresAt: keptText(p.body.expiresAt, 40),
    };
    const now = clock.now();
    const errors: FieldErrors = {};
    const expiresAt = parseLocalDateTime(breakingForm.expiresAt.trim(), p.edition.timeZone);
    if (!expiresAt) errors.expiresAt = p.t.frontDeskErrorExpires;
    else if (expiresAt.getTime() <= now.getTime()) errors.expiresAt = p.t.frontDeskErrorExpired;
    const parsed = breakingInputSchema.safeParse({
      text: breakingForm.text,
      linkUrl: breakingForm.linkUrl,
      liveArticleId: breakingForm.liveArticleId || null,
      expiresAt: expiresAt ?? now,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        if (field === 'text') errors.text = p.t.frontDeskErrorText;
        if (field === 'linkUrl') errors.linkUrl = p.t.frontDeskErrorLink;
        if (field === 'liveArticleId') errors.liveArticleId = p.t.frontDeskErrorLive;
      }
    }
    if (!parsed.success || Object.keys(errors).length > 0)
      return deskPage(c, p, p.scope, { breakingForm, errors });
    const result = await setBreakingLine(db, p.edition.code, parsed.data, { userId: p.user.id, now });
    if (!result.ok) {
      const refusal = {
        expired: { expiresAt: p.t.frontDeskErrorExpired },
        not_live: { liveArticleId: p.t.frontDeskErrorLive },
        link_and_live: { linkUrl: p.t.frontDeskErrorLinkAndLive },
      }[result.error];
      return deskPage(c, p, p.scope, { breakingForm, errors: refusal });
    }
    return back(c, p.edition, p.scope, 'breaking_set');
  });

  app.post('/admin/front/:edition/breaking/clear', async (c) => {
    const p = await posted(c);
    if (!p) return forbidden(c);
    const cleared = await clearBreakingLine(db, p.edition.code, { userId: p.user.id, now: clock.now() });
    return back(c, p.edition, p.scope, cleared ? 'breaking_cleared' : 'unchanged');
  });

  return app;
}
