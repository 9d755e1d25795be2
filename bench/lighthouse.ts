// Lighthouse benchmark (`npm run bench:lighthouse`): the real server (SQLite, demo content) as a child
// process; Lighthouse (mobile form factor, its default simulated throttling) on Debian's Chromium loads the
// longest Arabic demo article without ads, then with house ads in three slots a phone shows (two in the
// text, one at its end) and the sidebar slot, which phones do not show. The ads are set up through the
// advertising door (src/ads/store.ts) as the desk would, by a sales user. Prints Performance, CLS, LCP, TBT
// and page weight for both, and how much of the weight difference is the ad images fetched.
// PASS when the page with ads keeps Performance >= 98 and CLS < 0.01. Every step is bounded.
//   BENCH_LIGHTHOUSE_RUNS=3       runs per page (the median by Performance is shown)
//   BENCH_LIGHTHOUSE_REPORTS=dir  also write each run's Lighthouse JSON there
//   CHROMIUM_PATH=/usr/bin/chromium
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import sharp from 'sharp';
import { addUser } from '../src/accounts/users.js';
import { DEFAULT_MIN_WORDS } from '../src/ads/settings.js';
import { inlinePositions, topLevelParagraphs, wordCount } from '../src/ads/slots.js';
import { saveAdSettings, saveCampaign } from '../src/ads/store.js';
import { articlePath } from '../src/articles/paths.js';
import { migrateToLatest, openDatabase } from '../src/db/connect.js';
import type { Db } from '../src/db/schema.js';
import { seedDemoContent } from '../src/demo/seed.js';
import { mediaDir } from '../src/media/routes.js';
import { LocalMediaStorage } from '../src/media/storage.js';
import { storeUploadedImage } from '../src/media/upload.js';
import { serveArgs } from './start-command.js';

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const REPORTS = process.env.BENCH_LIGHTHOUSE_REPORTS;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const KB = 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The inline rule: after paragraph 2, then every 3, at most 2 (with the end slot: three slots on a phone). */
const INLINE = { after: 2, every: 3, max: 2 };

let child: ChildProcess | undefined;
let chrome: chromeLauncher.LaunchedChrome | undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sahifa-bench-lighthouse-'));
process.once('exit', () => {
  child?.kill('SIGKILL');
  chrome?.process.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Starts `sahifa serve` on the data dir (the production defaults: page cache on) and waits for /ar. */
async function startSahifa(): Promise<{ base: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  const server = spawn(process.execPath, serveArgs(root), {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DEMO_CONTENT: 'off',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = server;
  server.stdout?.on('data', (chunk: Buffer) => {
    log += chunk;
  });
  server.stderr?.on('data', (chunk: Buffer) => {
    log += chunk;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`sahifa serve exited (${server.exitCode}):\n${log}`);
    const status = await fetch(`${base}/ar`, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`sahifa serve did not answer within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    child = undefined;
  };
  return { base, stop };
}

/** The published Arabic article with the most top-level paragraphs: its address and size. */
async function longestArabicArticle(db: Db) {
  const edition = await db
    .selectFrom('editions')
    .select('time_zone')
    .where('code', '=', 'ar')
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('articles')
    .select(['slug', 'headline', 'body_html', 'first_published_at'])
    .where('edition_code', '=', 'ar')
    .where('status', '=', 'published')
    .where('format', '!=', 'live')
    .execute();
  const [best] = rows
    .map((r) => ({ ...r, paragraphs: topLevelParagraphs(r.body_html), words: wordCount(r.body_html) }))
    .sort((a, b) => b.paragraphs - a.paragraphs || b.words - a.words);
  if (!best?.first_published_at) throw new Error('no published Arabic article in the demo content');
  return {
    path: articlePath('ar', best.slug, best.first_published_at, edition.time_zone),
    headline: best.headline,
    paragraphs: best.paragraphs,
    words: best.words,
  };
}

/** A house ad's artwork: a 300×250 rectangle drawn at twice its size (sharp renders the SVG). */
function artwork(title: string, line: string, from: string, to: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="500">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
  <rect width="600" height="500" fill="url(#g)"/>
  <circle cx="480" cy="120" r="90" fill="#ffffff22"/><circle cx="110" cy="400" r="140" fill="#00000018"/>
  <text x="300" y="210" font-family="DejaVu Sans" font-size="52" font-weight="bold" fill="#fff" text-anchor="middle">${title}</text>
  <text x="300" y="290" font-family="DejaVu Sans" font-size="30" fill="#fff" text-anchor="middle">${line}</text>
  <rect x="200" y="350" width="200" height="64" rx="32" fill="#fff"/>
  <text x="300" y="393" font-family="DejaVu Sans" font-size="28" fill="${to}" text-anchor="middle">احجز الآن</text>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

const HOUSE_ADS = [
  { name: 'معرض الكتاب', line: 'من ١٠ إلى ٢٠ كانون الأول', from: '#0b5cad', to: '#073b70' },
  { name: 'النشرة الصباحية', line: 'أهم الأخبار كل صباح', from: '#1f7a4d', to: '#0f4a2d' },
  { name: 'مهرجان المسرح', line: 'عروض كل مساء', from: '#a8322d', to: '#6b1d1a' },
  { name: 'تطبيق صحيفة', line: 'الأخبار في جيبك', from: '#6a3fa0', to: '#40246a' },
];

/**
 * What the desk does: a sales user of the Arabic edition turns on the slots and adds four image
 * campaigns (one slot a page each), through the advertising door. Returns the ads' media ids.
 */
async function setUpAds(db: Db, minWords: number): Promise<string[]> {
  const now = new Date();
  const sales = await addUser(db, { email: 'sales@bench.example', role: 'sales', editions: ['ar'] }, now);
  if (!sales.ok) throw new Error(sales.error);
  const act = { userId: sales.userId, now };
  await saveAdSettings(
    db,
    {
      editionCode: 'ar',
      slots: {
        article_inline: { narrow: '300x250', wide: '728x90', ...INLINE },
        article_end: { narrow: '300x250', wide: '300x250' },
        article_sidebar: { wide: '300x250' },
      },
      minWords,
      tagScripts: [],
      allowedHosts: [],
    },
    act,
  );
  const mediaIds: string[] = [];
  const today = now.toISOString().slice(0, 10);
  for (const ad of HOUSE_ADS) {
    const details = { alt: ad.name, caption: '', credit: '', copyright: '' };
    const mediaId = await storeUploadedImage(
      db,
      new LocalMediaStorage(mediaDir(dataDir)),
      await artwork(ad.name, ad.line, ad.from, ad.to),
      details,
      now,
    );
    mediaIds.push(mediaId);
    await saveCampaign(
      db,
      undefined,
      {
        name: ad.name,
        kind: 'image',
        text: '',
        linkUrl: 'https://news.example/campaign',
        startDay: today,
        endDay: '',
        editions: ['ar'],
        sections: [],
        weight: 1,
        maxPerPage: 1,
        active: true,
        mediaId,
      },
      act,
    );
  }
  return mediaIds;
}

interface Run {
  /** Lighthouse's CPU benchmark of this machine during the run (a quiet desktop: about 1,500 or more). */
  benchmarkIndex: number;
  performance: number;
  clsValue: number;
  lcpMs: number;
  tbtMs: number;
  bytes: number;
  adImages: number;
  adImageBytes: number;
  htmlBytes: number;
  /** Bytes fetched by path (the two servers' ports differ). */
  byPath: Map<string, number>;
}

/** One Lighthouse run (mobile, default throttling); `adMedia`: media ids whose requests are the ad images. */
async function lighthouseRun(url: string, adMedia: string[], label: string): Promise<Run> {
  if (!chrome) throw new Error('chromium not started');
  const result = await lighthouse(url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
  });
  if (!result) throw new Error('lighthouse gave no result');
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.message}`);
  if (REPORTS) {
    mkdirSync(REPORTS, { recursive: true });
    writeFileSync(path.join(REPORTS, `${label}.json`), JSON.stringify(lhr, null, 1));
  }
  const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const requests =
    (lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? [];
  const ads = requests.filter((r) => adMedia.some((id) => r.url.includes(`/media/${id}-`)));
  const html = requests.find((r) => r.url === url);
  return {
    benchmarkIndex: lhr.environment.benchmarkIndex,
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    clsValue: audit('cumulative-layout-shift'),
    lcpMs: audit('largest-contentful-paint'),
    tbtMs: audit('total-blocking-time'),
    bytes: audit('total-byte-weight'),
    adImages: ads.length,
    adImageBytes: ads.reduce((sum, r) => sum + (r.transferSize ?? 0), 0),
    htmlBytes: html?.transferSize ?? 0,
    byPath: new Map(requests.map((r) => [new URL(r.url).pathname, r.transferSize ?? 0])),
  };
}

interface NetworkItem {
  url: string;
  transferSize?: number;
}

/** `RUNS` runs of one page (after one warm-up request, so the page cache holds it); the median by Performance. */
async function measure(url: string, adMedia: string[], label: string): Promise<Run> {
  await fetch(url, { signal: AbortSignal.timeout(10_000) }).then((r) => r.arrayBuffer());
  const runs: Run[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const run = await lighthouseRun(url, adMedia, `${label}-${i}`);
    console.log(
      `  ${label} run ${i}: Performance ${run.performance}, CLS ${run.clsValue.toFixed(4)}, LCP ${Math.round(run.lcpMs)} ms, TBT ${Math.round(run.tbtMs)} ms, ${(run.bytes / KB).toFixed(1)} KB (CPU benchmark index ${Math.round(run.benchmarkIndex)})`,
    );
    runs.push(run);
  }
  const sorted = [...runs].sort((a, b) => a.performance - b.performance);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (!median) throw new Error('no run');
  return median;
}

async function main() {
  const started = Date.now();
  console.log(`Lighthouse ${RUNS}× per page, mobile, default throttling; Chromium ${CHROMIUM}`);
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  const db = openDatabase({ sqlitePath: path.join(dataDir, 'sahifa.sqlite') });
  await migrateToLatest(db);
  await seedDemoContent(db, new LocalMediaStorage(mediaDir(dataDir)), new Date());
  const article = await longestArabicArticle(db);
  // The edition's minimum words for slots inside the text (default 350) unless the longest demo
  // article is shorter: then none, so the page still has its three slots.
  const minWords = article.words >= DEFAULT_MIN_WORDS ? DEFAULT_MIN_WORDS : 0;
  const inline = inlinePositions(article.paragraphs, INLINE).length;
  console.log(
    `article: ${article.path} (${article.paragraphs} paragraphs, ${article.words} words); slots a phone shows: ${inline} in the text + 1 at the end; sidebar slot: hidden on phones`,
  );

  chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS });
  let sahifa = await startSahifa();
  const without = await measure(`${sahifa.base}${article.path}`, [], 'without-ads');
  await sahifa.stop();

  const adMedia = await setUpAds(db, minWords);
  await db.destroy();
  sahifa = await startSahifa();
  const url = `${sahifa.base}${article.path}`;
  const html = await (await fetch(url)).text();
  const slots = html.match(/<aside class="ad"/g)?.length ?? 0;
  const withAds = await measure(url, adMedia, 'with-ads');
  await sahifa.stop();
  await chrome.kill();
  chrome = undefined;

  const row = (name: string, r: Run) =>
    `${name.padEnd(10)} ${String(r.performance).padStart(11)} ${r.clsValue.toFixed(4).padStart(8)} ${`${Math.round(r.lcpMs)} ms`.padStart(9)} ${`${Math.round(r.tbtMs)} ms`.padStart(8)} ${`${(r.bytes / KB).toFixed(1)} KB`.padStart(10)} ${`${(r.htmlBytes / KB).toFixed(1)} KB`.padStart(9)}`;
  console.log(`\n${'page'.padEnd(10)} Performance      CLS       LCP      TBT     weight      HTML`);
  console.log(row('no ads', without));
  console.log(row('ads', withAds));
  const grew = withAds.bytes - without.bytes;
  console.log(
    `\nslots in the page: ${slots} (sidebar included); ad images fetched: ${withAds.adImages}, ${(withAds.adImageBytes / KB).toFixed(1)} KB`,
  );
  const htmlGrew = withAds.htmlBytes - without.htmlBytes;
  console.log(
    `weight grew by ${(grew / KB).toFixed(1)} KB: ad images ${(withAds.adImageBytes / KB).toFixed(1)} KB + HTML ${(htmlGrew / KB).toFixed(1)} KB + other ${((grew - withAds.adImageBytes - htmlGrew) / KB).toFixed(1)} KB`,
  );
  // "Other": what one page fetched and the other did not, besides the ad images (e.g. lazy images
  // further down that the slots push beyond the browser's loading distance).
  const adPaths = new Set(adMedia.map((id) => `/media/${id}-`));
  const isAd = (p: string) => [...adPaths].some((prefix) => p.startsWith(prefix));
  for (const [p, bytes] of without.byPath)
    if (!withAds.byPath.has(p)) console.log(`  only without ads: ${p} ${(bytes / KB).toFixed(1)} KB`);
  for (const [p, bytes] of withAds.byPath)
    if (!without.byPath.has(p) && !isAd(p))
      console.log(`  only with ads: ${p} ${(bytes / KB).toFixed(1)} KB`);
  console.log(
    `load average now ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; took ${Math.round((Date.now() - started) / 1000)} s`,
  );
  if (withAds.benchmarkIndex < 1000 || (os.loadavg()[0] ?? 0) > os.cpus().length)
    console.log(
      'note: the machine is busy (CPU benchmark index under 1,000 or load above its cores): Lighthouse multiplies the main-thread time it observes by 4, so TBT and Performance read worse than on a quiet machine',
    );
  const pass = withAds.performance >= 98 && withAds.clsValue < 0.01;
  console.log(
    pass
      ? 'PASS: Performance >= 98 and CLS < 0.01 with ads'
      : 'FAIL: the page with ads needs Performance >= 98 and CLS < 0.01',
  );
  process.exitCode = pass ? 0 : 1;
}

await main();
