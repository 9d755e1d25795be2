/**
 * Where podcast files live: DATA_DIR/media/podcasts, under names made here
 * (an id and an extension), so nothing a user sends ever becomes a path.
 */
import { createReadStream } from 'node:fs';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { mediaDir } from '../media/routes.js';

/** Why a file was refused, for the person who sent it (the desk and the API word it from `code`). */
export class PodcastFileError extends Error {
  constructor(
    readonly code:
      | 'empty'
      | 'too_large'
      | 'not_audio'
      | 'damaged_audio'
      | 'too_short'
      | 'not_artwork'
      | 'artwork_not_square'
      | 'artwork_size'
      | 'artwork_not_rgb'
      | 'damaged_image'
      | 'transcript_invalid',
    message: string,
    /** What the message names (an image's width and height…), for the desk to word it again. */
    readonly params: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'PodcastFileError';
  }
}

/** The URL path of a stored podcast file: it never changes, and a new file gets a new one. */
export const podcastFileUrl = (file: string) => `/media/podcasts/${encodeURIComponent(file)}`;

/** Names this feature gives its files: an id, an optional width, an extension. */
export const PODCAST_FILE = /^[0-9a-z]{20}(?:-\d{2,4})?\.(mp3|m4a|jpg|png|webp)$/;

export const CONTENT_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  m4a: 'audio/x-m4a',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

export const podcastDir = (dataDir: string) => path.join(mediaDir(dataDir), 'podcasts');

/** The path of one of our files; anything not named like ours is refused before touching the disk. */
export function podcastFilePath(dataDir: string, file: string): string | undefined {
  return PODCAST_FILE.test(file) ? path.join(podcastDir(dataDir), file) : undefined;
}

/** Writes the files (name → bytes); on failure removes what was written and throws. */
export async function writePodcastFiles(dataDir: string, files: Map<string, Buffer>): Promise<void> {
  await mkdir(podcastDir(dataDir), { recursive: true });
  const written: string[] = [];
  try {
    for (const [name, bytes] of files) {
      const target = podcastFilePath(dataDir, name);
      if (!target) throw new Error(`not a podcast file name: ${name}`);
      await writeFile(target, bytes, { flag: 'wx' });
      written.push(name);
    }
  } catch (error) {
    await removePodcastFiles(dataDir, written);
    throw error;
  }
}

/** Removes files (a refused save's, a deleted episode's); missing ones are no error. */
export async function removePodcastFiles(dataDir: string, files: Iterable<string>): Promise<void> {
  for (const name of files) {
    const target = podcastFilePath(dataDir, name);
    if (target) await unlink(target).catch(() => {});
  }
}

/** Size and modification time of a stored file, or undefined when there is none. */
export async function podcastFileStat(dataDir: string, file: string) {
  const target = podcastFilePath(dataDir, file);
  if (!target) return undefined;
  const info = await stat(target).catch(() => undefined);
  return info?.isFile() ? { path: target, size: info.size, mtime: info.mtime } : undefined;
}

/** Bytes start..end (inclusive) of a file as a web stream. */
export function fileStream(file: string, start: number, end: number): ReadableStream<Uint8Array> {
  return Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream<Uint8Array>;
}

export type ByteRange = { start: number; end: number };

/**
 * A `Range` header against a file of `size` bytes (RFC 9110): one range
 * (`bytes=a-b`, `bytes=a-`, `bytes=-n`), 'unsatisfiable' when it lies outside
 * the file, undefined when there is no usable range (the whole file is sent:
 * several ranges, another unit, a header that does not parse or an invalid one).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  // "5-3" is not a range at all (RFC 9110 14.1.1): ignored, like a header that does not parse.
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}
