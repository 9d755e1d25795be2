/**
 * Where podcast files live: `podcasts/` in the media store (DATA_DIR/media or a bucket), under names made here
 * (an id and an extension), so nothing a user sends ever becomes a path.
 */
import { type MediaStorage, putAll } from '../media/storage.js';

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

/** The media-store key of one of our files; anything not named like ours is refused. */
export function podcastKey(file: string): string {
  if (!PODCAST_FILE.test(file)) throw new Error(`not a podcast file name: ${file}`);
  return `podcasts/${file}`;
}

/** Writes the files (name → bytes) to the media store; on failure removes what was written and throws. */
export async function writePodcastFiles(storage: MediaStorage, files: Map<string, Buffer>): Promise<void> {
  await putAll(
    storage,
    [...files].map(([name, bytes]) => ({
      key: podcastKey(name),
      bytes,
      contentType: CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
    })),
  );
}

/**
 * Removes files (a refused save's, a deleted episode's); missing ones are no
 * error, nor is a store that fails (it logs that): a file left behind is named by no row.
 */
export async function removePodcastFiles(storage: MediaStorage, files: Iterable<string>): Promise<void> {
  await storage.remove([...files].filter((name) => PODCAST_FILE.test(name)).map(podcastKey)).catch(() => {});
}
