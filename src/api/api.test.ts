import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createArticle, updateArticle } from '../articles/store.js';
import { articleInput, FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { createNodeServer } from '../server.js';
import type { ArticleJson, ArticleSummaryJson, EditionJson } from './json.js';

const ORIGIN = 'https://news.example';
const AR_SLUG = 'دبلوماسيون-يجرون-محادثات';
const AR_API = `/api/v1/ar/articles/${encodeURIComponent(AR_SLUG)}`;
const EN_API = '/api/v1/en/articles/diplomats-hold-technical-talks';
const AR_PAGE = `${ORIGIN}/ar/2022/11/14/${encodeURIComponent(AR_SLUG)}`;
const EN_PAGE = `${ORIGIN}/en/2022/11/14/diplomats-hold-technical-talks`;

interface ArticleList {
  articles: ArticleSummaryJson[];
  next: string | null;
}

/** Every page of a listing, following `next` from `path`. */
async function allPages(app: ReturnType<typeof testApp>['app'], path: string): Promise<ArticleList[]> {
  const pages: ArticleList[] = [];
  let url: string | null = path;
  while (url) {
    const res = await app.request(url.replace(ORIGIN, ''));
    expect(res.status, url).toBe(200);
    const page: ArticleList = await res.json();
    pages.push(page);
    url = page.next;
    expect(pages.length).toBeLessThan(30);
  }
  return pages;
}

const errorOf = async (res: Response) => ({ status: res.status, body: await res.json() });

describeEachDatabase('content API', (db) => {
  let t: ReturnType<typeof testApp>;
  let fixture: Fixture;
  let imageFile: (width: number, ext: string) => string;

  beforeAll(async () => {
    const dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    imageFile = (width, ext) => `${ORIGIN}/media/${fixture.imageId}-${width}.${ext}`;
    // Neither may show up anywhere: a draft, and a story scheduled for after "now".
    await createArticle(
      db(),
      articleInput({ editionCode: 'ar', slug: 'مسودة', headline: 'مسودة', status: 'draft' }),
      FIXTURE_NOW,
    );
    await createArticle(
      db(),
      articleInput({
        editionCode: 'ar',
        slug: 'مجدول',
        headline: 'مجدول',
        sectionId: fixture.sections.arWorld,
        topicIds: [fixture.topics.arDiplomacy],
        firstPublishedAt: '2022-12-03T08:00:00.000Z',
        lastUpdatedAt: '2022-12-03T08:00:00.000Z',
      }),
      FIXTURE_NOW,
    );
    t = testApp(db(), { now: FIXTURE_NOW, dataDir });
  });

  it('lists the editions with their sections and links', async () => {
    const res = await t.app.request('/api/v1/editions');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body: { editions: EditionJson[] } = await res.json();
    expect(body.editions).toEqual([
      {
        code: 'ar',
        language: 'ar',
        direction: 'rtl',
        name: 'صحيفة',
        description: 'أخبار العالم بالعربية',
        timeZone: 'Asia/Beirut',
        sections: [
          { slug: 'world', name: 'العالم' },
          { slug: 'science', name: 'علوم' },
        ],
        links: {
          home: `${ORIGIN}/ar`,
          articles: `${ORIGIN}/api/v1/ar/articles`,
          feeds: { rss: `${ORIGIN}/ar/feed.xml`, atom: `${ORIGIN}/ar/atom.xml` },
        },
      },
      {
        code: 'en',
        language: 'en',
        direction: 'ltr',
        name: 'Sahifa',
        description: 'World news in English',
        timeZone: 'Europe/London',
        sections: [{ slug: 'world', name: 'World' }],
        links: {
          home: `${ORIGIN}/en`,
          articles: `${ORIGIN}/api/v1/en/articles`,
          feeds: { rss: `${ORIGIN}/en/feed.xml`, atom: `${ORIGIN}/en/atom.xml` },
        },
      },
    ]);
  });

  it('lists an edition newest first, 20 by default, dated in the edition time zone', async () => {
    const res = await t.app.request('/api/v1/ar/articles');
    expect(res.status).toBe(200);
    const body: ArticleList = await res.json();
    expect(body.articles).toHaveLength(20);
    expect(body.articles.map((a) => a.headline).slice(0, 3)).toEqual(['خبر رقم 1', 'خبر رقم 2', 'خبر رقم 3']);
    expect(body.articles[0]).toEqual({
      id: fixture.arOthers[0],
      url: `${ORIGIN}/ar/2022/12/01/${encodeURIComponent('خبر-1')}`,
      slug: 'خبر-1',
      headline: 'خبر رقم 1',
      standfirst: 'ملخص الخبر 1',
      section: { slug: 'world', name: 'العالم' },
      firstPublishedAt: '2022-12-01T14:00:00+02:00',
      lastUpdatedAt: '2022-12-01T14:00:00+02:00',
      image: null,
    });
    expect(body.next).toMatch(/^https:\/\/news\.example\/api\/v1\/ar\/articles\?cursor=[A-Za-z0-9_-]+$/);
  });

  it('lists the English edition, with the lead image in every format', async () => {
    const body: ArticleList = await (await t.app.request('/api/v1/en/articles')).json();
    expect(body).toEqual({
      articles: [
        {
          id: fixture.lead.enId,
          url: EN_PAGE,
          slug: 'diplomats-hold-technical-talks',
          headline: 'Diplomats hold technical talks in Istanbul',
          standfirst: 'A low-level meeting on technical matters',
          section: { slug: 'world', name: 'World' },
          firstPublishedAt: '2022-11-14T11:00:00+00:00',
          lastUpdatedAt: '2022-11-14T11:00:00+00:00',
          image: null,
        },
      ],
      next: null,
    });
    const arabic: ArticleList = await (await t.app.request('/api/v1/ar/articles?limit=50')).json();
    const lead = arabic.articles.find((a) => a.id === fixture.lead.arId);
    expect(lead?.image).toEqual({
      url: imageFile(1200, 'jpg'),
      width: 1200,
      height: 675,
      alt: 'مبنى السفارة',
      caption: 'مبنى في إسطنبول',
      credit: 'Reuters',
      copyright: '© Reuters',
      srcset: {
        webp: [480, 800, 1200].map((w) => `${imageFile(w, 'webp')} ${w}w`).join(', '),
        jpeg: [480, 800, 1200].map((w) => `${imageFile(w, 'jpg')} ${w}w`).join(', '),
      },
    });
  });

  it('pages through every published article once, newest first, keeping the limit', async () => {
    const pages = await allPages(t.app, '/api/v1/ar/articles?limit=7');
    expect(pages.map((p) => p.articles.length)).toEqual([7, 7, 7, 5]);
    for (const page of pages.slice(0, -1)) expect(page.next).toContain('limit=7&cursor=');
    expect(pages.at(-1)?.next).toBeNull();
    const ids = pages.flatMap((p) => p.articles.map((a) => a.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.toSorted()).toEqual([fixture.lead.arId, ...fixture.arOthers].toSorted());
    const times = pages.flatMap((p) => p.articles.map((a) => Date.parse(a.firstPublishedAt)));
    expect(times).toEqual(times.toSorted((a, b) => b - a));
    const headlines = pages.flatMap((p) => p.articles.map((a) => a.headline));
    expect(headlines).not.toContain('مسودة');
    expect(headlines).not.toContain('مجدول');
  });

  it('filters by section or topic, and pages within the filter', async () => {
    const science = await allPages(t.app, '/api/v1/ar/articles?section=science&limit=5');
    const scienceArticles = science.flatMap((p) => p.articles);
    expect(scienceArticles.map((a) => a.headline)).toEqual(
      [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24].map((n) => `خبر رقم ${n}`),
    );
    expect(scienceArticles.every((a) => a.section?.slug === 'science')).toBe(true);
    expect(science[0]?.next).toContain('section=science&limit=5&cursor=');

    const diplomacy = await allPages(t.app, '/api/v1/ar/articles?topic=diplomacy&limit=2');
    expect(diplomacy.flatMap((p) => p.articles.map((a) => a.headline))).toEqual([
      'خبر رقم 1',
      'خبر رقم 6',
      'خبر رقم 11',
      'خبر رقم 16',
      'خبر رقم 21',
      'دبلوماسيون يجرون محادثات فنية في إسطنبول',
    ]);
    expect(diplomacy[0]?.next).toContain('topic=diplomacy&limit=2&cursor=');
  });

  it('sends a whole Arabic article with byline, topics, translations and image', async () => {
    const res = await t.app.request(AR_API);
    expect(res.status).toBe(200);
    const body: { article: ArticleJson } = await res.json();
    expect(body.article).toEqual({
      id: fixture.lead.arId,
      url: AR_PAGE,
      slug: AR_SLUG,
      headline: 'دبلوماسيون يجرون محادثات فنية في إسطنبول',
      standfirst: 'اجتماع على مستوى منخفض لبحث مسائل فنية',
      section: { slug: 'world', name: 'العالم' },
      firstPublishedAt: '2022-11-14T12:00:00+02:00',
      lastUpdatedAt: '2022-11-14T17:30:00+02:00',
      image: expect.objectContaining({ url: imageFile(1200, 'jpg'), width: 1200, height: 675 }),
      bodyHtml:
        '<p>(رويترز) - اجتمع دبلوماسيون في إسطنبول يوم 14 نوفمبر تشرين الثاني.</p><p>وقال متحدث إن الاجتماع كان فنيا.</p>',
      copyright: '© 2022 Reuters',
      byline: [{ type: 'agency', name: 'Reuters', slug: 'reuters', url: `${ORIGIN}/ar/agency/reuters` }],
      topics: [{ slug: 'diplomacy', name: 'دبلوماسية', url: `${ORIGIN}/ar/topic/diplomacy` }],
      translations: [
        {
          language: 'en',
          edition: 'en',
          headline: 'Diplomats hold technical talks in Istanbul',
          url: EN_PAGE,
        },
      ],
      corrections: [],
    });
  });

  it('sends the English translation pointing back to the Arabic, and a person byline', async () => {
    const english: { article: ArticleJson } = await (await t.app.request(EN_API)).json();
    expect(english.article.translations).toEqual([
      { language: 'ar', edition: 'ar', headline: 'دبلوماسيون يجرون محادثات فنية في إسطنبول', url: AR_PAGE },
    ]);
    expect(english.article.topics).toEqual([
      { slug: 'diplomacy', name: 'Diplomacy', url: `${ORIGIN}/en/topic/diplomacy` },
    ]);
    expect(english.article.image).toBeNull();

    const res = await t.app.request(`/api/v1/ar/articles/${encodeURIComponent('خبر-3')}`);
    const story: { article: ArticleJson } = await res.json();
    expect(story.article.byline).toEqual([
      { type: 'person', name: 'لينا حداد', slug: 'lina-haddad', url: `${ORIGIN}/ar/author/lina-haddad` },
    ]);
    expect(story.article.translations).toEqual([]);
    expect(story.article.bodyHtml).toBe('<p>Body.</p>');
  });

  it('answers unknown editions, articles, sections, topics and endpoints with a JSON 404', async () => {
    const cases: [string, string][] = [
      ['/api/v1/fr/articles', 'No edition fr'],
      ['/api/v1/fr/articles/x', 'No edition fr'],
      ['/api/v1/ar/articles/nope', 'No article "nope" in edition ar'],
      [`/api/v1/ar/articles/${encodeURIComponent('مسودة')}`, 'No article "مسودة" in edition ar'],
      [`/api/v1/ar/articles/${encodeURIComponent('مجدول')}`, 'No article "مجدول" in edition ar'],
      ['/api/v1/ar/articles?section=sport', 'No section "sport" in edition ar'],
      ['/api/v1/ar/articles?topic=space-race', 'No topic "space-race" in edition ar'],
      // Sections and topics belong to one edition.
      ['/api/v1/en/articles?topic=space', 'No topic "space" in edition en'],
      ['/api/v1/nope', 'No API endpoint /api/v1/nope'],
      ['/api/v1/ARABIC/articles', 'No API endpoint /api/v1/ARABIC/articles'],
    ];
    for (const [url, message] of cases) {
      const res = await t.app.request(url);
      expect(res.headers.get('content-type'), url).toBe('application/json; charset=utf-8');
      expect(res.headers.get('access-control-allow-origin'), url).toBe('*');
      expect(await errorOf(res), url).toEqual({
        status: 404,
        body: { error: { code: 'not_found', message } },
      });
    }
  });

  it('refuses bad cursors, limits and unknown or repeated query keys with a JSON 400', async () => {
    const cases: [string, string][] = [
      ['/api/v1/ar/articles?cursor=bm9wZQ', 'cursor: not a cursor from a "next" link'],
      ['/api/v1/ar/articles?limit=0', 'limit: expected a whole number from 1 to 50'],
      ['/api/v1/ar/articles?limit=51', 'limit: expected a whole number from 1 to 50'],
      ['/api/v1/ar/articles?limit=020', 'limit: expected a whole number from 1 to 50'],
      ['/api/v1/ar/articles?limit=ten', 'limit: expected a whole number from 1 to 50'],
      ['/api/v1/ar/articles?page=2', 'Unrecognized key: "page"'],
      ['/api/v1/ar/articles?section=world&topic=space', 'use either "section" or "topic", not both'],
      ['/api/v1/ar/articles?limit=5&limit=6', '"limit" is given more than once'],
      ['/api/v1/editions?lang=ar', 'Unrecognized key: "lang"'],
      [`${EN_API}?fields=headline`, 'Unrecognized key: "fields"'],
    ];
    for (const [url, message] of cases) {
      const res = await t.app.request(url);
      expect(res.headers.get('content-type'), url).toBe('application/json; charset=utf-8');
      expect(res.headers.get('cache-control'), url).toBe('no-store');
      expect(await errorOf(res), url).toEqual({
        status: 400,
        body: { error: { code: 'bad_request', message } },
      });
    }
  });

  it('is read-only: other methods get a JSON 405', async () => {
    const res = await t.app.request('/api/v1/editions', { method: 'POST', body: '{}' });
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await errorOf(res)).toEqual({
      status: 405,
      body: { error: { code: 'method_not_allowed', message: 'The content API is read-only: use GET' } },
    });
  });

  it('leaves the HTML error pages of the site alone', async () => {
    const res = await t.app.request('/ar/section/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('is cacheable like the pages: ETag, 304, compression, s-maxage, CORS on hits too', async () => {
    const url = '/api/v1/ar/articles?limit=3';
    const first = await t.app.request(url);
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+, s-maxage=\d+/);
    expect(first.headers.get('vary')).toBe('Accept-Encoding');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('access-control-expose-headers')).toBe('ETag');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);

    const hit = await t.app.request(url);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('access-control-allow-origin')).toBe('*');
    expect(hit.headers.get('etag')).toBe(etag);
    const revalidated = await t.app.request(url, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(revalidated.headers.get('access-control-allow-origin')).toBe('*');

    const compressed = await t.app.request('/api/v1/ar/articles', { headers: { 'accept-encoding': 'br' } });
    expect(compressed.headers.get('content-encoding')).toBe('br');
  });

  it('answers CORS preflights', async () => {
    const res = await t.app.request('/api/v1/editions', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,HEAD');
    expect(res.headers.get('access-control-allow-headers')).toBe('if-none-match');
  });

  it('keeps CORS on the Node fast path, which answers cached responses before routing', async () => {
    const server = createNodeServer(t.app, t.cache);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await t.app.request('/api/v1/en/articles?limit=1');
      const hit = await fetch(`http://127.0.0.1:${port}/api/v1/en/articles?limit=1`);
      expect(hit.headers.get('x-cache')).toBe('HIT');
      expect(hit.headers.get('access-control-allow-origin')).toBe('*');
      expect(hit.headers.get('content-type')).toBe('application/json; charset=utf-8');
    } finally {
      server.close();
    }
  });
});

describeEachDatabase('content API cache purge', (db) => {
  let t: ReturnType<typeof testApp>;
  let fixture: Fixture;

  beforeAll(async () => {
    const dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    t = testApp(db(), { now: FIXTURE_NOW, dataDir });
    await t.cache.skipToLatestChange(db());
  });
  afterAll(() => t.cache.clear());

  it('purges exactly the API responses an article update affects', async () => {
    const urls = [
      AR_API,
      EN_API,
      '/api/v1/ar/articles',
      '/api/v1/ar/articles?section=world',
      '/api/v1/ar/articles?section=science',
      '/api/v1/ar/articles?topic=space',
      '/api/v1/en/articles',
      '/api/v1/editions',
    ];
    const state = async (url: string) => (await t.app.request(url)).headers.get('x-cache');
    for (const url of urls) expect(await state(url), url).toBe('MISS');
    for (const url of urls) expect(await state(url), url).toBe('HIT');

    await updateArticle(
      db(),
      fixture.lead.arId,
      articleInput({
        editionCode: 'ar',
        slug: AR_SLUG,
        headline: 'عنوان محدث',
        sectionId: fixture.sections.arWorld,
        leadMediaId: fixture.imageId,
        topicIds: [fixture.topics.arDiplomacy],
        byline: [{ agencyId: fixture.agencyId }],
        translationGroup: fixture.lead.group,
        firstPublishedAt: '2022-11-14T10:00:00.000Z',
        lastUpdatedAt: '2022-11-20T10:00:00.000Z',
      }),
      FIXTURE_NOW,
    );
    expect(await t.cache.syncFromChangeLog(db())).toBe(1);

    expect(await state(AR_API)).toBe('MISS');
    expect(await state(EN_API)).toBe('MISS'); // its translation list names the Arabic headline
    expect(await state('/api/v1/ar/articles')).toBe('MISS');
    expect(await state('/api/v1/ar/articles?section=world')).toBe('MISS');
    expect(await state('/api/v1/ar/articles?section=science')).toBe('HIT');
    expect(await state('/api/v1/ar/articles?topic=space')).toBe('HIT');
    expect(await state('/api/v1/en/articles')).toBe('HIT');
    expect(await state('/api/v1/editions')).toBe('HIT');

    const updated: { article: ArticleJson } = await (await t.app.request(AR_API)).json();
    expect(updated.article.headline).toBe('عنوان محدث');
    expect(updated.article.lastUpdatedAt).toBe('2022-11-20T12:00:00+02:00');
    const english: { article: ArticleJson } = await (await t.app.request(EN_API)).json();
    expect(english.article.translations[0]?.headline).toBe('عنوان محدث');
  });
});
