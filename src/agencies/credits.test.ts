import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { agencyNameIn, findAgencyById } from './queries.js';
import { type AgencyInput, agencyInputSchema, updateAgency } from './store.js';

const AR_URL = `/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;
const EN_URL = '/en/2022/11/14/diplomats-hold-technical-talks';

describe('agencyNameIn', () => {
  it('takes the language, then its primary tag, then the main name', () => {
    const names = { ar: 'رويترز', en: 'Reuters News' };
    expect(agencyNameIn(names, 'ar', 'Reuters')).toBe('رويترز');
    expect(agencyNameIn(names, 'en-GB', 'Reuters')).toBe('Reuters News');
    expect(agencyNameIn(names, 'fr', 'Reuters')).toBe('Reuters');
    expect(agencyNameIn({}, 'ar', 'Reuters')).toBe('Reuters');
  });
});

describeEachDatabase('agency names in bylines, agency pages and copyright lines', (db) => {
  let fixture: Fixture;
  let site: ReturnType<typeof testApp>;

  beforeAll(async () => {
    const dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    site = testApp(db(), { now: FIXTURE_NOW, dataDir, cache: true });
    await site.cache.skipToLatestChange(db());
  });

  const page = async (path: string) => {
    const res = await site.app.request(path);
    expect(res.status, path).toBe(200);
    return { cache: res.headers.get('x-cache'), html: await res.text() };
  };
  /** Changes the agency through its door, then lets this instance's cache catch up (as the admin does). */
  async function setAgency(change: Partial<Record<keyof AgencyInput, unknown>>) {
    const current = await findAgencyById(db(), fixture.agencyId);
    if (!current) throw new Error('no agency');
    const input = agencyInputSchema.parse({
      name: current.name,
      slug: current.slug,
      copyrightLine: current.copyrightLine,
      url: current.url,
      ...change,
    });
    const result = await updateAgency(db(), fixture.agencyId, input, FIXTURE_NOW);
    expect(result.ok).toBe(true);
    await site.cache.syncFromChangeLog(db());
  }

  it('credits the main name where the agency has no name in the language ("بقلم: Reuters" stays valid)', async () => {
    const { html } = await page(AR_URL);
    expect(html).toMatch(
      /<p class="byline">بقلم: <a href="\/ar\/agency\/reuters"><bdi>Reuters<\/bdi><\/a><\/p>/,
    );
  });

  it('credits its Arabic name in the Arabic edition only, and purges the cached pages crediting it', async () => {
    expect((await page(AR_URL)).cache).toBe('HIT');
    expect((await page(EN_URL)).cache).toMatch(/HIT|MISS/);
    expect((await page(EN_URL)).cache).toBe('HIT');
    expect((await page('/ar/agency/reuters')).cache).toMatch(/HIT|MISS/);

    await setAgency({ names: [{ language: 'ar', name: 'رويترز' }] });
    const ar = await page(AR_URL);
    expect(ar.cache).toBe('MISS');
    expect(ar.html).toMatch(
      /<p class="byline">بقلم: <a href="\/ar\/agency\/reuters"><bdi>رويترز<\/bdi><\/a><\/p>/,
    );
    const en = await page(EN_URL);
    expect(en.cache).toBe('MISS');
    expect(en.html).toMatch(
      /<p class="byline">By <a href="\/en\/agency\/reuters"><bdi>Reuters<\/bdi><\/a><\/p>/,
    );
    // The agency's page heading names it as the edition's bylines do.
    const arAgency = await page('/ar/agency/reuters');
    expect(arAgency.cache).toBe('MISS');
    expect(arAgency.html).toContain('رويترز');
    // Its copyright line is in its main language: shown where that name is credited, not beside the Arabic one.
    expect(arAgency.html).not.toContain('© 2022 Reuters');
    const enAgency = (await page('/en/agency/reuters')).html;
    expect(enAgency).not.toContain('رويترز');
    expect(enAgency).toContain('© 2022 Reuters');

    // Renamed in Arabic: the article page cached a moment ago is rendered again.
    expect((await page(AR_URL)).cache).toBe('HIT');
    await setAgency({ names: [{ language: 'ar', name: 'وكالة رويترز' }] });
    const renamed = await page(AR_URL);
    expect(renamed.cache).toBe('MISS');
    expect(renamed.html).toContain('<bdi>وكالة رويترز</bdi></a>');
    // The article pages carry the agency's tag, so a change to it reaches them even without the site tag.
    const tags = await db()
      .selectFrom('content_changes')
      .select('tags')
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    expect(tags?.tags).toContain(`agency:${fixture.agencyId}`);
  });

  it('puts the copyright line under the text, falling back to the agency in the edition language', async () => {
    // As stored on the article: under the body, not between the byline and the dates.
    const stored = (await page(AR_URL)).html;
    const body = stored.indexOf('class="body"');
    const copyright = stored.indexOf('<p class="copyright" dir="auto">© 2022 Reuters</p>');
    expect(body).toBeGreaterThan(0);
    expect(copyright).toBeGreaterThan(body);
    expect(stored.indexOf('class="dates"')).toBeLessThan(body);

    // Agency copy without a line of its own: the agency's name in Arabic makes an Arabic line…
    await db()
      .updateTable('articles')
      .set({ copyright: '' })
      .where('id', 'in', [fixture.lead.arId, fixture.lead.enId])
      .execute();
    site.cache.clear();
    const arHtml = (await page(AR_URL)).html;
    expect(arHtml).toContain('<p class="copyright" dir="auto">© 2022 وكالة رويترز</p>');
    // Search engines read the same line.
    expect(arHtml).toContain('"copyrightNotice":"© 2022 وكالة رويترز"');
    // …while the English edition, where it has no name of its own, shows its copyright line as stored…
    expect((await page(EN_URL)).html).toContain('<p class="copyright" dir="auto">© 2022 Reuters</p>');
    // …or the template with its name when it has none.
    await setAgency({ copyrightLine: '', names: [{ language: 'en', name: 'Thomson Reuters' }] });
    expect((await page(EN_URL)).html).toContain('<p class="copyright" dir="auto">© 2022 Thomson Reuters</p>');
  });
});
