import { sql } from 'kysely';
import { isPostgres } from './connect.js';
import type { Db } from './schema.js';

/**
 * Runs `work` in the caller's transaction when `db` is one already (Kysely
 * does not nest them), else in a new one: a workflow function is one
 * transaction whether it is called alone or inside a larger write.
 */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Makes writers of one thing (a front page, a thread) take turns until the
 * transaction ends. PostgreSQL's READ COMMITTED lets two transactions read
 * the same rows and rewrite them one after the other, the second undoing the
 * first; a transaction-scoped advisory lock on the key's hash serializes them.
 * SQLite runs one write transaction at a time already.
 */
export async function lockForWrite(trx: Db, key: string): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}
