import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { seedEditions } from '../accounts/testing.js';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import { type OutboundPolicy, outboundPolicy } from '../http/outbound.js';
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

/**
 * Test feeds are served on 127.0.0.1, which the outbound guard refuses: tests
 * that read them allow exactly that address, as an operator would with
 * OUTBOUND_ALLOW for an on-premise agency server.
 */
export const LOCAL_FEEDS: OutboundPolicy = outboundPolicy('127.0.0.1');

let places: { dataDir: string; dropRoot: string } | undefined;

/** This test process's data folder and wire drop root (inside it, like the default). */
export function testDropPlaces() {
  if (!places) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sahifa-test-'));
    places = { dataDir, dropRoot: path.join(dataDir, 'wire-drop') };
    mkdirSync(places.dropRoot);
  }
  return places;
}

/** A new, empty drop folder inside the test drop root. */
export function testDropFolder(): string {
  return mkdtempSync(path.join(testDropPlaces().dropRoot, 'feed-'));
}

/** What pollFeed needs, with a clock the test moves; local feed servers allowed. */
export function pollDeps(db: Db, clock: { now: Date }, extra: Partial<PollDeps> = {}): PollDeps {
  return {
    db,
    clock: { now: () => clock.now },
    logger: pino({ level: 'silent' }),
    publicUrl: 'https://news.example',
    settleMs: 0,
    outbound: LOCAL_FEEDS,
    drop: testDropPlaces(),
    ...extra,
  };
}
