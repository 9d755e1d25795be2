import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * Events (src/events): what is coming, listed per edition, each with its own
 * page and calendar entry.
 * - `events`: one row an event in one edition. `start_local`/`end_local` are
 *   the wall clock as the editor gave it (`YYYY-MM-DDTHH:mm`, or `YYYY-MM-DD`
 *   for all-day events, the end being the last day) in `time_zone`;
 *   `starts_at`/`ends_at` the same as UTC instants (for all-day events, the
 *   start of the first day and of the day after the last), which listings
 *   sort and filter on. `status` is the event's (scheduled, postponed,
 *   rescheduled, cancelled); `publication` whether readers see it (draft,
 *   published). `version` is bumped by every write, `sequence` (iCalendar's
 *   SEQUENCE) only when what a calendar shows changes. Translations share a
 *   `translation_group`, as articles do.
 * - `event_revisions`: every write's snapshot of the editable fields.
 * - `event_topics`, `event_articles`: topics and related articles, in order.
 * - `event_slug_redirects`: former addresses of published events (301).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
    .addColumn('slug', 'varchar(200)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('all_day', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('start_local', 'varchar(16)', (c) => c.notNull())
    .addColumn('end_local', 'varchar(16)', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('previous_starts_at', 'varchar(32)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attendance', 'varchar(16)', (c) => c.notNull())
    .addColumn('venue_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('venue_address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('map_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('online_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('organizer_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('organizer_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lead_media_id', 'varchar(32)', (c) => c.references('media.id'))
    // A deleted section leaves its events without one (the edition's pages are purged by that change).
    .addColumn('section_id', 'varchar(32)', (c) => c.references('sections.id').onDelete('set null'))
    .addColumn('translation_group', 'varchar(32)')
    .addColumn('publication', 'varchar(16)', (c) => c.notNull())
    .addColumn('first_published_at', 'varchar(32)')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    // Last, as articles' body: a long text in overflow pages costs nothing to the columns before it.
    .addColumn('description_html', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('events_edition_slug', ['edition_code', 'slug'])
    .execute();
  await db.schema
    .createIndex('events_upcoming')
    .on('events')
    .columns(['edition_code', 'publication', 'ends_at', 'starts_at'])
    .execute();
  await db.schema
    .createIndex('events_by_start')
    .on('events')
    .columns(['edition_code', 'publication', 'starts_at'])
    .execute();
  await db.schema.createIndex('events_translation').on('events').column('translation_group').execute();

  await db.schema
    .createTable('event_revisions')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addUniqueConstraint('event_revisions_version', ['event_id', 'version'])
    .execute();

  await db.schema
    .createTable('event_topics')
    .addColumn('event_id', 'varchar(32)', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('topic_id', 'varchar(32)', (c) => c.notNull().references('topics.id'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('event_topics_pk', ['event_id', 'topic_id'])
    .execute();
  await db.schema.createIndex('event_topics_topic').on('event_topics').column('topic_id').execute();

  await db.schema
    .createTable('event_articles')
    .addColumn('event_id', 'varchar(32)', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('article_id', 'varchar(32)', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('event_articles_pk', ['event_id', 'article_id'])
    .execute();
  await db.schema.createIndex('event_articles_article').on('event_articles').column('article_id').execute();

  await db.schema
    .createTable('event_slug_redirects')
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('slug', 'varchar(200)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_slug_redirects_pk', ['edition_code', 'slug'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'event_slug_redirects',
    'event_articles',
    'event_topics',
    'event_revisions',
    'events',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
