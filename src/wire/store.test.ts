import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import type { Entry, FeedItem } from './formats.js';
import { findWireItem, type Provenance, recordEntry } from './store.js';
import { seedWireNewsroom } from './testing.js';

const T0 = new Date('2024-05-01T12:00:00Z');
const FROM: Provenance = { format: 'ninjs', origin: 'test', feedId: null, agencyId: null, editionCode: 'en' };

function entry(overrides: Partial<FeedItem>): Entry {
  const item: FeedItem = {
    uri: 'urn:store:1',
    version: 1,
    firstCreated: null,
    versionCreated: null,
    language: 'en',
    headline: 'Bridge reopens',
    bodyHtml: '<p>Traffic resumed.</p>',
    byline: '',
    copyright: '',
    pubStatus: 'usable',
    subjects: [],
    description: '',
    link: '',
    ...overrides,
  };
  return { raw: JSON.stringify(item), result: { ok: true, item } };
}

describeEachDatabase('wire item store', (db) => {
  beforeAll(async () => {
    await seedWireNewsroom(db(), T0);
  });

  it('keeps every version: newer ones become current, older ones are kept but do not, repeats write nothing', async () => {
    const v2 = await recordEntry(db(), entry({ version: 2, headline: 'Bridge reopens at noon' }), FROM, T0);
    expect(v2).toMatchObject({ kind: 'new' });
    const v1 = await recordEntry(db(), entry({ version: 1 }), FROM, T0);
    expect(v1).toMatchObject({ kind: 'older' });
    const again = await recordEntry(
      db(),
      entry({ version: 2, headline: 'Bridge reopens at noon' }),
      FROM,
      T0,
    );
    expect(again).toMatchObject({ kind: 'repeat' });
    const v3 = await recordEntry(
      db(),
      entry({ version: 3, pubStatus: 'withheld', headline: 'Held' }),
      FROM,
      T0,
    );
    expect(v3).toMatchObject({ kind: 'newer', previousStatus: 'usable' });
    const item = await findWireItem(db(), v2.kind === 'failed' ? '' : v2.itemId);
    expect(item).toMatchObject({ headline: 'Held', version: 3, pubStatus: 'withheld' });
    expect(item?.versions.map((v) => v.version).sort()).toEqual([1, 2, 3]);
  });

  it('keeps unreadable payloads once, and adopts the same bytes as an item when they read later', async () => {
    const good = entry({ uri: 'urn:store:later' });
    const bad: Entry = { raw: good.raw, uri: 'urn:store:later', result: { ok: false, problems: ['broken'] } };
    expect(await recordEntry(db(), bad, FROM, T0)).toEqual({ kind: 'failed', problems: ['broken'] });
    expect(await recordEntry(db(), bad, FROM, T0)).toEqual({ kind: 'failed', problems: ['broken'] });
    const rows = () =>
      db()
        .selectFrom('wire_item_versions')
        .select(['id', 'item_id', 'error'])
        .where('source_key', '=', 'urn:store:later')
        .execute();
    expect(await rows()).toEqual([{ id: expect.any(String), item_id: null, error: 'broken' }]);
    const adopted = await recordEntry(db(), good, FROM, T0);
    expect(adopted).toMatchObject({ kind: 'new' });
    expect(await rows()).toEqual([
      { id: adopted.kind === 'failed' ? '' : adopted.versionId, item_id: expect.any(String), error: null },
    ]);
  });

  it('stores hostile text safely: NUL characters (refused by PostgreSQL) and script in bodies', async () => {
    const hostile = entry({
      uri: 'urn:store:nul',
      headline: 'A\u0000B',
      bodyHtml: '<p onmouseover="x()">Hi</p><script>alert(1)</script><a href="javascript:alert(2)">x</a>',
    });
    const receipt = await recordEntry(db(), hostile, FROM, T0);
    const item = await findWireItem(db(), receipt.kind === 'failed' ? '' : receipt.itemId);
    expect(item?.headline).toBe('A\uFFFDB');
    expect(item?.bodyHtml).not.toMatch(/onmouseover|script|javascript:|alert/);
  });
});
