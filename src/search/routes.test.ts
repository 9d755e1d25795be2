import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { SEARCH_CACHE_CONTROL } from './routes.js';
import { seedSearchStories } from './testing.js';

const resultHeadlines = (html: string) =>
  [...html.matchAll(/<h2><a href="[^"]+">(.*?)<\/a><\/h2>/g)].map((m) =>
    (m[1] ?? '').replace(/<\/?mark>/g, ''),
  );

describeEachDatabase('search pages', (db) => {
  let app: ReturnType<typeof testApp>['app'];
  let fixture: Fixture;

  beforeAll(async () => {
    const dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    await seedSearchStories(db(), fixture);
    app = testApp(db(), { now: FIXTURE_NOW, dataDir }).app;
  });

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await app.request(url, { headers });
    return { res, html: await res.text() };
  };

  it('puts a plain GET search form in the header of every public page', async () => {
    const { html } = await get('/ar');
    expect(html).toContain('<search class="site-search"><form method="get" action="/ar/search">');
    expect(html).toContain('name="q"');
  });

  it('shows one search form on the search page: its own, with the filters (the masthead leaves its out)', async () => {
    for (const url of [
      '/ar/search',
      `/ar/search?q=${encodeURIComponent('الانتخابات')}`,
      '/search?edition=en',
    ]) {
      const { res, html } = await get(url);
      expect(res.status, url).toBe(200);
      const forms = [...html.matchAll(/<form[^>]*>(.*?)<\/form>/gs)].filter((m) =>
        m[1]?.includes('name="q"'),
      );
      expect(forms, url).toHaveLength(1);
      expect(html.match(/name="q"/g), url).toHaveLength(1);
      expect(html, url).not.toContain('class="site-search"');
      expect(html, url).toContain('class="search-filters"');
    }
  });

  it('shows results with the matching original words marked, section, date and image', async () => {
    const { res, html } = await get(`/ar/search?q=${encodeURIComponent('والانتخابات المعلم')}`);
    expect(res.status).toBe(200);
    expect(resultHeadlines(html)).toEqual(['الحكومة تعلن موعد الانتخابات البلدية']);
    expect(html).toContain('<mark>الانتخابات</mark> البلدية');
    expect(html).toContain('وسيشرف <mark>المعلمون</mark> على');
    expect(html).toContain('العالم · <time');
    expect(html).toContain('<picture>');
    expect(html).toContain('href="/ar/2022/11/30/');
    expect(html).toContain('value="والانتخابات المعلم"');
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(res.headers.get('cache-control')).toBe(SEARCH_CACHE_CONTROL);
    expect(res.headers.get('x-cache')).toBe('BYPASS');
  });

  it('filters by section and dates, sorts by date and pages through results', async () => {
    const q = encodeURIComponent('الحكومة');
    expect(resultHeadlines((await get(`/ar/search?q=${q}&section=science`)).html)).toEqual([
      'الأمير يفتتح مستشفى جديدا',
    ]);
    expect(resultHeadlines((await get(`/ar/search?q=${q}&from=2022-11-29&to=2022-12-01`)).html)).toEqual([
      'الحكومة تعلن موعد الانتخابات البلدية',
    ]);
    expect(resultHeadlines((await get(`/ar/search?q=${q}&sort=newest`)).html)).toEqual([
      'الحكومة تعلن موعد الانتخابات البلدية',
      'الأمير يفتتح مستشفى جديدا',
    ]);
    const first = (await get(`/ar/search?q=${encodeURIComponent('خبر')}`)).html;
    expect(resultHeadlines(first)).toHaveLength(10);
    expect(first).toContain('الصفحة 1 من 3');
    const next = first.match(/href="([^"]+)" rel="next"/)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(next).toContain('page=2');
    const third = (await get(next.replace('page=2', 'page=3'))).html;
    expect(resultHeadlines(third)).toHaveLength(5);
  });

  it('explains an empty result and suggests other editions, single words and no filters', async () => {
    const none = (await get(`/ar/search?q=${encodeURIComponent('الفضاء الخارجي')}`)).html;
    // The reader's words are isolated: a Latin query must not reorder the Arabic sentence around it.
    expect(none).toContain('لا توجد أخبار تطابق «<bdi>الفضاء الخارجي</bdi>».');
    expect(none).toContain('تحقق من الإملاء');

    const english = (await get('/ar/search?q=minister')).html;
    expect(english).toContain('href="/search?q=minister&amp;edition=ar"');
    expect(english).toContain('«<bdi>minister</bdi>»');

    const oneWord = (await get(`/ar/search?q=${encodeURIComponent('الانتخابات كوكب')}`)).html;
    expect(oneWord).toContain(`href="/ar/search?q=${encodeURIComponent('الانتخابات')}"`);

    const filtered = (await get(`/ar/search?q=${encodeURIComponent('الأمير')}&section=world`)).html;
    expect(filtered).toContain(`href="/ar/search?q=${encodeURIComponent('الأمير')}"`);
  });

  it('searches every edition at /search, in the chosen edition’s chrome', async () => {
    const { res, html } = await get('/search?q=minister&edition=ar');
    expect(res.status).toBe(200);
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(resultHeadlines(html)).toEqual(
      expect.arrayContaining([
        'Elections called as prime minister resigns',
        'Minister of state visits hospital',
      ]),
    );
    expect(html).toContain('<li class="card" lang="en" dir="ltr">');
    // Without an edition, the browser's language picks one, named in the URL so caches keep pages apart.
    const negotiated = await get('/search?q=minister&sort=newest', { 'accept-language': 'en' });
    expect(negotiated.res.status).toBe(302);
    expect(negotiated.res.headers.get('location')).toBe('/search?q=minister&sort=newest&edition=en');
  });

  it('invites a query when there is none', async () => {
    const { res, html } = await get('/en/search');
    expect(res.status).toBe(200);
    expect(html).toContain('Use &quot;quotes&quot; for an exact phrase');
  });

  it('answers every kind of bad input with a page (200, or 400 for unstorable text), never engine syntax errors', async () => {
    const long = encodeURIComponent('election '.repeat(1200));
    const cases = [
      'q=%22',
      'q=%22unbalanced%20phrase',
      'q=NEAR(minister%20resigns)',
      'q=minister%20NEAR%2F3%20resigns',
      'q=*',
      'q=minist*',
      'q=%5Eminister',
      'q=headline%3Aminister',
      'q=(((',
      'q=a%20OR%20b%20AND%20NOT%20c',
      'q=%27%20OR%201%3D1%20--',
      'q=%5C',
      'q=-',
      'q=--minister',
      'q=-minister',
      'q=%E2%80%AEminister',
      'q=%',
      `q=${long}`,
      'q=minister&page=abc',
      'q=minister&page=999999',
      'q=minister&page=-1',
      'q=minister&from=2022-13-45&to=yesterday',
      'q=minister&sort=drop%20table',
      'q=minister&q=other',
      'q[]=minister',
    ];
    for (const query of cases) {
      for (const path of ['/en/search', '/search']) {
        const url = path === '/search' ? `${path}?${query}&edition=en` : `${path}?${query}`;
        const { res, html } = await get(url);
        expect(res.status, url).toBe(200);
        expect(html).toContain('<search class="search-filters">');
      }
    }
    // Text that cannot be stored (NUL, broken UTF-8) is refused at the edge with a page saying so, never a 500.
    for (const query of ['q=%00%01%1F%7F', 'q=%FF%FE%C3', 'q=%ED%A0%80', 'q=minister&section=%00']) {
      const { res, html } = await get(`/en/search?${query}`);
      expect(res.status, query).toBe(400);
      expect(html).toContain('cannot be stored');
    }
    const trimmed = (await get(`/en/search?q=${long}`)).html;
    expect(trimmed).toContain('Long searches are shortened');
    expect(resultHeadlines(trimmed)).toContain('Elections called as prime minister resigns');
    expect(resultHeadlines((await get('/en/search?q=minister&page=abc')).html)).toHaveLength(2);
  });
});
