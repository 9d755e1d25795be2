import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * An agency's name in an edition language ("وكالة أنباء المشرق" for ar),
 * credited in bylines and on its page in editions of that language. Without
 * a row for a language, the agency's main name (agencies.name) is used.
 * `language` is a BCP-47 tag as editions store it (ar, en, en-GB).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agency_names')
    .addColumn('agency_id', 'varchar(32)', (c) => c.notNull().references('agencies.id').onDelete('cascade'))
    .addColumn('language', 'varchar(35)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agency_names_pk', ['agency_id', 'language'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('agency_names').execute();
}
