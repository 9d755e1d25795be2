import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { messagesFor } from '../i18n/messages.js';
import { findCoverage, findEntry, listEntries } from './queries.js';

// Admins take the language of the site's first edition (ar).
const ar = messagesFor('ar');
const AR_URL = `/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;
/** The first entry a page shows (the pinned one, when there is one). */
const firstEntryOn = (html: string) => /id="entry-([0-9a-z]{20})"/.exec(html)?.[1];

describeEachDatabase('the live desk (/admin/live)', (db) => {
  let fixture: Fixture;
  let site: ReturnType<typeof testApp>;
  let live: string;
  let desk: string;

  async function signedIn(email: string) {
    const browser = new TestBrowser(site.app);
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }
  const newestEntry = async () => (await listEntries(db(), live, { limit: 1 })).entries[0];

  beforeAll(async () => {
    const dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    live = fixture.lead.arId;
    desk = `/admin/live/${live}`;
    await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['ar'] }, FIXTURE_NOW);
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, FIXTURE_NOW);
    await seedUser(db(), { email: 'en-writer@news.example', role: 'writer', editions: ['en'] }, FIXTURE_NOW);
    site = testApp(db(), { now: FIXTURE_NOW, dataDir });
    await site.cache.skipToLatestChange(db());
  });

  it('lets an editor start a coverage from the article; writers cannot, other editions see nothing', async () => {
    const editor = await signedIn('editor@news.example');
    expect(await (await editor.get(`/admin/articles/${live}`)).text()).toContain(
      `<a href="${desk}">${ar.deskLiveCoverage}</a>`,
    );
    const writer = await signedIn('writer@news.example');
    expect((await writer.get(desk)).status).toBe(403);
    expect((await writer.post(`${desk}/start`, {})).status).toBe(403);
    const stranger = await signedIn('en-writer@news.example');
    expect((await stranger.get(desk)).status).toBe(404);

    const page = await editor.get(desk);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain(ar.liveDeskStart);
    // Without the form's token nothing happens.
    expect((await editor.post(`${desk}/start`, { _csrf: 'forged' })).status).toBe(403);
    expect(await findCoverage(db(), live)).toBeUndefined();
    const started = await editor.post(`${desk}/start`, {});
    expect(started.status).toBe(303);
    expect(started.headers.get('location')).toBe(`${desk}?done=started`);
    expect(await findCoverage(db(), live)).toMatchObject({ state: 'open' });
    const after = await (await editor.get(`${desk}?done=started`)).text();
    expect(after).toContain(ar.liveDeskDoneStarted);
    expect(after).toContain('data-rich-text=""');
    expect(after).toContain(ar.liveDeskClose);
    // The article's byline names the agency, not a person: no author is suggested.
    expect(after).toContain('name="author" type="text" value=""');
    // The public page is a live page at once on this instance.
    expect(await (await site.app.request(AR_URL)).text()).toContain('<span class="live-label">مباشر</span>');
    expect(await (await editor.get('/admin/live')).text()).toContain(`href="${desk}"`);
  });

  it('takes entries from writers and editors; the page shows them at once', async () => {
    const writer = await signedIn('writer@news.example');
    const page = await (await writer.get(desk)).text();
    expect(page).toContain(ar.liveDeskNewEntry);
    // Pinning and closing are the editors'.
    expect(page).not.toContain(ar.liveDeskClose);
    expect(page).not.toContain('name="pinned"');
    const added = await writer.post(`${desk}/entries`, {
      title: 'وصول الوفدين',
      body: '<p>وصل الوفدان إلى <strong>القنصلية</strong>.</p>',
      author: 'سامر خوري',
      keyEvent: '1',
      pinned: '1',
    });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`${desk}?done=added`);
    const entry = await newestEntry();
    expect(entry).toMatchObject({ title: 'وصول الوفدين', keyEvent: true, pinned: false, version: 1 });
    expect(entry?.author?.name).toBe('سامر خوري');
    const html = await (await site.app.request(AR_URL)).text();
    expect(html).toContain('<p>وصل الوفدان إلى <strong>القنصلية</strong>.</p>');
    expect(html).toContain(`id="entry-${entry?.id}"`);

    // Someone else's entry: writers edit their own only.
    const editor = await signedIn('editor@news.example');
    expect((await editor.post(`${desk}/entries`, { body: '<p>تحديث من المحرر</p>' })).status).toBe(303);
    const editors = await newestEntry();
    expect((await writer.get(`${desk}/entries/${editors?.id}`)).status).toBe(403);
    expect(
      (await writer.post(`${desk}/entries/${editors?.id}`, { version: '1', body: '<p>لا</p>' })).status,
    ).toBe(403);
    expect((await writer.post(`${desk}/entries/${editors?.id}/pin`, {})).status).toBe(403);
    expect((await writer.post(`${desk}/entries/${editors?.id}/delete`, { version: '1' })).status).toBe(403);
    expect((await writer.post(`${desk}/close`, {})).status).toBe(403);
    const own = await writer.get(`${desk}/entries/${entry?.id}`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('وصول الوفدين');
    // Another edition's writer cannot add to this coverage.
    const stranger = await signedIn('en-writer@news.example');
    expect((await stranger.post(`${desk}/entries`, { body: '<p>من إصدار آخر</p>' })).status).toBe(404);
    expect(await newestEntry()).toMatchObject({ id: editors?.id });
  });

  it('refuses hostile, oversize and empty text with a message, everything typed shown back, nothing saved', async () => {
    const editor = await signedIn('editor@news.example');
    const before = (await listEntries(db(), live, { limit: 100 })).entries.length;
    const hostile = await editor.post(`${desk}/entries`, {
      title: 'عنوان مكتوب',
      body: '<p>نص مكتوب</p><img src="x" onerror="alert(1)">',
      author: 'سامر خوري',
    });
    expect(hostile.status).toBe(422);
    const html = await hostile.text();
    expect(html).toContain(ar.adminFormHasErrors);
    expect(html).toContain('onerror=');
    expect(html).toContain('value="عنوان مكتوب"');
    expect(html).toContain('&lt;p&gt;نص مكتوب&lt;/p&gt;');
    const big = await editor.post(`${desk}/entries`, { body: `<p>${'ب'.repeat(100_001)}</p>` });
    expect(big.status).toBe(422);
    expect(await big.text()).toContain('100000');
    const empty = await editor.post(`${desk}/entries`, { title: 'بلا نص', body: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain(ar.liveErrorBodyRequired);
    const nul = await editor.post(`${desk}/entries`, { title: 'عنوان\u0000', body: '<p>نص</p>' });
    expect(nul.status).toBe(422);
    expect((await listEntries(db(), live, { limit: 100 })).entries.length).toBe(before);
  });

  it('edits on the loaded version; a stale one shows theirs above yours and saves nothing', async () => {
    const editor = await signedIn('editor@news.example');
    const entry = await newestEntry();
    const path = `${desk}/entries/${entry?.id}`;
    const form = await (await editor.get(path)).text();
    expect(form).toContain('name="version" value="1"');
    expect(
      (await editor.post(path, { version: '1', title: 'أول تعديل', body: '<p>نص معدل</p>' })).headers.get(
        'location',
      ),
    ).toBe(`${desk}?done=saved`);
    const stale = await editor.post(path, { version: '1', title: 'تعديل متأخر', body: '<p>نص متأخر</p>' });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain(ar.deskConflictTheirs);
    expect(html).toContain('أول تعديل');
    expect(html).toContain('value="تعديل متأخر"');
    // The form now carries their version: sending it again replaces theirs.
    expect(html).toContain('name="version" value="2"');
    expect(await findEntry(db(), entry?.id ?? '')).toMatchObject({ title: 'أول تعديل', version: 2 });
  });

  it('pins, deletes and turns an entry into its own article (editors)', async () => {
    const editor = await signedIn('editor@news.example');
    const [newest, older] = (await listEntries(db(), live, { limit: 2 })).entries;
    expect((await editor.post(`${desk}/entries/${older?.id}/pin`, {})).headers.get('location')).toBe(
      `${desk}?done=pinned`,
    );
    expect((await findEntry(db(), older?.id ?? ''))?.pinned).toBe(true);
    const spun = await editor.post(`${desk}/entries/${older?.id}/article`, {});
    expect(spun.status).toBe(303);
    const location = spun.headers.get('location') ?? '';
    expect(location).toMatch(/^\/admin\/articles\/[0-9a-z]{20}\?done=created$/);
    const newArticle = location.split('/')[3]?.split('?')[0] ?? '';
    expect(await (await editor.get(`/admin/articles/${newArticle}`)).text()).toContain('وصول الوفدين');
    expect(await (await editor.get(desk)).text()).toContain(`href="/admin/articles/${newArticle}"`);
    const deleted = await editor.post(`${desk}/entries/${newest?.id}/delete`, {
      version: String(newest?.version),
    });
    expect(deleted.headers.get('location')).toBe(`${desk}?done=deleted`);
    expect(await findEntry(db(), newest?.id ?? '')).toBeUndefined();
    expect(firstEntryOn(await (await site.app.request(AR_URL)).text())).toBe(older?.id);
  });

  it('closes and reopens; a closed coverage takes no entries', async () => {
    const editor = await signedIn('editor@news.example');
    expect((await editor.post(`${desk}/close`, {})).headers.get('location')).toBe(`${desk}?done=closed`);
    const page = await (await editor.get(desk)).text();
    expect(page).toContain(ar.liveDeskClosedText);
    expect(page).toContain(ar.liveDeskReopen);
    expect(page).not.toContain(ar.liveDeskNewEntry);
    const refused = await editor.post(`${desk}/entries`, { body: '<p>بعد الإغلاق</p>' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(ar.liveErrorClosed);
    expect(await (await site.app.request(AR_URL)).text()).not.toContain('class="live-label"');
    expect((await editor.post(`${desk}/reopen`, {})).headers.get('location')).toBe(`${desk}?done=reopened`);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'live.%')
      .execute();
    expect(new Set(audit.map((a) => a.action))).toEqual(
      new Set([
        'live.start',
        'live.entry_add',
        'live.entry_edit',
        'live.entry_pin',
        'live.entry_to_article',
        'live.entry_delete',
        'live.close',
        'live.reopen',
      ]),
    );
  });

  it('lets the front-page desk point the breaking line to a coverage, and refuses a link as well', async () => {
    const editor = await signedIn('editor@news.example');
    const front = await (await editor.get('/admin/front/ar')).text();
    expect(front).toContain(`<option value="${live}">دبلوماسيون يجرون محادثات فنية في إسطنبول</option>`);
    const both = await editor.post('/admin/front/ar/breaking', {
      scope: 'home',
      text: 'محادثات إسطنبول',
      linkUrl: '/ar/section/world',
      liveArticleId: live,
      expiresAt: '2022-12-02T18:00',
    });
    expect(both.status).toBe(422);
    expect(await both.text()).toContain(ar.frontDeskErrorLinkAndLive);
    const notLive = await editor.post('/admin/front/ar/breaking', {
      scope: 'home',
      text: 'محادثات إسطنبول',
      linkUrl: '',
      liveArticleId: fixture.arOthers[0] ?? '',
      expiresAt: '2022-12-02T18:00',
    });
    expect(notLive.status).toBe(422);
    expect(await notLive.text()).toContain(ar.frontDeskErrorLive);
    const ok = await editor.post('/admin/front/ar/breaking', {
      scope: 'home',
      text: 'محادثات إسطنبول',
      linkUrl: '',
      liveArticleId: live,
      expiresAt: '2022-12-02T18:00',
    });
    expect(ok.status).toBe(303);
    const home = await (await site.app.request('/ar')).text();
    expect(home).toContain('<strong class="breaking-label">مباشر</strong>');
    expect(home).toContain(`<a href="${AR_URL}" dir="auto">محادثات إسطنبول</a>`);
  });
});
