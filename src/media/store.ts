import sharp, { type Sharp } from 'sharp';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import type { Rendition } from './images.js';
import { MEDIA_TYPES } from './routes.js';
import { type MediaStorage, putAll } from './storage.js';

/** Widths served in `srcset`: phones, tablets, and the 1200px that Open Graph and Google News want. */
export const RENDITION_WIDTHS = [480, 800, 1200] as const;
/** Uploads get AVIF too; the demo seed skips it because AVIF is slow to encode at start-up. */
export const UPLOAD_FORMATS = ['avif', 'webp', 'jpeg'] as const;
const DEFAULT_FORMATS = ['webp', 'jpeg'] as const;
export type RenditionFormat = (typeof UPLOAD_FORMATS)[number];
/** A truncated or corrupt image fails to decode; libjpeg's milder warnings (extra bytes, …) do not. */
export const DECODE_FAIL_ON = 'truncated';

export interface ImageInput {
  source: Buffer;
  alt: string;
  caption: string;
  credit: string;
  copyright: string;
}

/**
 * Stores an image: decodes it (so a non-image fails here, before anything is
 * written), makes WebP and JPEG renditions at each width no larger than the
 * original, writes them to the media store, then records it. Returns the
 * media id. When the store or the database fails, the renditions written are
 * removed: no row names a missing file, no file is left without its row.
 */
export async function createImage(
  db: Db,
  storage: MediaStorage,
  input: ImageInput,
  now: Date,
  formats: readonly RenditionFormat[] = DEFAULT_FORMATS,
): Promise<string> {
  const id = newId(now);
  const decoded = sharp(input.source, { limitInputPixels: 40_000_000, failOn: DECODE_FAIL_ON }).rotate();
  const meta = await decoded.metadata();
  if (!meta.width || !meta.height) throw new Error('Not an image: no dimensions');
  const widths = RENDITION_WIDTHS.filter((w) => w <= meta.width || w === RENDITION_WIDTHS[0]);
  const renditions: Rendition[] = [];
  const objects: { key: string; bytes: Buffer; contentType: string }[] = [];
  for (const width of widths) {
    const resized = decoded.clone().resize({ width, withoutEnlargement: true });
    for (const format of formats) {
      const extension = format === 'jpeg' ? 'jpg' : format;
      const file = `${id}-${width}.${extension}`;
      const bytes = await encoder(resized.clone(), format).toBuffer();
      objects.push({
        key: file,
        bytes,
        contentType: MEDIA_TYPES[`.${extension}`] ?? 'application/octet-stream',
      });
      renditions.push({ width, format, file });
    }
  }
  await putAll(storage, objects);
  try {
    await recordImage(db, id, input, meta, renditions, now);
  } catch (error) {
    await storage.remove(objects.map((o) => o.key)).catch(() => {});
    throw error;
  }
  return id;
}

async function recordImage(
  db: Db,
  id: string,
  input: ImageInput,
  meta: { width: number; height: number },
  renditions: Rendition[],
  now: Date,
): Promise<void> {
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
}

function encoder(image: Sharp, format: RenditionFormat): Sharp {
  if (format === 'avif') return image.avif({ quality: 50, effort: 2 });
  if (format === 'webp') return image.webp({ quality: 72 });
  return image.jpeg({ quality: 78, mozjpeg: true, progressive: true });
}
