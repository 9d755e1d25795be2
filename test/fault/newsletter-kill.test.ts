import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { seedEditions } from '../../src/accounts/testing.js';
import { migrateToLatest, openDatabase } from '../../src/db/connect.js';
import type { Db } from '../../src/db/schema.js';
import { tempDataDir } from '../../src/http/testing.js';
import {
  deliveryStats,
  ensureSubscriber,
  insertIssue,
  queueIssueRecipients,
  upsertSubscriptions,
} from '../../src/newsletters/queries.js';
import { LEASE_MS, SMTP_CONNECTIONS } from '../../src/newsletters/sender.js';
import { seedNewsletter, startScriptedSmtpServer } from '../../src/newsletters/testing.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RECIPIENTS = 400;
/** Messages in flight at once in `sahifa newsletter send` (the sender's default concurrency). */
const IN_FLIGHT = SMTP_CONNECTIONS * 2;

/** The Message-ID header of a raw message. */
const messageIdOf = (raw: string) => /^message-id:\s*(\S+)/im.exec(raw)?.[1] ?? '';

describe('newsletter send killed with SIGKILL mid-send', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('resumes within seconds after a restart; nobody gets the issue twice; only messages in flight can be uncertain', async () => {
    const dataDir = tempDataDir();
    // A real server takes a moment to store a message before its 250: a kill lands in that window too.
    const smtp = await startScriptedSmtpServer(undefined, { answerAfterMs: 15 });
    const db: Db = openDatabase({ sqlitePath: path.join(dataDir, 'sahifa.sqlite') });
    try {
      const now = new Date();
      await migrateToLatest(db);
      await seedEditions(db, now);
      const newsletterId = await seedNewsletter(db, 'ar', 'الموجز', now);
      const emails = Array.from({ length: RECIPIENTS }, (_, i) => `reader${i}@example.org`);
      for (const email of emails) {
        const id = await ensureSubscriber(db, email, now);
        await upsertSubscriptions(db, id, [newsletterId], 'active', now, { keepActive: false });
      }
      const issueId = await insertIssue(
        db,
        { newsletterId, subject: 'عدد الاثنين', intro: 'مقدمة', articleIds: [], createdBy: null },
        now,
      );
      await db.transaction().execute((trx) => queueIssueRecipients(trx, issueId, now));

      const send = () => {
        const child = spawn(
          process.execPath,
          ['bin/sahifa.js', 'newsletter', 'send', issueId, '--rate', '0'],
          {
            cwd: root,
            env: {
              PATH: process.env.PATH ?? '',
              DATA_DIR: dataDir,
              PUBLIC_URL: 'https://news.example',
              DEMO_CONTENT: 'off',
              LOG_LEVEL: 'silent',
              SMTP_URL: smtp.url,
            },
            stdio: 'ignore',
          },
        );
        children.push(child);
        return child;
      };

      // Full speed, then SIGKILL once a quarter of the list has been accepted.
      const first = send();
      while (smtp.received.length < RECIPIENTS / 4) {
        if (first.exitCode !== null) throw new Error('the sender finished before it could be killed');
        await sleep(5);
      }
      first.kill('SIGKILL');
      await once(first, 'exit');
      const killedAt = Date.now();
      const acceptedAtKill = smtp.received.length;
      const atKill = await deliveryStats(db, issueId);
      expect(atKill.sent).toBeGreaterThan(0);
      expect(atKill.handoff).toBeLessThanOrEqual(IN_FLIGHT);

      // Restart; it finishes the list.
      const restartedAt = Date.now();
      const second = send();
      const [code] = await once(second, 'exit');
      expect(code).toBe(0);
      const resumed = smtp.received.slice(acceptedAtKill);
      expect(resumed.length).toBeGreaterThan(0);

      // Nobody got the issue twice, by address or by Message-ID.
      const byAddress = new Map<string, number>();
      for (const m of smtp.received) for (const to of m.to) byAddress.set(to, (byAddress.get(to) ?? 0) + 1);
      expect([...byAddress.values()].filter((n) => n > 1)).toEqual([]);
      expect(new Set(smtp.received.map((m) => messageIdOf(m.raw))).size).toBe(smtp.received.length);

      // Everyone got it, except messages left uncertain, which were in flight at the kill.
      const final = await deliveryStats(db, issueId);
      expect(final.queued + final.sending + final.handoff + final.failed).toBe(0);
      expect(final.uncertain).toBe(atKill.handoff);
      expect(final.uncertain).toBeLessThanOrEqual(IN_FLIGHT);
      const uncertain = await db
        .selectFrom('newsletter_deliveries')
        .select('email')
        .where('issue_id', '=', issueId)
        .where('state', '=', 'uncertain')
        .execute();
      const missing = emails.filter((e) => !byAddress.has(e));
      for (const email of missing) expect(uncertain.map((u) => u.email)).toContain(email);
      expect(final.sent + final.uncertain).toBe(RECIPIENTS);

      // Resumption: the rows the killed sender held went out within the lease (seconds, not minutes),
      // or as soon as the restarted process was up, whichever is later.
      const startup = (resumed[0]?.at ?? Date.now()) - restartedAt;
      const lastResumed = (resumed.at(-1)?.at ?? Date.now()) - killedAt;
      expect(lastResumed).toBeLessThan(Math.max(LEASE_MS, startup) + 15_000);
    } finally {
      await db.destroy();
      await smtp.close();
    }
  }, 240_000);
});
