// Start-up refusals an operator can act on: a read-only or full DATA_DIR, a damaged SQLite file.
// Each names the path and the cause, exits non-zero, and prints no stack trace.
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedFixture } from '../../src/articles/testing.js';
import { migrateToLatest, openDatabase } from '../../src/db/connect.js';
import { isRoot, removeTempDirs, spawnServe, tempDir } from './harness.js';

const mounts: string[] = [];
afterAll(() => {
  for (const dir of mounts) execFileSync('umount', [dir]);
  removeTempDirs();
});

/** `sahifa serve` that must refuse to start: its exit code and what it printed. */
async function refusedStart(env: Record<string, string>) {
  const instance = await spawnServe(env);
  const timer = setTimeout(() => instance.process.kill('SIGKILL'), 90_000);
  const { code } = await instance.exited;
  clearTimeout(timer);
  return { code, output: instance.output() };
}

function expectPlainRefusal(result: { code: number | null; output: string }, message: RegExp) {
  expect(result.code, result.output).not.toBe(0);
  expect(result.code, result.output).not.toBeNull();
  expect(result.output).toMatch(message);
  // A sentence, not stack trace soup.
  expect(result.output).not.toMatch(/^\s+at /m);
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A tmpfs mounted at a new folder (root only): a real read-only or full file system. */
function mountTmpfs(name: string, options: string): string {
  const dir = tempDir(name);
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

describe('start-up refusals', () => {
  it('refuses a read-only DATA_DIR, naming it and the cause', async () => {
    // Root ignores permission bits: a read-only mount is the real thing. Others get a folder without write permission.
    const dataDir = isRoot ? mountTmpfs('readonly', 'ro,size=1m') : tempDir('readonly');
    if (!isRoot) chmodSync(dataDir, 0o555);
    const result = await refusedStart({ DATA_DIR: dataDir });
    expectPlainRefusal(
      result,
      new RegExp(
        `DATA_DIR ${literal(dataDir)} is not writable: ${isRoot ? 'read-only file system \\(EROFS\\)' : 'permission denied \\(EACCES\\)'}`,
      ),
    );
  }, 120_000);

  it.skipIf(!isRoot)(
    'refuses a full DATA_DIR, naming it and the cause (root: needs a tmpfs mount)',
    async () => {
      const dataDir = mountTmpfs('full', 'size=256k');
      // Fill it up.
      const fd = openSync(path.join(dataDir, 'filler'), 'w');
      try {
        for (;;) writeSync(fd, Buffer.alloc(4096, 1));
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      } finally {
        closeSync(fd);
      }
      const result = await refusedStart({ DATA_DIR: dataDir });
      expectPlainRefusal(
        result,
        new RegExp(`DATA_DIR ${literal(dataDir)} is full: no space left on device \\(ENOSPC\\)`),
      );
    },
    120_000,
  );

  it('refuses a SQLite file damaged in the middle, naming the file', async () => {
    const dataDir = tempDir('corrupt');
    const file = path.join(dataDir, 'sahifa.sqlite');
    const db = openDatabase({ sqlitePath: file });
    await migrateToLatest(db);
    await seedFixture(db, dataDir);
    await db.destroy();
    const { size } = statSync(file);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(3 * 4096, 0x5a), 0, 3 * 4096, Math.floor(size / 4096 / 2) * 4096);
    closeSync(fd);
    const result = await refusedStart({ DATA_DIR: dataDir });
    expectPlainRefusal(result, new RegExp(`The database file ${literal(file)} failed its integrity check: `));
  }, 120_000);

  it('refuses a file that is not a database, naming it', async () => {
    const dataDir = tempDir('notadb');
    const file = path.join(dataDir, 'sahifa.sqlite');
    writeFileSync(file, Buffer.alloc(64 * 1024, 0x42));
    const result = await refusedStart({ DATA_DIR: dataDir });
    expectPlainRefusal(
      result,
      new RegExp(
        `The database file ${literal(file)} failed its integrity check: the file is not a SQLite database`,
      ),
    );
  }, 120_000);
});
