import { textOf } from '../articles/sanitize.js';
import type { WireFormat } from '../db/schema.js';
import { type PubStatus, paragraphsOf, parseNinjs, type WireItem } from './ninjs.js';
import {
  childNamed,
  childrenNamed,
  childText,
  decodeXmlText,
  innerHtml,
  outerXml,
  parseXml,
  pathOf,
  textContent,
  UnsafeXmlError,
  type XmlElement,
} from './xml.js';

/**
 * Every format an agency may send, detected by content: RSS 2.0, Atom,
 * ninjs 1.x/2.x/3.x (JSON) and NewsML-G2 newsItems (NITF or XHTML bodies).
 * A document becomes entries, one per item, each with its own payload and
 * either an item or the reason it could not be read: one bad item never
 * stops the others.
 */

export const WIRE_FORMATS = ['rss', 'atom', 'ninjs', 'newsml'] as const satisfies readonly WireFormat[];

/** An item as the wire desk keeps it: a ninjs-shaped item plus a link to the agency's page. */
export interface FeedItem extends WireItem {
  link: string;
}

export type EntryResult = { ok: true; item: FeedItem } | { ok: false; problems: string[] };

export interface Entry {
  /** Exactly what identifies this item's payload (the item's JSON or XML element). */
  raw: string;
  /** The item's URI when it could be read even though the item could not. */
  uri?: string | undefined;
  result: EntryResult;
}

export type ParsedDocument =
  | { ok: true; format: WireFormat; entries: Entry[] }
  | { ok: false; format: WireFormat | 'unknown'; problems: string[]; unsafe?: boolean };

/**
 * Limits on what one item may hold: beyond them the item is refused with the
 * reason (and kept as a failed payload), the rest of its document goes on.
 */
export const ITEM_LIMITS = {
  headlineChars: 1_000,
  standfirstChars: 10_000,
  bodyBytes: 2 * 1024 * 1024,
  uriChars: 2_000,
  bylineChars: 1_000,
  copyrightChars: 1_000,
  linkChars: 2_000,
  subjects: 100,
  subjectChars: 200,
} as const;

/** Items a feed's document (one poll, one dropped file) may hold; a longer one is refused whole. */
export const MAX_FEED_ITEMS = 500;

/** Deepest nesting of arrays and objects in a JSON item: deeper ones are refused before anything walks them. */
export const MAX_JSON_DEPTH = 64;

/** Why an item breaks the limits, or an empty list. */
export function limitProblems(item: FeedItem): string[] {
  const problems: string[] = [];
  const chars = (field: string, value: string, max: number) => {
    if (value.length > max) problems.push(`${field}: longer than ${max.toLocaleString('en')} characters`);
  };
  chars('uri', item.uri, ITEM_LIMITS.uriChars);
  chars('headline', item.headline, ITEM_LIMITS.headlineChars);
  chars('description', item.description, ITEM_LIMITS.standfirstChars);
  chars('byline', item.byline, ITEM_LIMITS.bylineChars);
  chars('copyright', item.copyright, ITEM_LIMITS.copyrightChars);
  chars('link', item.link, ITEM_LIMITS.linkChars);
  if (Buffer.byteLength(item.bodyHtml, 'utf8') > ITEM_LIMITS.bodyBytes) {
    problems.push(`body: larger than ${ITEM_LIMITS.bodyBytes / 1024 / 1024} MB`);
  }
  if (item.subjects.length > ITEM_LIMITS.subjects) {
    problems.push(`subjects: more than ${ITEM_LIMITS.subjects}`);
  }
  if (item.subjects.some((subject) => subject.length > ITEM_LIMITS.subjectChars)) {
    problems.push(`subjects: a subject longer than ${ITEM_LIMITS.subjectChars} characters`);
  }
  return problems;
}

/** The entry, refused with its reasons when its item breaks the limits; a link that is not http(s) is dropped. */
function limited(entry: Entry): Entry {
  if (!entry.result.ok) return entry;
  const { item } = entry.result;
  const problems = limitProblems(item);
  if (problems.length > 0)
    return { raw: entry.raw, uri: item.uri.slice(0, ITEM_LIMITS.uriChars), result: { ok: false, problems } };
  return { ...entry, result: { ok: true, item: { ...item, link: safeLink(item.link) } } };
}

/** An agency's link to its own page: kept only as an absolute http(s) URL (never `javascript:` or `data:`). */
export function safeLink(link: string): string {
  const trimmed = link.trim();
  if (!/^https?:\/\//i.test(trimmed) || !URL.canParse(trimmed)) return '';
  return trimmed;
}

/** Reads a document of any supported format; `expected` (a feed's setting) refuses other formats. */
export function parseDocument(text: string, expected: WireFormat | 'auto' = 'auto'): ParsedDocument {
  const parsed = readDocument(text, expected);
  return parsed.ok ? { ...parsed, entries: parsed.entries.map(limited) } : parsed;
}

function readDocument(text: string, expected: WireFormat | 'auto'): ParsedDocument {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first === '{' || first === '[') return expecting(expected, parseNinjsDocument(body));
  if (first !== '<') return { ok: false, format: 'unknown', problems: ['not a feed: expected JSON or XML'] };
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (error) {
    const unsafe = error instanceof UnsafeXmlError;
    return { ok: false, format: 'unknown', problems: [messageOf(error)], unsafe };
  }
  try {
    return expecting(expected, xmlDocument(root));
  } catch (error) {
    // E.g. nesting so deep that walking it overflows the stack: a bad document, not a crash.
    return { ok: false, format: 'unknown', problems: [`unreadable XML: ${messageOf(error)}`] };
  }
}

function xmlDocument(root: XmlElement): ParsedDocument {
  switch (root.local) {
    case 'rss':
    case 'RDF':
      return { ok: true, format: 'rss', entries: rssEntries(root) };
    case 'feed':
      return { ok: true, format: 'atom', entries: atomEntries(root) };
    case 'newsItem':
    case 'newsMessage':
      return { ok: true, format: 'newsml', entries: newsmlEntries(root) };
    default:
      return { ok: false, format: 'unknown', problems: [`unknown XML document <${root.name}>`] };
  }
}

function expecting(expected: WireFormat | 'auto', parsed: ParsedDocument): ParsedDocument {
  if (expected === 'auto' || !parsed.ok || parsed.format === expected) return parsed;
  return { ok: false, format: parsed.format, problems: [`expected ${expected}, got ${parsed.format}`] };
}

// ---------------------------------------------------------------- ninjs

function parseNinjsDocument(body: string): ParsedDocument {
  let json: unknown;
  try {
    // JSON.parse itself does not recurse; what walks the result afterwards may, hence the depth check.
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, format: 'ninjs', problems: [`invalid JSON: ${messageOf(error)}`] };
  }
  const candidates = Array.isArray(json) ? json : [json];
  const entries = candidates.map((candidate): Entry => {
    if (deeperThan(candidate, MAX_JSON_DEPTH)) {
      // Not even serialised again (that recurses): the item is kept as a note of what it was.
      const uri = uriOf(candidate);
      const raw = `(a JSON item nested more than ${MAX_JSON_DEPTH} levels deep${uri ? `, uri ${uri}` : ''})`;
      return {
        raw,
        uri,
        result: { ok: false, problems: [`nested more than ${MAX_JSON_DEPTH} levels deep`] },
      };
    }
    try {
      const parsed = parseNinjs(candidate);
      const raw = JSON.stringify(candidate);
      const uri = uriOf(candidate);
      if (!parsed.ok) return { raw, uri, result: { ok: false, problems: parsed.problems } };
      const [item] = parsed.items;
      if (!item) return { raw, uri, result: { ok: false, problems: ['no item'] } };
      return { raw, uri, result: { ok: true, item: { ...item, link: '' } } };
    } catch (error) {
      return { raw: '(an item that could not be read)', result: { ok: false, problems: [messageOf(error)] } };
    }
  });
  return { ok: true, format: 'ninjs', entries };
}

/** Whether arrays and objects in `value` nest deeper than `limit`, found without recursion. */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

function uriOf(candidate: unknown): string | undefined {
  if (typeof candidate !== 'object' || candidate === null || !('uri' in candidate)) return undefined;
  return typeof candidate.uri === 'string' && candidate.uri.trim() ? candidate.uri.trim() : undefined;
}

// ---------------------------------------------------------------- RSS 2.0

function rssEntries(root: XmlElement): Entry[] {
  const channel = childNamed(root, 'channel');
  // RSS 1.0 (RDF) keeps items beside the channel, 2.0 inside it.
  const items = [...childrenNamed(channel, 'item'), ...childrenNamed(root, 'item')];
  const language = childText(channel, 'language') || null;
  const copyright = childText(channel, 'copyright') || childText(channel, 'rights');
  return items.map((el) =>
    entryOf(el, () => {
      const link = childText(el, 'link');
      const uri = childText(el, 'guid') || link;
      if (!uri) throw new ItemProblem('guid: required (or a link)');
      const encoded = childText(el, 'encoded');
      const description = textContent(childNamed(el, 'description'));
      const date = optionalDate(childText(el, 'pubDate') || childText(el, 'date'), 'pubDate');
      return {
        uri,
        version: null,
        firstCreated: date,
        versionCreated: date,
        language,
        headline: requiredHeadline(plainText(textContent(childNamed(el, 'title'))), 'title'),
        bodyHtml: encoded || description,
        byline: oneLine(childText(el, 'creator') || childText(el, 'author')),
        copyright,
        pubStatus: 'usable',
        subjects: childrenNamed(el, 'category')
          .map((c) => oneLine(textContent(c)))
          .filter(Boolean),
        description: encoded ? oneLine(plainText(description)) : '',
        link,
      };
    }),
  );
}

// ---------------------------------------------------------------- Atom

function atomEntries(feed: XmlElement): Entry[] {
  const feedLanguage = feed.attrs['xml:lang'] ?? null;
  const feedRights = plainText(childText(feed, 'rights'));
  return childrenNamed(feed, 'entry').map((el) =>
    entryOf(el, () => {
      const uri = childText(el, 'id');
      if (!uri) throw new ItemProblem('id: required');
      const updated = optionalDate(childText(el, 'updated'), 'updated');
      const published = optionalDate(childText(el, 'published'), 'published');
      const links = childrenNamed(el, 'link');
      const alternate = links.find((l) => !l.attrs.rel || l.attrs.rel === 'alternate') ?? links[0];
      const content = childNamed(el, 'content');
      const summary = childNamed(el, 'summary');
      return {
        uri,
        version: null,
        firstCreated: published ?? updated,
        versionCreated: updated ?? published,
        language: el.attrs['xml:lang'] ?? feedLanguage,
        headline: requiredHeadline(plainText(atomText(childNamed(el, 'title'))), 'title'),
        bodyHtml: content ? atomText(content) : summary ? atomText(summary) : '',
        byline: oneLine(
          childrenNamed(el, 'author')
            .map((a) => childText(a, 'name'))
            .join(', '),
        ),
        copyright: plainText(childText(el, 'rights')) || feedRights,
        pubStatus: 'usable',
        subjects: childrenNamed(el, 'category')
          .map((c) => oneLine(c.attrs.label ?? c.attrs.term ?? ''))
          .filter(Boolean),
        description: content && summary ? oneLine(plainText(atomText(summary))) : '',
        link: alternate?.attrs.href ?? '',
      };
    }),
  );
}

/** An Atom text construct as HTML: type text, html or xhtml (a div wrapping the markup). */
function atomText(el: XmlElement | undefined): string {
  if (!el) return '';
  const type = el.attrs.type ?? 'text';
  if (type === 'xhtml') return innerHtml(childNamed(el, 'div') ?? el);
  if (type === 'html') return textContent(el);
  return paragraphsOf(textContent(el));
}

// ---------------------------------------------------------------- NewsML-G2

function newsmlEntries(root: XmlElement): Entry[] {
  const items = root.local === 'newsItem' ? [root] : childrenNamed(childNamed(root, 'itemSet'), 'newsItem');
  return items.map((el) =>
    entryOf(el, () => {
      const uri = el.attrs.guid?.trim();
      if (!uri) throw new ItemProblem('newsItem@guid: required');
      const itemMeta = childNamed(el, 'itemMeta');
      const contentMeta = childNamed(el, 'contentMeta');
      const rights = childNamed(el, 'rightsInfo');
      const inline = pathOf(el, 'contentSet', 'inlineXML');
      const nitf = childNamed(inline, 'nitf');
      const html = childNamed(inline, 'html');
      const headline =
        childText(contentMeta, 'headline') ||
        textContent(pathOf(nitf, 'body', 'body.head', 'hedline', 'hl1'));
      const descriptions = childrenNamed(contentMeta, 'description');
      const summary = descriptions.find((d) => /summary/.test(d.attrs.role ?? '')) ?? descriptions[0];
      return {
        uri,
        version: newsmlVersion(el.attrs.version),
        firstCreated: optionalDate(childText(itemMeta, 'firstCreated'), 'firstCreated'),
        versionCreated: optionalDate(childText(itemMeta, 'versionCreated'), 'versionCreated'),
        language: childNamed(contentMeta, 'language')?.attrs.tag ?? el.attrs['xml:lang'] ?? null,
        headline: requiredHeadline(plainText(headline), 'headline'),
        bodyHtml: nitf
          ? innerHtml(pathOf(nitf, 'body', 'body.content'))
          : html
            ? innerHtml(childNamed(html, 'body'))
            : paragraphsOf(textContent(pathOf(el, 'contentSet', 'inlineData'))),
        byline: oneLine(
          childText(contentMeta, 'by') || childText(childNamed(contentMeta, 'creator'), 'name'),
        ),
        copyright: oneLine(
          childText(rights, 'copyrightNotice') || childText(childNamed(rights, 'copyrightHolder'), 'name'),
        ),
        pubStatus: newsmlStatus(childNamed(itemMeta, 'pubStatus')?.attrs.qcode),
        subjects: childrenNamed(contentMeta, 'subject')
          .map((s) => oneLine(childText(s, 'name')))
          .filter(Boolean),
        description: summary ? oneLine(textContent(summary)) : '',
        link: '',
      };
    }),
  );
}

function newsmlVersion(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\s*\d{1,9}\s*$/.test(value)) throw new ItemProblem('newsItem@version: expected a whole number');
  return Number(value);
}

/** "stat:usable", "stat:withheld", "stat:canceled" (any scheme prefix). */
function newsmlStatus(qcode: string | undefined): PubStatus {
  if (!qcode) return 'usable';
  const code = qcode.slice(qcode.indexOf(':') + 1);
  if (code === 'usable' || code === 'withheld' || code === 'canceled') return code;
  throw new ItemProblem(`pubStatus: unknown status "${qcode}"`);
}

// ---------------------------------------------------------------- shared

class ItemProblem extends Error {}

function entryOf(el: XmlElement, read: () => FeedItem): Entry {
  const raw = outerXml(el);
  try {
    return { raw, result: { ok: true, item: read() } };
  } catch (error) {
    const uri = childText(el, 'guid') || childText(el, 'id') || el.attrs.guid || undefined;
    return { raw, uri, result: { ok: false, problems: [messageOf(error)] } };
  }
}

function requiredHeadline(text: string, field: string): string {
  const headline = oneLine(text);
  if (!headline) throw new ItemProblem(`${field}: required`);
  return headline;
}

/** RFC 822 (RSS) and ISO 8601 (Atom, NewsML) dates, as UTC ISO strings. */
function optionalDate(value: string, field: string): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new ItemProblem(`${field}: not a date: ${value.slice(0, 60)}`);
  return new Date(time).toISOString();
}

/** Text without tags, entities decoded (the view escapes it again). */
const plainText = (html: string) => decodeXmlText(textOf(html));

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
