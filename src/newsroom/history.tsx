import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { refuse, requireUser, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import {
  type ArticleRef,
  canAddCorrection,
  canCreateArticle,
  canRestoreRevision,
  canSeeArticle,
  canViewHistory,
  type SignedInUser,
} from '../accounts/policy.js';
import { type ArticleSnapshot, diffSnapshots, findRevision } from '../articles/revisions.js';
import {
  addCorrection,
  EditConflictError,
  restoreRevision,
  startTranslation,
  WorkflowError,
} from '../articles/workflow.js';
import type { ArticleRow } from '../db/schema.js';
import { listEditions } from '../editions/queries.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { listCorrections, listRevisionSummaries, listStoryVersions } from './history-queries.js';
import {
  CorrectionsPage,
  correctionsPath,
  type DeskArticleSummary,
  editorPath,
  RevisionDiffPage,
  RevisionsPage,
  revisionsPath,
  TranslatePage,
} from './history-views.js';
import { findDeskArticle } from './queries.js';

const articleParams = z.object({ id: z.string().min(1).max(64) });
const versionNumber = z.coerce.number().int().min(1).max(1_000_000);
const restoreParams = articleParams.extend({ version: versionNumber });
const restoreForm = z.object({ version: versionNumber });
const diffQuery = z.object({ from: versionNumber, to: versionNumber });
// Messages are keys of the UI strings, so errors are shown in the page's language.
const correctionForm = z.object({
  text: z.string().trim().min(1, 'deskCorrectionRequired').max(2000, 'deskCorrectionTooLong'),
});
const translateForm = z.object({ edition: z.string().min(1).max(32) });

const refOf = (row: ArticleRow): ArticleRef => ({
  editionCode: row.edition_code,
  status: row.status,
  createdBy: row.created_by,
});

const forbidden = (c: Context<AppEnv>) =>
  refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.adminForbiddenText }));

/** A zod message that is a UI string key, in the page's language. */
const messageOf = (t: Messages, key: string | undefined) =>
  key && key in t ? String(t[key as keyof Messages]) : t.adminFormHasErrors;

/** Revision history, corrections and "translate to…" of the desk's articles. */
export function historyRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AppEnv>();

  /** The article named by the URL and what its pages need to show about it; 404 when there is none. */
  async function loadArticle(c: Context<AppEnv>) {
    const params = articleParams.safeParse(c.req.param());
    const found = params.success ? await findDeskArticle(db, params.data.id) : undefined;
    if (!found) throw notFound();
    const edition = (await listEditions(db)).find((e) => e.code === found.row.edition_code);
    const summary: DeskArticleSummary = {
      id: found.row.id,
      headline: found.row.headline,
      version: found.row.version,
      language: edition?.language ?? 'und',
      direction: edition?.direction ?? 'ltr',
    };
    return { ...found, summary, ref: refOf(found.row) };
  }

  const page = (c: Context<AppEnv>) => ({
    language: signedInUser(c).language,
    user: signedInUser(c),
    csrf: c.get('csrfToken') ?? '',
  });

  async function revisionsPage(
    c: Context<AppEnv>,
    article: Awaited<ReturnType<typeof loadArticle>>,
    messages: { notice?: string; error?: string } = {},
    status: 200 | 400 | 404 | 409 = 200,
  ) {
    const revisions = await listRevisionSummaries(db, article.row.id);
    const canRestore = canRestoreRevision(signedInUser(c), article.ref);
    return sendAdminPage(
      c,
      <RevisionsPage
        {...page(c)}
        article={article.summary}
        revisions={revisions}
        canRestore={canRestore}
        {...messages}
      />,
      status,
    );
  }

  app.get('/admin/articles/:id/revisions', requireUser(), async (c) => {
    const article = await loadArticle(c);
    if (!canViewHistory(signedInUser(c), article.ref)) return forbidden(c);
    const t = messagesFor(signedInUser(c).language);
    const restored = z
      .object({ restored: versionNumber, as: versionNumber })
      .safeParse({ restored: c.req.query('restored'), as: c.req.query('as') });
    const notice = restored.success
      ? format(t.deskRevRestored, { from: String(restored.data.restored), version: String(restored.data.as) })
      : undefined;
    return revisionsPage(c, article, notice ? { notice } : {});
  });

  app.get('/admin/articles/:id/revisions/diff', requireUser(), async (c) => {
    const article = await loadArticle(c);
    const user = signedInUser(c);
    if (!canViewHistory(user, article.ref)) return forbidden(c);
    const query = diffQuery.safeParse(c.req.query());
    const [from, to] = query.success
      ? await Promise.all([
          findRevision(db, article.row.id, query.data.from),
          findRevision(db, article.row.id, query.data.to),
        ])
      : [];
    if (!from || !to) {
      const t = messagesFor(user.language);
      const revisions = await listRevisionSummaries(db, article.row.id);
      return sendAdminPage(
        c,
        <RevisionsPage
          {...page(c)}
          article={article.summary}
          revisions={revisions}
          canRestore={canRestoreRevision(user, article.ref)}
          error={t.deskRevDiffBadInput}
        />,
        400,
      );
    }
    return sendAdminPage(
      c,
      <RevisionDiffPage
        {...page(c)}
        article={article.summary}
        from={from.version}
        to={to.version}
        diffs={diffSnapshots(asText(from.snapshot), asText(to.snapshot))}
        canRestore={canRestoreRevision(user, article.ref)}
      />,
    );
  });

  app.post('/admin/articles/:id/revisions/:version/restore', requireUser(), async (c) => {
    const article = await loadArticle(c);
    const user = signedInUser(c);
    if (!canRestoreRevision(user, article.ref)) return forbidden(c);
    const t = messagesFor(user.language);
    const params = restoreParams.safeParse(c.req.param());
    const form = restoreForm.safeParse(await c.req.parseBody());
    if (!params.success || !form.success)
      return revisionsPage(c, article, { error: t.adminFormHasErrors }, 400);
    const { version } = params.data;
    if (!(await findRevision(db, article.row.id, version))) {
      return revisionsPage(
        c,
        article,
        { error: format(t.deskRevNoSuchVersion, { version: String(version) }) },
        404,
      );
    }
    try {
      const saved = await restoreRevision(db, article.row.id, version, form.data.version, act(user));
      return c.redirect(`${revisionsPath(article.row.id)}?restored=${version}&as=${saved}`, 303);
    } catch (error) {
      if (!(error instanceof EditConflictError)) throw error;
      const fresh = await loadArticle(c);
      const conflict = format(t.deskRevConflict, { version: String(error.current.version) });
      return revisionsPage(c, fresh, { error: conflict }, 409);
    }
  });

  async function correctionsPage(
    c: Context<AppEnv>,
    article: Awaited<ReturnType<typeof loadArticle>>,
    form: { text?: string; error?: string; notice?: string } = {},
    status: 200 | 400 = 200,
  ) {
    const corrections = await listCorrections(db, article.row.id);
    const published = article.row.first_published_at !== null;
    return sendAdminPage(
      c,
      <CorrectionsPage
        {...page(c)}
        article={article.summary}
        corrections={corrections}
        published={published}
        {...form}
      />,
      status,
    );
  }

  app.get('/admin/articles/:id/corrections', requireUser(), async (c) => {
    const article = await loadArticle(c);
    if (!canAddCorrection(signedInUser(c), article.ref)) return forbidden(c);
    const t = messagesFor(signedInUser(c).language);
    return correctionsPage(c, article, c.req.query('added') === '1' ? { notice: t.deskCorrectionAdded } : {});
  });

  app.post('/admin/articles/:id/corrections', requireUser(), async (c) => {
    const article = await loadArticle(c);
    const user = signedInUser(c);
    if (!canAddCorrection(user, article.ref)) return forbidden(c);
    const t = messagesFor(user.language);
    const body = await c.req.parseBody();
    const form = correctionForm.safeParse(body);
    if (!form.success) {
      const text = typeof body.text === 'string' ? body.text : '';
      return correctionsPage(c, article, { text, error: messageOf(t, form.error.issues[0]?.message) }, 400);
    }
    try {
      await addCorrection(db, article.row.id, form.data.text, act(user));
    } catch (error) {
      if (!(error instanceof WorkflowError)) throw error;
      return correctionsPage(c, article, { text: form.data.text, error: t.deskCorrectionNotPublished }, 400);
    }
    return c.redirect(`${correctionsPath(article.row.id)}?added=1`, 303);
  });

  /** The editions `user` may start a translation of the article in: theirs, without a version of the story. */
  async function translationTargets(user: SignedInUser, article: Awaited<ReturnType<typeof loadArticle>>) {
    const editions = await listEditions(db);
    const group = article.row.translation_group;
    const stored = group ? await listStoryVersions(db, group) : [];
    const versions = (stored.length > 0 ? stored : [ownVersion(article.row)]).map((v) => ({
      ...v,
      editionName: editions.find((e) => e.code === v.editionCode)?.name ?? v.editionCode,
    }));
    const targets = editions
      .filter((e) => canCreateArticle(user, e.code))
      .filter((e) => !versions.some((v) => v.editionCode === e.code))
      .map((e) => ({ code: e.code, name: e.name, language: e.language }));
    return { editions, versions, targets };
  }

  async function translatePage(
    c: Context<AppEnv>,
    article: Awaited<ReturnType<typeof loadArticle>>,
    error?: string,
  ) {
    const { versions, targets } = await translationTargets(signedInUser(c), article);
    return sendAdminPage(
      c,
      <TranslatePage
        {...page(c)}
        article={article.summary}
        editions={targets}
        versions={versions}
        error={error}
      />,
      error ? 400 : 200,
    );
  }

  app.get('/admin/articles/:id/translate', requireUser(), async (c) => {
    const article = await loadArticle(c);
    if (!canSeeArticle(signedInUser(c), article.ref)) return forbidden(c);
    return translatePage(c, article);
  });

  app.post('/admin/articles/:id/translate', requireUser(), async (c) => {
    const article = await loadArticle(c);
    const user = signedInUser(c);
    if (!canSeeArticle(user, article.ref)) return forbidden(c);
    const t = messagesFor(user.language);
    const form = translateForm.safeParse(await c.req.parseBody());
    const { editions, targets } = await translationTargets(user, article);
    const edition = form.success ? editions.find((e) => e.code === form.data.edition) : undefined;
    if (edition && !canCreateArticle(user, edition.code)) return forbidden(c);
    if (!edition || !targets.some((e) => e.code === edition.code)) {
      return translatePage(c, article, t.deskTranslateChooseEdition);
    }
    try {
      const draftId = await startTranslation(db, article.row.id, edition.code, act(user));
      return c.redirect(editorPath(draftId), 303);
    } catch (error) {
      // Someone started the same translation a moment ago.
      if (!(error instanceof WorkflowError)) throw error;
      return translatePage(c, await loadArticle(c), t.deskTranslateChooseEdition);
    }
  });

  const act = (user: SignedInUser) => ({ userId: user.id, now: clock.now() });

  return app;
}

const ownVersion = (row: ArticleRow) => ({
  articleId: row.id,
  editionCode: row.edition_code,
  headline: row.headline,
});

/** Revisions compared as text: the body's markup would drown the wording that changed. */
function asText(snapshot: ArticleSnapshot): ArticleSnapshot {
  return { ...snapshot, bodyHtml: textOfHtml(snapshot.bodyHtml) };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The words of sanitized article HTML, one block per line; printed escaped, never as markup. */
export function textOfHtml(html: string): string {
  return html
    .replace(/<\/(p|h[1-6]|li|blockquote|figcaption|tr)>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|\w+);/gi, (whole, name: string) => {
      if (!name.startsWith('#')) return ENTITIES[name.toLowerCase()] ?? whole;
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(/\n{2,}/g, '\n')
    .trim();
}
