import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * Advertising (src/ads).
 * - `ad_campaigns`: house ads. `kind` image (a `media` row with renditions) or
 *   text; `link_url` where a click goes (http or https); `starts_at` and
 *   optional `ends_at` (ISO-8601 UTC); `editions` and `sections` JSON arrays
 *   of codes and ids (`sections` empty: every section); `weight` its share
 *   among campaigns eligible for a slot; `max_per_page` how many slots of one
 *   page it may fill; `active` 0 when paused.
 * - `ad_counts`: impressions and clicks per campaign and UTC day; nothing about readers.
 * - `ad_settings`: an edition's slots (JSON), its minimum words for ads
 *   inside an article, third-party tag scripts and the hosts they may load from.
 * - `ad_texts`: the site's /ads.txt and /app-ads.txt.
 * - `articles.sponsor`: the sponsor's name of a sponsored article (null: not sponsored).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ad_campaigns')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('text', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('media_id', 'varchar(32)', (c) => c.references('media.id'))
    .addColumn('link_url', 'varchar(2000)', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(32)')
    .addColumn('editions', 'text', (c) => c.notNull())
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('max_per_page', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ad_counts')
    .addColumn('campaign_id', 'varchar(32)', (c) =>
      c.notNull().references('ad_campaigns.id').onDelete('cascade'),
    )
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('impressions', 'integer', (c) => c.notNull())
    .addColumn('clicks', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ad_counts_pk', ['campaign_id', 'day'])
    .execute();

  await db.schema
    .createTable('ad_settings')
    .addColumn('edition_code', 'varchar(16)', (c) => c.primaryKey().references('editions.code'))
    .addColumn('slots', 'text', (c) => c.notNull())
    .addColumn('min_words', 'integer', (c) => c.notNull())
    .addColumn('tag_scripts', 'text', (c) => c.notNull())
    .addColumn('allowed_hosts', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ad_texts')
    .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('articles').addColumn('sponsor', 'varchar(200)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('sponsor').execute();
  await db.schema.dropTable('ad_texts').execute();
  await db.schema.dropTable('ad_settings').execute();
  await db.schema.dropTable('ad_counts').execute();
  await db.schema.dropTable('ad_campaigns').execute();
}
