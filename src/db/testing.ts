import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { migrateToLatest, openDatabase } from './connect.js';
import type { Db } from './schema.js';

/**
 * Runs a block of tests once on SQLite and once on PostgreSQL. PostgreSQL
 * needs TEST_DATABASE_URL; without it those tests are skipped with a message,
 * unless SAHIFA_REQUIRE_POSTGRES=1 (as in .ci/run), which makes that an error.
 * Each block gets a fresh, migrated database: in memory for SQLite, a
 * throw-away schema for PostgreSQL.
 */
export function describeEachDatabase(title: string, body: (db: () => Db) => void): void {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.SAHIFA_REQUIRE_POSTGRES === '1') {
    throw new Error(
      'SAHIFA_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: PostgreSQL tests would be skipped',
    );
  }
  for (const kind of ['sqlite', 'postgres'] as const) {
    const skip = kind === 'postgres' && !url;
    const label = skip ? `${title} [postgres: skipped, set TEST_DATABASE_URL to run]` : `${title} [${kind}]`;
    describe.skipIf(skip)(label, () => {
      let db: Db | undefined;
      let drop: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const opened =
          kind === 'sqlite'
            ? { db: openDatabase({ sqlitePath: ':memory:' }) }
            : await openPostgresSchema(url ?? '');
        db = opened.db;
        drop = 'drop' in opened ? opened.drop : undefined;
        await migrateToLatest(db);
      });
      afterAll(async () => {
        await db?.destroy();
        await drop?.();
      });
      body(() => {
        if (!db) throw new Error('database not open yet');
        return db;
      });
    });
  }
}

/** A new schema in the test database, and a function that drops it. */
export async function openPostgresSchema(
  url: string,
): Promise<{ db: Db; drop: () => Promise<void>; schema: string }> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase({ url, poolSize: 1 });
  try {
    await admin.schema.createSchema(schema).execute();
  } finally {
    await admin.destroy();
  }
  const db = openDatabase({ url, schema, poolSize: 4 });
  const drop = async () => {
    const cleanup = openDatabase({ url, poolSize: 1 });
    try {
      await cleanup.schema.dropSchema(schema).cascade().execute();
    } finally {
      await cleanup.destroy();
    }
  };
  return { db, drop, schema };
}
