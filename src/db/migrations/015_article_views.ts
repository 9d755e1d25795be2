import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * Readers' views of articles, counted per article and hour (src/readership).
 * Nothing about the reader is stored: no address, no browser, no cookie; only
 * how many counted views an article had in the hour starting at `hour`
 * (an ISO-8601 UTC string, e.g. 2026-12-01T05:00:00.000Z).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('article_views')
    .addColumn('article_id', 'varchar(32)', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('hour', 'varchar(32)', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_views_pk', ['article_id', 'hour'])
    .execute();
  // Most read sums the last 24 hours of every article.
  await db.schema
    .createIndex('article_views_hour')
    .on('article_views')
    .columns(['hour', 'article_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('article_views').execute();
}
