// Wire ingest benchmark (`npm run bench:ingest`): 10,000 generated ninjs items through the whole
// pipeline (parse, item store, article filing, change log) into SQLite in a temp dir, then the same
// 10,000 again (every one a repeat), against a baseline measured in the same run: bare inserts of
// the rows the pipeline writes, 100 per transaction like ingest. Prints items/s, ratios, PASS/FAIL.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase } from '../src/db/connect.js';
import { newId } from '../src/db/ids.js';
import type { Db } from '../src/db/schema.js';
import { ingestDocument, tally } from '../src/wire/ingest.js';
import { payloadHash } from '../src/wire/store.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const TARGET_PER_SECOND = 1_000;
const NOW = new Date('2024-05-01T12:00:00Z');

const tempDir = mkdtempSync(path.join(os.tmpdir(), 'sahifa-bench-ingest-'));
process.once('exit', () => rmSync(tempDir, { recursive: true, force: true }));

function generatedItems(): Record<string, unknown>[] {
  const subjects = ['Politics', 'Economy', 'Culture', 'Sport', 'Science'];
  return Array.from({ length: ITEMS }, (_, i) => ({
    uri: `urn:bench:item:${i}`,
    version: 1,
    language: 'en',
    firstcreated: new Date(NOW.getTime() - i * 60_000).toISOString(),
    versioncreated: new Date(NOW.getTime() - i * 60_000).toISOString(),
    headlines: [{ value: `Bench story number ${i} about the harbour` }],
    descriptions: [{ value: `Summary of story ${i}.`, role: 'summary' }],
    bodies: [
      {
        contenttype: 'text/html',
        value: `<p>Paragraph one of story ${i}.</p><p>Paragraph two, with <a href="https://example.com/${i}">a link</a>.</p>`,
      },
    ],
    by: 'Bench Agency',
    subjects: [{ name: subjects[i % subjects.length] }],
  }));
}

async function openSeeded(name: string): Promise<Db> {
  const db = openDatabase({ sqlitePath: path.join(tempDir, name) });
  await migrateToLatest(db);
  await db
    .insertInto('editions')
    .values({
      code: 'en',
      language: 'en',
      direction: 'ltr',
      name: 'Bench',
      description: '',
      date_style: 'gregorian',
      digits: 'latn',
      time_zone: 'UTC',
      social_links: '[]',
      position: 0,
      created_at: NOW.toISOString(),
    })
    .execute();
  await db
    .insertInto('agencies')
    .values({
      id: newId(NOW),
      slug: 'bench-agency',
      name: 'Bench Agency',
      copyright_line: '© Bench',
      url: '',
    })
    .execute();
  return db;
}

const TABLES = [
  'articles',
  'article_topics',
  'article_bylines',
  'wire_items',
  'wire_item_versions',
  'topics',
] as const;

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** The baseline: the same article and item-version rows, inserted bare, 100 per transaction like ingest. */
async function bareInserts(db: Db, items: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += 100) {
    await db.transaction().execute(async (trx) => {
      for (const [offset, item] of items.slice(start, start + 100).entries()) {
        await insertBare(trx, start + offset, item);
      }
    });
  }
}

async function insertBare(db: Db, i: number, item: Record<string, unknown>): Promise<void> {
  const raw = JSON.stringify(item);
  const id = newId(NOW);
  await db
    .insertInto('articles')
    .values({
      id,
      edition_code: 'en',
      slug: `bench-story-number-${i}`,
      headline: `Bench story number ${i} about the harbour`,
      standfirst: `Summary of story ${i}.`,
      body_html: `<p>Paragraph one of story ${i}.</p>`,
      lead_media_id: null,
      section_id: null,
      copyright: '© Bench',
      status: 'published',
      translation_group: null,
      first_published_at: NOW.toISOString(),
      last_updated_at: NOW.toISOString(),
      created_at: NOW.toISOString(),
      modified_at: NOW.toISOString(),
      source_uri: `urn:bench:item:${i}`,
      source_version: 1,
      scheduled_at: null,
      created_by: null,
    })
    .execute();
  await db
    .insertInto('wire_item_versions')
    .values({
      id: newId(NOW),
      item_id: id,
      source_key: `urn:bench:item:${i}`,
      payload_hash: payloadHash(raw),
      feed_id: null,
      format: 'ninjs',
      origin: 'bench',
      version: 1,
      error: null,
      received_at: NOW.toISOString(),
      headline: '',
      standfirst: '',
      body_html: '',
      payload: raw,
    })
    .execute();
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const perSecond = (ms: number) => Math.round((ITEMS / ms) * 1000);

async function main() {
  const items = generatedItems();
  const document = JSON.stringify(items);
  console.log(`Wire ingest benchmark: ${ITEMS} ninjs 2.x items into SQLite (${tempDir})`);

  const baselineDb = await openSeeded('baseline.sqlite');
  let started = performance.now();
  await bareInserts(baselineDb, items);
  const baselineMs = performance.now() - started;
  await baselineDb.destroy();
  console.log(`baseline (bare inserts)  ${seconds(baselineMs)} s  ${perSecond(baselineMs)} items/s`);

  const db = await openSeeded('sahifa.sqlite');
  const options = { publish: true, editionCode: 'en', publicUrl: 'https://news.example' };
  started = performance.now();
  const first = tally(await ingestDocument(db, document, 'bench.json', options, NOW));
  const ingestMs = performance.now() - started;
  const afterFirst = await rowCounts(db);
  console.log(
    `ingest                   ${seconds(ingestMs)} s  ${perSecond(ingestMs)} items/s  ` +
      `(${(ingestMs / baselineMs).toFixed(1)}x the baseline's time)  ${JSON.stringify(first)}`,
  );

  started = performance.now();
  const second = tally(
    await ingestDocument(db, document, 'bench.json', options, new Date(NOW.getTime() + 60_000)),
  );
  const repeatMs = performance.now() - started;
  const afterSecond = await rowCounts(db);
  console.log(
    `re-ingest (all repeats)  ${seconds(repeatMs)} s  ${perSecond(repeatMs)} items/s  ` +
      `(${(repeatMs / ingestMs).toFixed(2)}x the first ingest's time)  ${JSON.stringify(second)}`,
  );
  console.log(`rows: ${JSON.stringify(afterSecond)}`);
  await db.destroy();

  const checks: [string, boolean][] = [
    [`ingest >= ${TARGET_PER_SECOND} items/s`, perSecond(ingestMs) >= TARGET_PER_SECOND],
    [`all ${ITEMS} created`, first.created === ITEMS && first.failed === 0],
    ['re-ingest faster than ingest', repeatMs < ingestMs],
    [`re-ingest: all ${ITEMS} unchanged`, second.unchanged === ITEMS && second.failed === 0],
    ['re-ingest changed no row counts', JSON.stringify(afterFirst) === JSON.stringify(afterSecond)],
  ];
  for (const [name, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'} ${name}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}

await main();
