import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { brotliOf, type CachedPage, gzipOf, type PageCache } from './page-cache.js';
import { SECURITY_HEADERS } from './security-headers.js';

/** Browsers revalidate after a minute; a CDN keeps pages 5 minutes and may serve stale ones while it refetches. */
export const PAGE_CACHE_CONTROL =
  'public, max-age=60, s-maxage=300, stale-while-revalidate=3600, stale-if-error=86400';
const COMPRESSIBLE =
  /^(text\/|application\/(json|xml|rss\+xml|atom\+xml|ld\+json|javascript|manifest\+json))/;
const MIN_COMPRESS_BYTES = 1024;

/**
 * Serves and fills the page cache, and finishes every text response the same
 * way: strong ETag, 304 on If-None-Match, compression, cache and security headers.
 */
export function delivery(cache: PageCache): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    const cacheable = method === 'GET' || method === 'HEAD';
    const key = c.req.url;
    if (cacheable) {
      const hit = cache.get(key);
      if (hit) return send(c, hit, 'HIT');
    }
    await next();
    const res = c.res;
    const contentType = res.headers.get('content-type') ?? '';
    if (!cacheable || !COMPRESSIBLE.test(contentType) || res.headers.has('content-encoding')) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.headers.set(name, value);
      return;
    }
    const body = Buffer.from(await res.arrayBuffer());
    const tags = c.get('cacheTags');
    const page: CachedPage = {
      status: res.status,
      body,
      contentType,
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      cacheControl:
        res.headers.get('cache-control') ?? (res.status === 200 ? PAGE_CACHE_CONTROL : 'no-store'),
      tags: tags ?? [],
    };
    if (tags && res.status === 200) cache.set(key, page);
    c.res = undefined;
    c.res = send(c, page, tags ? 'MISS' : 'BYPASS', res.headers);
  };
}

function send(c: Context<AppEnv>, page: CachedPage, state: string, extra?: Headers): Response {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'content-type': page.contentType,
    'cache-control': page.cacheControl,
    vary: 'Accept-Encoding',
    'x-cache': state,
  };
  if (extra) {
    for (const [name, value] of extra)
      if (!(name in headers) && name !== 'content-length') headers[name] = value;
  }
  const body = encode(page, c.req.header('accept-encoding') ?? '', headers);
  // Each encoding is its own representation, so it gets its own strong ETag.
  const encoding = headers['content-encoding'];
  headers.etag = encoding ? `${page.etag.slice(0, -1)}-${encoding}"` : page.etag;
  const inm = c.req.header('if-none-match');
  if (page.status === 200 && inm && matchesEtag(inm, headers.etag)) {
    return new Response(null, { status: 304, headers: withoutBodyHeaders(headers) });
  }
  return new Response(c.req.method === 'HEAD' ? null : body, { status: page.status, headers });
}

function encode(
  page: CachedPage,
  acceptEncoding: string,
  headers: Record<string, string>,
): Buffer<ArrayBuffer> {
  if (page.body.length < MIN_COMPRESS_BYTES) return page.body;
  if (/\bbr\b/.test(acceptEncoding)) {
    headers['content-encoding'] = 'br';
    return brotliOf(page);
  }
  if (/\bgzip\b/.test(acceptEncoding)) {
    headers['content-encoding'] = 'gzip';
    return gzipOf(page);
  }
  return page.body;
}

function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _type, 'content-encoding': _encoding, ...rest } = headers;
  return rest;
}
