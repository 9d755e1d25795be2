// `sahifa ingest` as a newsroom runs it: the real CLI in a child process, on a SQLite database in DATA_DIR.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/testing.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import { seedDemoContent } from '../demo/seed.js';
import { tempDataDir } from '../http/testing.js';
import { mediaDir } from '../media/routes.js';
import { LocalMediaStorage } from '../media/storage.js';
import { serve, startFeedServer } from './testing.js';

describe('sahifa ingest (CLI)', () => {
  let dataDir = '';
  let good = '';
  let bad = '';

  beforeAll(async () => {
    dataDir = tempDataDir();
    const db = openDatabase({ sqlitePath: path.join(dataDir, 'sahifa.sqlite') });
    try {
      await migrateToLatest(db);
      await seedDemoContent(db, new LocalMediaStorage(mediaDir(dataDir)), new Date('2024-05-03T12:00:00Z'), {
        images: false,
      });
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

describe('sahifa ingest (CLI): every format, folders and URLs', () => {
  let dataDir = '';
  const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

  beforeAll(async () => {
    dataDir = tempDataDir();
    const db = openDatabase({ sqlitePath: path.join(dataDir, 'sahifa.sqlite') });
    try {
      await migrateToLatest(db);
      await seedDemoContent(db, new LocalMediaStorage(mediaDir(dataDir)), new Date('2024-05-03T12:00:00Z'), {
        images: false,
      });
    } finally {
      await db.destroy();
    }
  });

  it('reads a folder of RSS, Atom, ninjs 3 and NewsML, a URL, and refuses XXE; the summary counts failures with reasons', async () => {
    const folder = path.join(dataDir, 'drop');
    mkdirSync(folder);
    for (const name of ['rss.xml', 'atom.xml', 'newsml-nitf.xml', 'xxe.xml']) {
      copyFileSync(path.join(fixtures, name), path.join(folder, name));
    }
    const server = await startFeedServer({
      '/ninjs': serve(() => readFileSync(path.join(fixtures, 'ninjs3.json'), 'utf8'), 'application/json'),
    });
    try {
      // The feed server is on 127.0.0.1: refused unless the operator allows it.
      const refused = await runCli(['ingest', '--edition', 'en', server.url('/ninjs')], dataDir);
      expect(refused.stderr.trim()).toBe(`${server.url('/ninjs')}: could not fetch: address not allowed`);
      const run = await runCli(['ingest', '--edition', 'en', folder, server.url('/ninjs')], dataDir, '', {
        OUTBOUND_ALLOW: '127.0.0.1',
      });
      const lines = run.stdout.trim().split('\n');
      // The ninjs document's good item goes in beside its bad one.
      expect(lines.at(-1)).toBe('created 6, updated 0, unchanged 0, failed 3');
      expect(lines.filter((line) => line.startsWith('created '))).toHaveLength(7);
      expect(run.stderr.trim().split('\n').sort()).toEqual(
        [
          `${path.join(folder, 'rss.xml')}: [2]: title: required`,
          `${path.join(folder, 'xxe.xml')}: entity declarations are not allowed`,
          `${server.url('/ninjs')}: [1]: headlines: required`,
        ].sort(),
      );
      expect(run.code).toBe(1);
      const again = await runCli(['ingest', '--edition', 'en', path.join(folder, 'atom.xml')], dataDir);
      expect(again.stdout.trim().split('\n').at(-1)).toBe('created 0, updated 0, unchanged 2, failed 0');
    } finally {
      await server.close();
    }
  }, 120_000);

  it('adds, lists and removes feeds', async () => {
    // A drop folder only inside the drop root (DATA_DIR/wire-drop here), never the data folder itself.
    const refusedFolder = await runCli(
      ['feed', 'add', '--name', 'Data', '--source', dataDir, '--edition', 'en'],
      dataDir,
    );
    expect(refusedFolder.code).toBe(1);
    expect(refusedFolder.stderr.trim()).toBe(
      `Cannot add the feed: A drop folder must be inside the wire drop folder ${path.join(dataDir, 'wire-drop')} (not the data folder or its media).`,
    );
    const dropFolder = path.join(dataDir, 'wire-drop', 'levant');
    const added = await runCli(
      [
        'feed',
        'add',
        '--name',
        'Drop',
        '--source',
        dropFolder,
        '--edition',
        'en',
        '--mode',
        'publish',
        '--interval',
        '2',
      ],
      dataDir,
    );
    expect(added.stderr).toBe('');
    const id = /^added feed ([0-9a-z]{20}) \(Drop\)$/.exec(added.stdout.trim())?.[1];
    expect(id).toBeDefined();
    const listed = await runCli(['feed', 'list'], dataDir);
    expect(listed.stdout).toContain(`${id}\tDrop\ten\tpublish\tauto\t2min\t${dropFolder}\tnot polled yet`);
    expect(existsSync(dropFolder)).toBe(true);
    const refused = await runCli(
      ['feed', 'add', '--name', 'X', '--source', 'https://x.example/f', '--edition', 'en', '--interval', '0'],
      dataDir,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'Cannot add the feed: pollMinutes: Enter a whole number of minutes from 1 to 1440.',
    );
    const nowhere = await runCli(
      ['feed', 'add', '--name', 'X', '--source', dropFolder, '--edition', 'zz'],
      dataDir,
    );
    expect(nowhere.stderr.trim()).toBe('Cannot add the feed: Choose an edition you work in.');
    expect((await runCli(['feed', 'remove', id ?? ''], dataDir)).stdout.trim()).toBe(`removed feed ${id}`);
    expect((await runCli(['feed', 'list'], dataDir)).stdout).toBe('');
  }, 120_000);
});
