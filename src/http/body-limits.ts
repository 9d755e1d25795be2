import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  MAX_FORM_BODY_BYTES,
  MAX_MULTIPART_BODY_BYTES,
  MAX_PODCAST_BODY_BYTES,
  PODCAST_DESK_PREFIX,
} from '../accounts/middleware.js';
import { ADMIN_API_BASE } from '../integrations/api.js';
import { MAX_JSON_BYTES, MAX_MULTIPART_BYTES } from '../integrations/api-input.js';
import { VIEWS_PATH } from '../readership/routes.js';
import type { AppEnv } from './env.js';

/** Public forms (newsletter sign-up, preferences, unsubscribe; comments later): an address and a few choices. */
export const PUBLIC_BODY_MAX_BYTES = 64 * 1024;
/** The view beacon (src/readership) sends one article id. */
export const BEACON_BODY_MAX_BYTES = 1024;

/**
 * Request body limits, by route. Public routes get PUBLIC_BODY_MAX_BYTES here,
 * the view beacon BEACON_BODY_MAX_BYTES.
 * The admin pages and the admin API set their own where they read the body,
 * and this middleware only refuses a declared length above their largest:
 * - `/admin/…` (accounts/middleware.tsx): text forms MAX_FORM_BODY_BYTES,
 *   multipart forms (image uploads, subscriber imports) MAX_MULTIPART_BODY_BYTES,
 *   the podcast desk's (an episode's audio) MAX_PODCAST_BODY_BYTES;
 * - the admin API (integrations/api.ts): JSON MAX_JSON_BYTES, images MAX_MULTIPART_BYTES;
 *   its podcast audio (podcasts/admin-api.ts) MAX_PODCAST_BODY_BYTES.
 */
const OWN_LIMITS: { prefix: string; ceiling: number }[] = [
  { prefix: PODCAST_DESK_PREFIX, ceiling: MAX_PODCAST_BODY_BYTES },
  { prefix: `${ADMIN_API_BASE}/podcasts/`, ceiling: MAX_PODCAST_BODY_BYTES },
  { prefix: '/admin/', ceiling: Math.max(MAX_FORM_BODY_BYTES, MAX_MULTIPART_BODY_BYTES) },
  { prefix: `${ADMIN_API_BASE}/`, ceiling: Math.max(MAX_JSON_BYTES, MAX_MULTIPART_BYTES) },
];

/** The most a request to `path` may send; routes with their own limits may refuse less. */
export function bodyLimitFor(path: string): number {
  if (path === VIEWS_PATH) return BEACON_BODY_MAX_BYTES;
  return OWN_LIMITS.find((rule) => path.startsWith(rule.prefix))?.ceiling ?? PUBLIC_BODY_MAX_BYTES;
}

/**
 * 413 before the body is read whole: a declared Content-Length above the
 * limit is refused unread; a chunked body is read only up to the limit. The
 * connection is then closed, so the sender stops rather than the server
 * reading (and discarding) the rest.
 */
function tooLarge(limit: number) {
  return (c: Context<AppEnv>) =>
    c.text(`Request body too large: the limit here is ${Math.round(limit / 1024)} KB.`, 413, {
      connection: 'close',
      'cache-control': 'no-store',
    });
}

export function bodyLimits(): MiddlewareHandler<AppEnv> {
  const publicLimit = bodyLimit({ maxSize: PUBLIC_BODY_MAX_BYTES, onError: tooLarge(PUBLIC_BODY_MAX_BYTES) });
  const beaconLimit = bodyLimit({ maxSize: BEACON_BODY_MAX_BYTES, onError: tooLarge(BEACON_BODY_MAX_BYTES) });
  return async (c, next) => {
    // Decided from the headers where they tell, without touching `c.req.raw.body`: on Node
    // that builds a web Request and stream for every request, where the server can read a
    // form's body directly. Node's parser holds a body to its declared length.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    const declared = Number(length ?? 0);
    const own = OWN_LIMITS.find((rule) => c.req.path.startsWith(rule.prefix));
    if (own) return declared > own.ceiling ? tooLarge(own.ceiling)(c) : next();
    const beacon = c.req.path === VIEWS_PATH;
    const limit = beacon ? BEACON_BODY_MAX_BYTES : PUBLIC_BODY_MAX_BYTES;
    if (length !== undefined && c.req.header('transfer-encoding') === undefined)
      return declared > limit ? tooLarge(limit)(c) : next();
    // Chunked, or a runtime that gives no length (tests' requests): counted as it is read.
    if (!c.req.raw.body) return next();
    return beacon ? beaconLimit(c, next) : publicLimit(c, next);
  };
}
