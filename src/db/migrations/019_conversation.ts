import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * Readers' accounts and their comments (the conversation under an article).
 * - `readers`: people who sign in on the public site with a mailed link; never
 *   newsroom users. `name_key` is the display name folded for uniqueness;
 *   `status` is active, suspended (until `suspended_until`) or banned.
 * - `reader_sign_in_links`: one-time sign-in links (their token's hash), used once.
 * - `reader_sessions`: signed-in readers, apart from newsroom `sessions`.
 * - `comments`: one row a comment; `parent_id` for a reply (one level);
 *   `reader_id` or `staff_user_id` says who wrote it; `checks` is the JSON
 *   record of the moderation pipeline; `ip_hash` a keyed hash of the address
 *   for per-address limits; `reply_notice_at` when the parent's author was
 *   mailed about this reply (once, however often it is approved).
 * - `comment_reports`: readers' reports (one per reader and comment).
 * - `comment_settings`: an edition's rules (limits, trust, reports, closing age).
 * - `comment_closures`: comments closed or opened for an article, or by
 *   default for a section's articles.
 * - `banned_phrases`: an edition's banned words and phrases, with their
 *   normalized form (what is matched).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('readers')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(320)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(80)')
    .addColumn('name_key', 'varchar(160)', (c) => c.unique())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('language', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
    .addColumn('suspended_until', 'varchar(32)')
    .addColumn('status_reason', 'varchar(500)')
    .addColumn('notify_replies', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reader_sign_in_links')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('next_path', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('reader_sign_in_links_by_email')
    .on('reader_sign_in_links')
    .columns(['email', 'created_at'])
    .execute();
  await db.schema
    .createIndex('reader_sign_in_links_by_ip')
    .on('reader_sign_in_links')
    .columns(['ip', 'created_at'])
    .execute();

  await db.schema
    .createTable('reader_sessions')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('reader_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('refreshed_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reader_sessions_by_reader')
    .on('reader_sessions')
    .column('reader_id')
    .execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('article_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('parent_id', 'varchar(32)')
    .addColumn('reader_id', 'varchar(32)')
    .addColumn('staff_user_id', 'varchar(32)')
    .addColumn('author_name', 'varchar(80)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('held_for', 'varchar(32)')
    .addColumn('checks', 'text', (c) => c.notNull())
    .addColumn('decision_reason', 'varchar(500)')
    .addColumn('decided_by', 'varchar(32)')
    .addColumn('decided_at', 'varchar(32)')
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_notice_at', 'varchar(32)')
    .addColumn('ip_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('comments_by_article')
    .on('comments')
    .columns(['article_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('comments_by_edition')
    .on('comments')
    .columns(['edition_code', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('comments_by_reader')
    .on('comments')
    .columns(['reader_id', 'created_at'])
    .execute();
  await db.schema.createIndex('comments_by_ip').on('comments').columns(['ip_hash', 'created_at']).execute();
  await db.schema.createIndex('comments_by_parent').on('comments').column('parent_id').execute();

  await db.schema
    .createTable('comment_reports')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('comment_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('reader_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('reason', 'varchar(32)', (c) => c.notNull())
    .addColumn('note', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('comment_reports_once', ['comment_id', 'reader_id'])
    .execute();

  await db.schema
    .createTable('comment_settings')
    .addColumn('edition_code', 'varchar(16)', (c) => c.primaryKey())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('max_length', 'integer', (c) => c.notNull())
    .addColumn('close_after_days', 'integer', (c) => c.notNull())
    .addColumn('trust_after', 'integer', (c) => c.notNull())
    .addColumn('report_threshold', 'integer', (c) => c.notNull())
    .addColumn('per_reader_per_hour', 'integer', (c) => c.notNull())
    .addColumn('per_address_per_hour', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('comment_closures')
    .addColumn('scope', 'varchar(8)', (c) => c.notNull())
    .addColumn('scope_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('state', 'varchar(8)', (c) => c.notNull())
    .addColumn('set_by', 'varchar(32)')
    .addColumn('set_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_closures_pk', ['scope', 'scope_id'])
    .execute();

  await db.schema
    .createTable('banned_phrases')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('phrase', 'varchar(200)', (c) => c.notNull())
    .addColumn('normalized', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('banned_phrases_once', ['edition_code', 'normalized'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'banned_phrases',
    'comment_closures',
    'comment_settings',
    'comment_reports',
    'comments',
    'reader_sessions',
    'reader_sign_in_links',
    'readers',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
