import type { Analyzer, Token } from './analyzer.js';

/** A piece of original text, marked when one of its words matched the query. */
export interface Segment {
  text: string;
  marked: boolean;
}

export interface Snippet {
  segments: Segment[];
  /** Text was cut before / after the snippet. */
  before: boolean;
  after: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The readable text of sanitized article HTML: tags become spaces so words never run together. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#')) {
        const code =
          name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The original text cut into marked and unmarked pieces: a word is marked when
 * its analyzed form is one of `terms`, so "والمدرسة" lights up for "مدرسة"
 * while the reader sees exactly what was written.
 */
export function highlight(text: string, analyzer: Analyzer, terms: Set<string>): Segment[] {
  return segmentsOf(text, analyzer.tokens(text), terms, 0, text.length);
}

function segmentsOf(text: string, tokens: Token[], terms: Set<string>, from: number, to: number): Segment[] {
  const segments: Segment[] = [];
  let at = from;
  for (const token of tokens) {
    if (token.start < from || token.end > to || token.term === null || !terms.has(token.term)) continue;
    if (token.start > at) segments.push({ text: text.slice(at, token.start), marked: false });
    segments.push({ text: text.slice(token.start, token.end), marked: true });
    at = token.end;
  }
  if (at < to) segments.push({ text: text.slice(at, to), marked: false });
  return segments;
}

/** About `words` words of `text` around its densest cluster of matches (its opening when nothing matches). */
export function snippet(text: string, analyzer: Analyzer, terms: Set<string>, words = 30): Snippet {
  const tokens = analyzer.tokens(text);
  if (tokens.length === 0) return { segments: [], before: false, after: false };
  const hits = tokens.map((t) => (t.term !== null && terms.has(t.term) ? 1 : 0));
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < tokens.length; i++) {
    count += hits[i] ?? 0;
    if (i >= words) count -= hits[i - words] ?? 0;
    const start = Math.max(0, i - words + 1);
    if (count > bestCount) {
      bestCount = count;
      best = start;
    }
  }
  // Start a few words before the first match of the window, for context.
  const firstHit = hits.indexOf(1, best);
  const startToken = bestCount > 0 && firstHit >= 0 ? Math.max(0, Math.min(best, firstHit - 5)) : 0;
  const endToken = Math.min(tokens.length, startToken + words) - 1;
  const from = startToken === 0 ? 0 : (tokens[startToken]?.start ?? 0);
  const to = endToken === tokens.length - 1 ? text.length : (tokens[endToken]?.end ?? text.length);
  return {
    segments: segmentsOf(text, tokens, terms, from, to),
    before: from > 0,
    after: to < text.length,
  };
}

/** Whether any word of `text` matches. */
export function mentions(text: string, analyzer: Analyzer, terms: Set<string>): boolean {
  return analyzer.terms(text).some((term) => terms.has(term));
}
