import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * Live coverage: an article with the "live" format carries a stream of short
 * timestamped entries (src/live).
 * - `articles.format`: 'standard' or 'live' (set through the article door).
 * - `live_coverages`: one row per live article: open or closed, when it
 *   started and ended, and `last_seq`, the number of the newest entry (entries
 *   are numbered in the order they committed, so "entries after N" misses none).
 * - `live_entries`: an entry's title, sanitized body, author (a contributor),
 *   flags (pinned, key event), its version, and the article it was turned into.
 * - `live_entry_revisions`: every version of every entry, as JSON.
 * - `breaking_lines.live_article_id`: the live coverage an edition's breaking
 *   line points to (its link and the "LIVE" label come from it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('format', 'varchar(16)', (c) => c.notNull().defaultTo('standard'))
    .execute();

  await db.schema
    .createTable('live_coverages')
    .addColumn('article_id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('state', 'varchar(8)', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('started_by', 'varchar(32)')
    .addColumn('ended_at', 'varchar(32)')
    .addColumn('ended_by', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('live_coverages_by_edition')
    .on('live_coverages')
    .columns(['edition_code', 'state', 'started_at'])
    .execute();

  await db.schema
    .createTable('live_entries')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('article_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('contributor_id', 'varchar(32)')
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('key_event', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('spun_off_article_id', 'varchar(32)')
    .addColumn('created_by', 'varchar(32)')
    .addColumn('published_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('live_entries_seq', ['article_id', 'seq'])
    .execute();

  await db.schema
    .createTable('live_entry_revisions')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('entry_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('article_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(32)')
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('live_entry_revisions_version', ['entry_id', 'version'])
    .execute();

  await db.schema.alterTable('breaking_lines').addColumn('live_article_id', 'varchar(32)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('breaking_lines').dropColumn('live_article_id').execute();
  await db.schema.dropTable('live_entry_revisions').execute();
  await db.schema.dropTable('live_entries').execute();
  await db.schema.dropTable('live_coverages').execute();
  await db.schema.alterTable('articles').dropColumn('format').execute();
}
