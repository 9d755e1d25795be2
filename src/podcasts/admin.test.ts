import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { mediaDir } from '../media/routes.js';
import { findEpisode, findShow, listDeskEpisodes } from './queries.js';
import { artwork, seedShow, silentM4a, silentMp3 } from './testing.js';

const now = FIXTURE_NOW;

type Files = Record<string, { bytes: Buffer; name: string; type: string }>;

/** A multipart form POST from `browser` (its cookies and CSRF token), as a browser sends a form with files. */
async function postForm(
  browser: TestBrowser,
  path: string,
  fields: Record<string, string>,
  files: Files = {},
) {
  const body = new FormData();
  body.set('_csrf', browser.csrf);
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const [name, file] of Object.entries(files))
    body.set(name, new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return browser.app.request(path, { method: 'POST', body, headers: { cookie } });
}

const showForm = (overrides: Record<string, string> = {}) => ({
  edition: 'ar',
  title: 'حديث المساء',
  slug: '',
  description: 'حوار يومي مع صحافيي الصحيفة.',
  language: 'ar',
  category: 'News › News Commentary',
  showType: 'episodic',
  author: 'صحيفة',
  ownerName: 'فريق البودكاست',
  ownerEmail: 'podcasts@news.example',
  copyright: '© صحيفة',
  locked: '1',
  appleUrl: '',
  spotifyUrl: 'https://open.spotify.com/show/abc',
  ...overrides,
});

const episodeForm = (overrides: Record<string, string> = {}) => ({
  title: 'حلقة الافتتاح',
  slug: '',
  notes: '<p>ضيفنا <strong>اليوم</strong><script>alert(1)</script></p><img src="x.png">',
  episodeType: 'full',
  episodeNumber: '1',
  seasonNumber: '',
  chapters: '0:00 المقدمة\n0:15 الحوار',
  related: '',
  intent: 'save',
  at: '',
  ...overrides,
});

const mp3 = (seconds = 30) => ({ bytes: silentMp3(seconds), name: 'episode.mp3', type: 'audio/mpeg' });
const VTT = 'WEBVTT\n\n00:00.000 --> 00:03.000\nمرحباً\n';

describeEachDatabase('the podcast desk (/admin/podcasts)', (db) => {
  const dataDir = tempDataDir();
  let fixture: Fixture;
  const files = () => readdirSync(path.join(mediaDir(dataDir), 'podcasts')).sort();

  async function signedIn(email: string) {
    const { app } = testApp(db(), { now, dataDir });
    const browser = new TestBrowser(app);
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    await browser.get('/admin/podcasts');
    return browser;
  }

  beforeAll(async () => {
    fixture = await seedFixture(db(), dataDir);
    await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['ar'] }, now);
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, now);
    await seedUser(db(), { email: 'en-editor@news.example', role: 'editor', editions: ['en'] }, now);
    // The directory exists before the first test counts its files.
    await seedShow(db(), dataDir, now, { fields: { title: 'برنامج موجود' } });
  });

  it('lets an editor create a show with its artwork; artwork Apple would refuse is refused with the form shown back', async () => {
    const editor = await signedIn('editor@news.example');
    const list = await (await editor.get('/admin/podcasts')).text();
    expect(list).toContain('href="/admin/podcasts/shows/new?edition=ar"');
    expect(list).not.toContain('edition=en');

    const before = files();
    const small = await postForm(editor, '/admin/podcasts/shows', showForm(), {
      artwork: { bytes: await artwork({ width: 1000 }), name: 'art.jpg', type: 'image/jpeg' },
    });
    expect(small.status).toBe(422);
    const page = await small.text();
    expect(page).toContain('من 1400 إلى 3000 بكسل (ضلعها 1000)');
    expect(page).toContain('value="حديث المساء"');
    expect(page).toContain('حوار يومي مع صحافيي الصحيفة.');
    const notSquare = await postForm(editor, '/admin/podcasts/shows', showForm(), {
      artwork: { bytes: await artwork({ width: 1600, height: 1400 }), name: 'art.png', type: 'image/png' },
    });
    expect(await notSquare.text()).toContain('مربعة (أبعادها 1600×1400)');
    const badEmail = await postForm(
      editor,
      '/admin/podcasts/shows',
      showForm({ ownerEmail: 'not an address', category: 'Cooking' }),
    );
    const badPage = await badEmail.text();
    expect(badEmail.status).toBe(422);
    expect(badPage).toContain('عنوان بريد مثل');
    expect(badPage).toContain('اختر أحد تصنيفات Apple.');
    expect(files()).toEqual(before);
    expect(
      await db().selectFrom('podcast_shows').select('id').where('title', '=', 'حديث المساء').execute(),
    ).toEqual([]);

    const made = await postForm(editor, '/admin/podcasts/shows', showForm(), {
      artwork: { bytes: await artwork({ width: 1500, format: 'png' }), name: 'art.png', type: 'image/png' },
    });
    expect(made.status).toBe(303);
    const showId = /shows\/([0-9a-z]+)\?done=created/.exec(made.headers.get('location') ?? '')?.[1] ?? '';
    const show = await findShow(db(), showId);
    expect(show).toMatchObject({
      title: 'حديث المساء',
      category: 'News',
      subcategory: 'News Commentary',
      locked: true,
      explicit: false,
      spotifyUrl: 'https://open.spotify.com/show/abc',
      artwork: { width: 1500, contentType: 'image/png' },
    });
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', showId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['podcast.show_create']);
  });

  it('keeps writers to episodes: no show settings, drafts only', async () => {
    const writer = await signedIn('writer@news.example');
    expect((await postForm(writer, '/admin/podcasts/shows', showForm({ title: 'لن يُنشأ' }))).status).toBe(
      403,
    );
    const showId =
      (
        await db()
          .selectFrom('podcast_shows')
          .select('id')
          .where('title', '=', 'برنامج موجود')
          .executeTakeFirst()
      )?.id ?? '';
    const page = await (await writer.get(`/admin/podcasts/shows/${showId}`)).text();
    expect(page).not.toContain('name="ownerEmail"');
    expect(page).toContain(`href="/admin/podcasts/shows/${showId}/episodes/new"`);
    const draft = await postForm(
      writer,
      `/admin/podcasts/shows/${showId}/episodes`,
      episodeForm({ title: 'مسودة كاتب' }),
      { audio: mp3() },
    );
    expect(draft.status).toBe(303);
    const episodeId = /episodes\/([0-9a-z]+)/.exec(draft.headers.get('location') ?? '')?.[1] ?? '';
    const form = await (await writer.get(`/admin/podcasts/episodes/${episodeId}`)).text();
    expect(form).not.toContain('value="publish"');
    const episode = await findEpisode(db(), episodeId);
    expect(
      (
        await postForm(
          writer,
          `/admin/podcasts/episodes/${episodeId}`,
          episodeForm({ title: 'مسودة كاتب', intent: 'publish', version: String(episode?.version) }),
        )
      ).status,
    ).toBe(403);
    expect((await postForm(writer, `/admin/podcasts/episodes/${episodeId}/delete`, {})).status).toBe(403);
    // Once it is out, a writer sees it but has no form to change it.
    await db()
      .updateTable('podcast_episodes')
      .set({ status: 'unpublished' })
      .where('id', '=', episodeId)
      .execute();
    const readOnly = await (await writer.get(`/admin/podcasts/episodes/${episodeId}`)).text();
    expect(readOnly).not.toContain('name="intent"');
    expect(readOnly).toContain('يغيّرها المحررون');
    // Another edition's editor sees nothing of it.
    const other = await signedIn('en-editor@news.example');
    expect((await other.get(`/admin/podcasts/episodes/${episodeId}`)).status).toBe(403);
  });

  it('uploads an episode with audio, chapters and a transcript and publishes it in one press', async () => {
    const editor = await signedIn('editor@news.example');
    const showId =
      (
        await db()
          .selectFrom('podcast_shows')
          .select('id')
          .where('title', '=', 'برنامج موجود')
          .executeTakeFirst()
      )?.id ?? '';
    const related = `https://news.example/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;
    const res = await postForm(
      editor,
      `/admin/podcasts/shows/${showId}/episodes`,
      episodeForm({ intent: 'publish', related, seasonNumber: '2' }),
      { audio: mp3(36), transcript: { bytes: Buffer.from(VTT), name: 'ep.vtt', type: 'text/vtt' } },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\?done=published$/);
    const episodeId = /episodes\/([0-9a-z]+)/.exec(res.headers.get('location') ?? '')?.[1] ?? '';
    const episode = await findEpisode(db(), episodeId);
    expect(episode).toMatchObject({
      status: 'published',
      title: 'حلقة الافتتاح',
      seasonNumber: 2,
      notesHtml: '<p>ضيفنا <strong>اليوم</strong></p>',
      chapters: [
        { startTime: 0, title: 'المقدمة' },
        { startTime: 15, title: 'الحوار' },
      ],
      transcript: { format: 'vtt', text: VTT },
      relatedArticleIds: [fixture.lead.arId],
    });
    expect(episode?.audio?.durationMs).toBe(36_000);
    const page = await (await editor.get(`/admin/podcasts/episodes/${episodeId}`)).text();
    expect(page).toContain('0:00 المقدمة\n0:15 الحوار');
    expect(page).toContain(related);
    expect(page).toContain('data-rich-text=""');
    expect(page).toContain('data-tools="bold italic bulletList orderedList link"');
    // The edition's pages now link to its podcasts.
    const { app } = testApp(db(), { now, dataDir });
    expect(await (await app.request('/ar')).text()).toContain('href="/ar/podcasts"');
  });

  it('refuses a file renamed .mp3, damaged audio, a transcript that does not parse, bad chapters: nothing stored', async () => {
    const editor = await signedIn('editor@news.example');
    const showId =
      (
        await db()
          .selectFrom('podcast_shows')
          .select('id')
          .where('title', '=', 'برنامج موجود')
          .executeTakeFirst()
      )?.id ?? '';
    const count = async () => (await listDeskEpisodes(db(), showId)).length;
    const episodes = await count();
    const before = files();
    const path = `/admin/podcasts/shows/${showId}/episodes`;

    const renamed = await postForm(editor, path, episodeForm({ title: 'ملف مزيف' }), {
      audio: {
        bytes: Buffer.from('%PDF-1.4 not audio at all\n'.repeat(100)),
        name: 'fake.mp3',
        type: 'audio/mpeg',
      },
    });
    expect(renamed.status).toBe(422);
    const renamedPage = await renamed.text();
    expect(renamedPage).toContain('هذا ليس ملفاً صوتياً MP3 أو M4A (AAC) مهما كان اسمه');
    expect(renamedPage).toContain('value="ملف مزيف"');
    expect(renamedPage).toContain('0:00 المقدمة');

    const cut = silentM4a(20);
    const damaged = await postForm(editor, path, episodeForm(), {
      audio: { bytes: cut.subarray(0, cut.length - 40), name: 'cut.m4a', type: 'audio/mp4' },
    });
    expect(await damaged.text()).toContain('الملف الصوتي تالف أو ناقص');

    const transcript = await postForm(editor, path, episodeForm(), {
      audio: mp3(),
      transcript: {
        bytes: Buffer.from('WEBVTT\n\n00:01.000 --> later\nhello\n'),
        name: 'bad.vtt',
        type: 'text/vtt',
      },
    });
    expect(transcript.status).toBe(422);
    expect(await transcript.text()).toContain('تعذرت قراءة النص عند السطر 3');

    const chapters = await postForm(editor, path, episodeForm({ chapters: '0:30 ب\n0:10 أ' }), {
      audio: mp3(),
    });
    expect(await chapters.text()).toContain('تعذرت قراءة الفصول عند السطر 2');
    const afterEnd = await postForm(editor, path, episodeForm({ chapters: '0:00 أ\n5:00 ب' }), {
      audio: mp3(),
    });
    expect(afterEnd.status).toBe(422);
    expect(await afterEnd.text()).toContain('يبدأ أحد الفصول بعد نهاية الصوت');
    const related = await postForm(editor, path, episodeForm({ related: 'https://elsewhere.example/x' }), {
      audio: mp3(),
    });
    expect(await related.text()).toContain('ليس موضوعاً منشوراً في هذه الطبعة');
    const nul = await postForm(editor, path, episodeForm({ title: 'عنوان\0خفي' }), { audio: mp3() });
    expect(nul.status).toBe(422);
    expect(await nul.text()).toContain('لا يمكن حفظه');

    expect(await count()).toBe(episodes);
    expect(files()).toEqual(before);
  });

  it('refuses to publish an episode of a show without artwork: the episode is not even made', async () => {
    const editor = await signedIn('editor@news.example');
    const bare = await seedShow(db(), dataDir, now, { fields: { title: 'بلا صورة' } });
    await db().updateTable('podcast_shows').set({ artwork_id: null }).where('id', '=', bare).execute();
    const before = files();
    const res = await postForm(
      editor,
      `/admin/podcasts/shows/${bare}/episodes`,
      episodeForm({ intent: 'publish' }),
      { audio: mp3() },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('يحتاج البرنامج إلى صورته قبل نشر أي حلقة');
    expect(await listDeskEpisodes(db(), bare)).toEqual([]);
    expect(files()).toEqual(before);
  });

  it('saves with the version check, schedules, unpublishes and deletes', async () => {
    const editor = await signedIn('editor@news.example');
    const showId =
      (
        await db()
          .selectFrom('podcast_shows')
          .select('id')
          .where('title', '=', 'برنامج موجود')
          .executeTakeFirst()
      )?.id ?? '';
    const made = await postForm(
      editor,
      `/admin/podcasts/shows/${showId}/episodes`,
      episodeForm({ title: 'للجدولة' }),
      { audio: mp3() },
    );
    const episodeId = /episodes\/([0-9a-z]+)/.exec(made.headers.get('location') ?? '')?.[1] ?? '';
    const path = `/admin/podcasts/episodes/${episodeId}`;
    expect((await postForm(editor, path, episodeForm({ title: 'للجدولة ١', version: '1' }))).status).toBe(
      303,
    );
    const stale = await postForm(editor, path, episodeForm({ title: 'للجدولة ٢', version: '1' }));
    expect(stale.status).toBe(409);
    const stalePage = await stale.text();
    expect(stalePage).toContain('وهي الآن في النسخة 2');
    expect(stalePage).toContain('value="للجدولة ٢"');
    expect(stalePage).toContain('name="version" value="2"');
    expect((await findEpisode(db(), episodeId))?.title).toBe('للجدولة ١');

    const past = await postForm(
      editor,
      path,
      episodeForm({ title: 'للجدولة ١', version: '2', intent: 'schedule', at: '2022-12-01T09:00' }),
    );
    expect(past.status).toBe(422);
    const scheduled = await postForm(
      editor,
      path,
      episodeForm({ title: 'للجدولة ١', version: '2', intent: 'schedule', at: '2022-12-03T09:00' }),
    );
    expect(scheduled.status).toBe(303);
    // Asia/Beirut is UTC+2 in December.
    expect(await findEpisode(db(), episodeId)).toMatchObject({
      status: 'scheduled',
      scheduledAt: '2022-12-03T07:00:00.000Z',
    });
    expect((await postForm(editor, `${path}/unpublish`, {})).headers.get('location')).toContain(
      'done=unscheduled',
    );
    expect((await findEpisode(db(), episodeId))?.status).toBe('draft');
    const deleted = await postForm(editor, `${path}/delete`, {});
    expect(deleted.headers.get('location')).toBe(`/admin/podcasts/shows/${showId}?done=deleted`);
    expect(await findEpisode(db(), episodeId)).toBeUndefined();
  });

  it("takes audio larger than the desk's 16 MB limit for images, and refuses a form without its CSRF token", async () => {
    const editor = await signedIn('editor@news.example');
    const showId =
      (
        await db()
          .selectFrom('podcast_shows')
          .select('id')
          .where('title', '=', 'برنامج موجود')
          .executeTakeFirst()
      )?.id ?? '';
    const big = silentMp3(4500);
    expect(big.length).toBeGreaterThan(17 * 1024 * 1024);
    const res = await postForm(
      editor,
      `/admin/podcasts/shows/${showId}/episodes`,
      episodeForm({ title: 'حلقة طويلة', chapters: '' }),
      {
        audio: { bytes: big, name: 'long.mp3', type: 'audio/mpeg' },
      },
    );
    expect(res.status).toBe(303);
    // Above the podcast desk's own limit: refused before the body is read.
    const cookie = [...editor.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const huge = await editor.app.request(`/admin/podcasts/shows/${showId}/episodes`, {
      method: 'POST',
      body: 'x',
      headers: {
        cookie,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(230 * 1024 * 1024),
      },
    });
    expect(huge.status).toBe(413);
    editor.csrf = 'wrong';
    expect(
      (await postForm(editor, `/admin/podcasts/shows/${showId}/episodes`, episodeForm({ title: 'بلا رمز' })))
        .status,
    ).toBe(403);
  }, 60_000);
});
