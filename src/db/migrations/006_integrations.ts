import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/** Programs that write to the newsroom through the admin API, each with its own token, role and editions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('integrations')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    // Only the SHA-256 (hex) of the token: it is shown once, at creation, and a leaked table opens nothing.
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    // No foreign key: integrations made on the command line have no user behind them.
    .addColumn('created_by', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(32)')
    .addColumn('revoked_at', 'varchar(32)')
    .execute();

  await db.schema
    .createTable('integration_editions')
    .addColumn('integration_id', 'varchar(32)', (c) =>
      c.notNull().references('integrations.id').onDelete('cascade'),
    )
    .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
    .addPrimaryKeyConstraint('integration_editions_pk', ['integration_id', 'edition_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('integration_editions').execute();
  await db.schema.dropTable('integrations').execute();
}
