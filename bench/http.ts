// HTTP benchmark (`npm run bench`): the real server on a 10,000-article database, measured with wrk
// against a bare node:http server sending the same bytes. Every step is bounded; children die with us.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { articlePath } from '../src/articles/paths.js';
import { slugify } from '../src/articles/slugs.js';
import { loadCommentSettings } from '../src/comments/queries.js';
import { type CommentAuthor, postComment, saveCommentSettings } from '../src/comments/workflow.js';
import { migrateToLatest, openDatabase } from '../src/db/connect.js';
import { newId } from '../src/db/ids.js';
import type { Db } from '../src/db/schema.js';
import { seedDemoContent } from '../src/demo/seed.js';
import { findCoverage, listEntries } from '../src/live/queries.js';
import { addEntry, startCoverage } from '../src/live/workflow.js';
import { chooseDisplayName, requestSignInLink, useSignInLink } from '../src/readers/store.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
/** Set BENCH_DATA_DIR to keep the generated database there (and reuse it on the next run), e.g. for profiling. */
const KEEP_DIR = process.env.BENCH_DATA_DIR;
const WRK_ARGS = ['-t2', '-c50', '-d10s', '--latency'];
const DAY = 86_400_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---- child processes: tracked, and killed whatever way this process ends ----
const children = new Set<ChildProcess>();
let tempDir = '';
function cleanUp() {
  for (const child of children) child.kill('SIGKILL');
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}
process.once('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

interface Server {
  base: string;
  stop: () => Promise<void>;
}

/** Starts a server child and waits (at most 60 s) until `probe` answers 200. */
async function startServer(args: string[], env: Record<string, string>, probe: string): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  const child = track(
    spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited (${child.exitCode}):\n${log}`);
    const status = await fetch(base + probe, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not answer within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { base, stop };
}

const sahifa = (dataDir: string, pageCache: 'on' | 'off', env: Record<string, string> = {}) =>
  startServer(
    ['bin/sahifa.js', 'serve'],
    { DATA_DIR: dataDir, PAGE_CACHE: pageCache, DEMO_CONTENT: 'off', LOG_LEVEL: 'warn', ...env },
    '/ar',
  );

// ---- wrk ----
interface Measure {
  scenario: string;
  rps: number;
  p99Ms: number;
  problems: string;
}

/** Runs wrk to completion (killed after 60 s at most); returns its output and exit code. */
async function runWrk(args: string[]): Promise<{ out: string; code: number | null }> {
  const child = track(spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  clearTimeout(timer);
  return { out, code };
}

/** A 2 s warm-up (JIT, caches; not counted), then the measured run; `script` is a wrk Lua script (POSTs). */
async function wrk(
  scenario: string,
  url: string,
  options: { connections?: number; threads?: number; script?: string } = {},
): Promise<Measure> {
  process.stdout.write(`  ${scenario} …`);
  const connections = `-c${options.connections ?? 50}`;
  const threads = `-t${options.threads ?? 2}`;
  const script = options.script ? ['-s', options.script] : [];
  await runWrk([threads, connections, '-d2s', ...script, url]);
  const { out, code } = await runWrk([
    ...WRK_ARGS.map((a) => (a === '-c50' ? connections : a === '-t2' ? threads : a)),
    ...script,
    url,
  ]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(out);
  const scale: Record<string, number> = { us: 0.001, ms: 1, s: 1_000, m: 60_000 };
  const p99Ms = p99 ? Number(p99[1]) * (scale[p99[2] ?? 'ms'] ?? 1) : Number.NaN;
  const problems = [
    code === 0 ? '' : `wrk exit ${code}`,
    /Non-2xx or 3xx responses: \d+/.exec(out)?.[0] ?? '',
    /Socket errors: .*/.exec(out)?.[0] ?? '',
  ]
    .filter(Boolean)
    .join('; ');
  if (Number.isNaN(rps) || Number.isNaN(p99Ms)) throw new Error(`could not read wrk's output:\n${out}`);
  process.stdout.write(` ${Math.round(rps)} req/s${problems ? ` (${problems})` : ''}\n`);
  return { scenario, rps, p99Ms, problems };
}

// ---- the database: demo editions, sections, people, plus generated articles ----
const AR = {
  subjects: [
    'وزارة الطاقة',
    'بلدية العاصمة',
    'فريق من الباحثين',
    'اتحاد كرة القدم',
    'هيئة المياه',
    'جامعة البحر المتوسط',
    'مجلس النواب',
    'شركة ناشئة محلية',
    'مهرجان الفيلم العربي',
    'المصرف المركزي',
  ],
  actions: [
    'يعلن خطة جديدة',
    'يطلق مشروعا تجريبيا',
    'يبحث إصلاحات واسعة',
    'يكشف نتائج دراسة',
    'يوقع اتفاقا إقليميا',
    'يحذر من تداعيات',
  ],
  objects: [
    'لتوسيع شبكة النقل العام',
    'لحماية الموارد المائية',
    'في قطاع الطاقة المتجددة',
    'قبل موسم الأمطار',
    'لدعم المزارعين الصغار',
    'في المدن الساحلية',
  ],
  sentences: [
    'وقال مسؤول في الوزارة إن الخطة تهدف إلى تحسين الخدمات المقدمة للمواطنين خلال السنوات الخمس المقبلة.',
    'وأضاف أن المرحلة الأولى ستبدأ مطلع العام المقبل في ثلاث محافظات قبل تعميمها على باقي المناطق.',
    'ويرى خبراء اقتصاديون أن المشروع قد يخلق آلاف فرص العمل إذا توفر التمويل اللازم في الوقت المناسب.',
    'وأشارت بيانات رسمية نشرت الأسبوع الماضي إلى ارتفاع الطلب بنسبة تفوق عشرة في المئة مقارنة بالعام الماضي.',
    'في المقابل، أبدى ممثلون عن المجتمع المدني قلقهم من غياب الشفافية في مراحل التخطيط والتنفيذ.',
    'وتأتي هذه الخطوة بعد أشهر من النقاشات بين الحكومة والقطاع الخاص والمنظمات الدولية المعنية.',
    'ومن المتوقع أن تعرض النتائج الكاملة في مؤتمر صحفي يعقد في العاصمة نهاية الشهر الجاري.',
    'وقالت باحثة شاركت في إعداد الدراسة إن الأرقام تعكس تحولا واضحا في سلوك المستهلكين خلال العقد الأخير.',
    'ويعاني القطاع منذ سنوات من نقص الاستثمارات وتقادم البنية التحتية وارتفاع تكاليف التشغيل.',
    'وأكد المتحدث أن الجهات المعنية ستنشر تقارير دورية لمتابعة التقدم وقياس الأثر على أرض الواقع.',
    'ويأمل سكان المنطقة أن تنعكس هذه الإجراءات على حياتهم اليومية في أقرب وقت ممكن.',
    'وكانت تجارب مماثلة في دول مجاورة قد حققت نتائج متفاوتة بحسب تقارير مستقلة صدرت العام الماضي.',
  ],
};
const EN = {
  subjects: [
    'Energy ministry',
    'City council',
    'Researchers',
    'Football federation',
    'Water authority',
    'Regional university',
    'Parliament',
    'Local start-up',
    'Film festival',
    'Central bank',
  ],
  actions: [
    'unveils new plan',
    'launches pilot scheme',
    'weighs sweeping reforms',
    'publishes study',
    'signs regional deal',
    'warns of fallout',
  ],
  objects: [
    'to expand public transport',
    'to protect water supplies',
    'in renewable energy',
    'ahead of rainy season',
    'to support small farmers',
    'in coastal cities',
  ],
  sentences: [
    'An official said the plan aims to improve services for residents over the next five years.',
    'The first phase is expected to begin early next year in three provinces before being extended elsewhere.',
    'Economists say the project could create thousands of jobs if funding arrives on time.',
    'Official figures published last week showed demand rising by more than ten per cent on the previous year.',
    'Civil society groups, however, voiced concern about a lack of transparency in planning and delivery.',
    'The move follows months of talks between the government, the private sector and international bodies.',
    'Full results are due to be presented at a news conference in the capital at the end of the month.',
    'A researcher involved in the study said the numbers reflected a clear shift in consumer behaviour over the past decade.',
    'The sector has suffered for years from under-investment, ageing infrastructure and rising operating costs.',
    'A spokesperson said the authorities would publish regular reports to track progress and measure the impact.',
    'Residents of the area hope the measures will make a difference to their daily lives as soon as possible.',
    'Similar schemes in neighbouring countries have had mixed results, according to independent reports released last year.',
  ],
};

function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function seedArticles(db: Db, count: number, now: Date): Promise<void> {
  const rnd = random(20_221_114);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const sections = await db.selectFrom('sections').select(['id', 'edition_code']).execute();
  const topics = await db.selectFrom('topics').select(['id', 'edition_code']).execute();
  const people = await db.selectFrom('contributors').select('id').execute();
  const agencies = await db.selectFrom('agencies').select('id').execute();
  for (let start = 0; start < count; start += 500) {
    await db.transaction().execute(async (trx) => {
      const articles = [];
      const articleTopics = [];
      const bylines = [];
      for (let i = start; i < Math.min(start + 500, count); i++) {
        const edition = i % 5 < 3 ? 'ar' : 'en';
        const text = edition === 'ar' ? AR : EN;
        // The newest story is generated (and Arabic), so the home page leads with a full-length article.
        const published = new Date(now.getTime() - (i === 0 ? 60_000 : 3_600_000 + rnd() * 364 * DAY));
        const headline = `${pick(text.subjects)} ${pick(text.actions)} ${pick(text.objects)}`;
        const paragraphs: string[] = [];
        for (let words = 0; words < 600; ) {
          const paragraph = Array.from({ length: 3 }, () => pick(text.sentences)).join(' ');
          words += paragraph.split(' ').length;
          paragraphs.push(`<p>${paragraph}</p>`);
        }
        const id = newId(published);
        const at = published.toISOString();
        articles.push({
          id,
          edition_code: edition,
          slug: `${slugify(headline)}-g${i}`,
          headline,
          standfirst: pick(text.sentences),
          body_html: paragraphs.join('\n'),
          lead_media_id: null,
          section_id: pick(sections.filter((s) => s.edition_code === edition)).id,
          copyright: edition === 'ar' ? '© 2026 صحيفة' : '© 2026 Sahifa',
          status: 'published' as const,
          translation_group: null,
          first_published_at: at,
          last_updated_at: at,
          created_at: at,
          modified_at: at,
          source_uri: null,
          source_version: null,
        });
        const editionTopics = topics.filter((t) => t.edition_code === edition);
        const chosen = new Set(
          Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(editionTopics).id),
        );
        articleTopics.push(
          ...[...chosen].map((topic_id, position) => ({ article_id: id, topic_id, position })),
        );
        bylines.push(
          rnd() < 0.3
            ? { article_id: id, position: 0, contributor_id: null, agency_id: pick(agencies).id }
            : { article_id: id, position: 0, contributor_id: pick(people).id, agency_id: null },
        );
      }
      await trx.insertInto('articles').values(articles).execute();
      await trx.insertInto('article_topics').values(articleTopics).execute();
      await trx.insertInto('article_bylines').values(bylines).execute();
    });
  }
}

// ---- the conversation: 500 comments on one article, and readers who post during the run ----
const COMMENTS = 500;
/** Readers posting at once: wrk's connections. */
const POSTERS = 20;
/**
 * The readers those connections post as, in turn, each from their own address: a busy story's
 * readership, each under the edition's default rate limits (10 an hour a reader, 30 an address)
 * for the whole run, rather than 20 readers posting hundreds of comments each.
 */
const POSTING_READERS = 2500;
/** Generated Arabic articles (i % 5 < 3): the benched one is g0 (the newest); comments go on g5, posts on g10. */
const COMMENTED = '-g5';
const POSTED_ON = '-g10';

async function signedInReader(db: Db, n: number, now: Date, ip = `10.1.${n >> 8}.${n & 255}`) {
  const link = await requestSignInLink(
    db,
    {
      email: `bench-reader-${n}@example.org`,
      editionCode: 'ar',
      nextPath: '',
      ip,
    },
    now,
  );
  if (!link.ok) throw new Error(`sign-in link: ${link.error}`);
  const used = await useSignInLink(db, link.token, now);
  if (!used.ok) throw new Error(`sign-in: ${used.error}`);
  const named = await chooseDisplayName(db, used.reader.id, `قارئ ${n}`, now);
  if (!named.ok) throw new Error(`name: ${named.error}`);
  return { reader: { ...used.reader, displayName: `قارئ ${n}` }, token: used.session.token };
}

/**
 * Readers trusted from their first comment (so every post is shown, and
 * purges the thread: the dearer path), the edition's other rules as they
 * come; then 500 comments on one article through the door (a third of them
 * replies), from 50 readers over the last 500 minutes.
 */
async function seedConversation(db: Db, now: Date): Promise<void> {
  const settings = await loadCommentSettings(db, 'ar');
  const act = { userId: 'bench', now };
  await saveCommentSettings(db, 'ar', { ...settings, trust_after: 0, close_after_days: 0 }, act);
  const article = await db
    .selectFrom('articles')
    .select('id')
    .where('slug', 'like', `%${COMMENTED}`)
    .executeTakeFirstOrThrow();
  const readers = [];
  for (let n = 0; n < 50; n++) readers.push((await signedInReader(db, 1000 + n, now)).reader);
  const rnd = random(500);
  const tops: string[] = [];
  for (let i = 0; i < COMMENTS; i++) {
    const reader = readers[i % readers.length];
    if (!reader) continue;
    const author: CommentAuthor = { kind: 'reader', reader };
    const parentId = i % 3 === 2 ? tops[Math.floor(rnd() * tops.length)] : undefined;
    const sentences = AR.sentences.slice(i % 6, (i % 6) + 1 + (i % 3));
    const posted = await postComment(
      db,
      { articleId: article.id, parentId, body: sentences.join(' ') },
      author,
      { ip: `10.2.${i >> 8}.${i & 255}`, now: new Date(now.getTime() - (COMMENTS - i) * 60_000) },
    );
    if (!posted.ok) throw new Error(`comment ${i}: ${posted.error}`);
    if (!parentId) tops.push(posted.id);
  }
}

interface Posting {
  articleId: string;
  tokens: string[];
  /** Second octet of this run's addresses (10.x.…): a rerun within the hour starts under the limits. */
  network: number;
}

/** Sessions of the readers who post during the run (new ones each run), and the article they post on. */
async function preparePosting(db: Db, now: Date): Promise<Posting> {
  const article = await db
    .selectFrom('articles')
    .select('id')
    .where('slug', 'like', `%${POSTED_ON}`)
    .executeTakeFirstOrThrow();
  const run = Math.floor(now.getTime() / 1000) % 100_000;
  const network = 10 + (run % 240);
  const tokens = [];
  for (let n = 0; n < POSTING_READERS; n++) {
    const ip = `10.${network}.${n >> 8}.${n & 255}`;
    tokens.push((await signedInReader(db, 1_000_000 + run * POSTING_READERS + n, now, ip)).token);
  }
  return { articleId: article.id, tokens, network };
}

/** The wrk script that posts one comment a request, as each reader in turn, each from their own address. */
function posterScript(posting: Posting, dir: string, base: string): string {
  const posters = posting.tokens.map(
    (token, n) => `{ cookie = "sahifa_reader=${token}", ip = "10.${posting.network}.${n >> 8}.${n & 255}" }`,
  );
  const article = { id: posting.articleId };
  const body = encodeURIComponent('تعليق من القارئ أثناء القياس، رقم ');
  const script = `-- Each request posts one comment as the next of ${posting.tokens.length} signed-in readers, each from their own address.
local posters = { ${posters.join(', ')} }
local n = 0
request = function()
  n = n + 1
  local poster = posters[(n % #posters) + 1]
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = poster.cookie,
    ["X-Forwarded-For"] = poster.ip,
    ["Origin"] = "${base}",
  }
  return wrk.format("POST", "/ar/comments", headers, "article=${article.id}&parent=&body=${body}" .. n)
end
`;
  const file = path.join(dir, 'post-comments.lua');
  writeFileSync(file, script);
  return file;
}

// ---- live coverage: one coverage with 60 entries; its page and the updates endpoint every open page polls ----
/** A generated Arabic article (i % 5 < 3) made a live coverage. */
const LIVE_ON = '-g15';
const LIVE_ENTRIES = 60;
/** Set BENCH_ONLY=live to run only the live coverage scenarios (with a small BENCH_ARTICLES it takes a minute). */
const ONLY = process.env.BENCH_ONLY;

/** The coverage through the live door (a database kept with BENCH_DATA_DIR gets it once); its page's path. */
async function seedLive(db: Db, now: Date): Promise<{ articleId: string; latest: string }> {
  const article = await db
    .selectFrom('articles')
    .select('id')
    .where('slug', 'like', `%${LIVE_ON}`)
    .executeTakeFirstOrThrow();
  if (!(await findCoverage(db, article.id))) {
    const started = await startCoverage(db, article.id, { userId: null, now, source: 'cli' });
    if (!started.ok) throw new Error(`live coverage: ${started.refusal.code}`);
    const rnd = random(14);
    for (let i = 0; i < LIVE_ENTRIES; i++) {
      const sentences = Array.from({ length: 1 + (i % 3) }, () => AR.sentences[Math.floor(rnd() * 12)]);
      const added = await addEntry(
        db,
        article.id,
        {
          title: i % 4 === 0 ? (AR.subjects[i % AR.subjects.length] ?? '') : '',
          bodyHtml: `<p>${sentences.join(' ')}</p>`,
          author: '',
          keyEvent: i % 10 === 0,
        },
        { userId: null, now: new Date(now.getTime() - (LIVE_ENTRIES - i) * 60_000), source: 'cli' },
      );
      if (!added.ok) throw new Error(`live entry ${i}: ${added.refusal.code}`);
    }
  }
  const { entries } = await listEntries(db, article.id, { limit: 1 });
  return { articleId: article.id, latest: entries[0]?.id ?? '' };
}

interface LiveMeasures {
  bare: Measure;
  updates: Measure;
  page: Measure;
}

/**
 * The live page and its updates endpoint (`?after=` the newest entry: what every open page asks
 * every 10–15 s), both from the page cache, against bare node:http sending the updates' bytes.
 */
async function measureLive(dataDir: string, livePath: string, latest: string): Promise<LiveMeasures> {
  const server = await sahifa(dataDir, 'on');
  const updatesPath = `${livePath}/updates?after=${latest}`;
  const updates = await fetchBytes(`${server.base}${updatesPath}`);
  const state = (await fetchBytes(`${server.base}${updatesPath}`)).headers.get('x-cache');
  if (state !== 'HIT') console.log(`  warning: second GET of the updates was x-cache: ${state}`);
  await fetchBytes(`${server.base}${livePath}`);
  console.log(
    `Live coverage: ${decodeURI(livePath)} (${LIVE_ENTRIES} entries); updates answer ${updates.body.length} bytes`,
  );
  const bodyFile = path.join(tempDir, 'updates.json');
  writeFileSync(bodyFile, updates.body);
  // The server must not hold a core while the baseline runs.
  await server.stop();
  const bare = await startServer(
    ['bench/bare-server.mjs'],
    { BODY_FILE: bodyFile, CONTENT_TYPE: updates.headers.get('content-type') ?? 'application/json' },
    '/',
  );
  const bareMeasure = await wrk('bare node:http, updates bytes', `${bare.base}/`);
  await bare.stop();
  const again = await sahifa(dataDir, 'on');
  await fetchBytes(`${again.base}${updatesPath}`);
  await fetchBytes(`${again.base}${livePath}`);
  const updatesMeasure = await wrk('live updates, page cache on', `${again.base}${updatesPath}`);
  const pageMeasure = await wrk('live page, page cache on', `${again.base}${livePath}`);
  await again.stop();
  return { bare: bareMeasure, updates: updatesMeasure, page: pageMeasure };
}

function liveTargets(live: LiveMeasures): [string, string, boolean][] {
  const ratio = live.updates.rps / live.bare.rps;
  return [
    ['cached live updates ≥ 0.7 × bare (same bytes)', `${ratio.toFixed(2)} ×`, ratio >= 0.7],
    ...[live.updates, live.page].map((m): [string, string, boolean] => [
      `p99 < 50 ms: ${m.scenario}`,
      `${m.p99Ms.toFixed(2)} ms`,
      m.p99Ms < 50,
    ]),
    [
      'no wrk errors or non-2xx responses (live)',
      live.updates.problems || live.page.problems ? 'see above' : 'none',
      !live.updates.problems && !live.page.problems,
    ],
  ];
}

// ---- the run ----
async function fetchBytes(url: string, acceptEncoding = 'identity') {
  const res = await fetch(url, {
    headers: { 'accept-encoding': acceptEncoding },
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  return { body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

const gzipKb = (bytes: Buffer) => gzipSync(bytes, { level: 6 }).length / 1024;

/** What a first visit to a page downloads (fonts and images aside), gzip level 6 as the server compresses. */
async function pageWeight(base: string, pagePath: string) {
  const html = (await fetchBytes(base + pagePath)).body;
  const asset = async (pattern: RegExp) => {
    const href = pattern.exec(html.toString())?.[1];
    return href ? gzipKb((await fetchBytes(base + href)).body) : 0;
  };
  const cssKb = await asset(/<link rel="stylesheet" href="([^"]+)"/);
  const jsKb = await asset(/<script src="([^"]+)"/);
  return { pagePath, htmlKb: gzipKb(html), cssKb, jsKb };
}
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

async function main() {
  const onPath = (command: string) =>
    (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
  if (!onPath('wrk')) {
    console.log(
      'wrk is not installed (not on PATH): skipping the HTTP benchmark. On Debian: apt-get install wrk',
    );
    return;
  }
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'sahifa-bench-'));
  const dataDir = KEEP_DIR ? path.resolve(KEEP_DIR) : path.join(tempDir, 'data');
  const dbFile = path.join(dataDir, 'sahifa.sqlite');
  const cpus = os.cpus();
  console.log(
    `Node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, wrk ${WRK_ARGS.join(' ')}`,
  );

  const seeding = Date.now();
  const reuse = existsSync(dbFile);
  const db = openDatabase({ sqlitePath: dbFile });
  if (!reuse) {
    const now = new Date();
    await migrateToLatest(db);
    await seedDemoContent(db, dataDir, now, { images: false });
    await seedArticles(db, ARTICLES, now);
    await seedConversation(db, now);
  }
  const live = await seedLive(db, new Date());
  const rows = await db
    .selectFrom('articles')
    .innerJoin('editions', 'editions.code', 'articles.edition_code')
    .select([
      'edition_code',
      'slug',
      'first_published_at',
      'time_zone',
      (eb) => eb.fn('length', ['body_html']).as('length'),
    ])
    .execute();
  const posting = await preparePosting(db, new Date());
  await db.destroy();
  const commented = rows.find((r) => r.slug.endsWith(COMMENTED));
  if (!commented?.first_published_at) throw new Error(`no article ${COMMENTED}`);
  const commentedPath = articlePath('ar', commented.slug, commented.first_published_at, commented.time_zone);
  // The demo article with the longest body: real prose, for the page-weight figures.
  const demo = rows
    .filter((r) => !/-g\d+$/.test(r.slug))
    .sort((a, b) => Number(b.length) - Number(a.length))[0];
  const demoPath =
    demo && articlePath(demo.edition_code, demo.slug, demo.first_published_at ?? '', demo.time_zone);
  const dbMb = statSync(dbFile).size / 1_048_576;
  const built = reuse ? `reused from ${dataDir}` : `built in ${((Date.now() - seeding) / 1000).toFixed(1)} s`;
  const generated = rows.filter((r) => /-g\d+$/.test(r.slug)).length;
  console.log(
    `Database: ${rows.length} articles (${generated} generated, ~600 words each), ${dbMb.toFixed(0)} MB, ${built}`,
  );

  const liveRow = rows.find((r) => r.slug.endsWith(LIVE_ON));
  if (!liveRow?.first_published_at) throw new Error(`no article ${LIVE_ON}`);
  const livePath = articlePath('ar', liveRow.slug, liveRow.first_published_at, liveRow.time_zone);
  if (ONLY === 'live') {
    const liveMeasures = await measureLive(dataDir, livePath, live.latest);
    console.log('\nTargets:');
    for (const [name, value, ok] of liveTargets(liveMeasures))
      console.log(`  ${verdict(ok)}  ${name.padEnd(46)}${value}`);
    if (liveTargets(liveMeasures).some(([, , ok]) => !ok)) process.exitCode = 1;
    return;
  }

  const measures: Measure[] = [];
  const cached = await sahifa(dataDir, 'on');
  const home = `${cached.base}/ar`;
  const homeHtml = (await fetchBytes(home)).body.toString();
  const benchedPath = /href="(\/ar\/\d{4}\/\d{2}\/\d{2}\/[^"]+)"/.exec(homeHtml)?.[1];
  if (!benchedPath) throw new Error('no article link on /ar');
  const article = `${cached.base}${benchedPath}`;
  console.log(`Article: ${decodeURI(benchedPath)}`);
  const page = await fetchBytes(article);
  const state = (await fetchBytes(article)).headers.get('x-cache');
  if (state !== 'HIT') console.log(`  warning: second GET of the article was x-cache: ${state}`);

  const weights = [await pageWeight(cached.base, benchedPath)];
  if (demoPath) weights.push(await pageWeight(cached.base, demoPath));

  // Baseline: the same bytes from bare node:http.
  const bodyFile = path.join(tempDir, 'article.html');
  writeFileSync(bodyFile, page.body);
  const bare = await startServer(
    ['bench/bare-server.mjs'],
    { BODY_FILE: bodyFile, CONTENT_TYPE: page.headers.get('content-type') ?? 'text/html; charset=utf-8' },
    '/',
  );
  console.log(`Measuring (wrk ${WRK_ARGS.join(' ')}, after a 2 s warm-up each):`);
  measures.push(await wrk('bare node:http, same bytes', `${bare.base}/`));
  await bare.stop();
  measures.push(await wrk('article, page cache on', article));
  const withComments = await fetchBytes(`${cached.base}${commentedPath}`);
  const shownComments = (withComments.body.toString().match(/id="comment-/g) ?? []).length;
  console.log(
    `  (the article with ${COMMENTS} comments shows ${shownComments} on its page, ${(withComments.body.length / 1024).toFixed(0)} KB; the benched one ${(page.body.length / 1024).toFixed(0)} KB)`,
  );
  measures.push(await wrk(`article + ${COMMENTS} comments, cache on`, `${cached.base}${commentedPath}`));
  measures.push(await wrk('home /ar, page cache on', home));
  await cached.stop();

  // Posting: POSTERS connections at once, each request as the next of the run's readers, each from
  // their own address (TRUST_PROXY reads X-Forwarded-For).
  const posts = await sahifa(dataDir, 'on', { TRUST_PROXY: '1' });
  const script = posterScript(posting, tempDir, posts.base);
  measures.push(
    await wrk(`post a comment, ${POSTERS} posters`, `${posts.base}/ar/comments`, {
      connections: POSTERS,
      // One wrk thread is plenty for 20 connections, and leaves the server the other core.
      threads: 1,
      script,
    }),
  );
  await posts.stop();

  const uncached = await sahifa(dataDir, 'off');
  measures.push(await wrk('article, page cache off', `${uncached.base}${benchedPath}`));
  measures.push(await wrk('home /ar, page cache off', `${uncached.base}/ar`));
  await uncached.stop();
  const liveMeasures = await measureLive(dataDir, livePath, live.latest);

  const jsKb = Math.max(...weights.map((w) => w.jsKb));
  if (demoPath) console.log(`\nLongest demo article (page weight only): ${decodeURI(demoPath)}`);
  const [baseline, cachedArticle, cachedCommented, cachedHome, postingMeasure, uncachedArticle] = measures;
  if (!baseline || !cachedArticle || !cachedCommented || !cachedHome || !postingMeasure || !uncachedArticle)
    throw new Error('missing measures');
  const pad = (text: string, width: number) => text.padEnd(width);
  const num = (value: number, width: number, digits = 0) => value.toFixed(digits).padStart(width);
  console.log(
    `\n${pad('scenario', 36)}${'req/s'.padStart(10)}${'p99 ms'.padStart(10)}${'× bare'.padStart(9)}`,
  );
  // Each against its own baseline: the article's bytes, or the updates' bytes for the live rows.
  const rowsOf: [Measure, Measure][] = [
    ...measures.map((m): [Measure, Measure] => [m, baseline]),
    ...[liveMeasures.bare, liveMeasures.updates, liveMeasures.page].map((m): [Measure, Measure] => [
      m,
      liveMeasures.bare,
    ]),
  ];
  for (const [m, bare] of rowsOf) {
    const line = `${pad(m.scenario, 36)}${num(m.rps, 10)}${num(m.p99Ms, 10, 2)}${num(m.rps / bare.rps, 9, 2)}`;
    console.log(`${line}${m.problems ? `  ! ${m.problems}` : ''}`);
  }

  const gated = [cachedArticle, cachedCommented, cachedHome, postingMeasure, uncachedArticle];
  // The p99 target is for cached pages. An uncached page is CPU-bound at 50
  // connections: by Little's law its mean latency is 50 / (req/s), about 45 ms
  // at 1,100 req/s, and a queue that full has a long tail whatever the code.
  const latencyGated = [cachedArticle, cachedCommented, cachedHome];
  const ratio = cachedArticle.rps / baseline.rps;
  const commentsRatio = cachedCommented.rps / cachedArticle.rps;
  const targets: [string, string, boolean][] = [
    ['cached article ≥ 0.6 × bare', `${ratio.toFixed(2)} ×`, ratio >= 0.6],
    [
      `cached article + ${COMMENTS} comments ≥ 0.9 × without`,
      `${commentsRatio.toFixed(2)} ×`,
      commentsRatio >= 0.9,
    ],
    [
      `posting p99 < 50 ms at ${POSTERS} posters`,
      `${postingMeasure.p99Ms.toFixed(2)} ms (${Math.round(postingMeasure.rps)} posts/s)`,
      postingMeasure.p99Ms < 50,
    ],
    [
      'uncached article ≥ 1,000 req/s',
      `${Math.round(uncachedArticle.rps)} req/s`,
      uncachedArticle.rps >= 1000,
    ],
    ...latencyGated.map((m): [string, string, boolean] => [
      `p99 < 50 ms: ${m.scenario}`,
      `${m.p99Ms.toFixed(2)} ms`,
      m.p99Ms < 50,
    ]),
    ...weights.map((w, i): [string, string, boolean] => [
      `${i === 0 ? 'benched' : 'longest demo'} article HTML+CSS gzip < 30 KB`,
      `${(w.htmlKb + w.cssKb).toFixed(1)} KB (HTML ${w.htmlKb.toFixed(1)} + CSS ${w.cssKb.toFixed(1)})`,
      w.htmlKb + w.cssKb < 30,
    ]),
    ['JS gzip < 5 KB', `${jsKb.toFixed(2)} KB`, jsKb < 5],
    [
      'no wrk errors or non-2xx responses',
      gated.some((m) => m.problems) ? 'see above' : 'none',
      !gated.some((m) => m.problems),
    ],
    ...liveTargets(liveMeasures),
  ];
  console.log(
    `\nUncached article at 50 connections: mean latency ≈ ${(50_000 / uncachedArticle.rps).toFixed(0)} ms (50 / req/s), p99 ${uncachedArticle.p99Ms.toFixed(0)} ms: saturated, reported, not gated.`,
  );
  console.log('\nTargets:');
  for (const [name, value, ok] of targets) console.log(`  ${verdict(ok)}  ${pad(name, 46)}${value}`);
  if (targets.some(([, , ok]) => !ok)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
  cleanUp(); // running children would keep this process alive
});
