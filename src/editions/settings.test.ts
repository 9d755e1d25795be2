import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, seedFixture } from '../articles/testing.js';
import { isUniqueViolation } from '../db/connect.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { listEditions } from './queries.js';
import { addEdition, editionSettingsSchema, updateEdition } from './settings.js';

const french = {
  name: 'Sahifa en français',
  description: 'Les nouvelles du monde',
  language: 'fr',
  direction: 'ltr',
  dateStyle: 'gregorian',
  digits: 'latn',
  monthSeparator: 'space',
  timeZone: 'Europe/Paris',
  social: [{ network: 'x', url: 'https://x.com/sahifa_fr' }],
  position: 2,
} as const;

it('refuses bad settings with a message per field', () => {
  const result = editionSettingsSchema.safeParse({
    ...french,
    timeZone: 'Mars/Olympus',
    social: [{ network: 'x', url: 'javascript:alert(1)' }],
  });
  expect(result.success).toBe(false);
  const paths = result.error?.issues.map((i) => i.path.join('.'));
  expect(paths).toEqual(expect.arrayContaining(['timeZone', 'social.0.url']));
});

describeEachDatabase('edition settings', (db) => {
  let t: ReturnType<typeof testApp>;

  beforeAll(async () => {
    const dataDir = tempDataDir();
    await seedFixture(db(), dataDir);
    t = testApp(db(), { now: FIXTURE_NOW, dataDir });
    await t.cache.skipToLatestChange(db());
  });

  it('adds an edition with a row: it gets a home page and a place in every switcher', async () => {
    await t.app.request('/ar');
    await addEdition(db(), 'fr', editionSettingsSchema.parse(french), FIXTURE_NOW);
    await t.cache.syncFromChangeLog(db());
    const home = await t.app.request('/fr');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<html lang="fr" dir="ltr">');
    expect(await (await t.app.request('/ar')).text()).toContain('href="/fr" hreflang="fr" lang="fr"');
  });

  it('changes social links and digits, and purges the edition pages', async () => {
    await t.app.request('/ar');
    const ar = (await listEditions(db())).find((e) => e.code === 'ar');
    if (!ar) throw new Error('no ar edition');
    await updateEdition(
      db(),
      'ar',
      editionSettingsSchema.parse({
        ...ar,
        digits: 'arab',
        social: [{ network: 'telegram', url: 'https://t.me/sahifa' }],
      }),
      FIXTURE_NOW,
    );
    await t.cache.syncFromChangeLog(db());
    const html = await (await t.app.request('/ar')).text();
    expect(html).toContain('href="https://t.me/sahifa"');
    expect(html).not.toContain('facebook.com/sahifa-test');
    expect(html).toContain('٢٠٢٢');
  });
});

describeEachDatabase('a section slug taken by a concurrent write', (db) => {
  it('is told apart from other errors on both databases, so the race reads as "slug taken"', async () => {
    await seedFixture(db(), tempDataDir());
    const [section] = await db().selectFrom('sections').selectAll().limit(1).execute();
    if (!section) throw new Error('no section seeded');
    const duplicate = db()
      .insertInto('sections')
      .values({ ...section, id: 'duplicate-section-id', name: 'again' })
      .execute();
    const error = await duplicate.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error('something else'))).toBe(false);
  });
});
