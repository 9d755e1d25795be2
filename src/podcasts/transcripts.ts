/**
 * Transcripts as podcast apps take them (podcast:transcript): WebVTT or SRT.
 * An upload is read through before it is stored; the page shows its text.
 */

/** A transcript that does not parse: the line where reading stopped (1-based). */
export class TranscriptError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'TranscriptError';
  }
}

export type TranscriptFormat = 'vtt' | 'srt';

export interface Cue {
  /** Seconds. */
  start: number;
  end: number;
  /** A WebVTT voice (`<v Lina>`), when the cue names one. */
  speaker: string;
  text: string;
}

export const MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024;
const MAX_CUES = 20_000;

export const TRANSCRIPT_TYPES: Record<TranscriptFormat, string> = {
  vtt: 'text/vtt',
  srt: 'application/x-subrip',
};

/** Line breaks as \n, no byte-order mark: what is stored and served. */
export function tidyTranscript(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

const VTT_TIME = /^(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const SRT_TIME = /^(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{3})$/;

function seconds(value: string, pattern: RegExp, line: number): number {
  const m = pattern.exec(value);
  if (!m) throw new TranscriptError(line, `"${value.slice(0, 20)}" is not a time`);
  const [hours = '0', minutes = '0', secs = '0', millis = '0'] =
    pattern === VTT_TIME ? [m[1] ?? '0', m[2], m[3], m[4]] : [m[1], m[2], m[3], m[4]];
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(secs) + Number(millis) / 1000;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&nbsp;': '\u00a0',
  '&lrm;': '\u200e',
  '&rlm;': '\u200f',
  '&quot;': '"',
  '&#39;': "'",
};

/** A cue's payload as plain text, and the voice it names. */
function cueText(payload: string): { speaker: string; text: string } {
  const voice = /<v(?:\.[^\s>]*)?\s+([^>]+)>/.exec(payload);
  const text = payload
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:amp|lt|gt|nbsp|lrm|rlm|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/[ \t]+/g, ' ')
    .trim();
  return { speaker: voice?.[1]?.trim() ?? '', text };
}

interface Block {
  /** 1-based line of its first line. */
  line: number;
  lines: string[];
}

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  tidyTranscript(text)
    .split('\n')
    .forEach((raw, index) => {
      if (raw.trim() === '') {
        current = undefined;
        return;
      }
      if (!current) {
        current = { line: index + 1, lines: [] };
        blocks.push(current);
      }
      current.lines.push(raw);
    });
  return blocks;
}

function timing(text: string, pattern: RegExp, line: number): { start: number; end: number } {
  const m = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$/.exec(text.trim());
  if (!m) throw new TranscriptError(line, 'expected a timing line ("00:00:01.000 --> 00:00:04.000")');
  const start = seconds(m[1] ?? '', pattern, line);
  const end = seconds(m[2] ?? '', pattern, line);
  if (end < start) throw new TranscriptError(line, 'the cue ends before it starts');
  return { start, end };
}

function parseVtt(text: string): Cue[] {
  const blocks = blocksOf(text);
  const header = blocks.shift();
  if (!header || !/^WEBVTT(?:[ \t].*)?$/.test(header.lines[0] ?? ''))
    throw new TranscriptError(1, 'a WebVTT file starts with "WEBVTT"');
  const cues: Cue[] = [];
  for (const block of blocks) {
    const first = block.lines[0] ?? '';
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) continue;
    const timed = first.includes('-->') ? 0 : 1;
    const { start, end } = timing(block.lines[timed] ?? '', VTT_TIME, block.line + timed);
    cues.push({ start, end, ...cueText(block.lines.slice(timed + 1).join('\n')) });
  }
  return cues;
}

function parseSrt(text: string): Cue[] {
  const cues: Cue[] = [];
  for (const block of blocksOf(text)) {
    const numbered = /^\d+$/.test((block.lines[0] ?? '').trim()) ? 1 : 0;
    const { start, end } = timing(block.lines[numbered] ?? '', SRT_TIME, block.line + numbered);
    cues.push({ start, end, ...cueText(block.lines.slice(numbered + 1).join('\n')) });
  }
  return cues;
}

/** Reads a WebVTT or SRT file (told apart by WebVTT's first line); throws TranscriptError. */
export function parseTranscript(text: string): { format: TranscriptFormat; cues: Cue[] } {
  if (Buffer.byteLength(text) > MAX_TRANSCRIPT_BYTES)
    throw new TranscriptError(1, `larger than ${MAX_TRANSCRIPT_BYTES / 1024 / 1024} MB`);
  const tidy = tidyTranscript(text);
  if (tidy.includes('\0')) throw new TranscriptError(1, 'not a text file');
  const format: TranscriptFormat = tidy.startsWith('WEBVTT') ? 'vtt' : 'srt';
  const cues = format === 'vtt' ? parseVtt(tidy) : parseSrt(tidy);
  if (cues.length === 0) throw new TranscriptError(1, 'no cues');
  if (cues.length > MAX_CUES) throw new TranscriptError(1, `more than ${MAX_CUES} cues`);
  return { format, cues };
}

/** What a reader reads: cues in paragraphs, a new one when the speaker changes or after six cues. */
export function transcriptParagraphs(cues: Cue[]): { start: number; speaker: string; text: string }[] {
  const paragraphs: { start: number; speaker: string; text: string; count: number }[] = [];
  for (const cue of cues) {
    if (!cue.text) continue;
    const last = paragraphs.at(-1);
    if (last && last.count < 6 && (cue.speaker === '' || cue.speaker === last.speaker)) {
      last.text += ` ${cue.text.replace(/\n/g, ' ')}`;
      last.count++;
    } else {
      paragraphs.push({
        start: cue.start,
        speaker: cue.speaker,
        text: cue.text.replace(/\n/g, ' '),
        count: 1,
      });
    }
  }
  return paragraphs.map(({ start, speaker, text }) => ({ start, speaker, text }));
}
