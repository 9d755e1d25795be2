import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseRange } from '../media/serve.js';
import { inspectArtwork } from './artwork.js';
import { inspectAudio } from './audio.js';
import { PodcastFileError } from './files.js';
import { artwork, silentM4a, silentMp3 } from './testing.js';

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof PodcastFileError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('audio uploads', () => {
  it('reads duration, bitrate, size and codec from MP3 (with or without an ID3 tag) and M4A', async () => {
    const mp3 = await inspectAudio(silentMp3(30));
    expect(mp3).toMatchObject({
      extension: 'mp3',
      contentType: 'audio/mpeg',
      bytes: 120_000,
      durationMs: 30_000,
      bitrate: 32_000,
      codec: 'MPEG 1 Layer 3',
    });
    expect(mp3.sha256).toMatch(/^[0-9a-f]{64}$/);
    const tagged = await inspectAudio(silentMp3(12, { id3Title: 'حلقة' }));
    expect(tagged.durationMs).toBe(12_000);
    const m4a = await inspectAudio(silentM4a(20));
    expect(m4a).toMatchObject({ extension: 'm4a', contentType: 'audio/x-m4a', codec: 'MPEG-4/AAC' });
    expect(Math.abs(m4a.durationMs - 20_000)).toBeLessThan(30);
    expect(m4a.bitrate).toBeGreaterThan(0);
  });

  it('refuses what is not MP3 or M4A whatever its name: text, an image, WAV, raw AAC', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const wav = Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), Buffer.alloc(2000)]);
    const adts = Buffer.concat([Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]), Buffer.alloc(4000)]);
    for (const bytes of [Buffer.from('not audio at all\n'.repeat(200)), png, wav, adts]) {
      expect(await refusal(inspectAudio(bytes))).toBe('not_audio');
    }
    expect(await refusal(inspectAudio(Buffer.alloc(0)))).toBe('empty');
  });

  it('refuses damaged and truncated files, and audio under a second', async () => {
    const mp3 = silentMp3(30);
    const overwritten = Buffer.from(mp3);
    overwritten.fill(0x41, 5000, 9000);
    expect(await refusal(inspectAudio(overwritten))).toBe('damaged_audio');
    expect(await refusal(inspectAudio(mp3.subarray(0, 50_037)))).toBe('damaged_audio');
    // A frame header, then noise: the next frame is not where the first says.
    const noise = Buffer.concat([mp3.subarray(0, 96), Buffer.alloc(5000, 0x33)]);
    expect(await refusal(inspectAudio(noise))).toBe('damaged_audio');
    const m4a = silentM4a(30);
    expect(await refusal(inspectAudio(m4a.subarray(0, m4a.length - 100)))).toBe('damaged_audio');
    expect(await refusal(inspectAudio(silentMp3(0.5)))).toBe('too_short');
    // Tags after the last frame are no damage.
    const withId3v1 = Buffer.concat([mp3, Buffer.from('TAG'), Buffer.alloc(125)]);
    expect((await inspectAudio(withId3v1)).bytes).toBe(mp3.length + 128);
  });
});

describe('artwork', () => {
  it('takes square RGB JPEG or PNG from 1400 to 3000 pixels', async () => {
    expect(await inspectArtwork(await artwork())).toMatchObject({
      extension: 'jpg',
      width: 1400,
      height: 1400,
    });
    expect(await inspectArtwork(await artwork({ width: 3000, format: 'png' }))).toMatchObject({
      extension: 'png',
      width: 3000,
    });
  });

  it('refuses too small, too large, not square, other formats, CMYK, damaged', async () => {
    expect(await refusal(inspectArtwork(await artwork({ width: 1000 })))).toBe('artwork_size');
    expect(await refusal(inspectArtwork(await artwork({ width: 3200 })))).toBe('artwork_size');
    expect(await refusal(inspectArtwork(await artwork({ width: 1600, height: 1400 })))).toBe(
      'artwork_not_square',
    );
    expect(await refusal(inspectArtwork(await artwork({ format: 'webp' })))).toBe('not_artwork');
    expect(await refusal(inspectArtwork(await artwork({ cmyk: true })))).toBe('artwork_not_rgb');
    expect(await refusal(inspectArtwork(silentMp3(2)))).toBe('not_artwork');
    const jpeg = await artwork();
    expect(await refusal(inspectArtwork(jpeg.subarray(0, Math.floor(jpeg.length / 2))))).toBe(
      'damaged_image',
    );
  });
});

describe('byte ranges', () => {
  it('reads one range of a file, and says when it lies outside', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=5000-6000', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
    // Not a usable single range: the whole file.
    for (const header of [undefined, 'bytes=0-1,5-6', 'items=0-1', 'bytes=5-3', 'bytes=-', 'bytes=a-b']) {
      expect(parseRange(header, 1000)).toBeUndefined();
    }
  });
});
