import { hash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { type TagHeader, tagHeaderValue } from '../cdn/adapters.js';
import type { AppEnv } from './env.js';
import type { CachedPage, PageCache } from './page-cache.js';
import { RenderBusy, type RenderGate } from './render-gate.js';
import { securityHeadersFor } from './security-headers.js';

/** Browsers revalidate after a minute; a CDN keeps pages 5 minutes and may serve stale ones while it refetches. */
export const PAGE_CACHE_CONTROL =
  'public, max-age=60, s-maxage=300, stale-while-revalidate=3600, stale-if-error=86400';
const COMPRESSIBLE =
  /^(text\/|application\/(json|xml|rss\+xml|atom\+xml|ld\+json|javascript|manifest\+json))/;
const MIN_COMPRESS_BYTES = 1024;
/**
 * Handler-set headers kept with a cached page, so cache hits (served before routing) carry them too
 * (a page's own CSP: an edition's allowed ad hosts, src/ads).
 */
const KEPT_HEADERS = /^(access-control-|content-security-policy$)/;

/** What a request needs to choose a representation of a page. */
interface RequestFacts {
  method: string;
  acceptEncoding: string | undefined;
  ifNoneMatch: string | undefined;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer<ArrayBuffer> | null;
}

/** Only GET and HEAD are answered from, or kept in, the page cache. */
const isCacheableMethod = (method: string) => method === 'GET' || method === 'HEAD';

/** A request's path and query, whatever the host (the page cache reduces the query to the route's own parameters). */
export function cacheKey(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return url.startsWith('/') ? url : start === -1 ? '/' : url.slice(start);
}

export interface DeliveryOptions {
  /** The header cacheable responses name their cache tags in, for the CDN in front. */
  tagHeader?: TagHeader | undefined;
  /** Collapses concurrent misses of one URL and bounds renders at once (src/http/render-gate.ts). */
  gate?: RenderGate | undefined;
  /** The reply when the gate turns a request away (the app's 503 page). */
  busy?: ((path: string) => Response | Promise<Response>) | undefined;
}

/** Paths whose requests never wait behind public renders: the desk, its API, health checks, metrics. */
const UNGATED = /^\/(admin(\/|$)|api\/admin\/|healthz$|readyz$|metrics$)/;

/**
 * Serves and fills the page cache, and finishes every text response the same
 * way: strong ETag, 304 on If-None-Match, compression, cache and security headers.
 * With `tagHeader`, a shared (cacheable) response names its cache tags in that
 * header for the CDN in front (Surrogate-Key, Cache-Tag); the header is part
 * of the cached page, so hits carry it without building it again.
 * With `gate`, a public GET that misses either joins a render of the same URL
 * in flight or waits its turn for a render slot.
 */
export function delivery(cache: PageCache, options: DeliveryOptions = {}): MiddlewareHandler<AppEnv> {
  const { tagHeader, gate, busy } = options;
  return async (c, next) => {
    const method = c.req.method;
    const cacheable = isCacheableMethod(method);
    const key = cacheKey(c.req.url);
    const facts = {
      method,
      acceptEncoding: c.req.header('accept-encoding'),
      ifNoneMatch: c.req.header('if-none-match'),
    };
    const hit = cacheable ? cache.lookup(key) : undefined;
    if (hit) return toResponse(replyFor(cache, hit, facts, 'HIT'));
    if (!gate || !cacheable || UNGATED.test(c.req.path)) {
      await finish(c, next, cache, facts, key, tagHeader);
      return;
    }

    const joined = cache.enabled ? gate.follow(key) : undefined;
    if (joined) {
      // The leader's error is this request's error too (the app's error page answers it).
      const page = await joined;
      if (page) return toResponse(replyFor(cache, page, facts, 'HIT'));
    }
    const flight = cache.enabled && !joined ? gate.lead(key) : undefined;
    let release: () => void;
    try {
      release = await gate.acquire();
    } catch (error) {
      flight?.done(undefined);
      if (error instanceof RenderBusy && busy) return busy(c.req.path);
      throw error;
    }
    let settled = false;
    try {
      const page = await finish(c, next, cache, facts, key, tagHeader);
      if (c.error) flight?.fail(c.error);
      else flight?.done(page);
      settled = true;
    } finally {
      release();
      if (!settled) flight?.done(undefined);
    }
  };
}

/**
 * Runs the rest of the chain and finishes its response (headers, ETag, encoding), keeping it
 * in the page cache when it may be shared. Returns the page when it was kept for everyone.
 */
async function finish(
  c: Context<AppEnv>,
  next: Next,
  cache: PageCache,
  facts: RequestFacts,
  key: string,
  tagHeader: TagHeader | undefined,
): Promise<CachedPage | undefined> {
  await next();
  const res = c.res;
  const contentType = res.headers.get('content-type') ?? '';
  if (
    !isCacheableMethod(facts.method) ||
    !COMPRESSIBLE.test(contentType) ||
    res.headers.has('content-encoding')
  ) {
    for (const [name, value] of Object.entries(securityHeadersFor(contentType))) res.headers.set(name, value);
    return undefined;
  }
  const rendered = c.get('renderedHtml');
  const body = rendered === undefined ? Buffer.from(await res.arrayBuffer()) : Buffer.from(rendered);
  const tags = c.get('cacheTags');
  // A reply that sets a cookie is someone's own: never shared through the cache.
  const cookies = res.headers.getSetCookie();
  // 410: a taken-down article, tagged like the page it replaces.
  const shared = tags !== undefined && (res.status === 200 || res.status === 410) && cookies.length === 0;
  const kept = Object.fromEntries([...res.headers].filter(([name]) => KEPT_HEADERS.test(name)));
  if (shared && tagHeader && tags.length > 0) kept[tagHeader] = tagHeaderValue(tagHeader, tags);
  const page: CachedPage = {
    status: res.status,
    body,
    contentType,
    // One-shot: no Hash object per page (the page is hashed once, as the bytes sent).
    etag: `"${hash('sha1', body, 'base64url')}"`,
    cacheControl: res.headers.get('cache-control') ?? (res.status === 200 ? PAGE_CACHE_CONTROL : 'no-store'),
    headers: kept,
    tags: tags ?? [],
  };
  if (shared) cache.store(key, c.get('cacheQuery') ?? [], page, c.get('cacheFreshFor'));
  const reply = replyFor(cache, page, facts, shared ? 'MISS' : 'BYPASS');
  for (const [name, value] of res.headers) {
    if (!(name in reply.headers) && name !== 'content-length' && name !== 'set-cookie')
      reply.headers[name] = value;
  }
  // A page that varies with more than the encoding (a 404 in the language of Accept-Language) says so.
  const vary = res.headers.get('vary');
  if (vary && reply.headers.vary && !reply.headers.vary.includes(vary))
    reply.headers.vary = `${reply.headers.vary}, ${vary}`;
  const response = toResponse(reply);
  // Each cookie its own header line: joined into one, browsers would keep only the first.
  for (const cookie of cookies) response.headers.append('set-cookie', cookie);
  c.res = undefined;
  c.res = response;
  return shared && cache.enabled ? page : undefined;
}

/**
 * Serves a cached page straight from Node's request, before any routing:
 * the hot path of a news site. Returns false when the page is not cached.
 */
export function serveFromCache(
  cache: PageCache,
  req: IncomingMessage,
  res: ServerResponse,
  /** Told the status and body bytes of a reply it sent (metrics). */
  onServed?: (status: number, bytes: number) => void,
): boolean {
  const method = req.method ?? 'GET';
  if (!isCacheableMethod(method) || !cache.enabled) return false;
  const page = cache.lookup(cacheKey(req.url ?? '/'));
  if (!page) return false;
  // Node joins repeated Accept-Encoding and If-None-Match lines into one string.
  const facts = {
    method,
    acceptEncoding: req.headers['accept-encoding'],
    ifNoneMatch: req.headers['if-none-match'],
  };
  const reply =
    facts.ifNoneMatch || method === 'HEAD'
      ? withLength(replyFor(cache, page, facts, 'HIT'))
      : memoizedHit(cache, page, facts);
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body ?? undefined);
  onServed?.(reply.status, reply.body?.length ?? 0);
  return true;
}

function withLength(reply: Reply): Reply {
  if (reply.body) reply.headers['content-length'] = String(reply.body.length);
  return reply;
}

/**
 * A plain GET of a cached page gets the same reply every time for a given encoding: the whole
 * reply (status, every header with its length, body) is built once per encoding and sent as is.
 */
function memoizedHit(cache: PageCache, page: CachedPage, request: RequestFacts): Reply {
  const variant = preferredEncoding(request.acceptEncoding);
  page.replies ??= new Map();
  let reply = page.replies.get(variant);
  if (!reply) {
    reply = withLength(replyFor(cache, page, request, 'HIT'));
    page.replies.set(variant, reply);
    cache.addedReply(page, reply.headers);
  }
  return reply;
}

export type ContentCoding = 'br' | 'gzip' | 'identity';

/** Accept-Encoding values seen, with the coding chosen for each (browsers send a handful). */
const chosenCodings = new Map<string, ContentCoding>();
const MAX_CHOSEN_CODINGS = 256;

/**
 * The coding a client gets: Brotli when it accepts it, else gzip, else none; a coding
 * with `q=0` is refused. Decided once per distinct header value, without regular expressions.
 */
export function preferredEncoding(acceptEncoding: string | undefined): ContentCoding {
  if (!acceptEncoding) return 'identity';
  const known = chosenCodings.get(acceptEncoding);
  if (known) return known;
  let br = false;
  let gzip = false;
  for (const item of acceptEncoding.split(',')) {
    const semicolon = item.indexOf(';');
    const name = (semicolon === -1 ? item : item.slice(0, semicolon)).trim().toLowerCase();
    if (name !== 'br' && name !== 'gzip' && name !== 'x-gzip') continue;
    if (semicolon !== -1 && refused(item.slice(semicolon + 1))) continue;
    if (name === 'br') br = true;
    else gzip = true;
  }
  const chosen: ContentCoding = br ? 'br' : gzip ? 'gzip' : 'identity';
  if (chosenCodings.size >= MAX_CHOSEN_CODINGS) chosenCodings.clear();
  chosenCodings.set(acceptEncoding, chosen);
  return chosen;
}

/** Whether a coding's parameters give it `q=0` (not acceptable). */
function refused(parameters: string): boolean {
  for (const parameter of parameters.split(';')) {
    const equals = parameter.indexOf('=');
    if (equals === -1 || parameter.slice(0, equals).trim().toLowerCase() !== 'q') continue;
    return Number(parameter.slice(equals + 1).trim()) === 0;
  }
  return false;
}

function replyFor(cache: PageCache, page: CachedPage, request: RequestFacts, state: string): Reply {
  const headers: Record<string, string> = {
    ...securityHeadersFor(page.contentType),
    ...page.headers,
    'content-type': page.contentType,
    'cache-control': page.cacheControl,
    vary: 'Accept-Encoding',
    'x-cache': state,
  };
  const body = encode(cache, page, request.acceptEncoding, headers);
  // Each encoding is its own representation, so it gets its own strong ETag.
  const encoding = headers['content-encoding'];
  headers.etag = encoding ? `${page.etag.slice(0, -1)}-${encoding}"` : page.etag;
  if (page.status === 200 && request.ifNoneMatch && matchesEtag(request.ifNoneMatch, headers.etag)) {
    const { 'content-type': _type, 'content-encoding': _encoding, ...rest } = headers;
    return { status: 304, headers: rest, body: null };
  }
  return { status: page.status, headers, body: request.method === 'HEAD' ? null : body };
}

function toResponse(reply: Reply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

function encode(
  cache: PageCache,
  page: CachedPage,
  acceptEncoding: string | undefined,
  headers: Record<string, string>,
): Buffer<ArrayBuffer> {
  if (page.body.length < MIN_COMPRESS_BYTES) return page.body;
  const coding = preferredEncoding(acceptEncoding);
  if (coding === 'identity') return page.body;
  headers['content-encoding'] = coding;
  return coding === 'br' ? cache.brotliOf(page) : cache.gzipOf(page);
}

function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
