import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedEditions, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';

describeEachDatabase('images uploaded from the rich-text editor', (db) => {
  let dataDir: string;
  const app = () => testApp(db(), { now: FIXTURE_NOW, dataDir, cache: false }).app;

  beforeAll(async () => {
    dataDir = tempDataDir();
    await seedEditions(db(), FIXTURE_NOW);
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, FIXTURE_NOW);
  });

  async function signedIn() {
    const browser = new TestBrowser(app());
    await browser.get('/admin/sign-in');
    await browser.post('/admin/sign-in', { email: 'writer@news.example', password: PASSWORD });
    await browser.get('/admin');
    return browser;
  }

  function upload(
    browser: TestBrowser,
    fields: { file?: Blob; alt?: string; caption?: string; credit?: string; csrf?: string },
  ) {
    const form = new FormData();
    form.set('_csrf', fields.csrf ?? browser.csrf);
    if (fields.file) form.set('file', fields.file, 'photo.png');
    if (fields.alt !== undefined) form.set('alt', fields.alt);
    if (fields.caption !== undefined) form.set('caption', fields.caption);
    if (fields.credit !== undefined) form.set('credit', fields.credit);
    const cookie = [...browser.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    return browser.app.request('/admin/media', {
      method: 'POST',
      body: form,
      headers: { cookie, accept: 'application/json' },
    });
  }

  const mediaCount = async () => (await db().selectFrom('media').select('id').execute()).length;

  it('stores the image and answers what the editor inserts: AVIF, WebP and JPEG widths, caption, credit', async () => {
    const png = await sharp({ create: { width: 900, height: 500, channels: 3, background: '#225588' } })
      .png()
      .toBuffer();
    const res = await upload(await signedIn(), {
      file: new Blob([new Uint8Array(png)]),
      alt: 'خريطة',
      caption: 'خطوط الحافلات الجديدة',
      credit: 'البلدية',
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      width: 900,
      height: 500,
      alt: 'خريطة',
      caption: 'خطوط الحافلات الجديدة',
      credit: 'البلدية',
    });
    expect(body.src).toMatch(/^\/media\/\w+-800\.jpg$/);
    expect(body.srcset).toMatch(/^\/media\/\w+-480\.jpg 480w, \/media\/\w+-800\.jpg 800w$/);
    expect(body.avif).toMatch(/^\/media\/\w+-480\.avif 480w, \/media\/\w+-800\.avif 800w$/);
    expect(body.webp).toMatch(/^\/media\/\w+-480\.webp 480w, \/media\/\w+-800\.webp 800w$/);
    expect((await app().request(String(body.src))).status).toBe(200);
  });

  it('refuses non-images, a missing description, a missing CSRF token and strangers, storing nothing', async () => {
    const before = await mediaCount();
    const browser = await signedIn();
    const notImage = await upload(browser, { file: new Blob(['<svg onload=alert(1)>']), alt: 'x' });
    expect(notImage.status).toBe(400);
    expect(((await notImage.json()) as { error: string }).error).toBe('not_an_image');
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const noAlt = await upload(browser, { file: new Blob([new Uint8Array(png)]), alt: ' ' });
    expect(noAlt.status).toBe(400);
    expect(
      (await upload(browser, { file: new Blob([new Uint8Array(png)]), alt: 'x', csrf: 'forged' })).status,
    ).toBe(403);
    const stranger = await app().request('/admin/media', { method: 'POST', body: new FormData() });
    expect([401, 403]).toContain(stranger.status);
    expect(await mediaCount()).toBe(before);
  });
});
