import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/testing.js';
import { tempDataDir } from '../http/testing.js';
import { mediaDir } from './routes.js';
import { type S3TestServer, startS3Server, TEST_BUCKET } from './s3-testing.js';
import { LocalMediaStorage, S3MediaStorage } from './storage.js';

describe('sahifa media migrate (CLI)', () => {
  let s3: S3TestServer;
  beforeAll(async () => {
    s3 = await startS3Server();
  });
  afterAll(async () => {
    await s3.close();
  });

  const env = () => ({
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: '1',
  });

  it('copies the local media to the bucket, reports a file it cannot read and goes on, then skips what is there', async () => {
    const dataDir = tempDataDir();
    const local = new LocalMediaStorage(mediaDir(dataDir));
    await local.put('aaaa-480.jpg', Buffer.from('jpeg bytes'), 'image/jpeg');
    await local.put('aaaa-480.webp', Buffer.from('webp'), 'image/webp');
    await local.put('podcasts/bbbbbbbbbbbbbbbbbbbb.mp3', Buffer.from('mp3 bytes here'), 'audio/mpeg');
    // A link to a file that is gone: it cannot be read.
    symlinkSync(path.join(dataDir, 'gone.jpg'), path.join(mediaDir(dataDir), 'cccc-480.jpg'));

    const first = await runCli(['media', 'migrate', '--to', `s3://${TEST_BUCKET}/site`], dataDir, '', env());
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/failed: cccc-480\.jpg: .*ENOENT/);
    expect(first.stdout).toContain('copied 3, already there 0, failed 1');
    expect(await s3.objects()).toEqual([
      'site/aaaa-480.jpg',
      'site/aaaa-480.webp',
      'site/podcasts/bbbbbbbbbbbbbbbbbbbb.mp3',
    ]);
    const bucket = new S3MediaStorage(s3.settings('site'));
    expect(await new Response(await bucket.read('podcasts/bbbbbbbbbbbbbbbbbbbb.mp3')).text()).toBe(
      'mp3 bytes here',
    );

    // Again: the same sizes are skipped; a changed file is copied again.
    await local.remove(['cccc-480.jpg']);
    await local.put('aaaa-480.webp', Buffer.from('webp, larger'), 'image/webp');
    const second = await runCli(['media', 'migrate', '--to', `s3://${TEST_BUCKET}/site`], dataDir, '', env());
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('copied or checked 3/3');
    expect(second.stdout).toContain('copied 1, already there 2, failed 0');
    expect(second.stdout).toContain(`set MEDIA_STORE=s3://${TEST_BUCKET}/site`);
    expect((await bucket.stat('aaaa-480.webp'))?.size).toBe(12);
    bucket.close();
  });

  it('refuses an address that is not a bucket, and says why when the endpoint does not answer', async () => {
    const dataDir = tempDataDir();
    const bad = await runCli(['media', 'migrate', '--to', 'https://bucket/x'], dataDir, '', env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--to: s3://bucket/prefix');
    const missing = await runCli(['media', 'migrate'], dataDir, '', env());
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("required option '--to <address>'");

    await new LocalMediaStorage(mediaDir(dataDir)).put('dddd-480.jpg', Buffer.from('x'), 'image/jpeg');
    const down = await startS3Server();
    const endpoint = down.endpoint;
    await down.close();
    const away = await runCli(['media', 'migrate', '--to', `s3://${TEST_BUCKET}`], dataDir, '', {
      ...env(),
      S3_ENDPOINT: endpoint,
    });
    expect(away.code).toBe(1);
    expect(away.stderr).toMatch(
      /failed: dddd-480\.jpg: The media store \(s3:\/\/sahifa-media\) failed: .*ECONNREFUSED/,
    );
  });
});
