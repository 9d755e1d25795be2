import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { createDraft, publishNow, unpublish } from '../articles/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { type Edition, listEditions } from '../editions/queries.js';
import { tempDataDir, testApp } from '../http/testing.js';
import {
  arrangeFront,
  type FrontScope,
  listPins,
  moreStories,
  sectionBlocks,
  sectionOrder,
} from './queries.js';
import {
  clearBreakingLine,
  isBreakingLink,
  moveSectionBlock,
  moveStory,
  pinStory,
  setBreakingLine,
  unpinStory,
} from './workflow.js';

const HOME: FrontScope = { kind: 'home' };
const MINUTE = 60_000;
const leadOf = (html: string) =>
  html.match(/<h2 class="front-lead-headline"><a href="[^"]+">([^<]+)<\/a>/)?.[1];
const groupHeadlinesOf = (html: string) =>
  [...html.matchAll(/<h3><a href="[^"]+">([^<]+)<\/a><\/h3>/g)].map((m) => m[1]);

describeEachDatabase('front page', (db) => {
  let fixture: Fixture;
  let ar: Edition;
  let en: Edition;
  /** The app's clock and the page cache's, moved together by the expiry tests. */
  let now = FIXTURE_NOW;
  let site: ReturnType<typeof testApp>;
  /** A story with an image, published between "خبر رقم 2" and "خبر رقم 3". */
  let pictured: string;
  const act = () => ({ userId: null, now });
  const headline = (card: { headline: string } | undefined) => card?.headline;
  const arrange = async (scope: FrontScope = HOME) => {
    const front = await arrangeFront(db(), ar, scope, now);
    return { lead: headline(front.lead), top: front.top.map(headline) };
  };
  const changeTags = async () =>
    (await db().selectFrom('content_changes').select('tags').orderBy('seq').execute()).map((c) => c.tags);
  const page = async (path: string) => {
    const res = await site.app.request(path);
    return { res, html: await res.text(), cache: res.headers.get('x-cache') };
  };

  beforeAll(async () => {
    const dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    const editions = await listEditions(db());
    ar = editions.find((e) => e.code === 'ar') as Edition;
    en = editions.find((e) => e.code === 'en') as Edition;
    const at = { userId: null, now: new Date('2022-12-01T10:30:00Z') };
    pictured = await createDraft(
      db(),
      'ar',
      {
        headline: 'خبر مصور',
        standfirst: 'خبر له صورة',
        bodyHtml: '<p>نص.</p>',
        copyright: '',
        sectionId: fixture.sections.arWorld,
        leadMediaId: fixture.imageId,
        topicIds: [],
        byline: [],
      },
      at,
    );
    await publishNow(db(), pictured, at);
    site = testApp(db(), {
      now: FIXTURE_NOW,
      dataDir,
      cache: true,
      cacheOptions: { now: () => now.getTime() },
    });
    site.deps.clock.now = () => now;
    await site.cache.skipToLatestChange(db());
  });

  it('takes the latest list from the stories the front already read when they hold it, as the query gives it', async () => {
    const front = await arrangeFront(db(), ar, HOME, now);
    const shown = [...(front.lead ? [front.lead.id] : []), ...front.top.map((card) => card.id)];
    for (const limit of [1, 5, 10, 11, 12, 15, 30]) {
      for (const exclude of [shown, [...shown, ...front.newest.cards.slice(0, 3).map((card) => card.id)]]) {
        const read = await moreStories(db(), ar, { now, exclude, limit });
        expect(await moreStories(db(), ar, { now, exclude, limit, newest: front.newest })).toEqual(read);
        // A front that read fewer stories than the list needs: the query.
        const cards = front.newest.cards.slice(0, 4);
        const fourth = cards[3];
        const few = { cards, next: fourth && { at: fourth.firstPublishedAt, id: fourth.id } };
        expect(await moreStories(db(), ar, { now, exclude, limit, newest: few })).toEqual(read);
      }
    }
  });

  it('without pins: the lead is the newest story with an image, then the newest, nothing twice', async () => {
    expect(await arrange()).toEqual({
      lead: 'خبر مصور',
      top: ['خبر رقم 1', 'خبر رقم 2', 'خبر رقم 3', 'خبر رقم 4'],
    });
    const blocks = await sectionBlocks(db(), ar, {
      now,
      exclude: [pictured, ...fixture.arOthers.slice(0, 4)],
    });
    expect(blocks.map((b) => [b.section.slug, b.cards.map(headline)])).toEqual([
      ['world', ['خبر رقم 5', 'خبر رقم 7', 'خبر رقم 9', 'خبر رقم 11']],
      ['science', ['خبر رقم 6', 'خبر رقم 8', 'خبر رقم 10', 'خبر رقم 12']],
    ]);
    // A section page: its own stories only.
    expect(await arrange({ kind: 'section', id: fixture.sections.arScience })).toEqual({
      lead: 'خبر رقم 2',
      top: ['خبر رقم 4', 'خبر رقم 6', 'خبر رقم 8', 'خبر رقم 10'],
    });

    const { html } = await page('/ar');
    expect(leadOf(html)).toBe('خبر مصور');
    // The lead image is the page's first: not lazy, high priority, sized as the CSS shows it.
    const lead = html.slice(html.indexOf('<article class="front-lead"'), html.indexOf('</article>'));
    expect(lead).toContain('loading="eager"');
    expect(lead).toContain('fetchpriority="high"');
    expect(lead).toContain(
      'sizes="(min-width: 72rem) 41.1rem, (min-width: 48rem) calc((100vw - 3.5rem) * 0.6), calc(100vw - 2rem)"',
    );
    expect(html.match(/loading="eager"/g)).toHaveLength(1);
    const headlines = groupHeadlinesOf(html);
    expect(new Set(headlines).size).toBe(headlines.length);
    expect(headlines.slice(0, 4)).toEqual(['خبر رقم 1', 'خبر رقم 2', 'خبر رقم 3', 'خبر رقم 4']);
    expect(html.indexOf(`id="section-${fixture.sections.arWorld}`)).toBeLessThan(
      html.indexOf(`id="section-${fixture.sections.arScience}`),
    );
    expect(html).toContain(`<a class="front-group-more" href="/ar/section/science">المزيد من علوم</a>`);
  });

  it('pins a lead and top stories in order; a new lead moves the old one to the top stories', async () => {
    const [s5, s6, s7, s8, s9] = fixture.arOthers.slice(4, 9) as string[];
    expect(await pinStory(db(), ar, HOME, s7 as string, 'lead', act())).toEqual({ ok: true, changed: true });
    expect(await pinStory(db(), ar, HOME, s9 as string, 'top', act())).toEqual({ ok: true, changed: true });
    expect(await pinStory(db(), ar, HOME, s5 as string, 'top', act())).toEqual({ ok: true, changed: true });
    expect(await arrange()).toEqual({
      lead: 'خبر رقم 7',
      // The places not pinned: the newest stories not shown yet (the image rule is the lead's only).
      top: ['خبر رقم 9', 'خبر رقم 5', 'خبر رقم 1', 'خبر رقم 2'],
    });
    expect(await pinStory(db(), ar, HOME, s5 as string, 'top', act())).toEqual({ ok: true, changed: false });

    expect(await moveStory(db(), ar, HOME, s5 as string, 'up', act())).toEqual({ ok: true, changed: true });
    expect(await moveStory(db(), ar, HOME, s5 as string, 'up', act())).toEqual({ ok: true, changed: false });
    expect((await arrange()).top.slice(0, 2)).toEqual(['خبر رقم 5', 'خبر رقم 9']);

    // A new lead: the old one heads the top stories.
    await pinStory(db(), ar, HOME, s8 as string, 'lead', act());
    expect(await arrange()).toEqual({
      lead: 'خبر رقم 8',
      top: ['خبر رقم 7', 'خبر رقم 5', 'خبر رقم 9', 'خبر رقم 1'],
    });
    // Four pinned fill the top stories: a fifth is refused.
    expect(await pinStory(db(), ar, HOME, s6 as string, 'top', act())).toEqual({ ok: true, changed: true });
    expect(await pinStory(db(), ar, HOME, fixture.arOthers[9] as string, 'top', act())).toEqual({
      ok: false,
      error: 'top_full',
    });

    expect(await unpinStory(db(), ar, HOME, s9 as string, act())).toEqual({ ok: true, changed: true });
    expect(await unpinStory(db(), ar, HOME, s9 as string, act())).toEqual({ ok: false, error: 'not_pinned' });
    expect((await arrange()).top).toEqual(['خبر رقم 7', 'خبر رقم 5', 'خبر رقم 6', 'خبر رقم 1']);

    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'subject_type', 'subject_id', 'details'])
      .where('action', 'like', 'front.%')
      .orderBy('id')
      .execute();
    // Entries of one instant share the time half of their ids: compare them as a set.
    expect(audit.map((a) => a.action).sort()).toEqual([
      'front.move',
      'front.pin',
      'front.pin',
      'front.pin',
      'front.pin',
      'front.pin',
      'front.unpin',
    ]);
    expect(audit.every((a) => a.subject_type === 'front' && a.subject_id === 'ar')).toBe(true);
    expect(audit.map((a) => JSON.parse(a.details))).toContainEqual({
      scope: '',
      articleId: s7,
      slot: 'lead',
    });
    expect((await changeTags()).at(-1)).toBe('front:ar');
  });

  it('refuses to pin what readers may not see there, and skips pins that stopped being visible', async () => {
    // "خبر رقم 12", a science story.
    const unpinned = fixture.arOthers[11] as string;
    expect(await pinStory(db(), ar, HOME, fixture.lead.enId, 'top', act())).toEqual({
      ok: false,
      error: 'not_pinnable',
    });
    // A science page takes science stories only.
    const science: FrontScope = { kind: 'section', id: fixture.sections.arScience };
    expect(await pinStory(db(), ar, science, fixture.arOthers[0] as string, 'lead', act())).toEqual({
      ok: false,
      error: 'not_pinnable',
    });
    expect(await pinStory(db(), ar, science, unpinned, 'lead', act())).toEqual({ ok: true, changed: true });
    expect((await arrange(science)).lead).toBe('خبر رقم 12');

    // Unpublished later: the page skips it and the newest fills the place.
    await unpublish(db(), unpinned, act());
    expect((await arrange(science)).lead).toBe('خبر رقم 2');
    // A pin to another edition's story (written before it was checked, say) is skipped too.
    await db()
      .insertInto('front_pins')
      .values({
        edition_code: 'ar',
        scope: fixture.sections.arScience,
        article_id: fixture.lead.enId,
        slot: 'top',
        position: 5,
        pinned_by: null,
        pinned_at: now.toISOString(),
      })
      .execute();
    expect(await arrange(science)).toEqual({
      lead: 'خبر رقم 2',
      top: ['خبر رقم 4', 'خبر رقم 6', 'خبر رقم 8', 'خبر رقم 10'],
    });
    // The English home is untouched by the Arabic pins.
    const front = await arrangeFront(db(), en, HOME, now);
    expect(front.lead?.headline).toBe('Diplomats hold technical talks in Istanbul');
  });

  it('orders the section blocks as editors move them; sections not listed follow in navigation order', async () => {
    expect((await sectionOrder(db(), ar)).map((s) => s.slug)).toEqual(['world', 'science']);
    expect(await moveSectionBlock(db(), ar, fixture.sections.arScience, 'up', act())).toEqual({
      ok: true,
      changed: true,
    });
    expect(await moveSectionBlock(db(), ar, fixture.sections.arScience, 'up', act())).toEqual({
      ok: true,
      changed: false,
    });
    expect(await moveSectionBlock(db(), ar, fixture.sections.enWorld, 'up', act())).toEqual({
      ok: false,
      error: 'no_section',
    });
    expect((await sectionOrder(db(), ar)).map((s) => s.slug)).toEqual(['science', 'world']);
    // A section the desk never ordered (added later) comes after the ordered ones.
    const later = { ...ar, sections: [{ id: 'zz1', slug: 'sport', name: 'رياضة' }, ...ar.sections] };
    expect((await sectionOrder(db(), later)).map((s) => s.slug)).toEqual(['science', 'world', 'sport']);
  });

  it('a pin or a section move purges the cached home and section pages at once', async () => {
    await site.cache.syncFromChangeLog(db());
    expect((await page('/ar')).cache).toBe('MISS');
    const cached = await page('/ar');
    expect(cached.cache).toBe('HIT');
    expect(cached.html.indexOf(`id="section-${fixture.sections.arScience}`)).toBeLessThan(
      cached.html.indexOf(`id="section-${fixture.sections.arWorld}`),
    );
    expect((await page('/ar/section/world')).cache).toBe('MISS');
    expect((await page('/ar/section/world')).cache).toBe('HIT');

    await unpinStory(db(), ar, HOME, fixture.arOthers[7] as string, act());
    await pinStory(db(), ar, HOME, fixture.arOthers[2] as string, 'lead', act());
    await site.cache.syncFromChangeLog(db());
    const home = await page('/ar');
    expect(home.cache).toBe('MISS');
    expect(leadOf(home.html)).toBe('خبر رقم 3');
    expect((await page('/ar/section/world')).cache).toBe('MISS');

    await moveSectionBlock(db(), ar, fixture.sections.arWorld, 'up', act());
    await site.cache.syncFromChangeLog(db());
    const moved = await page('/ar');
    expect(moved.cache).toBe('MISS');
    expect(moved.html.indexOf(`id="section-${fixture.sections.arWorld}`)).toBeLessThan(
      moved.html.indexOf(`id="section-${fixture.sections.arScience}`),
    );
  });

  it('shows the breaking line on every page of the edition until it expires, then drops it', async () => {
    const article = '/ar/2022/11/14/دبلوماسيون-يجرون-محادثات';
    const start = now;
    const set = await setBreakingLine(
      db(),
      'ar',
      {
        text: 'عاجل: زلزال قوي',
        linkUrl: '/ar/section/world',
        expiresAt: new Date(start.getTime() + 30_000),
      },
      act(),
    );
    expect(set).toEqual({ ok: true });
    expect((await changeTags()).at(-1)).toBe('edition:ar');
    await site.cache.syncFromChangeLog(db());
    const strip = '<a href="/ar/section/world" dir="auto">عاجل: زلزال قوي</a>';
    for (const path of ['/ar', '/ar/section/science', encodeURI(article)]) {
      const { res, html } = await page(path);
      expect(res.status, path).toBe(200);
      expect(html, path).toContain(strip);
    }
    // Another edition's pages do not show it.
    expect((await page('/en')).html).not.toContain('عاجل: زلزال قوي');

    // The article page ages only with the line: kept until it expires, rendered again after.
    expect((await page(encodeURI(article))).cache).toBe('HIT');
    now = new Date(start.getTime() + 29_000);
    expect((await page(encodeURI(article))).cache).toBe('HIT');
    now = new Date(start.getTime() + 31_000);
    const after = await page(encodeURI(article));
    expect(after.cache).toBe('MISS');
    expect(after.html).not.toContain('زلزال');
    expect((await page('/ar')).html).not.toContain('زلزال');
  });

  it('clearing the breaking line, or replacing it, purges at once', async () => {
    const expiresAt = new Date(now.getTime() + 3_600_000);
    await setBreakingLine(db(), 'ar', { text: 'خبر عاجل أول', linkUrl: '', expiresAt }, act());
    await site.cache.syncFromChangeLog(db());
    expect((await page('/ar/section/world')).html).toContain('<span dir="auto">خبر عاجل أول</span>');
    expect((await page('/ar/section/world')).cache).toBe('HIT');
    await setBreakingLine(
      db(),
      'ar',
      { text: 'خبر عاجل ثان', linkUrl: 'https://example.com/live', expiresAt },
      act(),
    );
    await site.cache.syncFromChangeLog(db());
    const replaced = await page('/ar/section/world');
    expect(replaced.cache).toBe('MISS');
    expect(replaced.html).toContain('<a href="https://example.com/live" dir="auto">خبر عاجل ثان</a>');
    expect(await clearBreakingLine(db(), 'ar', act())).toBe(true);
    expect(await clearBreakingLine(db(), 'ar', act())).toBe(false);
    await site.cache.syncFromChangeLog(db());
    const cleared = await page('/ar/section/world');
    expect(cleared.cache).toBe('MISS');
    expect(cleared.html).not.toContain('class="breaking"');
    // A line that has already expired is refused.
    expect(
      await setBreakingLine(
        db(),
        'ar',
        { text: 'قديم', linkUrl: '', expiresAt: new Date(now.getTime() - 1) },
        act(),
      ),
    ).toEqual({ ok: false, error: 'expired' });
  });

  it('two editors pinning on one page at the same moment both get their pin', async () => {
    const science: FrontScope = { kind: 'section', id: fixture.sections.arScience };
    const a = fixture.arOthers[13] as string;
    const b = fixture.arOthers[15] as string;
    // Ten rounds: a lost pin showed up about once in ten runs of one round on PostgreSQL.
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all([
        pinStory(db(), ar, science, a, 'top', act()),
        pinStory(db(), ar, science, b, 'top', act()),
      ]);
      expect(results).toEqual([
        { ok: true, changed: true },
        { ok: true, changed: true },
      ]);
      const pinned = (await listPins(db(), 'ar', science)).map((p) => p.articleId);
      expect(pinned).toEqual(expect.arrayContaining([a, b]));
      await Promise.all([unpinStory(db(), ar, science, a, act()), unpinStory(db(), ar, science, b, act())]);
      expect((await listPins(db(), 'ar', science)).map((p) => p.articleId)).not.toContain(a);
    }
  });

  it('accepts only site paths and https addresses as the breaking link', () => {
    for (const ok of ['', '/ar/section/world', '/ar/2022/12/01/خبر', 'https://example.com/live?x=1'])
      expect(isBreakingLink(ok), ok).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'http://example.com',
      '//evil.example/x',
      '/\\evil.example',
      'https://user:pw@example.com',
      'data:text/html,x',
      'ar/section',
      '/ar/ x',
    ])
      expect(isBreakingLink(bad), bad).toBe(false);
  });

  it('cards read relative times today, and such pages are rendered again within a minute', async () => {
    const at = { userId: null, now: new Date(now.getTime() - 3 * 3_600_000 - 5 * MINUTE) };
    const id = await createDraft(
      db(),
      'ar',
      {
        headline: 'خبر اليوم',
        standfirst: '',
        bodyHtml: '<p>نص.</p>',
        copyright: '',
        sectionId: fixture.sections.arWorld,
        leadMediaId: null,
        topicIds: [],
        byline: [],
      },
      at,
    );
    await publishNow(db(), id, at);
    await site.cache.syncFromChangeLog(db());
    const first = await page('/ar/section/world');
    expect(first.cache).toBe('MISS');
    expect(first.html).toMatch(
      /<time datetime="2022-12-02T\d\d:\d\d:\d\d\+02:00" dir="auto">قبل 3 ساعات<\/time>/,
    );
    // Yesterday's stories show their date.
    expect(first.html).toContain('>1 ديسمبر كانون الأول 2022</time>');
    const start = now;
    now = new Date(start.getTime() + 59_000);
    expect((await page('/ar/section/world')).cache).toBe('HIT');
    now = new Date(start.getTime() + 61_000);
    expect((await page('/ar/section/world')).cache).toBe('MISS');
  });
});
