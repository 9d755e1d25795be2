import { migrateToLatest } from '../db/connect.js';
import type { Db } from '../db/schema.js';
import { openConfiguredDatabase } from '../server.js';
import type { CliContext } from './context.js';

/** Runs a command against the configured, migrated database, and closes it whatever happens. */
export async function withDatabase<T>(cli: CliContext, run: (db: Db) => Promise<T>): Promise<T> {
  const db = openConfiguredDatabase(cli.settings());
  try {
    await migrateToLatest(db);
    return await run(db);
  } finally {
    await db.destroy();
  }
}
