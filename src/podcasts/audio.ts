/**
 * What an uploaded audio file really is. Only MP3 (MPEG audio Layer III) and
 * M4A (AAC in an MP4 container) are taken. The container is walked to its
 * end first (every MPEG frame chained to the next; every MP4 box inside the
 * file), so a renamed, truncated or damaged file is refused before anything
 * is stored; then music-metadata reads the codec, duration and bitrate.
 */
import { createHash } from 'node:crypto';
import { parseBuffer } from 'music-metadata';
import { PodcastFileError } from './files.js';

/** About two hours at 192 kbit/s: the most one request may carry (see MAX_PODCAST_UPLOAD_BYTES). */
export const MAX_AUDIO_BYTES = 200 * 1024 * 1024;
/** Shorter than this is not an episode (and not worth a feed item). */
const MIN_DURATION_MS = 1000;

export interface AudioFacts {
  extension: 'mp3' | 'm4a';
  contentType: 'audio/mpeg' | 'audio/x-m4a';
  bytes: number;
  durationMs: number;
  /** Bits per second. */
  bitrate: number;
  codec: string;
  sha256: string;
}

const MPEG1_L3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_L3_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES: Record<number, number[]> = {
  3: [44_100, 48_000, 32_000], // MPEG-1
  2: [22_050, 24_000, 16_000], // MPEG-2
  0: [11_025, 12_000, 8_000], // MPEG-2.5
};

interface FrameHeader {
  version: number;
  sampleRate: number;
  length: number;
}

/** A Layer III frame header at `at`, or undefined. */
function frameAt(bytes: Buffer, at: number): FrameHeader | undefined {
  if (at + 4 > bytes.length) return undefined;
  const b1 = bytes[at + 1] ?? 0;
  const b2 = bytes[at + 2] ?? 0;
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
    return undefined;
  const sampleRate = SAMPLE_RATES[version]?.[rateIndex] ?? 0;
  const kbps = (version === 3 ? MPEG1_L3_KBPS : MPEG2_L3_KBPS)[bitrateIndex] ?? 0;
  const padding = (b2 >> 1) & 1;
  const length = Math.floor(((version === 3 ? 144 : 72) * kbps * 1000) / sampleRate) + padding;
  return { version, sampleRate, length };
}

/** Tags that may follow the last frame: ID3v1, APEv2, Lyrics3, an appended ID3v2. */
const TRAILERS = ['TAG', 'APETAGEX', 'LYRICSBEGIN', 'ID3'];

/** An ID3v2 tag's whole length at the start of the file (0 without one). */
function id3v2Length(bytes: Buffer): number {
  if (bytes.length < 10 || bytes.toString('latin1', 0, 3) !== 'ID3') return 0;
  const size = bytes.subarray(6, 10).reduce((sum, b) => (sum << 7) | (b & 0x7f), 0);
  const footer = ((bytes[5] ?? 0) & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

/**
 * MPEG audio: after an optional ID3v2 tag (and zero padding), frames one after
 * another to the end, all of one version and sample rate, then at most tags.
 * Returns the number of frames, or throws why not.
 */
function walkMpegFrames(bytes: Buffer): number {
  let at = id3v2Length(bytes);
  if (at > bytes.length) throw damaged('the ID3 tag runs past the end of the file');
  while (at < bytes.length && bytes[at] === 0 && at < id3v2Length(bytes) + 65_536) at++;
  const first = frameAt(bytes, at);
  if (!first) throw notAudio();
  let frames = 0;
  while (at < bytes.length) {
    const frame = frameAt(bytes, at);
    if (!frame) {
      const rest = bytes.toString('latin1', at, at + 11);
      if (TRAILERS.some((tag) => rest.startsWith(tag))) break;
      throw damaged(`no MPEG frame at byte ${at}`);
    }
    if (frame.version !== first.version || frame.sampleRate !== first.sampleRate)
      throw damaged(`the frame at byte ${at} does not match the first`);
    if (at + frame.length > bytes.length) throw damaged('the file ends in the middle of a frame');
    at += frame.length;
    frames++;
  }
  return frames;
}

/**
 * MP4: an `ftyp` box first, then boxes that each fit in the file and end
 * exactly at its end, among them `moov` (the index) and `mdat` (the audio).
 */
function walkMp4Boxes(bytes: Buffer): void {
  if (bytes.length < 16 || bytes.toString('latin1', 4, 8) !== 'ftyp') throw notAudio();
  const seen = new Set<string>();
  let at = 0;
  while (at < bytes.length) {
    if (at + 8 > bytes.length) throw damaged('the file ends inside a box header');
    let size = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (size === 1) {
      if (at + 16 > bytes.length) throw damaged('the file ends inside a box header');
      size = Number(bytes.readBigUInt64BE(at + 8));
    } else if (size === 0) {
      size = bytes.length - at;
    }
    if (size < 8 || at + size > bytes.length)
      throw damaged(`the "${type}" box runs past the end of the file`);
    seen.add(type);
    at += size;
  }
  if (!seen.has('moov') || !seen.has('mdat')) throw damaged('the file has no audio index or no audio data');
}

const notAudio = () =>
  new PodcastFileError('not_audio', 'The file is not MP3 or M4A (AAC) audio, whatever its name says.');
const damaged = (detail: string) =>
  new PodcastFileError('damaged_audio', `The audio file is damaged or incomplete: ${detail}.`);

/** Checks an upload and reads its facts; throws PodcastFileError with the reason when it is refused. */
export async function inspectAudio(bytes: Buffer): Promise<AudioFacts> {
  if (bytes.length === 0) throw new PodcastFileError('empty', 'The audio file is empty.');
  if (bytes.length > MAX_AUDIO_BYTES)
    throw new PodcastFileError(
      'too_large',
      `The audio file is larger than ${MAX_AUDIO_BYTES / 1024 / 1024} MB.`,
    );
  const isMp4 = bytes.length >= 8 && bytes.toString('latin1', 4, 8) === 'ftyp';
  if (isMp4) walkMp4Boxes(bytes);
  else walkMpegFrames(bytes);
  const metadata = await parseBuffer(
    bytes,
    { mimeType: isMp4 ? 'audio/mp4' : 'audio/mpeg', size: bytes.length },
    { duration: true, skipCovers: true },
  ).catch((error: unknown) => {
    throw damaged(error instanceof Error ? error.message : String(error));
  });
  const { format } = metadata;
  const codec = format.codec ?? '';
  const fits = isMp4 ? /AAC/i.test(codec) && !format.hasVideo : /^MPEG [12](\.5)? Layer 3$/.test(codec);
  if (!fits) throw notAudio();
  const durationMs = Math.round((format.duration ?? 0) * 1000);
  if (!Number.isFinite(durationMs) || durationMs < MIN_DURATION_MS)
    throw new PodcastFileError('too_short', 'The audio is shorter than a second.');
  const bitrate = Math.round(format.bitrate ?? (bytes.length * 8 * 1000) / durationMs);
  return {
    extension: isMp4 ? 'm4a' : 'mp3',
    contentType: isMp4 ? 'audio/x-m4a' : 'audio/mpeg',
    bytes: bytes.length,
    durationMs,
    bitrate,
    codec,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
