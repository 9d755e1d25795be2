import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { setBreakingLine } from '../front/workflow.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { ENTRIES_PER_PAGE } from './queries.js';
import { UPDATES_CACHE_CONTROL } from './routes.js';
import {
  addEntry,
  closeCoverage,
  deleteEntry,
  type EntryInput,
  reopenCoverage,
  setEntryPinned,
  startCoverage,
} from './workflow.js';

const now = FIXTURE_NOW;
const MINUTE = 60_000;
const act = (minutes: number) => ({
  userId: 'editor-1',
  now: new Date(now.getTime() - 600 * MINUTE + minutes * MINUTE),
});
const EN_URL = '/en/2022/11/14/diplomats-hold-technical-talks';
const AR_URL = `/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;

interface Updates {
  open: boolean;
  entries: { id: string; html: string }[];
  more: boolean;
}

describeEachDatabase('live coverage on the public site', (db) => {
  let fixture: Fixture;
  let site: ReturnType<typeof testApp>;
  /** English entries in the order they were added (oldest first). */
  const ids: string[] = [];
  let minutes = 0;

  const add = async (articleId: string, input: Partial<EntryInput> = {}) => {
    minutes += 1;
    const result = await addEntry(
      db(),
      articleId,
      { title: '', bodyHtml: `<p>Update number ${minutes}.</p>`, author: '', keyEvent: false, ...input },
      act(minutes),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    return result.entryId;
  };
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await site.app.request(path, { headers });
    return { res, text: await res.text(), cache: res.headers.get('x-cache') };
  };
  const entryIdsIn = (html: string) =>
    [...html.matchAll(/<article class="[^"]*" id="entry-([0-9a-z]+)"/g)].map((m) => m[1]);
  const jsonLd = (html: string) => {
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}';
    return JSON.parse(json) as Record<string, unknown> & { liveBlogUpdate?: Record<string, unknown>[] };
  };
  const sync = () => site.cache.syncFromChangeLog(db());

  beforeAll(async () => {
    fixture = await seedFixture(db(), tempDataDir());
    site = testApp(db(), { now, dataDir: tempDataDir() });
    await site.cache.skipToLatestChange(db());
    for (const id of [fixture.lead.enId, fixture.lead.arId]) {
      const started = await startCoverage(db(), id, act(0));
      if (!started.ok) throw new Error('not started');
    }
    ids.push(await add(fixture.lead.enId, { title: 'Talks begin', keyEvent: true, author: 'Sam Roberts' }));
    for (let i = 0; i < 44; i++) ids.push(await add(fixture.lead.enId));
    await setEntryPinned(db(), fixture.lead.enId, ids[0] ?? '', true, act(minutes));
  });

  it('shows LIVE, the key points, key events, the pinned entry first, then 20 entries newest first', async () => {
    const { res, text } = await get(EN_URL);
    expect(res.status).toBe(200);
    expect(text).toContain('<span class="live-label">LIVE</span>');
    // The article's body is the summary of key points.
    expect(text).toContain('<h2 id="live-summary">Key points</h2>');
    expect(text).toContain('Diplomats met in Istanbul.');
    expect(text).toMatch(/<h2 id="live-key-events">Key events<\/h2><ol><li><a href="#entry-[0-9a-z]+">/);
    const shown = entryIdsIn(text);
    // Pinned first, then the newest 20 of the others, newest first.
    const newestFirst = ids.slice(1).reverse();
    expect(shown).toEqual([ids[0], ...newestFirst.slice(0, ENTRIES_PER_PAGE)]);
    expect(text).toContain(`href="${EN_URL}/entries/${ids[44]}"`);
    expect(text).toContain('<span class="live-flag">Pinned</span>');
    expect(text).toContain('rel="author"><bdi>Sam Roberts</bdi>');
    // The script's hooks: where to poll from, and the newest entry it has.
    expect(text).toContain(`data-live-updates="${EN_URL}/updates"`);
    expect(text).toContain(`data-live-latest="${ids[44]}"`);
    expect(text).toContain('<link rel="alternate" type="application/rss+xml"');
  });

  it('pages through older updates without JavaScript, and back', async () => {
    const first = await get(EN_URL);
    const older = /<a href="([^"]+\?before=([0-9a-z]+))" rel="next">Older updates<\/a>/.exec(first.text);
    expect(older?.[2]).toBe(ids.slice(1).reverse()[ENTRIES_PER_PAGE - 1]);
    const second = await get(older?.[1] ?? '');
    expect(second.res.status).toBe(200);
    const newestFirst = ids.slice(1).reverse();
    expect(entryIdsIn(second.text)).toEqual(newestFirst.slice(ENTRIES_PER_PAGE, 2 * ENTRIES_PER_PAGE));
    // No polling, no pinned entry, no LIVE-only hooks on an older page; a way back up.
    expect(second.text).not.toContain('data-live-updates');
    expect(second.text).toContain(`<a href="${EN_URL}">Newer updates</a>`);
    const third = /<a href="([^"]+\?before=[0-9a-z]+)" rel="next">Older updates<\/a>/.exec(second.text);
    const last = await get(third?.[1] ?? '');
    expect(entryIdsIn(last.text)).toEqual(newestFirst.slice(2 * ENTRIES_PER_PAGE));
    expect(last.text).not.toContain('Older updates');
    const up = /<a href="([^"]+\?before=[0-9a-z]+)">Newer updates<\/a>/.exec(last.text);
    expect(up?.[1]).toBe(older?.[1]);
    // Each `before` is its own cached page; junk parameters are not.
    expect((await get(older?.[1] ?? '')).cache).toBe('HIT');
    expect((await get(`${older?.[1]}&utm_source=x`)).cache).toBe('HIT');
    expect((await get(`${EN_URL}?before=nonsense`)).res.status).toBe(404);
    expect((await get(`${EN_URL}?before=${'0'.repeat(20)}`)).res.status).toBe(404);
  });

  it('answers updates after an entry from the cache, with an ETag, and purges them when one is added', async () => {
    const latest = ids.at(-1) ?? '';
    const url = `${EN_URL}/updates?after=${latest}`;
    const first = await get(url);
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.res.headers.get('cache-control')).toBe(UPDATES_CACHE_CONTROL);
    expect(JSON.parse(first.text)).toEqual({ open: true, entries: [], more: false });
    const etag = first.res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"/);
    expect((await get(url)).cache).toBe('HIT');
    const revalidated = await site.app.request(url, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);

    const fresh = await add(fixture.lead.enId, { title: 'A statement' });
    ids.push(fresh);
    await sync();
    const after = await get(url);
    expect(after.cache).toBe('MISS');
    expect(after.res.headers.get('etag')).not.toBe(etag);
    const body = JSON.parse(after.text) as Updates;
    expect(body.entries.map((e) => e.id)).toEqual([fresh]);
    expect(body.entries[0]?.html).toContain(`id="entry-${fresh}"`);
    expect(body.entries[0]?.html).toContain('<h3 dir="auto">A statement</h3>');
    expect((await site.app.request(url, { headers: { 'if-none-match': etag } })).status).toBe(200);
    // From the first entry: everything, newest first.
    const all = JSON.parse((await get(`${EN_URL}/updates`)).text) as Updates;
    expect(all.entries[0]?.id).toBe(fresh);
    expect(all.entries).toHaveLength(46);
  });

  it('answers after a deleted entry from its place in time, uncached; refuses junk', async () => {
    const doomed = await add(fixture.lead.enId);
    const next = await add(fixture.lead.enId);
    ids.push(doomed, next);
    expect(await deleteEntry(db(), fixture.lead.enId, doomed, act(minutes))).toEqual({ ok: true });
    ids.splice(ids.indexOf(doomed), 1);
    await sync();
    const answer = await get(`${EN_URL}/updates?after=${doomed}`);
    expect(answer.res.headers.get('cache-control')).toBe('no-store');
    expect((JSON.parse(answer.text) as Updates).entries.map((e) => e.id)).toEqual([next]);
    expect((await get(`${EN_URL}/updates?after=x`)).res.status).toBe(404);
    expect((await get('/en/2022/11/14/no-such-story/updates')).res.status).toBe(404);
    // A story that is not a live coverage has no updates.
    expect((await get(`/ar/2022/12/01/${encodeURIComponent('خبر-1')}/updates`)).res.status).toBe(404);
  });

  it('describes the page as a LiveBlogPosting with its newest entries', async () => {
    const ld = jsonLd((await get(EN_URL)).text);
    expect(ld['@type']).toBe('LiveBlogPosting');
    expect(ld.coverageStartTime).toBe('2022-12-02T02:00:00+00:00');
    expect(ld.coverageEndTime).toBeUndefined();
    expect(ld.liveBlogUpdate).toHaveLength(10);
    expect(ld.liveBlogUpdate?.[0]).toMatchObject({
      '@type': 'BlogPosting',
      url: `https://news.example${EN_URL}#entry-${ids.at(-1)}`,
      articleBody: expect.stringMatching(/^Update number \d+\.$/),
    });
    expect(ld.headline).toBe('Diplomats hold technical talks in Istanbul');
  });

  it('lists the entries in RSS and Atom, each linking to its lasting address', async () => {
    const rss = await get(`${EN_URL}/feed.xml`);
    expect(rss.res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(rss.text).toContain(`<link>https://news.example${EN_URL}/entries/${ids.at(-1)}</link>`);
    expect(rss.text).toContain('<title>Diplomats hold technical talks in Istanbul: live updates</title>');
    expect(rss.text).toContain('<![CDATA[<p>Update number');
    const atom = await get(`${EN_URL}/atom.xml`);
    expect(atom.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    expect(atom.text).toContain(`<id>https://news.example${EN_URL}/entries/${ids.at(-1)}</id>`);
    expect((atom.text.match(/<entry>/g) ?? []).length).toBe(30);
  });

  it("sends an entry's lasting address to the page it is on, at its anchor", async () => {
    const newest = ids.at(-1) ?? '';
    const top = await site.app.request(`${EN_URL}/entries/${newest}`);
    expect(top.status).toBe(302);
    expect(top.headers.get('location')).toBe(`${EN_URL}#entry-${newest}`);
    const old = ids[3] ?? '';
    const deep = await site.app.request(`${EN_URL}/entries/${old}`);
    const location = deep.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${EN_URL}\\?before=[0-9a-z]{20}#entry-${old}$`));
    const page = await get(location.split('#')[0] ?? '');
    expect(entryIdsIn(page.text)[0]).toBe(old);
    expect((await site.app.request(`${EN_URL}/entries/${'1'.repeat(20)}`)).status).toBe(404);
  });

  it('points the breaking line to a coverage, "مباشر" while open; closing drops it, the page and the updates', async () => {
    const arStart = await add(fixture.lead.arId, { bodyHtml: '<p>بدأ الاجتماع في القنصلية.</p>' });
    await setBreakingLine(
      db(),
      'ar',
      {
        text: 'محادثات إسطنبول: تغطية مباشرة',
        linkUrl: '',
        liveArticleId: fixture.lead.arId,
        expiresAt: new Date(now.getTime() + 3_600_000),
      },
      { userId: 'editor-1', now },
    );
    await sync();
    const home = await get('/ar');
    expect(home.text).toContain('<aside class="breaking breaking-live" aria-label="عاجل">');
    expect(home.text).toContain('<strong class="breaking-label">مباشر</strong>');
    expect(home.text).toContain(`<a href="${AR_URL}" dir="auto">محادثات إسطنبول: تغطية مباشرة</a>`);
    const page = await get(AR_URL);
    expect(page.text).toContain('<span class="live-label">مباشر</span>');
    const updates = `${AR_URL}/updates?after=${arStart}`;
    expect(JSON.parse((await get(updates)).text)).toMatchObject({ open: true });
    expect((await get(updates)).cache).toBe('HIT');

    expect(await closeCoverage(db(), fixture.lead.arId, act(++minutes))).toEqual({ ok: true, changed: true });
    await sync();
    const closedHome = await get('/ar');
    expect(closedHome.cache).toBe('MISS');
    expect(closedHome.text).toContain('<strong class="breaking-label">عاجل</strong>');
    expect(closedHome.text).not.toContain('breaking-live');
    const closed = await get(AR_URL);
    expect(closed.text).not.toContain('class="live-label"');
    expect(closed.text).not.toContain('data-live-updates');
    expect(closed.text).toContain('انتهت التغطية المباشرة في');
    expect(closed.text).toContain(`id="entry-${arStart}"`);
    expect(jsonLd(closed.text).coverageEndTime).toMatch(/^2022-12-02T/);
    expect(JSON.parse((await get(updates)).text)).toMatchObject({ open: false, entries: [] });
    expect(await reopenCoverage(db(), fixture.lead.arId, act(++minutes))).toMatchObject({ ok: true });
  });
});
