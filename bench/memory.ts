// Memory benchmark (`npm run bench:memory`): the real server (SQLite, demo content) as a child process;
// its RSS before and after 10,000 distinct junk query strings and a few 20 MB POST bodies to public forms.
// PASS when the growth stays within PAGE_CACHE_BYTES + 50 MB. Every step is bounded; the child dies with us.
//   BENCH_ROOT=/path/to/checkout   run another checkout's server (e.g. main, for comparison)
//   BENCH_PAGE_CACHE_BYTES=…       the bound given to the server (default 64 MB)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveArgs } from './start-command.js';

const MB = 1024 * 1024;
const JUNK_REQUESTS = Number(process.env.BENCH_JUNK_REQUESTS ?? 10_000);
const CONCURRENCY = 16;
const POSTS = 5;
const POST_BYTES = 20 * MB;
const CACHE_BYTES = Number(process.env.BENCH_PAGE_CACHE_BYTES ?? 64 * MB);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.env.BENCH_ROOT ?? path.join(here, '..'));

let child: ChildProcess | undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sahifa-bench-memory-'));
process.once('exit', () => {
  child?.kill('SIGKILL');
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

/** Resident set size of the server process, from /proc (Linux). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks the server to collect garbage (bench/gc-on-signal.mjs), twice, then reads its RSS. */
async function settledRss(pid: number): Promise<number> {
  for (let i = 0; i < 3; i++) {
    process.kill(pid, 'SIGUSR2');
    await sleep(1_000);
  }
  return rssOf(pid);
}

async function stopServer(): Promise<void> {
  const running = child;
  if (!running || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGTERM');
  const timer = setTimeout(() => running.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function startServer(): Promise<{ base: string; pid: number }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  child = spawn(
    process.execPath,
    ['--expose-gc', '--import', path.join(here, 'gc-on-signal.mjs'), ...serveArgs(root)],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: base,
        DATA_DIR: dataDir,
        DEMO_CONTENT: 'on',
        LOG_LEVEL: 'warn',
        PAGE_CACHE_BYTES: String(CACHE_BYTES),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk;
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log}`);
    const status = await fetch(`${base}/ar`, { signal: AbortSignal.timeout(5_000) })
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`the server did not answer within 180 s:\n${log}`);
    await sleep(500);
  }
  if (!child.pid) throw new Error('no server pid');
  return { base, pid: child.pid };
}

/** Pages worth attacking: edition homes and the articles they link to. */
async function targets(base: string): Promise<string[]> {
  const paths = ['/ar', '/en'];
  for (const home of ['/ar', '/en']) {
    const html = await (await fetch(base + home)).text();
    for (const [, href] of html.matchAll(/href="(\/(?:ar|en)\/\d{4}\/\d{2}\/\d{2}\/[^"?#]+)"/g)) {
      if (href && !paths.includes(href)) paths.push(href);
    }
  }
  return paths.slice(0, 40);
}

/** 10,000 GETs, each with its own junk query string, 16 at a time over keep-alive connections. */
async function junkQueries(base: string, paths: string[]): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < JUNK_REQUESTS) {
      const i = next++;
      const target = paths[i % paths.length] ?? '/ar';
      const url = `${base}${target}?utm_source=bench${i}&utm_campaign=${(i * 7919) % 100_003}&fbclid=x${i}`;
      const res = await fetch(url).catch(() => undefined);
      const key = String(res?.status ?? 'error');
      statuses[key] = (statuses[key] ?? 0) + 1;
      await res?.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return statuses;
}

/** A 20 MB POST streamed to a public form; how the server answered and how much it took before. */
function bigPost(base: string, formPath: string, declareLength: boolean) {
  const { port } = new URL(base);
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return new Promise<{ status: number; sentMb: number }>((resolve) => {
    let written = 0;
    let status = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ status, sentMb: Math.round((written / MB) * 10) / 10 });
    };
    const req = httpRequest({
      port,
      host: '127.0.0.1',
      path: formPath,
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: base,
        'sec-fetch-site': 'same-origin',
        ...(declareLength ? { 'content-length': String(POST_BYTES) } : {}),
      },
    });
    req.setTimeout(60_000, () => req.destroy());
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => setTimeout(finish, 100));
    });
    req.on('error', () => setTimeout(finish, 200));
    req.on('close', () => setTimeout(finish, 200));
    const pump = () => {
      while (!done && written < POST_BYTES) {
        written += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!done) req.end();
    };
    pump();
  });
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

async function main() {
  console.log(`Sahifa memory bench: ${root}`);
  console.log(
    `  PAGE_CACHE_BYTES=${mb(CACHE_BYTES)}, ${JUNK_REQUESTS} junk query strings, ${POSTS} POSTs of 20 MB`,
  );
  // The first start seeds the demo content (image work leaves a large, reusable heap behind):
  // measure a second start on the seeded data, as a server normally runs.
  await startServer();
  await stopServer();
  const { base, pid } = await startServer();
  const paths = await targets(base);
  // Warm: every target once, so the baseline includes the pages themselves and the JIT.
  for (const target of paths) await (await fetch(base + target)).arrayBuffer();
  const before = await settledRss(pid);
  console.log(`  RSS after start and warm-up: ${mb(before)} (${paths.length} pages)`);

  const started = Date.now();
  const statuses = await junkQueries(base, paths);
  const junkRss = rssOf(pid);
  console.log(
    `  junk queries: ${JSON.stringify(statuses)} in ${((Date.now() - started) / 1000).toFixed(1)} s; RSS ${mb(junkRss)}`,
  );

  const forms = ['/ar/newsletters', '/en/newsletters', '/newsletters/unsubscribe'];
  for (let i = 0; i < POSTS; i++) {
    const form = forms[i % forms.length] ?? '/ar/newsletters';
    const result = await bigPost(base, form, i % 2 === 0);
    console.log(
      `  POST 20 MB to ${form} (${i % 2 === 0 ? 'Content-Length' : 'chunked'}): ${result.status || 'connection closed by the server'}, ${result.sentMb} MB sent before the answer`,
    );
  }
  const after = await settledRss(pid);
  const growth = after - before;
  const limit = CACHE_BYTES + 50 * MB;
  console.log(`  RSS after, GC settled: ${mb(after)}`);
  console.log(`  growth ${mb(growth)} (limit PAGE_CACHE_BYTES + 50 MB = ${mb(limit)})`);
  console.log(growth <= limit ? 'PASS' : 'FAIL');
  child?.kill('SIGTERM');
  process.exitCode = growth <= limit ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
