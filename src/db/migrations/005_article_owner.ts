import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/** Who started an article: writers may edit only their own drafts. Null for wire, CLI and demo copy. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('created_by', 'varchar(32)').execute();
  await db.schema
    .createIndex('articles_created_by')
    .on('articles')
    .columns(['created_by', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('articles_created_by').execute();
  await db.schema.alterTable('articles').dropColumn('created_by').execute();
}
