/**
 * Reading a feed over HTTP(S) without trusting it: conditional GET (ETag,
 * Last-Modified), one deadline for the whole exchange (a server that sends
 * headers and then hangs still times out), and a size limit enforced while
 * reading, so a huge or endless body is cut off rather than buffered.
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
    fetch?: typeof fetch | undefined;
    limits?: Partial<FetchLimits> | undefined;
    etag?: string | null;
    lastModified?: string | null;
  } = {},
): Promise<Fetched> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const doFetch = options.fetch ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    const headers: Record<string, string> = {
      accept:
        'application/rss+xml, application/atom+xml, application/xml, application/json, text/xml;q=0.9, */*;q=0.5',
      'user-agent': 'Sahifa wire desk',
    };
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.lastModified) headers['if-modified-since'] = options.lastModified;
    const response = await doFetch(url, { headers, signal: controller.signal, redirect: 'follow' });
    if (response.status === 304) {
      await response.body?.cancel();
      return { kind: 'not-modified' };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { kind: 'failed', error: `HTTP ${response.status}` };
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > limits.maxBytes) {
      await response.body?.cancel();
      return { kind: 'failed', error: tooLarge(limits.maxBytes) };
    }
    const body = await readLimited(response, limits.maxBytes);
    if (body === undefined) return { kind: 'failed', error: tooLarge(limits.maxBytes) };
    return {
      kind: 'ok',
      text: body,
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
    };
  } catch (error) {
    if (controller.signal.aborted) return { kind: 'failed', error: `timed out after ${limits.timeoutMs} ms` };
    return { kind: 'failed', error: describe(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The body as UTF-8 text, or undefined once it passes `maxBytes` (reading stops there). */
async function readLimited(response: Response, maxBytes: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

const tooLarge = (maxBytes: number) =>
  maxBytes >= 1024 * 1024
    ? `larger than ${Math.floor(maxBytes / 1024 / 1024)} MB`
    : `larger than ${maxBytes} bytes`;

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
