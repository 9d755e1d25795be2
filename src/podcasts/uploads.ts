/**
 * Files for the door: an upload is checked (audio, artwork, transcript) and
 * written under its new name before the transaction that records it. If the
 * write through the door is refused, the caller discards what was prepared,
 * so a refused save leaves nothing behind.
 */
import { newId } from '../db/ids.js';
import type { MediaStorage } from '../media/storage.js';
import { type ArtworkRendition, artworkRenditions, inspectArtwork } from './artwork.js';
import { type AudioFacts, inspectAudio } from './audio.js';
import { removePodcastFiles, writePodcastFiles } from './files.js';

export interface PreparedAudio {
  kind: 'audio';
  id: string;
  file: string;
  facts: AudioFacts;
}

export interface PreparedImage {
  kind: 'image';
  id: string;
  file: string;
  contentType: string;
  width: number;
  height: number;
  bytes: number;
  renditions: ArtworkRendition[];
}

export type Prepared = PreparedAudio | PreparedImage;

/** Checks the audio and writes it as `{id}.mp3` or `{id}.m4a`; throws PodcastFileError when refused. */
export async function prepareAudio(storage: MediaStorage, bytes: Buffer, now: Date): Promise<PreparedAudio> {
  const facts = await inspectAudio(bytes);
  const id = newId(now);
  const file = `${id}.${facts.extension}`;
  await writePodcastFiles(storage, new Map([[file, bytes]]));
  return { kind: 'audio', id, file, facts };
}

/** Checks artwork (or an episode image) and writes it with its page renditions. */
export async function prepareImage(storage: MediaStorage, bytes: Buffer, now: Date): Promise<PreparedImage> {
  const checked = await inspectArtwork(bytes);
  const id = newId(now);
  const file = `${id}.${checked.extension}`;
  const { files, renditions } = await artworkRenditions(bytes, id);
  await writePodcastFiles(storage, new Map([[file, bytes], ...files]));
  return {
    kind: 'image',
    id,
    file,
    contentType: checked.contentType,
    width: checked.width,
    height: checked.height,
    bytes: checked.bytes,
    renditions,
  };
}

/** Removes what was prepared for a write that did not happen. */
export async function discardPrepared(
  storage: MediaStorage,
  prepared: (Prepared | undefined)[],
): Promise<void> {
  const files = prepared.flatMap((p) =>
    !p ? [] : p.kind === 'audio' ? [p.file] : [p.file, ...p.renditions.map((r) => r.file)],
  );
  await removePodcastFiles(storage, files);
}
