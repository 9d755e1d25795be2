import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * The wire desk: configured feeds, every item an agency sent (each version's
 * raw payload kept, failures too), drafts taken from items, and kill alerts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wire_feeds')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    /** 'url' (http/https) or 'folder' (a local drop folder). */
    .addColumn('source_kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    /** 'auto', 'rss', 'atom', 'ninjs' or 'newsml'. */
    .addColumn('format', 'varchar(16)', (c) => c.notNull())
    .addColumn('agency_id', 'varchar(32)', (c) => c.references('agencies.id'))
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
    .addColumn('section_id', 'varchar(32)', (c) => c.references('sections.id'))
    /** 'queue' (editors take items) or 'publish' (published as they come). */
    .addColumn('mode', 'varchar(8)', (c) => c.notNull())
    .addColumn('poll_seconds', 'integer', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_polled_at', 'varchar(32)')
    .addColumn('last_success_at', 'varchar(32)')
    .addColumn('last_error', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_poll_at', 'varchar(32)')
    /** While a poll runs: one instance at a time polls a feed. */
    .addColumn('polling_until', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('wire_items')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('uri', 'text', (c) => c.notNull().unique())
    .addColumn('feed_id', 'varchar(32)')
    .addColumn('agency_id', 'varchar(32)')
    .addColumn('edition_code', 'varchar(16)')
    .addColumn('format', 'varchar(16)', (c) => c.notNull())
    .addColumn('language', 'varchar(35)')
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('byline', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('copyright', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('link', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pub_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('version_created', 'varchar(32)')
    .addColumn('first_created', 'varchar(32)')
    .addColumn('current_version_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('received_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    /** Sanitized on write, like article bodies. Last: see 001 on long columns. */
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // The desk lists newest first; its filters (agency, edition, keyword) read along this index.
  await db.schema.createIndex('wire_items_updated').on('wire_items').columns(['updated_at', 'id']).execute();

  await db.schema
    .createTable('wire_item_versions')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    /** Null when the payload could not be read as an item. */
    .addColumn('item_id', 'varchar(32)')
    /** The item's URI, or "sha256:<hash>" for a payload without one. */
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('payload_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('feed_id', 'varchar(32)')
    .addColumn('format', 'varchar(16)', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer')
    .addColumn('error', 'text')
    .addColumn('received_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    /** Exactly what the agency sent for this item. */
    .addColumn('payload', 'text', (c) => c.notNull())
    .addUniqueConstraint('wire_item_versions_payload', ['source_key', 'payload_hash'])
    .execute();
  // An item's versions; with item_id null, the payloads that could not be read.
  await db.schema
    .createIndex('wire_item_versions_item')
    .on('wire_item_versions')
    .columns(['item_id', 'received_at'])
    .execute();
  await db.schema
    .createTable('wire_takes')
    .addColumn('article_id', 'varchar(32)', (c) =>
      c.primaryKey().references('articles.id').onDelete('cascade'),
    )
    .addColumn('item_id', 'varchar(32)', (c) => c.notNull().references('wire_items.id'))
    /** The version of the item the draft was made from. */
    .addColumn('version_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('taken_by', 'varchar(32)')
    .addColumn('taken_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('wire_takes_item').on('wire_takes').column('item_id').execute();

  await db.schema
    .createTable('wire_alerts')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('item_id', 'varchar(32)', (c) => c.notNull().references('wire_items.id'))
    /** 'withheld' or 'canceled'. */
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    /** JSON array of the ids of articles taken down. */
    .addColumn('unpublished', 'text', (c) => c.notNull().defaultTo('[]'))
    /** JSON array of the ids of drafts taken from the item (left for the editors). */
    .addColumn('taken', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('dismissed_at', 'varchar(32)')
    .addColumn('dismissed_by', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('wire_alerts_open')
    .on('wire_alerts')
    .columns(['dismissed_at', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['wire_alerts', 'wire_takes', 'wire_item_versions', 'wire_items', 'wire_feeds']) {
    await db.schema.dropTable(table).execute();
  }
}
