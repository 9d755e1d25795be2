import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import type { Database, Db } from './schema.js';
import { SahifaSqliteDialect } from './sqlite-dialect.js';

export interface DatabaseOptions {
  /** postgres://… to use PostgreSQL; otherwise SQLite at `sqlitePath`. */
  url?: string | undefined;
  /** A file path, or ':memory:'. */
  sqlitePath?: string;
  /** PostgreSQL schema to use (tests isolate themselves in one). */
  schema?: string;
  poolSize?: number;
  /** PostgreSQL: how long to wait for a new connection before the query fails (ms). */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: told of connection errors that no query is waiting for (a
   * restart terminating idle or checked-out connections). They are otherwise
   * emitted as 'error' events, which end the process when nobody listens.
   */
  onConnectionError?: (error: Error) => void;
}

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
}

/** The pg pool behind each PostgreSQL Db, for its figures (metrics); SQLite has none. */
const pools = new WeakMap<Db, pg.Pool>();

/** Connections of a PostgreSQL Db's pool: open, idle, and queries waiting for one; undefined on SQLite. */
export function poolUse(db: Db): { total: number; idle: number; waiting: number } | undefined {
  const pool = pools.get(db);
  return pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

export function openDatabase(options: DatabaseOptions): Db {
  if (options.url) {
    const pool = postgresPool(options);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    pools.set(db, pool);
    return db;
  }
  const file = options.sqlitePath ?? ':memory:';
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SahifaSqliteDialect({ database: withStatementCache(sqlite) }) });
}

/**
 * Kysely prepares every query anew; preparing costs as much as running a small
 * query, so statements are kept by their SQL text (a bounded, oldest-out cache).
 * Safe because Kysely runs each statement to completion (`all`/`run`) before the next.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 1000) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value ?? '');
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

function postgresPool(options: DatabaseOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    // BIGINT (int8) and NUMERIC come back as strings by default; our bigints are sequence numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const onError = options.onConnectionError ?? (() => {});
  // The pool listens on idle clients only; a client checked out (by a request, a transaction,
  // a job) that loses its server emits 'error' too, and with no listener that ends the process.
  // The query in flight, if any, fails on its own; the pool drops the broken client on release.
  pool.on('error', onError);
  pool.on('connect', (client) => {
    client.on('error', onError);
  });
  return pool;
}

/** Runs every pending migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Db): Promise<void> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one; with several
  // schemas in one database (tests, or two sites) it would find another's and fail.
  const schema = isPostgres(db)
    ? (await sql<{ name: string }>`select current_schema() as name`.execute(db)).rows[0]?.name
    : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}

/**
 * The database is away (restarting, unreachable, refusing connections), as
 * opposed to a query being wrong: worth a 503 and a retry, not a 500.
 */
export function isConnectionError(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now; class 08: connection exceptions.
    if (/^(57P0[123]|08...)$/.test(code)) return true;
    if (/^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/.test(code)) {
      return true;
    }
    const message = e instanceof Error ? e.message : '';
    if (
      /^Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed/i.test(
        message,
      )
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Text PostgreSQL cannot store: a NUL byte (22021) or characters with no
 * equivalent in the server encoding (22P05). The request is at fault: a 400.
 */
export function isInvalidTextError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}

/**
 * A write refused by a unique constraint (SQLite or PostgreSQL): what a
 * check-then-insert race ends in, to be answered like the check would have.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
