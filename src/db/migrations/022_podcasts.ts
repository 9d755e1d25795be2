import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * Podcasts (src/podcasts): shows of an edition and their episodes.
 * - `podcast_shows`: a show with what Apple and Spotify ask of a feed
 *   (category, explicit, owner, author, type); `guid` is its podcast:guid,
 *   fixed when the show is made; `version` is bumped by every save.
 * - `podcast_episodes`: an episode; `notes_html` is sanitized on write;
 *   `guid` never changes; `audio_id` is the current file (a new file is a
 *   new row and a new URL); transcript and chapters are kept as text;
 *   `related_article_ids` a JSON array.
 * - `podcast_audio`: every audio file stored (DATA_DIR/media/podcasts), with
 *   what was read from it: size, duration, bitrate, codec.
 * - `podcast_images`: show artwork and episode images (the original, served
 *   to podcast apps, and smaller renditions for pages); `owner_id` the show or episode.
 * - `podcast_revisions`: every write to a show or an episode, by version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('podcast_shows')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('slug', 'varchar(100)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('language', 'varchar(35)', (c) => c.notNull())
    .addColumn('category', 'varchar(64)', (c) => c.notNull())
    .addColumn('subcategory', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('explicit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('author', 'varchar(200)', (c) => c.notNull())
    .addColumn('owner_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('owner_email', 'varchar(320)', (c) => c.notNull())
    .addColumn('copyright', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('show_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('guid', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('artwork_id', 'varchar(32)')
    .addColumn('apple_url', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('spotify_url', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('podcast_shows_slug', ['edition_code', 'slug'])
    .execute();

  await db.schema
    .createTable('podcast_episodes')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('show_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('slug', 'varchar(100)', (c) => c.notNull())
    .addColumn('guid', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('notes_html', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('episode_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('episode_number', 'integer')
    .addColumn('season_number', 'integer')
    .addColumn('explicit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('audio_id', 'varchar(32)')
    .addColumn('image_id', 'varchar(32)')
    .addColumn('transcript', 'text')
    .addColumn('transcript_format', 'varchar(8)')
    .addColumn('chapters', 'text', (c) => c.notNull())
    .addColumn('related_article_ids', 'text', (c) => c.notNull())
    .addColumn('published_at', 'varchar(32)')
    .addColumn('scheduled_at', 'varchar(32)')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('podcast_episodes_slug', ['show_id', 'slug'])
    .execute();
  await db.schema
    .createIndex('podcast_episodes_by_show')
    .on('podcast_episodes')
    .columns(['show_id', 'status', 'published_at'])
    .execute();
  await db.schema
    .createIndex('podcast_episodes_by_edition')
    .on('podcast_episodes')
    .columns(['edition_code', 'status'])
    .execute();

  await db.schema
    .createTable('podcast_audio')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('episode_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('file', 'varchar(64)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('bitrate', 'integer', (c) => c.notNull())
    .addColumn('codec', 'varchar(64)', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('podcast_audio_by_episode').on('podcast_audio').column('episode_id').execute();

  await db.schema
    .createTable('podcast_images')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('owner_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('file', 'varchar(64)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('renditions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('podcast_images_by_owner').on('podcast_images').column('owner_id').execute();

  await db.schema
    .createTable('podcast_revisions')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('subject_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(32)')
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('podcast_revisions_once', ['subject_kind', 'subject_id', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'podcast_revisions',
    'podcast_images',
    'podcast_audio',
    'podcast_episodes',
    'podcast_shows',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
