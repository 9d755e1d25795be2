import { beforeAll, beforeEach, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { articlePath } from '../articles/paths.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { createDraft, publishNow, unpublish } from '../articles/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { PAGE_CACHE_CONTROL } from '../http/delivery.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { loadMostRead, MOST_READ_FRESH_MS, viewsOfArticles } from './queries.js';

const TODAY_11 = '2022-12-02T11:00:00.000Z';
const NOW_HOUR = '2022-12-02T12:00:00.000Z';
/** The oldest hour of the rolling day at FIXTURE_NOW (12:00): 13:00 the day before. */
const DAY_EDGE = '2022-12-01T13:00:00.000Z';
const TOO_OLD = '2022-12-01T12:00:00.000Z';

/** Headlines of the most-read block, in order; undefined when the page has none. */
function mostReadOf(html: string): string[] | undefined {
  const block = /<section class="most-read"[^>]*>(.*?)<\/section>/s.exec(html)?.[1];
  if (block === undefined) return undefined;
  return [...block.matchAll(/<li><a href="[^"]+">([^<]+)<\/a><\/li>/g)].map((m) => m[1] ?? '');
}

describeEachDatabase('most read', (db) => {
  let fixture: Fixture;
  let dataDir: string;
  let withdrawn: string;
  const ar = (i: number) => fixture.arOthers[i] ?? '';
  const headline = (i: number) => `خبر رقم ${i + 1}`;
  const urlOf = (i: number) =>
    articlePath(
      'ar',
      `خبر-${i + 1}`,
      new Date(Date.parse('2022-12-01T12:00:00Z') - i * 3_600_000).toISOString(),
      'Asia/Beirut',
    );

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    const act = { userId: null, now: FIXTURE_NOW };
    withdrawn = await createDraft(
      db(),
      'ar',
      {
        slug: 'سحب',
        headline: 'خبر سحب',
        standfirst: '',
        bodyHtml: '<p>x</p>',
        copyright: '',
        sectionId: fixture.sections.arWorld,
        leadMediaId: null,
        topicIds: [],
        byline: [],
      },
      act,
    );
    await publishNow(db(), withdrawn, act);
    await unpublish(db(), withdrawn, act);
  });

  beforeEach(async () => {
    await db().deleteFrom('article_views').execute();
  });

  /** Test setup only: the app writes these rows through src/readership/counter.ts. */
  async function seedViews() {
    await db()
      .insertInto('article_views')
      .values([
        { article_id: ar(3), hour: TODAY_11, views: 50 },
        { article_id: ar(1), hour: NOW_HOUR, views: 30 },
        { article_id: ar(1), hour: DAY_EDGE, views: 10 },
        { article_id: ar(2), hour: TODAY_11, views: 20 },
        { article_id: ar(4), hour: NOW_HOUR, views: 20 },
        { article_id: ar(0), hour: TOO_OLD, views: 500 },
        { article_id: ar(0), hour: NOW_HOUR, views: 1 },
        { article_id: ar(6), hour: NOW_HOUR, views: 5 },
        { article_id: ar(7), hour: NOW_HOUR, views: 3 },
        { article_id: withdrawn, hour: NOW_HOUR, views: 1000 },
        { article_id: fixture.lead.enId, hour: NOW_HOUR, views: 999 },
      ])
      .execute();
  }

  it('ranks the rolling day by views, then newest; older hours, unpublished and other editions left out', async () => {
    await seedViews();
    const top = await loadMostRead(db(), 'ar', FIXTURE_NOW);
    expect(top.map((t) => t.headline)).toEqual([
      headline(3),
      headline(1),
      headline(2),
      headline(4),
      headline(6),
    ]);
    expect(top.map((t) => t.views)).toEqual([50, 40, 20, 20, 5]);
    expect(top[0]?.url).toBe(urlOf(3));
    const en = await loadMostRead(db(), 'en', FIXTURE_NOW);
    expect(en.map((t) => [t.id, t.views])).toEqual([[fixture.lead.enId, 999]]);
  });

  it('narrows to a section', async () => {
    await seedViews();
    const world = await loadMostRead(db(), 'ar', FIXTURE_NOW, { sectionId: fixture.sections.arWorld });
    expect(world.map((t) => t.headline)).toEqual([headline(2), headline(4), headline(6), headline(0)]);
    const science = await loadMostRead(db(), 'ar', FIXTURE_NOW, { sectionId: fixture.sections.arScience });
    expect(science.map((t) => t.headline)).toEqual([headline(3), headline(1), headline(7)]);
  });

  it('is empty before anyone has read anything', async () => {
    expect(await loadMostRead(db(), 'ar', FIXTURE_NOW)).toEqual([]);
  });

  it('sums views of the rolling day and in all for the desk', async () => {
    await seedViews();
    const views = await viewsOfArticles(db(), [ar(0), ar(1), ar(9)], FIXTURE_NOW);
    expect(views.get(ar(0))).toEqual({ lastDay: 1, total: 501 });
    expect(views.get(ar(1))).toEqual({ lastDay: 40, total: 40 });
    expect(views.has(ar(9))).toBe(false);
    expect((await viewsOfArticles(db(), [], FIXTURE_NOW)).size).toBe(0);
  });

  it('shows the block on article pages, which stay cacheable and carry the beacon', async () => {
    let cacheMs = 0;
    const { app } = testApp(db(), { now: FIXTURE_NOW, dataDir, cacheOptions: { now: () => cacheMs } });
    const first = await app.request(urlOf(10));
    expect(first.status).toBe(200);
    const html = await first.text();
    // No views yet: no block, no made-up list.
    expect(mostReadOf(html)).toBeUndefined();
    expect(html).toContain(`<noscript data-views="/views" data-article="${ar(10)}">`);
    expect(html).toContain(`<img src="/views/${ar(10)}.gif" alt="" width="1" height="1"`);
    expect(first.headers.get('cache-control')).toBe(PAGE_CACHE_CONTROL);
    expect(first.headers.get('set-cookie')).toBeNull();
    expect(first.headers.get('x-cache')).toBe('MISS');

    await seedViews();
    // Cached until the most-read block may have moved, then rendered again.
    expect((await app.request(urlOf(10))).headers.get('x-cache')).toBe('HIT');
    cacheMs += MOST_READ_FRESH_MS;
    const later = await app.request(urlOf(10));
    expect(later.headers.get('x-cache')).toBe('MISS');
    const page = await later.text();
    expect(page).toContain('<h2 id="most-read">الأكثر قراءة</h2>');
    expect(mostReadOf(page)).toEqual([headline(3), headline(1), headline(2), headline(4), headline(6)]);
    expect(page).toContain(`<li><a href="${urlOf(3)}">${headline(3)}</a></li>`);

    const english = await (await app.request('/en/2022/11/14/diplomats-hold-technical-talks')).text();
    expect(english).toContain('<h2 id="most-read">Most read</h2>');
  });

  it('is read once per edition per MOST_READ_FRESH_MS with the page cache off too, and purged with its articles', async () => {
    let cacheMs = 0;
    const { app, cache } = testApp(db(), {
      now: FIXTURE_NOW,
      dataDir,
      cache: false,
      cacheOptions: { now: () => cacheMs },
    });
    expect(mostReadOf(await (await app.request(urlOf(10))).text())).toBeUndefined();
    await seedViews();
    // Every request a render, but the list as read by the first one until it is MOST_READ_FRESH_MS old.
    cacheMs += MOST_READ_FRESH_MS - 1;
    expect(mostReadOf(await (await app.request(urlOf(9))).text())).toBeUndefined();
    cacheMs += 1;
    const list = [headline(3), headline(1), headline(2), headline(4), headline(6)];
    expect(mostReadOf(await (await app.request(urlOf(9))).text())).toEqual(list);
    // A change naming an article of the list reads it again.
    await db().deleteFrom('article_views').execute();
    expect(mostReadOf(await (await app.request(urlOf(8))).text())).toEqual(list);
    cache.purge([`article:${ar(3)}`]);
    expect(mostReadOf(await (await app.request(urlOf(8))).text())).toBeUndefined();
  });

  it('purges a cached page when an article in its block is withdrawn', async () => {
    await seedViews();
    const { app, cache } = testApp(db(), { now: FIXTURE_NOW, dataDir });
    await app.request(urlOf(10));
    expect((await app.request(urlOf(10))).headers.get('x-cache')).toBe('HIT');
    cache.purge([`article:${ar(3)}`]);
    expect((await app.request(urlOf(10))).headers.get('x-cache')).toBe('MISS');
  });

  it('is read once per edition per MOST_READ_FRESH_MS while the page cache is on; a page is fresh no longer than its list', async () => {
    let cacheMs = 0;
    const { app, cache } = testApp(db(), { now: FIXTURE_NOW, dataDir, cacheOptions: { now: () => cacheMs } });
    expect(mostReadOf(await (await app.request(urlOf(10))).text())).toBeUndefined();
    await seedViews();
    // Half-way through, another page shows the list as read then (still empty)...
    cacheMs += MOST_READ_FRESH_MS / 2;
    expect(mostReadOf(await (await app.request(urlOf(9))).text())).toBeUndefined();
    // ...and is kept only until that list is MOST_READ_FRESH_MS old.
    cacheMs += MOST_READ_FRESH_MS / 2 - 1;
    expect((await app.request(urlOf(9))).headers.get('x-cache')).toBe('HIT');
    cacheMs += 1;
    const later = await app.request(urlOf(9));
    expect(later.headers.get('x-cache')).toBe('MISS');
    expect(mostReadOf(await later.text())).toEqual([
      headline(3),
      headline(1),
      headline(2),
      headline(4),
      headline(6),
    ]);
    // An article of the list withdrawn (its tag purged) makes the next page read the list again.
    await db().deleteFrom('article_views').execute();
    cache.purge([`article:${ar(3)}`]);
    expect(mostReadOf(await (await app.request(urlOf(8))).text())).toBeUndefined();
  });

  it('shows the edition-wide block on the home page and the section block on section pages', async () => {
    expect(
      mostReadOf(await (await testApp(db(), { now: FIXTURE_NOW, dataDir }).app.request('/ar')).text()),
    ).toBeUndefined();
    await seedViews();
    const { app } = testApp(db(), { now: FIXTURE_NOW, dataDir, cache: false });
    expect(mostReadOf(await (await app.request('/ar')).text())).toEqual([
      headline(3),
      headline(1),
      headline(2),
      headline(4),
      headline(6),
    ]);
    expect(mostReadOf(await (await app.request('/ar/section/world')).text())).toEqual([
      headline(2),
      headline(4),
      headline(6),
      headline(0),
    ]);
    // The load-more fragment is the list only.
    const more = await (await app.request('/ar?partial=1')).text();
    expect(more).not.toContain('most-read');
  });

  it('shows the block on a not-found page too, from a memo that queries an edition at most once a minute', async () => {
    const { app } = testApp(db(), { now: FIXTURE_NOW, dataDir, cache: false });
    await seedViews();
    const missing = await app.request('/ar/no-such-page');
    expect(missing.status).toBe(404);
    expect(mostReadOf(await missing.text())).toEqual([
      headline(3),
      headline(1),
      headline(2),
      headline(4),
      headline(6),
    ]);
    // Within the minute the same list, even though the views changed: no query per dead link.
    await db().deleteFrom('article_views').execute();
    expect(mostReadOf(await (await app.request('/ar/another-dead-link')).text())).toHaveLength(5);
  });

  it('shows views on the desk: a column in the lists and a 48-hour chart on the editor page', async () => {
    await seedViews();
    const admin = await seedUser(db(), { email: 'views-admin@news.example' }, FIXTURE_NOW);
    await db().updateTable('users').set({ language: 'en' }).where('id', '=', admin).execute();
    const browser = new TestBrowser(testApp(db(), { now: FIXTURE_NOW, dataDir, cache: false }).app);
    await browser.get('/admin/sign-in');
    await browser.post('/admin/sign-in', { email: 'views-admin@news.example', password: PASSWORD });

    const list = await (await browser.get('/admin?status=published&edition=ar')).text();
    expect(list).toContain('<th scope="col">Views</th>');
    const rowOf = (id: string) =>
      new RegExp(`<tr>(?:(?!</tr>).)*/admin/articles/${id}"(?:(?!</tr>).)*</tr>`, 's').exec(list)?.[0] ?? '';
    expect(rowOf(ar(0))).toContain('1 in 24 h · 501 in all');
    expect(rowOf(ar(3))).toContain('50 in 24 h · 50 in all');
    expect(rowOf(ar(9))).toContain('<td data-label="Views">—</td>');

    const editor = await browser.get(`/admin/articles/${ar(1)}`);
    expect(editor.status).toBe(200);
    const html = await editor.text();
    const svg = /<svg[^>]*>.*?<\/svg>/s.exec(html)?.[0] ?? '';
    expect(svg).toContain('role="img"');
    // Fri 2 Dec 2022, 12:00 UTC is 14:00 in Beirut.
    expect(svg).toContain('aria-label="40 views in the last 48 hours; the busiest hour, Fri 14:00, had 30."');
    expect(svg).toContain('<title>Views per hour, last 48 hours</title>');
    expect(svg.match(/<rect /g)).toHaveLength(48);
    expect(svg).not.toContain('<script');
    const figures = /<table class="views-figures">.*?<\/table>/s.exec(html)?.[0] ?? '';
    expect(figures).toContain(`<time datetime="${DAY_EDGE}">Thu 15:00</time></th><td>10</td>`);
    expect(figures).toContain(`<time datetime="${NOW_HOUR}">Fri 14:00</time></th><td>30</td>`);
    expect(html).toMatch(/<dt>Last 24 hours<\/dt><dd>40<\/dd><dt>In all<\/dt><dd>40<\/dd>/);
    // The views are read-only: no form posts to them.
    expect(html).not.toMatch(/action="[^"]*views/);
  });
});
