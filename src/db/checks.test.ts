import { closeSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { seedFixture } from '../articles/testing.js';
import { tempDataDir } from '../http/testing.js';
import {
  assertIntact,
  checkDataDir,
  explainSqliteFailure,
  fileIntegrityProblem,
  integrityProblem,
  StartupError,
} from './checks.js';
import { migrateToLatest, openDatabase } from './connect.js';

/** A migrated SQLite file with some content, closed. */
async function databaseFile(): Promise<string> {
  const dir = tempDataDir();
  const file = path.join(dir, 'sahifa.sqlite');
  const db = openDatabase({ sqlitePath: file });
  await migrateToLatest(db);
  await seedFixture(db, dir);
  await db.destroy();
  return file;
}

describe('SQLite integrity', () => {
  it('finds a sound file sound', async () => {
    const file = await databaseFile();
    const db = openDatabase({ sqlitePath: file });
    try {
      expect(await integrityProblem(db)).toBeUndefined();
      expect(fileIntegrityProblem(file)).toBeUndefined();
      await assertIntact(db, file);
    } finally {
      await db.destroy();
    }
  });

  it('finds a file damaged in the middle, and refuses it naming the file', async () => {
    const file = await databaseFile();
    const { size } = statSync(file);
    const pageSize = 4096;
    expect(size).toBeGreaterThan(pageSize * 8);
    // Garbage over the pages of a content table; the schema's pages are left alone (where they lie
    // depends on how many tables the migrations make), so the file still opens.
    const reader = new SqliteDatabase(file, { readonly: true });
    const { rootpage } = reader
      .prepare("select rootpage from sqlite_master where type = 'table' and name = 'articles'")
      .get() as { rootpage: number };
    reader.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
    closeSync(fd);
    const db = openDatabase({ sqlitePath: file });
    try {
      const problem = await integrityProblem(db);
      expect(problem).toBeTruthy();
      expect(fileIntegrityProblem(file)).toBeTruthy();
      const refusal = await assertIntact(db, file).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(StartupError);
      expect((refusal as Error).message).toContain(`The database file ${file} failed its integrity check`);
    } finally {
      await db.destroy();
    }
  });

  it('names the file when it is not a database at all', async () => {
    const file = path.join(tempDataDir(), 'sahifa.sqlite');
    writeFileSync(file, Buffer.alloc(64 * 1024, 0x42));
    const opened = (() => {
      try {
        return openDatabase({ sqlitePath: file });
      } catch (error) {
        return error;
      }
    })();
    // better-sqlite3 reads the header on the first statement (the WAL pragma at open).
    expect(opened).toBeInstanceOf(Error);
    const explained = explainSqliteFailure(opened, file);
    expect(explained).toBeInstanceOf(StartupError);
    expect((explained as Error).message).toMatch(
      new RegExp(`^The database file ${file} failed its integrity check: the file is not a SQLite database`),
    );
  });
});

describe('DATA_DIR', () => {
  it('accepts a writable folder, creating it if missing, and leaves nothing behind', () => {
    const dir = path.join(tempDataDir(), 'new', 'data');
    checkDataDir(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it('refuses a path that is a file, naming it and the cause', () => {
    const file = path.join(tempDataDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    expect(() => checkDataDir(file)).toThrow(StartupError);
    expect(() => checkDataDir(file)).toThrow(
      new RegExp(`^DATA_DIR ${file} is not writable: .*\\((EEXIST|ENOTDIR)\\)`),
    );
  });
});
