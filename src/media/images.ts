import { z } from 'zod';

export interface Rendition {
  width: number;
  format: 'webp' | 'jpeg' | 'avif';
  file: string;
}

/** An image as pages use it. */
export interface Image {
  id: string;
  alt: string;
  caption: string;
  credit: string;
  copyright: string;
  width: number;
  height: number;
  renditions: Rendition[];
}

const renditions = z.array(
  z.object({
    width: z.number().int().positive(),
    format: z.enum(['webp', 'jpeg', 'avif']),
    file: z.string(),
  }),
);

export function parseRenditions(json: string): Rendition[] {
  const parsed = renditions.safeParse(JSON.parse(json || '[]'));
  return parsed.success ? parsed.data.sort((a, b) => a.width - b.width) : [];
}

export function mediaUrl(file: string): string {
  return `/media/${encodeURIComponent(file)}`;
}

/** `srcset` for one format, widest last. */
export function srcset(image: Image, format: Rendition['format']): string {
  return image.renditions
    .filter((r) => r.format === format)
    .map((r) => `${mediaUrl(r.file)} ${r.width}w`)
    .join(', ');
}

/** The rendition closest above `width` in a format, for og:image and feeds. */
export function renditionNear(
  image: Image,
  width: number,
  format: Rendition['format'] = 'jpeg',
): Rendition | undefined {
  const candidates = image.renditions.filter((r) => r.format === format);
  return candidates.find((r) => r.width >= width) ?? candidates.at(-1);
}
