import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import type { Rendition } from './images.js';
import { mediaDir } from './routes.js';

/** Widths served in `srcset`: phones, tablets, and the 1200px that Open Graph and Google News want. */
export const RENDITION_WIDTHS = [480, 800, 1200] as const;
const FORMATS = ['webp', 'jpeg'] as const;

export interface ImageInput {
  source: Buffer;
  alt: string;
  caption: string;
  credit: string;
  copyright: string;
}

/**
 * Stores an image: decodes it (so a non-image fails here, before anything is
 * written), writes WebP and JPEG renditions at each width no larger than the
 * original, then records it. Returns the media id.
 */
export async function createImage(db: Db, dataDir: string, input: ImageInput, now: Date): Promise<string> {
  const id = newId(now);
  const decoded = sharp(input.source, { limitInputPixels: 40_000_000 }).rotate();
  const meta = await decoded.metadata();
  if (!meta.width || !meta.height) throw new Error('Not an image: no dimensions');
  const widths = RENDITION_WIDTHS.filter((w) => w <= meta.width || w === RENDITION_WIDTHS[0]);
  const dir = mediaDir(dataDir);
  await mkdir(dir, { recursive: true });
  const renditions: Rendition[] = [];
  for (const width of widths) {
    const resized = decoded.clone().resize({ width, withoutEnlargement: true });
    for (const format of FORMATS) {
      const file = `${id}-${width}.${format === 'jpeg' ? 'jpg' : format}`;
      const output =
        format === 'webp'
          ? resized.clone().webp({ quality: 72 })
          : resized.clone().jpeg({ quality: 78, mozjpeg: true, progressive: true });
      await writeFile(path.join(dir, file), await output.toBuffer());
      renditions.push({ width, format, file });
    }
  }
  await db
    .insertInto('media')
    .values({
      id,
      kind: 'image',
      alt: input.alt,
      caption: input.caption,
      credit: input.credit,
      copyright: input.copyright,
      width: meta.width,
      height: meta.height,
      renditions: JSON.stringify(renditions),
      created_at: now.toISOString(),
    })
    .execute();
  return id;
}
