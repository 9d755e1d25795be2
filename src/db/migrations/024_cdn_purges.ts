import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * Where the CDN purger stands in the change log (`content_changes`), one row
 * per purge target (today one: 'cdn'). Every instance runs the purger; the
 * one that claims the row (`claimed_by` until `claimed_until`) reads the
 * changes after `last_seq`, purges their tags at the CDN and moves the cursor,
 * so each change is purged once across all instances.
 * - `gaps`: JSON object of seqs jumped over (a PostgreSQL transaction that took
 *   a seq and had not committed yet) and when they were noticed (ms): looked
 *   for again until the change-log window ends.
 * - `attempts`, `next_attempt_at`, `last_error`: the failing batch's retries (backoff).
 * - `failures`: failed purge calls in all, `purged_changes`: changes purged in all.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cdn_purges')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('gaps', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('claimed_by', 'varchar(64)')
    .addColumn('claimed_until', 'varchar(32)')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(32)')
    .addColumn('last_error', 'varchar(500)')
    .addColumn('last_purged_at', 'varchar(32)')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('purged_changes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cdn_purges').execute();
}
