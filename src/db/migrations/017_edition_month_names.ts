import type { Kysely } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * How an edition writing both month names (date style "levant") joins them:
 * 'space' (نوفمبر تشرين الثاني, as before), 'slash' (نوفمبر/تشرين الثاني) or
 * 'parentheses' (نوفمبر (تشرين الثاني)). Existing editions keep the space.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('editions')
    .addColumn('month_separator', 'varchar(16)', (c) => c.notNull().defaultTo('space'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('editions').dropColumn('month_separator').execute();
}
