// Cluster benchmark (`npm run bench:cluster`): Varnish (deploy/varnish) in front of two instances on
// PostgreSQL, media in an S3 bucket (s3rver), measured with wrk. Prints figures and ratios, no verdicts:
// on a shared machine they move from run to run. BENCH_SECONDS sets each wrk run (default 10).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { articlePath } from '../src/articles/paths.js';
import { openDatabase } from '../src/db/connect.js';
import type { Db } from '../src/db/schema.js';
import { ADMIN_API_BASE } from '../src/integrations/api.js';
import { createIntegration } from '../src/integrations/integrations.js';
import { startS3Server, TEST_BUCKET } from '../src/media/s3-testing.js';
import {
  freePort,
  type Instance,
  removeTempDirs,
  root,
  sleep,
  startInstance,
  tempDir,
} from '../test/fault/harness.js';
import { startVarnish, type Varnish, varnishSkipReason } from '../test/scale/varnish.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PURGE_SAMPLES = Number(process.env.BENCH_PURGE_SAMPLES ?? 20);
/**
 * Any Authorization header makes Varnish pass the request (deploy/varnish): every request reaches an
 * instance. Fewer connections than the cached runs: every one is a render, and an instance drowned in
 * them answers Varnish's health probe too late and is taken out (503s), which would measure the probe.
 */
const PASS = ['-c8', '-H', 'Authorization: Bearer bench-uncached'];

// ---- what is started, stopped whatever way this process ends ----
const stops: (() => Promise<void>)[] = [];
const killers: (() => void)[] = [];
process.once('exit', () => {
  for (const kill of killers) kill();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

function keep(instance: Instance): Instance {
  killers.push(() => instance.process.kill('SIGKILL'));
  stops.push(() => instance.stop());
  return instance;
}

// ---- wrk ----
interface Measure {
  rps: number;
  p99Ms: number;
  problems: string;
}

async function runWrk(args: string[]): Promise<string> {
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  killers.push(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), (SECONDS + 30) * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return code === 0 ? out : `${out}\nwrk exit ${code}`;
}

/** A 2 s warm-up, then the measured run. */
async function wrk(label: string, url: string, extra: string[] = []): Promise<Measure> {
  process.stdout.write(`  ${label} …`);
  const connections = extra.some((a) => a.startsWith('-c')) ? [] : ['-c50'];
  await runWrk(['-t2', ...connections, '-d2s', ...extra, url]);
  const out = await runWrk(['-t2', ...connections, `-d${SECONDS}s`, '--latency', ...extra, url]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(out);
  const scale: Record<string, number> = { us: 0.001, ms: 1, s: 1_000, m: 60_000 };
  const p99Ms = p99 ? Number(p99[1]) * (scale[p99[2] ?? 'ms'] ?? 1) : Number.NaN;
  if (Number.isNaN(rps)) throw new Error(`could not read wrk's output:\n${out}`);
  const problems = [
    /wrk exit \d+/.exec(out)?.[0],
    /Non-2xx or 3xx responses: \d+/.exec(out)?.[0],
    /Socket errors: .*/.exec(out)?.[0],
  ]
    .filter(Boolean)
    .join('; ');
  process.stdout.write(
    ` ${Math.round(rps)} req/s, p99 ${p99Ms.toFixed(1)} ms${problems ? ` (${problems})` : ''}\n`,
  );
  return { rps, p99Ms, problems };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;

/** Fetches `url` until `ok` holds; the time that took (ms), or throws after `withinMs`. */
async function until(url: string, withinMs: number, ok: (res: Response, body: string) => boolean) {
  const start = performance.now();
  for (;;) {
    const res = await fetch(url);
    const body = await res.text();
    if (ok(res, body)) return performance.now() - start;
    if (performance.now() - start > withinMs)
      throw new Error(`not as expected within ${withinMs} ms: ${url}`);
    await sleep(5);
  }
}

async function main() {
  const onPath = (command: string) =>
    (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
  if (!onPath('wrk')) {
    console.log('wrk is not installed: skipping the cluster benchmark. On Debian: apt-get install wrk');
    return;
  }
  const noVarnish = varnishSkipReason();
  if (noVarnish) {
    console.log(`skipping the cluster benchmark: ${noVarnish}`);
    return;
  }
  const cpus = os.cpus();
  console.log(
    `Node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, wrk -t2 -c50 -d${SECONDS}s`,
  );

  // A database of its own on the PostgreSQL server, dropped at the end.
  const database = `sahifa_bench_${randomBytes(4).toString('hex')}`;
  const admin = openDatabase({ url: DATABASE_URL, poolSize: 1 });
  await sql.raw(`create database ${database}`).execute(admin);
  const target = new URL(DATABASE_URL);
  target.pathname = `/${database}`;
  const s3 = await startS3Server();
  stops.push(() => s3.close());
  let db: Db | undefined;
  try {
    const [portA, portB, portVarnish] = [await freePort(), await freePort(), await freePort()];
    const env = {
      DATABASE_URL: target.href,
      // Every request an instance answers is rendered: the uncached figures measure the app, not its page cache.
      PAGE_CACHE: 'off',
      CDN_PURGE: 'varnish',
      CDN_PURGE_URL: `http://127.0.0.1:${portVarnish}`,
      CHANGE_POLL_MS: '200',
      CDN_PURGE_POLL_MS: '100',
      MEDIA_STORE: `s3://${TEST_BUCKET}/bench`,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    console.log(
      'Starting: s3rver, two instances on PostgreSQL (A seeds the demo newsroom, images to the bucket), Varnish',
    );
    const a = keep(await startInstance({ ...env, DATA_DIR: tempDir('a'), PORT: String(portA) }));
    const b = keep(await startInstance({ ...env, DATA_DIR: tempDir('b'), PORT: String(portB) }));
    const varnish: Varnish = await startVarnish([`127.0.0.1:${portA}`, `127.0.0.1:${portB}`], portVarnish);
    stops.push(() => varnish.stop());
    const varnishA: Varnish = await startVarnish([`127.0.0.1:${portA}`]);
    stops.push(() => varnishA.stop());

    db = openDatabase({ url: target.href, poolSize: 2 });
    const row = await db
      .selectFrom('articles')
      .innerJoin('editions', 'editions.code', 'articles.edition_code')
      .innerJoin('media', 'media.id', 'articles.lead_media_id')
      .select(['articles.id', 'articles.slug', 'articles.edition_code', 'articles.first_published_at'])
      .select(['editions.time_zone', 'media.renditions'])
      .where('articles.status', '=', 'published')
      .orderBy('articles.first_published_at', 'desc')
      .executeTakeFirstOrThrow();
    const page = articlePath(row.edition_code, row.slug, row.first_published_at ?? '', row.time_zone);
    const mediaFile = (JSON.parse(row.renditions) as { file: string }[])[0]?.file ?? '';
    const objects = await s3.objects();
    const image = await fetch(`${varnish.base}/media/${mediaFile}`);
    console.log(
      `Media: ${objects.length} objects in the bucket; ${mediaFile} through Varnish: ${image.status}, ${(await image.arrayBuffer()).byteLength} bytes`,
    );

    // Both backends healthy in Varnish's eyes, the page cached.
    await until(`${varnish.base}${page}`, 30_000, (res) => res.headers.get('x-edge-cache') === 'HIT');
    const bytes = Buffer.from(
      await (
        await fetch(`${varnish.base}${page}`, { headers: { 'accept-encoding': 'identity' } })
      ).arrayBuffer(),
    );

    // The same bytes from a bare node:http server, cached by a Varnish of its own.
    const bodyFile = path.join(tempDir('static'), 'page.html');
    writeFileSync(bodyFile, bytes);
    const staticPort = await freePort();
    const bare = spawn(process.execPath, [path.join(root, 'bench/bare-server.mjs')], {
      env: { ...process.env, PORT: String(staticPort), BODY_FILE: bodyFile },
      stdio: 'ignore',
    });
    killers.push(() => bare.kill('SIGKILL'));
    stops.push(async () => {
      bare.kill('SIGTERM');
    });
    const staticVarnish = await startVarnish([`127.0.0.1:${staticPort}`]);
    stops.push(() => staticVarnish.stop());
    await until(`${staticVarnish.base}/page`, 10_000, (res) => res.headers.get('x-edge-cache') === 'HIT');

    console.log(`\nMeasuring (${page}, ${bytes.length} bytes):`);
    const cached = await wrk('article page, cached by Varnish', `${varnish.base}${page}`);
    const staticObject = await wrk(
      'static object of the same bytes, cached by Varnish',
      `${staticVarnish.base}/page`,
    );
    const one = await wrk(
      'uncached (passed to the app), one instance, 8 connections',
      `${varnishA.base}${page}`,
      PASS,
    );
    const two = await wrk(
      'uncached (passed to the app), two instances, 8 connections',
      `${varnish.base}${page}`,
      PASS,
    );

    // Purge latency: an edit through the admin API on A, until Varnish serves the new headline.
    const created = await createIntegration(
      db,
      { name: 'bench', role: 'editor', editions: ['ar', 'en'] },
      null,
      new Date(),
    );
    if (!created.ok) throw new Error(created.error);
    const api = async (method: string, apiPath: string, body?: unknown) => {
      const res = await fetch(`${a.base}${ADMIN_API_BASE}${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const json = (await res.json()) as { article: { version: number } };
      if (!res.ok) throw new Error(`${method} ${apiPath}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    process.stdout.write(`  purge latency, ${PURGE_SAMPLES} edits …`);
    const latencies: number[] = [];
    for (let i = 0; i < PURGE_SAMPLES; i++) {
      await until(`${varnish.base}${page}`, 10_000, (res) => res.headers.get('x-edge-cache') === 'HIT');
      const { article } = await api('GET', `/articles/${row.id}`);
      const headline = `Bench edit ${i} ${randomBytes(3).toString('hex')}`;
      const start = performance.now();
      await api('PATCH', `/articles/${row.id}`, { version: article.version, kind: 'update', headline });
      await until(`${varnish.base}${page}`, 10_000, (_res, body) => body.includes(headline));
      latencies.push(performance.now() - start);
    }
    latencies.sort((x, y) => x - y);
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);
    process.stdout.write(` p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms\n`);

    console.log("\nResults (figures move with the machine's load: compare ratios, not absolute numbers):");
    console.log(
      `  cached through Varnish: ${Math.round(cached.rps)} req/s; static object: ${Math.round(staticObject.rps)} req/s; ratio ${(cached.rps / staticObject.rps).toFixed(2)}`,
    );
    console.log(
      `  uncached: one instance ${Math.round(one.rps)} req/s, two ${Math.round(two.rps)} req/s; scaling ratio ${(two.rps / one.rps).toFixed(2)} (${cpus.length} cores)`,
    );
    console.log(
      `  purge latency (edit on A → fresh page through Varnish): p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (${PURGE_SAMPLES} edits; the instances poll every 100–200 ms)`,
    );
    void b;
  } finally {
    await db?.destroy();
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await sql
      .raw(`drop database if exists ${database} with (force)`)
      .execute(admin)
      .catch(() => {});
    await admin.destroy();
    removeTempDirs();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
