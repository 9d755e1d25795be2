import type { Logger } from 'pino';
import { fetchOutbound, type OutboundPolicy, outboundPolicy } from '../http/outbound.js';

/**
 * One interface for every CDN: purge these tags (surrogate keys, cache tags)
 * everywhere the CDN keeps a response carrying one of them. Throws on a
 * refusal or an unreachable endpoint; the purger retries with backoff.
 */
export interface CdnAdapter {
  readonly name: 'varnish' | 'fastly' | 'cloudflare';
  /** Most tags one call takes (the purger splits larger batches). */
  readonly maxTagsPerCall: number;
  purge(tags: readonly string[]): Promise<void>;
}

/** How responses name their tags for the CDN: Varnish xkey and Fastly read `Surrogate-Key`, Cloudflare `Cache-Tag`. */
export type TagHeader = 'surrogate-key' | 'cache-tag';

/** The header's value: space-separated for Surrogate-Key, comma-separated for Cache-Tag. */
export function tagHeaderValue(header: TagHeader, tags: readonly string[]): string {
  return [...new Set(tags)].join(header === 'cache-tag' ? ',' : ' ');
}

export type CdnSettings =
  | { kind: 'varnish'; urls: string[] }
  | { kind: 'fastly'; apiUrl: string; serviceId: string; token: string; soft: boolean }
  | { kind: 'cloudflare'; apiUrl: string; zoneId: string; token: string };

export const FASTLY_API = 'https://api.fastly.com';
export const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';

/** How long one purge call may take. */
const PURGE_TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 256 * 1024;

export class PurgeFailed extends Error {}

/**
 * The adapter for the configured CDN. Its endpoints are the operator's own
 * settings, so their hosts are allowed through the outbound door (a Varnish
 * on the private network, a local test server) on top of OUTBOUND_ALLOW.
 */
export function cdnAdapter(
  settings: CdnSettings,
  options: { outboundAllow?: string[]; logger?: Pick<Logger, 'warn'> } = {},
): CdnAdapter {
  const endpoints = settings.kind === 'varnish' ? settings.urls : [settings.apiUrl];
  const policy = outboundPolicy([
    ...(options.outboundAllow ?? []),
    ...endpoints.map((url) => new URL(url).hostname.replace(/^\[(.*)\]$/, '$1')),
  ]);
  const send = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) =>
    call(url, init, policy, options.logger);
  switch (settings.kind) {
    case 'varnish':
      return {
        name: 'varnish',
        // Header lines: Varnish's default limit is 8 KB per header; tags are short.
        maxTagsPerCall: 100,
        async purge(tags) {
          // xkey: one PURGE request naming the keys in a header, at every Varnish in front.
          await Promise.all(
            settings.urls.map((url) =>
              send(url, { method: 'PURGE', headers: { 'xkey-purge': tags.join(' ') } }),
            ),
          );
        },
      };
    case 'fastly':
      return {
        name: 'fastly',
        // Fastly's bulk purge takes up to 256 surrogate keys a call.
        maxTagsPerCall: 256,
        async purge(tags) {
          await send(
            `${settings.apiUrl.replace(/\/+$/, '')}/service/${encodeURIComponent(settings.serviceId)}/purge`,
            {
              method: 'POST',
              headers: {
                'fastly-key': settings.token,
                accept: 'application/json',
                'content-type': 'application/json',
                ...(settings.soft && { 'fastly-soft-purge': '1' }),
              },
              body: JSON.stringify({ surrogate_keys: tags }),
            },
          );
        },
      };
    case 'cloudflare':
      return {
        name: 'cloudflare',
        // Cloudflare's purge by tag takes up to 30 tags a call.
        maxTagsPerCall: 30,
        async purge(tags) {
          const answer = await send(
            `${settings.apiUrl.replace(/\/+$/, '')}/zones/${encodeURIComponent(settings.zoneId)}/purge_cache`,
            {
              method: 'POST',
              headers: {
                authorization: `Bearer ${settings.token}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify({ tags }),
            },
          );
          let success = false;
          try {
            success = (JSON.parse(answer.toString('utf8')) as { success?: unknown }).success === true;
          } catch {
            success = false;
          }
          if (!success) throw new PurgeFailed('cloudflare: the purge was not accepted');
        },
      };
  }
}

async function call(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  policy: OutboundPolicy,
  logger: Pick<Logger, 'warn'> | undefined,
): Promise<Buffer> {
  const result = await fetchOutbound(url, {
    policy,
    timeoutMs: PURGE_TIMEOUT_MS,
    maxBytes: MAX_ANSWER_BYTES,
    method: init.method,
    headers: init.headers,
    ...(init.body !== undefined && { body: init.body }),
    logger,
  });
  if (!result.ok)
    throw new PurgeFailed(`${new URL(url).host}: ${result.message.replace(/^could not fetch: /, '')}`);
  return result.body;
}
