import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createArticle, updateArticle } from '../articles/store.js';
import { articleInput, FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { deleteArticle } from '../articles/workflow.js';
import { isPostgres } from '../db/connect.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir } from '../http/testing.js';
import { analyzerFor } from './analyzer.js';
import {
  indexMissingArticles,
  reindexArticles,
  removeFromIndex,
  type SearchOptions,
  searchArticles,
} from './queries.js';
import { parseQuery } from './query.js';
import { searchDeskArticles } from './search.js';
import { seedSearchStories } from './testing.js';
import { highlight, htmlToText, snippet } from './text.js';

type Stories = Awaited<ReturnType<typeof seedSearchStories>>;

describeEachDatabase('search index', (db) => {
  let fixture: Fixture;
  let s: Stories;

  beforeAll(async () => {
    fixture = await seedFixture(db(), tempDataDir());
    s = await seedSearchStories(db(), fixture);
  });

  const options = (overrides: Partial<SearchOptions> = {}): SearchOptions => ({
    editionCodes: ['ar'],
    visibility: { kind: 'public' },
    sort: 'relevance',
    now: FIXTURE_NOW,
    limit: 20,
    offset: 0,
    ...overrides,
  });
  const find = async (q: string, overrides: Partial<SearchOptions> = {}) => {
    const language = overrides.editionCodes?.[0] === 'en' ? 'en' : 'ar';
    const { hits } = await searchArticles(db(), parseQuery(q, analyzerFor(language)), options(overrides));
    return hits.map((h) => h.id);
  };
  const findEn = (q: string, overrides: Partial<SearchOptions> = {}) =>
    find(q, { editionCodes: ['en'], ...overrides });

  it('finds a story by the word with and without the article and conjunction/preposition prefixes', async () => {
    for (const q of [
      'الانتخابات',
      'انتخابات',
      'والانتخابات',
      'بالانتخابات',
      'للانتخابات',
      'فالانتخابات',
      'وبالانتخابات',
    ]) {
      expect(await find(q), q).toEqual([s.elections]);
    }
  });

  it('finds a story by the word with or without hamza, diacritics, tatweel, and singular or plural', async () => {
    for (const q of ['الأمير', 'الامير', 'امير', 'أمير']) expect(await find(q), q).toEqual([s.hospital]);
    for (const q of ['مُسْتَشْفَى', 'مستشفـــى', 'المستشفيات']) expect(await find(q), q).toEqual([s.hospital]);
    expect(await find('الاِنْتِخَابَاتُ')).toEqual([s.elections]);
    expect(await find('الانتخـــابات')).toEqual([s.elections]);
    expect(await find('المعلم')).toEqual([s.elections]);
    expect(await find('معلمين')).toEqual([s.elections]);
    expect(await find('اللاعب')).toEqual([s.football]);
  });

  it('finds Arabic-Indic and Western digits alike', async () => {
    expect(await find('٢٠٢٣')).toEqual([s.elections]);
    expect(await find('2022')).toEqual([s.hospital]);
  });

  it('finds nothing for unrelated words, and needs every word', async () => {
    expect(await find('الفضاء الخارجي')).toEqual([]);
    expect(await find('مباراة الانتخابات')).toEqual([]);
    expect(await find('كرة')).toEqual([]);
    expect(await findEn('football')).toEqual([]);
  });

  it('matches "exact phrases" and leaves out -excluded words', async () => {
    expect(await findEn('minister')).toEqual(expect.arrayContaining([s.resign, s.visit]));
    expect(await findEn('"prime minister"')).toEqual([s.resign]);
    expect(await findEn('prime minister')).toEqual(expect.arrayContaining([s.resign, s.visit]));
    expect(await findEn('minister -hospital')).toEqual([s.resign]);
    expect(await findEn('minister -"prime minister"')).toEqual([s.visit]);
    expect(await find('"تعلن موعد"')).toEqual([s.elections]);
    expect(await find('"موعد تعلن"')).toEqual([]);
  });

  it('ranks a headline match above a body match, and sorts by date on request', async () => {
    expect(await findEn('election')).toEqual([s.resign, s.visit]);
    const newest = await find('الحكومة', { sort: 'newest' });
    expect(newest).toEqual([s.elections, s.hospital]);
  });

  it('filters by section and date range', async () => {
    expect(await find('الحكومة', { sectionId: fixture.sections.arScience })).toEqual([s.hospital]);
    expect(await find('الحكومة', { from: '2022-11-29T00:00:00.000Z' })).toEqual([s.elections]);
    expect(await find('الحكومة', { to: '2022-11-29T00:00:00.000Z' })).toEqual([s.hospital]);
  });

  it('keeps drafts out of public search and in the desk search', async () => {
    expect(await find('نتائج')).toEqual([]);
    expect(await searchDeskArticles(db(), { query: 'نتائج', editions: ['ar'], limit: 10 })).toEqual([
      s.draft,
    ]);
    expect(
      await searchDeskArticles(db(), { query: 'الانتخابات', editions: ['ar'], status: 'draft', limit: 10 }),
    ).toEqual([s.draft]);
    expect(await searchDeskArticles(db(), { query: 'الانتخابات', editions: ['en'], limit: 10 })).toEqual([]);
  });

  it('follows updates and unpublishing in the same transaction as the article', async () => {
    const input = articleInput({
      editionCode: 'en',
      slug: 'volcano',
      headline: 'Volcano erupts',
      firstPublishedAt: '2022-11-30T10:00:00.000Z',
    });
    const id = await createArticle(db(), input, FIXTURE_NOW);
    expect(await findEn('volcano')).toEqual([id]);
    await updateArticle(db(), id, { ...input, headline: 'Earthquake strikes' }, FIXTURE_NOW);
    expect(await findEn('volcano')).toEqual([]);
    expect(await findEn('earthquake')).toEqual([id]);
    await updateArticle(
      db(),
      id,
      { ...input, headline: 'Earthquake strikes', status: 'unpublished' },
      FIXTURE_NOW,
    );
    expect(await findEn('earthquake')).toEqual([]);
    expect(await searchDeskArticles(db(), { query: 'earthquake', editions: ['en'], limit: 5 })).toEqual([id]);
    await deleteArticle(db(), id, { userId: null, now: FIXTURE_NOW });
    expect(await searchDeskArticles(db(), { query: 'earthquake', editions: ['en'], limit: 5 })).toEqual([]);
    expect(
      await db().selectFrom('search_documents').select('article_id').where('article_id', '=', id).execute(),
    ).toEqual([]);
    if (!isPostgres(db())) {
      // No orphan terms left in FTS5 (the foreign key only cascades to search_documents).
      const fts = await sql<{ n: number }>`SELECT count(*) AS n FROM search_fts`.execute(db());
      const docs = await sql<{ n: number }>`SELECT count(*) AS n FROM search_documents`.execute(db());
      expect(fts.rows[0]?.n).toBe(docs.rows[0]?.n);
    }
  });

  it('rebuilds the same index with reindex', async () => {
    const before = await find('الحكومة');
    expect(await reindexArticles(db(), { batchSize: 7 })).toBe(27 + 6);
    expect(await find('الحكومة')).toEqual(before);
    expect(await reindexArticles(db(), { editionCode: 'en', batchSize: 7 })).toBe(1 + 2);
    expect(await findEn('"prime minister"')).toEqual([s.resign]);
  });

  it('indexes only what is missing at start-up (articles written before the index existed)', async () => {
    const before = await find('الحكومة');
    expect(before.length).toBeGreaterThan(0);
    expect(await indexMissingArticles(db())).toBe(0);
    await removeFromIndex(db(), before[0] ?? '');
    expect(await find('الحكومة')).not.toContain(before[0]);
    expect(await indexMissingArticles(db(), 2)).toBe(1);
    expect(await find('الحكومة')).toEqual(before);
  });

  it('ranks only the most recent matches when there are more than it ranks, and says so', async () => {
    const query = parseQuery('خبر', analyzerFor('ar'));
    const capped = await searchArticles(db(), query, options({ candidates: 5, sort: 'newest' }));
    expect(capped).toMatchObject({ total: 5, capped: true });
    expect(capped.hits.map((h) => h.id)).toEqual(fixture.arOthers.slice(0, 5));
    const all = await searchArticles(db(), query, options({ candidates: 25 }));
    expect(all).toMatchObject({ total: 25, capped: false });
  });

  it('counts all matches and pages through them', async () => {
    const all = await searchArticles(db(), parseQuery('خبر', analyzerFor('ar')), options({ limit: 100 }));
    expect(all.total).toBe(25);
    const page2 = await searchArticles(
      db(),
      parseQuery('خبر', analyzerFor('ar')),
      options({ limit: 10, offset: 10 }),
    );
    expect(page2.total).toBe(25);
    expect(page2.hits.map((h) => h.id)).toEqual(all.hits.slice(10, 20).map((h) => h.id));
  });
});

describe('highlighting the original text', () => {
  const ar = analyzerFor('ar');
  const terms = new Set(parseQuery('معلم انتخابات', ar).include.flat());

  it('marks the original words whose analyzed form matches', () => {
    const marked = highlight('وسيشرف المعلمون على الانتخابات.', ar, terms)
      .filter((s) => s.marked)
      .map((s) => s.text);
    expect(marked).toEqual(['المعلمون', 'الانتخابات']);
  });

  it('cuts a snippet around the matches and keeps the rest unmarked', () => {
    const text = `${'كلمة '.repeat(60)}وصل المعلمون ${'نص '.repeat(60)}`;
    const cut = snippet(text, ar, terms, 20);
    expect(cut.before).toBe(true);
    expect(cut.after).toBe(true);
    expect(cut.segments.filter((s) => s.marked).map((s) => s.text)).toEqual(['المعلمون']);
    expect(
      cut.segments
        .map((s) => s.text)
        .join('')
        .split(' ').length,
    ).toBeLessThan(25);
  });

  it('reads text out of stored HTML', () => {
    expect(htmlToText('<p>A&amp;B</p><p>caf&#233; &lt;x&gt;</p>')).toBe('A&B café <x>');
  });
});
