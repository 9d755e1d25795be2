// Search benchmark (`npm run bench:search`): 100,000 generated Arabic and English articles in a
// temporary SQLite database, indexed with the bulk path, then 1,000 realistic queries.
// Everything is generated from a seeded PRNG, so every run sees the same data and queries.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../src/db/connect.js';
import type { Db, NewArticle } from '../src/db/schema.js';
import { analyzerFor } from '../src/search/analyzer.js';
import { indexArticle, reindexArticles, searchArticles } from '../src/search/queries.js';
import { parseQuery } from '../src/search/query.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 100_000);
const QUERIES = 1000;
const LIKE_BASELINE_QUERIES = 50;
const HOOK_SAMPLE = 1000;
const TARGET_P95_MS = 20;
const TARGET_BUILD_S = 120;
const NOW = new Date('2026-11-29T12:00:00Z');

// ---- seeded PRNG (mulberry32) ----
let seed = 0x5a41f1a;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pickEven = <T>(items: T[]): T => items[Math.floor(items.length * random())] as T;
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

// ---- vocabulary ----
const AR_NOUNS = (
  'حكومة وزير رئيس انتخابات برلمان مجلس اتفاق مفاوضات حرب سلام جيش قوات هجوم صاروخ ضحايا لاجئين ' +
  'اقتصاد سوق أسعار نفط غاز بنك دولار ليرة تضخم ميزانية ضرائب استثمار شركة صادرات تجارة موانئ ' +
  'مدرسة جامعة طلاب معلم امتحانات مستشفى أطباء وباء لقاح صحة مياه كهرباء طاقة مناخ جفاف فيضانات ' +
  'مباراة منتخب لاعب دوري كأس ملعب مدرب هدف بطولة فيلم مهرجان كتاب معرض مسرح موسيقى فنان ' +
  'عاصمة مدينة قرية حدود منطقة محافظة شارع سكان مواطنين شرطة محكمة قاضي قانون دستور حقوق صحفي ' +
  'أمير ملك سفير سفارة دبلوماسية قمة مؤتمر منظمة أمم تقرير بيان مصدر مسؤول متحدث وكالة'
).split(' ');
const AR_VERBS =
  'قال أعلن أكد أضاف أشار كشف نفى طالب دعا وصل غادر التقى افتتح وقع رفض قرر بدأ أنهى ارتفع انخفض'.split(' ');
const AR_PLACES =
  'بيروت دمشق القاهرة بغداد عمان الرياض الدوحة تونس الجزائر الرباط غزة القدس الخرطوم صنعاء'.split(' ');
const AR_GLUE = 'في من على إلى عن مع بعد قبل خلال أن التي الذي هذا هذه بين حتى'.split(' ');
const AR_PREFIXES = ['', '', '', 'ال', 'ال', 'وال', 'بال', 'لل', 'فال', 'و'];
const AR_SUFFIXES = ['', '', '', '', 'ات', 'ون', 'ين', 'ها', 'ية'];
const EN_NOUNS = (
  'government minister president election parliament council agreement talks war peace army forces attack ' +
  'missile victims refugees economy market prices oil gas bank dollar inflation budget taxes investment company ' +
  'exports trade ports school university students teacher exams hospital doctors pandemic vaccine health water ' +
  'electricity energy climate drought floods match team player league cup stadium coach goal championship film ' +
  'festival book exhibition theatre music artist capital city village border region province street residents ' +
  'citizens police court judge law constitution rights journalist emir king ambassador embassy diplomacy summit ' +
  'conference organisation nations report statement source official spokesman agency'
).split(' ');
const EN_VERBS = (
  'said announced confirmed added noted revealed denied demanded called arrived left met opened signed rejected ' +
  'decided started ended rose fell warned promised approved'
).split(' ');
const EN_PLACES =
  'Beirut Damascus Cairo Baghdad Amman Riyadh Doha Tunis Algiers Rabat Gaza Jerusalem Khartoum'.split(' ');
const EN_ADJECTIVES =
  'new local national international economic political military public private former senior major'.split(
    ' ',
  );
const EN_GLUE = 'the of in on to for with after before during that which and a from by'.split(' ');
const DIACRITICS = ['\u064E', '\u064F', '\u0650', '\u0652', '\u0651'];

/**
 * Vocabularies of a realistic size: Arabic words from roots and patterns (with
 * the article, conjunctions and endings news text has), English words with
 * inflections, and names; drawn with a Zipf law as word frequencies are.
 */
const AR_ROOTS = (
  'كتب درس علم حكم عمل قتل سلم حرب نصر جمع خرج دخل قرر رأس شرك صنع زرع سكن عرض ' +
  'نظم وقع وصل فتح بحث طلب قدم نقل حمل رفع خفض سعر بيع شرى نفق ملك قضي شرط سجن ' +
  'عدل حرر نشر صحف ذكر بلغ خبر جرح هجم دفع حفظ ربح خسر مطر زلزل سفر طير بني هدم ' +
  'لعب فوز هزم درب قود حكي مثل غني رسم صور سمع لحن شعر روي خرج نمو وجه عبر'
).split(' ');
const AR_PATTERNS = [
  'فعل',
  'فاعل',
  'مفعول',
  'فعال',
  'تفعيل',
  'مفاعل',
  'افتعال',
  'استفعال',
  'فعيل',
  'مفعل',
  'تفاعل',
  'فعالة',
];
function fromRoot(root: string, pattern: string): string {
  const [f = '', a = '', l = ''] = [...root];
  return pattern
    .replace('ف', '\u0001')
    .replace('ع', '\u0002')
    .replace('ل', '\u0003')
    .replace('\u0001', f)
    .replace('\u0002', a)
    .replace('\u0003', l);
}
function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
const SYLLABLES = 'ka ra mi sa lo ne ta bu di ha ja fa ri no za mo le ti ya gu'.split(' ');
function names(count: number): string[] {
  return Array.from({ length: count }, () => {
    const name = Array.from({ length: between(2, 3) }, () => pickEven(SYLLABLES)).join('');
    return name.charAt(0).toUpperCase() + name.slice(1);
  });
}
const EN_INFLECTIONS = ['', '', '', 's', 'ed', 'ing', 'er', 'ers'];
const AR_VOCAB = shuffled([
  ...AR_NOUNS,
  ...AR_VERBS,
  ...AR_ROOTS.flatMap((root) => AR_PATTERNS.map((pattern) => fromRoot(root, pattern))),
]);
const EN_VOCAB = shuffled([
  ...EN_NOUNS,
  ...EN_NOUNS.flatMap((noun) => EN_INFLECTIONS.slice(3).map((ending) => noun + ending)),
  ...EN_VERBS,
  ...EN_ADJECTIVES,
  ...names(400),
]);

/** Zipf sampler over a list: rank r with weight 1 / (r + 2). */
function zipf<T>(items: T[]): () => T {
  const cumulative: number[] = [];
  let sum = 0;
  for (let r = 0; r < items.length; r++) {
    sum += 1 / (r + 2);
    cumulative.push(sum);
  }
  return () => {
    const x = random() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cumulative[mid] ?? 0) < x) low = mid + 1;
      else high = mid;
    }
    return items[low] as T;
  };
}
const arabicContent = zipf(AR_VOCAB);
const englishContent = zipf(EN_VOCAB);

function arabicWord(): string {
  const r = random();
  if (r < 0.18) return pickEven(AR_GLUE);
  if (r < 0.22) return pickEven(AR_PLACES);
  return pickEven(AR_PREFIXES) + arabicContent() + pickEven(AR_SUFFIXES);
}
function englishWord(): string {
  const r = random();
  if (r < 0.25) return pickEven(EN_GLUE);
  if (r < 0.3) return pickEven(EN_PLACES);
  return englishContent();
}
const sentence = (word: () => string, words: number) => Array.from({ length: words }, word).join(' ');

function generateArticle(i: number, arabic: boolean, sections: Record<string, string[]>): NewArticle {
  const word = arabic ? arabicWord : englishWord;
  const editionCode = arabic ? 'ar' : 'en';
  const paragraphs = Array.from(
    { length: between(3, 6) },
    () => `<p>${sentence(word, between(20, 40))}.</p>`,
  );
  // Three years of news, oldest first (as ids and the index grow), give or take a few hours.
  const age = ((ARTICLES - i) / ARTICLES) * 3 * 365 * 86_400_000 + random() * 6 * 3_600_000;
  const at = new Date(NOW.getTime() - age).toISOString();
  return {
    id: `bench${String(i).padStart(15, '0')}`,
    edition_code: editionCode,
    slug: `story-${i}`,
    headline: sentence(word, between(6, 11)),
    standfirst: sentence(word, between(14, 24)),
    body_html: paragraphs.join(''),
    lead_media_id: null,
    section_id: pickEven(sections[editionCode] ?? []),
    copyright: '',
    status: random() < 0.95 ? 'published' : 'draft',
    translation_group: null,
    first_published_at: at,
    last_updated_at: at,
    created_at: at,
    modified_at: at,
    source_uri: null,
    source_version: null,
    scheduled_at: null,
    created_by: null,
  };
}

// ---- queries ----
interface BenchQuery {
  edition: 'ar' | 'en';
  text: string;
  kind: '1 word' | '2 words' | '3 words' | 'phrase' | 'exclusion';
}

function withDiacritics(word: string): string {
  return [...word].map((ch) => (random() < 0.4 ? ch + pickEven(DIACRITICS) : ch)).join('');
}
function arabicQueryWord(): string {
  const base = arabicContent();
  const r = random();
  if (r < 0.3) return pickEven(AR_PREFIXES) + base;
  if (r < 0.4) return withDiacritics(base);
  if (r < 0.45) return base.replace(/(.)/, '$1ـــ');
  return base;
}
function generateQuery(): BenchQuery {
  const arabic = random() < 0.6;
  const edition = arabic ? 'ar' : 'en';
  const word = arabic ? arabicQueryWord : englishContent;
  const r = random();
  if (r < 0.4) return { edition, kind: '1 word', text: word() };
  if (r < 0.65) return { edition, kind: '2 words', text: `${word()} ${word()}` };
  if (r < 0.75) return { edition, kind: '3 words', text: `${word()} ${word()} ${word()}` };
  if (r < 0.88) {
    // A phrase readers would type: noun + place, or two nouns.
    const place = arabic ? pickEven(AR_PLACES) : pickEven(EN_PLACES);
    return { edition, kind: 'phrase', text: `"${word()} ${random() < 0.5 ? place : word()}"` };
  }
  return { edition, kind: 'exclusion', text: `${word()} -${word()}` };
}

// ---- measurement ----
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sahifa-bench-search-'));
  const db = openDatabase({ sqlitePath: path.join(dir, 'bench.sqlite') });
  try {
    await run(db);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(db: Db) {
  console.log(`search benchmark: ${ARTICLES} articles (60% Arabic, 40% English), ${QUERIES} queries, SQLite`);
  await migrateToLatest(db);
  const at = NOW.toISOString();
  for (const [code, language, direction] of [
    ['ar', 'ar', 'rtl'],
    ['en', 'en', 'ltr'],
  ] as const) {
    await db
      .insertInto('editions')
      .values({
        code,
        language,
        direction,
        name: code,
        description: '',
        date_style: 'gregorian',
        digits: 'latn',
        time_zone: 'UTC',
        social_links: '[]',
        position: 0,
        created_at: at,
      })
      .execute();
  }
  const sections: Record<string, string[]> = { ar: [], en: [] };
  for (const code of ['ar', 'en']) {
    for (const slug of ['world', 'politics', 'economy', 'sport', 'culture']) {
      const id = `sec-${code}-${slug}`;
      sections[code]?.push(id);
      await db
        .insertInto('sections')
        .values({ id, edition_code: code, slug, name: slug, position: 0 })
        .execute();
    }
  }

  // Articles go in directly (not through createArticle) so that indexing is timed on its own.
  let started = performance.now();
  const BATCH = 400;
  for (let i = 0; i < ARTICLES; i += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, ARTICLES - i) }, (_, k) =>
      generateArticle(i + k, (i + k) % 5 < 3, sections),
    );
    await db.transaction().execute((trx) => trx.insertInto('articles').values(rows).execute());
  }
  console.log(
    `generated and stored ${ARTICLES} articles in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  started = performance.now();
  await reindexArticles(db, { batchSize: 1000 });
  const buildSeconds = (performance.now() - started) / 1000;
  console.log(
    `index build (bulk path: 1,000 articles per transaction): ${buildSeconds.toFixed(1)} s, ` +
      `${Math.round(ARTICLES / buildSeconds)} articles/s`,
  );

  // The per-article hook, as createArticle/updateArticle call it (here each in its own implicit transaction).
  const hookIds = (
    await db.selectFrom('articles').select('id').orderBy('id').limit(HOOK_SAMPLE).execute()
  ).map((r) => r.id);
  started = performance.now();
  for (const id of hookIds) await indexArticle(db, id);
  const hookMs = (performance.now() - started) / hookIds.length;
  console.log(`per-article hook (indexArticle, ${hookIds.length} articles): ${ms(hookMs)} each`);

  const queries = Array.from({ length: QUERIES }, generateQuery);
  // Warm up statement caches and the page cache of the database file.
  for (const q of queries.slice(0, 50)) await searchOnce(db, q);

  const latencies: number[] = [];
  const byKind = new Map<string, number[]>();
  let matched = 0;
  for (const q of queries) {
    const t0 = performance.now();
    const { total } = await searchOnce(db, q);
    const elapsed = performance.now() - t0;
    latencies.push(elapsed);
    byKind.set(`${q.edition} ${q.kind}`, [...(byKind.get(`${q.edition} ${q.kind}`) ?? []), elapsed]);
    if (total > 0) matched++;
  }
  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  const p99 = percentile(latencies, 99);
  console.log(
    `search (public rule, edition filter, BM25 + recency, top 10 + total): p50 ${ms(p50)}, p95 ${ms(p95)}, ` +
      `p99 ${ms(p99)}; ${matched}/${QUERIES} queries matched something`,
  );

  for (const [kind, times] of [...byKind].sort()) {
    times.sort((a, b) => a - b);
    console.log(
      `  ${kind.padEnd(14)} n=${String(times.length).padStart(3)}  p50 ${ms(percentile(times, 50))}  p95 ${ms(percentile(times, 95))}`,
    );
  }

  // Baseline 1: the bare engine on the same analyzed queries: FTS5 MATCH ORDER BY rank LIMIT 10, no joins or count.
  const bare: number[] = [];
  for (const q of queries) {
    const parsed = parseQuery(q.text, analyzerFor(q.edition));
    const expression = parsed.include.length
      ? parsed.exclude.reduce(
          (e, t) => `${e} NOT "${t.join(' ')}"`,
          `(${parsed.include.map((t) => `"${t.join(' ')}"`).join(' AND ')})`,
        )
      : undefined;
    const t0 = performance.now();
    if (expression) {
      await sql`SELECT rowid FROM search_fts WHERE search_fts MATCH ${expression} ORDER BY rank LIMIT 10`.execute(
        db,
      );
    }
    bare.push(performance.now() - t0);
  }
  bare.sort((a, b) => a - b);
  const bareP95 = percentile(bare, 95);
  console.log(
    `baseline, bare FTS5 MATCH ORDER BY rank LIMIT 10: p50 ${ms(percentile(bare, 50))}, p95 ${ms(bareP95)}, ` +
      `p99 ${ms(percentile(bare, 99))}`,
  );

  // Baseline 2: what the desk did before (LIKE), on the first word of a sample of the queries, over the body.
  const like: number[] = [];
  for (const q of queries.slice(0, LIKE_BASELINE_QUERIES)) {
    const word = q.text.replace(/^[-"]+/, '').split(/[\s"]/)[0] ?? '';
    const t0 = performance.now();
    await db
      .selectFrom('articles')
      .select('id')
      .where('edition_code', '=', q.edition)
      .where('body_html', 'like', `%${word}%`)
      .orderBy('first_published_at', 'desc')
      .limit(10)
      .execute();
    like.push(performance.now() - t0);
  }
  like.sort((a, b) => a - b);
  const likeP50 = percentile(like, 50);
  console.log(
    `baseline, LIKE '%word%' over bodies (${LIKE_BASELINE_QUERIES} queries): p50 ${ms(likeP50)}, ` +
      `p95 ${ms(percentile(like, 95))}`,
  );
  console.log(
    `ratios: search p95 / bare FTS5 p95 = ${(p95 / Math.max(bareP95, 0.001)).toFixed(1)}x; ` +
      `LIKE p50 / search p50 = ${(likeP50 / Math.max(p50, 0.001)).toFixed(0)}x`,
  );

  const buildOk = buildSeconds < TARGET_BUILD_S;
  const p95Ok = p95 < TARGET_P95_MS;
  console.log(`${p95Ok ? 'PASS' : 'FAIL'} query p95 ${ms(p95)} (target < ${TARGET_P95_MS} ms)`);
  console.log(
    `${buildOk ? 'PASS' : 'FAIL'} index build ${buildSeconds.toFixed(1)} s (target < ${TARGET_BUILD_S} s)`,
  );
  if (!buildOk || !p95Ok) process.exitCode = 1;
}

/** One public search as the search page runs it: ranked top 10 and the total. */
function searchOnce(db: Db, q: BenchQuery) {
  return searchArticles(db, parseQuery(q.text, analyzerFor(q.edition)), {
    editionCodes: [q.edition],
    visibility: { kind: 'public' },
    sort: 'relevance',
    now: NOW,
    limit: 10,
    offset: 0,
  });
}

await main();
