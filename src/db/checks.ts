/**
 * Checks of the storage the server depends on: that DATA_DIR can be written,
 * that the SQLite file is sound, that every migration has run. Start-up
 * refuses to go on with a plain sentence naming the path and the cause
 * (a `StartupError`); /readyz and the periodic check report the same facts.
 */
import { accessSync, closeSync, constants, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { isPostgres } from './connect.js';
import { migrations } from './migrations/index.js';
import type { Db } from './schema.js';

/** A refusal to start that the operator can act on: the CLI prints its message alone, without a stack. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** Room the probe writes: a start-up on a nearly full disk fails here rather than mid-migration. */
const PROBE_BYTES = 64 * 1024;

const CAUSES: Record<string, string> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a path component is not a directory',
  EEXIST: 'a file of that name is in the way',
  SQLITE_FULL: 'no space left on device',
  SQLITE_READONLY: 'the database file is read-only',
  SQLITE_CANTOPEN: 'the database file cannot be opened',
  SQLITE_CORRUPT: 'the database file is corrupt',
  SQLITE_NOTADB: 'the file is not a SQLite database, or is corrupt',
  SQLITE_IOERR: 'input/output error',
};

/** "read-only file system (EROFS)", from an fs or SQLite error. */
export function describeCause(error: unknown): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const known = CAUSES[code] ?? CAUSES[code.replace(/_[A-Z]+$/, '')];
  if (known) return `${known} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

const isFull = (error: unknown) =>
  /^(ENOSPC|EDQUOT|SQLITE_FULL)/.test(String((error as { code?: unknown } | null)?.code ?? ''));

/**
 * DATA_DIR exists (created if missing) and takes a write that reaches the disk;
 * the SQLite file in it, if there is one, can be written too. Throws a StartupError otherwise.
 */
export function checkDataDir(dataDir: string, databaseFile?: string): void {
  const advice = 'Sahifa keeps its SQLite database and media files there';
  const refuse = (error: unknown, what = `DATA_DIR ${dataDir}`): never => {
    const state = isFull(error) ? 'is full' : 'is not writable';
    throw new StartupError(
      `${what} ${state}: ${describeCause(error)}. ${advice}; ${
        isFull(error) ? 'free some space' : 'mount it read-write or set DATA_DIR to a writable folder'
      }, then start again.`,
      { cause: error },
    );
  };
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    refuse(error);
  }
  const probe = path.join(dataDir, `.write-check-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = openSync(probe, 'w');
    writeSync(fd, Buffer.alloc(PROBE_BYTES));
    fsyncSync(fd);
  } catch (error) {
    refuse(error);
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(probe, { force: true });
  }
  if (databaseFile) {
    try {
      accessSync(databaseFile, constants.W_OK);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') refuse(error, `The database file ${databaseFile}`);
    }
  }
}

/**
 * What opening or migrating the SQLite file failed on, as a StartupError naming
 * the file; other errors (a bug, a bad migration) are returned as they are.
 */
export function explainSqliteFailure(thrown: unknown, file: string): unknown {
  // Migration failures come wrapped (see migrateToLatest): the SQLite error is a cause.
  let error = thrown;
  while (error instanceof Error && !('code' in error) && error.cause) error = error.cause;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (!/^SQLITE_(FULL|READONLY|CANTOPEN|CORRUPT|NOTADB|IOERR)/.test(code)) return thrown;
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return corruptionError(file, describeCause(error), error);
  return new StartupError(
    `The database file ${file} ${isFull(error) ? 'cannot grow' : 'cannot be written'}: ${describeCause(error)}. ${
      isFull(error) ? 'Free some space' : 'Check the file and its folder are writable'
    }, then start again.`,
    { cause: error },
  );
}

function corruptionError(file: string, problem: string, cause?: unknown): StartupError {
  return new StartupError(
    `The database file ${file} failed its integrity check: ${problem}. Stop every instance, restore the file ` +
      `from a backup (or try \`sqlite3 ${file} .recover\`), then start again.`,
    { cause },
  );
}

/**
 * SQLite's `PRAGMA quick_check` (every page and index entry, without comparing
 * index contents): undefined when sound, else what is wrong (a few lines).
 * PostgreSQL checks its own pages; nothing to do there.
 */
export async function integrityProblem(db: Db): Promise<string | undefined> {
  if (isPostgres(db)) return undefined;
  try {
    const { rows } = await sql<Record<string, string>>`pragma quick_check(20)`.execute(db);
    const lines = rows.map((row) => String(Object.values(row)[0]));
    if (lines.length === 1 && lines[0] === 'ok') return undefined;
    return lines.slice(0, 5).join('; ');
  } catch (error) {
    return describeCause(error);
  }
}

/** At start-up: refuses to serve from a damaged SQLite file. */
export async function assertIntact(db: Db, file: string): Promise<void> {
  const problem = await integrityProblem(db);
  if (problem) throw corruptionError(file, problem);
}

/** Migrations this code knows that the database has not run (empty when current). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const known = Object.keys(migrations);
  let done: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    done = new Set(rows.map((r) => r.name));
  } catch (error) {
    // No bookkeeping table yet: nothing has run. Anything else (the database away) is the caller's.
    if (/kysely_migration/.test(String((error as Error).message))) return known;
    throw error;
  }
  return known.filter((name) => !done.has(name)).sort();
}
