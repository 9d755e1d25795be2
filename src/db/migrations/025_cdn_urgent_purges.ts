import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * Purges that wait for nothing: a kill, an unpublish or a deletion writes its
 * tags here in its own transaction (besides the change log), and every
 * instance's purger sends them at once, ahead of the change-log backlog and
 * outside its batches and its backoff. A row is claimed (`claimed_by` until
 * `claimed_until`) by one instance, deleted once purged; a failed one is
 * retried within seconds (`attempts`, `next_attempt_at`, `last_error`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cdn_urgent_purges')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('claimed_by', 'varchar(64)')
    .addColumn('claimed_until', 'varchar(32)')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(32)')
    .addColumn('last_error', 'varchar(500)')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cdn_urgent_purges').execute();
}
