import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import type { Db } from '../db/schema.js';
import { openPostgresSchema } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { ADMIN_API_BASE } from '../integrations/api.js';
import { createIntegration } from '../integrations/integrations.js';
import { startCoverage } from './workflow.js';

const url = process.env.TEST_DATABASE_URL;
if (!url && process.env.SAHIFA_REQUIRE_POSTGRES === '1') {
  throw new Error(
    'SAHIFA_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the two-instance live test would be skipped',
  );
}
const EN_URL = '/en/2022/11/14/diplomats-hold-technical-talks';

/**
 * Two instances on one PostgreSQL schema, each with its own page cache and
 * its change-log poll at the default interval, as `sahifa serve` runs them.
 * An entry published through the admin API on one reaches a reader polling
 * the other within 2 s, although the other had the answer cached.
 */
describe.skipIf(!url)(
  `live updates across instances on PostgreSQL${url ? '' : ' [skipped: set TEST_DATABASE_URL]'}`,
  () => {
    let writerDb: Db;
    let readerDb: Db;
    let drop: () => Promise<void>;
    let fixture: Fixture;
    let token = '';
    const timers: NodeJS.Timeout[] = [];

    beforeAll(async () => {
      const opened = await openPostgresSchema(url ?? '');
      writerDb = opened.db;
      drop = opened.drop;
      readerDb = openDatabase({ url: url ?? '', schema: opened.schema, poolSize: 2 });
      await migrateToLatest(writerDb);
      fixture = await seedFixture(writerDb, tempDataDir());
      const started = await startCoverage(writerDb, fixture.lead.enId, { userId: null, now: FIXTURE_NOW });
      if (!started.ok) throw new Error('coverage not started');
      const created = await createIntegration(
        writerDb,
        { name: 'wire-live', role: 'writer', editions: ['en'] },
        null,
        FIXTURE_NOW,
      );
      if (!created.ok) throw new Error(created.error);
      token = created.token;
    });
    afterAll(async () => {
      for (const timer of timers) clearInterval(timer);
      await readerDb?.destroy();
      await writerDb?.destroy();
      await drop?.();
    });

    /** An instance with its page cache and the server's change-log poll. */
    async function instance(db: Db) {
      const site = testApp(db, { now: FIXTURE_NOW, dataDir: tempDataDir() });
      await site.cache.skipToLatestChange(db);
      timers.push(
        setInterval(() => {
          site.cache.syncFromChangeLog(db).catch(() => undefined);
        }, site.deps.config.changePollMs),
      );
      return site;
    }

    it('shows an entry published on one instance to a poller of the other within 2 s', async () => {
      const writer = await instance(writerDb);
      const reader = await instance(readerDb);
      expect(reader.deps.config.changePollMs).toBe(1000);
      const updates = `${EN_URL}/updates`;
      const first = await reader.app.request(updates);
      expect(first.headers.get('x-cache')).toBe('MISS');
      expect(await first.json()).toEqual({ open: true, entries: [], more: false });
      expect((await reader.app.request(updates)).headers.get('x-cache')).toBe('HIT');

      const published = await writer.app.request(`${ADMIN_API_BASE}/articles/${fixture.lead.enId}/entries`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Delegations arrive', bodyHtml: '<p>Both delegations are here.</p>' }),
      });
      expect(published.status).toBe(201);
      const { entry } = (await published.json()) as { entry: { id: string } };
      const since = Date.now();

      let seenAfter: number | undefined;
      while (Date.now() - since < 5_000) {
        const answer = (await (await reader.app.request(updates)).json()) as { entries: { id: string }[] };
        if (answer.entries.some((e) => e.id === entry.id)) {
          seenAfter = Date.now() - since;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(seenAfter, 'the entry never reached the other instance').toBeDefined();
      expect(seenAfter).toBeLessThan(2_000);
    });
  },
);
