import type { Db } from './schema.js';

/**
 * Runs `work` in the caller's transaction when `db` is one already (Kysely
 * does not nest them), else in a new one: a workflow function is one
 * transaction whether it is called alone or inside a larger write.
 */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
