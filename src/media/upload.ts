import sharp from 'sharp';
import { z } from 'zod';
import type { Db } from '../db/schema.js';
import type { Messages } from '../i18n/messages.js';
import { type MediaStorage, MediaStorageError } from './storage.js';
import { createImage, DECODE_FAIL_ON, UPLOAD_FORMATS } from './store.js';

/** Large enough for a camera's JPEG, small enough that one upload cannot exhaust memory. */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff', 'heif']);

export const imageDetailsSchema = z.object({
  alt: z.string().trim().min(1, 'describe the image for readers who cannot see it').max(300),
  caption: z.string().trim().max(500).default(''),
  credit: z.string().trim().max(200).default(''),
  copyright: z.string().trim().max(200).default(''),
});

export type ImageDetails = z.infer<typeof imageDetailsSchema>;

/** Why an upload was refused, in words for the person who sent it. */
export class UploadError extends Error {
  constructor(
    readonly code: 'too_large' | 'not_an_image' | 'empty' | 'damaged' | 'storage_failed',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'UploadError';
  }
}

/** The desk's words for why an upload was refused. */
export function uploadErrorMessage(
  t: Pick<
    Messages,
    | 'deskErrorImageTooLarge'
    | 'deskErrorImageEmpty'
    | 'deskErrorNotAnImage'
    | 'deskErrorImageDamaged'
    | 'deskErrorMediaStoreFailed'
  >,
  code: UploadError['code'],
): string {
  if (code === 'too_large') return t.deskErrorImageTooLarge;
  if (code === 'empty') return t.deskErrorImageEmpty;
  if (code === 'damaged') return t.deskErrorImageDamaged;
  if (code === 'storage_failed') return t.deskErrorMediaStoreFailed;
  return t.deskErrorNotAnImage;
}

/**
 * Checks an uploaded file before anything is written: size, that its header
 * names a format we accept, then that every pixel decodes (a truncated or
 * corrupt file is refused here, not half-way through making renditions).
 * Then stores it with AVIF, WebP and JPEG renditions. Returns the media id.
 */
export async function storeUploadedImage(
  db: Db,
  storage: MediaStorage,
  bytes: Buffer,
  details: ImageDetails,
  now: Date,
): Promise<string> {
  if (bytes.length === 0) throw new UploadError('empty', 'The file is empty.');
  if (bytes.length > MAX_UPLOAD_BYTES) {
    throw new UploadError('too_large', `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
  }
  const format = await sharp(bytes, { limitInputPixels: 40_000_000 })
    .metadata()
    .then((m) => m.format)
    .catch(() => undefined);
  if (!format || !ACCEPTED_FORMATS.has(format)) {
    throw new UploadError(
      'not_an_image',
      'The file is not an image (JPEG, PNG, WebP, AVIF, GIF, TIFF or HEIF).',
    );
  }
  // stats() reads the whole image through, without keeping the decoded pixels.
  const decodes = await sharp(bytes, { limitInputPixels: 40_000_000, failOn: DECODE_FAIL_ON })
    .stats()
    .then(
      () => true,
      () => false,
    );
  if (!decodes) {
    throw new UploadError('damaged', 'The image is damaged or incomplete: it could not be read to the end.');
  }
  try {
    return await createImage(db, storage, { source: bytes, ...details }, now, UPLOAD_FORMATS);
  } catch (error) {
    // The store's address and its words are logged by the store; the person uploading gets this.
    if (error instanceof MediaStorageError)
      throw new UploadError(
        'storage_failed',
        'The media store did not answer: the image was not stored. Try again later.',
        { cause: error },
      );
    throw error;
  }
}
