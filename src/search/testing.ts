import { createArticle } from '../articles/store.js';
import { articleInput, FIXTURE_NOW, type Fixture } from '../articles/testing.js';
import type { Db } from '../db/schema.js';

/** The stories the search tests look for, written for them. */
export async function seedSearchStories(db: Db, fixture: Fixture) {
  const make = (input: Parameters<typeof articleInput>[0]) =>
    createArticle(db, articleInput(input), FIXTURE_NOW);
  const elections = await make({
    editionCode: 'ar',
    slug: 'موعد-الانتخابات',
    headline: 'الحكومة تعلن موعد الانتخابات البلدية',
    standfirst: 'قال الوزير إن الاقتراع سيجري في ربيع 2023',
    bodyHtml:
      '<p>أعلنت الحكومة أن الانتخابات ستجري في المدارس الرسمية.</p><p>وسيشرف المعلمون على مراكز الاقتراع في بيروت.</p>',
    sectionId: fixture.sections.arWorld,
    topicIds: [fixture.topics.arDiplomacy],
    leadMediaId: fixture.imageId,
    firstPublishedAt: '2022-11-30T09:00:00.000Z',
  });
  const hospital = await make({
    editionCode: 'ar',
    slug: 'الأمير-يفتتح-مستشفى',
    headline: 'الأمير يفتتح مستشفى جديدا',
    standfirst: 'افتتح الأمير المُسْتَشْفَى الجديد في العاصمة',
    bodyHtml: '<p>يضم المستشفـــى مئتي سرير، وقد بدأ بناؤه عام ٢٠٢٢ بتمويل حكومي.</p>',
    sectionId: fixture.sections.arScience,
    firstPublishedAt: '2022-11-28T09:00:00.000Z',
  });
  const football = await make({
    editionCode: 'ar',
    slug: 'المنتخب-يفوز-بالكأس',
    headline: 'المنتخب يفوز بالكأس بعد مباراة صعبة',
    standfirst: 'احتفل اللاعبون مع الجمهور',
    bodyHtml: '<p>سجل المهاجم هدفين في الشوط الثاني.</p>',
    sectionId: fixture.sections.arWorld,
    firstPublishedAt: '2022-11-29T09:00:00.000Z',
  });
  const draft = await make({
    editionCode: 'ar',
    slug: 'مسودة-الانتخابات',
    headline: 'مسودة: نتائج الانتخابات الأولية',
    status: 'draft',
    firstPublishedAt: null,
    lastUpdatedAt: null,
  });
  const resign = await make({
    editionCode: 'en',
    slug: 'minister-resigns',
    headline: 'Elections called as prime minister resigns',
    standfirst: 'A vote will be held in March',
    bodyHtml: '<p>The prime minister resigned on Tuesday after weeks of protests.</p>',
    sectionId: fixture.sections.enWorld,
    firstPublishedAt: '2022-11-30T10:00:00.000Z',
  });
  const visit = await make({
    editionCode: 'en',
    slug: 'minister-visits-hospital',
    headline: 'Minister of state visits hospital',
    standfirst: 'Her prime concern was waiting times',
    bodyHtml: '<p>The minister said an election was not on her mind.</p>',
    sectionId: fixture.sections.enWorld,
    firstPublishedAt: '2022-11-30T10:00:00.000Z',
  });
  return { elections, hospital, football, draft, resign, visit };
}
