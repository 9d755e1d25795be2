import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedEditions } from '../accounts/testing.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import { tempDataDir } from '../http/testing.js';
import { ensureSubscriber, insertIssue, upsertSubscriptions } from '../newsletters/queries.js';
import { seedNewsletter } from '../newsletters/testing.js';
import { runCli } from './testing.js';

describe('sahifa newsletter (CLI)', () => {
  it('lists newsletters and issues, and sends an issue to the outbox with progress lines, once', async () => {
    const dataDir = tempDataDir();
    const now = new Date();
    const db = openDatabase({ sqlitePath: path.join(dataDir, 'sahifa.sqlite') });
    let issueId = '';
    try {
      await migrateToLatest(db);
      await seedEditions(db, now);
      const newsletterId = await seedNewsletter(db, 'ar', 'الموجز', now);
      for (let i = 0; i < 25; i++) {
        const id = await ensureSubscriber(db, `reader${i}@example.org`, now);
        await upsertSubscriptions(db, id, [newsletterId], 'active', now, { keepActive: false });
      }
      issueId = await insertIssue(
        db,
        { newsletterId, subject: 'عدد الاثنين', intro: '', articleIds: [], createdBy: null },
        now,
      );
    } finally {
      await db.destroy();
    }

    const list = await runCli(['newsletter', 'list'], dataDir);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^\w{20}\tar\tالموجز\tmanual\t25 active\n/);
    expect(list.stdout).toContain(`${issueId}\tdraft\tar\tالموجز\tعدد الاثنين`);

    const sent = await runCli(['newsletter', 'send', issueId, '--rate', '0'], dataDir);
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('queued 25 recipients');
    expect(sent.stdout).toContain('sending: 25/25 (100%)');
    expect(sent.stdout).toContain('sent 25, failed 0, to retry 0');
    expect(readdirSync(path.join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(25);

    const again = await runCli(['newsletter', 'send', issueId], dataDir);
    expect(again.stdout).toContain('sent 0, failed 0');
    expect(readdirSync(path.join(dataDir, 'outbox'))).toHaveLength(25);

    const bad = await runCli(['newsletter', 'send', 'nope'], dataDir);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('issue id');
  });
});
