import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * How far each running instance's own page cache has read the change log:
 * `last_seq` is the newest change whose pages it has dropped, `seen_at` when
 * it last said so. The CDN purger waits until every instance heard from
 * lately is at a change before purging it at the CDN; otherwise the CDN
 * would fetch the old page again from an instance that still holds it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cdn_instance_syncs')
    .addColumn('instance_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('seen_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cdn_instance_syncs').execute();
}
