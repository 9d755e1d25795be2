import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';

describeEachDatabase('article preview from the editor', (db) => {
  let fixture: Fixture;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    const dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    app = testApp(db(), { now: FIXTURE_NOW, dataDir, cache: false }).app;
    await seedUser(db(), { email: 'ar-editor@news.example', role: 'editor', editions: ['ar'] }, FIXTURE_NOW);
    await seedUser(db(), { email: 'en-writer@news.example', role: 'writer', editions: ['en'] }, FIXTURE_NOW);
  });

  async function signedIn(email: string) {
    const browser = new TestBrowser(app);
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    await browser.get('/admin');
    return browser;
  }

  const fields = {
    edition: 'ar',
    headline: 'عنوان لم يُحفظ بعد',
    standfirst: 'ملخص المعاينة',
    body: '<p>نص <strong>المعاينة</strong><script>alert(1)</script></p>',
    sectionId: '',
    topics: 'فضاء',
    people: 'كاتب جديد',
    version: '1',
    intent: 'publish',
  };

  it('shows unsaved fields as readers would see them: private, never cached, not indexed', async () => {
    const browser = await signedIn('ar-editor@news.example');
    const res = await browser.post('/admin/articles/new/preview', {
      ...fields,
      sectionId: fixture.sections.arWorld,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    const html = await res.text();
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(html).toContain('<h1>عنوان لم يُحفظ بعد</h1>');
    expect(html).toContain('<strong>المعاينة</strong>');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('كاتب جديد');
    expect(html).toMatch(/<html lang="ar" dir="rtl"/);
  });

  it('credits the agency by its name in the edition language, as the article page will', async () => {
    await db()
      .insertInto('agency_names')
      .values({ agency_id: fixture.agencyId, language: 'ar', name: 'رويترز' })
      .execute();
    const browser = await signedIn('ar-editor@news.example');
    const res = await browser.post('/admin/articles/new/preview', {
      ...fields,
      people: '',
      agencyId: fixture.agencyId,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(
      /<p class="byline">بقلم: <a href="\/ar\/agency\/reuters"><bdi>رويترز<\/bdi><\/a><\/p>/,
    );
    await db().deleteFrom('agency_names').where('agency_id', '=', fixture.agencyId).execute();
  });

  it('previews an existing article with what is typed, and writes nothing', async () => {
    const browser = await signedIn('ar-editor@news.example');
    const id = fixture.lead.arId;
    const before = await db()
      .selectFrom('articles')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const res = await browser.post(`/admin/articles/${id}/preview`, {
      ...fields,
      edition: undefined,
      headline: 'عنوان معدّل في المحرر',
      leadMediaId: fixture.imageId,
      imageCaption: 'تعليق جديد',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('عنوان معدّل في المحرر');
    expect(html).toContain('<picture>');
    expect(html).toContain('تعليق جديد');
    const after = await db()
      .selectFrom('articles')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('is for desk users who may edit the article, with the CSRF token', async () => {
    const anonymous = new TestBrowser(app);
    await anonymous.get('/admin/sign-in');
    const unsigned = await anonymous.post(`/admin/articles/${fixture.lead.arId}/preview`, fields);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).not.toContain('<h1>عنوان لم يُحفظ بعد</h1>');

    const writer = await signedIn('en-writer@news.example');
    expect((await writer.post(`/admin/articles/${fixture.lead.arId}/preview`, fields)).status).toBe(403);
    expect((await writer.post('/admin/articles/new/preview', fields)).status).toBe(403);

    const editor = await signedIn('ar-editor@news.example');
    const forged = await editor.post('/admin/articles/new/preview', { ...fields, _csrf: 'forged' });
    expect(forged.status).toBe(403);
  });
});
