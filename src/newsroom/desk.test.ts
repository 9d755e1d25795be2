import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import {
  addCorrection,
  createDraft,
  deleteArticle,
  publishNow,
  saveArticle,
  schedulePublish,
  unpublish,
} from '../articles/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { runDueJobs } from '../jobs/runner.js';
import { mediaDir } from '../media/routes.js';
import { MAX_UPLOAD_BYTES } from '../media/upload.js';
import { findDeskArticle, findDeskArticles } from './queries.js';
import { newsroomJobs } from './scheduler.js';

const HOUR = 3_600_000;
const at = (hours: number) => new Date(FIXTURE_NOW.getTime() + hours * HOUR);

describeEachDatabase('newsroom desk over HTTP', (db) => {
  let fixture: Fixture;
  let dataDir: string;
  const ids: Record<string, string> = {};
  const appAt = (when: Date) => testApp(db(), { now: when, dataDir, cache: false }).app;

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    const users = {
      admin: { email: 'admin@news.example', role: 'admin' as const, editions: [] },
      arEditor: { email: 'ar-editor@news.example', role: 'editor' as const, editions: ['ar'] },
      enEditor: { email: 'en-editor@news.example', role: 'editor' as const, editions: ['en'] },
      writer: { email: 'writer@news.example', role: 'writer' as const, editions: ['ar'], language: 'ar' },
      writer2: { email: 'writer2@news.example', role: 'writer' as const, editions: ['ar'] },
    };
    for (const [key, input] of Object.entries(users)) ids[key] = await seedUser(db(), input, FIXTURE_NOW);
    // A user's language follows their first edition; these read the desk in English.
    await db()
      .updateTable('users')
      .set({ language: 'en' })
      .where('id', '!=', ids.writer ?? '')
      .execute();
  });

  async function signedIn(email: string, when = FIXTURE_NOW) {
    const browser = new TestBrowser(appAt(when));
    await browser.get('/admin/sign-in');
    const res = await browser.post('/admin/sign-in', { email, password: PASSWORD });
    expect(res.status).toBe(303);
    await browser.get('/admin');
    return browser;
  }

  const draftFields = (headline: string, extra: Record<string, string> = {}) => ({
    edition: 'ar',
    headline,
    standfirst: 'ملخص قصير',
    body: '<p>نص <strong>مهم</strong><script>alert(1)</script></p>',
    sectionId: fixture.sections.arWorld,
    topics: 'دبلوماسية، موضوع جديد',
    people: 'لينا حداد, كاتب جديد',
    agencyId: '',
    copyright: '© صحيفة',
    slug: '',
    ...extra,
  });

  /** Creates a draft through the form as `browser`'s user; returns its id. */
  async function createThroughForm(browser: TestBrowser, headline: string) {
    const res = await browser.post('/admin/articles', draftFields(headline));
    expect(res.status).toBe(303);
    const id = /\/admin\/articles\/(\w+)\?done=created$/.exec(res.headers.get('location') ?? '')?.[1];
    if (!id) throw new Error(`no editor URL in ${res.headers.get('location')}`);
    return id;
  }

  /** The editor's fields of an article as now stored, to post back. */
  async function editFields(id: string, changes: Record<string, string> = {}) {
    const article = await findDeskArticle(db(), id);
    if (!article) throw new Error('article missing');
    return {
      version: String(article.row.version),
      headline: article.row.headline,
      standfirst: article.row.standfirst,
      body: article.row.body_html,
      sectionId: article.row.section_id ?? '',
      topics: '',
      people: '',
      agencyId: '',
      copyright: article.row.copyright,
      slug: article.row.slug,
      leadMediaId: article.row.lead_media_id ?? '',
      ...changes,
    };
  }

  /** A button in the editor: the stored fields (with `changes`) and the version, with an intent. */
  async function press(
    browser: TestBrowser,
    id: string,
    intent: string,
    changes: Record<string, string | undefined> = {},
  ) {
    return browser.post(`/admin/articles/${id}`, { ...(await editFields(id)), intent, ...changes });
  }

  const statusOf = async (id: string) => (await findDeskArticle(db(), id))?.row.status;
  const versionOf = async (id: string) => (await findDeskArticle(db(), id))?.row.version;

  /** A multipart POST with a file, as a browser sends the editor form. */
  async function postMultipart(
    browser: TestBrowser,
    url: string,
    fields: Record<string, string>,
    file?: { bytes: Buffer; name: string; type: string },
  ) {
    const form = new FormData();
    form.set('_csrf', browser.csrf);
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    if (file) form.set('image', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    const cookie = [...browser.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    return browser.app.request(url, { method: 'POST', body: form, headers: { cookie } });
  }

  it('shows the dashboard lists in the user language, only for their editions, with search and filters', async () => {
    const writer = await signedIn('writer@news.example');
    const mine = await createThroughForm(writer, 'مسودة الكاتب للوحة');
    const page = await (await writer.get('/admin')).text();
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('مسوداتي');
    expect(page).toContain(`href="/admin/articles/${mine}"`);
    expect(page).toContain('href="/admin/articles/new?edition=ar"');
    expect(page).not.toContain('href="/admin/articles/new?edition=en"');
    expect(page).not.toContain('/admin/outbox');
    // Published stories are listed for writers, but not as links to an editor they may not use.
    const published = await (
      await writer.get(`/admin?status=published&q=${encodeURIComponent('رقم 1')}`)
    ).text();
    expect(published).toContain('خبر رقم 1<');
    expect(published).not.toContain(`href="/admin/articles/${fixture.arOthers[0]}"`);

    const editor = await signedIn('en-editor@news.example');
    const enPage = await (await editor.get('/admin?status=published')).text();
    expect(enPage).toContain('Diplomats hold technical talks');
    expect(enPage).not.toContain('دبلوماسيون');

    const admin = await signedIn('admin@news.example');
    const searched = await (await admin.get(`/admin?q=${encodeURIComponent('ISTANBUL')}`)).text();
    expect(searched).toContain('/admin/outbox');
    expect(searched).toContain('Diplomats hold technical talks');
    expect(searched).not.toContain('خبر رقم 3');
    const bySection = await (
      await admin.get(`/admin?status=published&section=${fixture.sections.arScience}`)
    ).text();
    expect(bySection).toContain('خبر رقم 2<');
    expect(bySection).not.toContain('خبر رقم 1<');
  });

  it('searches headline and standfirst case-insensitively in one query function, with LIKE characters literal', async () => {
    const found = await findDeskArticles(db(), { editions: 'all', q: 'low-LEVEL meeting', limit: 10 });
    expect(found.map((f) => f.id)).toEqual([fixture.lead.enId]);
    expect(await findDeskArticles(db(), { editions: 'all', q: '%', limit: 10 })).toEqual([]);
    expect(await findDeskArticles(db(), { editions: ['en'], q: 'رقم', limit: 10 })).toEqual([]);
  });

  it('lets a writer create a draft (topics and people created on the fly) and edit it; the body is sanitized', async () => {
    const writer = await signedIn('writer@news.example');
    const editorPage = await writer.get('/admin/articles/new?edition=ar');
    expect(editorPage.status).toBe(200);
    const form = await editorPage.text();
    expect(form).toContain('data-rich-text');
    expect(form).toMatch(/<script src="\/assets\/desk\.[\w-]+\.js" defer/);
    const id = await createThroughForm(writer, 'قمة المناخ تبدأ');
    const created = await findDeskArticle(db(), id);
    expect(created?.row).toMatchObject({ status: 'draft', slug: 'قمة-المناخ-تبدأ', created_by: ids.writer });
    expect(created?.row.body_html).toBe('<p>نص <strong>مهم</strong></p>');
    expect(created?.snapshot.topicIds[0]).toBe(fixture.topics.arDiplomacy);
    const newTopic = await db()
      .selectFrom('topics')
      .selectAll()
      .where('name', '=', 'موضوع جديد')
      .executeTakeFirst();
    expect(newTopic).toMatchObject({ edition_code: 'ar', slug: 'موضوع-جديد' });
    expect(created?.snapshot.byline[0]).toEqual({ contributorId: fixture.personId });
    expect(created?.snapshot.byline).toHaveLength(2);

    const shown = await (await writer.get(`/admin/articles/${id}?done=created`)).text();
    expect(shown).toContain('أُنشئت المسودة.');
    expect(shown).toContain('value="دبلوماسية, موضوع جديد"');
    expect(shown).toContain('name="intent" value="submit"');
    expect(shown).not.toContain('name="intent" value="publish"');
    expect(shown).not.toContain('name="intent" value="schedule"');
    expect(shown).toContain(`href="/admin/articles/${id}/revisions"`);

    const saved = await writer.post(
      `/admin/articles/${id}`,
      await editFields(id, { headline: 'قمة المناخ تنطلق' }),
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/admin/articles/${id}?done=saved`);
    expect((await findDeskArticle(db(), id))?.row).toMatchObject({ version: 2, slug: 'قمة-المناخ-تنطلق' });
  });

  it('shows validation messages next to fields and keeps what was typed; unknown fields are refused', async () => {
    const writer = await signedIn('writer@news.example');
    const before = await db().selectFrom('articles').select('id').execute();
    const res = await writer.post('/admin/articles', draftFields('', { standfirst: 'ما كتبته لن يضيع' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('اكتب عنوانًا.');
    expect(html).toContain('aria-invalid="true" aria-describedby="headline-error"');
    expect(html).toContain('ما كتبته لن يضيع');
    const unknown = await writer.post('/admin/articles', draftFields('عنوان', { status: 'published' }));
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('(status)');
    const badSection = await writer.post(
      '/admin/articles',
      draftFields('عنوان', { sectionId: fixture.sections.enWorld }),
    );
    expect(badSection.status).toBe(422);
    expect(await db().selectFrom('articles').select('id').execute()).toHaveLength(before.length);
  });

  it("refuses a writer other writers' drafts, published articles, publishing, scheduling and unpublishing", async () => {
    const writer = await signedIn('writer@news.example');
    const other = await signedIn('writer2@news.example');
    const theirs = await createThroughForm(other, 'مسودة كاتب آخر');
    const own = await createThroughForm(writer, 'مسودتي الخاصة');

    expect((await writer.get(`/admin/articles/${theirs}`)).status).toBe(403);
    const edit = await writer.post(
      `/admin/articles/${theirs}`,
      await editFields(theirs, { headline: 'تغيير' }),
    );
    expect(edit.status).toBe(403);
    expect(await versionOf(theirs)).toBe(1);
    expect((await press(writer, theirs, 'submit')).status).toBe(403);
    expect((await writer.post(`/admin/articles/${theirs}/delete`, {})).status).toBe(403);
    expect(await statusOf(theirs)).toBe('draft');

    const published = fixture.arOthers[0] ?? '';
    expect((await writer.get(`/admin/articles/${published}`)).status).toBe(403);
    const publishedEdit = await writer.post(`/admin/articles/${published}`, await editFields(published));
    expect(publishedEdit.status).toBe(403);

    for (const intent of ['publish', 'schedule']) {
      const res = await press(writer, own, intent, { at: '2022-12-03T10:00' });
      expect(res.status, intent).toBe(403);
      expect(await res.text()).toContain('دورك لا يسمح');
    }
    const unpublishOwn = await writer.post(`/admin/articles/${own}/unpublish`, {});
    expect(unpublishOwn.status).toBe(403);
    expect(await versionOf(own)).toBe(1);
    expect((await writer.post(`/admin/articles/${published}/unpublish`, {})).status).toBe(403);
    expect(await statusOf(own)).toBe('draft');
    expect(await statusOf(published)).toBe('published');
    expect(await db().selectFrom('jobs').selectAll().where('subject_id', '=', own).execute()).toEqual([]);

    const submitted = await press(writer, own, 'submit');
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('location')).toBe('/admin?done=submitted');
    expect(await statusOf(own)).toBe('in_review');
    // Once with the editors it is theirs to change.
    expect((await writer.get(`/admin/articles/${own}`)).status).toBe(403);
    expect((await writer.post(`/admin/articles/${own}/delete`, {})).status).toBe(403);

    const another = await createThroughForm(writer, 'مسودة للحذف');
    expect((await writer.post(`/admin/articles/${another}/delete`, {})).status).toBe(303);
    expect(await findDeskArticle(db(), another)).toBeUndefined();
  });

  it('lets an editor do everything in their editions and nothing in others', async () => {
    const arEditor = await signedIn('ar-editor@news.example');
    const enEditor = await signedIn('en-editor@news.example');
    const writer = await signedIn('writer@news.example');
    const id = await createThroughForm(writer, 'خبر للمحرر');

    expect((await enEditor.get(`/admin/articles/${id}`)).status).toBe(403);
    expect((await enEditor.get('/admin/articles/new?edition=ar')).status).toBe(403);
    expect((await enEditor.post('/admin/articles', draftFields('لا'))).status).toBe(403);
    for (const intent of ['save', 'submit', 'publish', 'schedule']) {
      expect((await press(enEditor, id, intent, { at: '2022-12-03T10:00' })).status, intent).toBe(403);
    }
    for (const action of ['unpublish', 'delete']) {
      expect((await enEditor.post(`/admin/articles/${id}/${action}`, {})).status, action).toBe(403);
    }
    expect(await statusOf(id)).toBe('draft');
    expect(await versionOf(id)).toBe(1);

    const page = await (await arEditor.get(`/admin/articles/${id}`)).text();
    for (const intent of ['submit', 'publish', 'schedule'])
      expect(page).toContain(`name="intent" value="${intent}"`);
    expect(page).toContain(`action="/admin/articles/${id}/delete"`);
    expect(
      (await arEditor.post(`/admin/articles/${id}`, await editFields(id, { headline: 'خبر حرره المحرر' })))
        .status,
    ).toBe(303);
    expect((await press(arEditor, id, 'submit')).status).toBe(303);
    expect(await statusOf(id)).toBe('in_review');
    expect((await press(arEditor, id, 'publish')).status).toBe(303);
    expect(await statusOf(id)).toBe('published');
    const live = await (await arEditor.get(`/admin/articles/${id}`)).text();
    expect(live).toContain(`action="/admin/articles/${id}/unpublish"`);
    expect(live).toContain('name="saveKind" value="typo"');
    expect(live).not.toContain('data-autosave="');
    expect((await arEditor.post(`/admin/articles/${id}/unpublish`, {})).status).toBe(303);
    expect(await statusOf(id)).toBe('unpublished');
    expect((await arEditor.post(`/admin/articles/${id}/delete`, {})).status).toBe(303);
    expect(await findDeskArticle(db(), id)).toBeUndefined();
  });

  it('lets an admin publish and delete anywhere, and records who did it in the audit log', async () => {
    const admin = await signedIn('admin@news.example');
    const id = await createDraft(
      db(),
      'en',
      {
        headline: 'Admin story',
        standfirst: '',
        bodyHtml: '<p>x</p>',
        copyright: '',
        sectionId: null,
        leadMediaId: null,
        topicIds: [],
        byline: [],
      },
      { userId: null, now: FIXTURE_NOW },
    );
    expect((await press(admin, id, 'publish')).status).toBe(303);
    expect((await admin.post(`/admin/articles/${id}/unpublish`, {})).status).toBe(303);
    expect((await press(admin, id, 'schedule', { at: '2022-12-03T10:00' })).status).toBe(303);
    expect((await admin.post(`/admin/articles/${id}/delete`, {})).status).toBe(303);
    const audit = await db().selectFrom('audit_log').selectAll().where('subject_id', '=', id).execute();
    const byAction = new Map(audit.map((a) => [a.action, a]));
    expect([...byAction.keys()].sort()).toEqual([
      'article.create',
      'article.delete',
      'article.publish',
      'article.schedule',
      'article.unpublish',
    ]);
    const byAdmin = audit.filter((a) => a.action !== 'article.create');
    expect(byAdmin.every((a) => a.user_id === ids.admin && a.subject_type === 'article')).toBe(true);
    // 10:00 in London in December is 10:00 UTC.
    expect(JSON.parse(byAction.get('article.schedule')?.details ?? '{}')).toEqual({
      at: '2022-12-03T10:00:00.000Z',
      kind: 'schedule',
      source: 'desk',
      version: 4,
    });
    expect(JSON.parse(byAction.get('article.delete')?.details ?? '{}')).toMatchObject({
      edition: 'en',
      headline: 'Admin story',
    });
    expect(await db().selectFrom('jobs').selectAll().where('subject_id', '=', id).execute()).toEqual([]);
    expect(
      await db().selectFrom('article_revisions').selectAll().where('article_id', '=', id).execute(),
    ).toEqual([]);
  });

  it('refuses forms with a missing or wrong CSRF token, changing nothing', async () => {
    const editor = await signedIn('ar-editor@news.example');
    const id = await createThroughForm(editor, 'خبر للحماية');
    for (const token of [undefined, 'forged-token-forged-token']) {
      const save = await editor.post(`/admin/articles/${id}`, {
        ...(await editFields(id, { headline: 'x' })),
        _csrf: token,
      });
      expect(save.status).toBe(403);
      const publish = await editor.post(`/admin/articles/${id}`, {
        ...(await editFields(id, { headline: 'x' })),
        intent: 'publish',
        _csrf: token,
      });
      expect(publish.status).toBe(403);
      const remove = await editor.post(`/admin/articles/${id}/delete`, { _csrf: token });
      expect(remove.status).toBe(403);
    }
    expect((await findDeskArticle(db(), id))?.row).toMatchObject({
      version: 1,
      status: 'draft',
      headline: 'خبر للحماية',
    });
  });

  it('sends someone whose session expired back to sign in with a message', async () => {
    const editor = await signedIn('ar-editor@news.example');
    const id = await createThroughForm(editor, 'خبر قبل انتهاء الجلسة');
    editor.app = appAt(at(15 * 24));
    const res = await editor.get(`/admin/articles/${id}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/admin/sign-in?next=%2Fadmin%2Farticles%2F${id}&ended=1`);
    const signIn = await (await editor.get(res.headers.get('location') ?? '')).text();
    expect(signIn).toContain('Your session has ended. Please sign in again.');
    expect((await press(editor, id, 'publish')).status).toBe(401);
    expect(await statusOf(id)).toBe('draft');
  });

  it('hands back what was typed when the session ended while the form was open, and saves nothing', async () => {
    const editor = await signedIn('ar-editor@news.example');
    const id = await createThroughForm(editor, 'خبر قبل انتهاء الجلسة');
    await editor.get(`/admin/articles/${id}`);
    editor.app = appAt(at(15 * 24));
    const res = await editor.post(`/admin/articles/${id}`, {
      ...(await editFields(id, { headline: 'عنوان كتبته ولم يحفظ', body: '<p>فقرة طويلة لم تحفظ</p>' })),
    });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('Your session has ended. Please sign in again.');
    expect(html).toContain('عنوان كتبته ولم يحفظ');
    expect(html).toContain('&lt;p&gt;فقرة طويلة لم تحفظ&lt;/p&gt;');
    expect(html).toContain('href="/admin/sign-in" target="_blank"');
    expect((await findDeskArticle(db(), id))?.row).toMatchObject({
      version: 1,
      headline: 'خبر قبل انتهاء الجلسة',
    });
  });

  it('detects two saves from the same version: autosave gets 409 JSON, the form a page with both versions', async () => {
    const a = await signedIn('ar-editor@news.example');
    const b = await signedIn('admin@news.example');
    const id = await createThroughForm(a, 'خبر يحرره اثنان');
    const base = await editFields(id);

    const first = await a.post(
      `/admin/articles/${id}`,
      { ...base, standfirst: 'نسخة أ' },
      { accept: 'application/json' },
    );
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ version: 2, repeated: false });

    const second = await b.post(
      `/admin/articles/${id}`,
      { ...base, standfirst: 'نسخة ب' },
      { accept: 'application/json' },
    );
    expect(second.status).toBe(409);
    const conflict = await second.json();
    expect(conflict).toMatchObject({ error: 'conflict', version: 2 });
    expect(conflict.theirs.standfirst).toBe('نسخة أ');
    expect(conflict.yours.standfirst).toBe('نسخة ب');

    const page = await b.post(`/admin/articles/${id}`, { ...base, standfirst: 'نسخة ج كما كتبتها' });
    expect(page.status).toBe(409);
    const html = await page.text();
    expect(html).toContain('Edit conflict');
    expect(html).toContain('<dd>نسخة أ</dd>');
    expect(html).toContain('نسخة ج كما كتبتها</textarea>');
    expect(html).toContain('name="version" value="2"');
    expect((await findDeskArticle(db(), id))?.row).toMatchObject({ version: 2, standfirst: 'نسخة أ' });

    const resubmitted = await b.post(`/admin/articles/${id}`, {
      ...base,
      version: '2',
      standfirst: 'نسخة ج',
    });
    expect(resubmitted.status).toBe(303);
    expect((await findDeskArticle(db(), id))?.row).toMatchObject({ version: 3, standfirst: 'نسخة ج' });
  });

  it('schedules through the form in the edition time zone; the job publishes it on time', async () => {
    const editor = await signedIn('ar-editor@news.example');
    const id = await createThroughForm(editor, 'خبر مجدول');
    const past = await press(editor, id, 'schedule', { at: '2022-12-01T10:00' });
    expect(past.status).toBe(422);
    expect(await past.text()).toContain('Choose a date and time in the future.');
    // 16:00 in Beirut (UTC+2) is 14:00 UTC, two hours after the fixture's now.
    const res = await press(editor, id, 'schedule', { at: '2022-12-02T16:00' });
    expect(res.status).toBe(303);
    expect((await findDeskArticle(db(), id))?.row).toMatchObject({
      status: 'scheduled',
      scheduled_at: '2022-12-02T14:00:00.000Z',
    });
    expect(await runDueJobs(db(), at(1), newsroomJobs)).toBe(0);
    expect(await runDueJobs(db(), at(2.5), newsroomJobs)).toBe(1);
    expect((await findDeskArticle(db(), id))?.row).toMatchObject({
      status: 'published',
      first_published_at: '2022-12-02T14:00:00.000Z',
    });
    const slug = (await findDeskArticle(db(), id))?.row.slug ?? '';
    expect((await appAt(at(3)).request(`/ar/2022/12/02/${encodeURIComponent(slug)}`)).status).toBe(200);
  });

  it('stores an uploaded lead image with AVIF, WebP and JPEG renditions used by the public page', async () => {
    const editor = await signedIn('ar-editor@news.example');
    const id = await createThroughForm(editor, 'خبر بصورة');
    const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#a53a3a' } })
      .png()
      .toBuffer();
    const noAlt = await postMultipart(editor, `/admin/articles/${id}`, await editFields(id), {
      bytes: png,
      name: 'photo.png',
      type: 'image/png',
    });
    expect(noAlt.status).toBe(422);
    expect(await noAlt.text()).toContain('Describe the image for readers who cannot see it.');

    const res = await postMultipart(
      editor,
      `/admin/articles/${id}`,
      await editFields(id, { imageAlt: 'صورة حمراء', imageCaption: 'تعليق', imageCredit: 'صحيفة' }),
      { bytes: png, name: 'photo.png', type: 'image/png' },
    );
    expect(res.status).toBe(303);
    const mediaId = (await findDeskArticle(db(), id))?.row.lead_media_id ?? '';
    expect(mediaId).not.toBe('');
    const files = readdirSync(mediaDir(dataDir)).filter((f) => f.startsWith(mediaId));
    expect(files.map((f) => path.extname(f)).sort()).toEqual([
      '.avif',
      '.avif',
      '.jpg',
      '.jpg',
      '.webp',
      '.webp',
    ]);
    expect(await (await editor.get(`/admin/articles/${id}`)).text()).toContain('alt="صورة حمراء"');

    await press(editor, id, 'publish');
    const slug = (await findDeskArticle(db(), id))?.row.slug ?? '';
    const page = await (
      await appAt(FIXTURE_NOW).request(`/ar/2022/12/02/${encodeURIComponent(slug)}`)
    ).text();
    expect(page).toMatch(
      new RegExp(
        `<source type="image/avif" srcset="/media/${mediaId}-480\\.avif 480w, /media/${mediaId}-800\\.avif 800w"`,
      ),
    );
    expect(page).toMatch(new RegExp(`<source type="image/webp" srcset="/media/${mediaId}-480\\.webp 480w`));
    expect(page).toMatch(
      new RegExp(`srcset="/media/${mediaId}-480\\.jpg 480w, /media/${mediaId}-800\\.jpg 800w"`),
    );
  });

  it('refuses non-image and oversized uploads with a message, changing nothing', async () => {
    const editor = await signedIn('ar-editor@news.example');
    const id = await createThroughForm(editor, 'خبر بملف خاطئ');
    const mediaBefore = (await db().selectFrom('media').select('id').execute()).length;
    const fields = await editFields(id, { imageAlt: 'وصف', headline: 'عنوان لن يُحفظ' });
    const text = await postMultipart(editor, `/admin/articles/${id}`, fields, {
      bytes: Buffer.from('not an image at all'),
      name: 'notes.png',
      type: 'image/png',
    });
    expect(text.status).toBe(422);
    const html = await text.text();
    expect(html).toContain('This file is not an image');
    expect(html).toContain('value="عنوان لن يُحفظ"');
    const big = await postMultipart(editor, `/admin/articles/${id}`, fields, {
      bytes: Buffer.alloc(MAX_UPLOAD_BYTES + 1, 1),
      name: 'huge.jpg',
      type: 'image/jpeg',
    });
    expect(big.status).toBe(422);
    expect(await big.text()).toContain('larger than 15 MB');
    expect((await db().selectFrom('media').select('id').execute()).length).toBe(mediaBefore);
    expect((await findDeskArticle(db(), id))?.row).toMatchObject({ version: 1, headline: 'خبر بملف خاطئ' });
  });

  it('keeps the old address of a published article redirecting (301) after its slug changes', async () => {
    const editor = await signedIn('ar-editor@news.example');
    const id = await createThroughForm(editor, 'عنوان أول');
    await publishNow(db(), id, { userId: ids.arEditor ?? null, now: FIXTURE_NOW });
    const oldPath = `/ar/2022/12/02/${encodeURIComponent('عنوان-أول')}`;
    expect((await appAt(FIXTURE_NOW).request(oldPath)).status).toBe(200);
    // The headline alone no longer moves the slug of a published article.
    await editor.post(
      `/admin/articles/${id}`,
      await editFields(id, { headline: 'عنوان ثان', saveKind: 'typo' }),
    );
    expect((await findDeskArticle(db(), id))?.row.slug).toBe('عنوان-أول');
    const res = await editor.post(`/admin/articles/${id}`, await editFields(id, { slug: 'عنوان-جديد' }));
    expect(res.status).toBe(303);
    const moved = await appAt(FIXTURE_NOW).request(oldPath);
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe(`/ar/2022/12/02/${encodeURIComponent('عنوان-جديد')}`);
  });

  it('moves "last updated" for an update of a published article but not for a typo fix', async () => {
    const editor = await signedIn('ar-editor@news.example');
    const id = await createThroughForm(editor, 'خبر للتحديث');
    await publishNow(db(), id, { userId: null, now: at(-5) });
    editor.app = appAt(at(1));
    await editor.post(
      `/admin/articles/${id}`,
      await editFields(id, { standfirst: 'تصحيح', saveKind: 'typo' }),
    );
    expect((await findDeskArticle(db(), id))?.row.last_updated_at).toBe(at(-5).toISOString());
    await editor.post(
      `/admin/articles/${id}`,
      await editFields(id, { standfirst: 'تحديث', saveKind: 'update' }),
    );
    expect((await findDeskArticle(db(), id))?.row.last_updated_at).toBe(at(1).toISOString());
  });
});

describeEachDatabase('newsroom audit from workflow functions', (db) => {
  it('records corrections and integrations (via) in the same transaction as the change', async () => {
    const dataDir = tempDataDir();
    const fixture = await seedFixture(db(), dataDir);
    const userId = await seedUser(db(), { email: 'api@news.example' }, FIXTURE_NOW);
    await addCorrection(db(), fixture.lead.arId, 'صُحّح التاريخ', { userId, now: at(1), via: 'api' });
    const rows = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_id', '=', fixture.lead.arId)
      .execute();
    expect(rows.map((r) => [r.action, r.user_id, JSON.parse(r.details)])).toEqual([
      [
        'article.correction',
        userId,
        { text: 'صُحّح التاريخ', via: 'api', kind: 'correction', source: 'desk', version: 2 },
      ],
    ]);
  });
});

describeEachDatabase('deleting an article', (db) => {
  it('removes it with its relations, revisions, corrections, jobs and redirects in one go, purging its pages', async () => {
    const dataDir = tempDataDir();
    const fixture = await seedFixture(db(), dataDir);
    const act = { userId: null, now: FIXTURE_NOW };
    const id = await createDraft(
      db(),
      'ar',
      {
        headline: 'خبر سيُحذف',
        standfirst: '',
        bodyHtml: '<p>نص</p>',
        copyright: '',
        sectionId: fixture.sections.arWorld,
        leadMediaId: null,
        topicIds: [fixture.topics.arSpace],
        byline: [{ contributorId: fixture.personId }],
      },
      act,
    );
    await publishNow(db(), id, act);
    const current = await findDeskArticle(db(), id);
    if (!current) throw new Error('missing');
    await saveArticle(
      db(),
      id,
      { expectedVersion: 2, snapshot: { ...current.snapshot, slug: 'اسم-جديد' }, kind: 'typo' },
      act,
    );
    await addCorrection(db(), id, 'تصويب', act);
    await unpublish(db(), id, act);
    await schedulePublish(db(), id, at(5), act);
    const before = await db()
      .selectFrom('content_changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();

    await deleteArticle(db(), id, act);
    expect(await findDeskArticle(db(), id)).toBeUndefined();
    for (const table of [
      'article_topics',
      'article_bylines',
      'article_revisions',
      'article_corrections',
      'slug_redirects',
    ] as const) {
      expect(await db().selectFrom(table).selectAll().where('article_id', '=', id).execute(), table).toEqual(
        [],
      );
    }
    expect(await db().selectFrom('jobs').selectAll().where('subject_id', '=', id).execute()).toEqual([]);
    const changes = await db()
      .selectFrom('content_changes')
      .select('tags')
      .where('seq', '>', Number(before?.seq ?? 0))
      .execute();
    const tags = changes.flatMap((c) => c.tags.split(' '));
    expect(tags).toEqual(
      expect.arrayContaining([
        `article:${id}`,
        'list:ar',
        `section:${fixture.sections.arWorld}`,
        `topic:${fixture.topics.arSpace}`,
      ]),
    );
    await expect(deleteArticle(db(), id, act)).rejects.toThrow('No such article');
  });
});
