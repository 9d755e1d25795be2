// What the fault tests share: the site as a child process (the way an operator runs it), free ports,
// and a throw-away PostgreSQL cluster of their own (never the machine's: that one other tests use).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const isRoot = process.getuid?.() === 0;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

const tempDirs: string[] = [];
/** A new folder under the system's temporary one, removed by `removeTempDirs`. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `sahifa-fault-${name}-`));
  tempDirs.push(dir);
  return dir;
}
/** Removes every folder `tempDir` made (call in afterAll, once nothing is mounted on them). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Instance {
  base: string;
  process: ChildProcess;
  /** Everything the process wrote so far. */
  output(): string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/** `sahifa serve` with `env` on a free port; resolves once `readyPath` answers 200 (120 s at most). */
export async function startInstance(
  env: Record<string, string>,
  options: { readyPath?: string; timeoutMs?: number } = {},
): Promise<Instance> {
  const instance = await spawnServe(env);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (instance.process.exitCode !== null || instance.process.signalCode !== null) {
      throw new Error(`server exited (${instance.process.exitCode}):\n${instance.output()}`);
    }
    const up = await fetch(`${instance.base}${options.readyPath ?? '/readyz'}`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (up) return instance;
    if (Date.now() > deadline) {
      await instance.stop();
      throw new Error(`server did not answer within the time allowed:\n${instance.output()}`);
    }
    await sleep(250);
  }
}

/** `sahifa serve` with `env`, without waiting for anything (start-up failures are for the caller to see). */
export async function spawnServe(env: Record<string, string>): Promise<Instance> {
  const port = env.PORT ?? String(await freePort());
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['bin/sahifa.js', 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: port,
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      LOG_LEVEL: 'warn',
      DEMO_CONTENT: 'on',
      PAGE_CACHE: 'on',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return { base, process: child, output: () => log, exited, stop };
}

/** The newest PostgreSQL server binaries installed by Debian's packages, if any. */
export function postgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter(
      (v) =>
        existsSync(path.join(base, v, 'bin', 'initdb')) && existsSync(path.join(base, v, 'bin', 'pg_ctl')),
    )
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : undefined;
}

/**
 * Why a test needing its own PostgreSQL cluster cannot run here (undefined: it can).
 * With SAHIFA_REQUIRE_POSTGRES=1 (CI) and the binaries present, it must run: no reason is given.
 */
export function clusterSkipReason(): string | undefined {
  const bin = postgresBin();
  if (!bin)
    return 'no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)';
  if (process.env.SAHIFA_REQUIRE_POSTGRES === '1') return undefined;
  if (!isRoot) return 'not root: the throw-away cluster is created as user postgres with runuser';
  return undefined;
}

export interface Cluster {
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: every session is terminated, the server is down for a moment. */
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

/** A new PostgreSQL cluster in a temporary folder, on a free port, owned by user postgres. */
export async function createCluster(): Promise<Cluster> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  const dir = tempDir('pg');
  chownSync(
    dir,
    Number((await run('id', ['-u', 'postgres'])).stdout),
    Number((await run('id', ['-g', 'postgres'])).stdout),
  );
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asPostgres = (command: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args], { timeout: 120_000 });
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const ctl = (...args: string[]) =>
    asPostgres('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', ...args]);
  await ctl('-o', options, 'start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: async () => {
      await ctl('-m', 'fast', '-o', options, 'restart');
    },
    destroy: async () => {
      await ctl('-m', 'immediate', 'stop').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
