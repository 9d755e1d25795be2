import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedEditions } from '../accounts/testing.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import { tempDataDir } from '../http/testing.js';
import {
  deliveryStats,
  ensureSubscriber,
  insertIssue,
  queueIssueRecipients,
  upsertSubscriptions,
} from '../newsletters/queries.js';
import { seedNewsletter } from '../newsletters/testing.js';
import { runCli } from './testing.js';

describe('sahifa newsletter resend-uncertain (CLI)', () => {
  it("queues an issue's uncertain messages again, and only those", async () => {
    const dataDir = tempDataDir();
    const now = new Date();
    const file = path.join(dataDir, 'sahifa.sqlite');
    let db = openDatabase({ sqlitePath: file });
    let issueId = '';
    try {
      await migrateToLatest(db);
      await seedEditions(db, now);
      const newsletterId = await seedNewsletter(db, 'ar', 'الموجز', now);
      for (let i = 0; i < 3; i++) {
        const id = await ensureSubscriber(db, `reader${i}@example.org`, now);
        await upsertSubscriptions(db, id, [newsletterId], 'active', now, { keepActive: false });
      }
      issueId = await insertIssue(
        db,
        { newsletterId, subject: 'عدد', intro: '', articleIds: [], createdBy: null },
        now,
      );
      await queueIssueRecipients(db, issueId, now);
      const rows = await db.selectFrom('newsletter_deliveries').select('id').orderBy('id').execute();
      await db
        .updateTable('newsletter_deliveries')
        .set({ state: 'uncertain', lease_owner: 'gone' })
        .where('id', '=', rows[0]?.id ?? '')
        .execute();
      await db
        .updateTable('newsletter_deliveries')
        .set({ state: 'sent' })
        .where('id', '!=', rows[0]?.id ?? '')
        .execute();
    } finally {
      await db.destroy();
    }

    const run = await runCli(['newsletter', 'resend-uncertain', issueId], dataDir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('queued 1 uncertain messages again');
    db = openDatabase({ sqlitePath: file });
    try {
      expect(await deliveryStats(db, issueId)).toMatchObject({ queued: 1, sent: 2, uncertain: 0 });
    } finally {
      await db.destroy();
    }
    const bad = await runCli(['newsletter', 'resend-uncertain', 'nope'], dataDir);
    expect(bad.code).not.toBe(0);
  }, 120_000); // two CLI processes: slow on a loaded machine
});
