import { readFile } from 'node:fs/promises';
import { articlePath } from '../articles/paths.js';
import { slugify } from '../articles/slugs.js';
import { type ArticleInput, type BylinePart, createArticle, updateArticle } from '../articles/store.js';
import type { ArticleStatus, Db } from '../db/schema.js';
import { type Edition, listEditions } from '../editions/queries.js';
import { type PubStatus, parseNinjs, type WireItem } from './ninjs.js';
import {
  type AgencyRef,
  createContributor,
  findArticleBySource,
  findContributorByNameOrSlug,
  findOrCreateTopic,
  listAgencies,
  type SourcedArticle,
  uniqueSlug,
} from './queries.js';

export interface IngestOptions {
  /** Publish usable items; without it they arrive as drafts. */
  publish: boolean;
  /** File every item in this edition instead of the one speaking its language. */
  editionCode?: string | undefined;
  /** Origin of public URLs, without a trailing slash (config.publicUrl). */
  publicUrl: string;
}

export type IngestAction = 'created' | 'updated' | 'unchanged';

export interface IngestedItem {
  action: IngestAction;
  articleId: string;
  editionCode: string;
  slug: string;
  /** Only for published articles: drafts have no public URL. */
  url?: string;
}

/** One line of the report: an item that went in, or a file or item that did not. */
export type IngestOutcome =
  | { file: string; ok: true; item: IngestedItem }
  | { file: string; ok: false; problems: string[] };

type ArticleState = Pick<SourcedArticle, 'id' | 'slug' | 'status' | 'firstPublishedAt'>;

/**
 * Files one wire item as an article: created, updated when it is a newer
 * version of one already ingested, or left alone. Everything it writes (new
 * topics, a new contributor, the article and its change-log entry) is one
 * transaction, so a failure leaves nothing behind.
 */
export async function ingestItem(
  db: Db,
  item: WireItem,
  options: IngestOptions,
  now: Date,
): Promise<IngestedItem> {
  return db.transaction().execute((trx) => ingestWithin(trx, item, options, now));
}

async function ingestWithin(
  db: Db,
  item: WireItem,
  options: IngestOptions,
  now: Date,
): Promise<IngestedItem> {
  const edition = await editionFor(db, item, options.editionCode);
  const existing = await findArticleBySource(db, edition.code, item.uri);
  if (existing && !isNewer(item, existing)) {
    return ingestedItem('unchanged', existing, edition, options.publicUrl);
  }
  const input = await articleInputFor(db, item, edition, existing, options.publish, now);
  if (existing) {
    await updateArticle(db, existing.id, input, now);
    return ingestedItem('updated', { ...input, id: existing.id }, edition, options.publicUrl);
  }
  const id = await createArticle(db, input, now);
  return ingestedItem('created', { ...input, id }, edition, options.publicUrl);
}

/** `--edition` when given, else the edition in the item's language (exact tag first, then primary subtag). */
async function editionFor(db: Db, item: WireItem, editionCode: string | undefined): Promise<Edition> {
  const editions = await listEditions(db);
  if (editionCode) {
    const chosen = editions.find((edition) => edition.code === editionCode);
    if (!chosen) throw new Error(`no edition "${editionCode}"`);
    return chosen;
  }
  if (!item.language) throw new Error('the item has no language: choose an edition with --edition');
  const tag = item.language.toLowerCase();
  const primary = tag.split('-')[0];
  const chosen =
    editions.find((edition) => edition.language.toLowerCase() === tag) ??
    editions.find((edition) => edition.language.toLowerCase().split('-')[0] === primary);
  if (!chosen) throw new Error(`no edition in language "${item.language}": choose one with --edition`);
  return chosen;
}

/**
 * Versions compare as numbers. Without a version on either side, the time the
 * version was created orders them; with neither, a repeat cannot be told from
 * an update, so it is left alone.
 */
function isNewer(item: WireItem, stored: SourcedArticle): boolean {
  if (item.version !== null && stored.sourceVersion !== null) return item.version > stored.sourceVersion;
  if (item.versionCreated && stored.lastUpdatedAt) {
    return Date.parse(item.versionCreated) > Date.parse(stored.lastUpdatedAt);
  }
  return false;
}

async function articleInputFor(
  db: Db,
  item: WireItem,
  edition: Edition,
  existing: SourcedArticle | undefined,
  publish: boolean,
  now: Date,
): Promise<ArticleInput> {
  const status = statusFor(item.pubStatus, existing?.status, publish);
  const byline = await bylineFor(db, item.byline, now);
  const firstPublishedAt =
    existing?.firstPublishedAt ??
    (status === 'published' ? (item.firstCreated ?? item.versionCreated ?? now.toISOString()) : null);
  return {
    editionCode: edition.code,
    slug: await slugFor(db, edition.code, item.headline, existing),
    headline: item.headline,
    standfirst: item.description,
    bodyHtml: item.bodyHtml,
    copyright: item.copyright || byline.agency?.copyrightLine || '',
    status,
    topicIds: await topicIdsFor(db, edition.code, item.subjects, now),
    byline: byline.parts,
    // The wire knows nothing of these; what the desk set stays.
    sectionId: existing?.sectionId ?? null,
    leadMediaId: existing?.leadMediaId ?? null,
    translationGroup: existing?.translationGroup ?? null,
    firstPublishedAt,
    lastUpdatedAt: item.versionCreated ?? now.toISOString(),
    sourceUri: item.uri,
    sourceVersion: item.version,
  };
}

/**
 * Usable items go live with `--publish`; canceled and withheld ones never do,
 * and take a live article down. Without `--publish` an article keeps the
 * status the desk gave it, and a new one is a draft.
 */
function statusFor(
  pubStatus: PubStatus,
  current: ArticleStatus | undefined,
  publish: boolean,
): ArticleStatus {
  if (pubStatus !== 'usable') return current === 'published' ? 'unpublished' : (current ?? 'draft');
  if (publish) return 'published';
  return current ?? 'draft';
}

async function slugFor(
  db: Db,
  editionCode: string,
  headline: string,
  existing: SourcedArticle | undefined,
): Promise<string> {
  // Once published, the URL is out in the world: a new headline does not move it.
  if (existing?.firstPublishedAt) return existing.slug;
  return uniqueSlug(db, editionCode, slugify(headline), existing?.id ?? null);
}

/** An agency by name or slug (any case), else a contributor by name or slug, else a new contributor. */
async function bylineFor(
  db: Db,
  name: string,
  now: Date,
): Promise<{ parts: BylinePart[]; agency?: AgencyRef | undefined }> {
  if (!name) return { parts: [] };
  const wanted = name.toLowerCase();
  const agency = (await listAgencies(db)).find(
    (candidate) => candidate.name.toLowerCase() === wanted || candidate.slug.toLowerCase() === wanted,
  );
  if (agency) return { parts: [{ agencyId: agency.id }], agency };
  const slug = slugify(name);
  const contributorId =
    (await findContributorByNameOrSlug(db, name, slug)) ?? (await createContributor(db, name, slug, now));
  return { parts: [{ contributorId }] };
}

/** The edition's topics for these subject names, created when missing; one per slug. */
async function topicIdsFor(db: Db, editionCode: string, subjects: string[], now: Date): Promise<string[]> {
  const namesBySlug = new Map<string, string>();
  for (const name of subjects) {
    const slug = slugify(name);
    if (!namesBySlug.has(slug)) namesBySlug.set(slug, name);
  }
  const ids: string[] = [];
  for (const [slug, name] of namesBySlug) ids.push(await findOrCreateTopic(db, editionCode, slug, name, now));
  return ids;
}

function ingestedItem(
  action: IngestAction,
  article: ArticleState,
  edition: Edition,
  publicUrl: string,
): IngestedItem {
  const described = { action, articleId: article.id, editionCode: edition.code, slug: article.slug };
  if (article.status !== 'published' || !article.firstPublishedAt) return described;
  const path = articlePath(edition.code, article.slug, article.firstPublishedAt, edition.timeZone);
  return { ...described, url: `${publicUrl}${path}` };
}

/**
 * Ingests every item of every file, in order. A file that cannot be read or
 * parsed, or holds any invalid item, is reported and skipped as a whole; an
 * item that fails is reported and the rest go on.
 */
export async function ingestFiles(
  db: Db,
  files: string[],
  options: IngestOptions,
  now: Date,
): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  for (const file of files) {
    const read = await readWireFile(file);
    if (!read.ok) {
      outcomes.push({ file, ok: false, problems: read.problems });
      continue;
    }
    for (const [index, item] of read.items.entries()) {
      try {
        outcomes.push({ file, ok: true, item: await ingestItem(db, item, options, now) });
      } catch (error) {
        const where = read.inArray ? `[${index}]: ` : '';
        outcomes.push({ file, ok: false, problems: [`${where}${messageOf(error)}`] });
      }
    }
  }
  return outcomes;
}

async function readWireFile(
  file: string,
): Promise<{ ok: true; items: WireItem[]; inArray: boolean } | { ok: false; problems: string[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`cannot read: ${messageOf(error)}`] };
  }
  let json: unknown;
  try {
    // Some agency systems write a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problems: [`invalid JSON: ${messageOf(error)}`] };
  }
  const parsed = parseNinjs(json);
  return parsed.ok ? { ...parsed, inArray: Array.isArray(json) } : parsed;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Counts for the closing line: one failure per rejected file or failed item. */
export function tally(outcomes: IngestOutcome[]): Record<IngestAction | 'failed', number> {
  const counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const outcome of outcomes) {
    if (outcome.ok) counts[outcome.item.action] += 1;
    else counts.failed += 1;
  }
  return counts;
}
