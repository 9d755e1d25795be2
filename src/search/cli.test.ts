// `sahifa search reindex` as an operator runs it: the real CLI in a child process, on SQLite in DATA_DIR.
import path from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedFixture } from '../articles/testing.js';
import { runCli } from '../cli/testing.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import type { Db } from '../db/schema.js';
import { tempDataDir } from '../http/testing.js';
import { searchDeskArticles } from './search.js';

async function withDb<T>(dataDir: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase({ sqlitePath: path.join(dataDir, 'sahifa.sqlite') });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

describe('sahifa search reindex (CLI)', () => {
  let dataDir = '';

  beforeAll(async () => {
    dataDir = tempDataDir();
    await withDb(dataDir, async (db) => {
      await migrateToLatest(db);
      await seedFixture(db, dataDir);
      // An index lost or damaged outside the app (e.g. restored from an old backup).
      await sql`DELETE FROM search_fts`.execute(db);
      await sql`DELETE FROM search_documents`.execute(db);
    });
  });

  it('rebuilds the index with plain progress lines when not on a terminal', async () => {
    const find = () =>
      withDb(dataDir, (db) => searchDeskArticles(db, { query: 'إسطنبول', editions: 'all', limit: 5 }));
    expect(await find()).toHaveLength(0);
    const run = await runCli(['search', 'reindex'], dataDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('indexed 27/27');
    expect(lines[1]).toMatch(/^reindexed 27 articles in \d+\.\d s$/);
    expect(await find()).toHaveLength(1);
  });

  it('reindexes one edition, and refuses an unknown or malformed one', async () => {
    const one = await runCli(['search', 'reindex', '--edition', 'en'], dataDir);
    expect(one.stdout).toContain('reindexed 1 articles of en');
    expect(one.code).toBe(0);
    const unknown = await runCli(['search', 'reindex', '--edition', 'fr'], dataDir);
    expect(unknown.stderr.trim()).toBe('--edition: no edition fr');
    expect(unknown.code).toBe(1);
    const malformed = await runCli(['search', 'reindex', '--edition', 'EN!'], dataDir);
    expect(malformed.stderr.trim()).toContain('--edition: two or three lowercase letters');
    expect(malformed.code).toBe(1);
  });
});
