import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { findDeskEvent, listEventRevisions } from './queries.js';

const now = FIXTURE_NOW;

/** A complete, valid form for a new Arabic event (strings, as a browser sends them). */
function form(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    edition: 'ar',
    intent: 'save',
    title: 'أمسية موسيقية في الساحة',
    summary: 'فرقة المدينة تعزف في الهواء الطلق.',
    description: '<p>برنامج <strong>الأمسية</strong></p>',
    timeZone: 'Asia/Beirut',
    startDate: '2022-12-15',
    startTime: '19:30',
    endDate: '',
    endTime: '21:30',
    status: 'scheduled',
    attendance: 'in_person',
    venueName: 'ساحة الشهداء',
    venueAddress: 'وسط بيروت',
    mapUrl: '',
    onlineUrl: '',
    organizerName: 'بلدية بيروت',
    organizerUrl: 'https://example.com/municipality',
    sectionId: '',
    topics: 'موسيقى، الفضاء',
    articles: '',
    slug: '',
    imageAlt: '',
    imageCaption: '',
    imageCredit: '',
    imageId: '',
    ...overrides,
  };
}

describeEachDatabase('the events desk (/admin/events)', (db) => {
  const dataDir = tempDataDir();
  let fixture: Fixture;

  async function signedIn(email: string) {
    const { app } = testApp(db(), { now, dataDir });
    const browser = new TestBrowser(app);
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }
  const countEvents = async () => (await db().selectFrom('events').select('id').execute()).length;
  const idFrom = (location: string | null) => /\/admin\/events\/(\w+)/.exec(location ?? '')?.[1] ?? '';

  beforeAll(async () => {
    fixture = await seedFixture(db(), dataDir);
    await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['ar'] }, now);
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, now);
    await seedUser(db(), { email: 'en-writer@news.example', role: 'writer', editions: ['en'] }, now);
    await seedUser(db(), { email: 'admin@news.example', role: 'admin', editions: [] }, now);
  });

  it('lists events with a way to start one, and a form with the edition’s zone and the rich-text editor', async () => {
    const browser = await signedIn('editor@news.example');
    const list = await browser.get('/admin/events');
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('href="/admin/events/new?edition=ar"');
    expect(html).not.toContain('href="/admin/events/new?edition=en"');
    const page = await (await browser.get('/admin/events/new?edition=ar')).text();
    expect(page).toContain('value="Asia/Beirut"');
    expect(page).toContain('<datalist id="event-zones">');
    expect(page).toContain('data-rich-text=""');
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).toContain('name="_csrf"');
    expect((await browser.get('/admin/events/new?edition=en')).status).toBe(403);
  });

  it('refuses a form without the CSRF token, saving nothing', async () => {
    const browser = await signedIn('editor@news.example');
    await browser.get('/admin/events/new?edition=ar');
    const before = await countEvents();
    const res = await browser.post('/admin/events/new', { ...form(), _csrf: 'forged' });
    expect(res.status).toBe(403);
    expect(await countEvents()).toBe(before);
  });

  it('refuses bad input with clear messages, everything typed shown back, nothing saved', async () => {
    const browser = await signedIn('editor@news.example');
    await browser.get('/admin/events/new?edition=ar');
    const before = await countEvents();
    const cases: [Record<string, string>, string][] = [
      [{ endTime: '18:00' }, 'يجب أن ينتهي الحدث بعد أن يبدأ.'],
      [{ timeZone: 'Beirut/Somewhere' }, 'هذه ليست منطقة زمنية نعرفها'],
      [{ startDate: '2026-02-30', endDate: '2026-03-01' }, 'أدخل تاريخًا صحيحًا'],
      [{ venueName: '', onlineUrl: '' }, 'حدّد مكان الحدث'],
      [{ attendance: 'online', onlineUrl: '' }, 'أدخل الرابط الذي يشارك منه الناس عبر الإنترنت.'],
      [
        { timeZone: 'Asia/Beirut', startDate: '2026-03-29', startTime: '00:30', endTime: '02:00' },
        'الساعة تقفز عن هذا الوقت',
      ],
      [
        { articles: 'https://news.example/en/2022/11/14/diplomats-hold-technical-talks' },
        'ليس مقالًا في هذه الطبعة',
      ],
      [{ title: 'عنوان\u0000مكسور' }, 'لا يمكن حفظه'],
    ];
    for (const [overrides, message] of cases) {
      const res = await browser.post('/admin/events/new', form(overrides));
      expect(res.status, message).toBe(422);
      const html = await res.text();
      expect(html, message).toContain(message);
      // Everything typed comes back.
      expect(html).toContain('برنامج &lt;strong&gt;الأمسية&lt;/strong&gt;');
      expect(html).toContain('فرقة المدينة تعزف في الهواء الطلق.');
      expect(html).toContain('value="بلدية بيروت"');
      expect(html).toContain('value="موسيقى، الفضاء"');
      for (const value of Object.values(overrides))
        if (!value.includes('\u0000')) expect(html).toContain(value);
    }
    const unknown = await browser.post('/admin/events/new', form({ colour: 'red' }));
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('colour');
    expect(await countEvents()).toBe(before);
  });

  it('creates a draft, links articles by their address, and saves it over the version it had', async () => {
    const browser = await signedIn('editor@news.example');
    await browser.get('/admin/events/new?edition=ar');
    const articleUrl =
      'https://news.example/ar/2022/11/14/%D8%AF%D8%A8%D9%84%D9%88%D9%85%D8%A7%D8%B3%D9%8A%D9%88%D9%86-%D9%8A%D8%AC%D8%B1%D9%88%D9%86-%D9%85%D8%AD%D8%A7%D8%AF%D8%AB%D8%A7%D8%AA';
    const created = await browser.post(
      '/admin/events/new',
      form({ sectionId: fixture.sections.arWorld, articles: `${articleUrl}\n${fixture.arOthers[1]}` }),
    );
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toMatch(/\/admin\/events\/\w+\?done=created$/);
    const id = idFrom(created.headers.get('location'));
    const event = await findDeskEvent(db(), id);
    expect(event?.row).toMatchObject({
      publication: 'draft',
      starts_at: '2022-12-15T17:30:00.000Z',
      ends_at: '2022-12-15T19:30:00.000Z',
      section_id: fixture.sections.arWorld,
      description_html: '<p>برنامج <strong>الأمسية</strong></p>',
    });
    expect(event?.snapshot.articleIds).toEqual([fixture.lead.arId, fixture.arOthers[1]]);
    expect(event?.snapshot.topicIds).toHaveLength(2);
    expect(event?.snapshot.topicIds).toContain(fixture.topics.arSpace);

    const edit = await (await browser.get(`/admin/events/${id}?done=created`)).text();
    expect(edit).toContain('حُفظت المسودة.');
    expect(edit).toContain('name="version" value="1"');
    expect(edit).toContain('value="2022-12-15"');
    expect(edit).toContain('/ar/2022/11/14/');
    const saved = await browser.post(
      `/admin/events/${id}`,
      form({ version: '1', title: 'أمسية موسيقية كبرى', edition: undefined }),
    );
    expect(saved.status).toBe(303);
    expect((await findDeskEvent(db(), id))?.row).toMatchObject({ version: 2, title: 'أمسية موسيقية كبرى' });
    // Someone else's save came first: 409, the typed text kept, the form now on the current version.
    const stale = await browser.post(
      `/admin/events/${id}`,
      form({ version: '1', title: 'نسختي القديمة', edition: undefined }),
    );
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('value="نسختي القديمة"');
    expect(html).toContain('name="version" value="2"');
    expect((await findDeskEvent(db(), id))?.row.title).toBe('أمسية موسيقية كبرى');
  });

  it('lets writers draft and edit their own events but not publish them or touch others’', async () => {
    const editor = await signedIn('editor@news.example');
    await editor.get('/admin/events/new?edition=ar');
    const editorsId = idFrom(
      (await editor.post('/admin/events/new', form({ title: 'حدث المحرر' }))).headers.get('location'),
    );

    const writer = await signedIn('writer@news.example');
    await writer.get('/admin/events/new?edition=ar');
    const before = await countEvents();
    // Saving and publishing at once is an editor's: refused, nothing saved.
    expect((await writer.post('/admin/events/new', form({ intent: 'publish' }))).status).toBe(403);
    expect(await countEvents()).toBe(before);
    const own = await writer.post('/admin/events/new', form({ title: 'مسودة الكاتب' }));
    expect(own.status).toBe(303);
    const ownId = idFrom(own.headers.get('location'));
    const ownPage = await (await writer.get(`/admin/events/${ownId}`)).text();
    expect(ownPage).not.toContain(`action="/admin/events/${ownId}/publish"`);
    expect(ownPage).not.toContain('value="publish"');
    expect(
      (await writer.post(`/admin/events/${ownId}`, form({ version: '1', title: 'مسودة الكاتب المعدلة' })))
        .status,
    ).toBe(303);
    expect((await writer.post(`/admin/events/${ownId}/publish`, {})).status).toBe(403);
    expect((await findDeskEvent(db(), ownId))?.row.publication).toBe('draft');
    expect((await writer.get(`/admin/events/${editorsId}`)).status).toBe(403);
    expect((await writer.post(`/admin/events/${editorsId}/delete`, {})).status).toBe(403);
    // The list shows the editor's event without a link for the writer.
    const list = await (await writer.get('/admin/events')).text();
    expect(list).toContain('حدث المحرر');
    expect(list).not.toContain(`href="/admin/events/${editorsId}"`);

    const enWriter = await signedIn('en-writer@news.example');
    expect((await enWriter.get(`/admin/events/${ownId}`)).status).toBe(403);
    await enWriter.get('/admin/events');
    expect((await enWriter.post('/admin/events/new', form())).status).toBe(403);
  });

  it('publishes, takes off and deletes, each showing on the site at once, with history and audit', async () => {
    const { app } = testApp(db(), { now, dataDir });
    const editor = new TestBrowser(app);
    await editor.get('/admin/sign-in');
    await editor.post('/admin/sign-in', { email: 'editor@news.example', password: PASSWORD });
    await editor.get('/admin/events/new?edition=ar');
    const created = await editor.post(
      '/admin/events/new',
      form({ title: 'حفل الافتتاح', intent: 'publish' }),
    );
    expect(created.headers.get('location')).toMatch(/\?done=published$/);
    const id = idFrom(created.headers.get('location'));
    // The same app (and its page cache) shows it at once.
    expect(await (await app.request('/ar/events')).text()).toContain('حفل الافتتاح');
    const page = await (await editor.get(`/admin/events/${id}`)).text();
    expect(page).toContain(`action="/admin/events/${id}/unpublish"`);
    expect(page).toContain('href="/ar/events/');
    expect(page).toContain('editor@news.example');
    expect((await editor.post(`/admin/events/${id}/unpublish`, {})).headers.get('location')).toBe(
      `/admin/events/${id}?done=unpublished`,
    );
    expect(await (await app.request('/ar/events')).text()).not.toContain('حفل الافتتاح');
    expect((await listEventRevisions(db(), id)).map((r) => r.kind)).toEqual([
      'unpublish',
      'publish',
      'create',
    ]);
    expect((await editor.post(`/admin/events/${id}/delete`, {})).headers.get('location')).toBe(
      '/admin/events?done=deleted',
    );
    expect(await findDeskEvent(db(), id)).toBeUndefined();
    const audit = await db().selectFrom('audit_log').select('action').where('subject_id', '=', id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'event.create',
      'event.delete',
      'event.publish',
      'event.unpublish',
    ]);
  });

  it('starts a translation in another edition for an admin, once', async () => {
    const admin = await signedIn('admin@news.example');
    await admin.get('/admin/events/new?edition=ar');
    const id = idFrom(
      (await admin.post('/admin/events/new', form({ title: 'مهرجان الربيع' }))).headers.get('location'),
    );
    const page = await (await admin.get(`/admin/events/${id}`)).text();
    expect(page).toContain(`action="/admin/events/${id}/translate"`);
    const translated = await admin.post(`/admin/events/${id}/translate`, { edition: 'en' });
    expect(translated.status).toBe(303);
    const copyId = idFrom(translated.headers.get('location'));
    const copy = await findDeskEvent(db(), copyId);
    expect(copy?.row).toMatchObject({ edition_code: 'en', title: 'مهرجان الربيع', publication: 'draft' });
    expect((await admin.post(`/admin/events/${id}/translate`, { edition: 'en' })).status).toBe(400);
  });
});
