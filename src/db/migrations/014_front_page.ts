import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * The front page as editors arrange it, per edition:
 * - `front_pins`: stories pinned to a page. `scope` is '' for the edition's
 *   home or a section id for that section's page; `slot` is 'lead' (one per
 *   page, position 0) or 'top' (the top-stories group, in `position` order).
 *   No foreign key to articles: a pin to an article that is gone, not
 *   published or elsewhere is skipped when the page is built.
 * - `front_sections`: the order of section blocks on the home page; sections
 *   not listed follow in navigation order.
 * - `breaking_lines`: at most one breaking line per edition, shown until `expires_at`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('front_pins')
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('scope', 'varchar(32)', (c) => c.notNull())
    .addColumn('article_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('slot', 'varchar(8)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('pinned_by', 'varchar(32)')
    .addColumn('pinned_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('front_pins_pk', ['edition_code', 'scope', 'article_id'])
    .execute();
  await db.schema
    .createIndex('front_pins_by_slot')
    .on('front_pins')
    .columns(['edition_code', 'scope', 'slot', 'position'])
    .execute();
  await db.schema
    .createTable('front_sections')
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('section_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('front_sections_pk', ['edition_code', 'section_id'])
    .execute();
  await db.schema
    .createTable('breaking_lines')
    .addColumn('edition_code', 'varchar(16)', (c) => c.primaryKey())
    .addColumn('text', 'varchar(200)', (c) => c.notNull())
    .addColumn('link_url', 'varchar(2000)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('set_by', 'varchar(32)')
    .addColumn('set_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('breaking_lines').execute();
  await db.schema.dropTable('front_sections').execute();
  await db.schema.dropTable('front_pins').execute();
}
