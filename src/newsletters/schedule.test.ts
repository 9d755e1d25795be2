import { beforeAll, describe, expect, it } from 'vitest';
import { seedEditions } from '../accounts/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { runDueJobs } from '../jobs/runner.js';
import { bookDailyIssue, NEWSLETTER_DAILY_JOB, newsletterJobs } from './jobs.js';
import {
  deliveryStats,
  ensureSubscriber,
  findNewsletter,
  listIssues,
  upsertSubscriptions,
} from './queries.js';
import { nextDailyRun } from './schedule.js';
import { seedArticle, seedNewsletter } from './testing.js';

describe('daily schedule in the edition time zone', () => {
  it('finds the next HH:MM in the zone, today or tomorrow, across daylight saving', () => {
    const at = new Date('2026-03-02T04:00:00Z'); // 06:00 in Beirut (UTC+2)
    expect(nextDailyRun('07:00', 'Asia/Beirut', at).toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(nextDailyRun('05:30', 'Asia/Beirut', at).toISOString()).toBe('2026-03-03T03:30:00.000Z');
    // Beirut moves to UTC+3 on the last Sunday of March (29 March 2026).
    expect(nextDailyRun('07:00', 'Asia/Beirut', new Date('2026-03-29T06:00:00Z')).toISOString()).toBe(
      '2026-03-30T04:00:00.000Z',
    );
    expect(nextDailyRun('23:59', 'UTC', new Date('2026-12-31T23:59:00Z')).toISOString()).toBe(
      '2027-01-01T23:59:00.000Z',
    );
  });
});

describeEachDatabase('daily newsletters', (db) => {
  const T0 = new Date('2026-03-02T04:00:00Z');

  beforeAll(async () => {
    await seedEditions(db(), T0);
  });

  it('makes and queues an issue of the top stories at the daily time, then books the next day', async () => {
    const id = await seedNewsletter(db(), 'ar', 'الموجز اليومي', T0);
    await db()
      .updateTable('newsletters')
      .set({ schedule: 'daily', send_time: '07:00' })
      .where('id', '=', id)
      .execute();
    const newsletter = await findNewsletter(db(), id);
    if (!newsletter) throw new Error('missing');
    const subscriber = await ensureSubscriber(db(), 'daily@example.org', T0);
    await upsertSubscriptions(db(), subscriber, [id], 'active', T0, { keepActive: false });
    await seedArticle(db(), 'overnight', 'خبر الليلة', new Date('2026-03-02T02:00:00Z'));
    await bookDailyIssue(db(), newsletter, 'UTC', T0);
    const job = await db()
      .selectFrom('jobs')
      .select('run_at')
      .where('kind', '=', NEWSLETTER_DAILY_JOB)
      .where('state', '=', 'pending')
      .executeTakeFirstOrThrow();
    expect(job.run_at).toBe('2026-03-02T07:00:00.000Z');

    expect(await runDueJobs(db(), new Date('2026-03-02T06:59:00Z'), newsletterJobs)).toBe(0);
    expect(await runDueJobs(db(), new Date('2026-03-02T07:00:30Z'), newsletterJobs)).toBe(1);
    const [issue] = await listIssues(db(), id);
    expect(issue?.status).toBe('sending');
    expect(JSON.parse(issue?.article_ids ?? '[]')).toHaveLength(1);
    expect(await deliveryStats(db(), issue?.id ?? '')).toEqual({
      queued: 1,
      sending: 0,
      handoff: 0,
      sent: 0,
      failed: 0,
      uncertain: 0,
    });
    const next = await db()
      .selectFrom('jobs')
      .select('run_at')
      .where('kind', '=', NEWSLETTER_DAILY_JOB)
      .where('state', '=', 'pending')
      .execute();
    expect(next.map((j) => j.run_at)).toEqual(['2026-03-03T07:00:00.000Z']);
    // Nothing new since: the next day sends nothing.
    expect(await runDueJobs(db(), new Date('2026-03-03T07:00:30Z'), newsletterJobs)).toBe(1);
    expect(await listIssues(db(), id)).toHaveLength(1);
  });
});
