import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { createDraft, markSponsored, publishNow } from '../articles/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { messagesFor } from '../i18n/messages.js';
import { articlesByIds, articlesSince } from '../newsletters/queries.js';
import { saveAdSettings, saveCampaign } from './store.js';

const ar = messagesFor('ar');
const en = messagesFor('en');
const LONG_URL = '/ar/2022/12/02/long-story';
const SHORT_URL = '/ar/2022/12/02/short-story';
const AD_HOST = 'ads.example.net';
const TAG = `https://${AD_HOST}/tag.js`;
const paragraphs = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `<p>الفقرة ${i + 1} فيها كلمات كثيرة تكفي لقياس طول المقال هنا.</p>`,
  ).join('');

describeEachDatabase('advertising', (db) => {
  const dataDir = tempDataDir();
  let site: ReturnType<typeof testApp>;
  let fixture: Fixture;
  let longId = '';
  let shortId = '';
  let adminId = '';

  const act = () => ({ userId: adminId, now: FIXTURE_NOW });
  const sync = () => site.cache.syncFromChangeLog(db());

  beforeAll(async () => {
    fixture = await seedFixture(db(), dataDir);
    adminId = await seedUser(db(), { email: 'admin@news.example' }, FIXTURE_NOW);
    await seedUser(db(), { email: 'sales@news.example', role: 'sales', editions: ['ar'] }, FIXTURE_NOW);
    await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['ar'] }, FIXTURE_NOW);
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, FIXTURE_NOW);
    const snapshot = (slug: string, body: string) => ({
      slug,
      headline: slug,
      standfirst: 'ملخص',
      bodyHtml: body,
      copyright: '',
      sectionId: fixture.sections.arWorld,
      leadMediaId: null,
      topicIds: [],
      byline: [],
    });
    const a = { userId: null, now: FIXTURE_NOW };
    longId = await createDraft(db(), 'ar', snapshot('long-story', paragraphs(12)), a);
    await publishNow(db(), longId, a);
    shortId = await createDraft(db(), 'ar', snapshot('short-story', paragraphs(4)), a);
    await publishNow(db(), shortId, a);
    site = testApp(db(), { now: FIXTURE_NOW, dataDir, cache: true });
    await site.cache.skipToLatestChange(db());
  });

  async function signedIn(email: string) {
    const browser = new TestBrowser(site.app);
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }

  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await site.app.request(path, { headers });
    expect(res.status).toBe(200);
    return { res, html: await res.text() };
  };

  it('shows no slot before an edition configures them', async () => {
    const { html, res } = await page(LONG_URL);
    expect(html).not.toContain('class="ad"');
    expect(html).not.toContain('id="consent"');
    expect(res.headers.get('content-security-policy')).not.toContain(AD_HOST);
  });

  it('saves slots from the desk, and refuses bad numbers, hosts and scripts off the allowed hosts', async () => {
    const admin = await signedIn('admin@news.example');
    const form = {
      on: 'article_inline',
      article_inline_narrow: '300x250',
      article_inline_wide: '728x90',
      article_end_narrow: '320x100',
      article_end_wide: '970x250',
      home_top_narrow: '320x50',
      home_top_wide: '970x90',
      home_between_narrow: '300x250',
      home_between_wide: '728x90',
      after: '2',
      every: '4',
      max: '3',
      afterBlock: '1',
      minWords: '100',
      allowedHosts: AD_HOST,
      tagScripts: 'https://elsewhere.example/tag.js',
    };
    const refused = await admin.post('/admin/ads/settings/ar', form);
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('https://elsewhere.example/tag.js'); // shown back
    expect(refusedHtml).toContain(ar.adsNotSaved);
    const badHost = await admin.post('/admin/ads/settings/ar', {
      ...form,
      allowedHosts: 'https://x.example/',
      tagScripts: '',
    });
    expect(badHost.status).toBe(422);
    expect(await badHost.text()).toContain(ar.adsErrorHost);
    const badNumber = await admin.post('/admin/ads/settings/ar', { ...form, after: '0', tagScripts: '' });
    expect(badNumber.status).toBe(422);
    expect(await db().selectFrom('ad_settings').selectAll().execute()).toEqual([]);

    const body = new URLSearchParams({ _csrf: admin.csrf, ...form, tagScripts: TAG });
    for (const p of ['article_end', 'home_top', 'home_between']) body.append('on', p);
    const cookie = [...admin.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    const saved = await site.app.request('/admin/ads/settings/ar', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
    expect(saved.status).toBe(303);
    const row = await db().selectFrom('ad_settings').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(row.slots)).toMatchObject({
      article_inline: { narrow: '300x250', wide: '728x90', after: 2, every: 4, max: 3 },
      article_end: { narrow: '320x100', wide: '970x250' },
      home_between: { afterBlock: 1 },
    });
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'ad.settings')
      .execute();
    expect(audit).toHaveLength(1);
    const tags = await db()
      .selectFrom('content_changes')
      .select('tags')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(tags.tags).toBe('ads:ar');
  });

  it('places labelled, sized slots in a long article, none inside a short one, and keeps the page cacheable', async () => {
    const { html, res } = await page(LONG_URL);
    // 12 paragraphs: after 2, 6 and 10 (at most 3), and one at the end; empty boxes for the tags.
    expect(html.match(/<aside class="ad"/g)).toHaveLength(4);
    expect(html).toContain(`<p class="ad-label">${ar.advertisement}</p>`);
    expect(html).toContain(
      '<div class="ad-box ad-n300x250 ad-w728x90" data-tag-slot="article_inline-1"></div>',
    );
    expect(html).toContain('data-tag-slot="article_inline-3"');
    expect(html).toContain(
      '<div class="ad-box ad-n320x100 ad-w970x250" data-tag-slot="article_end-1"></div>',
    );
    expect(html).toMatch(/الفقرة 2 [^<]*<\/p><aside class="ad"/);
    expect(html).toMatch(/الفقرة 6 [^<]*<\/p><aside class="ad"/);
    expect(res.headers.get('cache-control')).toContain('public');
    expect(res.headers.get('set-cookie')).toBeNull();
    // A shorter article than the minimum words: the end slot only.
    const short = await page(SHORT_URL);
    expect(short.html.match(/<aside class="ad"/g)).toHaveLength(1);
    expect(short.html).toContain('data-tag-slot="article_end-1"');
  });

  it('puts no third-party tag in any page: the banner asks, the tags come only after consent and never under GPC', async () => {
    const { html, res } = await page(LONG_URL);
    expect(html).not.toContain(AD_HOST);
    expect(html).toContain('<section class="consent" id="consent" hidden=""');
    expect(html).toContain('data-tags="/ads/tags/ar"');
    // Accept, reject and settings: the same kind of button, side by side.
    for (const [action, label] of [
      ['accept', ar.consentAccept],
      ['reject', ar.consentReject],
      ['settings', ar.consentSettings],
    ])
      expect(html).toContain(
        `<button type="button" class="button" data-consent="${action}">${label}</button>`,
      );
    expect(html).toContain(`<button type="button" class="consent-open">${ar.consentChange}</button>`);
    // The CSP of a page with tags names the allowed host; the same page from the cache says the same.
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'self' https://${AD_HOST}`);
    expect(csp).toContain(`frame-src https://${AD_HOST}`);
    const again = await site.app.request(LONG_URL);
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(again.headers.get('content-security-policy')).toBe(csp);

    const tags = (headers: Record<string, string>) => site.app.request('/ads/tags/ar', { headers });
    const before = await tags({});
    expect(before.headers.get('cache-control')).toBe('private, no-store');
    expect(await before.json()).toEqual({ scripts: [] });
    expect(await (await tags({ cookie: 'sahifa_consent=none' })).json()).toEqual({ scripts: [] });
    expect(await (await tags({ cookie: 'sahifa_consent=ads' })).json()).toEqual({ scripts: [TAG] });
    expect(await (await tags({ cookie: 'sahifa_consent=ads', 'sec-gpc': '1' })).json()).toEqual({
      scripts: [],
    });
    expect((await tags({})).headers.get('vary')).toContain('Sec-GPC');
  });

  it('keeps ads off error pages, the desk and the newsletter sign-up page', async () => {
    const missing = await site.app.request('/ar/2022/12/02/no-such-story');
    expect(missing.status).toBe(404);
    const missingHtml = await missing.text();
    expect(missingHtml).not.toContain('class="ad"');
    expect(missingHtml).not.toContain('id="consent"');
    expect(missing.headers.get('content-security-policy')).not.toContain(AD_HOST);
    const signup = await page('/ar/newsletters');
    expect(signup.html).not.toContain('class="ad"');
    expect(signup.html).not.toContain('id="consent"');
    const admin = await signedIn('admin@news.example');
    const desk = await (await admin.get(`/admin/articles/${longId}`)).text();
    expect(desk).not.toContain('class="ad"');
  });

  it('adds house ads from the desk, refusing javascript: links, end before start and damaged images', async () => {
    const admin = await signedIn('admin@news.example');
    const base = {
      name: 'Book fair',
      kind: 'text',
      text: 'معرض الكتاب: من 1 إلى 10 كانون الأول',
      alt: '',
      linkUrl: 'javascript:alert(1)',
      startDay: '2022-12-01',
      endDay: '2022-11-30',
      editions: 'ar',
      weight: '2',
      maxPerPage: '1',
      active: '1',
    };
    const refused = await admin.post('/admin/ads/new', base);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(ar.adsErrorLink);
    expect(html).toContain(ar.adsErrorEndBeforeStart);
    expect(html).toContain('value="javascript:alert(1)"');
    expect(html).toContain('معرض الكتاب');
    const badDate = await admin.post('/admin/ads/new', {
      ...base,
      linkUrl: 'https://fair.example',
      endDay: '2022-02-30',
    });
    expect(await badDate.text()).toContain(ar.adsErrorDate);

    // An image that does not decode: multipart, the way the browser sends the form.
    const damaged = (
      await sharp({ create: { width: 600, height: 500, channels: 3, background: '#c33' } })
        .jpeg()
        .toBuffer()
    ).subarray(0, 400);
    const form = new FormData();
    for (const [name, value] of Object.entries({
      ...base,
      kind: 'image',
      linkUrl: 'https://fair.example',
      endDay: '',
      alt: 'ملصق',
    }))
      form.append(name, value);
    form.append('_csrf', admin.csrf);
    form.append('image', new File([damaged], 'ad.jpg', { type: 'image/jpeg' }));
    const cookie = [...admin.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    const bad = await site.app.request('/admin/ads/new', { method: 'POST', body: form, headers: { cookie } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain(ar.deskErrorImageDamaged);
    expect(await db().selectFrom('ad_campaigns').selectAll().execute()).toEqual([]);

    const added = await admin.post('/admin/ads/new', {
      ...base,
      linkUrl: 'https://fair.example/?from=sahifa',
      endDay: '2022-12-10',
    });
    expect(added.status).toBe(303);
    const row = await db().selectFrom('ad_campaigns').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      kind: 'text',
      starts_at: '2022-12-01T00:00:00.000Z',
      ends_at: '2022-12-11T00:00:00.000Z',
      weight: 2,
    });
    expect(
      await db()
        .selectFrom('audit_log')
        .select('subject_id')
        .where('action', '=', 'ad.campaign_add')
        .execute(),
    ).toEqual([{ subject_id: row.id }]);

    // Served in the page itself, in the first slot, labelled; the other slots stay empty for the tags (one per page).
    const { html: article } = await page(LONG_URL);
    expect(article).toContain(
      `<a href="/ads/click/${row.id}" rel="sponsored noopener" data-ad="${row.id}" class="ad-text"><span dir="auto">معرض الكتاب`,
    );
    expect(article.match(/data-ad="/g)).toHaveLength(1);
  });

  it('targets sections and editions, and serves image ads with renditions on the home page', async () => {
    const source = await sharp({ create: { width: 970, height: 250, channels: 3, background: '#264' } })
      .png()
      .toBuffer();
    const form = new FormData();
    const admin = await signedIn('admin@news.example');
    const fields = {
      name: 'Science week',
      kind: 'image',
      text: '',
      alt: 'أسبوع العلوم',
      linkUrl: 'https://science.example',
      startDay: '2022-12-01',
      endDay: '',
      editions: 'ar',
      sections: fixture.sections.arScience,
      weight: '5',
      maxPerPage: '3',
      active: '1',
      _csrf: admin.csrf,
    };
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('image', new File([source], 'science.png', { type: 'image/png' }));
    const cookie = [...admin.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    const res = await site.app.request('/admin/ads/new', { method: 'POST', body: form, headers: { cookie } });
    expect(res.status).toBe(303);
    const science = await db()
      .selectFrom('ad_campaigns')
      .selectAll()
      .where('name', '=', 'Science week')
      .executeTakeFirstOrThrow();
    expect(science.media_id).not.toBeNull();
    // The long story is in the world section: never the science campaign.
    for (let i = 0; i < 5; i++) {
      await sync();
      site.cache.purge(['ads:ar']);
      const { html } = await page(LONG_URL);
      expect(html).not.toContain(science.id);
    }
    // The home page has no section: only untargeted campaigns.
    const home = await page('/ar');
    expect(home.html).not.toContain(science.id);
    expect(home.html.match(/<aside class="ad"/g)).toHaveLength(2);
    // A science article gets it once the text campaign (also eligible there) is paused from the desk.
    const fair = await db()
      .selectFrom('ad_campaigns')
      .selectAll()
      .where('name', '=', 'Book fair')
      .executeTakeFirstOrThrow();
    const paused = await admin.post(`/admin/ads/${fair.id}`, {
      name: 'Book fair',
      kind: 'text',
      text: fair.text,
      linkUrl: fair.link_url,
      startDay: '2022-12-01',
      endDay: '2022-12-10',
      editions: 'ar',
      weight: '2',
      maxPerPage: '1',
    });
    expect(paused.status).toBe(303);
    expect(
      (
        await db()
          .selectFrom('ad_campaigns')
          .select('active')
          .where('id', '=', fair.id)
          .executeTakeFirstOrThrow()
      ).active,
    ).toBe(0);
    const scienceUrl = `/ar/2022/12/01/${encodeURIComponent('خبر-2')}`;
    const sciencePage = await page(scienceUrl);
    expect(sciencePage.html).toContain(`data-ad="${science.id}" class="ad-image"><picture>`);
    expect(sciencePage.html).toContain('type="image/avif"');
    // The English edition has no slots: nothing.
    const english = await page('/en/2022/11/14/diplomats-hold-technical-talks');
    expect(english.html).not.toContain('class="ad"');
  });

  it('counts impressions and clicks per day without cookies, and redirects clicks only to the stored link', async () => {
    const row = await db()
      .selectFrom('ad_campaigns')
      .selectAll()
      .where('name', '=', 'Book fair')
      .executeTakeFirstOrThrow();
    const reader = {
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0',
      'x-forwarded-for': '203.0.113.5',
    };
    const seen = (headers: Record<string, string>) =>
      site.app.request('/ads/seen', {
        method: 'POST',
        body: new URLSearchParams([
          ['c', row.id],
          ['c', 'unknown0'],
        ]),
        headers,
      });
    const first = await seen(reader);
    expect(first.status).toBe(204);
    expect(first.headers.get('set-cookie')).toBeNull();
    expect(first.headers.get('cache-control')).toBe('no-store');
    await seen(reader); // the same reader within a minute: once
    await seen({ ...reader, 'user-agent': 'Googlebot/2.1' }); // a crawler: never
    await seen({ ...reader, 'x-forwarded-for': '203.0.113.6', 'user-agent': 'Mozilla/5.0 Safari/605' });

    const click = await site.app.request(`/ads/click/${row.id}`, { headers: reader });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://fair.example/?from=sahifa');
    expect(click.headers.get('set-cookie')).toBeNull();
    expect((await site.app.request('/ads/click/nosuchcampaign')).status).toBe(404);
    expect((await site.app.request('/ads/click/..%2F..%2Fevil')).status).toBe(404);

    await site.deps.ads.flush();
    const counts = await db().selectFrom('ad_counts').selectAll().execute();
    expect(counts).toEqual([{ campaign_id: row.id, day: '2022-12-02', impressions: 2, clicks: 1 }]);

    const admin = await signedIn('admin@news.example');
    const report = await (await admin.get(`/admin/ads/${row.id}/report`)).text();
    expect(report).toContain('<td dir="ltr">2022-12-02</td><td>2</td><td>1</td><td dir="ltr">50.00%</td>');
    const list = await (await admin.get('/admin/ads')).text();
    expect(list).toContain('<td>2</td><td>1</td>');
  });

  it('serves ads.txt and app-ads.txt as saved, and refuses invalid lines with nothing saved', async () => {
    expect((await site.app.request('/ads.txt')).status).toBe(404);
    const sales = await signedIn('sales@news.example');
    const refused = await sales.post('/admin/ads/txt', {
      adsTxt: 'google.com, pub-1, DIRECT\ngoogle.com pub-2 DIRECT',
      appAdsTxt: '',
    });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(ar.adsTxtProblem.replace('{line}', '2').replace('{reason}', ar.adsTxtFields));
    expect(html).toContain('google.com pub-2 DIRECT');
    expect(await db().selectFrom('ad_texts').selectAll().execute()).toEqual([]);

    const saved = await sales.post('/admin/ads/txt', {
      adsTxt: 'google.com, pub-1, DIRECT, f08c47fec0942fa0\r\ncontact=ads@news.example\r\n',
      appAdsTxt: 'google.com, pub-1, RESELLER',
    });
    expect(saved.status).toBe(303);
    const txt = await site.app.request('/ads.txt');
    expect(txt.status).toBe(200);
    expect(txt.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await txt.text()).toBe('google.com, pub-1, DIRECT, f08c47fec0942fa0\ncontact=ads@news.example\n');
    expect(await (await site.app.request('/app-ads.txt')).text()).toBe('google.com, pub-1, RESELLER\n');
  });

  it('labels sponsored articles on their page, cards, JSON-LD and feeds, and leaves them out of automatic newsletters', async () => {
    const editor = await signedIn('editor@news.example');
    const missing = await editor.post('/admin/ads/sponsored', {
      address: '/ar/2022/12/02/nothing-here',
      sponsor: 'X',
    });
    expect(missing.status).toBe(422);
    const res = await editor.post('/admin/ads/sponsored', {
      address: `https://news.example${SHORT_URL}`,
      sponsor: 'Acme Travel',
    });
    expect(res.status).toBe(303);
    expect(
      await db().selectFrom('articles').select('sponsor').where('id', '=', shortId).executeTakeFirst(),
    ).toEqual({ sponsor: 'Acme Travel' });
    expect(
      await db()
        .selectFrom('audit_log')
        .select('subject_id')
        .where('action', '=', 'article.sponsor')
        .execute(),
    ).toEqual([{ subject_id: shortId }]);

    const { html } = await page(SHORT_URL);
    expect(html).toContain(`<p class="sponsored">${ar.sponsoredBy} <bdi>Acme Travel</bdi></p>`);
    expect(html).toContain('"sponsor":{"@type":"Organization","name":"Acme Travel"}');
    const listing = await page('/ar/section/world');
    expect(listing.html).toContain(`<p class="sponsored">${ar.sponsoredBy} <bdi>Acme Travel</bdi></p>`);
    const rss = await (await site.app.request('/ar/feed.xml')).text();
    expect(rss).toContain('<category>sponsored</category>');
    expect(rss).toContain(`${ar.sponsoredBy} Acme Travel.`);
    const atom = await (await site.app.request('/ar/atom.xml')).text();
    expect(atom).toContain('<category term="sponsored"/>');

    const edition = { code: 'ar', timeZone: 'Asia/Beirut' };
    const since = await articlesSince(db(), edition, new Date('2022-12-02T00:00:00Z'), FIXTURE_NOW, 50);
    expect(since.map((a) => a.id)).toContain(longId);
    expect(since.map((a) => a.id)).not.toContain(shortId);
    expect((await articlesByIds(db(), edition, [shortId], FIXTURE_NOW)).map((a) => a.id)).toEqual([shortId]);

    // Removing the label: an empty sponsor.
    await editor.post('/admin/ads/sponsored', { address: SHORT_URL, sponsor: '' });
    expect(
      await db().selectFrom('articles').select('sponsor').where('id', '=', shortId).executeTakeFirst(),
    ).toEqual({ sponsor: null });
    await markSponsored(db(), shortId, 'Acme Travel', act());
  });

  it('gives the sales role the advertising desk only, in its editions; others no advertising desk', async () => {
    const sales = await signedIn('sales@news.example');
    const home = await sales.get('/admin');
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/admin/ads');
    const desk = await sales.get('/admin/ads');
    expect(desk.status).toBe(200);
    const deskHtml = await desk.text();
    expect(deskHtml).toContain('href="/admin/ads/settings/ar"');
    expect(deskHtml).not.toContain('href="/admin/ads/settings/en"');
    expect(deskHtml).not.toContain('href="/admin/wire"');
    expect((await sales.get('/admin/ads/settings/en')).status).toBe(403);
    expect((await sales.get('/admin/articles/new?edition=ar')).status).toBe(403);
    expect((await sales.get('/admin/front')).status).toBe(403);
    expect((await sales.get('/admin/comments')).status).toBe(403);
    expect((await sales.get('/admin/users')).status).toBe(403);

    const editor = await signedIn('editor@news.example');
    expect((await editor.get('/admin/ads')).status).toBe(403);
    expect((await editor.get('/admin/ads/txt')).status).toBe(403);
    expect((await editor.get('/admin/ads/sponsored')).status).toBe(200);
    const writer = await signedIn('writer@news.example');
    expect((await writer.get('/admin/ads')).status).toBe(403);
    expect((await writer.get('/admin/ads/sponsored')).status).toBe(403);
    const anonymous = await site.app.request('/admin/ads');
    expect(anonymous.status).toBe(302);

    // A campaign of an edition the sales user does not work in is not theirs to change.
    const enOnly = await saveCampaign(
      db(),
      undefined,
      {
        name: 'English only',
        kind: 'text',
        text: 'Hello',
        linkUrl: 'https://x.example',
        startDay: '2022-12-01',
        endDay: '',
        editions: ['en'],
        sections: [],
        weight: 1,
        maxPerPage: 1,
        active: true,
        mediaId: null,
      },
      act(),
    );
    expect((await sales.get(`/admin/ads/${enOnly}`)).status).toBe(403);
    expect((await sales.post(`/admin/ads/${enOnly}`, { name: 'Taken' })).status).toBe(403);
    expect(en.adminRoleSales).toBe('Sales');
  });

  it('shows only the campaigns that have started', async () => {
    await saveAdSettings(
      db(),
      {
        editionCode: 'en',
        slots: { article_end: { narrow: '300x250', wide: '728x90' } },
        minWords: 0,
        tagScripts: [],
        allowedHosts: [],
      },
      act(),
    );
    await saveCampaign(
      db(),
      undefined,
      {
        name: 'Later',
        kind: 'text',
        text: 'Soon',
        linkUrl: 'https://x.example',
        startDay: '2022-12-03',
        endDay: '',
        editions: ['en'],
        sections: [],
        weight: 1,
        maxPerPage: 1,
        active: true,
        mediaId: null,
      },
      act(),
    );
    await sync();
    const first = await site.app.request('/en/2022/11/14/diplomats-hold-technical-talks');
    const html = await first.text();
    // 'English only' runs now; 'Later' starts tomorrow (the cached page is rendered again then: choose.test).
    expect(html).toContain('<span dir="auto">Hello</span>');
    expect(html).not.toContain('Soon');
  });

  it('puts a sidebar slot beside articles, set from the desk, filled after the slots every reader sees', async () => {
    const admin = await signedIn('admin@news.example');
    const cookie = [...admin.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    const save = (sidebarSize: string) => {
      const body = new URLSearchParams({
        _csrf: admin.csrf,
        article_inline_narrow: '300x250',
        article_inline_wide: '728x90',
        article_end_narrow: '320x100',
        article_end_wide: '970x250',
        home_top_narrow: '320x50',
        home_top_wide: '970x90',
        home_between_narrow: '300x250',
        home_between_wide: '728x90',
        article_sidebar_wide: sidebarSize,
        after: '2',
        every: '4',
        max: '3',
        afterBlock: '1',
        minWords: '100',
        allowedHosts: AD_HOST,
        tagScripts: TAG,
      });
      for (const p of ['article_inline', 'article_end', 'article_sidebar']) body.append('on', p);
      return site.app.request('/admin/ads/settings/ar', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      });
    };
    // A leaderboard is no sidebar size: refused, nothing saved.
    const before = (
      await db()
        .selectFrom('ad_settings')
        .select('slots')
        .where('edition_code', '=', 'ar')
        .executeTakeFirstOrThrow()
    ).slots;
    expect((await save('728x90')).status).toBe(422);
    expect(
      (
        await db()
          .selectFrom('ad_settings')
          .select('slots')
          .where('edition_code', '=', 'ar')
          .executeTakeFirstOrThrow()
      ).slots,
    ).toBe(before);
    expect((await save('300x600')).status).toBe(303);
    const row = await db()
      .selectFrom('ad_settings')
      .select('slots')
      .where('edition_code', '=', 'ar')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.slots).article_sidebar).toEqual({ wide: '300x600' });
    // The desk shows the saved size back.
    const form = await (await admin.get('/admin/ads/settings/ar')).text();
    expect(form).toMatch(/<option value="300x600" selected/);

    // One campaign that may take one slot a page: an inline slot gets it, never the sidebar (phones hide it).
    await saveCampaign(
      db(),
      undefined,
      {
        name: 'Once a page',
        kind: 'text',
        text: 'مرة واحدة',
        linkUrl: 'https://once.example',
        startDay: '2022-12-01',
        endDay: '',
        editions: ['ar'],
        sections: [],
        weight: 1,
        maxPerPage: 1,
        active: true,
        mediaId: null,
      },
      act(),
    );
    await sync();
    const { html } = await page(LONG_URL);
    const sidebar = html.slice(html.indexOf('<div class="article-aside">'));
    expect(html).toContain('<div class="article-page article-page-aside">');
    expect(sidebar).toMatch(
      /^<div class="article-aside"><aside class="ad" aria-label="[^"]+"><p class="ad-label">[^<]+<\/p><div class="ad-box ad-s300x600" data-tag-slot="article_sidebar-1"><\/div><\/aside>/,
    );
    // The sidebar comes after the text and "more on these topics" (site.css puts it beside them).
    expect(html.indexOf('<div class="article-aside">')).toBeGreaterThan(
      html.indexOf('<section class="related"'),
    );
    expect(html.indexOf('مرة واحدة')).toBeLessThan(html.indexOf('<div class="article-aside">'));
    expect(html.match(/مرة واحدة/g)).toHaveLength(1);
    // A short article has no slot inside its text, but the sidebar and the end slot.
    const short = await page(SHORT_URL);
    expect(short.html).toContain('data-tag-slot="article_sidebar-1"');
    expect(short.html).not.toContain('data-tag-slot="article_inline-1"');
  });
});
