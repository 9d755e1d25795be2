import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { createFeed, type FeedInput } from './feeds.js';
import { parseDocument } from './formats.js';
import { type IngestOptions, ingestDocument, ingestFiles, tally } from './ingest.js';
import { pollFeed } from './poll.js';
import { pollDeps, seedWireNewsroom, testDropFolder, testDropPlaces } from './testing.js';

const T0 = new Date('2024-05-01T12:00:00Z');
const DRAFT: IngestOptions = { publish: false, publicUrl: 'https://news.example', editionCode: 'en' };

const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const ninjs = (uri: string, headline: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ uri, headline, language: 'en', ...extra });
const rss = (items: string[]) =>
  `<rss version="2.0"><channel><language>en</language>${items.join('')}</channel></rss>`;
const rssItem = (guid: string, title: string) => `<item><guid>${guid}</guid><title>${title}</title></item>`;

describe('wire documents: limits', () => {
  it('refuses a 5 MB headline, a 3 MB body and deep nesting item by item, with the reason', () => {
    const parsed = parseDocument(
      JSON.stringify([
        { uri: 'urn:t:long', headline: 'x'.repeat(5 * 1024 * 1024), language: 'en' },
        { uri: 'urn:t:body', headline: 'Body', body_html: `<p>${'y'.repeat(3 * 1024 * 1024)}</p>` },
        { uri: 'urn:t:fine', headline: 'Fine' },
      ]).replace(/\]$/, `,${DEEP}]`),
    );
    if (!parsed.ok) throw new Error(parsed.problems.join());
    expect(parsed.entries.map((e) => (e.result.ok ? 'ok' : e.result.problems.join('; ')))).toEqual([
      'headline: longer than 1,000 characters',
      'body: larger than 2 MB',
      'ok',
      'nested more than 64 levels deep',
    ]);
  });
});

describeEachDatabase('wire ingest: each item and each file on its own', (db) => {
  let seeded: Awaited<ReturnType<typeof seedWireNewsroom>>;
  beforeAll(async () => {
    seeded = await seedWireNewsroom(db(), T0);
  });
  const articleCount = async (uriPrefix: string) =>
    (await db().selectFrom('articles').select('id').where('source_uri', 'like', `${uriPrefix}%`).execute())
      .length;

  it('a file of 100,000 nested [ or an item with a 5 MB headline is reported; the files and items after it go in', async () => {
    const folder = testDropFolder();
    const file = (name: string, text: string) => {
      const full = path.join(folder, name);
      writeFileSync(full, text);
      return full;
    };
    const files = [
      file('a-good.json', ninjs('urn:iso:a', 'First good item')),
      file('b-deep.json', DEEP),
      file(
        'c-mixed.json',
        `[${ninjs('urn:iso:c1', 'x'.repeat(5 * 1024 * 1024))},${DEEP},${ninjs('urn:iso:c2', 'Good after bad')}]`,
      ),
      file('d-good.xml', rss([rssItem('urn:iso:d', 'Last good item')])),
    ];
    const outcomes = await ingestFiles(db(), files, DRAFT, T0);
    expect(
      outcomes.map((o) =>
        o.ok
          ? `${path.basename(o.file)} ${o.item.action}`
          : `${path.basename(o.file)} ${o.problems.join('; ')}`,
      ),
    ).toEqual([
      'a-good.json created',
      'b-deep.json [0]: nested more than 64 levels deep',
      'c-mixed.json [0]: headline: longer than 1,000 characters',
      'c-mixed.json [1]: nested more than 64 levels deep',
      'c-mixed.json created',
      'd-good.xml created',
    ]);
    expect(tally(outcomes)).toEqual({ created: 3, updated: 0, unchanged: 0, failed: 3 });
    expect(await articleCount('urn:iso:')).toBe(3);
  });

  it('an RSS item with a 5 MB title is refused alone', async () => {
    const outcomes = await ingestDocument(
      db(),
      rss([rssItem('urn:iso:rss:big', 'x'.repeat(5 * 1024 * 1024)), rssItem('urn:iso:rss:ok', 'Small')]),
      'big.xml',
      DRAFT,
      T0,
    );
    expect(outcomes.map((o) => (o.ok ? o.item.action : o.problems))).toEqual([
      ['[0]: headline: longer than 1,000 characters'],
      'created',
    ]);
    const kept = await db()
      .selectFrom('wire_item_versions')
      .select('error')
      .where('source_key', '=', 'urn:iso:rss:big')
      .executeTakeFirstOrThrow();
    expect(kept.error).toBe('headline: longer than 1,000 characters');
  });

  const feedInput = (source: string): FeedInput => ({
    name: 'Drop',
    source,
    format: 'auto',
    agencyId: seeded.agencyId,
    editionCode: 'en',
    sectionId: null,
    mode: 'queue',
    pollMinutes: 5,
  });

  it('a drop folder moves a bad file to .failed/ with a reason file, and the files after it go in', async () => {
    const folder = testDropFolder();
    writeFileSync(path.join(folder, 'a-good.xml'), rss([rssItem('urn:drop:a', 'Dropped first')]));
    writeFileSync(path.join(folder, 'b-deep.json'), DEEP);
    writeFileSync(path.join(folder, 'c-huge.xml'), `<rss>${' '.repeat(300 * 1024)}</rss>`);
    writeFileSync(
      path.join(folder, 'd-many.xml'),
      rss(Array.from({ length: 501 }, (_, i) => rssItem(`urn:drop:m${i}`, `M ${i}`))),
    );
    writeFileSync(path.join(folder, 'e-good.json'), ninjs('urn:drop:e', 'Dropped last'));
    const clock = { now: T0 };
    const feedId = await createFeed(db(), feedInput(folder), T0);
    const report = await pollFeed(pollDeps(db(), clock, { limits: { maxBytes: 256 * 1024 } }), feedId);
    expect(report).toMatchObject({ kind: 'ok', counts: { new: 2, failed: 3 } });
    expect(existsSync(path.join(folder, '.done', 'a-good.xml'))).toBe(true);
    expect(existsSync(path.join(folder, '.done', 'e-good.json'))).toBe(true);
    const reason = (name: string) =>
      readFileSync(path.join(folder, '.failed', `${name}.reason.txt`), 'utf8').trim();
    expect(existsSync(path.join(folder, '.failed', 'b-deep.json'))).toBe(true);
    expect(reason('b-deep.json')).toBe('nested more than 64 levels deep');
    expect(reason('c-huge.xml')).toMatch(/^larger than 262144 bytes/);
    expect(reason('d-many.xml')).toBe('more than 500 items (501): refused whole');
    expect(
      await db()
        .selectFrom('wire_items')
        .select('uri')
        .where('uri', 'like', 'urn:drop:%')
        .orderBy('uri')
        .execute(),
    ).toEqual([{ uri: 'urn:drop:a' }, { uri: 'urn:drop:e' }]);
  });

  it('a feed pointed at the data folder (saved before the check) fails and touches nothing', async () => {
    const { dataDir } = testDropPlaces();
    const database = path.join(dataDir, 'sahifa.sqlite');
    writeFileSync(database, 'not really a database');
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(database, old, old);
    const feedId = await createFeed(db(), feedInput(dataDir), T0);
    const report = await pollFeed(pollDeps(db(), { now: T0 }), feedId);
    expect(report.kind).toBe('failed');
    expect(report.error).toMatch(/^drop folder refused: /);
    expect(existsSync(database)).toBe(true);
    expect(existsSync(path.join(dataDir, '.done'))).toBe(false);
    expect(existsSync(path.join(dataDir, '.failed'))).toBe(false);
  });
});
