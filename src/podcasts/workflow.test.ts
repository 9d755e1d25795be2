import { existsSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { cacheTags } from '../http/cache-tags.js';
import { tempDataDir } from '../http/testing.js';
import { runDueJobs } from '../jobs/runner.js';
import { mediaDir } from '../media/routes.js';
import { LocalMediaStorage } from '../media/storage.js';
import { podcastJobs } from './jobs.js';
import {
  editionHasPodcasts,
  findEpisode,
  findShow,
  listPodcastRevisions,
  listPublicShows,
  listPublishedEpisodes,
} from './queries.js';
import { episodeFields, podcastFileOnDisk, seedEpisode, seedShow, showFields, silentMp3 } from './testing.js';
import { discardPrepared, prepareAudio } from './uploads.js';
import {
  actOnEpisodeScreen,
  deleteEpisode,
  PodcastConflictError,
  PodcastWorkflowError,
  podcastGuid,
  publishEpisode,
  saveEpisode,
  saveShow,
  scheduleEpisode,
  unpublishEpisode,
} from './workflow.js';

const now = FIXTURE_NOW;
const HOUR = 3_600_000;
const act = { userId: 'editor-1', now };

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof PodcastWorkflowError) return error.code;
    if (error instanceof PodcastConflictError) return 'conflict';
    throw error;
  }
  return 'done';
}

it('makes podcast:guid as the Podcasting 2.0 namespace does (UUID v5 of the feed URL)', () => {
  // The specification's own example.
  expect(podcastGuid('https://mp3s.nashownotes.com/pc20rss.xml')).toBe(
    '917393e3-1b1e-5cef-ace4-edaa54e1f810',
  );
  expect(podcastGuid('http://mp3s.nashownotes.com/pc20rss.xml/')).toBe(
    '917393e3-1b1e-5cef-ace4-edaa54e1f810',
  );
});

describeEachDatabase('the podcasts door', (db) => {
  const dataDir = tempDataDir();
  let fixture: Fixture;
  let showId: string;

  const changesSince = async (seq: number) =>
    (
      await db().selectFrom('content_changes').select(['seq', 'tags']).where('seq', '>', seq).execute()
    ).flatMap((r) => r.tags.split(' '));
  const lastSeq = async () =>
    Number(
      (
        await db()
          .selectFrom('content_changes')
          .select((eb) => eb.fn.max('seq').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    );

  beforeAll(async () => {
    fixture = await seedFixture(db(), dataDir);
    showId = await seedShow(db(), dataDir, now);
  });

  it('keeps a show with its artwork, a version, a revision and an audit entry', async () => {
    const show = await findShow(db(), showId);
    expect(show).toMatchObject({ editionCode: 'ar', slug: 'نشرة-الصباح', version: 1, category: 'News' });
    expect(show?.guid).toBe(podcastGuid('https://news.example/ar/podcasts/نشرة-الصباح/feed.xml'));
    expect(show?.artwork).toMatchObject({ width: 1400, height: 1400, contentType: 'image/jpeg' });
    for (const r of show?.artwork?.renditions ?? [])
      expect(existsSync(podcastFileOnDisk(dataDir, r.file))).toBe(true);
    expect(await listPodcastRevisions(db(), 'show', showId)).toHaveLength(1);
    const audit = await db().selectFrom('audit_log').selectAll().where('subject_id', '=', showId).execute();
    expect(audit.map((a) => a.action)).toEqual(['podcast.show_create']);
  });

  it('saves a show with the version check; a stale version writes nothing', async () => {
    const before = await lastSeq();
    const fields = showFields({
      title: 'نشرة الصباح الجديدة',
      slug: 'morning',
      artworkId: (await findShow(db(), showId))?.artworkId ?? null,
    });
    expect(await saveShow(db(), showId, { expectedVersion: 1, fields }, act)).toBe(2);
    expect(await changesSince(before)).toEqual(
      expect.arrayContaining([cacheTags.podcastShow(showId), cacheTags.podcasts('ar')]),
    );
    expect(
      await refusal(saveShow(db(), showId, { expectedVersion: 1, fields: { ...fields, title: 'x' } }, act)),
    ).toBe('conflict');
    expect((await findShow(db(), showId))?.title).toBe('نشرة الصباح الجديدة');
    expect((await findShow(db(), showId))?.slug).toBe('morning');
  });

  it('stores uploaded audio with what was read from it, and publishes an episode through the door', async () => {
    const id = await seedEpisode(db(), dataDir, showId, now, { seconds: 30 });
    const draft = await findEpisode(db(), id);
    expect(draft).toMatchObject({ status: 'draft', slug: 'الحلقة-الأولى', version: 1 });
    expect(draft?.audio).toMatchObject({
      bytes: 120_000,
      durationMs: 30_000,
      bitrate: 32_000,
      contentType: 'audio/mpeg',
    });
    expect(existsSync(podcastFileOnDisk(dataDir, draft?.audio?.file ?? ''))).toBe(true);
    expect(await editionHasPodcasts(db(), 'ar')).toBe(false);

    const before = await lastSeq();
    await publishEpisode(db(), id, act);
    // A double press publishes once.
    await publishEpisode(db(), id, act);
    const live = await findEpisode(db(), id);
    expect(live).toMatchObject({ status: 'published', publishedAt: now.toISOString(), version: 2 });
    // The edition's first podcast: every page of the edition gets the header link.
    expect(await changesSince(before)).toEqual(
      expect.arrayContaining([
        cacheTags.podcastEpisode(id),
        cacheTags.podcastShow(showId),
        cacheTags.edition('ar'),
      ]),
    );
    expect(await editionHasPodcasts(db(), 'ar')).toBe(true);
    expect((await listPublicShows(db(), 'ar')).map((s) => s.id)).toEqual([showId]);
    // The address is fixed now, and so is the show's.
    const fields = { ...episodeFields(), audioId: live?.audioId ?? null, slug: 'another' };
    expect(await refusal(saveEpisode(db(), id, { expectedVersion: 2, fields }, act))).toBe(
      'episode_address_fixed',
    );
    const show = await findShow(db(), showId);
    expect(
      await refusal(
        saveShow(
          db(),
          showId,
          { expectedVersion: show?.version ?? 0, fields: { ...showFields(), slug: 'elsewhere' } },
          act,
        ),
      ),
    ).toBe('show_address_fixed');
    const actions = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', id)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['podcast.episode_create', 'podcast.episode_publish']);
    expect((await listPodcastRevisions(db(), 'episode', id)).map((r) => r.kind)).toEqual([
      'publish',
      'create',
    ]);
  });

  it('gives a new audio file a new URL and keeps the old one', async () => {
    const id = await seedEpisode(db(), dataDir, showId, now, {
      fields: { title: 'حلقة تتغير' },
      publish: true,
    });
    const first = await findEpisode(db(), id);
    const audio = await prepareAudio(new LocalMediaStorage(mediaDir(dataDir)), silentMp3(36), now);
    const fields = {
      ...episodeFields({ title: 'حلقة تتغير', slug: first?.slug ?? '' }),
      audioId: first?.audioId ?? null,
    };
    await saveEpisode(db(), id, { expectedVersion: first?.version ?? 0, fields }, act, { audio });
    const second = await findEpisode(db(), id);
    expect(second?.audio?.file).not.toBe(first?.audio?.file);
    expect(second?.audio?.durationMs).toBe(36_000);
    expect(existsSync(podcastFileOnDisk(dataDir, first?.audio?.file ?? ''))).toBe(true);
    expect(second?.guid).toBe(first?.guid);
    expect((await listPodcastRevisions(db(), 'episode', id))[0]?.kind).toBe('update');
  });

  it('refuses chapters past the end of the audio, and publishing without audio or artwork', async () => {
    const id = await seedEpisode(db(), dataDir, showId, now, { fields: { title: 'قصيرة' }, seconds: 20 });
    const episode = await findEpisode(db(), id);
    const fields = {
      ...episodeFields({ title: 'قصيرة' }),
      audioId: episode?.audioId ?? null,
      chapters: [
        { startTime: 0, title: 'a' },
        { startTime: 25, title: 'b' },
      ],
    };
    expect(await refusal(saveEpisode(db(), id, { expectedVersion: 1, fields }, act))).toBe(
      'chapters_after_end',
    );
    expect((await findEpisode(db(), id))?.version).toBe(1);

    const { createEpisode } = await import('./workflow.js');
    const silent = await createEpisode(db(), showId, episodeFields({ title: 'بلا صوت' }), act);
    expect(await refusal(publishEpisode(db(), silent, act))).toBe('no_audio');
    const bare = await seedShow(db(), dataDir, now, { fields: { title: 'بلا صورة' } });
    const { saveShow: save } = await import('./workflow.js');
    await save(
      db(),
      bare,
      { expectedVersion: 1, fields: showFields({ title: 'بلا صورة', artworkId: null }) },
      act,
    );
    const orphan = await seedEpisode(db(), dataDir, bare, now);
    expect(await refusal(publishEpisode(db(), orphan, act))).toBe('no_artwork');
  });

  it('leaves no file behind when the door refuses a save', async () => {
    const id = await seedEpisode(db(), dataDir, showId, now, { fields: { title: 'مرفوضة' } });
    const audio = await prepareAudio(new LocalMediaStorage(mediaDir(dataDir)), silentMp3(10), now);
    const fields = episodeFields({ title: 'مرفوضة' });
    const refused = await refusal(
      saveEpisode(db(), id, { expectedVersion: 99, fields }, act, { audio }).catch(async (error) => {
        await discardPrepared(new LocalMediaStorage(mediaDir(dataDir)), [audio]);
        throw error;
      }),
    );
    expect(refused).toBe('conflict');
    expect(existsSync(podcastFileOnDisk(dataDir, audio.file))).toBe(false);
    expect(
      await db().selectFrom('podcast_audio').select('id').where('id', '=', audio.id).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('schedules through a durable job that publishes at the scheduled time, even when it runs late', async () => {
    const id = await seedEpisode(db(), dataDir, showId, now, { fields: { title: 'حلقة الغد' } });
    const at = new Date(now.getTime() + 2 * HOUR);
    expect(await refusal(scheduleEpisode(db(), id, new Date(now.getTime() - 1), act))).toBe(
      'schedule_in_past',
    );
    await scheduleEpisode(db(), id, at, act);
    expect(await findEpisode(db(), id)).toMatchObject({ status: 'scheduled', scheduledAt: at.toISOString() });
    // Not before its time.
    await runDueJobs(db(), new Date(at.getTime() - 1000), podcastJobs);
    expect((await findEpisode(db(), id))?.status).toBe('scheduled');
    // An hour late (a restart in between): still dated at the scheduled time.
    await runDueJobs(db(), new Date(at.getTime() + HOUR), podcastJobs);
    const live = await findEpisode(db(), id);
    expect(live).toMatchObject({ status: 'published', publishedAt: at.toISOString(), scheduledAt: null });
    const revisions = await listPodcastRevisions(db(), 'episode', id);
    expect(revisions.map((r) => [r.kind, r.source])).toEqual([
      ['publish', 'scheduler'],
      ['schedule', 'desk'],
      ['create', 'desk'],
    ]);
    const { episodes } = await listPublishedEpisodes(db(), showId, { limit: 10, offset: 0 });
    expect(episodes[0]?.id).toBe(id);
  });

  it('unpublishes (a scheduled episode goes back to draft and its job is cancelled) and deletes what is not out', async () => {
    const scheduled = await seedEpisode(db(), dataDir, showId, now, { fields: { title: 'ستلغى' } });
    await scheduleEpisode(db(), scheduled, new Date(now.getTime() + HOUR), act);
    await unpublishEpisode(db(), scheduled, act);
    expect((await findEpisode(db(), scheduled))?.status).toBe('draft');
    await runDueJobs(db(), new Date(now.getTime() + 3 * HOUR), podcastJobs);
    expect((await findEpisode(db(), scheduled))?.status).toBe('draft');

    const live = await seedEpisode(db(), dataDir, showId, now, { fields: { title: 'ستحذف' }, publish: true });
    expect(await refusal(deleteEpisode(db(), live, act))).toBe('published_cannot_be_deleted');
    await unpublishEpisode(db(), live, act);
    expect((await findEpisode(db(), live))?.status).toBe('unpublished');
    const file = (await findEpisode(db(), live))?.audio?.file ?? '';
    const files = await deleteEpisode(db(), live, act);
    expect(files).toContain(file);
    expect(await findEpisode(db(), live)).toBeUndefined();
    expect(await listPodcastRevisions(db(), 'episode', live)).toEqual([]);
  });

  it('acts on the screen in one transaction: a save and a publish, a double press once', async () => {
    const id = await seedEpisode(db(), dataDir, showId, now, { fields: { title: 'من الشاشة' } });
    const stored = await findEpisode(db(), id);
    const fields = {
      ...episodeFields({ title: 'من الشاشة', notesHtml: '<p>جديد</p>' }),
      audioId: stored?.audioId ?? null,
    };
    const first = await actOnEpisodeScreen(db(), id, { expectedVersion: 1, fields, intent: 'publish' }, act);
    expect(first).toEqual({ version: 3, repeated: false });
    const again = await actOnEpisodeScreen(db(), id, { expectedVersion: 1, fields, intent: 'publish' }, act);
    expect(again).toEqual({ version: 3, repeated: true });
    // Stale and different: a conflict, nothing written.
    const changed = { ...fields, title: 'غير ذلك' };
    expect(
      await refusal(
        actOnEpisodeScreen(db(), id, { expectedVersion: 1, fields: changed, intent: 'save' }, act),
      ),
    ).toBe('conflict');
    expect((await findEpisode(db(), id))?.title).toBe('من الشاشة');
    void fixture;
  });
});
