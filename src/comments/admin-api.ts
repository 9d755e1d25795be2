/**
 * The admin API's comments (/api/admin/v1/comments): list a queue, approve,
 * reject with a reason. An integration moderates the editions it works in,
 * by the same predicate as the desk (`canModerateComments`); every decision
 * goes through the conversation's door, audited under the integration's id.
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { canModerateComments } from '../accounts/policy.js';
import { isConnectionError, isInvalidTextError } from '../db/connect.js';
import type { AppDeps } from '../http/env.js';
import { textInput } from '../http/input-guard.js';
import {
  ADMIN_API_BASE,
  authenticate,
  type IntegrationApiEnv,
  readJson,
  tooLarge,
} from '../integrations/api.js';
import { ApiError, sendApiError, sendJson } from '../integrations/api-errors.js';
import { MAX_JSON_BYTES, parseBody } from '../integrations/api-input.js';
import { notifyReply } from './notifications.js';
import { findModeratedComment, listModerationQueue, type ModeratedComment } from './queries.js';
import { approveComment, type ModerationResult, rejectComment } from './workflow.js';

const BASE = `${ADMIN_API_BASE}/comments`;

const listQuery = z.strictObject({
  edition: z
    .string()
    .regex(/^[a-z0-9-]{1,16}$/, 'an edition code')
    .optional(),
  status: z.enum(['pending', 'reported', 'approved', 'rejected']).default('pending'),
  /** The `nextCursor` of the previous answer. */
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/, 'the nextCursor of a previous answer')
    .optional(),
});
const rejectBody = z.strictObject({ reason: textInput().trim().min(1).max(500) });
const emptyBody = z.strictObject({});
const idParam = z.string().regex(/^[0-9a-z]{1,32}$/);

/** A comment as the admin API returns it. */
function commentJson(comment: ModeratedComment, publicUrl: string) {
  return {
    id: comment.id,
    edition: comment.editionCode,
    articleId: comment.articleId,
    article: {
      headline: comment.article.headline,
      url: comment.article.url ? `${publicUrl}${comment.article.url}` : null,
    },
    parentId: comment.parentId,
    author: {
      name: comment.authorName,
      kind: comment.isStaff ? 'staff' : 'reader',
      readerId: comment.reader?.id ?? null,
      readerStatus: comment.reader?.status ?? null,
    },
    body: comment.body,
    status: comment.status,
    heldFor: comment.heldFor,
    checks: comment.checks,
    decisionReason: comment.decisionReason,
    decidedAt: comment.decidedAt,
    reportCount: comment.reportCount,
    reports: comment.reports.map((r) => ({ reason: r.reason, note: r.note, createdAt: r.createdAt })),
    createdAt: comment.createdAt,
  };
}

/** Mounted before the integrations' API (whose catch-all answers 404 for any path it does not know). */
export function commentsApiRoutes(deps: AppDeps) {
  const app = new Hono<IntegrationApiEnv>();
  const { db, clock, config } = deps;
  const jsonLimit = bodyLimit({ maxSize: MAX_JSON_BYTES, onError: tooLarge(MAX_JSON_BYTES) });

  for (const path of [BASE, `${BASE}/*`]) app.use(path, authenticate(deps));

  app.get(BASE, async (c) => {
    const query = parseBody(listQuery, c.req.query());
    const principal = c.get('principal');
    const editions = query.edition ? [query.edition] : principal.editions;
    if (query.edition && !canModerateComments(principal, query.edition)) {
      throw new ApiError(403, 'forbidden', `This integration does not moderate edition "${query.edition}"`);
    }
    const page = query.cursor ? Number(query.cursor) : 1;
    const { comments, hasMore } = await listModerationQueue(db, { queue: query.status, editions, page });
    return sendJson(c, {
      comments: comments.map((comment) => commentJson(comment, config.publicUrl)),
      nextCursor: hasMore ? String(page + 1) : null,
    });
  });

  app.post(`${BASE}/:id/approve`, jsonLimit, async (c) => {
    parseBody(emptyBody, await readJson(c));
    const principal = c.get('principal');
    const result = await approveComment(
      db,
      commentId(c),
      (code) => canModerateComments(principal, code),
      actOf(c),
    );
    if (result.ok && result.changed) notifyReply(deps, result.comment.id);
    return sendDecision(c, result);
  });

  app.post(`${BASE}/:id/reject`, jsonLimit, async (c) => {
    const body = parseBody(rejectBody, await readJson(c));
    const principal = c.get('principal');
    const result = await rejectComment(
      db,
      commentId(c),
      (code) => canModerateComments(principal, code),
      actOf(c),
      body.reason,
    );
    return sendDecision(c, result);
  });

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
    deps.logger.error({ err: error, method: c.req.method, url: c.req.url }, 'comments API request failed');
    return sendJson(c, { error: { code: 'internal_error', message: 'Internal error' } }, 500);
  });

  function commentId(c: Context<IntegrationApiEnv>): string {
    const parsed = idParam.safeParse(c.req.param('id'));
    if (!parsed.success) throw new ApiError(404, 'not_found', 'No such comment');
    return parsed.data;
  }

  const actOf = (c: Context<IntegrationApiEnv>) => ({ userId: c.get('integration').id, now: clock.now() });

  async function sendDecision(c: Context<IntegrationApiEnv>, result: ModerationResult) {
    if (!result.ok && result.error === 'not_found') throw new ApiError(404, 'not_found', 'No such comment');
    if (!result.ok)
      throw new ApiError(403, 'forbidden', "This integration does not moderate this comment's edition");
    const comment = await findModeratedComment(db, result.comment.id);
    if (!comment) throw new ApiError(404, 'not_found', 'No such comment');
    return sendJson(c, { changed: result.changed, comment: commentJson(comment, config.publicUrl) });
  }

  return app;
}
