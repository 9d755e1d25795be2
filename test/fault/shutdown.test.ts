// SIGTERM drains: no new connections, the request in flight is answered, /readyz says 503 meanwhile,
// then exit 0. A second signal, or SHUTDOWN_TIMEOUT_MS running out, exits 1.
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type Instance, removeTempDirs, sleep, startInstance, tempDir } from './harness.js';

/** A raw connection, collecting everything the server sends, and whether it closed. */
async function openSocket(base: string) {
  const { hostname, port } = new URL(base);
  const socket: Socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const state = { received: '', closed: false, error: undefined as Error | undefined };
  socket.on('data', (chunk: Buffer) => {
    state.received += chunk.toString('latin1');
  });
  socket.on('error', (error) => {
    state.error = error;
  });
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      state.closed = true;
      resolve();
    }),
  );
  return { socket, state, closed };
}

/** A newsletter sign-up POST whose body arrives in two halves: in flight until the second half is sent. */
async function slowPost(instance: Instance) {
  const connection = await openSocket(instance.base);
  const body = `email=${encodeURIComponent('reader@example.com')}&list=none&extra=${'x'.repeat(40)}`;
  const half = Math.floor(body.length / 2);
  connection.socket.write(
    [
      'POST /en/newsletters HTTP/1.1',
      `Host: ${new URL(instance.base).host}`,
      `Origin: ${instance.base}`,
      'Content-Type: application/x-www-form-urlencoded',
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body.slice(0, half),
    ].join('\r\n'),
  );
  return { ...connection, finish: () => connection.socket.write(body.slice(half)) };
}

// One data folder for the three: the demo newsroom is seeded once.
const dataDir = tempDir('shutdown');
const start = (env: Record<string, string> = {}) =>
  startInstance({ DATA_DIR: dataDir, DB_INTEGRITY_CHECK_MINUTES: '0', ...env });

describe('shutdown', () => {
  afterAll(removeTempDirs);

  it('drains on SIGTERM: the request in flight is answered, /readyz is 503 meanwhile, then exit 0', async () => {
    const instance = await start();
    try {
      const post = await slowPost(instance);
      // A second connection that has begun a request (headers not finished) is answered too.
      const ready = await openSocket(instance.base);
      ready.socket.write(`GET /readyz HTTP/1.1\r\nHost: ${new URL(instance.base).host}\r\n`);
      await sleep(500);

      instance.process.kill('SIGTERM');
      await sleep(1_500);
      // Still there, waiting for the request in flight; no new connections.
      expect(instance.process.exitCode, instance.output()).toBeNull();
      expect(post.state.received).toBe('');
      const refused = await fetch(`${instance.base}/healthz`).then(
        () => 'answered',
        () => 'refused',
      );
      expect(refused).toBe('refused');

      ready.socket.write('Connection: close\r\n\r\n');
      await ready.closed;
      expect(ready.state.received).toMatch(/^HTTP\/1\.1 503 /);
      expect(ready.state.received).toContain('"reason":"shutting down"');

      post.finish();
      await post.closed;
      expect(post.state.received).toMatch(/^HTTP\/1\.1 [234]\d\d /);
      expect(post.state.error).toBeUndefined();

      const { code } = await instance.exited;
      expect(code, instance.output()).toBe(0);
    } finally {
      await instance.stop();
    }
  }, 180_000);

  it('exits 1 at once on a second signal', async () => {
    const instance = await start();
    try {
      const post = await slowPost(instance);
      await sleep(300);
      instance.process.kill('SIGTERM');
      await sleep(1_000);
      expect(instance.process.exitCode).toBeNull();
      const before = Date.now();
      instance.process.kill('SIGINT');
      const { code } = await instance.exited;
      expect(code, instance.output()).toBe(1);
      expect(Date.now() - before).toBeLessThan(10_000);
      post.socket.destroy();
    } finally {
      await instance.stop();
    }
  }, 180_000);

  it('exits 1 when draining takes longer than SHUTDOWN_TIMEOUT_MS', async () => {
    const instance = await start({ SHUTDOWN_TIMEOUT_MS: '1500' });
    try {
      const post = await slowPost(instance);
      await sleep(300);
      const before = Date.now();
      instance.process.kill('SIGTERM');
      const { code } = await instance.exited;
      expect(code, instance.output()).toBe(1);
      expect(Date.now() - before).toBeGreaterThanOrEqual(1_400);
      expect(instance.output()).toContain('SHUTDOWN_TIMEOUT_MS');
      post.socket.destroy();
    } finally {
      await instance.stop();
    }
  }, 180_000);
});
