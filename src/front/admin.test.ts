import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { messagesFor } from '../i18n/messages.js';

// Admins take the language of the site's first edition (ar).
const ar = messagesFor('ar');
const leadOf = (html: string) =>
  html.match(/<h2 class="front-lead-headline"><a href="[^"]+">([^<]+)<\/a>/)?.[1];

describeEachDatabase('front-page desk', (db) => {
  let fixture: Fixture;
  let site: ReturnType<typeof testApp>;

  beforeAll(async () => {
    const dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    await seedUser(db(), { email: 'admin@news.example' }, FIXTURE_NOW);
    await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['ar'] }, FIXTURE_NOW);
    await seedUser(db(), { email: 'en-editor@news.example', role: 'editor', editions: ['en'] }, FIXTURE_NOW);
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, FIXTURE_NOW);
    site = testApp(db(), { now: FIXTURE_NOW, dataDir, cache: true });
    await site.cache.skipToLatestChange(db());
  });

  async function signedIn(email: string) {
    const browser = new TestBrowser(site.app);
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }

  it('is for the editors of an edition: linked from the admin, refused to writers and other editions', async () => {
    const editor = await signedIn('editor@news.example');
    expect(await (await editor.get('/admin')).text()).toContain(
      `<a href="/admin/front">${ar.frontDeskNav}</a>`,
    );
    const start = await editor.get('/admin/front');
    expect(start.status).toBe(303);
    expect(start.headers.get('location')).toBe('/admin/front/ar');
    const desk = await editor.get('/admin/front/ar');
    expect(desk.status).toBe(200);
    expect(desk.headers.get('cache-control')).toBe('no-store');
    const html = await desk.text();
    expect(html).toContain(ar.frontDeskLeadNewest);
    expect(html).toContain(
      `<option value="${fixture.arOthers[0]}">خبر رقم 1 (1 ديسمبر كانون الأول 2022 · العالم)</option>`,
    );
    expect(html).toContain(`href="/admin/front/ar?scope=${fixture.sections.arScience}"`);
    // Another edition's desk, and any writer, are refused.
    expect((await editor.get('/admin/front/en')).status).toBe(403);
    const otherEditor = await signedIn('en-editor@news.example');
    expect((await otherEditor.get('/admin/front/ar')).status).toBe(403);
    expect(
      (
        await otherEditor.post('/admin/front/ar/pin', {
          scope: 'home',
          articleId: fixture.arOthers[3],
          slot: 'lead',
        })
      ).status,
    ).toBe(403);
    const writer = await signedIn('writer@news.example');
    expect(await (await writer.get('/admin')).text()).not.toContain('href="/admin/front"');
    expect((await writer.get('/admin/front')).status).toBe(403);
    expect((await writer.get('/admin/front/ar')).status).toBe(403);
    expect((await db().selectFrom('front_pins').selectAll().execute()).length).toBe(0);
  });

  it('narrows the stories to pick by headline', async () => {
    const editor = await signedIn('editor@news.example');
    const options = (html: string) =>
      [...html.matchAll(/<option value="[0-9a-z]+"(?: selected="")?>([^<(]+) \(/g)].map((m) => m[1]?.trim());
    const found = await (await editor.get(`/admin/front/ar?find=${encodeURIComponent('رقم 2')}`)).text();
    expect(found).toContain('name="find" type="search" value="رقم 2"');
    expect(options(found)).toEqual([
      'خبر رقم 2',
      'خبر رقم 20',
      'خبر رقم 21',
      'خبر رقم 22',
      'خبر رقم 23',
      'خبر رقم 24',
      'خبر رقم 25',
    ]);
    // A section page offers its own stories only; % and _ are taken literally.
    const science = await (
      await editor.get(
        `/admin/front/ar?scope=${fixture.sections.arScience}&find=${encodeURIComponent('رقم 2')}`,
      )
    ).text();
    expect(options(science)).toEqual(['خبر رقم 2', 'خبر رقم 20', 'خبر رقم 22', 'خبر رقم 24']);
    const none = await (await editor.get('/admin/front/ar?find=%25')).text();
    expect(options(none)).toEqual([]);
    expect(none).toContain(ar.frontDeskFindNone);
  });

  it('refuses a POST without the CSRF token', async () => {
    const editor = await signedIn('editor@news.example');
    await editor.get('/admin/front/ar');
    const res = await editor.post('/admin/front/ar/pin', {
      _csrf: 'forged',
      scope: 'home',
      articleId: fixture.arOthers[3],
      slot: 'lead',
    });
    expect(res.status).toBe(403);
    expect((await db().selectFrom('front_pins').selectAll().execute()).length).toBe(0);
  });

  it('pins a lead, and the cached home shows it at once', async () => {
    expect((await site.app.request('/ar')).headers.get('x-cache')).toBe('MISS');
    expect((await site.app.request('/ar')).headers.get('x-cache')).toBe('HIT');
    const editor = await signedIn('editor@news.example');
    await editor.get('/admin/front/ar');
    const res = await editor.post('/admin/front/ar/pin', {
      scope: 'home',
      articleId: fixture.arOthers[3],
      slot: 'lead',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/front/ar?done=pinned');
    const home = await site.app.request('/ar');
    expect(home.headers.get('x-cache')).toBe('MISS');
    expect(leadOf(await home.text())).toBe('خبر رقم 4');
    const desk = await (await editor.get('/admin/front/ar?done=pinned')).text();
    expect(desk).toContain(ar.frontDeskPinned);
    expect(desk).toContain('<span dir="auto">خبر رقم 4</span>');
  });

  it('orders top stories with up and down, and removes a pin', async () => {
    const editor = await signedIn('editor@news.example');
    await editor.get('/admin/front/ar');
    const [a, b] = [fixture.arOthers[8], fixture.arOthers[9]] as string[];
    for (const id of [a, b]) {
      expect(
        (await editor.post('/admin/front/ar/pin', { scope: 'home', articleId: id, slot: 'top' })).status,
      ).toBe(303);
    }
    const moved = await editor.post('/admin/front/ar/move', { scope: 'home', articleId: b, direction: 'up' });
    expect(moved.headers.get('location')).toBe('/admin/front/ar?done=moved');
    const html = await (await editor.get('/admin/front/ar')).text();
    expect(html.indexOf('خبر رقم 10</span>')).toBeLessThan(html.indexOf('خبر رقم 9</span>'));
    const home = await (await site.app.request('/ar')).text();
    expect(home.indexOf('>خبر رقم 10</a></h3>')).toBeLessThan(home.indexOf('>خبر رقم 9</a></h3>'));

    const removed = await editor.post('/admin/front/ar/unpin', { scope: 'home', articleId: b });
    expect(removed.headers.get('location')).toBe('/admin/front/ar?done=unpinned');
    const pins = await db()
      .selectFrom('front_pins')
      .select(['article_id', 'slot', 'position'])
      .orderBy('slot')
      .execute();
    expect(pins).toEqual([
      { article_id: fixture.arOthers[3], slot: 'lead', position: 0 },
      { article_id: a, slot: 'top', position: 0 },
    ]);
  });

  it('arranges a section page, and moves the section blocks of the home', async () => {
    const editor = await signedIn('editor@news.example');
    const science = fixture.sections.arScience;
    await editor.get(`/admin/front/ar?scope=${science}`);
    const res = await editor.post('/admin/front/ar/pin', {
      scope: science,
      articleId: fixture.arOthers[5],
      slot: 'lead',
    });
    expect(res.headers.get('location')).toBe(`/admin/front/ar?scope=${science}&done=pinned`);
    expect(leadOf(await (await site.app.request('/ar/section/science')).text())).toBe('خبر رقم 6');
    // A world story is not for the science page: refused, with the choice kept.
    const refused = await editor.post('/admin/front/ar/pin', {
      scope: science,
      articleId: fixture.arOthers[0],
      slot: 'top',
    });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(ar.frontDeskErrorNotPinnable);
    expect(html).toContain('<option value="top" selected="">');

    const move = await editor.post('/admin/front/ar/sections/move', {
      scope: 'home',
      sectionId: science,
      direction: 'up',
    });
    expect(move.headers.get('location')).toBe('/admin/front/ar?done=moved');
    const home = await (await site.app.request('/ar')).text();
    expect(home.indexOf(`id="section-${science}"`)).toBeLessThan(
      home.indexOf(`id="section-${fixture.sections.arWorld}"`),
    );
  });

  it('sets the breaking line with an expiry in the edition time, keeping what was typed on an error', async () => {
    const editor = await signedIn('editor@news.example');
    const form = await (await editor.get('/admin/front/ar')).text();
    // Prefilled: two hours from now in Beirut (UTC+2).
    expect(form).toContain('name="expiresAt" type="datetime-local" value="2022-12-02T16:00"');

    const bad = await editor.post('/admin/front/ar/breaking', {
      scope: 'home',
      text: 'عاجل: انفجار في الميناء',
      linkUrl: 'javascript:alert(1)',
      expiresAt: '2022-12-02T13:00',
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain(ar.frontDeskErrorLink);
    // 13:00 in Beirut is 11:00 UTC, before now.
    expect(badHtml).toContain(ar.frontDeskErrorExpired);
    expect(badHtml).toContain('value="عاجل: انفجار في الميناء"');
    expect(badHtml).toContain('value="javascript:alert(1)"');
    expect(badHtml).toContain('value="2022-12-02T13:00"');
    const empty = await editor.post('/admin/front/ar/breaking', {
      scope: 'home',
      text: ' ',
      linkUrl: '',
      expiresAt: 'soon',
    });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain(ar.frontDeskErrorText);
    expect(emptyHtml).toContain(ar.frontDeskErrorExpires);
    expect(await db().selectFrom('breaking_lines').selectAll().execute()).toEqual([]);

    const ok = await editor.post('/admin/front/ar/breaking', {
      scope: 'home',
      text: 'عاجل: انفجار في الميناء',
      linkUrl: '/ar/section/world',
      expiresAt: '2022-12-02T15:30',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin/front/ar?done=breaking_set');
    const row = await db().selectFrom('breaking_lines').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      edition_code: 'ar',
      expires_at: '2022-12-02T13:30:00.000Z',
      link_url: '/ar/section/world',
    });
    const article = encodeURI('/ar/2022/11/14/دبلوماسيون-يجرون-محادثات');
    for (const path of ['/ar', '/ar/section/science', article]) {
      expect(await (await site.app.request(path)).text(), path).toContain('عاجل: انفجار في الميناء');
    }
    const desk = await (await editor.get('/admin/front/ar?done=breaking_set')).text();
    expect(desk).toContain(ar.frontDeskBreakingSaved);

    const cleared = await editor.post('/admin/front/ar/breaking/clear', { scope: 'home' });
    expect(cleared.headers.get('location')).toBe('/admin/front/ar?done=breaking_cleared');
    expect(await (await site.app.request('/ar')).text()).not.toContain('انفجار');
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('action', 'in', ['front.breaking_set', 'front.breaking_clear'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['front.breaking_clear', 'front.breaking_set']);
    expect(audit.every((a) => a.user_id !== null)).toBe(true);
  });
});
