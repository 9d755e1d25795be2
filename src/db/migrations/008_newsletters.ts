import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('newsletters')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('language', 'varchar(35)', (c) => c.notNull())
    // A full From header, e.g. "Sahifa Morning <morning@news.example>".
    .addColumn('sender', 'varchar(320)', (c) => c.notNull())
    // 'manual' or 'daily'; daily sends at send_time (HH:MM) in the edition's time zone.
    .addColumn('schedule', 'varchar(16)', (c) => c.notNull())
    .addColumn('send_time', 'varchar(5)')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('newsletters_edition').on('newsletters').column('edition_code').execute();

  // One row per address; links in mail are signed over the id, so the address itself never appears in a URL.
  await db.schema
    .createTable('newsletter_subscribers')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    // At most one confirmation mail an hour per address, however often the form is sent.
    .addColumn('confirmation_sent_at', 'varchar(32)')
    .execute();

  await db.schema
    .createTable('newsletter_subscriptions')
    .addColumn('subscriber_id', 'varchar(32)', (c) =>
      c.notNull().references('newsletter_subscribers.id').onDelete('cascade'),
    )
    .addColumn('newsletter_id', 'varchar(32)', (c) =>
      c.notNull().references('newsletters.id').onDelete('cascade'),
    )
    // 'pending' (waiting for the confirmation link), 'active' or 'unsubscribed'.
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('confirmed_at', 'varchar(32)')
    .addPrimaryKeyConstraint('newsletter_subscriptions_pk', ['subscriber_id', 'newsletter_id'])
    .execute();
  await db.schema
    .createIndex('newsletter_subscriptions_newsletter')
    .on('newsletter_subscriptions')
    .columns(['newsletter_id', 'status'])
    .execute();

  await db.schema
    .createTable('newsletter_issues')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('newsletter_id', 'varchar(32)', (c) =>
      c.notNull().references('newsletters.id').onDelete('cascade'),
    )
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    // JSON array of article ids, in the order the email shows them.
    .addColumn('article_ids', 'text', (c) => c.notNull())
    // 'draft', 'scheduled', 'sending' (recipients queued) or 'sent'.
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('scheduled_at', 'varchar(32)')
    .addColumn('queued_at', 'varchar(32)')
    .addColumn('created_by', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('newsletter_issues_newsletter')
    .on('newsletter_issues')
    .columns(['newsletter_id', 'created_at'])
    .execute();

  // The outbox: one row per recipient of an issue, claimed with a lease before sending.
  await db.schema
    .createTable('newsletter_deliveries')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('issue_id', 'varchar(32)', (c) =>
      c.notNull().references('newsletter_issues.id').onDelete('cascade'),
    )
    .addColumn('subscriber_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    // 'queued', 'sending' (claimed), 'sent' or 'failed'.
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('locked_until', 'varchar(32)')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'varchar(32)')
    .addUniqueConstraint('newsletter_deliveries_recipient', ['issue_id', 'subscriber_id'])
    .execute();
  await db.schema
    .createIndex('newsletter_deliveries_due')
    .on('newsletter_deliveries')
    .columns(['state', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('newsletter_deliveries_lease')
    .on('newsletter_deliveries')
    .column('lease_owner')
    .execute();

  // Sign-up form submissions, counted per address and per client for throttling.
  await db.schema
    .createTable('newsletter_signup_attempts')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('newsletter_signup_attempts_email')
    .on('newsletter_signup_attempts')
    .columns(['email', 'at'])
    .execute();
  await db.schema
    .createIndex('newsletter_signup_attempts_ip')
    .on('newsletter_signup_attempts')
    .columns(['ip', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'newsletter_signup_attempts',
    'newsletter_deliveries',
    'newsletter_issues',
    'newsletter_subscriptions',
    'newsletter_subscribers',
    'newsletters',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
