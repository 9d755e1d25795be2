import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { cdnAdapter, tagHeaderValue } from './adapters.js';
import { purgeRecorder } from './testing.js';

describe('CDN adapters against a recording server', () => {
  let recorder: Awaited<ReturnType<typeof purgeRecorder>>;
  let refusing: Awaited<ReturnType<typeof purgeRecorder>>;

  beforeAll(async () => {
    recorder = await purgeRecorder();
    refusing = await purgeRecorder(() => ({ status: 403, body: '{"msg":"bad token"}' }));
  });
  afterAll(async () => {
    await recorder.close();
    await refusing.close();
  });

  it('Varnish: one PURGE with the keys in xkey-purge, at every Varnish', async () => {
    recorder.calls.length = 0;
    const second = await purgeRecorder(() => ({ status: 200 }));
    try {
      const adapter = cdnAdapter({ kind: 'varnish', urls: [recorder.url, second.url] });
      await adapter.purge(['article:a1', 'list:ar']);
      for (const calls of [recorder.calls, second.calls]) {
        expect(calls).toHaveLength(1);
        expect(calls[0]?.method).toBe('PURGE');
        expect(calls[0]?.url).toBe('/');
        expect(calls[0]?.headers['xkey-purge']).toBe('article:a1 list:ar');
      }
    } finally {
      await second.close();
    }
  });

  it('Fastly: POST /service/ID/purge with Fastly-Key and the surrogate keys', async () => {
    recorder.calls.length = 0;
    const adapter = cdnAdapter({
      kind: 'fastly',
      apiUrl: recorder.url,
      serviceId: 'SU1Z0isxPaozGVKXdv0eY',
      token: 'fastly-token-1234',
      soft: true,
    });
    expect(adapter.maxTagsPerCall).toBe(256);
    await adapter.purge(['article:a1', 'site']);
    const [call] = recorder.calls;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe('/service/SU1Z0isxPaozGVKXdv0eY/purge');
    expect(call?.headers['fastly-key']).toBe('fastly-token-1234');
    expect(call?.headers['fastly-soft-purge']).toBe('1');
    expect(call?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(call?.body ?? '')).toEqual({ surrogate_keys: ['article:a1', 'site'] });
  });

  it('Cloudflare: POST /zones/ID/purge_cache with a bearer token and the tags; success:false fails', async () => {
    recorder.calls.length = 0;
    const adapter = cdnAdapter({
      kind: 'cloudflare',
      apiUrl: recorder.url,
      zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
      token: 'cf-token-12345678',
    });
    expect(adapter.maxTagsPerCall).toBe(30);
    await adapter.purge(['article:a1']);
    const [call] = recorder.calls;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe('/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache');
    expect(call?.headers.authorization).toBe('Bearer cf-token-12345678');
    expect(JSON.parse(call?.body ?? '')).toEqual({ tags: ['article:a1'] });

    const unhappy = await purgeRecorder(() => ({ status: 200, body: '{"success":false}' }));
    try {
      const failing = cdnAdapter({
        kind: 'cloudflare',
        apiUrl: unhappy.url,
        zoneId: 'z1',
        token: 'cf-token-12345678',
      });
      await expect(failing.purge(['site'])).rejects.toThrow(/not accepted/);
    } finally {
      await unhappy.close();
    }
  });

  it('a refusal or an endpoint that is down is an error naming the host, never the token', async () => {
    const adapter = cdnAdapter({
      kind: 'fastly',
      apiUrl: refusing.url,
      serviceId: 's1',
      token: 'secret-token-99',
      soft: false,
    });
    const refused = await adapter.purge(['site']).catch((error: Error) => error);
    expect(String(refused)).toMatch(/HTTP 403/);
    expect(String(refused)).not.toContain('secret-token-99');
    const down = cdnAdapter({ kind: 'varnish', urls: ['http://127.0.0.1:1'] });
    await expect(down.purge(['site'])).rejects.toThrow(/127\.0\.0\.1:1: connection failed/);
  });

  it('tag headers: space-separated for Surrogate-Key, comma-separated for Cache-Tag', () => {
    expect(tagHeaderValue('surrogate-key', ['a:1', 'site', 'a:1'])).toBe('a:1 site');
    expect(tagHeaderValue('cache-tag', ['a:1', 'site'])).toBe('a:1,site');
  });
});

describe('CDN settings', () => {
  it('picks the tag header from the CDN unless set, and names what is missing', () => {
    expect(loadConfig({}).cdnTagHeader).toBeUndefined();
    expect(loadConfig({}).cdnPurge).toBeUndefined();
    const varnish = loadConfig({
      CDN_PURGE: 'varnish',
      CDN_PURGE_URL: 'http://10.0.0.5:6081, http://10.0.0.6:6081',
    });
    expect(varnish.cdnTagHeader).toBe('surrogate-key');
    expect(varnish.cdnPurge).toEqual({
      kind: 'varnish',
      urls: ['http://10.0.0.5:6081', 'http://10.0.0.6:6081'],
    });
    const cf = loadConfig({
      CDN_PURGE: 'cloudflare',
      CDN_SERVICE_ID: 'zone1',
      CDN_API_TOKEN: 'token-123456',
    });
    expect(cf.cdnTagHeader).toBe('cache-tag');
    expect(cf.cdnPurge).toMatchObject({ kind: 'cloudflare', apiUrl: 'https://api.cloudflare.com/client/v4' });
    expect(loadConfig({ CDN_TAG_HEADER: 'Cache-Tag' }).cdnTagHeader).toBe('cache-tag');
    expect(
      loadConfig({
        CDN_PURGE: 'fastly',
        CDN_SERVICE_ID: 's',
        CDN_API_TOKEN: 'token-123456',
        CDN_TAG_HEADER: 'off',
      }).cdnTagHeader,
    ).toBeUndefined();
    expect(() => loadConfig({ CDN_PURGE: 'fastly' })).toThrow(
      /CDN_SERVICE_ID: required[\s\S]*CDN_API_TOKEN: required/,
    );
    expect(() => loadConfig({ CDN_PURGE: 'varnish' })).toThrow(
      /CDN_PURGE_URL: required when CDN_PURGE=varnish/,
    );
    expect(() => loadConfig({ CDN_TAG_HEADER: 'X-Tags' })).toThrow(
      /CDN_TAG_HEADER: Surrogate-Key, Cache-Tag or off/,
    );
    expect(() => loadConfig({ CDN_PURGE_URL: 'ftp://x' })).toThrow(/CDN_PURGE_URL: not an http\(s\) URL/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
