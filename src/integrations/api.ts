import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import {
  type ArticleRef,
  canCreateArticle,
  canEditArticle,
  canPublish,
  canSchedule,
  canSeeArticle,
  canSubmitForReview,
  canUnpublish,
  type SignedInUser,
} from '../accounts/policy.js';
import { tokenHash } from '../accounts/secrets.js';
import { type DeskArticle, findDeskArticle } from '../articles/editable.js';
import { imagesById } from '../articles/queries.js';
import type { ArticleSnapshot } from '../articles/revisions.js';
import { slugify } from '../articles/slugs.js';
import {
  type Act,
  createDraft,
  EditConflictError,
  publishNow,
  saveArticle,
  schedulePublish,
  submitForReview,
  unpublish,
  WorkflowError,
} from '../articles/workflow.js';
import { isConnectionError, isInvalidTextError } from '../db/connect.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { mediaUrl } from '../media/images.js';
import { storeUploadedImage, UploadError } from '../media/upload.js';
import { ApiError, sendApiError, sendJson } from './api-errors.js';
import {
  createArticleBody,
  emptyBody,
  imageUploadForm,
  MAX_JSON_BYTES,
  MAX_MULTIPART_BYTES,
  parseBody,
  patchArticleBody,
  resolveSnapshot,
  scheduleBody,
} from './api-input.js';
import { deskArticleJson } from './api-json.js';
import { principalOf, TOKEN_PREFIX, viaOf } from './integrations.js';
import { findIntegrationByTokenHash, type Integration, touchIntegration } from './queries.js';

export const ADMIN_API_BASE = '/api/admin/v1';
/** `last_used_at` is a hint for admins, not a log: one write a minute per integration is enough. */
const TOUCH_INTERVAL_MS = 60_000;

export interface IntegrationApiEnv {
  Variables: AppEnv['Variables'] & { integration: Integration; principal: SignedInUser };
}
type ApiContext = Context<IntegrationApiEnv>;

const idParam = z.object({ id: z.string().regex(/^[0-9a-z]{1,32}$/) });
const bearer = /^Bearer\s+(\S+)\s*$/i;

const EMPTY_SNAPSHOT: ArticleSnapshot = {
  slug: '',
  headline: '',
  standfirst: '',
  bodyHtml: '',
  copyright: '',
  sectionId: null,
  leadMediaId: null,
  topicIds: [],
  byline: [],
};

const forbidden = (message: string) => new ApiError(403, 'forbidden', message);

/**
 * The admin API: programs (the "integrations" an admin creates) write to the
 * newsroom with a bearer token, as an editor or a writer of some editions,
 * decided by the same policy predicates as the newsroom pages.
 */
export function integrationApiRoutes(deps: AppDeps) {
  const app = new Hono<IntegrationApiEnv>();
  const { db, clock, config } = deps;

  const jsonLimit = bodyLimit({ maxSize: MAX_JSON_BYTES, onError: tooLarge(MAX_JSON_BYTES) });
  const uploadLimit = bodyLimit({ maxSize: MAX_MULTIPART_BYTES, onError: tooLarge(MAX_MULTIPART_BYTES) });

  app.use(`${ADMIN_API_BASE}/*`, authenticate(deps));

  app.post(`${ADMIN_API_BASE}/articles`, jsonLimit, async (c) => {
    const body = parseBody(createArticleBody, await readJson(c));
    const principal = c.get('principal');
    if (!canCreateArticle(principal, body.edition)) {
      throw forbidden(`This integration does not work in edition "${body.edition}"`);
    }
    const act = actOf(c);
    const id = await db.transaction().execute(async (trx) => {
      const snapshot = await resolveSnapshot(trx, body.edition, EMPTY_SNAPSHOT, body, act.now);
      const slug = body.slug === undefined ? '' : slugify(body.slug);
      return createDraft(trx, body.edition, { ...snapshot, slug }, act);
    });
    c.header('location', `${ADMIN_API_BASE}/articles/${id}`);
    return sendJson(c, { article: await deskArticleJson(db, await loadArticle(id)) }, 201);
  });

  app.get(`${ADMIN_API_BASE}/articles/:id`, async (c) => {
    const article = await loadArticle(articleId(c));
    if (!canSeeArticle(c.get('principal'), refOf(article))) {
      throw forbidden('This integration may not read this article');
    }
    return sendJson(c, { article: await deskArticleJson(db, article) });
  });

  app.patch(`${ADMIN_API_BASE}/articles/:id`, jsonLimit, async (c) => {
    const id = articleId(c);
    const body = parseBody(patchArticleBody, await readJson(c));
    const article = await loadArticle(id);
    if (!canEditArticle(c.get('principal'), refOf(article))) {
      throw forbidden('This integration may not edit this article');
    }
    await saveFields(article, body, actOf(c));
    return sendJson(c, { article: await deskArticleJson(db, await loadArticle(id)) });
  });

  app.post(`${ADMIN_API_BASE}/articles/:id/submit`, jsonLimit, async (c) => {
    parseBody(emptyBody, await readJson(c));
    const article = await loadArticle(articleId(c));
    const principal = c.get('principal');
    const ref = refOf(article);
    if (!canSubmitForReview(principal, ref)) {
      // An editor's article that is past the draft stage: a state problem, not a permission one.
      if (canEditArticle(principal, ref))
        throw new WorkflowError(`Only drafts can be submitted (this one is ${ref.status})`);
      throw forbidden('This integration may not submit this article');
    }
    await submitForReview(db, article.row.id, actOf(c));
    return sendArticle(c, article.row.id);
  });

  app.post(`${ADMIN_API_BASE}/articles/:id/publish`, jsonLimit, async (c) => {
    parseBody(emptyBody, await readJson(c));
    const article = await loadArticle(articleId(c));
    if (!canPublish(c.get('principal'), article.row.edition_code)) {
      throw forbidden('This integration may not publish in this edition');
    }
    await publishNow(db, article.row.id, actOf(c));
    return sendArticle(c, article.row.id);
  });

  app.post(`${ADMIN_API_BASE}/articles/:id/schedule`, jsonLimit, async (c) => {
    const body = parseBody(scheduleBody, await readJson(c));
    const article = await loadArticle(articleId(c));
    if (!canSchedule(c.get('principal'), article.row.edition_code)) {
      throw forbidden('This integration may not schedule in this edition');
    }
    await schedulePublish(db, article.row.id, new Date(body.at), actOf(c));
    return sendArticle(c, article.row.id);
  });

  app.post(`${ADMIN_API_BASE}/articles/:id/unpublish`, jsonLimit, async (c) => {
    parseBody(emptyBody, await readJson(c));
    const article = await loadArticle(articleId(c));
    if (!canUnpublish(c.get('principal'), article.row.edition_code)) {
      throw forbidden('This integration may not unpublish in this edition');
    }
    await unpublish(db, article.row.id, actOf(c));
    return sendArticle(c, article.row.id);
  });

  app.post(`${ADMIN_API_BASE}/images`, uploadLimit, async (c) => {
    if (!isContentType(c, 'multipart/form-data')) {
      throw new ApiError(415, 'unsupported_media_type', 'Send the image as multipart/form-data');
    }
    const form = parseBody(imageUploadForm, await c.req.parseBody());
    const { file, ...details } = form;
    const bytes = Buffer.from(await file.arrayBuffer());
    const id = await storeUploadedImage(db, deps.media, bytes, details, clock.now());
    const image = (await imagesById(db, [id])).get(id);
    const renditions = (image?.renditions ?? []).map((r) => ({
      width: r.width,
      format: r.format,
      url: `${config.publicUrl}${mediaUrl(r.file)}`,
    }));
    return sendJson(c, { id, width: image?.width, height: image?.height, renditions }, 201);
  });

  app.all(`${ADMIN_API_BASE}/*`, () => {
    throw new ApiError(404, 'not_found', 'No such endpoint in the admin API');
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return sendApiError(c, error);
    if (error instanceof WorkflowError)
      return sendApiError(c, new ApiError(422, 'invalid_state', error.message));
    if (error instanceof UploadError) {
      const status = error.code === 'too_large' ? 413 : error.code === 'storage_failed' ? 503 : 400;
      return sendApiError(c, new ApiError(status, error.code, error.message));
    }
    if (isInvalidTextError(error)) {
      return sendApiError(
        c,
        new ApiError(400, 'invalid_text', 'The request contains text that cannot be stored'),
      );
    }
    if (isConnectionError(error)) {
      deps.logger.warn({ err: error, method: c.req.method, url: c.req.url }, 'database unavailable');
      c.header('retry-after', '5');
      return sendApiError(
        c,
        new ApiError(503, 'unavailable', 'The database is unavailable just now; try again in a few seconds'),
      );
    }
    deps.logger.error({ err: error, method: c.req.method, url: c.req.url }, 'admin API request failed');
    return sendJson(c, { error: { code: 'internal_error', message: 'Internal error' } }, 500);
  });

  /** Saves the fields sent over the article's current content; a stale `version` is a 409 with the current one. */
  async function saveFields(article: DeskArticle, body: z.output<typeof patchArticleBody>, act: Act) {
    const { id, edition_code: editionCode } = article.row;
    const { version, kind, slug, ...fields } = body;
    try {
      await db.transaction().execute(async (trx) => {
        const snapshot = await resolveSnapshot(trx, editionCode, article.snapshot, fields, act.now);
        // No slug sent: before first publication it follows the headline, after it stays (the workflow's rule).
        const wanted = slug === undefined ? '' : slugify(slug);
        const change = { expectedVersion: version, kind, snapshot: { ...snapshot, slug: wanted } };
        await saveArticle(trx, id, change, act);
      });
    } catch (error) {
      if (!(error instanceof EditConflictError)) throw error;
      const current = await deskArticleJson(db, await loadArticle(id));
      // Both versions: the article as it now is, and what this request sent (and the version it named).
      throw new ApiError(409, 'conflict', error.message, {
        current: { version: current.version, article: current },
        yours: { version, kind, ...(slug !== undefined && { slug }), ...fields },
      });
    }
  }

  async function loadArticle(id: string): Promise<DeskArticle> {
    const article = await findDeskArticle(db, id);
    if (!article) throw new ApiError(404, 'not_found', `No article ${id}`);
    return article;
  }

  async function sendArticle(c: ApiContext, id: string) {
    return sendJson(c, { article: await deskArticleJson(db, await loadArticle(id)) });
  }

  function actOf(c: ApiContext): Act {
    const integration = c.get('integration');
    return { userId: integration.id, now: clock.now(), source: 'api', via: viaOf(integration) };
  }

  return app;
}

/** Who is calling: an active integration's token, or a 401 before anything else happens. */
export function authenticate(deps: AppDeps): MiddlewareHandler<IntegrationApiEnv> {
  return async (c, next) => {
    const token = bearer.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) {
      throw new ApiError(
        401,
        'unauthorized',
        'Send the integration token as "Authorization: Bearer <token>"',
      );
    }
    const integration = token.startsWith(TOKEN_PREFIX)
      ? await findIntegrationByTokenHash(deps.db, tokenHash(token))
      : undefined;
    if (!integration || integration.revokedAt !== null) {
      throw new ApiError(401, 'unauthorized', 'The token is not valid (unknown or revoked)');
    }
    const now = deps.clock.now();
    await touchIntegration(deps.db, integration.id, now, TOUCH_INTERVAL_MS);
    c.set('integration', integration);
    c.set('principal', principalOf(integration));
    await next();
  };
}

const refOf = (article: DeskArticle): ArticleRef => ({
  editionCode: article.row.edition_code,
  status: article.row.status,
  createdBy: article.row.created_by,
});

function articleId(c: ApiContext): string {
  const parsed = idParam.safeParse(c.req.param());
  if (!parsed.success) throw new ApiError(404, 'not_found', 'No such article');
  return parsed.data.id;
}

const isContentType = (c: ApiContext, type: string) =>
  (c.req.header('content-type') ?? '').toLowerCase().startsWith(type);

/** The JSON body; an empty one counts as `{}` (the action endpoints need none). */
export async function readJson(c: ApiContext): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  if (!isContentType(c, 'application/json')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send JSON with "Content-Type: application/json"');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'bad_json', 'The body is not valid JSON');
  }
}

export function tooLarge(limit: number) {
  return (c: Context) =>
    sendApiError(
      c,
      new ApiError(413, 'too_large', `The body is larger than ${Math.round(limit / 1024 / 1024)} MB`),
    );
}
