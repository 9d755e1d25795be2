import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { fetchSource } from '../wire/fetch.js';
import { fetchOutbound, outboundPolicy, PUBLIC_ONLY, refusedRange } from './outbound.js';

const RSS = '<rss version="2.0"><channel><title>t</title></channel></rss>';

/**
 * One server on every local address (IPv4 and IPv6), so that each internal
 * form below would reach it if the guard let it through; it counts what it got.
 */
let server: Server;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url === '/to-loopback') {
      res.writeHead(302, { location: `http://127.0.0.2:${port}/secret` }).end();
    } else if (req.url === '/to-metadata') {
      res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    } else if (req.url === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (req.url === '/bomb') {
      res
        .writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip' })
        .end(gzipSync(Buffer.alloc(8 * 1024 * 1024, 32)));
    } else if (req.url === '/gzip') {
      res
        .writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip' })
        .end(gzipSync(RSS));
    } else {
      res.writeHead(200, { 'content-type': 'application/xml' }).end(RSS);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const limits = { timeoutMs: 5_000, maxBytes: 1024 * 1024 };

describe('outbound requests: the guard', () => {
  it.each([
    ['loopback', '127.0.0.1'],
    ['a decimal address', '2130706433'],
    ['a hex and short address', '0x7f.1'],
    ['an octal address', '0177.0.0.1'],
    ['the unspecified address', '0.0.0.0'],
    ['another loopback address', '127.0.0.2'],
    ['IPv6 loopback', '[::1]'],
    ['IPv4-mapped IPv6 loopback', '[::ffff:127.0.0.1]'],
    ['a name for loopback', 'localhost'],
  ])('refuses %s (%s) before connecting, and says only "could not fetch"', async (_name, host) => {
    const before = seen.length;
    const fetched = await fetchSource(`http://${host}:${port}/feed`, { limits });
    expect(fetched).toEqual({ kind: 'failed', error: 'could not fetch: address not allowed' });
    expect(seen.length).toBe(before);
  });

  it.each([
    ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data/'],
    ['a private network', 'http://10.1.2.3/feed'],
    ['a private network, by number', 'http://167838211/feed'],
    ['carrier-grade NAT', 'http://100.64.0.1/feed'],
    ['IPv6 unique local', 'http://[fd00::1]/feed'],
    ['IPv6 link-local', 'http://[fe80::1]/feed'],
  ])('refuses %s without trying to connect', async (_name, url) => {
    const started = Date.now();
    expect(await fetchSource(url, { limits })).toEqual({
      kind: 'failed',
      error: 'could not fetch: address not allowed',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('checks every redirect: an allowed server cannot send the request on to loopback or the metadata service', async () => {
    const allowOne = outboundPolicy('127.0.0.1');
    const before = seen.filter((p) => p === '/secret').length;
    expect(await fetchSource(`http://127.0.0.1:${port}/to-loopback`, { outbound: allowOne, limits })).toEqual(
      {
        kind: 'failed',
        error: 'could not fetch: address not allowed',
      },
    );
    expect(seen.filter((p) => p === '/secret').length).toBe(before);
    expect(await fetchSource(`http://127.0.0.1:${port}/to-metadata`, { outbound: allowOne, limits })).toEqual(
      {
        kind: 'failed',
        error: 'could not fetch: address not allowed',
      },
    );
    expect(await fetchSource(`http://127.0.0.1:${port}/loop`, { outbound: allowOne, limits })).toEqual({
      kind: 'failed',
      error: 'could not fetch: too many redirects',
    });
    expect(seen.filter((p) => p === '/loop')).toHaveLength(6);
  });

  it('lets the operator allow hosts, addresses and networks (OUTBOUND_ALLOW)', async () => {
    for (const allow of [
      '127.0.0.1',
      '127.0.0.0/8',
      ' localhost , 10.0.0.0/8',
      '::ffff:0:0/96, 127.0.0.1/32',
    ]) {
      const host = allow.includes('localhost') ? 'localhost' : '127.0.0.1';
      const fetched = await fetchSource(`http://${host}:${port}/feed`, {
        outbound: outboundPolicy(allow),
        limits,
      });
      expect(fetched, allow).toMatchObject({ kind: 'ok', text: RSS });
    }
    // Allowing one address allows only it.
    expect(
      await fetchSource(`http://[::1]:${port}/feed`, { outbound: outboundPolicy('127.0.0.1'), limits }),
    ).toMatchObject({ kind: 'failed', error: 'could not fetch: address not allowed' });
    // Compressed bodies are read, and the size limit applies to what they unpack to.
    const local = outboundPolicy('127.0.0.1');
    expect(await fetchSource(`http://127.0.0.1:${port}/gzip`, { outbound: local, limits })).toMatchObject({
      kind: 'ok',
      text: RSS,
    });
    expect(await fetchSource(`http://127.0.0.1:${port}/bomb`, { outbound: local, limits })).toEqual({
      kind: 'failed',
      error: 'could not fetch: larger than 1 MB',
    });
  });

  it('never shows an internal address or port in its errors (the log has them)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const logged: unknown[] = [];
    const fetched = await fetchSource(`http://127.0.0.1:${closedPort}/feed`, {
      outbound: outboundPolicy('127.0.0.1'),
      limits,
      logger: { warn: (details: unknown) => logged.push(details) },
    });
    expect(fetched).toEqual({ kind: 'failed', error: 'could not fetch: connection failed' });
    expect(JSON.stringify(logged)).toContain(String(closedPort));
    const refused = await fetchOutbound('ftp://127.0.0.1/x', { policy: PUBLIC_ONLY, ...limits });
    expect(refused).toMatchObject({ ok: false, message: 'could not fetch: address not allowed' });
  });

  it('classifies addresses: only public unicast passes', () => {
    const refused = [
      '127.0.0.1',
      '0.0.0.0',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '224.0.0.1',
      '255.255.255.255',
      '192.0.2.1',
      '240.0.0.1',
      '::',
      '::1',
      '::ffff:127.0.0.1',
      '::ffff:8.8.8.8',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'ff02::1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::1',
      '100::1',
    ];
    for (const address of refused) expect(refusedRange(address), address).not.toBeNull();
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001::200e']) {
      expect(refusedRange(address), address).toBeNull();
    }
    expect(refusedRange('10.0.0.1', outboundPolicy('10.0.0.0/8'))).toBeNull();
    expect(refusedRange('10.0.0.1', outboundPolicy('10.0.0.2'))).toBe('private');
  });

  it('reads OUTBOUND_ALLOW in the settings, refusing what it cannot read', () => {
    expect(loadConfig({ OUTBOUND_ALLOW: 'wire.lan, 10.2.0.0/16' }).outboundAllow).toEqual([
      'wire.lan',
      '10.2.0.0/16',
    ]);
    expect(loadConfig({}).outboundAllow).toEqual([]);
    expect(() => loadConfig({ OUTBOUND_ALLOW: '10.0.0.0/99' })).toThrow(/OUTBOUND_ALLOW: not a network/);
    expect(() => loadConfig({ OUTBOUND_ALLOW: 'http://x' })).toThrow(/OUTBOUND_ALLOW/);
  });
});
