import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once merged: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('editions')
    .addColumn('code', 'varchar(16)', (c) => c.primaryKey())
    .addColumn('language', 'varchar(35)', (c) => c.notNull())
    .addColumn('direction', 'varchar(3)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('date_style', 'varchar(32)', (c) => c.notNull())
    .addColumn('digits', 'varchar(8)', (c) => c.notNull())
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('social_links', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sections')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
    .addColumn('slug', 'varchar(200)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('sections_edition_slug', ['edition_code', 'slug'])
    .execute();

  await db.schema
    .createTable('topics')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
    .addColumn('slug', 'varchar(200)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('topics_edition_slug', ['edition_code', 'slug'])
    .execute();

  await db.schema
    .createTable('contributors')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('agencies')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('copyright_line', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('url', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('media')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('credit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('copyright', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('renditions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
    .addColumn('slug', 'varchar(300)', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lead_media_id', 'varchar(32)', (c) => c.references('media.id'))
    .addColumn('section_id', 'varchar(32)', (c) => c.references('sections.id'))
    .addColumn('copyright', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('translation_group', 'varchar(32)')
    .addColumn('first_published_at', 'varchar(32)')
    .addColumn('last_updated_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('modified_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('source_uri', 'text')
    .addColumn('source_version', 'integer')
    // Last on purpose: SQLite stores a long body in overflow pages, and every
    // column after it would cost a walk along that chain when listing articles.
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('articles_edition_slug', ['edition_code', 'slug'])
    .execute();
  await db.schema
    .createIndex('articles_listing')
    .on('articles')
    .columns(['edition_code', 'status', 'first_published_at', 'id'])
    .execute();
  await db.schema
    .createIndex('articles_section')
    .on('articles')
    .columns(['section_id', 'status', 'first_published_at'])
    .execute();
  await db.schema.createIndex('articles_translation').on('articles').column('translation_group').execute();
  await db.schema
    .createIndex('articles_source')
    .on('articles')
    .columns(['edition_code', 'source_uri'])
    .unique()
    .execute();

  await db.schema
    .createTable('article_topics')
    .addColumn('article_id', 'varchar(32)', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('topic_id', 'varchar(32)', (c) => c.notNull().references('topics.id'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('article_topics_pk', ['article_id', 'topic_id'])
    .execute();
  await db.schema.createIndex('article_topics_topic').on('article_topics').columns(['topic_id']).execute();

  await db.schema
    .createTable('article_bylines')
    .addColumn('article_id', 'varchar(32)', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('contributor_id', 'varchar(32)', (c) => c.references('contributors.id'))
    .addColumn('agency_id', 'varchar(32)', (c) => c.references('agencies.id'))
    .addPrimaryKeyConstraint('article_bylines_pk', ['article_id', 'position'])
    .execute();
  await db.schema
    .createIndex('article_bylines_contributor')
    .on('article_bylines')
    .column('contributor_id')
    .execute();
  await db.schema.createIndex('article_bylines_agency').on('article_bylines').column('agency_id').execute();

  // A log of content changes: every instance (and the CLI) appends to it, and
  // every instance reads it to purge its in-process page cache precisely.
  await sql
    .raw(
      postgres
        ? 'CREATE TABLE content_changes (seq BIGSERIAL PRIMARY KEY, tags TEXT NOT NULL, created_at VARCHAR(32) NOT NULL)'
        : 'CREATE TABLE content_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, tags TEXT NOT NULL, created_at VARCHAR(32) NOT NULL)',
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'content_changes',
    'article_bylines',
    'article_topics',
    'articles',
    'media',
    'agencies',
    'contributors',
    'topics',
    'sections',
    'editions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
