import type { Logger } from 'pino';
import { fetchOutbound, type OutboundPolicy, PUBLIC_ONLY } from '../http/outbound.js';

/**
 * Reading a feed over HTTP(S) without trusting it, through the guarded
 * outbound door (http/outbound): public addresses only unless the operator
 * allows more, conditional GET (ETag, Last-Modified), one deadline for the
 * whole exchange (a server that sends headers and then hangs still times out),
 * and a size limit enforced while reading. Errors are fit for editors'
 * eyes ("could not fetch: …"); the details go to the log.
 */

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export const DEFAULT_LIMITS: FetchLimits = { timeoutMs: 20_000, maxBytes: 20 * 1024 * 1024 };

export type Fetched =
  | { kind: 'ok'; text: string; etag: string | null; lastModified: string | null }
  | { kind: 'not-modified' }
  | { kind: 'failed'; error: string };

export async function fetchSource(
  url: string,
  options: {
    /** What may be fetched; public addresses only when not given. */
    outbound?: OutboundPolicy | undefined;
    logger?: Pick<Logger, 'warn'> | undefined;
    limits?: Partial<FetchLimits> | undefined;
    etag?: string | null;
    lastModified?: string | null;
  } = {},
): Promise<Fetched> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const headers: Record<string, string> = {
    accept:
      'application/rss+xml, application/atom+xml, application/xml, application/json, text/xml;q=0.9, */*;q=0.5',
    'user-agent': 'Sahifa wire desk',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const response = await fetchOutbound(url, {
    policy: options.outbound ?? PUBLIC_ONLY,
    timeoutMs: limits.timeoutMs,
    maxBytes: limits.maxBytes,
    headers,
    logger: options.logger,
  });
  if (!response.ok) return { kind: 'failed', error: response.message };
  if (response.status === 304) return { kind: 'not-modified' };
  const header = (name: string) => {
    const value = response.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  };
  return {
    kind: 'ok',
    text: new TextDecoder('utf-8').decode(response.body),
    etag: header('etag'),
    lastModified: header('last-modified'),
  };
}
