import { expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { instancesBehind, PageCacheSyncReporter, SYNC_ALIVE_MS, SYNC_HEARTBEAT_MS } from './instance-sync.js';

describeEachDatabase('instances tell the CDN purger how far their page cache has read', (db) => {
  const row = (id: string) =>
    db().selectFrom('cdn_instance_syncs').selectAll().where('instance_id', '=', id).executeTakeFirst();

  it('reports when the seq moves, and every SYNC_HEARTBEAT_MS when it does not', async () => {
    const reporter = new PageCacheSyncReporter(db(), 'reporter-a');
    const t0 = Date.parse('2026-12-01T10:00:00Z');
    await reporter.report(7, new Date(t0));
    expect(await row('reporter-a')).toMatchObject({ seen_at: new Date(t0).toISOString() });
    expect(Number((await row('reporter-a'))?.last_seq)).toBe(7);
    // Same seq, soon after: nothing written.
    await reporter.report(7, new Date(t0 + 1000));
    expect((await row('reporter-a'))?.seen_at).toBe(new Date(t0).toISOString());
    await reporter.report(9, new Date(t0 + 1500));
    expect(Number((await row('reporter-a'))?.last_seq)).toBe(9);
    await reporter.report(9, new Date(t0 + 1500 + SYNC_HEARTBEAT_MS));
    expect((await row('reporter-a'))?.seen_at).toBe(new Date(t0 + 1500 + SYNC_HEARTBEAT_MS).toISOString());

    const now = new Date(t0 + 1500 + SYNC_HEARTBEAT_MS);
    expect(await instancesBehind(db(), 9, now)).toBe(0);
    expect(await instancesBehind(db(), 10, now)).toBe(1);
    // Not heard from for SYNC_ALIVE_MS: gone.
    expect(await instancesBehind(db(), 10, new Date(now.getTime() + SYNC_ALIVE_MS + 1))).toBe(0);

    // Leaving: the row goes, and a poll still in flight does not bring it back.
    await reporter.stop();
    expect(await row('reporter-a')).toBeUndefined();
    await reporter.report(11, new Date(now.getTime() + 1));
    expect(await row('reporter-a')).toBeUndefined();
  });
});
