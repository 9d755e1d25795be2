import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * Which door an article revision came through: desk, api, wire, scheduler,
 * cli, demo or restore. Revisions saved before this migration came from the desk.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('article_revisions')
    .addColumn('source', 'varchar(16)', (c) => c.notNull().defaultTo('desk'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('article_revisions').dropColumn('source').execute();
}
