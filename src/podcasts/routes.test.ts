import Parser from 'rss-parser';
import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { runDueJobs } from '../jobs/runner.js';
import { mediaDir } from '../media/routes.js';
import { LocalMediaStorage } from '../media/storage.js';
import { podcastJobs } from './jobs.js';
import { findEpisode, findShow } from './queries.js';
import { episodeFields, seedEpisode, seedShow, silentMp3 } from './testing.js';
import { prepareAudio } from './uploads.js';
import { saveEpisode, scheduleEpisode } from './workflow.js';

const now = FIXTURE_NOW;
const HOUR = 3_600_000;
const PUBLIC = 'https://news.example';
const SHOW = `/ar/podcasts/${encodeURIComponent('نشرة-الصباح')}`;

const VTT =
  'WEBVTT\n\n00:00.000 --> 00:05.000\n<v لينا>صباح الخير.\n\n00:05.000 --> 00:09.000\n<v لينا>إليكم العناوين.\n';

type Tagged = { $: Record<string, string>; _?: string };

describeEachDatabase('podcast pages, files and feed', (db) => {
  const dataDir = tempDataDir();
  let fixture: Fixture;
  let showId: string;
  let first: string;
  let second: string;
  let app: ReturnType<typeof testApp>['app'];
  let cache: ReturnType<typeof testApp>['cache'];
  const act = { userId: null, now };

  beforeAll(async () => {
    fixture = await seedFixture(db(), dataDir);
    showId = await seedShow(db(), dataDir, now, {
      fields: { appleUrl: 'https://podcasts.apple.com/podcast/id123', spotifyUrl: '' },
    });
    first = await seedEpisode(db(), dataDir, showId, new Date(now.getTime() - 2 * HOUR), {
      fields: { title: 'الحلقة الأولى: سوق الصباح', episodeNumber: 1, seasonNumber: 1 },
      publish: true,
    });
    second = await seedEpisode(db(), dataDir, showId, new Date(now.getTime() - HOUR), {
      seconds: 60,
      fields: {
        title: 'الحلقة الثانية',
        episodeNumber: 2,
        seasonNumber: 1,
        notesHtml: '<p>ضيف الحلقة <a href="/ar/2022/11/14/x">تقرير</a>.</p>',
        chapters: [
          { startTime: 0, title: 'المقدمة' },
          { startTime: 20, title: 'العناوين' },
          { startTime: 45.5, title: 'The interview' },
        ],
        transcript: { text: VTT, format: 'vtt' },
        relatedArticleIds: [fixture.arOthers[0] ?? ''],
      },
      publish: true,
    });
    ({ app, cache } = testApp(db(), { now, dataDir }));
  });

  it('links the podcasts from the header of an edition that has one, not of one that has none', async () => {
    const ar = await (await app.request('/ar')).text();
    expect(ar).toContain('<a href="/ar/podcasts">البودكاست</a>');
    const en = await (await app.request('/en')).text();
    expect(en).not.toContain('/en/podcasts');
    const shows = await app.request('/ar/podcasts');
    expect(shows.status).toBe(200);
    const html = await shows.text();
    expect(html).toContain(`href="${SHOW}"`);
    expect(html).toContain('aria-current="page">البودكاست</a>');
    expect((await app.request('/en/podcasts')).status).toBe(200);
  });

  it("shows a show's episodes newest first, with its feed and its Apple link (Spotify's only when set)", async () => {
    const res = await app.request(SHOW);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.indexOf('الحلقة الثانية')).toBeLessThan(html.indexOf('الحلقة الأولى'));
    expect(html).toContain(`${PUBLIC}${SHOW}/feed.xml`);
    expect(html).toContain('href="https://podcasts.apple.com/podcast/id123"');
    expect(html).not.toContain('Spotify');
    expect(html).toContain('الموسم 1، الحلقة 2');
  });

  it('plays an episode in a native player, with chapters that seek, the notes, the transcript and JSON-LD', async () => {
    const episode = await findEpisode(db(), second);
    const res = await app.request(`${SHOW}/${encodeURIComponent(episode?.slug ?? '')}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const audioUrl = `/media/podcasts/${episode?.audio?.file}`;
    expect(html).toContain(`<audio id="player" controls="" preload="none" src="${audioUrl}"`);
    expect(html).toContain(`href="${audioUrl}#t=20" data-seek="20"`);
    expect(html).toContain(`href="${audioUrl}#t=45.5" data-seek="45.5"`);
    expect(html).toContain('The interview');
    expect(html).toContain('صباح الخير. إليكم العناوين.');
    expect(html).toContain('<bdi>لينا</bdi>');
    // Related story, from the fixture.
    expect(html).toContain('class="related"');
    const jsonLd = JSON.parse(
      /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}',
    );
    expect(jsonLd).toMatchObject({
      '@type': 'PodcastEpisode',
      name: 'الحلقة الثانية',
      episodeNumber: 2,
      inLanguage: 'ar',
      associatedMedia: {
        '@type': 'MediaObject',
        contentUrl: `${PUBLIC}${audioUrl}`,
        encodingFormat: 'audio/mpeg',
        duration: 'PT1M',
      },
      partOfSeries: { '@type': 'PodcastSeries', webFeed: `${PUBLIC}${SHOW}/feed.xml` },
      partOfSeason: { seasonNumber: 1 },
    });
    const chapters = await app.request(`${SHOW}/${encodeURIComponent(episode?.slug ?? '')}/chapters.json`);
    expect(chapters.headers.get('content-type')).toContain('application/json+chapters');
    expect(await chapters.json()).toMatchObject({
      version: '1.2.0',
      chapters: [{ startTime: 0, title: 'المقدمة' }, {}, {}],
    });
    const vtt = await app.request(`${SHOW}/${encodeURIComponent(episode?.slug ?? '')}/transcript.vtt`);
    expect(vtt.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await vtt.text()).toBe(VTT);
    expect(
      (await app.request(`${SHOW}/${encodeURIComponent(episode?.slug ?? '')}/transcript.srt`)).status,
    ).toBe(404);
  });

  it('answers byte ranges with 206 and Content-Range, HEAD with the headers, 416 outside the file', async () => {
    const episode = await findEpisode(db(), first);
    const url = `/media/podcasts/${episode?.audio?.file}`;
    const size = episode?.audio?.bytes ?? 0;
    const whole = await app.request(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/mpeg');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(whole.headers.get('content-length')).toBe(String(size));
    expect(Buffer.from(await whole.arrayBuffer()).equals(silentMp3(30))).toBe(true);

    const part = await app.request(url, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect(part.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await part.arrayBuffer()).equals(silentMp3(30).subarray(100, 200))).toBe(true);

    const tail = await app.request(url, { headers: { range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect((await tail.arrayBuffer()).byteLength).toBe(10);

    const head = await app.request(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(size));
    expect(await head.text()).toBe('');
    const headRange = await app.request(url, { method: 'HEAD', headers: { range: 'bytes=0-0' } });
    expect(headRange.status).toBe(206);
    expect(headRange.headers.get('content-range')).toBe(`bytes 0-0/${size}`);

    const outside = await app.request(url, { headers: { range: `bytes=${size}-` } });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${size}`);
    expect((await app.request(url, { headers: { range: `bytes=${size + 10}-${size + 20}` } })).status).toBe(
      416,
    );

    // A range for another version of the file (If-Range) gets the whole file.
    const stale = await app.request(url, { headers: { range: 'bytes=0-9', 'if-range': '"other"' } });
    expect(stale.status).toBe(200);
    const etag = whole.headers.get('etag') ?? '';
    expect((await app.request(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    for (const bad of [
      '/media/podcasts/..%2Fsahifa.sqlite',
      '/media/podcasts/nope.mp3',
      '/media/podcasts/x.exe',
    ])
      expect((await app.request(bad)).status).toBe(404);
  });

  it('publishes a feed an independent parser reads, with every tag Apple and Podcasting 2.0 ask for', async () => {
    const res = await app.request(`${SHOW}/feed.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = await res.text();
    const parser: Parser<Record<string, unknown>, Record<string, unknown>> = new Parser({
      customFields: {
        feed: [
          'language',
          'itunes:type',
          'itunes:explicit',
          'podcast:guid',
          'podcast:locked',
          'itunes:author',
        ] as never[],
        item: [
          ['guid', 'guidElement', { keepArray: true }],
          'itunes:episodeType',
          'podcast:transcript',
          'podcast:chapters',
        ] as never[],
      },
    });
    const feed = await parser.parseString(xml);
    const show = await findShow(db(), showId);
    expect(feed.title).toBe('نشرة الصباح');
    expect(feed.language).toBe('ar');
    expect(feed.link).toBe(`${PUBLIC}${SHOW}`);
    expect(feed.itunes).toMatchObject({
      image: `${PUBLIC}/media/podcasts/${show?.artwork?.file}`,
      author: 'صحيفة',
      owner: { name: 'فريق البودكاست', email: 'podcasts@news.example' },
      explicit: 'false',
      categories: ['News'],
      categoriesWithSubs: [{ name: 'News', subs: [{ name: 'Daily News' }] }],
    });
    expect(feed['itunes:type']).toBe('episodic');
    expect(feed['podcast:guid']).toBe(show?.guid);
    expect(feed['podcast:locked']).toBe('yes');
    expect(xml).toContain('<podcast:locked owner="podcasts@news.example">yes</podcast:locked>');

    expect(feed.items.map((i) => i.title)).toEqual(['الحلقة الثانية', 'الحلقة الأولى: سوق الصباح']);
    const [latest, oldest] = feed.items;
    const episode = await findEpisode(db(), second);
    expect(latest?.enclosure).toEqual({
      url: `${PUBLIC}/media/podcasts/${episode?.audio?.file}`,
      length: String(episode?.audio?.bytes),
      type: 'audio/mpeg',
    });
    expect(latest?.itunes).toMatchObject({ duration: '60', episode: '2', season: '1', explicit: 'false' });
    expect(latest?.['itunes:episodeType']).toBe('full');
    expect(latest?.guid).toBe(episode?.guid);
    const guidElement = latest?.guidElement as Tagged[] | undefined;
    expect(guidElement?.[0]?.$).toEqual({ isPermaLink: 'false' });
    expect(new Set(feed.items.map((i) => i.guid)).size).toBe(2);
    expect(latest?.pubDate).toBe(new Date(now.getTime() - HOUR).toUTCString());
    const transcript = latest?.['podcast:transcript'] as Tagged | undefined;
    const chapters = latest?.['podcast:chapters'] as Tagged | undefined;
    expect(transcript?.$).toEqual({
      url: `${PUBLIC}${SHOW}/${encodeURIComponent(episode?.slug ?? '')}/transcript.vtt`,
      type: 'text/vtt',
      language: 'ar',
      rel: 'captions',
    });
    expect(chapters?.$).toEqual({
      url: `${PUBLIC}${SHOW}/${encodeURIComponent(episode?.slug ?? '')}/chapters.json`,
      type: 'application/json+chapters',
    });
    // Links in the notes are absolute in the feed: apps have no base URL.
    expect(latest?.['content:encoded']).toContain(`href="${PUBLIC}/ar/2022/11/14/x"`);
    expect(oldest?.['podcast:chapters']).toBeUndefined();
    // The feed's own address, for apps that move with it.
    expect(xml).toContain(
      `<atom:link href="${PUBLIC}${SHOW}/feed.xml" rel="self" type="application/rss+xml"/>`,
    );
  });

  it('keeps enclosure URLs: a new file is a new URL, the old one still answers', async () => {
    const before = await findEpisode(db(), first);
    const oldUrl = `/media/podcasts/${before?.audio?.file}`;
    const audio = await prepareAudio(new LocalMediaStorage(mediaDir(dataDir)), silentMp3(36), now);
    const fields = {
      ...episodeFields({ ...before, slug: before?.slug ?? '' }),
      audioId: before?.audioId ?? null,
    };
    await saveEpisode(db(), first, { expectedVersion: before?.version ?? 0, fields }, act, { audio });
    // The cached feed is purged by the change the door logged.
    await cache.syncFromChangeLog(db());
    const xml = await (await app.request(`${SHOW}/feed.xml`)).text();
    expect(xml).toContain(`${PUBLIC}/media/podcasts/${audio.file}`);
    expect(xml).not.toContain(oldUrl);
    expect(xml).toContain(`guid isPermaLink="false">${before?.guid}<`);
    expect((await app.request(oldUrl)).status).toBe(200);
  });

  it('leaves drafts and scheduled episodes out until their time, then the job puts them in the feed', async () => {
    const draft = await seedEpisode(db(), dataDir, showId, now, { fields: { title: 'مسودة لم تنشر' } });
    const scheduled = await seedEpisode(db(), dataDir, showId, now, { fields: { title: 'حلقة مجدولة' } });
    const at = new Date(now.getTime() + HOUR);
    await scheduleEpisode(db(), scheduled, at, act);
    const feedBefore = await (await app.request(`${SHOW}/feed.xml`)).text();
    expect(feedBefore).not.toContain('مسودة لم تنشر');
    expect(feedBefore).not.toContain('حلقة مجدولة');
    const draftRow = await findEpisode(db(), draft);
    expect((await app.request(`${SHOW}/${encodeURIComponent(draftRow?.slug ?? '')}`)).status).toBe(404);
    await runDueJobs(db(), new Date(at.getTime() + 1000), podcastJobs);
    // The cached feed is purged by the change the job logged.
    await cache.syncFromChangeLog(db());
    const feedAfter = await (await app.request(`${SHOW}/feed.xml`)).text();
    expect(feedAfter).toContain('حلقة مجدولة');
    expect(feedAfter).toContain(at.toUTCString());
  });

  it('answers 404 for an unknown show, a show without a published episode, and an unknown edition', async () => {
    const quiet = await seedShow(db(), dataDir, now, { fields: { title: 'برنامج صامت' } });
    const show = await findShow(db(), quiet);
    expect((await app.request(`/ar/podcasts/${encodeURIComponent(show?.slug ?? '')}`)).status).toBe(404);
    expect((await app.request(`/ar/podcasts/${encodeURIComponent(show?.slug ?? '')}/feed.xml`)).status).toBe(
      404,
    );
    expect((await app.request('/ar/podcasts/nothing-here')).status).toBe(404);
    expect((await app.request('/xx/podcasts')).status).toBe(404);
  });
});
