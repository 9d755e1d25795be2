// kill -9 in the middle of `sahifa ingest`: the database is left consistent (every article whole,
// with its search row and its wire item; nothing half-written), and running the same ingest again
// files the rest without a single duplicate.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { seedEditions } from '../../src/accounts/testing.js';
import { migrateToLatest, openDatabase } from '../../src/db/connect.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FILES = 40;
const PER_FILE = 50;
const TOTAL = FILES * PER_FILE;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sahifa-fault-ingest-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function ingest(folder: string) {
  const child = spawn(process.execPath, ['bin/sahifa.js', 'ingest', '--publish', '--edition', 'en', folder], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PUBLIC_URL: 'https://news.example',
      DEMO_CONTENT: 'off',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Read-only looks at the database while (or after) the CLI writes it. */
function look<T>(read: (db: Database.Database) => T): T | undefined {
  const db = new Database(path.join(dataDir, 'sahifa.sqlite'), { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    return read(db);
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

const count = (db: Database.Database, sql: string) => (db.prepare(sql).get() as { n: number }).n;

function consistency(db: Database.Database) {
  return {
    integrity: db.pragma('integrity_check', { simple: true }),
    articles: count(db, 'select count(*) as n from articles'),
    withoutSearchRow: count(
      db,
      'select count(*) as n from articles a where not exists (select 1 from search_documents s where s.article_id = a.id)',
    ),
    withoutWireItem: count(
      db,
      'select count(*) as n from articles a where not exists (select 1 from wire_items w where w.uri = a.source_uri)',
    ),
    itemsWithoutVersion: count(
      db,
      'select count(*) as n from wire_items w where not exists (select 1 from wire_item_versions v where v.id = w.current_version_id)',
    ),
    duplicates: count(
      db,
      'select count(*) as n from (select source_uri from articles group by edition_code, source_uri having count(*) > 1) d',
    ),
    withRevision: count(
      db,
      'select count(*) as n from articles a where exists (select 1 from article_revisions r where r.article_id = a.id)',
    ),
  };
}

describe('fault: kill -9 mid-ingest', () => {
  it('leaves every article whole, and a rerun files the rest without duplicates', async () => {
    const db = openDatabase({ sqlitePath: path.join(dataDir, 'sahifa.sqlite') });
    try {
      await migrateToLatest(db);
      await seedEditions(db, new Date('2024-05-01T00:00:00Z'));
    } finally {
      await db.destroy();
    }
    const folder = path.join(dataDir, 'incoming');
    mkdirSync(folder);
    for (let f = 0; f < FILES; f++) {
      const items = Array.from({ length: PER_FILE }, (_, i) => ({
        uri: `urn:fault:${f}:${i}`,
        version: 1,
        headline: `Fault item ${f}-${i}: harbour pilots and port workers`,
        language: 'en',
        body_html: `<p>${'Paragraph of wire copy. '.repeat(40)}</p>`,
        subject: [{ name: `Topic ${i % 7}` }],
        // Distinct times: SQLite's search index has room for 1,024 articles per millisecond of publication.
        versioncreated: new Date(Date.UTC(2024, 4, 1, 10) + (f * PER_FILE + i) * 1000).toISOString(),
      }));
      writeFileSync(path.join(folder, `batch-${String(f).padStart(3, '0')}.json`), JSON.stringify(items));
    }

    const first = ingest(folder);
    let killedAt = 0;
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      const n = look((d) => count(d, 'select count(*) as n from articles')) ?? 0;
      if (n >= 150) {
        first.child.kill('SIGKILL');
        killedAt = n;
        break;
      }
      if (first.child.exitCode !== null) break;
      await sleep(25);
    }
    const ended = await first.exited;
    expect(ended.signal, JSON.stringify(first.output())).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(0);

    const after = look(consistency);
    expect(after).toMatchObject({
      integrity: 'ok',
      withoutSearchRow: 0,
      withoutWireItem: 0,
      itemsWithoutVersion: 0,
      duplicates: 0,
    });
    const partial = after?.articles ?? 0;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(TOTAL);
    // Revisions are written with the article or not at all: never for some of them only.
    expect([0, partial]).toContain(after?.withRevision);

    const rerun = ingest(folder);
    const done = await rerun.exited;
    const { stdout, stderr } = rerun.output();
    expect(done.code, stderr).toBe(0);
    expect(stdout.trim().split('\n').at(-1)).toBe(
      `created ${TOTAL - partial}, updated 0, unchanged ${partial}, failed 0`,
    );
    const final = look(consistency);
    expect(final).toMatchObject({
      integrity: 'ok',
      articles: TOTAL,
      withoutSearchRow: 0,
      withoutWireItem: 0,
      itemsWithoutVersion: 0,
      duplicates: 0,
    });
    expect([0, TOTAL]).toContain(final?.withRevision);
  }, 300_000);
});
