import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { newId } from '../db/ids.js';
import type { Db, NewArticle } from '../db/schema.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';

const SITE = 'https://news.example';
const AR_LEAD = `/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;
const EN_LEAD = '/en/2022/11/14/diplomats-hold-technical-talks';
const AR_LEAD_HEADLINE = 'دبلوماسيون يجرون محادثات فنية في إسطنبول';
/** Arabic story n of the fixture, first published n-1 hours before 2022-12-01T12:00Z (14:00 in Beirut). */
const arStory = (n: number, localDate: string) => `/ar/${localDate}/${encodeURIComponent(`خبر-${n}`)}`;

interface AtomFields {
  updated: string;
}
const rss = new Parser();
const atom = new Parser<Record<string, unknown>, AtomFields>({ customFields: { item: ['updated'] } });
const sitemapXml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['sitemap', 'url', 'xhtml:link'].includes(name),
});

interface UrlEntry {
  loc: string;
  lastmod?: string;
  'xhtml:link'?: { rel: string; hreflang: string; href: string }[];
  'news:news'?: {
    'news:publication': { 'news:name': string; 'news:language': string };
    'news:publication_date': string;
    'news:title': string;
  };
}

describeEachDatabase('feeds and sitemaps', (db) => {
  let t: ReturnType<typeof testApp>;
  let fixture: Fixture;
  let dataDir: string;

  async function fetchXml(path: string, contentType: string): Promise<string> {
    const res = await t.app.request(path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type')).toBe(contentType);
    const xml = await res.text();
    expect(XMLValidator.validate(xml), path).toBe(true);
    return xml;
  }
  const fetchRss = async (path: string) =>
    rss.parseString(await fetchXml(path, 'application/rss+xml; charset=utf-8'));
  const fetchAtom = async (path: string) =>
    atom.parseString(await fetchXml(path, 'application/atom+xml; charset=utf-8'));
  const fetchUrls = async (path: string): Promise<UrlEntry[]> =>
    sitemapXml.parse(await fetchXml(path, 'application/xml; charset=utf-8')).urlset.url ?? [];

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    t = testApp(db(), { now: FIXTURE_NOW, dataDir });
  });

  it('has an RSS feed of the edition: newest first, linked, dated, with section and lead image', async () => {
    const feed = await fetchRss('/ar/feed.xml');
    expect(feed).toMatchObject({
      title: 'صحيفة',
      language: 'ar',
      description: 'أخبار العالم بالعربية',
      link: `${SITE}/ar`,
      feedUrl: `${SITE}/ar/feed.xml`,
      lastBuildDate: 'Thu, 01 Dec 2022 12:00:00 GMT',
    });
    // 25 stories and the lead: every published Arabic article, fewer than the 30 a feed holds.
    expect(feed.items).toHaveLength(26);
    const first = feed.items[0];
    expect(first).toMatchObject({
      title: 'خبر رقم 1',
      link: `${SITE}${arStory(1, '2022/12/01')}`,
      guid: `${SITE}${arStory(1, '2022/12/01')}`,
      isoDate: '2022-12-01T12:00:00.000Z',
      contentSnippet: 'ملخص الخبر 1',
      categories: [{ _: 'العالم', $: { domain: `${SITE}/ar/section/world` } }],
    });
    expect(first?.enclosure).toBeUndefined();
    const dates = feed.items.map((i) => i.isoDate ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    const lead = feed.items.at(-1);
    expect(lead).toMatchObject({
      title: AR_LEAD_HEADLINE,
      link: `${SITE}${AR_LEAD}`,
      guid: `${SITE}${AR_LEAD}`,
      pubDate: 'Mon, 14 Nov 2022 10:00:00 GMT',
      contentSnippet: 'اجتماع على مستوى منخفض لبحث مسائل فنية',
    });
    expect(lead?.enclosure?.url).toMatch(/^https:\/\/news\.example\/media\/[0-9a-z]+-1200\.jpg$/);
    expect(lead?.enclosure?.type).toBe('image/jpeg');
    expect(Number(lead?.enclosure?.length)).toBeGreaterThan(1000);
  });

  it('has an Atom feed of the edition with published and updated times and its language', async () => {
    const xml = await fetchXml('/ar/atom.xml', 'application/atom+xml; charset=utf-8');
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">');
    const feed = await atom.parseString(xml);
    expect(feed).toMatchObject({
      title: 'صحيفة',
      link: `${SITE}/ar`,
      feedUrl: `${SITE}/ar/atom.xml`,
      lastBuildDate: '2022-12-01T12:00:00.000Z',
    });
    expect(feed.items).toHaveLength(26);
    expect(feed.items[0]).toMatchObject({
      title: 'خبر رقم 1',
      link: `${SITE}${arStory(1, '2022/12/01')}`,
      id: `${SITE}${arStory(1, '2022/12/01')}`,
      pubDate: '2022-12-01T12:00:00.000Z',
      updated: '2022-12-01T12:00:00.000Z',
    });
    expect(feed.items.at(-1)).toMatchObject({
      title: AR_LEAD_HEADLINE,
      link: `${SITE}${AR_LEAD}`,
      pubDate: '2022-11-14T10:00:00.000Z',
      updated: '2022-11-14T15:30:00.000Z',
      summary: 'اجتماع على مستوى منخفض لبحث مسائل فنية',
    });
    expect(xml).toMatch(/<link rel="enclosure" href="https:\/\/news\.example\/media\/[0-9a-z]+-1200\.jpg"/);
    expect(xml).toContain('<category term="العالم"/>');
  });

  it('has RSS and Atom feeds of a section, with only its stories', async () => {
    const science = await fetchRss('/ar/section/science/feed.xml');
    expect(science).toMatchObject({
      title: 'علوم | صحيفة',
      link: `${SITE}/ar/section/science`,
      feedUrl: `${SITE}/ar/section/science/feed.xml`,
    });
    expect(science.items.map((i) => i.title)).toEqual(
      [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24].map((n) => `خبر رقم ${n}`),
    );
    expect(new Set(science.items.map((i) => JSON.stringify(i.categories)))).toEqual(
      new Set([JSON.stringify([{ _: 'علوم', $: { domain: `${SITE}/ar/section/science` } }])]),
    );
    const world = await fetchAtom('/ar/section/world/atom.xml');
    expect(world.feedUrl).toBe(`${SITE}/ar/section/world/atom.xml`);
    expect(world.items).toHaveLength(14);
    expect(world.items[0]?.title).toBe('خبر رقم 1');
    expect(world.items.at(-1)?.title).toBe(AR_LEAD_HEADLINE);
  });

  it('has RSS and Atom feeds of a topic, in each edition', async () => {
    const diplomacy = await fetchRss('/ar/topic/diplomacy/feed.xml');
    expect(diplomacy.title).toBe('دبلوماسية | صحيفة');
    expect(diplomacy.feedUrl).toBe(`${SITE}/ar/topic/diplomacy/feed.xml`);
    expect(diplomacy.items.map((i) => i.title)).toEqual([
      'خبر رقم 1',
      'خبر رقم 6',
      'خبر رقم 11',
      'خبر رقم 16',
      'خبر رقم 21',
      AR_LEAD_HEADLINE,
    ]);
    expect(diplomacy.items[3]?.link).toBe(`${SITE}${arStory(16, '2022/11/30')}`);
    const en = await fetchAtom('/en/topic/diplomacy/atom.xml');
    expect(en.title).toBe('Diplomacy | Sahifa');
    expect(en.items).toHaveLength(1);
    expect(en.items[0]).toMatchObject({
      title: 'Diplomats hold technical talks in Istanbul',
      link: `${SITE}${EN_LEAD}`,
      pubDate: '2022-11-14T11:00:00.000Z',
    });
    const enRss = await fetchRss('/en/feed.xml');
    expect(enRss).toMatchObject({ title: 'Sahifa', language: 'en', description: 'World news in English' });
  });

  it('answers 404 for an unknown edition, section, topic or feed name', async () => {
    for (const path of [
      '/xx/feed.xml',
      '/ar/section/nope/feed.xml',
      '/ar/section/nope/atom.xml',
      '/ar/topic/nope/feed.xml',
      '/en/topic/space/atom.xml',
      '/ar/section/world/rss.xml',
    ]) {
      expect((await t.app.request(path)).status, path).toBe(404);
    }
  });

  it('serves feeds with an ETag, 304 to If-None-Match, and caches them under the listing tags', async () => {
    const path = '/ar/section/science/feed.xml';
    const first = await t.app.request(path);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await t.app.request(path, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(again.headers.get('x-cache')).toBe('HIT');
    const gzip = await t.app.request(path, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');

    for (const tags of [[`section:${fixture.sections.arScience}`], ['edition:ar'], ['site']]) {
      expect((await t.app.request(path)).headers.get('x-cache')).toBe('HIT');
      t.cache.purge(tags);
      expect((await t.app.request(path)).headers.get('x-cache'), tags[0]).toBe('MISS');
    }
    await t.app.request('/ar/topic/space/atom.xml');
    await t.app.request('/ar/atom.xml');
    expect(t.cache.purge([`topic:${fixture.topics.arSpace}`])).toBe(1);
    expect(t.cache.purge(['list:ar'])).toBe(1);
  });

  it('lists the pages and events sitemaps and one article sitemap per edition in the sitemap index', async () => {
    const index = sitemapXml.parse(await fetchXml('/sitemap.xml', 'application/xml; charset=utf-8'));
    expect(index.sitemapindex.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(index.sitemapindex.sitemap.map((s: { loc: string }) => s.loc)).toEqual([
      `${SITE}/sitemaps/pages.xml`,
      `${SITE}/sitemaps/events.xml`,
      `${SITE}/sitemaps/articles-ar-1.xml`,
      `${SITE}/sitemaps/articles-en-1.xml`,
    ]);
  });

  it('lists every edition home, section and topic page in the pages sitemap', async () => {
    const urls = await fetchUrls('/sitemaps/pages.xml');
    expect(urls.map((u) => u.loc)).toEqual([
      `${SITE}/ar`,
      `${SITE}/ar/section/world`,
      `${SITE}/ar/section/science`,
      `${SITE}/ar/topic/space`,
      `${SITE}/ar/topic/diplomacy`,
      `${SITE}/en`,
      `${SITE}/en/section/world`,
      `${SITE}/en/topic/diplomacy`,
    ]);
    expect(urls[0]?.['xhtml:link']).toEqual([
      { rel: 'alternate', hreflang: 'ar', href: `${SITE}/ar` },
      { rel: 'alternate', hreflang: 'en', href: `${SITE}/en` },
      { rel: 'alternate', hreflang: 'x-default', href: `${SITE}/` },
    ]);
  });

  it('lists every published article of an edition, newest first, with last change and translations', async () => {
    const ar = await fetchUrls('/sitemaps/articles-ar-1.xml');
    expect(ar).toHaveLength(26);
    expect(ar[0]).toEqual({
      loc: `${SITE}${arStory(1, '2022/12/01')}`,
      lastmod: '2022-12-01T14:00:00+02:00',
    });
    expect(ar[24]?.loc).toBe(`${SITE}${arStory(25, '2022/11/30')}`);
    const translations = [
      { rel: 'alternate', hreflang: 'ar', href: `${SITE}${AR_LEAD}` },
      { rel: 'alternate', hreflang: 'en', href: `${SITE}${EN_LEAD}` },
      { rel: 'alternate', hreflang: 'x-default', href: `${SITE}${AR_LEAD}` },
    ];
    expect(ar[25]).toEqual({
      loc: `${SITE}${AR_LEAD}`,
      lastmod: '2022-11-14T17:30:00+02:00',
      'xhtml:link': translations,
    });
    const en = await fetchUrls('/sitemaps/articles-en-1.xml');
    expect(en).toEqual([
      { loc: `${SITE}${EN_LEAD}`, lastmod: '2022-11-14T11:00:00+00:00', 'xhtml:link': translations },
    ]);
    for (const path of [
      '/sitemaps/articles-ar-2.xml',
      '/sitemaps/articles-ar-0.xml',
      '/sitemaps/articles-ar-01.xml',
      '/sitemaps/articles-xx-1.xml',
      '/sitemaps/other.xml',
    ]) {
      expect((await t.app.request(path)).status, path).toBe(404);
    }
  });

  it('lists only articles of the last two days in the Google News sitemap', async () => {
    const xml = await fetchXml('/news-sitemap.xml', 'application/xml; charset=utf-8');
    expect(xml).toContain('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"');
    const urls: UrlEntry[] = sitemapXml.parse(xml).urlset.url;
    // Stories 1 to 25, from 2022-12-01T12:00Z back to 2022-11-30T12:00Z: exactly two days before now.
    expect(urls).toHaveLength(25);
    expect(urls[0]).toEqual({
      loc: `${SITE}${arStory(1, '2022/12/01')}`,
      'news:news': {
        'news:publication': { 'news:name': 'صحيفة', 'news:language': 'ar' },
        'news:publication_date': '2022-12-01T14:00:00+02:00',
        'news:title': 'خبر رقم 1',
      },
    });
    expect(urls.at(-1)?.['news:news']?.['news:publication_date']).toBe('2022-11-30T14:00:00+02:00');
    expect(xml).not.toContain(AR_LEAD);
    expect(xml).not.toContain(EN_LEAD);
  });

  it('caches sitemaps until a content change in any edition', async () => {
    for (const path of [
      '/sitemap.xml',
      '/sitemaps/pages.xml',
      '/sitemaps/articles-ar-1.xml',
      '/news-sitemap.xml',
    ]) {
      await t.app.request(path);
      expect((await t.app.request(path)).headers.get('x-cache'), path).toBe('HIT');
      t.cache.purge(['list:en']);
      expect((await t.app.request(path)).headers.get('x-cache'), path).toBe('MISS');
    }
  });

  it('has a robots.txt that allows all but the admin and API and names both sitemaps', async () => {
    const res = await t.app.request('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe(
      [
        'User-agent: *',
        'Allow: /',
        'Disallow: /admin',
        'Disallow: /api/',
        '',
        'Sitemap: https://news.example/sitemap.xml',
        'Sitemap: https://news.example/news-sitemap.xml',
        '',
      ].join('\n'),
    );
  });

  it('leaves drafts and scheduled articles out of feeds and sitemaps', async () => {
    const [draft, scheduled] = fixture.arOthers;
    if (!draft || !scheduled) throw new Error('fixture has no stories');
    await db().updateTable('articles').set({ status: 'draft' }).where('id', '=', draft).execute();
    await db()
      .updateTable('articles')
      .set({ first_published_at: '2022-12-03T09:00:00.000Z' })
      .where('id', '=', scheduled)
      .execute();
    const fresh = testApp(db(), { now: FIXTURE_NOW, dataDir });
    const hidden = ['خبر رقم 1', 'خبر رقم 2'];
    try {
      for (const path of ['/ar/feed.xml', '/ar/atom.xml', '/ar/topic/diplomacy/feed.xml']) {
        const feed = await (path.endsWith('atom.xml') ? atom : rss).parseString(
          await (await fresh.app.request(path)).text(),
        );
        expect(feed.items.map((i) => i.title)).not.toContain(hidden[0]);
        expect(feed.items.map((i) => i.title)).not.toContain(hidden[1]);
      }
      expect(
        (await rss.parseString(await (await fresh.app.request('/ar/feed.xml')).text())).items,
      ).toHaveLength(24);
      const news = await (await fresh.app.request('/news-sitemap.xml')).text();
      const sitemap = await (await fresh.app.request('/sitemaps/articles-ar-1.xml')).text();
      for (const xml of [news, sitemap]) {
        expect(xml).not.toContain(`${encodeURIComponent('خبر-1')}</loc>`);
        expect(xml).not.toContain(`${encodeURIComponent('خبر-2')}</loc>`);
        expect(xml).toContain(`${encodeURIComponent('خبر-3')}</loc>`);
      }
    } finally {
      await db().updateTable('articles').set({ status: 'published' }).where('id', '=', draft).execute();
      await db()
        .updateTable('articles')
        .set({ first_published_at: '2022-12-01T11:00:00.000Z' })
        .where('id', '=', scheduled)
        .execute();
    }
  });

  it('splits article sitemaps at 10,000 URLs and keeps feeds to the latest 30', async () => {
    await insertOldEnglishStories(db(), 10_000);
    const fresh = testApp(db(), { now: FIXTURE_NOW, dataDir });
    const index = await (await fresh.app.request('/sitemap.xml')).text();
    expect(index).toContain(`${SITE}/sitemaps/articles-en-1.xml`);
    expect(index).toContain(`${SITE}/sitemaps/articles-en-2.xml`);
    expect(index).not.toContain('articles-en-3.xml');
    expect(index).not.toContain('articles-ar-2.xml');
    const first: UrlEntry[] = sitemapXml.parse(
      await (await fresh.app.request('/sitemaps/articles-en-1.xml')).text(),
    ).urlset.url;
    expect(first).toHaveLength(10_000);
    expect(first[0]?.loc).toBe(`${SITE}${EN_LEAD}`);
    const second: UrlEntry[] = sitemapXml.parse(
      await (await fresh.app.request('/sitemaps/articles-en-2.xml')).text(),
    ).urlset.url;
    expect(second.map((u) => u.loc)).toEqual([`${SITE}/en/2022/05/25/old-9999`]);
    expect((await fresh.app.request('/sitemaps/articles-en-3.xml')).status).toBe(404);

    const feed = await rss.parseString(await (await fresh.app.request('/en/feed.xml')).text());
    expect(feed.items).toHaveLength(30);
    expect(feed.items.map((i) => i.title).slice(0, 3)).toEqual([
      'Diplomats hold technical talks in Istanbul',
      'Old story 0',
      'Old story 1',
    ]);
    expect(feed.items.at(-1)?.title).toBe('Old story 28');
  });
});

/** `count` English stories a minute apart going back from 2022-06-01, inserted directly for speed. */
async function insertOldEnglishStories(db: Db, count: number): Promise<void> {
  const rows: NewArticle[] = Array.from({ length: count }, (_, i) => {
    const at = new Date(Date.parse('2022-06-01T00:00:00Z') - (i + 1) * 60_000).toISOString();
    return {
      id: newId(FIXTURE_NOW),
      edition_code: 'en',
      slug: `old-${i}`,
      headline: `Old story ${i}`,
      standfirst: '',
      body_html: '<p>Old.</p>',
      lead_media_id: null,
      section_id: null,
      copyright: '',
      status: 'published',
      translation_group: null,
      first_published_at: at,
      last_updated_at: at,
      created_at: at,
      modified_at: at,
      source_uri: null,
      source_version: null,
    };
  });
  // 17 columns a row: 500 rows stay under SQLite's limit of bound parameters.
  for (let start = 0; start < rows.length; start += 500) {
    await db
      .insertInto('articles')
      .values(rows.slice(start, start + 500))
      .execute();
  }
}
