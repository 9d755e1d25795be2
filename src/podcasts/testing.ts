import path from 'node:path';
import sharp from 'sharp';
import type { Db } from '../db/schema.js';
import { mediaDir } from '../media/routes.js';
import { LocalMediaStorage } from '../media/storage.js';
import type { EpisodeFields, ShowFields } from './queries.js';
import { prepareAudio, prepareImage } from './uploads.js';
import { createEpisode, createShow, publishEpisode } from './workflow.js';

/**
 * Real audio for tests, made here without an encoder or the network: MPEG
 * Layer III frames and an MP4 (M4A) file of AAC-LC frames, each frame a
 * valid, silent one. Decoders (music-metadata, browsers) read them as audio.
 */

/** MPEG-1 Layer III, 48 kHz, 32 kbit/s, mono: 96-byte frames of 1152 samples (24 ms), no padding. */
const MP3_FRAME_BYTES = 96;
const MP3_FRAME_SECONDS = 1152 / 48_000;

/** `seconds` of silence as an MP3 (frames only, or after an ID3v2 tag with a title). */
export function silentMp3(seconds: number, options: { id3Title?: string } = {}): Buffer {
  const frames = Math.max(1, Math.round(seconds / MP3_FRAME_SECONDS));
  const frame = Buffer.alloc(MP3_FRAME_BYTES);
  // Sync, MPEG-1, Layer III, no CRC; 32 kbit/s, 48 kHz, no padding; mono.
  frame.set([0xff, 0xfb, 0x14, 0xc0]);
  // The side information and main data stay zero: no bits, silence.
  const body = Buffer.concat(Array.from({ length: frames }, () => frame));
  return options.id3Title === undefined ? body : Buffer.concat([id3v2(options.id3Title), body]);
}

/** An ID3v2.3 tag with one TIT2 (title) frame, UTF-16 with BOM. */
function id3v2(title: string): Buffer {
  const text = Buffer.concat([Buffer.from([0x01, 0xff, 0xfe]), Buffer.from(title, 'utf16le')]);
  const frameHeader = Buffer.alloc(10);
  frameHeader.write('TIT2', 0, 'latin1');
  frameHeader.writeUInt32BE(text.length, 4);
  const frames = Buffer.concat([frameHeader, text]);
  const header = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
  // Synchsafe size: 7 bits a byte.
  const size = frames.length;
  header.set([(size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f], 6);
  return Buffer.concat([header, frames]);
}

/** AAC-LC, 44.1 kHz, mono: one raw frame (an SCE with no bands, then END) of 1024 samples. */
const AAC_FRAME = Buffer.from([0x00, 0x00, 0x00, 0x07]);
const AAC_RATE = 44_100;

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

const fullBox = (type: string, version: number, flags: number, ...parts: Buffer[]) => {
  const head = Buffer.alloc(4);
  head.writeUInt32BE((version << 24) | flags, 0);
  return box(type, head, ...parts);
};

const u32 = (...values: number[]) => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => {
    b.writeUInt32BE(v >>> 0, i * 4);
  });
  return b;
};
const u16 = (...values: number[]) => {
  const b = Buffer.alloc(2 * values.length);
  values.forEach((v, i) => {
    b.writeUInt16BE(v, i * 2);
  });
  return b;
};

/** An MPEG-4 descriptor: tag, then its length in the four-byte form. */
function descriptor(tag: number, body: Buffer): Buffer {
  const n = body.length;
  return Buffer.concat([
    Buffer.from([
      tag,
      0x80 | ((n >> 21) & 0x7f),
      0x80 | ((n >> 14) & 0x7f),
      0x80 | ((n >> 7) & 0x7f),
      n & 0x7f,
    ]),
    body,
  ]);
}

const MATRIX = u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);

/** `seconds` of silence as an M4A: ftyp, moov (one AAC track), then mdat. */
export function silentM4a(seconds: number): Buffer {
  const frames = Math.max(1, Math.round((seconds * AAC_RATE) / 1024));
  const samples = frames * 1024;
  const audioSpecificConfig = Buffer.from([0x12, 0x08]); // AAC-LC, 44.1 kHz, mono
  const decoderConfig = descriptor(
    0x04,
    Buffer.concat([
      Buffer.from([0x40, 0x15, 0x00, 0x00, 0x00]),
      u32(8000, 8000),
      descriptor(0x05, audioSpecificConfig),
    ]),
  );
  const esDescriptor = descriptor(
    0x03,
    Buffer.concat([u16(1), Buffer.from([0x00]), decoderConfig, descriptor(0x06, Buffer.from([0x02]))]),
  );
  const mp4a = box(
    'mp4a',
    Buffer.alloc(6),
    u16(1),
    Buffer.alloc(8),
    u16(1, 16, 0, 0),
    u32(AAC_RATE * 65536),
    fullBox('esds', 0, 0, esDescriptor),
  );
  const ftyp = box('ftyp', Buffer.from('M4A ', 'latin1'), u32(0), Buffer.from('M4A mp42isom', 'latin1'));
  const build = (chunkOffset: number) =>
    box(
      'moov',
      fullBox(
        'mvhd',
        0,
        0,
        u32(0, 0, AAC_RATE, samples, 0x10000),
        u16(0x0100),
        Buffer.alloc(10),
        MATRIX,
        Buffer.alloc(24),
        u32(2),
      ),
      box(
        'trak',
        fullBox(
          'tkhd',
          0,
          7,
          u32(0, 0, 1, 0, samples),
          Buffer.alloc(8),
          u16(0, 0, 0x0100, 0),
          MATRIX,
          u32(0, 0),
        ),
        box(
          'mdia',
          fullBox('mdhd', 0, 0, u32(0, 0, AAC_RATE, samples), u16(0x55c4, 0)),
          fullBox(
            'hdlr',
            0,
            0,
            u32(0),
            Buffer.from('soun', 'latin1'),
            Buffer.alloc(12),
            Buffer.from('Sound\0', 'latin1'),
          ),
          box(
            'minf',
            fullBox('smhd', 0, 0, u16(0, 0)),
            box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1))),
            box(
              'stbl',
              fullBox('stsd', 0, 0, u32(1), mp4a),
              fullBox('stts', 0, 0, u32(1, frames, 1024)),
              fullBox('stsc', 0, 0, u32(1, 1, frames, 1)),
              fullBox('stsz', 0, 0, u32(AAC_FRAME.length, frames)),
              fullBox('stco', 0, 0, u32(1, chunkOffset)),
            ),
          ),
        ),
      ),
    );
  const moovSize = build(0).length;
  const mdatData = Buffer.concat(Array.from({ length: frames }, () => AAC_FRAME));
  const moov = build(ftyp.length + moovSize + 8);
  return Buffer.concat([ftyp, moov, box('mdat', mdatData)]);
}

// ------------------------------------------------------------------------------------ a small show

/** Square RGB artwork Apple takes (1400 px), as JPEG; or another size, format or colour space to be refused. */
export async function artwork(
  options: { width?: number; height?: number; format?: 'jpeg' | 'png' | 'webp'; cmyk?: boolean } = {},
): Promise<Buffer> {
  const { width = 1400, height = width, format = 'jpeg' } = options;
  const image = sharp({ create: { width, height, channels: 3, background: '#7a2e3b' } });
  if (options.cmyk) return image.toColourspace('cmyk').jpeg().toBuffer();
  return format === 'png'
    ? image.png().toBuffer()
    : format === 'webp'
      ? image.webp().toBuffer()
      : image.jpeg().toBuffer();
}

/** Show fields as the desk would send them, with `overrides`. */
export function showFields(overrides: Partial<ShowFields> = {}): ShowFields {
  return {
    slug: '',
    title: 'نشرة الصباح',
    description: 'ملخص أخبار الصباح في عشر دقائق، كل يوم.',
    language: 'ar',
    category: 'News',
    subcategory: 'Daily News',
    explicit: false,
    author: 'صحيفة',
    ownerName: 'فريق البودكاست',
    ownerEmail: 'podcasts@news.example',
    copyright: '© 2022 صحيفة',
    showType: 'episodic',
    locked: true,
    artworkId: null,
    appleUrl: '',
    spotifyUrl: '',
    ...overrides,
  };
}

/** Episode fields with `overrides`. */
export function episodeFields(overrides: Partial<EpisodeFields> = {}): EpisodeFields {
  return {
    slug: '',
    title: 'الحلقة الأولى',
    notesHtml: '<p>ملاحظات الحلقة.</p>',
    episodeType: 'full',
    episodeNumber: 1,
    seasonNumber: null,
    explicit: false,
    audioId: null,
    imageId: null,
    transcript: null,
    chapters: [],
    relatedArticleIds: [],
    ...overrides,
  };
}

/** A show with artwork in the edition, through the door. */
export async function seedShow(
  db: Db,
  dataDir: string,
  now: Date,
  options: { editionCode?: string; fields?: Partial<ShowFields> } = {},
): Promise<string> {
  const editionCode = options.editionCode ?? 'ar';
  const image = await prepareImage(new LocalMediaStorage(mediaDir(dataDir)), await artwork(), now);
  return createShow(
    db,
    {
      editionCode,
      fields: showFields(options.fields),
      feedUrlOf: (slug) => `https://news.example/${editionCode}/podcasts/${slug}/feed.xml`,
    },
    { userId: null, now },
    image,
  );
}

/** A draft episode of the show with `seconds` of MP3 audio, through the door. */
export async function seedEpisode(
  db: Db,
  dataDir: string,
  showId: string,
  now: Date,
  options: { fields?: Partial<EpisodeFields>; seconds?: number; publish?: boolean } = {},
): Promise<string> {
  const audio = await prepareAudio(
    new LocalMediaStorage(mediaDir(dataDir)),
    silentMp3(options.seconds ?? 30),
    now,
  );
  const act = { userId: null, now };
  const id = await createEpisode(db, showId, episodeFields(options.fields), act, { audio });
  if (options.publish) await publishEpisode(db, id, act);
  return id;
}

/** Where the local media store keeps a podcast file of the test's data folder. */
export const podcastFileOnDisk = (dataDir: string, file: string) =>
  path.join(mediaDir(dataDir), 'podcasts', file);
