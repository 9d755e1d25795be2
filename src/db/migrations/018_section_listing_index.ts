import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * A section's newest public stories (its block on the home page, its own page):
 * the query names the section, the edition, the status and a publication time
 * bound, newest first. With only `articles_listing` (edition, status, time)
 * it walks the whole edition's stories newest first and reads each row to see
 * its section, far down for a section that publishes seldom; this index finds
 * the section's own stories, already in order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('articles_section_listing')
    .on('articles')
    .columns(['section_id', 'edition_code', 'status', 'first_published_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('articles_section_listing').execute();
}
