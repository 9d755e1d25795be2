import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { ADMIN_API_BASE } from '../integrations/api.js';
import { createIntegration } from '../integrations/integrations.js';
import { findEpisode, findShow, listPodcastRevisions } from './queries.js';
import { seedEpisode, seedShow, silentMp3 } from './testing.js';

const now = FIXTURE_NOW;
const PUBLIC = 'https://news.example';

describeEachDatabase('podcasts in the content API and the admin API', (db) => {
  const dataDir = tempDataDir();
  let fixture: Fixture;
  let showId: string;
  let published: string;
  const tokens = { editor: '', writer: '', en: '' };

  async function call(
    method: string,
    path: string,
    options: { token?: string; json?: unknown; form?: FormData; headers?: Record<string, string> } = {},
  ) {
    const { app } = testApp(db(), { now, dataDir });
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: BodyInit | undefined = options.form;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    return { res, status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    fixture = await seedFixture(db(), dataDir);
    showId = await seedShow(db(), dataDir, now, {
      fields: { spotifyUrl: 'https://open.spotify.com/show/x' },
    });
    published = await seedEpisode(db(), dataDir, showId, now, {
      publish: true,
      fields: {
        chapters: [
          { startTime: 0, title: 'أ' },
          { startTime: 10, title: 'ب' },
        ],
        relatedArticleIds: [fixture.lead.arId],
      },
    });
    await seedEpisode(db(), dataDir, showId, now, { fields: { title: 'مسودة' } });
    for (const [key, role, edition] of [
      ['editor', 'editor', 'ar'],
      ['writer', 'writer', 'ar'],
      ['en', 'editor', 'en'],
    ] as const) {
      const created = await createIntegration(
        db(),
        { name: `podcasts-${key}`, role, editions: [edition] },
        null,
        now,
      );
      if (!created.ok) throw new Error('integration');
      tokens[key] = created.token;
    }
  });

  it('lists shows and published episodes, with absolute URLs, the audio and the chapters', async () => {
    const list = await call('GET', '/api/v1/ar/podcasts');
    expect(list.status).toBe(200);
    expect(list.res.headers.get('access-control-allow-origin')).toBe('*');
    const show = await findShow(db(), showId);
    expect(list.json.shows).toEqual([
      expect.objectContaining({
        id: showId,
        title: 'نشرة الصباح',
        url: `${PUBLIC}/ar/podcasts/${encodeURIComponent(show?.slug ?? '')}`,
        feedUrl: `${PUBLIC}/ar/podcasts/${encodeURIComponent(show?.slug ?? '')}/feed.xml`,
        category: { name: 'News', subcategory: 'Daily News' },
        guid: show?.guid,
        links: { apple: null, spotify: 'https://open.spotify.com/show/x' },
        episodeCount: 1,
        latestEpisodeAt: '2022-12-02T14:00:00+02:00',
      }),
    ]);
    expect(list.json.shows[0].artwork.url).toBe(`${PUBLIC}/media/podcasts/${show?.artwork?.file}`);

    const detail = await call('GET', `/api/v1/ar/podcasts/${encodeURIComponent(show?.slug ?? '')}`);
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ page: 1, pages: 1, next: null });
    expect(detail.json.episodes).toHaveLength(1);
    const episode = await findEpisode(db(), published);
    expect(detail.json.episodes[0]).toMatchObject({
      id: published,
      guid: episode?.guid,
      title: 'الحلقة الأولى',
      publishedAt: '2022-12-02T14:00:00+02:00',
      audio: {
        url: `${PUBLIC}/media/podcasts/${episode?.audio?.file}`,
        type: 'audio/mpeg',
        length: 120_000,
        durationSeconds: 30,
        bitrate: 32_000,
      },
      chapters: [
        { startTime: 0, title: 'أ' },
        { startTime: 10, title: 'ب' },
      ],
    });
    const one = await call(
      'GET',
      `/api/v1/ar/podcasts/${encodeURIComponent(show?.slug ?? '')}/${encodeURIComponent(episode?.slug ?? '')}`,
    );
    expect(one.status).toBe(200);
    expect(one.json.episode.related).toEqual([expect.objectContaining({ headline: expect.any(String) })]);
    expect(one.json.episode.chaptersUrl).toMatch(/\/chapters\.json$/);

    expect((await call('GET', '/api/v1/ar/podcasts/none')).status).toBe(404);
    expect((await call('GET', '/api/v1/ar/podcasts?x=1')).status).toBe(400);
    expect(
      (await call('GET', `/api/v1/ar/podcasts/${encodeURIComponent(show?.slug ?? '')}?page=9`)).status,
    ).toBe(404);
    expect((await call('GET', '/api/v1/en/podcasts')).json).toEqual({ shows: [] });
  });

  it('lets an integration start an episode, upload its audio, and publish it as its role allows', async () => {
    const base = `${ADMIN_API_BASE}/podcasts`;
    expect((await call('GET', `${base}/shows`)).status).toBe(401);
    const shows = await call('GET', `${base}/shows`, { token: tokens.writer });
    expect(shows.json.shows.map((s: { id: string }) => s.id)).toContain(showId);
    expect((await call('GET', `${base}/shows/${showId}`, { token: tokens.en })).status).toBe(403);

    const made = await call('POST', `${base}/shows/${showId}/episodes`, {
      token: tokens.writer,
      json: {
        title: 'حلقة من الواجهة',
        notesHtml: '<p>نص <em>مهم</em></p><iframe src="x"></iframe>',
        episodeNumber: 7,
        chapters: { version: '1.2.0', chapters: [{ startTime: 0, title: 'البداية' }] },
        transcript: { text: 'WEBVTT\n\n00:00.000 --> 00:02.000\nنص\n' },
        relatedArticleUrls: [
          `${PUBLIC}${'/ar/2022/11/14/'}${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`,
        ],
      },
    });
    expect(made.status).toBe(201);
    const id = made.json.episode.id as string;
    expect(made.res.headers.get('location')).toBe(`${base}/episodes/${id}`);
    expect(made.json.episode).toMatchObject({
      status: 'draft',
      version: 1,
      notesHtml: '<p>نص <em>مهم</em></p>',
      episodeNumber: 7,
      transcript: { format: 'vtt' },
      relatedArticleIds: [fixture.lead.arId],
      audio: null,
    });

    const bad = await call('POST', `${base}/shows/${showId}/episodes`, {
      token: tokens.writer,
      json: {
        title: 'x',
        chapters: [
          { startTime: 5, title: 'b' },
          { startTime: 1, title: 'a' },
        ],
        extra: 1,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('unknown_fields');

    const audio = new FormData();
    audio.set('file', new File([new Uint8Array(Buffer.from('not audio'.repeat(50)))], 'x.mp3'));
    audio.set('version', '1');
    const refused = await call('POST', `${base}/episodes/${id}/audio`, { token: tokens.writer, form: audio });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('not_audio');

    const good = new FormData();
    good.set('file', new File([new Uint8Array(silentMp3(12))], 'x.mp3'));
    good.set('version', '1');
    const uploaded = await call('POST', `${base}/episodes/${id}/audio`, { token: tokens.writer, form: good });
    expect(uploaded.status).toBe(200);
    expect(uploaded.json.episode).toMatchObject({
      version: 2,
      audio: { durationSeconds: 12, length: 48_000 },
    });

    const stale = await call('PATCH', `${base}/episodes/${id}`, {
      token: tokens.writer,
      json: { version: 1, title: 'y' },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error.current).toEqual({ version: 2 });

    expect((await call('POST', `${base}/episodes/${id}/publish`, { token: tokens.writer })).status).toBe(403);
    const past = await call('POST', `${base}/episodes/${id}/schedule`, {
      token: tokens.editor,
      json: { at: '2022-12-01T10:00:00+02:00' },
    });
    expect(past.status).toBe(422);
    expect(past.json.error.reason).toBe('schedule_in_past');
    const live = await call('POST', `${base}/episodes/${id}/publish`, { token: tokens.editor });
    expect(live.status).toBe(200);
    expect(live.json.episode.status).toBe('published');
    expect(live.json.episode.url).toContain('/ar/podcasts/');
    // Published: a writer may no longer change it.
    expect(
      (
        await call('PATCH', `${base}/episodes/${id}`, {
          token: tokens.writer,
          json: { version: 3, title: 'z' },
        })
      ).status,
    ).toBe(403);
    const revisions = await listPodcastRevisions(db(), 'episode', id);
    expect(revisions.map((r) => [r.kind, r.source])).toEqual([
      ['publish', 'api'],
      ['save', 'api'],
      ['create', 'api'],
    ]);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_id', '=', id)
      .execute();
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({
      source: 'api',
      via: expect.stringMatching(/^integration:/),
    });
  });
});
