import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import type { MediaRange, MediaStorage } from './storage.js';

/** Media never change under a name: a new upload gets a new one. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * A `Range` header against an object of `size` bytes (RFC 9110): one range
 * (`bytes=a-b`, `bytes=a-`, `bytes=-n`), 'unsatisfiable' when it lies outside
 * the object, undefined when there is no usable range (the whole object is sent:
 * several ranges, another unit, a header that does not parse or an invalid one).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): MediaRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  // "5-3" is not a range at all (RFC 9110 14.1.1): ignored, like a header that does not parse.
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/**
 * Answers with a stored object: from MEDIA_ORIGIN (a permanent redirect) when
 * one is configured, else read from the store with a validator (ETag,
 * Last-Modified, 304) and byte ranges (players seek, apps resume downloads).
 * HEAD gives the headers only.
 */
export async function serveStoredMedia(
  c: Context<AppEnv>,
  storage: MediaStorage,
  key: string,
  options: { contentType: string; mediaOrigin: string | undefined; headers?: Record<string, string> },
): Promise<Response> {
  if (options.mediaOrigin) {
    return c.redirect(`${options.mediaOrigin}/${key.split('/').map(encodeURIComponent).join('/')}`, 301);
  }
  const found = await storage.stat(key);
  if (!found) throw notFound('No such file');
  const { size } = found;
  const etag = `"${key.slice(key.lastIndexOf('/') + 1)}-${size}"`;
  const headers: Record<string, string> = {
    'content-type': options.contentType,
    'cache-control': IMMUTABLE,
    'accept-ranges': 'bytes',
    etag,
    'last-modified': found.modified.toUTCString(),
    ...options.headers,
  };
  if (
    c.req
      .header('if-none-match')
      ?.split(',')
      .some((tag) => tag.trim() === etag)
  )
    return c.body(null, 304, headers);
  // If-Range: a range only while the object is the one the client has part of (ours never change).
  const ifRange = c.req.header('if-range');
  const range = ifRange && ifRange !== etag ? undefined : parseRange(c.req.header('range'), size);
  if (range === 'unsatisfiable')
    return c.body(null, 416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': '0' });
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = end - start + 1;
  const status = range ? 206 : 200;
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  headers['content-length'] = String(length);
  if (c.req.method === 'HEAD' || length === 0) return c.body(null, status, headers);
  const body = await storage.read(key, range ? { start, end } : undefined);
  // Removed between the two calls.
  if (!body) throw notFound('No such file');
  return c.body(body, status, headers);
}
