import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { unpublish } from '../articles/workflow.js';
import { isPostgres } from '../db/connect.js';
import { describeEachDatabase } from '../db/testing.js';
import { cacheTags } from '../http/cache-tags.js';
import { logContentChange } from '../http/page-cache.js';
import { tempDataDir } from '../http/testing.js';
import { cdnAdapter } from './adapters.js';
import { forgetInstance, reportPageCacheSynced, SYNC_ALIVE_MS } from './instance-sync.js';
import { backoffMs, CdnPurger, purgeStatus } from './purger.js';
import { purgedTags, purgeRecorder } from './testing.js';

describeEachDatabase('CDN purges through the change log', (db) => {
  let recorder: Awaited<ReturnType<typeof purgeRecorder>>;
  let failNext = 0;
  let now = FIXTURE_NOW.getTime();
  const clock = { now: () => new Date(now) };
  let fixture: Fixture;

  beforeAll(async () => {
    recorder = await purgeRecorder((call) => {
      if (failNext > 0) {
        failNext--;
        return { status: 503 };
      }
      return { status: 200, body: call.method === 'POST' ? '{"success":true}' : '' };
    });
    fixture = await seedFixture(db(), tempDataDir());
  });
  afterAll(async () => {
    await recorder.close();
  });
  beforeEach(() => {
    recorder.calls.length = 0;
    failNext = 0;
  });

  const varnish = () => cdnAdapter({ kind: 'varnish', urls: [recorder.url] });
  const log = (tags: string[]) => logContentChange(db(), tags, clock.now());

  it('starts at the newest change, then purges what changes after, batched in one call', async () => {
    const purger = new CdnPurger(db(), varnish(), clock);
    expect(await purger.runOnce()).toEqual({ state: 'idle' });
    expect(recorder.calls).toHaveLength(0);
    await log(['article:a1', 'list:ar']);
    await log(['article:a1', 'section:s1']);
    await log(['site']);
    expect(await purger.runOnce()).toEqual({ state: 'purged', changes: 3, tags: 4, calls: 1 });
    expect(recorder.calls.map(purgedTags)).toEqual([['article:a1', 'list:ar', 'section:s1', 'site']]);
    expect(await purger.runOnce()).toEqual({ state: 'idle' });
    expect(recorder.calls).toHaveLength(1);
    expect(await purgeStatus(db())).toMatchObject({
      lag: 0,
      failures: 0,
      lastPurgedAt: clock.now().toISOString(),
    });
  });

  it('purges the tags of a door’s change: an unpublish names the article', async () => {
    const purger = new CdnPurger(db(), varnish(), clock);
    await unpublish(db(), fixture.arOthers[0] ?? '', { userId: null, now: clock.now() });
    await purger.runOnce();
    expect(recorder.calls.flatMap(purgedTags)).toContain(cacheTags.article(fixture.arOthers[0] ?? ''));
  });

  it('purges a kill at once, ahead of a backlog in backoff, and retries it within seconds', async () => {
    const purger = new CdnPurger(db(), varnish(), clock);
    await purger.runOnce();
    await purger.runUrgent();
    recorder.calls.length = 0;
    // A backlog whose batch failed: the cursor waits out its backoff.
    for (let i = 0; i < 20; i++) await log([`article:backlog${i}`]);
    failNext = 1;
    expect(await purger.runOnce()).toMatchObject({ state: 'failed', attempts: 1 });
    const killed = fixture.arOthers[1] ?? '';
    await unpublish(db(), killed, { userId: null, now: clock.now() });
    expect(await purger.runOnce()).toMatchObject({ state: 'waiting' });
    expect(await purger.runUrgent()).toMatchObject({ state: 'purged', requests: 1 });
    const urgent = recorder.calls.slice(-1).flatMap(purgedTags);
    expect(urgent).toContain(cacheTags.article(killed));
    expect(urgent).not.toContain('article:backlog0');
    expect(await purger.runUrgent()).toEqual({ state: 'idle' });
    expect(await purgeStatus(db())).toMatchObject({ urgentPending: 0, urgentError: null });

    // The CDN refuses it: tried again a second later, not after the batch's backoff.
    const second = fixture.arOthers[2] ?? '';
    await unpublish(db(), second, { userId: null, now: clock.now() });
    failNext = 1;
    expect(await purger.runUrgent()).toMatchObject({ state: 'failed', error: expect.stringMatching(/503/) });
    expect(await purgeStatus(db())).toMatchObject({
      urgentPending: 1,
      urgentError: expect.stringMatching(/503/),
    });
    expect(await purger.runUrgent()).toEqual({ state: 'idle' });
    now += 1000;
    expect(await purger.runUrgent()).toMatchObject({ state: 'purged', requests: 1 });
    expect(recorder.calls.slice(-1).flatMap(purgedTags)).toContain(cacheTags.article(second));
    expect((await purgeStatus(db()))?.urgentPending).toBe(0);
    // The batch still purges the backlog (the kills' changes too) once its backoff is over.
    now += backoffMs(1);
    expect(await purger.runOnce()).toMatchObject({ state: 'purged' });
  });

  it('sends a kill while a batch is still in progress (its own loop)', async () => {
    // A batch that waits up to 3 s before its calls (for an instance whose page cache is behind): the kill does not wait for it.
    const purger = new CdnPurger(db(), varnish(), clock, { syncWaitMs: 3000 });
    await purger.runOnce();
    await purger.runUrgent();
    await reportPageCacheSynced(db(), 'stuck-instance', 0, clock.now());
    recorder.calls.length = 0;
    await log(['article:slow-batch']);
    const stop = purger.start(20);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const killed = fixture.arOthers[3] ?? '';
      await unpublish(db(), killed, { userId: null, now: clock.now() });
      const started = Date.now();
      while (!recorder.calls.some((call) => purgedTags(call).includes(cacheTags.article(killed)))) {
        if (Date.now() - started > 2000) throw new Error('the kill was not purged within 2 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(recorder.calls.flatMap(purgedTags)).not.toContain('article:slow-batch');
    } finally {
      await stop();
      await forgetInstance(db(), 'stuck-instance');
    }
    expect(recorder.calls.flatMap(purgedTags)).toContain('article:slow-batch');
    // The kill's change-log entry, logged after that batch read its changes, goes with the next one.
    expect(await new CdnPurger(db(), varnish(), clock).runOnce()).toMatchObject({
      state: 'purged',
      changes: 1,
    });
  });

  it('splits a batch into calls of at most the CDN’s tags per call', async () => {
    const cloudflare = cdnAdapter({
      kind: 'cloudflare',
      apiUrl: recorder.url,
      zoneId: 'z1',
      token: 'token-12345678',
    });
    const purger = new CdnPurger(db(), cloudflare, clock);
    const many = Array.from({ length: 45 }, (_, i) => `article:x${i}`);
    await log(many.slice(0, 20));
    await log(many.slice(20));
    expect(await purger.runOnce()).toMatchObject({ state: 'purged', changes: 2, tags: 45, calls: 2 });
    expect(recorder.calls.map((c) => purgedTags(c).length)).toEqual([30, 15]);
    expect(recorder.calls.flatMap(purgedTags).sort()).toEqual([...many].sort());
  });

  it('retries a failed batch with backoff, and the change still committed', async () => {
    const purger = new CdnPurger(db(), varnish(), clock);
    await log(['article:retry']);
    failNext = 2;
    const first = await purger.runOnce();
    expect(first).toMatchObject({ state: 'failed', attempts: 1, error: expect.stringMatching(/HTTP 503/) });
    expect(await purger.runOnce()).toMatchObject({ state: 'waiting' });
    expect(recorder.calls).toHaveLength(1);
    now += backoffMs(1);
    expect(await purger.runOnce()).toMatchObject({ state: 'failed', attempts: 2 });
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    now += backoffMs(2) - 1;
    expect(await purger.runOnce()).toMatchObject({ state: 'waiting' });
    now += 1;
    expect(await purger.runOnce()).toMatchObject({ state: 'purged', changes: 1 });
    expect(recorder.calls.map(purgedTags)).toEqual([['article:retry'], ['article:retry'], ['article:retry']]);
    const status = await purgeStatus(db());
    expect(status).toMatchObject({ lag: 0, attempts: 0, lastError: null, nextAttemptAt: null });
    expect(status?.failures).toBeGreaterThanOrEqual(2);
    expect(purger.failures).toBe(2);
  });

  it('purges each change once across two instances polling together', async () => {
    const a = new CdnPurger(db(), varnish(), clock, { instanceId: 'instance-a' });
    const b = new CdnPurger(db(), varnish(), clock, { instanceId: 'instance-b' });
    const logged: string[] = [];
    for (let round = 0; round < 6; round++) {
      const tags = Array.from({ length: 5 }, (_, i) => `article:r${round}-${i}`);
      logged.push(...tags);
      await Promise.all([log(tags), a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    }
    // Drain: both keep polling until neither finds work.
    for (let i = 0; i < 10; i++) await Promise.all([a.runOnce(), b.runOnce()]);
    const purged = recorder.calls.flatMap(purgedTags);
    expect([...purged].sort()).toEqual([...logged].sort());
    expect(new Set(purged).size).toBe(purged.length);
    expect((await purgeStatus(db()))?.lag).toBe(0);
  });

  const latestSeq = async () => Number((await purgeStatus(db()))?.latestSeq);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('purges a change only once every live instance’s page cache has read it (else the CDN refetches the old page)', async () => {
    const purger = new CdnPurger(db(), varnish(), clock, { syncWaitMs: 5000 });
    await purger.runOnce();
    await log(['article:waits']);
    const seq = await latestSeq();
    await reportPageCacheSynced(db(), 'instance-a', seq, clock.now());
    await reportPageCacheSynced(db(), 'instance-b', seq - 1, clock.now());
    // Not heard from for longer than SYNC_ALIVE_MS: gone, not waited for.
    await reportPageCacheSynced(
      db(),
      'instance-gone',
      0,
      new Date(clock.now().getTime() - SYNC_ALIVE_MS - 1),
    );
    try {
      const run = purger.runOnce();
      await sleep(150);
      expect(recorder.calls).toHaveLength(0);
      await reportPageCacheSynced(db(), 'instance-b', seq, clock.now());
      expect(await run).toMatchObject({ state: 'purged', changes: 1 });
      expect(recorder.calls.map(purgedTags)).toEqual([['article:waits']]);
    } finally {
      for (const id of ['instance-a', 'instance-b', 'instance-gone']) await forgetInstance(db(), id);
    }
  });

  it('purges anyway after syncWaitMs when an instance never catches up, and logs it', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_: unknown, message: string) => warnings.push(message) } as never;
    const purger = new CdnPurger(db(), varnish(), clock, { syncWaitMs: 200, logger });
    await purger.runOnce();
    await log(['article:stuck']);
    await reportPageCacheSynced(db(), 'instance-stuck', 0, clock.now());
    try {
      const started = Date.now();
      expect(await purger.runOnce()).toMatchObject({ state: 'purged', changes: 1 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(warnings.join()).toMatch(/not read the change log/);
    } finally {
      await forgetInstance(db(), 'instance-stuck');
    }
  });

  it('sends a kill at once and once more when the instances still holding the page have dropped it', async () => {
    const purger = new CdnPurger(db(), varnish(), clock, { syncWaitMs: 5000 });
    await purger.runOnce();
    await purger.runUrgent();
    const killed = fixture.arOthers[4] ?? '';
    await reportPageCacheSynced(db(), 'instance-behind', await latestSeq(), clock.now());
    recorder.calls.length = 0;
    try {
      await unpublish(db(), killed, { userId: null, now: clock.now() });
      const run = purger.runUrgent();
      const started = Date.now();
      while (recorder.calls.length === 0 && Date.now() - started < 2000) await sleep(10);
      expect(recorder.calls.flatMap(purgedTags)).toContain(cacheTags.article(killed));
      await sleep(100);
      expect(recorder.calls).toHaveLength(1);
      await reportPageCacheSynced(db(), 'instance-behind', await latestSeq(), clock.now());
      expect(await run).toMatchObject({ state: 'purged', requests: 1 });
      expect(recorder.calls.map((call) => purgedTags(call).includes(cacheTags.article(killed)))).toEqual([
        true,
        true,
      ]);
      // Every instance caught up before: one call.
      await unpublish(db(), fixture.arOthers[5] ?? '', { userId: null, now: clock.now() });
      await reportPageCacheSynced(db(), 'instance-behind', await latestSeq(), clock.now());
      recorder.calls.length = 0;
      expect(await purger.runUrgent()).toMatchObject({ state: 'purged', requests: 1 });
      expect(recorder.calls).toHaveLength(1);
      // The kills' change-log entries: purged by the batch as well, before the next test.
      expect(await purger.runOnce()).toMatchObject({ state: 'purged', changes: 2 });
    } finally {
      await forgetInstance(db(), 'instance-behind');
    }
  });

  it('purges a change committed after a higher seq (a PostgreSQL late commit), within the window', async () => {
    const purger = new CdnPurger(db(), varnish(), clock, { windowMs: 60_000 });
    await purger.runOnce();
    const latest = Number((await purgeStatus(db()))?.latestSeq);
    // seq latest+2 commits first; latest+1 is still in flight.
    await db()
      .insertInto('content_changes')
      .values({ seq: latest + 2, tags: 'article:later', created_at: clock.now().toISOString() })
      .execute();
    expect(await purger.runOnce()).toMatchObject({ state: 'purged', changes: 1 });
    expect((await purgeStatus(db()))?.lag).toBe(1);
    await db()
      .insertInto('content_changes')
      .values({ seq: latest + 1, tags: 'article:earlier', created_at: clock.now().toISOString() })
      .execute();
    expect(await purger.runOnce()).toMatchObject({ state: 'purged', changes: 1 });
    expect(recorder.calls.map(purgedTags)).toEqual([['article:later'], ['article:earlier']]);
    expect((await purgeStatus(db()))?.lag).toBe(0);
    // Seqs written by hand: PostgreSQL's sequence moves past them for whatever logs next.
    if (isPostgres(db()))
      await sql`select setval(pg_get_serial_sequence('content_changes', 'seq'), ${latest + 2})`.execute(db());
  });
});
