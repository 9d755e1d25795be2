import { z } from 'zod';
import { textOf } from '../articles/sanitize.js';
import { decodeXmlText } from './xml.js';

/**
 * IPTC ninjs, versions 1.x, 2.x and 3.x, read into one shape. Only the fields the
 * newsroom uses are checked; everything else in an item is ignored.
 */

export type PubStatus = 'usable' | 'withheld' | 'canceled';

/** One wire item, whichever ninjs version it came in. Times are UTC ISO strings. */
export interface WireItem {
  uri: string;
  /** Null when the item has no version; then `versionCreated` orders its updates. */
  version: number | null;
  firstCreated: string | null;
  versionCreated: string | null;
  /** BCP 47 tag as the agency sent it, e.g. "ar" or "en-GB". */
  language: string | null;
  headline: string;
  /** HTML as the agency sent it (unsanitized); plain-text bodies already turned into paragraphs. */
  bodyHtml: string;
  byline: string;
  copyright: string;
  pubStatus: PubStatus;
  /** Subject names, in the agency's order. */
  subjects: string[];
  description: string;
}

export type ParsedNinjs = { ok: true; items: WireItem[] } | { ok: false; problems: string[] };

// source_version is an INTEGER column, 32 bits on PostgreSQL.
const MAX_VERSION = 2_147_483_647;

const requiredText = z.string().trim().min(1, 'must not be empty');
const optionalText = z.string().nullish();

/** ninjs 1.x sends versions as strings, 2.x as numbers; either way they compare as numbers. */
const version = z.union(
  [
    z.int().min(0).max(MAX_VERSION),
    z
      .string()
      .regex(/^\s*\d+\s*$/)
      .transform(Number)
      .pipe(z.int().max(MAX_VERSION)),
  ],
  { error: 'expected a whole number (or one written as a string)' },
);

const dateTime = z.iso
  .datetime({ offset: true, error: 'expected a date-time with a time zone, like 2024-05-01T09:30:00Z' })
  .transform((value) => new Date(value).toISOString());

const pubStatus = z.enum(['usable', 'withheld', 'canceled']);

const commonFields = {
  uri: requiredText,
  version: version.nullish(),
  firstcreated: dateTime.nullish(),
  versioncreated: dateTime.nullish(),
  language: optionalText,
  copyrightnotice: optionalText,
  pubstatus: pubStatus.nullish(),
};

const ninjs1 = z.object({
  ...commonFields,
  headline: requiredText,
  body_html: optionalText,
  body_text: optionalText,
  byline: optionalText,
  description_text: optionalText,
  subject: z.array(z.object({ name: optionalText, code: optionalText })).nullish(),
});

const textBlock = z.object({ value: z.string(), role: optionalText, contenttype: optionalText });

const ninjs2 = z.object({
  ...commonFields,
  headlines: z.array(textBlock.extend({ value: requiredText })).min(1, 'required'),
  bodies: z.array(textBlock.extend({ contenttype: z.enum(['text/html', 'text/plain']) })).nullish(),
  by: optionalText,
  descriptions: z.array(textBlock).nullish(),
  subjects: z.array(z.object({ name: optionalText, uri: optionalText })).nullish(),
});

type Ninjs1 = z.infer<typeof ninjs1>;
type Ninjs2 = z.infer<typeof ninjs2>;
type TextBlock = z.infer<typeof textBlock>;

// Zod's own wording for a missing field is "expected string, received undefined".
const requiredMessage: z.core.$ZodErrorMap = (issue) =>
  issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')
    ? 'required'
    : undefined;

/**
 * Reads a parsed JSON document holding one ninjs item or an array of them.
 * Any invalid item rejects the whole document; problems read "path: message",
 * paths starting with the item's index when the document is an array.
 */
export function parseNinjs(json: unknown): ParsedNinjs {
  const isArray = Array.isArray(json);
  const candidates: unknown[] = isArray ? json : [json];
  if (candidates.length === 0) return { ok: false, problems: ['no items in the array'] };
  const items: WireItem[] = [];
  const problems: string[] = [];
  candidates.forEach((candidate, index) => {
    const parsed = parseItem(candidate);
    if (parsed.ok) {
      items.push(parsed.item);
      return;
    }
    for (const issue of parsed.problems) {
      const path = formatPath(isArray ? [index, ...issue.path] : issue.path);
      problems.push(path ? `${path}: ${issue.message}` : issue.message);
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, items };
}

interface Problem {
  path: PropertyKey[];
  message: string;
}

function parseItem(input: unknown): { ok: true; item: WireItem } | { ok: false; problems: Problem[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ path: [], message: 'expected a ninjs item (an object)' }] };
  }
  const candidate = fromNinjs3(input);
  const item = isNinjs2(candidate)
    ? read(ninjs2, candidate, fromNinjs2)
    : read(ninjs1, candidate, fromNinjs1);
  if (!item.ok) return item;
  // An HTML headline can still be empty once its tags are gone.
  if (!item.item.headline) {
    const field = isNinjs2(candidate) ? 'headlines' : 'headline';
    return { ok: false, problems: [{ path: [field], message: 'has no text' }] };
  }
  return item;
}

function read<T>(
  schema: z.ZodType<T>,
  candidate: object,
  normalize: (data: T) => WireItem,
): { ok: true; item: WireItem } | { ok: false; problems: Problem[] } {
  const parsed = schema.safeParse(candidate, { error: requiredMessage });
  return parsed.success
    ? { ok: true, item: normalize(parsed.data) }
    : { ok: false, problems: parsed.error.issues };
}

/** ninjs 3.x names in camelCase what 2.x names in lowercase; everything else is 2.x. */
const NINJS3_NAMES: Record<string, string> = {
  firstCreated: 'firstcreated',
  versionCreated: 'versioncreated',
  pubStatus: 'pubstatus',
  copyrightNotice: 'copyrightnotice',
};
const NINJS3_BLOCKS = ['headlines', 'bodies', 'descriptions'];

function fromNinjs3(candidate: object): object {
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(candidate)) {
    const name = NINJS3_NAMES[key] ?? key;
    renamed[name] =
      NINJS3_BLOCKS.includes(name) && Array.isArray(value) ? value.map(lowercaseContentType) : value;
  }
  return renamed;
}

function lowercaseContentType(block: unknown): unknown {
  if (typeof block !== 'object' || block === null || !('contentType' in block)) return block;
  return Object.fromEntries(
    Object.entries(block).map(([key, value]) => [key === 'contentType' ? 'contenttype' : key, value]),
  );
}

/** 2.x renamed the text fields to plural arrays; 1.x has none of these names. */
function isNinjs2(candidate: object): boolean {
  return ['headlines', 'bodies', 'descriptions', 'subjects', 'by'].some((field) => field in candidate);
}

function fromNinjs1(item: Ninjs1): WireItem {
  return {
    ...commonOf(item),
    headline: oneLine(item.headline),
    bodyHtml: item.body_html ?? paragraphsOf(item.body_text ?? ''),
    byline: oneLine(item.byline ?? ''),
    description: oneLine(item.description_text ?? ''),
    subjects: namesOf(item.subject ?? []),
  };
}

function fromNinjs2(item: Ninjs2): WireItem {
  const headline = mainBlock(item.headlines);
  const description = summaryBlock(item.descriptions ?? []);
  return {
    ...commonOf(item),
    headline: headline ? plainTextOf(headline) : '',
    bodyHtml: bodyHtmlOf(item.bodies ?? []),
    byline: oneLine(item.by ?? ''),
    description: description ? plainTextOf(description) : '',
    subjects: namesOf(item.subjects ?? []),
  };
}

function commonOf(item: Ninjs1 | Ninjs2) {
  return {
    uri: item.uri,
    version: item.version ?? null,
    firstCreated: item.firstcreated ?? null,
    versionCreated: item.versioncreated ?? null,
    language: item.language?.trim() || null,
    copyright: item.copyrightnotice?.trim() ?? '',
    pubStatus: item.pubstatus ?? 'usable',
  };
}

/** The block without a role or with role "main", else the first. */
function mainBlock<T extends { role?: string | null | undefined }>(blocks: T[]): T | undefined {
  return blocks.find((block) => !block.role || block.role === 'main') ?? blocks[0];
}

/** A standfirst comes from a summary; other roles (captions, notes) are not one. */
function summaryBlock(blocks: TextBlock[]): TextBlock | undefined {
  return blocks.find((block) => block.role === 'summary') ?? blocks.find((block) => !block.role);
}

/** The main body, HTML preferred over its plain-text rendition. */
function bodyHtmlOf(bodies: { value: string; role?: string | null; contenttype: string }[]): string {
  const main = bodies.filter((body) => !body.role || body.role === 'main');
  const candidates = main.length > 0 ? main : bodies;
  const body = candidates.find((b) => b.contenttype === 'text/html') ?? candidates[0];
  if (!body) return '';
  return body.contenttype === 'text/html' ? body.value : paragraphsOf(body.value);
}

function plainTextOf(block: TextBlock): string {
  // textOf leaves entities escaped; headlines are stored as text and escaped once, by the view.
  return oneLine(block.contenttype === 'text/html' ? decodeXmlText(textOf(block.value)) : block.value);
}

function namesOf(subjects: { name?: string | null | undefined }[]): string[] {
  return subjects.flatMap((subject) => {
    const name = oneLine(subject.name ?? '');
    return name ? [name] : [];
  });
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Plain wire text as escaped paragraphs. Text with blank lines between
 * paragraphs may be hard-wrapped inside them, so single newlines there are
 * spaces; text without blank lines has one paragraph per line.
 */
export function paragraphsOf(text: string): string {
  const normalized = text.replace(/\r\n?/g, '\n').trim();
  const paragraphs = /\n\s*\n/.test(normalized) ? normalized.split(/\n\s*\n/) : normalized.split('\n');
  return paragraphs
    .map(oneLine)
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
    .join('\n');
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A zod issue path as people write it: `[1].subjects[0].name`. */
function formatPath(path: PropertyKey[]): string {
  return path
    .map((key, position) => {
      if (typeof key === 'number') return `[${key}]`;
      return position === 0 ? String(key) : `.${String(key)}`;
    })
    .join('');
}
