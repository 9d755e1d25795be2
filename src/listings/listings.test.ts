import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';

/** Headlines of the newest-first list ("Latest news" with load-more); the front page's lead and groups are marked up apart. */
const headlinesOf = (html: string) =>
  [...html.matchAll(/<h2><a href="[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);
const leadOf = (html: string) =>
  html.match(/<h2 class="front-lead-headline"><a href="[^"]+">([^<]+)<\/a>/)?.[1];
const groupHeadlinesOf = (html: string) =>
  [...html.matchAll(/<h3><a href="[^"]+">([^<]+)<\/a><\/h3>/g)].map((m) => m[1]);

describeEachDatabase('listing pages', (db) => {
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    const dataDir = tempDataDir();
    await seedFixture(db(), dataDir);
    app = testApp(db(), { now: FIXTURE_NOW, dataDir }).app;
  });

  it('sends / to the edition the browser prefers, else the first edition', async () => {
    const en = await app.request('/', { headers: { 'accept-language': 'fr;q=0.9, en-GB;q=0.8' } });
    expect(en.status).toBe(302);
    expect(en.headers.get('location')).toBe('/en');
    expect(en.headers.get('vary')).toContain('Accept-Language');
    const ar = await app.request('/', { headers: { 'accept-language': 'ar-LB,ar;q=0.9' } });
    expect(ar.headers.get('location')).toBe('/ar');
    const other = await app.request('/', { headers: { 'accept-language': 'de' } });
    expect(other.headers.get('location')).toBe('/ar');
  });

  it('renders the edition home (nothing pinned: newest first) with navigation and a "more stories" link', async () => {
    const res = await app.request('/ar');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<h1 class="front-title">صحيفة</h1>');
    expect(html).toContain('<a href="/ar/section/world">العالم</a>');
    expect(html).toContain('<a href="/ar/section/science">علوم</a>');
    // Lead, top stories, then the section blocks (src/front/front.test.ts tests the arrangement).
    expect(leadOf(html)).toBe('خبر رقم 1');
    expect(groupHeadlinesOf(html).slice(0, 4)).toEqual(['خبر رقم 2', 'خبر رقم 3', 'خبر رقم 4', 'خبر رقم 5']);
    // The latest stories but the lead and top ones, ten before load-more.
    const headlines = headlinesOf(html);
    expect(headlines).toHaveLength(10);
    expect(headlines[0]).toBe('خبر رقم 6');
    expect(headlines[9]).toBe('خبر رقم 15');
    expect(html).toMatch(/<a href="\/ar\?cursor=[A-Za-z0-9_-]+" rel="next" data-more="stories"/);
    expect(html).toContain('class="loader"');
  });

  it('pages with the cursor until the last story, as a page or a load-more fragment', async () => {
    const first = await (await app.request('/ar')).text();
    const next = first.match(/href="(\/ar\?cursor=[^"]+)"/)?.[1] ?? '';
    const second = await (await app.request(next)).text();
    expect(headlinesOf(second)).toEqual([
      'خبر رقم 16',
      'خبر رقم 17',
      'خبر رقم 18',
      'خبر رقم 19',
      'خبر رقم 20',
      'خبر رقم 21',
      'خبر رقم 22',
      'خبر رقم 23',
      'خبر رقم 24',
      'خبر رقم 25',
      'دبلوماسيون يجرون محادثات فنية في إسطنبول',
    ]);
    expect(second).not.toContain('data-more=');
    expect(second).toContain('<meta name="robots" content="noindex"/>');
    const fragment = await (await app.request(`${next}&partial=1`)).text();
    expect(fragment.startsWith('<li class="card">')).toBe(true);
    expect(fragment).not.toContain('<html');
    expect(fragment).not.toContain('data-next');
  });

  it('refuses a tampered cursor with a clear 400 page', async () => {
    const res = await app.request('/ar?cursor=bm9wZQ');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Invalid &quot;cursor&quot;');
  });

  it('lists a section, a topic, an author and an agency', async () => {
    const section = await (await app.request('/ar/section/science')).text();
    expect(section).toContain('<h1 class="page-title">علوم</h1>');
    expect(leadOf(section)).toBe('خبر رقم 2');
    expect(groupHeadlinesOf(section)).toEqual(['خبر رقم 4', 'خبر رقم 6', 'خبر رقم 8', 'خبر رقم 10']);
    expect(headlinesOf(section)).toContain('خبر رقم 12');
    expect(headlinesOf(section)).not.toContain('خبر رقم 1');
    expect(headlinesOf(section)).not.toContain('خبر رقم 2');
    expect(section).toContain('<a href="/ar/section/science" aria-current="page">');

    const topic = await (await app.request('/ar/topic/diplomacy')).text();
    expect(headlinesOf(topic)).toEqual([
      'خبر رقم 1',
      'خبر رقم 6',
      'خبر رقم 11',
      'خبر رقم 16',
      'خبر رقم 21',
      'دبلوماسيون يجرون محادثات فنية في إسطنبول',
    ]);

    const author = await (await app.request('/ar/author/lina-haddad')).text();
    expect(author).toContain('مقالات لينا حداد');
    expect(headlinesOf(author)).toHaveLength(20);

    const agency = await (await app.request('/en/agency/reuters')).text();
    expect(agency).toContain('Stories by Reuters');
    expect(headlinesOf(agency)).toEqual(['Diplomats hold technical talks in Istanbul']);
  });

  it('answers 404 in the edition language for unknown editions, sections and topics', async () => {
    for (const path of ['/ar/section/nope', '/ar/topic/nope', '/ar/author/nope', '/ar/agency/nope']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain('الصفحة غير موجودة');
    }
    // Outside an edition: the language Accept-Language prefers among the editions (the first edition without one).
    const unknown = await app.request('/xx', { headers: { 'accept-language': 'en-GB,en;q=0.8' } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('vary')).toContain('Accept-Language');
    expect(await unknown.text()).toContain('Page not found');
    expect(await (await app.request('/xx')).text()).toContain('الصفحة غير موجودة');
  });
});
