/**
 * Chapters in the JSON chapters format of Podcasting 2.0
 * (https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/chapters/jsonChapters.md).
 * The desk takes that JSON, or lines such as "12:30 The interview"; both are
 * stored as the format's `chapters` array.
 */
import { z } from 'zod';

export interface Chapter {
  /** Seconds from the start. */
  startTime: number;
  title: string;
  url?: string;
}

export const CHAPTERS_TYPE = 'application/json+chapters';
export const MAX_CHAPTERS = 500;
const MAX_TITLE = 200;

/** Chapters that cannot be read: the line (1-based) and why. */
export class ChaptersError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'ChaptersError';
  }
}

const jsonChapters = z.object({
  version: z.string().optional(),
  chapters: z
    .array(
      z.object({
        startTime: z
          .number()
          .min(0)
          .max(86_400 * 2),
        title: z.string().trim().min(1).max(MAX_TITLE),
        url: z.url({ protocol: /^https?$/ }).optional(),
        toc: z.boolean().optional(),
      }),
    )
    .max(MAX_CHAPTERS),
});

const LINE = /^(?:(\d{1,2}):)?(\d{1,2}):([0-5]\d)(?:\.(\d{1,3}))?\s+(.+)$/;

function fromLines(text: string, lines: number[]): Chapter[] {
  const chapters: Chapter[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const m = LINE.exec(line);
    if (!m) throw new ChaptersError(index + 1, 'expected a time and a title, as in "12:30 The interview"');
    const [, hours, minutes = '0', secs = '0', fraction = '', title = ''] = m;
    if (hours !== undefined && Number(minutes) > 59)
      throw new ChaptersError(index + 1, 'minutes go up to 59 when hours are given');
    if (title.length > MAX_TITLE)
      throw new ChaptersError(index + 1, `a title of at most ${MAX_TITLE} characters`);
    const startTime =
      Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(secs) + Number(`0.${fraction || '0'}`);
    chapters.push({ startTime, title: title.trim() });
    lines.push(index + 1);
  });
  return chapters;
}

function fromJson(text: string): Chapter[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ChaptersError(1, 'not valid JSON');
  }
  const parsed = jsonChapters.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChaptersError(1, `${issue?.path.join('.') || 'chapters'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.chapters
    .filter((c) => c.toc !== false)
    .map((c) => ({ startTime: c.startTime, title: c.title, ...(c.url ? { url: c.url } : {}) }));
}

/**
 * The chapters in `text` (JSON chapters, or one "time title" a line), in
 * time order, each after the one before. Empty text is no chapters.
 */
export function parseChapters(text: string): Chapter[] {
  const tidy = text.replace(/\r\n?/g, '\n').trim();
  if (tidy === '') return [];
  // The line each chapter came from (JSON is one document: line 1).
  const lines: number[] = [];
  const chapters = tidy.startsWith('{') ? fromJson(tidy) : fromLines(tidy, lines);
  if (chapters.length > MAX_CHAPTERS) throw new ChaptersError(1, `more than ${MAX_CHAPTERS} chapters`);
  chapters.forEach((chapter, index) => {
    const before = chapters[index - 1];
    if (before && chapter.startTime <= before.startTime)
      throw new ChaptersError(lines[index] ?? 1, 'each chapter starts after the one before');
  });
  return chapters;
}

/** Stored chapters (a JSON array), or none when the text is not what the door wrote. */
export function storedChapters(json: string): Chapter[] {
  const parsed = jsonChapters.shape.chapters.safeParse(JSON.parse(json || '[]'));
  return parsed.success ? parsed.data : [];
}

/** The document served at an episode's chapters.json. */
export function chaptersDocument(chapters: Chapter[], meta: { title: string; podcastName: string }) {
  return { version: '1.2.0', title: meta.title, podcastName: meta.podcastName, chapters };
}

/** "h:mm:ss" or "m:ss", as chapter lists and the desk show a time. */
export function clockTime(totalSeconds: number): string {
  const whole = Math.floor(totalSeconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The desk's lines for stored chapters ("12:30 The interview"); a chapter with a link keeps it only in JSON. */
export function chaptersAsText(chapters: Chapter[]): string {
  if (chapters.some((c) => c.url)) return JSON.stringify({ version: '1.2.0', chapters }, null, 2);
  return chapters
    .map((c) => {
      const millis = Math.round((c.startTime % 1) * 1000);
      return `${clockTime(c.startTime)}${millis ? `.${String(millis).padStart(3, '0')}` : ''} ${c.title}`;
    })
    .join('\n');
}
