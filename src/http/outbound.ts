import { lookup } from 'node:dns/promises';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import ipaddr from 'ipaddr.js';
import type { Logger } from 'pino';

/**
 * The one door for requests the server makes to addresses it is given
 * (wire feeds, URL ingest, anything later that fetches). An editor's URL must
 * not reach the machine itself or the network behind it, so:
 * - the host is resolved here and every address checked: loopback, private
 *   (RFC 1918, CGNAT), link-local, unspecified, multicast, broadcast,
 *   reserved, IPv4-mapped and other special IPv6 ranges are refused; numeric
 *   forms such as `2130706433` or `0x7f.1` are normalised by the WHATWG URL
 *   parser first, so they are checked as the address they are;
 * - the connection is pinned to the address checked (no second DNS answer
 *   can switch it: DNS rebinding), and the socket's peer is checked again;
 * - redirects are followed by hand, at most 5, each hop checked the same way;
 * - one deadline for the whole exchange, and a size limit on the (decoded) body.
 * The operator may allow hosts or networks (OUTBOUND_ALLOW) for on-premise
 * agency feeds. Errors say "could not fetch" and a generic reason, never an
 * internal address or port; the details go to the server's log.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export interface OutboundPolicy {
  /** Host names allowed whatever they resolve to (lower case). */
  hosts: string[];
  /** Networks allowed even when private or loopback. */
  networks: [Address, number][];
}

/** Nothing but public unicast addresses. */
export const PUBLIC_ONLY: OutboundPolicy = { hosts: [], networks: [] };

/**
 * `OUTBOUND_ALLOW`: comma-separated host names, addresses and CIDR networks,
 * e.g. `wire.agency.lan, 10.20.0.0/16, fd00:1::/64, 192.168.1.7`. Throws on an entry it cannot read.
 */
export function outboundPolicy(value: string | string[]): OutboundPolicy {
  const entries = (Array.isArray(value) ? value : value.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
  const policy: OutboundPolicy = { hosts: [], networks: [] };
  for (const entry of entries) {
    const bare = entry.replace(/^\[(.*)\]$/, '$1');
    if (bare.includes('/')) {
      try {
        policy.networks.push(ipaddr.parseCIDR(bare));
      } catch {
        throw new Error(`not a network: ${entry}`);
      }
    } else if (isIP(bare)) {
      const address = ipaddr.parse(bare);
      policy.networks.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(bare)) {
      policy.hosts.push(bare.toLowerCase().replace(/\.$/, ''));
    } else {
      throw new Error(`not a host, address or network: ${entry}`);
    }
  }
  return policy;
}

/** Why an address may not be fetched (its range, e.g. `loopback`), or null when it may. */
export function refusedRange(address: string, policy: OutboundPolicy = PUBLIC_ONLY): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.parse(address);
  for (const [network, bits] of policy.networks) {
    if (parsed.kind() === network.kind() && parsed.match(network, bits)) return null;
  }
  const range = parsed.range();
  if (range !== 'unicast') return range;
  // Only global unicast (2000::/3) is a public IPv6 address; the rest is special or unassigned.
  if (parsed.kind() === 'ipv6' && !parsed.match(ipaddr.parseCIDR('2000::/3'))) return 'reserved';
  return null;
}

export interface OutboundOptions {
  policy: OutboundPolicy;
  timeoutMs: number;
  /** Most bytes of (decoded) body read; a longer body is a failure. */
  maxBytes: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
  /** GET unless said (a CDN purge is a POST or Varnish's PURGE); a request with a body is never redirected. */
  method?: string;
  body?: string;
  logger?: Pick<Logger, 'warn'> | undefined;
}

export type OutboundResult =
  | { ok: true; status: number; headers: IncomingHttpHeaders; body: Buffer; url: string }
  | { ok: false; reason: 'refused' | 'timeout' | 'status' | 'too-large' | 'failed'; message: string };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

class Refused extends Error {}
class TooLarge extends Error {}

/**
 * GET `url` under `policy` (or `options.method`, with `options.body`): 2xx and 304 answers
 * come back with their body (empty for 304); anything else is a failure with a message fit for editors.
 */
export async function fetchOutbound(url: string, options: OutboundOptions): Promise<OutboundResult> {
  const maxRedirects = options.maxRedirects ?? 5;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const target = await checkedTarget(current, options.policy);
      const response = await requestOnce(target, options, controller.signal);
      const location = response.headers.location;
      if (REDIRECTS.has(response.status) && location && (options.method ?? 'GET') === 'GET') {
        if (hop >= maxRedirects) return failure('failed', 'too many redirects');
        current = new URL(location, target.url).href;
        continue;
      }
      if (response.status !== 304 && (response.status < 200 || response.status > 299)) {
        return failure('status', `HTTP ${response.status}`);
      }
      return { ok: true, ...response, url: target.url.href };
    }
  } catch (error) {
    if (controller.signal.aborted) return failure('timeout', 'timed out');
    options.logger?.warn({ url, at: current, err: error }, 'outbound request failed');
    if (error instanceof Refused) return failure('refused', 'address not allowed');
    if (error instanceof TooLarge) return failure('too-large', `larger than ${sizeText(options.maxBytes)}`);
    return failure('failed', 'connection failed');
  } finally {
    clearTimeout(timer);
  }
}

const failure = (reason: Exclude<OutboundResult, { ok: true }>['reason'], why: string): OutboundResult => ({
  ok: false,
  reason,
  message: `could not fetch: ${why}`,
});

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.floor(bytes / 1024 / 1024)} MB` : `${bytes} bytes`;

interface Target {
  url: URL;
  /** The one address the connection may go to. */
  address: string;
  family: 4 | 6;
}

/** The URL (parsed and normalised) and the checked address to connect to; throws Refused. */
async function checkedTarget(raw: string, policy: OutboundPolicy): Promise<Target> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Refused(`not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Refused(`scheme ${url.protocol}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) {
    const range = refusedRange(host, policy);
    if (range) throw new Refused(`${host} is ${range}`);
    return { url, address: host, family: isIP(host) === 6 ? 6 : 4 };
  }
  const name = host.toLowerCase().replace(/\.$/, '');
  const answers = await lookup(name, { all: true, verbatim: true });
  const [first] = answers;
  if (!first) throw new Error(`${name}: no address`);
  if (!policy.hosts.includes(name)) {
    // One refused answer refuses the host: a name that also points inside is not a public feed.
    for (const answer of answers) {
      const range = refusedRange(answer.address, policy);
      if (range) throw new Refused(`${name} resolves to ${answer.address} (${range})`);
    }
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

const sameAddress = (a: string | undefined, b: string) =>
  a !== undefined &&
  ipaddr.isValid(a) &&
  ipaddr.process(a).toNormalizedString() === ipaddr.process(b).toNormalizedString();

function requestOnce(
  target: Target,
  options: OutboundOptions,
  signal: AbortSignal,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  // The connection goes to the address checked, whatever DNS would say now.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const request = client.request(target.url, {
      method: options.method ?? 'GET',
      agent: false,
      lookup: pinned,
      headers: {
        'accept-encoding': 'gzip, deflate, br',
        ...(body && { 'content-length': String(body.length) }),
        ...options.headers,
      },
    });
    const abort = () => request.destroy(new Error('aborted'));
    signal.addEventListener('abort', abort, { once: true });
    const done = () => signal.removeEventListener('abort', abort);
    request.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        if (!sameAddress(socket.remoteAddress, target.address)) {
          request.destroy(new Refused(`connected to ${socket.remoteAddress}, not ${target.address}`));
        }
      });
    });
    request.on('error', (error) => {
      done();
      reject(error);
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const bodyWanted = status >= 200 && status <= 299 && status !== 204;
      if (!bodyWanted) {
        response.resume();
        response.destroy();
        done();
        resolve({ status, headers: response.headers, body: Buffer.alloc(0) });
        return;
      }
      readBody(response, options.maxBytes).then(
        (body) => {
          done();
          resolve({ status, headers: response.headers, body });
        },
        (error: unknown) => {
          done();
          request.destroy();
          reject(error);
        },
      );
    });
    request.end(body);
  });
}

/** The body, decoded, or a TooLarge rejection as soon as it passes `maxBytes`. */
function readBody(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length'] ?? '0');
  if (declared > maxBytes) return Promise.reject(new TooLarge(`declared ${declared} bytes`));
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  const stream = decoder ? response.pipe(decoder) : response;
  if (decoder) response.on('error', (error) => decoder.destroy(error));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        stream.destroy(new TooLarge(`over ${maxBytes} bytes`));
        response.destroy();
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', reject);
    response.on('aborted', () => reject(new Error('connection closed mid-body')));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
