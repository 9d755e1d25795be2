// Varnish for the scale tests and the cluster bench: Debian's varnishd, run as the current user
// (no jail) in a temporary working folder, in front of the given instances, with deploy/varnish's VCL.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, root, sleep, tempDir } from '../fault/harness.js';

export const VARNISHD = '/usr/sbin/varnishd';

/** Why the Varnish test cannot run here (undefined: it can); with SAHIFA_REQUIRE_VARNISH=1 a missing varnishd is an error. */
export function varnishSkipReason(): string | undefined {
  const present =
    existsSync(VARNISHD) && existsSync('/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so');
  if (present) return undefined;
  if (process.env.SAHIFA_REQUIRE_VARNISH === '1')
    throw new Error(
      'SAHIFA_REQUIRE_VARNISH=1 but varnishd or vmod xkey is missing: apt-get install varnish varnish-modules',
    );
  return 'varnishd or vmod xkey missing (apt-get install varnish varnish-modules)';
}

export interface Varnish {
  base: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

/** varnishd with deploy/varnish/sahifa.vcl and a site.vcl naming `backends` (host:port); resolves once it listens. */
export async function startVarnish(backends: string[], listenPort?: number): Promise<Varnish> {
  const dir = tempDir('varnish');
  const site = [
    ...backends.map((backend, i) => {
      const [host, port] = backend.split(':');
      return `backend app${i} {\n  .host = "${host}";\n  .port = "${port}";\n  .probe = sahifa_ready;\n}\n`;
    }),
    `sub vcl_init {\n${backends.map((_, i) => `  sahifa.add_backend(app${i});\n`).join('')}}\n`,
    'acl purgers {\n  "127.0.0.1";\n}\n',
  ].join('\n');
  writeFileSync(path.join(dir, 'site.vcl'), site);
  const port = listenPort ?? (await freePort());
  const child: ChildProcess = spawn(
    VARNISHD,
    [
      '-F',
      '-j',
      'none',
      '-n',
      path.join(dir, 'work'),
      '-a',
      `127.0.0.1:${port}`,
      '-T',
      'none',
      '-f',
      path.join(root, 'deploy/varnish/sahifa.vcl'),
      '-p',
      `vcl_path=${dir}:${path.join(root, 'deploy/varnish')}`,
      '-s',
      'malloc,64m',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`varnishd exited:\n${log}`);
    const up = await fetch(`${base}/healthz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`varnishd did not serve within 60 s:\n${log}`);
    }
    await sleep(200);
  }
  return {
    base,
    port,
    output: () => log,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
