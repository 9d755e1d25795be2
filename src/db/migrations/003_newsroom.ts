import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Optimistic locking: every save names the version it started from.
  await db.schema
    .alterTable('articles')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('articles').addColumn('scheduled_at', 'varchar(32)').execute();

  await db.schema
    .createTable('article_revisions')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('article_id', 'varchar(32)', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    /** JSON snapshot of the editable fields at this version. */
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addUniqueConstraint('article_revisions_version', ['article_id', 'version'])
    .execute();

  await db.schema
    .createTable('article_corrections')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('article_id', 'varchar(32)', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_id', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('article_corrections_article')
    .on('article_corrections')
    .column('article_id')
    .execute();

  // Old slugs keep working: a request for one redirects to the article's current address.
  await db.schema
    .createTable('slug_redirects')
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('slug', 'varchar(300)', (c) => c.notNull())
    .addColumn('article_id', 'varchar(32)', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('slug_redirects_pk', ['edition_code', 'slug'])
    .execute();

  // Durable jobs (scheduled publishing first): claimed by one instance at a time.
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('run_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'varchar(32)')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_at']).execute();
  await db.schema.createIndex('jobs_subject').on('jobs').columns(['kind', 'subject_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['jobs', 'slug_redirects', 'article_corrections', 'article_revisions']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('articles').dropColumn('scheduled_at').execute();
  await db.schema.alterTable('articles').dropColumn('version').execute();
}
