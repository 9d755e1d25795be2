import { existsSync, readdirSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { ADMIN_API_BASE } from '../integrations/api.js';
import { createIntegration } from '../integrations/integrations.js';
import { findDeskArticle } from '../newsroom/queries.js';
import { mediaDir } from './routes.js';
import { LocalMediaStorage } from './storage.js';
import { storeUploadedImage } from './upload.js';

/** A camera-like JPEG cut off at 90%: its header is whole, its pixels are not. */
async function truncatedJpeg(): Promise<Buffer> {
  const whole = await sharp({
    create: {
      width: 1200,
      height: 800,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 85 })
    .toBuffer();
  const cut = whole.subarray(0, Math.floor(whole.length * 0.9));
  expect((await sharp(cut).metadata()).format).toBe('jpeg');
  return cut;
}

describeEachDatabase('truncated and corrupt images are refused before anything is stored', (db) => {
  let dataDir: string;
  let fixture: Fixture;
  let jpeg: Buffer;
  let token = '';
  const app = () => testApp(db(), { now: FIXTURE_NOW, dataDir, cache: false }).app;
  const mediaRows = async () => (await db().selectFrom('media').select('id').execute()).length;
  const mediaFiles = () => (existsSync(mediaDir(dataDir)) ? readdirSync(mediaDir(dataDir)).length : 0);

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    jpeg = await truncatedJpeg();
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, FIXTURE_NOW);
    const created = await createIntegration(
      db(),
      { name: 'cms', role: 'writer', editions: ['ar'] },
      null,
      FIXTURE_NOW,
    );
    if (!created.ok) throw new Error(created.error);
    token = created.token;
  });

  async function signedIn() {
    const browser = new TestBrowser(app());
    await browser.get('/admin/sign-in');
    await browser.post('/admin/sign-in', { email: 'writer@news.example', password: PASSWORD });
    await browser.get('/admin');
    return browser;
  }

  function multipart(browser: TestBrowser, url: string, form: FormData, accept = 'text/html') {
    form.set('_csrf', browser.csrf);
    const cookie = [...browser.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    return browser.app.request(url, { method: 'POST', body: form, headers: { cookie, accept } });
  }

  it('storeUploadedImage refuses it as damaged', async () => {
    const [rows, files] = [await mediaRows(), mediaFiles()];
    await expect(
      storeUploadedImage(
        db(),
        new LocalMediaStorage(mediaDir(dataDir)),
        jpeg,
        { alt: 'x', caption: '', credit: '', copyright: '' },
        FIXTURE_NOW,
      ),
    ).rejects.toMatchObject({ code: 'damaged' });
    expect([await mediaRows(), mediaFiles()]).toEqual([rows, files]);
  });

  it('the editor upload answers 400 JSON with the message', async () => {
    const rows = await mediaRows();
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'photo.jpg');
    form.set('alt', 'صورة');
    const res = await multipart(await signedIn(), '/admin/media', form, 'application/json');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'damaged', message: expect.stringContaining('تالفة') });
    expect(await mediaRows()).toBe(rows);
  });

  it('the article form is shown again with what was typed and the message', async () => {
    const browser = await signedIn();
    const created = await browser.post('/admin/articles', {
      edition: 'ar',
      headline: 'خبر بصورة ناقصة',
      standfirst: '',
      body: '<p>نص</p>',
      sectionId: fixture.sections.arWorld,
      topics: '',
      people: '',
      agencyId: '',
      copyright: '',
      slug: '',
    });
    const id = /\/admin\/articles\/(\w+)\?/.exec(created.headers.get('location') ?? '')?.[1] ?? '';
    const article = await findDeskArticle(db(), id);
    if (!article) throw new Error('article missing');
    const form = new FormData();
    const fields: Record<string, string> = {
      expectedVersion: String(article.row.version),
      headline: 'عنوان كتبته للتو',
      standfirst: '',
      body: article.row.body_html,
      sectionId: article.row.section_id ?? '',
      topics: '',
      people: '',
      agencyId: '',
      copyright: '',
      slug: article.row.slug,
      leadMediaId: '',
      imageAlt: 'وصف الصورة',
    };
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    form.set('image', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'photo.jpg');
    const rows = await mediaRows();
    const res = await multipart(browser, `/admin/articles/${id}`, form);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('الصورة تالفة أو ناقصة');
    expect(html).toContain('value="عنوان كتبته للتو"');
    expect(await mediaRows()).toBe(rows);
    expect((await findDeskArticle(db(), id))?.row.headline).toBe('خبر بصورة ناقصة');
  });

  it('the admin API answers 400 JSON', async () => {
    const rows = await mediaRows();
    const form = new FormData();
    form.set('file', new File([new Uint8Array(jpeg)], 'photo.jpg', { type: 'image/jpeg' }));
    form.set('alt', 'صورة');
    const res = await app().request(`${ADMIN_API_BASE}/images`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('damaged');
    expect(await mediaRows()).toBe(rows);
  });
});
