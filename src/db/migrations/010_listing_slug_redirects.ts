import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * Old slugs of renamed sections and agencies, so their public pages (and
 * links to them elsewhere) keep working: the old address answers 301.
 * `scope` is the edition code for sections, '' for agencies (whose slugs are site-wide).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('listing_slug_redirects')
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('scope', 'varchar(16)', (c) => c.notNull())
    .addColumn('slug', 'varchar(200)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('listing_slug_redirects_pk', ['kind', 'scope', 'slug'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('listing_slug_redirects').execute();
}
