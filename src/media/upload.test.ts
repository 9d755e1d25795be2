import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { imagesById } from '../articles/queries.js';
import { FIXTURE_NOW } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir } from '../http/testing.js';
import { mediaDir } from './routes.js';
import { LocalMediaStorage } from './storage.js';
import { MAX_UPLOAD_BYTES, storeUploadedImage, UploadError } from './upload.js';

describeEachDatabase('image uploads', (db) => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = tempDataDir();
  });
  const details = { alt: 'ساحة المدينة', caption: 'الساحة صباحاً', credit: 'صحيفة', copyright: '© صحيفة' };

  it('stores AVIF, WebP and JPEG renditions at each width up to the original', async () => {
    const png = await sharp({ create: { width: 1000, height: 600, channels: 3, background: '#884422' } })
      .png()
      .toBuffer();
    const id = await storeUploadedImage(
      db(),
      new LocalMediaStorage(mediaDir(dataDir)),
      png,
      details,
      FIXTURE_NOW,
    );
    const image = (await imagesById(db(), [id])).get(id);
    expect(image).toMatchObject({ width: 1000, height: 600, alt: 'ساحة المدينة' });
    expect(image?.renditions.map((r) => `${r.width}.${r.format}`).sort()).toEqual(
      ['480.avif', '480.jpeg', '480.webp', '800.avif', '800.jpeg', '800.webp'].sort(),
    );
    const files = readdirSync(path.join(dataDir, 'media')).filter((f) => f.startsWith(id));
    expect(files).toHaveLength(6);
    const avif = await sharp(path.join(dataDir, 'media', `${id}-800.avif`)).metadata();
    expect(avif.format).toBe('heif');
    expect(avif.width).toBe(800);
  });

  it('refuses non-images, empty and oversized files before writing anything', async () => {
    const before = await db().selectFrom('media').select('id').execute();
    await expect(
      storeUploadedImage(
        db(),
        new LocalMediaStorage(mediaDir(dataDir)),
        Buffer.from('<svg onload=alert(1)>'),
        details,
        FIXTURE_NOW,
      ),
    ).rejects.toMatchObject({
      code: 'not_an_image',
    });
    await expect(
      storeUploadedImage(
        db(),
        new LocalMediaStorage(mediaDir(dataDir)),
        Buffer.alloc(0),
        details,
        FIXTURE_NOW,
      ),
    ).rejects.toBeInstanceOf(UploadError);
    await expect(
      storeUploadedImage(
        db(),
        new LocalMediaStorage(mediaDir(dataDir)),
        Buffer.alloc(MAX_UPLOAD_BYTES + 1),
        details,
        FIXTURE_NOW,
      ),
    ).rejects.toMatchObject({ code: 'too_large' });
    expect(await db().selectFrom('media').select('id').execute()).toHaveLength(before.length);
  });
});
