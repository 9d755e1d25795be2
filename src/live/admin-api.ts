/**
 * The admin API's live coverage (/api/admin/v1/articles/{id}/entries and
 * /live): list, add, read, change and delete entries; start, close and
 * reopen a coverage; turn an entry into a draft article. An integration is
 * held to the desk's predicates for its role and editions; every write goes
 * through the live door (./workflow.ts), audited under the integration's id.
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import {
  canAddLiveEntry,
  canEditLiveEntry,
  canManageLiveCoverage,
  worksInEdition,
} from '../accounts/policy.js';
import { type DeskArticle, findDeskArticle } from '../articles/editable.js';
import { articlePath } from '../articles/paths.js';
import type { Act } from '../articles/workflow.js';
import { isConnectionError, isInvalidTextError } from '../db/connect.js';
import { cachedEditions } from '../editions/chrome.js';
import type { AppDeps } from '../http/env.js';
import {
  ADMIN_API_BASE,
  authenticate,
  type IntegrationApiEnv,
  readJson,
  tooLarge,
} from '../integrations/api.js';
import { ApiError, sendApiError, sendJson } from '../integrations/api-errors.js';
import { MAX_JSON_BYTES, parseBody } from '../integrations/api-input.js';
import { deskArticleJson } from '../integrations/api-json.js';
import { viaOf } from '../integrations/integrations.js';
import {
  type Coverage,
  findCoverage,
  findCoverageEntry,
  type LiveEntry,
  listEntries,
  seqOf,
} from './queries.js';
import { entryPath } from './views.js';
import {
  addEntry,
  closeCoverage,
  deleteEntry,
  type EntryInput,
  editEntry,
  entryToArticle,
  type LiveRefusal,
  reopenCoverage,
  startCoverage,
} from './workflow.js';

const ARTICLE = `${ADMIN_API_BASE}/articles/:id`;
const PAGE_SIZE = 50;
const idParam = z.string().regex(/^[0-9a-z]{1,32}$/);
const listQuery = z.strictObject({
  /** The `nextCursor` of the previous answer: an entry id. */
  cursor: z
    .string()
    .regex(/^[0-9a-z]{20}$/, 'the nextCursor of a previous answer')
    .optional(),
});
// Lengths, text and markup are checked by the door, which says what is wrong field by field.
const entryFields = {
  title: z.string(),
  bodyHtml: z.string(),
  author: z.string(),
  keyEvent: z.boolean(),
  pinned: z.boolean(),
};
const newEntryBody = z.strictObject({
  title: entryFields.title.default(''),
  bodyHtml: entryFields.bodyHtml,
  author: entryFields.author.default(''),
  keyEvent: entryFields.keyEvent.default(false),
  pinned: entryFields.pinned.optional(),
});
const patchEntryBody = z.strictObject({
  version: z.int().positive(),
  title: entryFields.title.optional(),
  bodyHtml: entryFields.bodyHtml.optional(),
  author: entryFields.author.optional(),
  keyEvent: entryFields.keyEvent.optional(),
  pinned: entryFields.pinned.optional(),
});
const deleteQuery = z.strictObject({ version: z.coerce.number().int().positive().optional() });
const emptyBody = z.strictObject({});

const FIELD_PATHS = { title: 'title', bodyHtml: 'bodyHtml', author: 'author' } as const;

/** The door's refusal as the API's error. */
function refusalError(refusal: LiveRefusal, current?: (entry: LiveEntry) => unknown): ApiError {
  switch (refusal.code) {
    case 'not_found':
      return new ApiError(404, 'not_found', 'No such entry in this live coverage');
    case 'not_live':
      return new ApiError(422, 'invalid_state', 'The article is not a live coverage');
    case 'closed':
      return new ApiError(
        422,
        'invalid_state',
        'The live coverage is closed: reopen it to change its entries',
      );
    case 'stale':
      return new ApiError(
        409,
        'conflict',
        `The entry was changed by someone else (now at version ${refusal.current.version}). Nothing was saved.`,
        { current: current?.(refusal.current) },
      );
    case 'invalid': {
      const fields = Object.entries(refusal.fields).map(([field, problem]) => ({
        path: FIELD_PATHS[field as keyof typeof FIELD_PATHS],
        message:
          problem.code === 'required'
            ? 'say something: text or an image'
            : problem.code === 'too_long'
              ? `at most ${problem.max} characters`
              : problem.code === 'hostile'
                ? `markup that is not allowed: ${problem.found}`
                : 'contains a character that cannot be stored (NUL, a control character or an unpaired surrogate)',
      }));
      return new ApiError(400, 'invalid_fields', fields.map((f) => `${f.path}: ${f.message}`).join('; '), {
        fields,
      });
    }
  }
}

/** Mounted before the integrations' API (whose catch-all answers 404 for any path it does not know). */
export function liveApiRoutes(deps: AppDeps) {
  const app = new Hono<IntegrationApiEnv>();
  const { db, clock, config } = deps;
  const jsonLimit = bodyLimit({ maxSize: MAX_JSON_BYTES, onError: tooLarge(MAX_JSON_BYTES) });

  for (const path of [`${ARTICLE}/entries`, `${ARTICLE}/entries/*`, `${ARTICLE}/live`, `${ARTICLE}/live/*`]) {
    app.use(path, authenticate(deps));
    // The program that wrote an entry reads it back from the site at once on this instance too.
    app.use(path, async (c, next) => {
      await next();
      if (c.req.method !== 'GET' && c.res.status < 300) await deps.cache.syncFromChangeLog(db);
    });
  }

  const actOf = (c: Context<IntegrationApiEnv>): Act => {
    const integration = c.get('integration');
    return { userId: integration.id, now: clock.now(), source: 'api', via: viaOf(integration) };
  };

  /** The article in the URL, if the integration works in its edition (as on the desk); 404 / 403 otherwise. */
  async function articleOf(c: Context<IntegrationApiEnv>): Promise<DeskArticle> {
    const id = idParam.safeParse(c.req.param('id'));
    const article = id.success ? await findDeskArticle(db, id.data) : undefined;
    if (!article) throw new ApiError(404, 'not_found', 'No such article');
    const code = article.row.edition_code;
    if (!worksInEdition(c.get('principal'), code))
      throw new ApiError(403, 'forbidden', `This integration does not work in edition "${code}"`);
    return article;
  }

  async function coverageOf(article: DeskArticle): Promise<Coverage> {
    const coverage = article.row.format === 'live' ? await findCoverage(db, article.row.id) : undefined;
    if (!coverage) throw new ApiError(422, 'invalid_state', 'The article is not a live coverage');
    return coverage;
  }

  async function entryOf(c: Context<IntegrationApiEnv>, article: DeskArticle): Promise<LiveEntry> {
    const id = idParam.safeParse(c.req.param('entry'));
    const entry = id.success ? await findCoverageEntry(db, article.row.id, id.data) : undefined;
    if (!entry) throw new ApiError(404, 'not_found', 'No such entry in this live coverage');
    return entry;
  }

  /** The public address of the coverage, once published. */
  async function publicUrlOf(article: DeskArticle): Promise<string | null> {
    const { row } = article;
    if (row.status !== 'published' || !row.first_published_at) return null;
    const edition = (await cachedEditions(deps)).find((e) => e.code === row.edition_code);
    return edition ? articlePath(edition.code, row.slug, row.first_published_at, edition.timeZone) : null;
  }

  const coverageJson = (coverage: Coverage, url: string | null) => ({
    articleId: coverage.articleId,
    edition: coverage.editionCode,
    state: coverage.state,
    startedAt: coverage.startedAt,
    endedAt: coverage.endedAt,
    url: url && `${config.publicUrl}${url}`,
  });

  const entryJson = (entry: LiveEntry, url: string | null) => ({
    id: entry.id,
    articleId: entry.articleId,
    edition: entry.editionCode,
    seq: entry.seq,
    version: entry.version,
    title: entry.title,
    bodyHtml: entry.bodyHtml,
    author: entry.author?.name ?? null,
    pinned: entry.pinned,
    keyEvent: entry.keyEvent,
    articleFromEntry: entry.spunOffArticleId,
    publishedAt: entry.publishedAt,
    updatedAt: entry.updatedAt,
    url: url && `${config.publicUrl}${entryPath(url, entry.id)}`,
  });

  async function sendEntry(
    c: Context<IntegrationApiEnv>,
    article: DeskArticle,
    entryId: string,
    status = 200,
  ) {
    const entry = await findCoverageEntry(db, article.row.id, entryId);
    if (!entry) throw new ApiError(404, 'not_found', 'No such entry in this live coverage');
    return sendJson(c, { entry: entryJson(entry, await publicUrlOf(article)) }, status === 201 ? 201 : 200);
  }

  async function sendCoverage(c: Context<IntegrationApiEnv>, article: DeskArticle) {
    const coverage = await coverageOf(article);
    return sendJson(c, { coverage: coverageJson(coverage, await publicUrlOf(article)) });
  }

  const requireManage = (c: Context<IntegrationApiEnv>, article: DeskArticle) => {
    if (!canManageLiveCoverage(c.get('principal'), article.row.edition_code))
      throw new ApiError(403, 'forbidden', 'This integration may not run live coverage in this edition');
  };

  app.get(`${ARTICLE}/entries`, async (c) => {
    const query = parseBody(listQuery, c.req.query());
    const article = await articleOf(c);
    const coverage = await coverageOf(article);
    const beforeSeq = query.cursor ? await seqOf(db, article.row.id, query.cursor) : undefined;
    if (query.cursor && beforeSeq === undefined)
      throw new ApiError(400, 'invalid_fields', 'cursor: the nextCursor of a previous answer', {
        fields: [{ path: 'cursor', message: 'the nextCursor of a previous answer' }],
      });
    const { entries, more } = await listEntries(db, article.row.id, { limit: PAGE_SIZE, beforeSeq });
    const url = await publicUrlOf(article);
    return sendJson(c, {
      coverage: coverageJson(coverage, url),
      entries: entries.map((entry) => entryJson(entry, url)),
      nextCursor: more ? (entries.at(-1)?.id ?? null) : null,
    });
  });

  app.post(`${ARTICLE}/entries`, jsonLimit, async (c) => {
    const body = parseBody(newEntryBody, await readJson(c));
    const article = await articleOf(c);
    if (!canAddLiveEntry(c.get('principal'), article.row.edition_code))
      throw new ApiError(403, 'forbidden', 'This integration may not add entries in this edition');
    if (body.pinned !== undefined) requireManage(c, article);
    const result = await addEntry(db, article.row.id, body, actOf(c));
    if (!result.ok) throw refusalError(result.refusal);
    c.header('location', `${ADMIN_API_BASE}/articles/${article.row.id}/entries/${result.entryId}`);
    return sendEntry(c, article, result.entryId, 201);
  });

  app.get(`${ARTICLE}/entries/:entry`, async (c) => {
    const article = await articleOf(c);
    await coverageOf(article);
    const entry = await entryOf(c, article);
    return sendJson(c, { entry: entryJson(entry, await publicUrlOf(article)) });
  });

  app.patch(`${ARTICLE}/entries/:entry`, jsonLimit, async (c) => {
    const body = parseBody(patchEntryBody, await readJson(c));
    const article = await articleOf(c);
    await coverageOf(article);
    const entry = await entryOf(c, article);
    if (!canEditLiveEntry(c.get('principal'), entry))
      throw new ApiError(403, 'forbidden', 'This integration may not change this entry');
    if (body.pinned !== undefined) requireManage(c, article);
    const input: EntryInput = {
      title: body.title ?? entry.title,
      bodyHtml: body.bodyHtml ?? entry.bodyHtml,
      author: body.author ?? entry.author?.name ?? '',
      keyEvent: body.keyEvent ?? entry.keyEvent,
      ...(body.pinned !== undefined ? { pinned: body.pinned } : {}),
    };
    const url = await publicUrlOf(article);
    const result = await editEntry(
      db,
      article.row.id,
      entry.id,
      { expectedVersion: body.version, input },
      actOf(c),
    );
    if (!result.ok) throw refusalError(result.refusal, (current) => entryJson(current, url));
    return sendEntry(c, article, entry.id);
  });

  app.delete(`${ARTICLE}/entries/:entry`, async (c) => {
    const query = parseBody(deleteQuery, c.req.query());
    const article = await articleOf(c);
    await coverageOf(article);
    const entry = await entryOf(c, article);
    if (!canEditLiveEntry(c.get('principal'), entry))
      throw new ApiError(403, 'forbidden', 'This integration may not delete this entry');
    const url = await publicUrlOf(article);
    const result = await deleteEntry(db, article.row.id, entry.id, actOf(c), query.version);
    if (!result.ok) throw refusalError(result.refusal, (current) => entryJson(current, url));
    return sendJson(c, { deleted: entry.id });
  });

  app.post(`${ARTICLE}/entries/:entry/article`, jsonLimit, async (c) => {
    parseBody(emptyBody, await readJson(c));
    const article = await articleOf(c);
    requireManage(c, article);
    await coverageOf(article);
    const entry = await entryOf(c, article);
    const result = await entryToArticle(db, article.row.id, entry.id, actOf(c));
    if (!result.ok) throw refusalError(result.refusal);
    const created = await findDeskArticle(db, result.newArticleId);
    if (!created) throw new ApiError(404, 'not_found', 'No such article');
    c.header('location', `${ADMIN_API_BASE}/articles/${result.newArticleId}`);
    return sendJson(c, { article: await deskArticleJson(db, created) }, result.changed ? 201 : 200);
  });

  for (const [path, work] of [
    ['live', startCoverage],
    ['live/close', closeCoverage],
    ['live/reopen', reopenCoverage],
  ] as const) {
    app.post(`${ARTICLE}/${path}`, jsonLimit, async (c) => {
      parseBody(emptyBody, await readJson(c));
      const article = await articleOf(c);
      requireManage(c, article);
      const result = await work(db, article.row.id, actOf(c));
      if (!result.ok) throw refusalError(result.refusal);
      const fresh = await findDeskArticle(db, article.row.id);
      if (!fresh) throw new ApiError(404, 'not_found', 'No such article');
      return sendCoverage(c, fresh);
    });
  }

  app.get(`${ARTICLE}/live`, async (c) => sendCoverage(c, await articleOf(c)));

  app.onError((error, c) => {
    if (error instanceof ApiError) return sendApiError(c, error);
    if (isInvalidTextError(error))
      return sendApiError(
        c,
        new ApiError(400, 'invalid_text', 'The request contains text that cannot be stored'),
      );
    if (isConnectionError(error)) {
      c.header('retry-after', '5');
      return sendApiError(
        c,
        new ApiError(503, 'unavailable', 'The database is unavailable just now; try again'),
      );
    }
    deps.logger.error({ err: error, method: c.req.method, url: c.req.url }, 'live API request failed');
    return sendJson(c, { error: { code: 'internal_error', message: 'Internal error' } }, 500);
  });

  return app;
}
