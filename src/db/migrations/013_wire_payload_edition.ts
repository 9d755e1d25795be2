import { type Kysely, sql } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * The edition each stored wire payload came in for (its feed's, or the one
 * given to `sahifa ingest`), so payloads that could not be read are shown
 * only to that edition's users (and admins). Existing rows take their feed's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('wire_item_versions').addColumn('edition_code', 'varchar(16)').execute();
  await sql`
    update wire_item_versions
    set edition_code = (select f.edition_code from wire_feeds f where f.id = wire_item_versions.feed_id)
    where feed_id is not null
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('wire_item_versions').dropColumn('edition_code').execute();
}
