import sharp from 'sharp';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import { mediaDir } from '../media/routes.js';
import { LocalMediaStorage } from '../media/storage.js';
import { createImage } from '../media/store.js';
import { type ArticleInput, createArticle } from './store.js';

/** The fixed "now" of page tests. */
export const FIXTURE_NOW = new Date('2022-12-02T12:00:00Z');

export interface Fixture {
  sections: { arWorld: string; arScience: string; enWorld: string };
  topics: { arDiplomacy: string; arSpace: string; enDiplomacy: string };
  agencyId: string;
  personId: string;
  imageId: string;
  /** The Arabic agency story (published 14 Nov 2022, updated later) and its English translation. */
  lead: { arId: string; enId: string; group: string };
  /** Other Arabic stories, newest first. */
  arOthers: string[];
}

export function articleInput(
  overrides: Partial<ArticleInput> & Pick<ArticleInput, 'editionCode' | 'slug'>,
): ArticleInput {
  return {
    headline: 'Headline',
    standfirst: '',
    bodyHtml: '<p>Body.</p>',
    copyright: '',
    status: 'published',
    sectionId: null,
    leadMediaId: null,
    topicIds: [],
    byline: [],
    translationGroup: null,
    firstPublishedAt: FIXTURE_NOW.toISOString(),
    lastUpdatedAt: FIXTURE_NOW.toISOString(),
    sourceUri: null,
    sourceVersion: null,
    ...overrides,
  };
}

/** A small newsroom for page tests: two editions, an agency story with a translation, and 25 more Arabic stories. */
export async function seedFixture(db: Db, dataDir: string): Promise<Fixture> {
  const now = FIXTURE_NOW;
  const at = now.toISOString();
  await db
    .insertInto('editions')
    .values([
      {
        code: 'ar',
        language: 'ar',
        direction: 'rtl',
        name: 'صحيفة',
        description: 'أخبار العالم بالعربية',
        date_style: 'levant',
        digits: 'latn',
        time_zone: 'Asia/Beirut',
        social_links: JSON.stringify([
          { network: 'facebook', url: 'https://www.facebook.com/sahifa-test' },
          { network: 'x', url: 'https://x.com/sahifa-test' },
        ]),
        position: 0,
        created_at: at,
      },
      {
        code: 'en',
        language: 'en',
        direction: 'ltr',
        name: 'Sahifa',
        description: 'World news in English',
        date_style: 'gregorian',
        digits: 'latn',
        time_zone: 'Europe/London',
        social_links: '[]',
        position: 1,
        created_at: at,
      },
    ])
    .execute();
  const id = () => newId(now);
  const sections = { arWorld: id(), arScience: id(), enWorld: id() };
  await db
    .insertInto('sections')
    .values([
      { id: sections.arWorld, edition_code: 'ar', slug: 'world', name: 'العالم', position: 0 },
      { id: sections.arScience, edition_code: 'ar', slug: 'science', name: 'علوم', position: 1 },
      { id: sections.enWorld, edition_code: 'en', slug: 'world', name: 'World', position: 0 },
    ])
    .execute();
  const topics = { arDiplomacy: id(), arSpace: id(), enDiplomacy: id() };
  await db
    .insertInto('topics')
    .values([
      { id: topics.arDiplomacy, edition_code: 'ar', slug: 'diplomacy', name: 'دبلوماسية' },
      { id: topics.arSpace, edition_code: 'ar', slug: 'space', name: 'الفضاء' },
      { id: topics.enDiplomacy, edition_code: 'en', slug: 'diplomacy', name: 'Diplomacy' },
    ])
    .execute();
  const agencyId = id();
  await db
    .insertInto('agencies')
    .values({
      id: agencyId,
      slug: 'reuters',
      name: 'Reuters',
      copyright_line: '© 2022 Reuters',
      url: 'https://example.com',
    })
    .execute();
  const personId = id();
  await db
    .insertInto('contributors')
    .values({ id: personId, slug: 'lina-haddad', name: 'لينا حداد', bio: 'مراسلة' })
    .execute();

  const source = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#3a6ea5' } })
    .png()
    .toBuffer();
  const imageId = await createImage(
    db,
    new LocalMediaStorage(mediaDir(dataDir)),
    { source, alt: 'مبنى السفارة', caption: 'مبنى في إسطنبول', credit: 'Reuters', copyright: '© Reuters' },
    now,
  );

  const group = id();
  const arId = await createArticle(
    db,
    articleInput({
      editionCode: 'ar',
      slug: 'دبلوماسيون-يجرون-محادثات',
      headline: 'دبلوماسيون يجرون محادثات فنية في إسطنبول',
      standfirst: 'اجتماع على مستوى منخفض لبحث مسائل فنية',
      bodyHtml:
        '<p>(رويترز) - اجتمع دبلوماسيون في إسطنبول يوم 14 نوفمبر تشرين الثاني.</p><p>وقال متحدث إن الاجتماع كان فنيا.</p>',
      copyright: '© 2022 Reuters',
      sectionId: sections.arWorld,
      leadMediaId: imageId,
      topicIds: [topics.arDiplomacy],
      byline: [{ agencyId }],
      translationGroup: group,
      firstPublishedAt: '2022-11-14T10:00:00.000Z',
      lastUpdatedAt: '2022-11-14T15:30:00.000Z',
    }),
    now,
  );
  const enId = await createArticle(
    db,
    articleInput({
      editionCode: 'en',
      slug: 'diplomats-hold-technical-talks',
      headline: 'Diplomats hold technical talks in Istanbul',
      standfirst: 'A low-level meeting on technical matters',
      bodyHtml: '<p>ISTANBUL (Reuters) - Diplomats met in Istanbul.</p>',
      copyright: '© 2022 Reuters',
      sectionId: sections.enWorld,
      topicIds: [topics.enDiplomacy],
      byline: [{ agencyId }],
      translationGroup: group,
      firstPublishedAt: '2022-11-14T11:00:00.000Z',
      lastUpdatedAt: '2022-11-14T11:00:00.000Z',
    }),
    now,
  );

  const arOthers: string[] = [];
  for (let i = 0; i < 25; i++) {
    const published = new Date(Date.parse('2022-12-01T12:00:00Z') - i * 3_600_000).toISOString();
    arOthers.push(
      await createArticle(
        db,
        articleInput({
          editionCode: 'ar',
          slug: `خبر-${i + 1}`,
          headline: `خبر رقم ${i + 1}`,
          standfirst: `ملخص الخبر ${i + 1}`,
          sectionId: i % 2 === 0 ? sections.arWorld : sections.arScience,
          topicIds: i % 5 === 0 ? [topics.arDiplomacy] : [topics.arSpace],
          byline: [{ contributorId: personId }],
          copyright: '© 2022 صحيفة',
          firstPublishedAt: published,
          lastUpdatedAt: published,
        }),
        now,
      ),
    );
  }
  return { sections, topics, agencyId, personId, imageId, lead: { arId, enId, group }, arOthers };
}
