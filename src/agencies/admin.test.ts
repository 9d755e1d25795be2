import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedEditions, seedUser, TestBrowser } from '../accounts/testing.js';
import { createDraft, publishNow } from '../articles/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { editionLabel } from '../editions/label.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { format, messagesFor } from '../i18n/messages.js';
import { createFeed } from '../wire/feeds.js';

const T0 = new Date('2026-03-02T10:00:00Z');
// Admins take the language of the site's first edition (ar).
const ar = messagesFor('ar');

const reuters = {
  name: 'Reuters',
  slug: '',
  copyrightLine: '© Reuters 2026',
  url: 'https://www.reuters.com',
};

describeEachDatabase('admin pages for news agencies', (db) => {
  const dataDir = tempDataDir();
  // One app for the whole block, with its page cache on: writes must purge what it holds.
  let site: ReturnType<typeof testApp>;

  beforeAll(async () => {
    await seedEditions(db(), T0);
    await seedUser(db(), { email: 'admin@news.example' }, T0);
    await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['en'] }, T0);
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, T0);
    site = testApp(db(), { now: T0, dataDir, cache: true });
    await site.cache.skipToLatestChange(db());
  });

  async function signedIn(email: string) {
    const browser = new TestBrowser(site.app);
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }

  const agencies = () => db().selectFrom('agencies').selectAll().orderBy('slug').execute();
  const agencyBySlug = (slug: string) =>
    db().selectFrom('agencies').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
  const auditOf = (action: string) =>
    db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  const changeTags = async () =>
    (await db().selectFrom('content_changes').select('tags').orderBy('seq').execute()).map((c) => c.tags);

  it('adds an agency through the form, its slug made from the name, and lists it', async () => {
    const admin = await signedIn('admin@news.example');
    const home = await (await admin.get('/admin')).text();
    expect(home).toContain(`<a href="/admin/agencies">${ar.agenciesNav}</a>`);
    const form = await admin.get('/admin/agencies/new');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="copyrightLine"');

    const res = await admin.post('/admin/agencies/new', reuters);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/agencies?done=added');
    const row = await agencyBySlug('reuters');
    expect(row).toMatchObject({
      name: 'Reuters',
      copyright_line: '© Reuters 2026',
      url: 'https://www.reuters.com',
    });
    expect((await changeTags()).at(-1)).toBe(`agency:${row.id} site`);
    const [entry] = await auditOf('agency.add');
    expect(entry).toMatchObject({ subject_type: 'agency', subject_id: row.id });

    const list = await admin.get('/admin/agencies?done=added');
    expect(list.headers.get('cache-control')).toBe('no-store');
    const html = await list.text();
    expect(html).toContain(ar.agenciesAdded);
    expect(html).toContain(`<a href="/admin/agencies/${row.id}" dir="auto">Reuters</a>`);
    expect(html).toContain('<td dir="ltr">https://www.reuters.com</td><td>0</td><td>0</td>');
  });

  it('counts the articles crediting an agency and the wire feeds using it', async () => {
    const row = await agencyBySlug('reuters');
    const snapshot = {
      headline: 'Wire story',
      standfirst: '',
      bodyHtml: '<p>x</p>',
      copyright: '',
      sectionId: null,
      leadMediaId: null,
      topicIds: [],
      byline: [{ agencyId: row.id }],
    };
    const act = { userId: null, now: T0 };
    await publishNow(db(), await createDraft(db(), 'en', snapshot, act), act);
    const feed = {
      name: 'Reuters world',
      source: 'https://feeds.example/world.xml',
      format: 'rss' as const,
      agencyId: row.id,
      editionCode: 'en',
      sectionId: null,
      mode: 'queue' as const,
      pollMinutes: 5,
    };
    await createFeed(db(), feed, T0);
    const html = await (await (await signedIn('editor@news.example')).get('/admin/agencies')).text();
    expect(html).toContain('<td dir="ltr">https://www.reuters.com</td><td>1</td><td>1</td>');
  });

  it('edits an agency; the public agency page shows the new name at once', async () => {
    const row = await agencyBySlug('reuters');
    // Catch up with the publication above first, so only the agency's own change can purge the page.
    await site.cache.syncFromChangeLog(db());
    expect((await site.app.request('/en/agency/reuters')).headers.get('x-cache')).toBe('MISS');
    const cached = await site.app.request('/en/agency/reuters');
    expect(cached.headers.get('x-cache')).toBe('HIT');
    expect(await cached.text()).toContain('© Reuters 2026');

    // Editors of any edition may edit agencies.
    const editor = await signedIn('editor@news.example');
    const form = await (await editor.get(`/admin/agencies/${row.id}`)).text();
    expect(form).toContain('value="© Reuters 2026"');
    const res = await editor.post(`/admin/agencies/${row.id}`, {
      ...reuters,
      slug: 'reuters',
      name: 'Reuters News',
      copyrightLine: '© Thomson Reuters',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/agencies?done=saved');

    const page = await site.app.request('/en/agency/reuters');
    expect(page.headers.get('x-cache')).toBe('MISS');
    const html = await page.text();
    expect(html).toContain('Reuters News');
    expect(html).toContain('© Thomson Reuters');
    const [entry] = await auditOf('agency.update');
    expect(JSON.parse(entry?.details ?? '{}')).toEqual({
      from: { name: 'Reuters', copyright_line: '© Reuters 2026' },
      to: { name: 'Reuters News', copyright_line: '© Thomson Reuters' },
    });

    const same = await editor.post(`/admin/agencies/${row.id}`, {
      name: 'Reuters News',
      slug: 'reuters',
      copyrightLine: '© Thomson Reuters',
      url: 'https://www.reuters.com',
    });
    expect(same.headers.get('location')).toBe('/admin/agencies?done=unchanged');
    expect(await auditOf('agency.update')).toHaveLength(1);

    // A new slug moves the page; the old address answers 301, until the slug is taken back.
    const fields = {
      name: 'Reuters News',
      copyrightLine: '© Thomson Reuters',
      url: 'https://www.reuters.com',
    };
    await editor.post(`/admin/agencies/${row.id}`, { ...fields, slug: 'thomson-reuters' });
    const moved = await site.app.request('/en/agency/reuters');
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe('/en/agency/thomson-reuters');
    await editor.post(`/admin/agencies/${row.id}`, { ...fields, slug: 'reuters' });
    expect((await site.app.request('/en/agency/reuters')).status).toBe(200);
    const back = await site.app.request('/en/agency/thomson-reuters');
    expect(back.headers.get('location')).toBe('/en/agency/reuters');
  });

  it('refuses a taken slug and a bad address with messages next to the fields; nothing changes', async () => {
    const admin = await signedIn('admin@news.example');
    await admin.post('/admin/agencies/new', { name: 'Agence France-Presse', slug: 'afp', copyrightLine: '' });
    const before = await agencies();
    const changes = (await changeTags()).length;

    const taken = await admin.post('/admin/agencies/new', { name: 'Reuters', copyrightLine: '© R' });
    expect(taken.status).toBe(422);
    const takenHtml = await taken.text();
    expect(takenHtml).toContain(
      `<span class="admin-error" id="slug-error">${ar.agenciesErrorSlugTaken}</span>`,
    );
    expect(takenHtml).toContain('value="© R"');

    const badUrl = await admin.post('/admin/agencies/new', {
      name: 'Anadolu',
      url: 'javascript:alert(1)',
      copyrightLine: '© AA',
    });
    expect(badUrl.status).toBe(422);
    const badHtml = await badUrl.text();
    expect(badHtml).toContain(`<span class="admin-error" id="url-error">${ar.agenciesErrorUrl}</span>`);
    expect(badHtml).toContain('value="Anadolu"');
    expect(badHtml).toContain('value="© AA"');

    const afp = await agencyBySlug('afp');
    const renamed = await admin.post(`/admin/agencies/${afp.id}`, { name: 'AFP', slug: 'reuters' });
    expect(renamed.status).toBe(422);
    expect(await renamed.text()).toContain(ar.agenciesErrorSlugTaken);
    const blank = await admin.post(`/admin/agencies/${afp.id}`, { name: ' ', slug: 'Not A Slug' });
    expect(blank.status).toBe(422);
    const blankHtml = await blank.text();
    expect(blankHtml).toContain(`id="name-error">${ar.agenciesErrorName}`);

    expect(await agencies()).toEqual(before);
    expect(await changeTags()).toHaveLength(changes);
    expect((await admin.get('/admin/agencies/nope')).status).toBe(404);
  });

  it('keeps a name per edition language: field per language, refusals keep the typed input, empty removes', async () => {
    const admin = await signedIn('admin@news.example');
    const form = await (await admin.get('/admin/agencies/new')).text();
    expect(form).toContain('name="nameIn-ar"');
    expect(form).toContain('name="nameIn-en"');
    // Labelled with the editions written in that language, in their own words.
    expect(form).toContain(
      format(ar.agenciesNameIn, { editions: editionLabel({ name: 'صحيفة', language: 'ar' }) }),
    );

    const fields = { name: 'Levant Press Agency', slug: 'lpa', copyrightLine: '', url: '' };
    const long = await admin.post('/admin/agencies/new', {
      ...fields,
      'nameIn-ar': 'و'.repeat(121),
      'nameIn-en': 'Levant Press',
    });
    expect(long.status).toBe(422);
    const longHtml = await long.text();
    expect(longHtml).toContain(
      `<span class="admin-error" id="nameIn-ar-error">${ar.agenciesErrorName}</span>`,
    );
    expect(longHtml).toContain('value="Levant Press"');
    expect(longHtml).toContain('value="Levant Press Agency"');
    expect(await db().selectFrom('agencies').select('id').where('slug', '=', 'lpa').execute()).toEqual([]);

    const added = await admin.post('/admin/agencies/new', {
      ...fields,
      'nameIn-ar': ' وكالة أنباء المشرق ',
      'nameIn-en': '',
    });
    expect(added.status).toBe(303);
    const row = await agencyBySlug('lpa');
    const names = () =>
      db()
        .selectFrom('agency_names')
        .select(['language', 'name'])
        .where('agency_id', '=', row.id)
        .orderBy('language')
        .execute();
    expect(await names()).toEqual([{ language: 'ar', name: 'وكالة أنباء المشرق' }]);
    const list = await (await admin.get('/admin/agencies')).text();
    expect(list).toContain('<bdi>ar</bdi>: <bdi>وكالة أنباء المشرق</bdi>');
    const edit = await (await admin.get(`/admin/agencies/${row.id}`)).text();
    expect(edit).toContain('value="وكالة أنباء المشرق"');

    // Renamed in Arabic, named in English: recorded as the names that changed, purging the agency's pages.
    const changes = (await changeTags()).length;
    await admin.post(`/admin/agencies/${row.id}`, {
      ...fields,
      'nameIn-ar': 'وكالة المشرق',
      'nameIn-en': 'Levant Press',
    });
    expect(await names()).toEqual([
      { language: 'ar', name: 'وكالة المشرق' },
      { language: 'en', name: 'Levant Press' },
    ]);
    expect((await changeTags()).slice(changes)).toEqual([`agency:${row.id} site`]);
    const [entry] = (await auditOf('agency.update')).filter((e) => e.subject_id === row.id);
    expect(JSON.parse(entry?.details ?? '{}')).toEqual({
      from: { names: { ar: 'وكالة أنباء المشرق', en: '' } },
      to: { names: { ar: 'وكالة المشرق', en: 'Levant Press' } },
    });
    // An empty field removes that language's name; a field not sent leaves it alone.
    await admin.post(`/admin/agencies/${row.id}`, { ...fields, 'nameIn-ar': '' });
    expect(await names()).toEqual([{ language: 'en', name: 'Levant Press' }]);
    const same = await admin.post(`/admin/agencies/${row.id}`, {
      ...fields,
      'nameIn-ar': '',
      'nameIn-en': 'Levant Press',
    });
    expect(same.headers.get('location')).toBe('/admin/agencies?done=unchanged');
  });

  it('refuses writers (403) and posts without the CSRF token; nothing is added', async () => {
    const before = await agencies();
    const writer = await signedIn('writer@news.example');
    expect(await (await writer.get('/admin')).text()).not.toContain('href="/admin/agencies"');
    expect((await writer.get('/admin/agencies')).status).toBe(403);
    expect((await writer.get('/admin/agencies/new')).status).toBe(403);
    expect((await writer.post('/admin/agencies/new', { name: 'Writer Wire' })).status).toBe(403);
    const row = await agencyBySlug('reuters');
    expect((await writer.post(`/admin/agencies/${row.id}`, { name: 'Hijacked' })).status).toBe(403);

    const admin = await signedIn('admin@news.example');
    await admin.get('/admin/agencies/new');
    const forged = await admin.post('/admin/agencies/new', { name: 'Forged', _csrf: 'not-the-token' });
    expect(forged.status).toBe(403);
    expect(await agencies()).toEqual(before);
  });

  it('links to the new-agency form from the wire feed form', async () => {
    const admin = await signedIn('admin@news.example');
    const html = await (await admin.get('/admin/feeds/new')).text();
    expect(html).toContain('<a href="/admin/agencies/new">');
  });
});
