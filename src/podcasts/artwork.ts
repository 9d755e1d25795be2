/**
 * Show artwork and episode images, checked as Apple asks: JPEG or PNG, RGB,
 * square, 1400 to 3000 pixels a side, and decodable to the end. The original
 * is what feeds name (podcast apps want it whole); pages get small renditions.
 */
import sharp from 'sharp';
import { DECODE_FAIL_ON } from '../media/store.js';
import { MAX_UPLOAD_BYTES } from '../media/upload.js';
import { PodcastFileError } from './files.js';

export const MIN_ARTWORK_PX = 1400;
export const MAX_ARTWORK_PX = 3000;
/** What pages show: a card's thumbnail and the show or episode page's picture (twice for sharp screens). */
export const ARTWORK_RENDITION_WIDTHS = [300, 600] as const;

export interface ArtworkRendition {
  width: number;
  format: 'webp' | 'jpeg';
  file: string;
}

export interface CheckedArtwork {
  extension: 'jpg' | 'png';
  contentType: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  bytes: number;
}

/** Checks an image for use as artwork; throws PodcastFileError saying what is wrong. */
export async function inspectArtwork(bytes: Buffer): Promise<CheckedArtwork> {
  if (bytes.length === 0) throw new PodcastFileError('empty', 'The image file is empty.');
  if (bytes.length > MAX_UPLOAD_BYTES)
    throw new PodcastFileError(
      'too_large',
      `The image is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
      {
        file: 'image',
      },
    );
  const meta = await sharp(bytes, { limitInputPixels: 40_000_000 })
    .metadata()
    .catch(() => undefined);
  if (!meta || (meta.format !== 'jpeg' && meta.format !== 'png'))
    throw new PodcastFileError('not_artwork', 'Artwork must be a JPEG or PNG image.');
  const { width = 0, height = 0 } = meta;
  if (width !== height)
    throw new PodcastFileError(
      'artwork_not_square',
      `Artwork must be square; this one is ${width}×${height}.`,
      { width: String(width), height: String(height) },
    );
  if (width < MIN_ARTWORK_PX || width > MAX_ARTWORK_PX)
    throw new PodcastFileError(
      'artwork_size',
      `Artwork must be ${MIN_ARTWORK_PX} to ${MAX_ARTWORK_PX} pixels a side; this one is ${width}.`,
      { width: String(width) },
    );
  if (meta.space !== 'srgb')
    throw new PodcastFileError(
      'artwork_not_rgb',
      `Artwork must be in RGB colour; this one is ${meta.space}.`,
    );
  const decodes = await sharp(bytes, { limitInputPixels: 40_000_000, failOn: DECODE_FAIL_ON })
    .stats()
    .then(
      () => true,
      () => false,
    );
  if (!decodes)
    throw new PodcastFileError(
      'damaged_image',
      'The image is damaged or incomplete: it could not be read to the end.',
    );
  return meta.format === 'jpeg'
    ? { extension: 'jpg', contentType: 'image/jpeg', width, height, bytes: bytes.length }
    : { extension: 'png', contentType: 'image/png', width, height, bytes: bytes.length };
}

/** The page renditions of checked artwork: file name → bytes, and what to record. */
export async function artworkRenditions(
  bytes: Buffer,
  id: string,
): Promise<{ files: Map<string, Buffer>; renditions: ArtworkRendition[] }> {
  const files = new Map<string, Buffer>();
  const renditions: ArtworkRendition[] = [];
  for (const width of ARTWORK_RENDITION_WIDTHS) {
    const resized = sharp(bytes).flatten({ background: '#ffffff' }).resize({ width, height: width });
    const webp = `${id}-${width}.webp`;
    const jpeg = `${id}-${width}.jpg`;
    files.set(webp, await resized.clone().webp({ quality: 75 }).toBuffer());
    files.set(jpeg, await resized.clone().jpeg({ quality: 80, mozjpeg: true }).toBuffer());
    renditions.push({ width, format: 'webp', file: webp }, { width, format: 'jpeg', file: jpeg });
  }
  return { files, renditions };
}
