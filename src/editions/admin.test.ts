import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedEditions, seedUser, TestBrowser } from '../accounts/testing.js';
import { createDraft, publishNow } from '../articles/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { availableLanguages, format, messagesFor } from '../i18n/messages.js';

// 23:30 UTC is already the next day in Beirut (UTC+2): a time zone change shows in the dates.
const T0 = new Date('2026-03-02T23:30:00Z');
// The admin's pages are in Arabic: admins take the language of the site's first edition (ar).
const ar = messagesFor('ar');

/** The form the edition page sends, as the browser would fill it in for the seeded "en" edition. */
const enSettings = {
  name: 'Sahifa',
  description: '',
  direction: 'ltr',
  dateStyle: 'levant',
  digits: 'latn',
  monthSeparator: 'space',
  timeZone: 'UTC',
  social: '',
  position: '1',
};
const french = {
  code: 'fr',
  language: 'fr',
  name: 'Sahifa en français',
  description: 'Les nouvelles du monde',
  direction: 'ltr',
  dateStyle: 'gregorian',
  digits: 'latn',
  monthSeparator: 'space',
  timeZone: 'Europe/Paris',
  social: 'x=https://x.com/sahifa_fr\n\ntelegram=https://t.me/sahifa_fr',
  position: '2',
};

describeEachDatabase('admin pages for editions and sections', (db) => {
  const dataDir = tempDataDir();
  // One app for the whole block, with its page cache on: writes must purge what it holds.
  let site: ReturnType<typeof testApp>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await seedEditions(db(), T0);
    ids.admin = await seedUser(db(), { email: 'admin@news.example' }, T0);
    ids.editor = await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['en'] }, T0);
    ids.writer = await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, T0);
    site = testApp(db(), { now: T0, dataDir, cache: true });
    await site.cache.skipToLatestChange(db());
  });

  async function signedIn(email: string) {
    const browser = new TestBrowser(site.app);
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    expect((await browser.get('/admin')).status).toBe(200);
    return browser;
  }

  const publicPage = async (path: string) => {
    const res = await site.app.request(path);
    return {
      status: res.status,
      cache: res.headers.get('x-cache'),
      location: res.headers.get('location'),
      html: await res.text(),
    };
  };
  const editionRow = (code: string) =>
    db().selectFrom('editions').selectAll().where('code', '=', code).executeTakeFirst();
  const sectionsOf = (code: string) =>
    db()
      .selectFrom('sections')
      .select(['id', 'slug', 'name', 'position'])
      .where('edition_code', '=', code)
      .orderBy('position')
      .execute();
  /** Entries about editions and sections (signing in is audited too). */
  const auditCount = async () =>
    Number(
      (
        await db()
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where((eb) => eb.or([eb('action', 'like', 'edition.%'), eb('action', 'like', 'section.%')]))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditOf = (action: string) =>
    db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  async function publish(edition: string, headline: string, sectionId: string | null, now = T0) {
    const act = { userId: ids.admin ?? null, now };
    const snapshot = {
      headline,
      standfirst: '',
      bodyHtml: '<p>x</p>',
      copyright: '',
      sectionId,
      leadMediaId: null,
      topicIds: [],
      byline: [],
    };
    const id = await createDraft(db(), edition, snapshot, act);
    await publishNow(db(), id, act);
    await site.cache.syncFromChangeLog(db());
    return id;
  }

  it('lists editions with code, name, language, direction, time zone and counts; only admins see the link', async () => {
    await publish('en', 'Counted story', null);
    const admin = await signedIn('admin@news.example');
    const res = await admin.get('/admin/editions');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('href="/admin/editions"');
    expect(html).toContain('<a href="/admin/editions/en" dir="ltr">en</a>');
    expect(html).toContain('صحيفة');
    expect(html).toContain(ar.adminEditionsDirectionRtl);
    expect(html).toMatch(/<td dir="ltr">UTC<\/td><td>0<\/td><td>1<\/td>/);
    expect(html).not.toMatch(/<script|style=/);
    const editorHome = await (await (await signedIn('editor@news.example')).get('/admin')).text();
    expect(editorHome).not.toContain('href="/admin/editions"');
  });

  it('adds an edition: it has a home page at /fr and a place in the switcher of the cached pages', async () => {
    expect((await publicPage('/ar')).status).toBe(200);
    expect((await publicPage('/ar')).cache).toBe('HIT');
    const admin = await signedIn('admin@news.example');
    expect((await admin.get('/admin/editions/new')).status).toBe(200);
    const res = await admin.post('/admin/editions/new', french);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/editions/fr?done=added');

    const home = await publicPage('/fr');
    expect(home.status).toBe(200);
    expect(home.html).toContain('<html lang="fr" dir="ltr">');
    expect(home.html).toContain('Sahifa en français');
    expect(home.html).toContain('href="https://t.me/sahifa_fr"');
    expect((await publicPage('/ar')).html).toContain('href="/fr"');
    expect(await editionRow('fr')).toMatchObject({ language: 'fr', time_zone: 'Europe/Paris', position: 2 });

    // No locale file for French: the page says the interface falls back to English.
    const page = await (await admin.get('/admin/editions/fr?done=added')).text();
    expect(page).toContain(ar.adminEditionsAdded);
    expect(page).toContain(
      format(ar.adminEditionsLocaleNote, { language: 'fr', available: availableLanguages().join(', ') }),
    );
    expect(page).toContain('x=https://x.com/sahifa_fr\ntelegram=https://t.me/sahifa_fr</textarea>');
    const [entry] = await auditOf('edition.add');
    expect(entry).toMatchObject({ user_id: ids.admin, subject_type: 'edition', subject_id: 'fr' });
  });

  it('refuses a bad new edition with a message by each field, keeps what was typed and adds nothing', async () => {
    const admin = await signedIn('admin@news.example');
    const before = await auditCount();
    const res = await admin.post('/admin/editions/new', {
      ...french,
      code: 'de',
      language: 'German',
      timeZone: 'Mars/Olympus',
      social: 'x=https://x.com/ok\nx=javascript:alert(1)',
      position: 'first',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(ar.adminFormHasErrors);
    expect(html).toContain(ar.adminEditionsErrorLanguage);
    expect(html).toContain(ar.adminEditionsErrorTimeZone);
    expect(html).toContain(format(ar.adminEditionsErrorSocialLine, { line: '2' }));
    expect(html).toContain(ar.adminEditionsErrorPosition);
    expect(html).toContain('value="Mars/Olympus"');
    expect(html).toContain('aria-invalid="true"');

    const taken = await admin.post('/admin/editions/new', { ...french, code: 'ar', name: 'Another' });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain(ar.adminEditionsErrorCodeTaken);
    for (const code of ['new', 'FR', 'fren']) {
      const bad = await admin.post('/admin/editions/new', { ...french, code });
      expect(bad.status).toBe(422);
      expect(await bad.text()).toContain(ar.adminEditionsErrorCode);
    }
    const unknownNetwork = await admin.post('/admin/editions/new', {
      ...french,
      code: 'de',
      social: 'myspace=https://myspace.com/x',
    });
    expect(await unknownNetwork.text()).toContain(format(ar.adminEditionsErrorSocialLine, { line: '1' }));

    expect(await editionRow('de')).toBeUndefined();
    expect(await editionRow('ar')).toMatchObject({ name: 'صحيفة' });
    expect(await auditCount()).toBe(before);
  });

  it('edits settings: the time zone shows in the dates of the cached home page; code and language stay', async () => {
    const cold = await publicPage('/en');
    expect(cold.html).toContain('datetime="2026-03-02T23:30:00+00:00"');
    expect((await publicPage('/en')).cache).toBe('HIT');
    const admin = await signedIn('admin@news.example');
    const page = await (await admin.get('/admin/editions/en')).text();
    expect(page).toContain(format(ar.adminEditionsFixedNote, { code: 'en', language: 'en' }));
    expect(page).not.toContain('name="language"');

    const res = await admin.post('/admin/editions/en', {
      ...enSettings,
      name: 'Sahifa English',
      timeZone: 'Asia/Beirut',
      social: 'facebook=https://facebook.com/sahifa',
      language: 'de',
      code: 'xx',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/editions/en?done=saved');
    const warm = await publicPage('/en');
    expect(warm.html).toContain('datetime="2026-03-03T01:30:00+02:00"');
    expect(warm.html).toContain('Sahifa English');
    expect(warm.html).toContain('href="https://facebook.com/sahifa"');
    expect(await editionRow('en')).toMatchObject({ time_zone: 'Asia/Beirut', language: 'en' });
    expect(await editionRow('xx')).toBeUndefined();
    const [entry] = await auditOf('edition.update');
    expect(entry).toMatchObject({ user_id: ids.admin, subject_id: 'en' });
    expect(JSON.parse(entry?.details ?? '{}').changed).toMatchObject({ time_zone: 'Asia/Beirut' });

    // The same form again changes nothing and records nothing.
    const again = await admin.post('/admin/editions/en', {
      ...enSettings,
      name: 'Sahifa English',
      timeZone: 'Asia/Beirut',
      social: 'facebook=https://facebook.com/sahifa',
    });
    expect(again.headers.get('location')).toBe('/admin/editions/en?done=unchanged');
    expect(await auditOf('edition.update')).toHaveLength(1);
  });

  it('refuses bad settings (time zone, social link, empty name) and changes nothing', async () => {
    const admin = await signedIn('admin@news.example');
    const before = await editionRow('en');
    const res = await admin.post('/admin/editions/en', {
      ...enSettings,
      name: '  ',
      timeZone: 'Europe/Atlantis',
      social: 'x=http://x.com/plain-http',
      direction: 'up',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(ar.adminEditionsErrorName);
    expect(html).toContain(ar.adminEditionsErrorTimeZone);
    expect(html).toContain(ar.adminEditionsErrorChoice);
    expect(html).toContain(format(ar.adminEditionsErrorSocialLine, { line: '1' }));
    expect(html).toContain('value="Europe/Atlantis"');
    expect(html).toContain('x=http://x.com/plain-http</textarea>');
    expect(await editionRow('en')).toEqual(before);
  });

  it('sets how Arabic dates join the two month names; the cached pages follow; a bad choice is refused', async () => {
    const arSettings = { ...enSettings, name: 'صحيفة', direction: 'rtl', position: '0' };
    // Two days before T0 (2 March at 23:30 UTC; the seeded ar edition keeps UTC): cards show the date, not "hours ago".
    await publish('ar', 'خبر عن الطقس', null, new Date(T0.getTime() - 2 * 86_400_000));
    expect((await publicPage('/ar')).html).toContain('28 فبراير شباط 2026');
    expect((await publicPage('/ar')).cache).toBe('HIT');
    const admin = await signedIn('admin@news.example');
    const form = await (await admin.get('/admin/editions/ar')).text();
    expect(form).toContain('name="monthSeparator"');
    expect(form).toContain(
      `<option value="space" selected="">${ar.adminEditionsMonthSeparatorSpace}</option>`,
    );

    const bad = await admin.post('/admin/editions/ar', {
      ...arSettings,
      monthSeparator: 'dash',
      name: 'صحيفة اليوم',
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain(ar.adminEditionsErrorChoice);
    expect(html).toContain('value="صحيفة اليوم"');
    expect(await editionRow('ar')).toMatchObject({ month_separator: 'space', name: 'صحيفة' });

    const res = await admin.post('/admin/editions/ar', { ...arSettings, monthSeparator: 'parentheses' });
    expect(res.headers.get('location')).toBe('/admin/editions/ar?done=saved');
    expect(await editionRow('ar')).toMatchObject({ month_separator: 'parentheses' });
    expect((await publicPage('/ar')).html).toContain('28 فبراير (شباط) 2026');
    await admin.post('/admin/editions/ar', { ...arSettings, monthSeparator: 'slash' });
    expect((await publicPage('/ar')).html).toContain('28 فبراير/شباط 2026');
  });

  it('adds sections (slug made from the name), which appear in the public navigation at once', async () => {
    expect((await publicPage('/ar')).status).toBe(200);
    const admin = await signedIn('admin@news.example');
    const added = await admin.post('/admin/editions/ar/sections', { name: 'الشرق الأوسط', slug: '' });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe('/admin/editions/ar?done=section_added#sections');
    expect(
      (await admin.post('/admin/editions/ar/sections', { name: 'اقتصاد', slug: 'economy' })).status,
    ).toBe(303);
    expect((await sectionsOf('ar')).map((s) => [s.slug, s.position])).toEqual([
      ['الشرق-الأوسط', 0],
      ['economy', 1],
    ]);
    const nav = (await publicPage('/ar')).html;
    expect(nav).toContain(`href="/ar/section/${encodeURIComponent('الشرق-الأوسط')}"`);
    expect(nav).toContain('href="/ar/section/economy"');
    expect((await publicPage('/ar/section/economy')).status).toBe(200);
    const [entry] = await auditOf('section.add');
    expect(entry).toMatchObject({ user_id: ids.admin, subject_type: 'section' });
  });

  it('refuses a duplicate or malformed slug and an empty name, keeping what was typed', async () => {
    const admin = await signedIn('admin@news.example');
    const before = await sectionsOf('ar');
    const duplicate = await admin.post('/admin/editions/ar/sections', {
      name: 'Economy again',
      slug: 'economy',
    });
    expect(duplicate.status).toBe(422);
    const html = await duplicate.text();
    expect(html).toContain(ar.adminEditionsErrorSlugTaken);
    expect(html).toContain('value="Economy again"');
    const malformed = await admin.post('/admin/editions/ar/sections', { name: 'Sport', slug: 'Sport News' });
    expect(await malformed.text()).toContain(ar.adminEditionsErrorSlug);
    const empty = await admin.post('/admin/editions/ar/sections', { name: ' ', slug: '' });
    expect(await empty.text()).toContain(ar.adminEditionsErrorSectionName);
    const economy = before.find((s) => s.slug === 'economy');
    const other = before.find((s) => s.slug !== 'economy');
    const rename = await admin.post(`/admin/editions/ar/sections/${other?.id}`, {
      name: 'x',
      slug: 'economy',
    });
    expect(rename.status).toBe(422);
    expect(await rename.text()).toContain(`id="${other?.id}-slug-error"`);
    expect(await sectionsOf('ar')).toEqual(before);
    // Another edition may use the same slug.
    expect((await admin.post('/admin/editions/en/sections', { name: 'Economy', slug: '' })).status).toBe(303);
    expect(economy).toBeDefined();
  });

  it('renames and moves sections; the navigation follows', async () => {
    const admin = await signedIn('admin@news.example');
    const [first, second] = await sectionsOf('ar');
    if (!first || !second) throw new Error('two sections expected');
    const renamed = await admin.post(`/admin/editions/ar/sections/${second.id}`, {
      name: 'الاقتصاد',
      slug: 'business',
    });
    expect(renamed.headers.get('location')).toBe('/admin/editions/ar?done=section_saved#sections');
    const moved = await admin.post(`/admin/editions/ar/sections/${second.id}/move`, { direction: 'up' });
    expect(moved.headers.get('location')).toBe('/admin/editions/ar?done=section_moved#sections');
    expect((await sectionsOf('ar')).map((s) => s.slug)).toEqual(['business', 'الشرق-الأوسط']);
    const nav = (await publicPage('/ar')).html;
    expect(nav.indexOf('href="/ar/section/business"')).toBeGreaterThan(-1);
    expect(nav.indexOf('href="/ar/section/business"')).toBeLessThan(nav.indexOf('href="/ar/section/%D8'));
    expect(nav).not.toContain('href="/ar/section/economy"');
    // The old address keeps working: links to it elsewhere land on the renamed section.
    const old = await publicPage('/ar/section/economy');
    expect(old.status).toBe(301);
    expect(old.location).toBe('/ar/section/business');
    // The first cannot go further up: nothing changes.
    const stay = await admin.post(`/admin/editions/ar/sections/${second.id}/move`, { direction: 'up' });
    expect(stay.headers.get('location')).toBe('/admin/editions/ar?done=unchanged#sections');
    expect((await auditOf('section.update')).length).toBe(2);
  });

  it('deletes a section only when no article uses it, else says how many do', async () => {
    const admin = await signedIn('admin@news.example');
    const [used, unused] = await sectionsOf('ar');
    if (!used || !unused) throw new Error('two sections expected');
    await publish('ar', 'خبر في القسم', used.id);
    const refused = await admin.post(`/admin/editions/ar/sections/${used.id}/delete`, {});
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(
      format(ar.adminEditionsErrorSectionInUse, { articles: '1', feeds: '0' }),
    );
    expect((await sectionsOf('ar')).map((s) => s.id)).toContain(used.id);

    const deleted = await admin.post(`/admin/editions/ar/sections/${unused.id}/delete`, {});
    expect(deleted.headers.get('location')).toBe('/admin/editions/ar?done=section_deleted#sections');
    expect((await sectionsOf('ar')).map((s) => s.id)).toEqual([used.id]);
    expect((await publicPage('/ar')).html).not.toContain(`/ar/section/${encodeURIComponent(unused.slug)}`);
    expect(await auditOf('section.delete')).toHaveLength(1);
    const gone = await admin.post(`/admin/editions/ar/sections/${unused.id}/delete`, {});
    expect(gone.status).toBe(404);
  });

  it('answers 404 for an unknown edition', async () => {
    const admin = await signedIn('admin@news.example');
    expect((await admin.get('/admin/editions/zz')).status).toBe(404);
    expect((await admin.post('/admin/editions/zz', enSettings)).status).toBe(404);
    expect((await admin.post('/admin/editions/zz/sections', { name: 'x' })).status).toBe(404);
  });

  it('refuses editors and writers on every route (403, nothing changed)', async () => {
    const [section] = await sectionsOf('ar');
    const before = {
      editions: await db().selectFrom('editions').selectAll().execute(),
      audit: await auditCount(),
    };
    for (const email of ['editor@news.example', 'writer@news.example']) {
      const user = await signedIn(email);
      for (const path of ['/admin/editions', '/admin/editions/new', '/admin/editions/en']) {
        expect((await user.get(path)).status, `GET ${path}`).toBe(403);
      }
      const posts: [string, Record<string, string>][] = [
        ['/admin/editions/new', { ...french, code: 'it' }],
        ['/admin/editions/en', { ...enSettings, name: 'Hijacked' }],
        ['/admin/editions/en/sections', { name: 'Hijacked', slug: '' }],
        [`/admin/editions/ar/sections/${section?.id}`, { name: 'Hijacked', slug: 'hijacked' }],
        [`/admin/editions/ar/sections/${section?.id}/move`, { direction: 'down' }],
        [`/admin/editions/ar/sections/${section?.id}/delete`, {}],
      ];
      for (const [path, fields] of posts) {
        expect((await user.post(path, fields)).status, `POST ${path}`).toBe(403);
      }
    }
    expect(await db().selectFrom('editions').selectAll().execute()).toEqual(before.editions);
    expect(await sectionsOf('ar')).toEqual([section]);
    expect(await auditCount()).toBe(before.audit);
  });

  it('refuses a write without the CSRF token', async () => {
    const admin = await signedIn('admin@news.example');
    const before = await editionRow('en');
    const res = await admin.post('/admin/editions/en', { ...enSettings, name: 'Forged', _csrf: undefined });
    expect(res.status).toBe(403);
    const forgedSection = await admin.post('/admin/editions/en/sections', { name: 'Forged', _csrf: 'nope' });
    expect(forgedSection.status).toBe(403);
    expect(await editionRow('en')).toEqual(before);
    expect((await sectionsOf('en')).map((s) => s.name)).not.toContain('Forged');
  });
});
