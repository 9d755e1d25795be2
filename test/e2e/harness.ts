// What the browser tests share: Debian's chromium via playwright-core, and the site as a child process
// (the way an operator runs it) on a free port with a throw-away data directory and the demo newsroom.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasBrowser = existsSync(CHROMIUM);
/** CI sets SAHIFA_REQUIRE_BROWSER=1: a missing browser is then a failure, not a skip. */
export const browserRequired = process.env.SAHIFA_REQUIRE_BROWSER === '1';
/** Whether a browser suite should be skipped; says why once per file when it is. */
export function skipBrowserSuite(what: string): boolean {
  const skip = !hasBrowser && !browserRequired;
  if (skip) {
    console.warn(
      `[e2e] ${CHROMIUM} not found: ${what} skipped (apt-get install chromium, or set CHROMIUM_PATH)`,
    );
  }
  return skip;
}

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

export interface Site {
  base: string;
  /** The settings the server runs with, for CLI commands against the same database. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** `sahifa serve` with demo content and the page cache on, answering within 90 s. */
export async function startSite(name: string): Promise<Site> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `sahifa-e2e-${name}-`));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  const server: ChildProcess = spawn(process.execPath, ['bin/sahifa.js', 'serve'], {
    cwd: root,
    env: { ...process.env, ...env, DEMO_CONTENT: 'on', PAGE_CACHE: 'on' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serverLog = '';
  const log = (chunk: Buffer) => {
    serverLog += chunk.toString();
  };
  server.stdout?.on('data', log);
  server.stderr?.on('data', log);
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}):\n${serverLog}`);
    const up = await fetch(`${base}/ar`)
      .then((r) => r.ok)
      .catch(() => false);
    if (up) return { base, env, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer within 90 s:\n${serverLog}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Headless chromium with the flags these machines need. */
export async function launchBrowser(): Promise<Browser> {
  if (!hasBrowser) throw new Error(`${CHROMIUM} not found, and SAHIFA_REQUIRE_BROWSER=1 requires it`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
