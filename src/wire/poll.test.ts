import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { runDueJobs } from '../jobs/runner.js';
import { agencyUpdateFor, takeItem } from './desk.js';
import { createFeed, type FeedInput, findFeed, POLL_JOB } from './feeds.js';
import { pollFeed, wirePoller } from './poll.js';
import { pollDeps, seedWireNewsroom, serve, startFeedServer, testDropFolder, withEtag } from './testing.js';

const fixture = (name: string) =>
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');

const T0 = new Date('2024-05-01T12:00:00Z');
const MINUTE = 60_000;

describeEachDatabase('wire feeds: polling', (db) => {
  const clock = { now: T0 };
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  let seeded: Awaited<ReturnType<typeof seedWireNewsroom>>;
  let etag = '"v1"';
  let newsml = fixture('newsml-nitf.xml');

  beforeAll(async () => {
    seeded = await seedWireNewsroom(db(), T0);
    server = await startFeedServer({
      '/rss': withEtag(
        () => fixture('rss.xml'),
        () => etag,
      ),
      '/rss-plain': serve(() => fixture('rss.xml')),
      '/newsml': serve(() => newsml),
      '/xxe': serve(() => fixture('xxe.xml')),
      '/lol': serve(() => fixture('billion-laughs.xml')),
      '/error': (_req, res) => res.writeHead(500).end('oops'),
      '/garbage': serve(() => '\u0000\u0001\u0002 not a feed', 'application/octet-stream'),
      '/hang': () => {
        // Never answers: the poll must give up on its own.
      },
      '/slow-body': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.write('<rss><channel>');
        // ...and then nothing more.
      },
      '/huge': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/xml' });
        const chunk = `<!-- ${'x'.repeat(64 * 1024)} -->`;
        for (let i = 0; i < 40; i++) res.write(chunk);
        res.end();
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    clock.now = T0;
  });

  const feedInput = (overrides: Partial<FeedInput>): FeedInput => ({
    name: 'Feed',
    source: server.url('/rss'),
    format: 'auto',
    agencyId: seeded.agencyId,
    editionCode: 'en',
    sectionId: null,
    mode: 'queue',
    pollMinutes: 5,
    ...overrides,
  });
  const count = async (table: 'wire_items' | 'wire_item_versions' | 'articles' | 'wire_alerts') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const item = (uri: string) =>
    db().selectFrom('wire_items').selectAll().where('uri', '=', uri).executeTakeFirstOrThrow();

  it('queues RSS items (sanitized, none filed as articles); a re-poll sends the ETag, gets 304 and writes nothing', async () => {
    const articles = await count('articles');
    const feedId = await createFeed(db(), feedInput({ name: 'Levant RSS' }), T0);
    const first = await pollFeed(pollDeps(db(), clock), feedId);
    expect(first).toMatchObject({ kind: 'ok', counts: { new: 2, updated: 0, repeats: 0, failed: 1 } });
    expect(first.nextPollAt).toEqual(new Date(T0.getTime() + 5 * MINUTE));
    const port = await item('urn:levant:2024:port-shifts');
    expect(port).toMatchObject({
      headline: 'Port workers & pilots agree on new shifts',
      agency_id: seeded.agencyId,
      edition_code: 'en',
      feed_id: feedId,
      format: 'rss',
    });
    expect(port.body_html).toContain('Unions and the port authority signed a deal on Wednesday.');
    expect(port.body_html).not.toMatch(/script|onclick|javascript:|alert|steal/i);
    // The bad item is kept, with its error, under its guid.
    const failed = await db()
      .selectFrom('wire_item_versions')
      .select(['error', 'item_id', 'payload'])
      .where('source_key', '=', 'urn:levant:2024:no-title')
      .executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ error: 'title: required', item_id: null });
    expect(failed.payload).toContain('An item without a title.');
    expect(await count('articles')).toBe(articles);

    const before = { items: await count('wire_items'), versions: await count('wire_item_versions') };
    const again = await pollFeed(pollDeps(db(), clock), feedId);
    expect(again.kind).toBe('not-modified');
    const conditional = server.requests.filter((r) => r.path === '/rss').at(-1)?.headers;
    expect(conditional?.['if-none-match']).toBe('"v1"');
    expect(conditional?.['if-modified-since']).toBe('Wed, 01 May 2024 09:30:00 GMT');
    expect({ items: await count('wire_items'), versions: await count('wire_item_versions') }).toEqual(before);
    expect(await findFeed(db(), feedId)).toMatchObject({ etag: '"v1"', failures: 0, lastError: null });

    // Without validators the feed is read in full again: every item is a repeat, nothing is written.
    const plain = await createFeed(db(), feedInput({ source: server.url('/rss-plain') }), T0);
    const repeat = await pollFeed(pollDeps(db(), clock), plain);
    expect(repeat).toMatchObject({ kind: 'ok', counts: { new: 0, updated: 0, repeats: 2, failed: 1 } });
    expect({ items: await count('wire_items'), versions: await count('wire_item_versions') }).toEqual(before);
    etag = '"v2"';
  });

  it('auto-publishes, updates the page on a newer version, flags taken drafts, and a kill unpublishes and alerts', async () => {
    const feedId = await createFeed(
      db(),
      feedInput({ source: server.url('/newsml'), mode: 'publish', sectionId: seeded.sectionId }),
      T0,
    );
    expect((await pollFeed(pollDeps(db(), clock), feedId)).counts.new).toBe(1);
    const uri = 'urn:newsml:example.org:2024:budget';
    const live = await db()
      .selectFrom('articles')
      .selectAll()
      .where('source_uri', '=', uri)
      .executeTakeFirstOrThrow();
    expect(live).toMatchObject({
      status: 'published',
      edition_code: 'en',
      section_id: seeded.sectionId,
      headline: 'Council approves the city budget',
      copyright: '© 2024 Example News',
      first_published_at: '2024-05-01T09:00:00.000Z',
      last_updated_at: '2024-05-01T10:00:00.000Z',
    });
    const byline = await db()
      .selectFrom('article_bylines')
      .select('agency_id')
      .where('article_id', '=', live.id)
      .execute();
    expect(byline).toEqual([{ agency_id: seeded.agencyId }]);

    const stored = await item(uri);
    const draftId = await takeItem(db(), stored.id, 'en', { userId: null, now: T0 });
    expect(draftId).toBeDefined();
    expect(await agencyUpdateFor(db(), draftId ?? '')).toMatchObject({ updateAvailable: false, diff: [] });

    newsml = newsml
      .replace('version="1"', 'version="2"')
      .replace('2024-05-01T10:00:00Z', '2024-05-01T13:00:00Z')
      .replace(/Council approves the city budget/g, 'Council approves budget after long debate');
    clock.now = new Date(T0.getTime() + 10 * MINUTE);
    expect((await pollFeed(pollDeps(db(), clock), feedId)).counts).toMatchObject({ updated: 1 });
    expect(
      await db().selectFrom('articles').selectAll().where('id', '=', live.id).executeTakeFirstOrThrow(),
    ).toMatchObject({
      status: 'published',
      slug: live.slug,
      headline: 'Council approves budget after long debate',
      last_updated_at: '2024-05-01T13:00:00.000Z',
    });
    const update = await agencyUpdateFor(db(), draftId ?? '');
    expect(update).toMatchObject({
      itemId: stored.id,
      itemHref: `/admin/wire/${stored.id}`,
      updateAvailable: true,
    });
    expect(update?.diff.map((d) => d.field)).toEqual(['headline']);
    expect(
      update?.diff[0]?.parts
        .filter((p) => p.added)
        .map((p) => p.value)
        .join(''),
    ).toContain('after long debate');
    const versions = await db()
      .selectFrom('wire_item_versions')
      .select('version')
      .where('item_id', '=', stored.id)
      .execute();
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);

    newsml = newsml.replace('version="2"', 'version="3"').replace('stat:usable', 'stat:canceled');
    clock.now = new Date(T0.getTime() + 20 * MINUTE);
    await pollFeed(pollDeps(db(), clock), feedId);
    const after = await db()
      .selectFrom('articles')
      .select(['id', 'status'])
      .where('id', 'in', [live.id, draftId ?? ''])
      .execute();
    expect(Object.fromEntries(after.map((a) => [a.id, a.status]))).toEqual({
      [live.id]: 'unpublished',
      [draftId ?? '']: 'draft',
    });
    const alert = await db()
      .selectFrom('wire_alerts')
      .selectAll()
      .where('item_id', '=', stored.id)
      .executeTakeFirstOrThrow();
    expect(alert).toMatchObject({ kind: 'canceled', dismissed_at: null });
    expect(JSON.parse(alert.unpublished)).toEqual([live.id]);
    expect(JSON.parse(alert.taken)).toEqual([draftId]);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'subject_id'])
      .where('action', '=', 'wire.kill')
      .execute();
    expect(audit).toEqual([{ action: 'wire.kill', subject_id: stored.id }]);

    // The same kill again is a repeat: no second alert.
    await pollFeed(pollDeps(db(), clock), feedId);
    expect(await count('wire_alerts')).toBe(1);
  });

  it('picks up files from a drop folder, in any format, and moves them aside once read', async () => {
    const folder = testDropFolder();
    writeFileSync(path.join(folder, 'a-ninjs3.json'), fixture('ninjs3.json'));
    mkdirSync(path.join(folder, 'arabic'));
    writeFileSync(path.join(folder, 'arabic', 'b-museum.xml'), fixture('newsml-xhtml.xml'));
    writeFileSync(path.join(folder, 'c-atom.xml'), fixture('atom.xml'));
    writeFileSync(path.join(folder, '.partial.xml'), '<rss');
    const feedId = await createFeed(db(), feedInput({ source: folder, agencyId: null }), T0);
    const report = await pollFeed(pollDeps(db(), clock), feedId);
    expect(report).toMatchObject({ kind: 'ok', counts: { new: 4, failed: 1 } });
    expect((await item('urn:newsml:example.org:2024:museum')).headline).toBe('المتحف الوطني يعيد فتح قاعاته');
    expect((await item('urn:ninjs3:2024:dam')).format).toBe('ninjs');
    expect(existsSync(path.join(folder, '.done', 'arabic', 'b-museum.xml'))).toBe(true);
    expect(existsSync(path.join(folder, '.done', 'c-atom.xml'))).toBe(true);
    // A file with a bad item goes to .failed/ (its good items are in).
    expect(existsSync(path.join(folder, '.failed', 'a-ninjs3.json'))).toBe(true);
    expect(existsSync(path.join(folder, '.partial.xml'))).toBe(true);
    expect((await pollFeed(pollDeps(db(), clock), feedId)).counts).toEqual({
      new: 0,
      updated: 0,
      repeats: 0,
      failed: 0,
    });
  });

  it('fails hostile, broken, hanging and oversized feeds safely, with backoff and the error shown, while the others go in', async () => {
    const limits = { timeoutMs: 2_000, maxBytes: 1024 * 1024 };
    const sources = ['/xxe', '/lol', '/error', '/garbage', '/hang', '/slow-body', '/huge', '/rss-plain'];
    const ids = [];
    for (const source of sources)
      ids.push(await createFeed(db(), feedInput({ source: server.url(source) }), T0));
    const started = Date.now();
    const reports = await Promise.all(ids.map((id) => pollFeed(pollDeps(db(), clock, { limits }), id)));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(reports.map((r) => [r.kind, r.error])).toEqual([
      ['failed', 'entity declarations are not allowed'],
      ['failed', 'entity declarations are not allowed'],
      ['failed', 'could not fetch: HTTP 500'],
      ['failed', 'not a feed: expected JSON or XML'],
      ['failed', 'could not fetch: timed out'],
      ['failed', 'could not fetch: timed out'],
      ['failed', 'could not fetch: larger than 1 MB'],
      ['ok', undefined],
    ]);
    const xxe = await findFeed(db(), ids[0] ?? '');
    expect(xxe).toMatchObject({ failures: 1, lastError: 'entity declarations are not allowed' });
    expect(xxe?.nextPollAt).toBe(new Date(T0.getTime() + 10 * MINUTE).toISOString());
    // The hostile payload itself is kept, with its error, never expanded.
    const kept = await db()
      .selectFrom('wire_item_versions')
      .select(['payload', 'error'])
      .where('origin', '=', server.url('/xxe'))
      .executeTakeFirstOrThrow();
    expect(kept.error).toBe('entity declarations are not allowed');
    expect(kept.payload).toContain('<!ENTITY secret SYSTEM');
    expect(
      await db().selectFrom('wire_items').select('id').where('uri', 'like', 'urn:evil%').execute(),
    ).toEqual([]);

    // Each failure in a row doubles the wait.
    const second = await pollFeed(pollDeps(db(), clock, { limits }), ids[2] ?? '');
    expect(second.nextPollAt).toEqual(new Date(T0.getTime() + 20 * MINUTE));
    expect((await findFeed(db(), ids[2] ?? ''))?.failures).toBe(2);
  });

  it('runs polls as durable jobs: one pending job per feed, moved to the next poll time when the poll ends', async () => {
    const feedId = await createFeed(
      db(),
      feedInput({ source: server.url('/rss-plain'), pollMinutes: 15 }),
      T0,
    );
    const poller = wirePoller(pollDeps(db(), clock));
    const pendingJobs = () =>
      db()
        .selectFrom('jobs')
        .select(['run_at'])
        .where('kind', '=', POLL_JOB)
        .where('subject_id', '=', feedId)
        .where('state', '=', 'pending')
        .execute();
    expect(await pendingJobs()).toEqual([{ run_at: T0.toISOString() }]);
    const [ran, rival] = await Promise.all([
      runDueJobs(db(), T0, poller.jobs),
      runDueJobs(db(), T0, poller.jobs),
    ]);
    await poller.settled();
    expect(ran + rival).toBeGreaterThanOrEqual(1);
    expect(await pendingJobs()).toEqual([{ run_at: new Date(T0.getTime() + 15 * MINUTE).toISOString() }]);
    expect((await findFeed(db(), feedId))?.lastSuccessAt).toBe(T0.toISOString());
  });
});
