// `sahifa ingest` as a newsroom runs it: the real CLI in a child process, on a SQLite database in DATA_DIR.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/testing.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import { seedDemoContent } from '../demo/seed.js';
import { tempDataDir } from '../http/testing.js';

describe('sahifa ingest (CLI)', () => {
  let dataDir = '';
  let good = '';
  let bad = '';

  beforeAll(async () => {
    dataDir = tempDataDir();
    const db = openDatabase({ sqlitePath: path.join(dataDir, 'sahifa.sqlite') });
    try {
      await migrateToLatest(db);
      await seedDemoContent(db, dataDir, new Date('2024-05-03T12:00:00Z'), { images: false });
    } finally {
      await db.destroy();
    }
    good = path.join(dataDir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({
        uri: 'urn:wire:cli:souk',
        version: 1,
        language: 'ar',
        firstcreated: '2024-05-02T09:00:00Z',
        versioncreated: '2024-05-02T09:00:00Z',
        headlines: [{ value: 'سوق الكتب يعود إلى الساحة' }],
        bodies: [{ value: 'عاد باعة الكتب إلى الساحة.', contenttype: 'text/plain' }],
      }),
    );
    bad = path.join(dataDir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ uri: 'urn:wire:cli:bad', language: 'en', body_html: '<p>No headline.</p>' }),
    );
  });

  it('prints the public URL of each published item, names the bad file and field, and exits 1', async () => {
    const run = await runCli(['ingest', '--publish', good, bad], dataDir);
    const url = `https://news.example/ar/2024/05/02/${encodeURIComponent('سوق-الكتب-يعود-إلى-الساحة')}`;
    expect(run.stdout.trim().split('\n')).toEqual([
      `created ${url}`,
      'created 1, updated 0, unchanged 0, failed 1',
    ]);
    expect(run.stderr.trim()).toBe(`${bad}: headline: required`);
    expect(run.code).toBe(1);
  });

  it('reports a repeat as unchanged and exits 0', async () => {
    const run = await runCli(['ingest', good], dataDir);
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^unchanged https:\/\/news\.example\/ar\/2024\/05\/02\//),
      'created 0, updated 0, unchanged 1, failed 0',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('without --publish prints each draft by id and edition/slug', async () => {
    const draft = path.join(dataDir, 'draft.json');
    writeFileSync(draft, JSON.stringify({ uri: 'urn:wire:cli:draft', headline: 'Book market returns' }));
    const run = await runCli(['ingest', '--edition', 'en', draft], dataDir);
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^created [0-9a-z]{20} en\/book-market-returns$/),
      'created 1, updated 0, unchanged 0, failed 0',
    ]);
    expect(run.code).toBe(0);
  });
});
