import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { deleteArticle, unpublish } from '../articles/workflow.js';
import type { Db } from '../db/schema.js';
import { describeEachDatabase } from '../db/testing.js';
import { publishedEvent } from '../events/testing.js';
import { deleteEvent, unpublishEvent } from '../events/workflow.js';
import { cacheTags } from '../http/cache-tags.js';
import { tempDataDir } from '../http/testing.js';
import { seedEpisode, seedShow } from '../podcasts/testing.js';
import { unpublishEpisode } from '../podcasts/workflow.js';

/** The tags of the urgent purges waiting, then clears them. */
async function takeUrgent(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('cdn_urgent_purges').select('tags').execute();
  await db.deleteFrom('cdn_urgent_purges').execute();
  return rows.flatMap((row) => row.tags.split(' '));
}

describeEachDatabase('doors that take content off the site ask for an urgent purge', (db) => {
  let dataDir: string;
  let fixture: Fixture;
  const act = () => ({ userId: null, now: FIXTURE_NOW });

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    await takeUrgent(db());
  });

  it('articles: an unpublish and a deletion of a published one; a draft’s unpublish does not', async () => {
    const [first = '', second = ''] = fixture.arOthers;
    await unpublish(db(), first, act());
    expect(await takeUrgent(db())).toContain(cacheTags.article(first));
    // Already off the site: nothing urgent.
    await unpublish(db(), first, act());
    expect(await takeUrgent(db())).toEqual([]);
    await deleteArticle(db(), second, act());
    expect(await takeUrgent(db())).toContain(cacheTags.article(second));
  });

  it('events: an unpublish and a deletion of a published one', async () => {
    const id = await publishedEvent(db(), 'ar', { title: 'ندوة' }, act());
    expect(await takeUrgent(db())).toEqual([]);
    await unpublishEvent(db(), id, act());
    expect(await takeUrgent(db())).toContain(cacheTags.event(id));
    const other = await publishedEvent(db(), 'ar', { title: 'معرض' }, act());
    await deleteEvent(db(), other, act());
    expect(await takeUrgent(db())).toContain(cacheTags.event(other));
  });

  it('podcasts: a published episode’s unpublish', async () => {
    const show = await seedShow(db(), dataDir, FIXTURE_NOW);
    const episode = await seedEpisode(db(), dataDir, show, FIXTURE_NOW, { publish: true });
    expect(await takeUrgent(db())).toEqual([]);
    await unpublishEpisode(db(), episode, act());
    expect(await takeUrgent(db())).toContain(cacheTags.podcastEpisode(episode));
  });
});
