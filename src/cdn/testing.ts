import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A local HTTP server standing in for a CDN's purge endpoint: it records every
 * call and answers what `answer` says (default 200 with Cloudflare's success body).
 */
export async function purgeRecorder(
  answer: (call: RecordedCall) => { status: number; body?: string } = () => ({
    status: 200,
    body: '{"success":true,"errors":[],"messages":[],"result":{"id":"x"}}',
  }),
): Promise<{ url: string; calls: RecordedCall[]; close(): Promise<void> }> {
  const calls: RecordedCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const call = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      calls.push(call);
      const reply = answer(call);
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The tags a recorded call purged, whatever the CDN's shape. */
export function purgedTags(call: RecordedCall): string[] {
  if (call.method === 'PURGE')
    return String(call.headers['xkey-purge'] ?? '')
      .split(' ')
      .filter(Boolean);
  const body = JSON.parse(call.body) as { surrogate_keys?: string[]; tags?: string[] };
  return body.surrogate_keys ?? body.tags ?? [];
}
