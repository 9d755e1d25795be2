import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { seedEditions } from '../accounts/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir } from '../http/testing.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import {
  deliveryStats,
  ensureSubscriber,
  findIssue,
  insertIssue,
  queueIssueRecipients,
  requeueUncertain,
  upsertSubscriptions,
} from './queries.js';
import { deliverDue, LEASE_MS, MAX_ATTEMPTS } from './sender.js';
import { seedNewsletter, startScriptedSmtpServer } from './testing.js';

const T0 = new Date('2026-03-02T09:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describeEachDatabase('newsletter sender: the outbox', (db) => {
  const dataDir = tempDataDir();
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  beforeAll(async () => {
    await seedEditions(db(), T0);
  });

  /** A queued issue for `count` new active subscribers. */
  async function queuedIssue(tag: string, count: number, emails: string[] = []) {
    const addresses = [...emails, ...Array.from({ length: count }, (_, i) => `${tag}-${i}@example.org`)];
    // A newsletter of its own, so each test's issue reaches exactly its own list.
    const newsletterId = await seedNewsletter(db(), 'ar', `الموجز ${tag}`, T0);
    for (const email of addresses) {
      const id = await ensureSubscriber(db(), email, T0);
      await upsertSubscriptions(db(), id, [newsletterId], 'active', T0, { keepActive: false });
    }
    const issueId = await insertIssue(
      db(),
      { newsletterId, subject: `عدد ${tag}`, intro: 'مقدمة', articleIds: [], createdBy: null },
      T0,
    );
    await db()
      .transaction()
      .execute((trx) => queueIssueRecipients(trx, issueId, T0));
    return { issueId, addresses };
  }

  async function smtpWith(reject?: Parameters<typeof startScriptedSmtpServer>[0]) {
    const smtp = await startScriptedSmtpServer(reject);
    const mailer = createMailer({
      smtpUrl: smtp.url,
      mailFrom: 'Sahifa <no-reply@news.example>',
      dataDir,
      pool: { maxConnections: 3 },
    });
    closers.push(() => mailer.close?.(), smtp.close);
    return { smtp, mailer };
  }

  const sender = (mailer: Mailer, now: Date) => ({
    db: db(),
    mailer,
    clock: { now: () => now },
    publicUrl: 'https://news.example',
    rate: 0,
  });

  const deliveredTo = (smtp: { received: { to: string[] }[] }, addresses: string[]) =>
    addresses.map((a) => smtp.received.filter((m) => m.to.includes(a)).length);

  it('queues one row per active recipient, once, however often it is asked', async () => {
    const { issueId, addresses } = await queuedIssue('once', 4);
    const again = await db()
      .transaction()
      .execute((trx) => queueIssueRecipients(trx, issueId, T0));
    expect(again).toBeUndefined();
    const stats = await deliveryStats(db(), issueId);
    expect(stats.queued).toBe(addresses.length);
    expect((await findIssue(db(), issueId))?.status).toBe('sending');
  });

  it('resumes after a crash mid-send (the process died: leases run out) and delivers each recipient exactly once', async () => {
    const { smtp, mailer } = await smtpWith();
    const { issueId, addresses } = await queuedIssue('crash', 30);
    let sends = 0;
    // After 12 messages the "process" hangs for ever: nothing more is sent, nothing is marked or released.
    const dying: Mailer = {
      send: (message) => (++sends <= 12 ? mailer.send(message) : new Promise<void>(() => {})),
    };
    void deliverDue(sender(dying, T0), { issueId, batchSize: 10, concurrency: 3 });
    // Generous: the machine may be loaded. The loop ends as soon as the 12 are sent and marked.
    for (let i = 0; i < 3000; i++) {
      if (smtp.received.length >= 12 && (await deliveryStats(db(), issueId)).sent >= 12) break;
      await sleep(10);
    }
    const atCrash = await deliveryStats(db(), issueId);
    expect(smtp.received).toHaveLength(12);
    expect(atCrash.sent).toBe(12);
    expect(atCrash.sending).toBeGreaterThan(0);

    // A restart before the lease ends sends only what nobody holds; after it (seconds), the rest.
    const early = await deliverDue(sender(mailer, later(LEASE_MS / 3)), { issueId });
    expect(early.sent).toBe(30 - 12 - atCrash.sending);
    const resumed = await deliverDue(sender(mailer, later(LEASE_MS + 1_000)), { issueId });
    expect(resumed.sent).toBe(atCrash.sending);
    expect(deliveredTo(smtp, addresses)).toEqual(addresses.map(() => 1));
    expect(await deliveryStats(db(), issueId)).toEqual({
      queued: 0,
      sending: 0,
      handoff: 0,
      sent: 30,
      failed: 0,
      uncertain: 0,
    });
    expect((await findIssue(db(), issueId))?.status).toBe('sent');
  });

  it('stops cleanly when told to (a failing mailer aborts the run): unsent rows go back, a resume finishes', async () => {
    const { smtp, mailer } = await smtpWith();
    const { issueId, addresses } = await queuedIssue('abort', 20);
    const stop = new AbortController();
    let sends = 0;
    const aborting: Mailer = {
      async send(message) {
        if (++sends > 7) {
          stop.abort();
          throw new Error('connection lost');
        }
        await mailer.send(message);
      },
    };
    const first = await deliverDue(sender(aborting, T0), {
      issueId,
      batchSize: 50,
      concurrency: 1,
      signal: stop.signal,
    });
    expect(first).toEqual({ sent: 7, failed: 0, retried: 1 });
    const stats = await deliveryStats(db(), issueId);
    expect(stats).toEqual({ queued: 13, sending: 0, handoff: 0, sent: 7, failed: 0, uncertain: 0 });
    // The failed attempt waits for its back-off; the released rows go at once.
    const resumed = await deliverDue(sender(mailer, T0), { issueId });
    expect(resumed.sent).toBe(12);
    const retried = await deliverDue(sender(mailer, later(2 * 60_000)), { issueId });
    expect(retried.sent).toBe(1);
    expect(deliveredTo(smtp, addresses)).toEqual(addresses.map(() => 1));
  });

  it('retries after SMTP 4xx with back-off instead of losing mail; 5xx fails for good with the reason', async () => {
    // The first three messages get "451 try later"; anything to gone@ gets "550".
    const { smtp, mailer } = await smtpWith((n, to) =>
      to.includes('gone@example.org') ? 550 : n <= 3 ? 451 : undefined,
    );
    const { issueId, addresses } = await queuedIssue('flaky', 5);
    const { issueId: other } = await queuedIssue('bounce', 0, ['gone@example.org']);
    const run1 = await deliverDue(sender(mailer, T0), { issueId, concurrency: 1 });
    expect(run1).toEqual({ sent: 2, failed: 0, retried: 3 });
    expect(await deliveryStats(db(), issueId)).toEqual({
      queued: 3,
      sending: 0,
      handoff: 0,
      sent: 2,
      failed: 0,
      uncertain: 0,
    });
    const row = await db()
      .selectFrom('newsletter_deliveries')
      .select(['last_error', 'next_attempt_at', 'attempts'])
      .where('issue_id', '=', issueId)
      .where('state', '=', 'queued')
      .executeTakeFirstOrThrow();
    expect(row.last_error).toMatch(/451/);
    expect(row.next_attempt_at).toBe(later(60_000).toISOString());
    expect(row.attempts).toBe(1);
    expect(await deliverDue(sender(mailer, later(30_000)), { issueId })).toEqual({
      sent: 0,
      failed: 0,
      retried: 0,
    });
    expect(await deliverDue(sender(mailer, later(61_000)), { issueId })).toEqual({
      sent: 3,
      failed: 0,
      retried: 0,
    });
    expect(deliveredTo(smtp, addresses)).toEqual(addresses.map(() => 1));
    expect((await findIssue(db(), issueId))?.status).toBe('sent');

    const bounced = await deliverDue(sender(mailer, later(61_000)), { issueId: other });
    expect(bounced).toEqual({ sent: 0, failed: 1, retried: 0 });
    const failed = await db()
      .selectFrom('newsletter_deliveries')
      .select(['state', 'last_error'])
      .where('issue_id', '=', other)
      .executeTakeFirstOrThrow();
    expect(failed.state).toBe('failed');
    expect(failed.last_error).toMatch(/550/);
  });

  it(`gives up after ${MAX_ATTEMPTS} temporary failures`, async () => {
    const { mailer } = await smtpWith(() => 421);
    const { issueId } = await queuedIssue('never', 1);
    let when = T0;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverDue(sender(mailer, when), { issueId });
      when = new Date(when.getTime() + 7 * 3_600_000);
    }
    expect(await deliveryStats(db(), issueId)).toEqual({
      queued: 0,
      sending: 0,
      handoff: 0,
      sent: 0,
      failed: 1,
      uncertain: 0,
    });
  });

  const stateCounts = async (issueId: string) => {
    const { queued, sending, handoff, sent, failed, uncertain } = await deliveryStats(db(), issueId);
    return { queued, sending, handoff, sent, failed, uncertain };
  };

  it('a crash after the handoff (before the reply) leaves the message uncertain: never resent by itself, resent on request', async () => {
    const { smtp, mailer } = await smtpWith();
    const { issueId, addresses } = await queuedIssue('handoff', 6);
    // The "process" hands two messages over (handoff written) and dies before the final dot.
    let sends = 0;
    const dying: Mailer = {
      async send(message) {
        if (++sends > 2) return mailer.send(message);
        await message.beforeCommit?.();
        await new Promise<void>(() => {});
      },
    };
    void deliverDue(sender(dying, T0), { issueId, concurrency: 1, batchSize: 2 });
    for (let i = 0; i < 3000 && (await deliveryStats(db(), issueId)).handoff < 1; i++) await sleep(10);
    expect((await stateCounts(issueId)).handoff).toBe(1);

    // After the lease: the handoff row becomes uncertain (not resent); the other claimed one is resent.
    const resumed = await deliverDue(sender(mailer, later(LEASE_MS + 1_000)), { issueId });
    expect(resumed.sent).toBe(5);
    expect(await stateCounts(issueId)).toEqual({
      queued: 0,
      sending: 0,
      handoff: 0,
      sent: 5,
      failed: 0,
      uncertain: 1,
    });
    expect((await findIssue(db(), issueId))?.status).toBe('sent');
    expect(deliveredTo(smtp, addresses).filter((n) => n === 1)).toHaveLength(5);

    // The operator decides to resend it.
    expect(await requeueUncertain(db(), issueId, later(LEASE_MS + 2_000))).toBe(1);
    expect((await findIssue(db(), issueId))?.status).toBe('sending');
    expect((await deliverDue(sender(mailer, later(LEASE_MS + 2_000)), { issueId })).sent).toBe(1);
    expect(deliveredTo(smtp, addresses)).toEqual(addresses.map(() => 1));
    expect((await findIssue(db(), issueId))?.status).toBe('sent');
  });

  it('a connection lost after the handoff is uncertain; a server reply after it (4xx) is retried', async () => {
    const { issueId } = await queuedIssue('lost', 2);
    let n = 0;
    const failing: Mailer = {
      async send(message) {
        await message.beforeCommit?.();
        if (++n === 1) throw Object.assign(new Error('Connection closed'), { code: 'ECONNECTION' });
        throw Object.assign(new Error('451 try later'), { responseCode: 451 });
      },
    };
    const run = await deliverDue(sender(failing, T0), { issueId, concurrency: 1 });
    expect(run).toEqual({ sent: 0, failed: 1, retried: 1 });
    expect(await stateCounts(issueId)).toEqual({
      queued: 1,
      sending: 0,
      handoff: 0,
      sent: 0,
      failed: 0,
      uncertain: 1,
    });
  });

  it('a sender that lost its lease (another took the row) abandons the message before the final dot', async () => {
    const { smtp, mailer } = await smtpWith();
    const { issueId } = await queuedIssue('stolen', 1);
    const stealing: Mailer = {
      async send(message) {
        // Meanwhile another sender took the row over (this one stalled past its lease).
        await db().updateTable('newsletter_deliveries').set({ lease_owner: 'another' }).execute();
        await mailer.send(message);
      },
    };
    const run = await deliverDue(sender(stealing, T0), { issueId });
    expect(run).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(smtp.received).toHaveLength(0);
    const row = await db()
      .selectFrom('newsletter_deliveries')
      .select(['state', 'lease_owner'])
      .where('issue_id', '=', issueId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'sending', lease_owner: 'another' });
  });

  it('renews the leases it holds while sending, so a slow send is never taken over', async () => {
    const { smtp, mailer } = await smtpWith();
    const { issueId, addresses } = await queuedIssue('slow', 4);
    const clock = { now: () => new Date() };
    const slow: Mailer = {
      async send(message) {
        await sleep(2_500);
        await mailer.send(message);
      },
    };
    const lease = { leaseMs: 1_000, renewMs: 100 };
    const first = deliverDue({ ...sender(slow, T0), clock }, { issueId, concurrency: 4, ...lease });
    await sleep(1_800);
    // Well past the first lease: renewed, so a second sender finds nothing to take.
    const second = await deliverDue({ ...sender(mailer, T0), clock }, { issueId, ...lease });
    expect(second.sent).toBe(0);
    expect((await first).sent).toBe(4);
    expect(deliveredTo(smtp, addresses)).toEqual(addresses.map(() => 1));
  });
});
