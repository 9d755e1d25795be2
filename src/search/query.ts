import type { Analyzer } from './analyzer.js';

/** Longer queries are cut here (characters), so a pasted page costs no more than a sentence. */
export const MAX_QUERY_CHARS = 200;
/** At most this many terms reach the engine; the rest are ignored. */
export const MAX_QUERY_TERMS = 12;

/**
 * A reader's query, analyzed. Each entry is the terms of one word or one
 * "quoted phrase" (a word that analyzes to several terms, like covid-19, is a
 * phrase too). Nothing here is engine syntax: the engines get terms only.
 */
export interface SearchQuery {
  /** The cleaned query as the reader typed it, for the search box. */
  text: string;
  include: string[][];
  exclude: string[][];
  /** What the reader typed for each `include` entry (a phrase keeps its quotes). */
  includeText: string[];
}

/** Everything that is not a character a reader types: C0/C1 controls, format marks except ZWNJ/ZWJ, lone surrogates. */
const INVISIBLE = /[\p{Cc}\p{Co}\p{Cn}]|(?![\u200C\u200D])\p{Cf}/gu;

export function cleanQueryText(raw: string): string {
  const wellFormed = toWellFormed(raw).replace(INVISIBLE, ' ').replace(/\s+/gu, ' ').trim();
  // Cut by code points so a surrogate pair is never split.
  return Array.from(wellFormed).slice(0, MAX_QUERY_CHARS).join('').trim();
}

/** Lone surrogates (from percent-encoded garbage) become U+FFFD. */
function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Words, "exact phrases" and -exclusions; a stray quote opens a phrase that runs to the end. */
export function parseQuery(raw: string, analyzer: Analyzer): SearchQuery {
  const text = cleanQueryText(raw);
  const include: string[][] = [];
  const exclude: string[][] = [];
  const includeText: string[] = [];
  let budget = MAX_QUERY_TERMS;
  const pattern = /(-?)(?:"([^"]*)"?|([^\s"]+))/gu;
  for (const match of text.matchAll(pattern)) {
    if (budget <= 0) break;
    const negated = match[1] === '-';
    const words = match[2] ?? match[3] ?? '';
    const terms = analyzer.terms(words).slice(0, budget);
    if (terms.length === 0) continue;
    budget -= terms.length;
    if (negated) exclude.push(terms);
    else {
      include.push(terms);
      includeText.push(match[2] === undefined ? words : `"${words}"`);
    }
  }
  return { text, include, exclude, includeText };
}

/** Every term a result is highlighted by. */
export function highlightTerms(query: SearchQuery): Set<string> {
  return new Set(query.include.flat());
}

/**
 * The FTS5 MATCH expression: every entry a quoted string (a phrase when it has
 * several terms), so no reader input is ever read as FTS5 syntax.
 */
export function fts5Expression(query: SearchQuery): string | undefined {
  if (query.include.length === 0) return undefined;
  const quoted = (terms: string[]) => `"${terms.join(' ').replaceAll('"', '""')}"`;
  const positive = query.include.map(quoted).join(' AND ');
  return query.exclude.reduce((expression, terms) => `${expression} NOT ${quoted(terms)}`, `(${positive})`);
}
