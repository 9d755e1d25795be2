import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { seedEditions } from '../accounts/testing.js';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import type { PollDeps } from './poll.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A local feed server for tests: routes by path, each request counted; nothing leaves the machine. */
export async function startFeedServer(routes: Record<string, Handler>) {
  const requests: { path: string; headers: IncomingMessage['headers'] }[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push({ path: url, headers: req.headers });
    const handler = routes[url];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (p: string) => `http://127.0.0.1:${port}${p}`,
    requests,
    routes,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Serves `body()` with an ETag, answering 304 when the client already has it. */
export function withEtag(body: () => string, etag: () => string, type = 'application/xml'): Handler {
  return (req, res) => {
    if (req.headers['if-none-match'] === etag()) {
      res.writeHead(304, { etag: etag() }).end();
      return;
    }
    res
      .writeHead(200, {
        'content-type': type,
        etag: etag(),
        'last-modified': 'Wed, 01 May 2024 09:30:00 GMT',
      })
      .end(body());
  };
}

export const serve =
  (body: () => string, type = 'application/xml'): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': type }).end(body());
  };

/** Editions ar and en, a section in en and an agency. */
export async function seedWireNewsroom(db: Db, now: Date) {
  await seedEditions(db, now);
  const sectionId = newId(now);
  await db
    .insertInto('sections')
    .values({ id: sectionId, edition_code: 'en', slug: 'world', name: 'World', position: 0 })
    .execute();
  const agencyId = newId(now);
  await db
    .insertInto('agencies')
    .values({
      id: agencyId,
      slug: 'levant-wire',
      name: 'Levant Wire',
      copyright_line: '© Levant Wire',
      url: 'https://wire.example',
    })
    .execute();
  return { sectionId, agencyId };
}

/** What pollFeed needs, with a clock the test moves. */
export function pollDeps(db: Db, clock: { now: Date }, extra: Partial<PollDeps> = {}): PollDeps {
  return {
    db,
    clock: { now: () => clock.now },
    logger: pino({ level: 'silent' }),
    publicUrl: 'https://news.example',
    settleMs: 0,
    ...extra,
  };
}
