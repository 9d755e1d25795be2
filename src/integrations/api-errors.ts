import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An admin API refusal: thrown by handlers, sent once as
 * `{"error": {"code", "message", …details}}` by the API's onError.
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 503,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Every admin API response: JSON, never kept by a browser, a CDN or the page cache. */
export function sendJson(c: Context, body: unknown, status: ContentfulStatusCode = 200) {
  return c.body(JSON.stringify(body), status, { 'content-type': JSON_TYPE, 'cache-control': 'no-store' });
}

export function sendApiError(c: Context, error: ApiError) {
  if (error.status === 401) c.header('www-authenticate', 'Bearer realm="sahifa"');
  return sendJson(c, { error: { code: error.code, message: error.message, ...error.details } }, error.status);
}
