import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesById } from '../articles/queries.js';
import { FIXTURE_NOW } from '../articles/testing.js';
import { loadConfig } from '../config.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { silentMp3 } from '../podcasts/testing.js';
import { prepareAudio } from '../podcasts/uploads.js';
import { type S3TestServer, startS3Server, TEST_BUCKET } from './s3-testing.js';
import { type MediaStorage, MediaStorageError, parseS3Address, S3MediaStorage } from './storage.js';
import { storeUploadedImage } from './upload.js';

const details = { alt: 'ساحة المدينة', caption: '', credit: '', copyright: '' };
const png = () =>
  sharp({ create: { width: 900, height: 500, channels: 3, background: '#226688' } })
    .png()
    .toBuffer();

describe('MEDIA_STORE and the S3 settings', () => {
  it('reads s3://bucket/prefix with the endpoint, region, keys and path style', () => {
    const config = loadConfig({
      MEDIA_STORE: 's3://news-media/site/uploads/',
      S3_ENDPOINT: 'https://acc.r2.cloudflarestorage.com',
      S3_REGION: 'auto',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: '1',
      MEDIA_ORIGIN: 'https://media.example/',
    });
    expect(config.mediaStore).toEqual({
      kind: 's3',
      bucket: 'news-media',
      prefix: 'site/uploads',
      endpoint: 'https://acc.r2.cloudflarestorage.com',
      region: 'auto',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      forcePathStyle: true,
    });
    expect(config.mediaOrigin).toBe('https://media.example');
    expect(loadConfig({}).mediaStore).toEqual({ kind: 'local' });
  });

  it('refuses a bad address, a key without its secret, and a non-http endpoint, naming them', () => {
    expect(() => loadConfig({ MEDIA_STORE: 'https://bucket' })).toThrow(/MEDIA_STORE: local, or s3:\/\//);
    expect(() => loadConfig({ MEDIA_STORE: 's3://B/x' })).toThrow(/MEDIA_STORE/);
    expect(() => loadConfig({ MEDIA_STORE: 's3://bucket/../x' })).toThrow(/MEDIA_STORE/);
    expect(() => loadConfig({ MEDIA_STORE: 's3://bucket', S3_ACCESS_KEY_ID: 'id' })).toThrow(
      /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/,
    );
    expect(() => loadConfig({ S3_ENDPOINT: 'ftp://minio:9000' })).toThrow(/S3_ENDPOINT/);
    expect(parseS3Address('s3://bucket')).toEqual({ bucket: 'bucket', prefix: '' });
  });
});

describe('the S3 media store against an S3 server', () => {
  let s3: S3TestServer;
  let storage: S3MediaStorage;
  beforeAll(async () => {
    s3 = await startS3Server();
    storage = new S3MediaStorage(s3.settings('site'));
  });
  afterAll(async () => {
    storage.close();
    await s3.close();
  });

  it('writes under the prefix, tells size, reads whole and in ranges, removes', async () => {
    await storage.put('podcasts/abc.mp3', Buffer.from('0123456789'), 'audio/mpeg');
    expect(await s3.objects()).toContain('site/podcasts/abc.mp3');
    expect((await storage.stat('podcasts/abc.mp3'))?.size).toBe(10);
    expect(await new Response(await storage.read('podcasts/abc.mp3')).text()).toBe('0123456789');
    expect(await new Response(await storage.read('podcasts/abc.mp3', { start: 2, end: 4 })).text()).toBe(
      '234',
    );
    await storage.remove(['podcasts/abc.mp3', 'never-written.jpg']);
    expect(await storage.stat('podcasts/abc.mp3')).toBeUndefined();
    expect(await storage.read('podcasts/abc.mp3')).toBeUndefined();
    // Keys are ours: nothing else names an object.
    expect(await storage.stat('../other-bucket/x')).toBeUndefined();
    await expect(storage.put('../x.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toThrow(/not a media key/);
  });
});

describeEachDatabase('media in an S3 bucket', (db) => {
  let s3: S3TestServer;
  let storage: S3MediaStorage;
  let app: ReturnType<typeof testApp>['app'];
  beforeAll(async () => {
    s3 = await startS3Server();
    storage = new S3MediaStorage(s3.settings('media'));
    app = testApp(db(), { now: FIXTURE_NOW, dataDir: tempDataDir(), media: storage }).app;
  });
  afterAll(async () => {
    storage.close();
    await s3.close();
  });

  it('stores an upload’s renditions in the bucket and serves them from /media with ETag and 304', async () => {
    const id = await storeUploadedImage(db(), storage, await png(), details, FIXTURE_NOW);
    const image = (await imagesById(db(), [id])).get(id);
    const files = image?.renditions.map((r) => r.file) ?? [];
    expect(files.length).toBe(6); // 480 and 800 wide, AVIF, WebP and JPEG
    const objects = await s3.objects();
    for (const file of files) expect(objects).toContain(`media/${file}`);
    const jpeg = files.find((f) => f.endsWith('-800.jpg')) ?? '';
    const res = await app.request(`/media/${jpeg}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = Buffer.from(await res.arrayBuffer());
    expect((await sharp(body).metadata()).width).toBe(800);
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect((await app.request(`/media/${jpeg}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await app.request('/media/0000000000-480.jpg')).status).toBe(404);
  });

  it('serves podcast audio from the bucket in byte ranges', async () => {
    const audio = await prepareAudio(storage, silentMp3(10), FIXTURE_NOW);
    expect(await s3.objects()).toContain(`media/podcasts/${audio.file}`);
    const size = (await storage.stat(`podcasts/${audio.file}`))?.size ?? 0;
    const part = await app.request(`/media/podcasts/${audio.file}`, { headers: { range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${size}`);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    const head = await app.request(`/media/podcasts/${audio.file}`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(size));
    expect(head.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('redirects /media to MEDIA_ORIGIN when one is set', async () => {
    const { app: behindCdn } = testApp(db(), {
      now: FIXTURE_NOW,
      dataDir: tempDataDir(),
      media: storage,
      config: { mediaOrigin: 'https://media.example' },
    });
    const res = await behindCdn.request('/media/podcasts/aaaaaaaaaaaaaaaaaaaa.mp3');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('https://media.example/podcasts/aaaaaaaaaaaaaaaaaaaa.mp3');
  });

  it('refuses an upload when a write is refused half-way: no media row, the objects written removed', async () => {
    const before = await s3.objects();
    const rows = await db().selectFrom('media').select('id').execute();
    let puts = 0;
    const refusingThird: MediaStorage = {
      location: storage.location,
      put: async (key, bytes, type) => {
        if (++puts === 3) throw new MediaStorageError(storage.location, new Error('AccessDenied'));
        await storage.put(key, bytes, type);
      },
      stat: (key) => storage.stat(key),
      read: (key, range) => storage.read(key, range),
      remove: (keys) => storage.remove(keys),
    };
    await expect(
      storeUploadedImage(db(), refusingThird, await png(), details, FIXTURE_NOW),
    ).rejects.toMatchObject({
      code: 'storage_failed',
    });
    expect(puts).toBe(3);
    expect(await s3.objects()).toEqual(before);
    expect(await db().selectFrom('media').select('id').execute()).toEqual(rows);
  });

  it('refuses an upload with a clear error when the endpoint does not answer, and writes no row', async () => {
    const down = await startS3Server();
    const settings = down.settings();
    await down.close();
    const away = new S3MediaStorage(settings);
    const rows = await db().selectFrom('media').select('id').execute();
    const error = await storeUploadedImage(db(), away, await png(), details, FIXTURE_NOW).catch((e) => e);
    expect(error).toMatchObject({ code: 'storage_failed' });
    expect(error.cause).toBeInstanceOf(MediaStorageError);
    expect(error.cause.message).toMatch(
      new RegExp(`media store \\(s3://${TEST_BUCKET}/media\\) failed: .*ECONNREFUSED`),
    );
    expect(await db().selectFrom('media').select('id').execute()).toEqual(rows);
    // Reading from it: a 503 page, not a 500.
    const { app: withAway } = testApp(db(), { now: FIXTURE_NOW, dataDir: tempDataDir(), media: away });
    expect((await withAway.request('/media/0000000000-480.jpg')).status).toBe(503);
    away.close();
  });
});
