import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { recordAudit } from '../accounts/audit.js';
import { articlePath } from '../articles/paths.js';
import { agencyNamed, resolveBylineName, resolveTopics } from '../articles/resolve.js';
import type { ArticleSnapshot, BylinePart } from '../articles/revisions.js';
import {
  type Act,
  type AgencyVersion,
  applyAgencyUpdate,
  createArticleThroughDoor,
  withdrawWireCopy,
} from '../articles/workflow.js';
import type { ArticleStatus, Db } from '../db/schema.js';
import { type Edition, listEditions } from '../editions/queries.js';
import { type FetchLimits, fetchSource } from './fetch.js';
import { type Entry, type FeedItem, parseDocument } from './formats.js';
import type { PubStatus, WireItem } from './ninjs.js';
import { type AgencyRef, findArticleBySource, listAgencies, type SourcedArticle } from './queries.js';
import {
  copiesOf,
  type Provenance,
  type Receipt,
  recordAlert,
  recordEntry,
  recordUnreadable,
  takenArticleIds,
} from './store.js';

export interface IngestOptions {
  /** Publish usable items; without it they arrive as drafts. */
  publish: boolean;
  /** File every item in this edition instead of the one speaking its language. */
  editionCode?: string | undefined;
  /** Origin of public URLs, without a trailing slash (config.publicUrl). */
  publicUrl: string;
  /** A feed's section for the articles it creates. */
  sectionId?: string | null | undefined;
  /** A feed's agency: the byline and, when the item has none, the copyright line. */
  agencyId?: string | null | undefined;
  /** Editions and agencies read once for a batch of entries rather than for each. */
  lookups?: Lookups | undefined;
  /** The door the articles' revisions name: the poller's feeds are 'wire' (the default), `sahifa ingest` is 'cli'. */
  source?: 'wire' | 'cli' | undefined;
}

export interface Lookups {
  editions: (db: Db) => Promise<Edition[]>;
  agencies: (db: Db) => Promise<AgencyRef[]>;
}

/** Lookups that read the database once each, on first use. */
export function batchLookups(): Lookups {
  let editions: Promise<Edition[]> | undefined;
  let agencies: Promise<AgencyRef[]> | undefined;
  return {
    editions: (db) => {
      editions ??= listEditions(db);
      return editions;
    },
    agencies: (db) => {
      agencies ??= listAgencies(db);
      return agencies;
    },
  };
}

const freshLookups: Lookups = { editions: listEditions, agencies: listAgencies };

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
 * version of one already ingested, or left alone. The item goes into the
 * item store first; everything it writes (the stored version, new topics, a
 * new contributor, the article and its change-log entry) is one transaction,
 * so a failure leaves no half-filed article behind (only the payload is kept).
 */
export async function ingestItem(
  db: Db,
  item: WireItem,
  options: IngestOptions,
  now: Date,
): Promise<IngestedItem> {
  const entry: Entry = { raw: JSON.stringify(item), result: { ok: true, item: { link: '', ...item } } };
  const accepted = await acceptEntry(db, entry, provenanceOf(options, 'ninjs', ''), options, now);
  if (!accepted.article) throw new Error(accepted.problems.join('; '));
  return accepted.article;
}

export interface Accepted {
  receipt: Receipt;
  /** The article filed, when the entry was filed as one. */
  article?: IngestedItem | undefined;
  problems: string[];
}

/**
 * One entry of a feed or file, in one transaction: kept in the item store,
 * filed as an article when `filing` says so (ingest, auto-publishing feeds),
 * and, when the agency withdraws an item it had released, its live copies
 * come down and the editors are alerted.
 */
export async function acceptEntry(
  db: Db,
  entry: Entry,
  from: Provenance,
  filing: IngestOptions | null,
  now: Date,
  lookups: Lookups = filing?.lookups ?? freshLookups,
): Promise<Accepted> {
  try {
    return await db.transaction().execute((trx) => acceptWithin(trx, entry, from, filing, now, lookups));
  } catch (error) {
    // Filing failed and took the stored payload down with it: keep the payload at least (best effort).
    if (filing) {
      await db
        .transaction()
        .execute((trx) => acceptWithin(trx, entry, from, null, now, lookups))
        .catch(() => undefined);
    }
    throw error;
  }
}

async function acceptWithin(
  db: Db,
  entry: Entry,
  from: Provenance,
  filing: IngestOptions | null,
  now: Date,
  lookups: Lookups,
): Promise<Accepted> {
  // Without a feed's agency, an agency named as the byline is the item's.
  const agencyId =
    from.agencyId ?? (entry.result.ok ? await agencyIdNamed(db, lookups, entry.result.item.byline) : null);
  const receipt = await recordEntry(db, entry, { ...from, agencyId }, now);
  if (receipt.kind === 'failed' || !entry.result.ok) {
    return { receipt, problems: receipt.kind === 'failed' ? receipt.problems : [] };
  }
  const { item } = entry.result;
  const article = filing ? await ingestWithin(db, item, filing, now) : undefined;
  const withdrawn =
    receipt.kind === 'newer' && receipt.previousStatus === 'usable' && item.pubStatus !== 'usable';
  if (withdrawn)
    await withdraw(db, receipt.itemId, item, { userId: null, now, source: filing?.source ?? 'wire' });
  return { receipt, article, problems: [] };
}

/**
 * Entries per transaction when a document holds many. Commits are most of
 * what ingest costs (SQLite writes out every page a transaction dirtied), so
 * a batch shares one; a batch holds the connection for a fraction of a second.
 */
const ENTRIES_PER_COMMIT = 100;

/**
 * Every entry of a document, as `acceptEntry` would, in batches. When an
 * entry throws, its batch is undone and done again one entry per
 * transaction, so only that entry fails (with its error) and the rest go in.
 */
export async function acceptEntries(
  db: Db,
  entries: Entry[],
  from: Provenance,
  filing: IngestOptions | null,
  now: Date,
): Promise<(Accepted | { error: unknown })[]> {
  const results: (Accepted | { error: unknown })[] = [];
  for (let start = 0; start < entries.length; start += ENTRIES_PER_COMMIT) {
    const batch = entries.slice(start, start + ENTRIES_PER_COMMIT);
    const lookups = filing?.lookups ?? batchLookups();
    const batchFiling = filing && { ...filing, lookups };
    try {
      const accepted = await db.transaction().execute(async (trx) => {
        const done: Accepted[] = [];
        for (const entry of batch) done.push(await acceptWithin(trx, entry, from, batchFiling, now, lookups));
        return done;
      });
      results.push(...accepted);
    } catch {
      for (const entry of batch) {
        try {
          results.push(await acceptEntry(db, entry, from, batchFiling, now, lookups));
        } catch (error) {
          results.push({ error });
        }
      }
    }
  }
  return results;
}

/** Where entries filed with these options came from, for the item store. */
export function provenanceOf(
  options: IngestOptions,
  format: Provenance['format'],
  origin: string,
): Provenance {
  return {
    format,
    origin,
    feedId: null,
    agencyId: options.agencyId ?? null,
    editionCode: options.editionCode ?? null,
  };
}

/**
 * A kill or withhold: every published copy filed straight from the item comes
 * down; drafts the desk took from it are left to the editors, who get an
 * alert (wire desk, dashboard) and an audit-log entry.
 */
async function withdraw(db: Db, itemId: string, item: FeedItem | WireItem, act: Act): Promise<void> {
  const { now } = act;
  const unpublished: string[] = [];
  for (const copy of await copiesOf(db, item.uri)) {
    if (copy.status === 'unpublished') unpublished.push(copy.id);
    if (copy.status !== 'published') continue;
    await withdrawWireCopy(db, copy.id, act);
    unpublished.push(copy.id);
  }
  const taken = await takenArticleIds(db, itemId);
  const kind = item.pubStatus === 'canceled' ? 'canceled' : 'withheld';
  const alertId = await recordAlert(db, { itemId, kind, headline: item.headline, unpublished, taken }, now);
  await recordAudit(
    db,
    {
      userId: null,
      action: kind === 'canceled' ? 'wire.kill' : 'wire.withhold',
      subjectType: 'wire_item',
      subjectId: itemId,
      details: { uri: item.uri, alertId, unpublished, taken },
    },
    now,
  );
}

async function ingestWithin(
  db: Db,
  item: WireItem,
  options: IngestOptions,
  now: Date,
): Promise<IngestedItem> {
  const edition = await editionFor(db, item, options);
  const existing = await findArticleBySource(db, edition.code, item.uri);
  if (existing && !isNewer(item, existing)) {
    return ingestedItem('unchanged', existing, edition, options.publicUrl);
  }
  const version = await agencyVersionFor(db, item, edition, existing, options, now);
  const act: Act = { userId: null, now, source: options.source ?? 'wire' };
  if (existing) {
    await applyAgencyUpdate(db, existing.id, version, act);
    return ingestedItem('updated', await stateOf(db, existing.id), edition, options.publicUrl);
  }
  const id = await createArticleThroughDoor(
    db,
    { editionCode: edition.code, ...version, sourceUri: item.uri },
    act,
  );
  return ingestedItem('created', await stateOf(db, id), edition, options.publicUrl);
}

/** The article as filed, for the report (the door chose its slug). */
async function stateOf(db: Db, id: string): Promise<ArticleState> {
  const row = await db
    .selectFrom('articles')
    .select(['id', 'slug', 'status', 'first_published_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { id: row.id, slug: row.slug, status: row.status, firstPublishedAt: row.first_published_at };
}

/** `--edition` when given, else the edition in the item's language (exact tag first, then primary subtag). */
async function editionFor(db: Db, item: WireItem, options: IngestOptions): Promise<Edition> {
  const { editionCode } = options;
  const editions = await (options.lookups ?? freshLookups).editions(db);
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

async function agencyVersionFor(
  db: Db,
  item: WireItem,
  edition: Edition,
  existing: SourcedArticle | undefined,
  options: IngestOptions,
  now: Date,
): Promise<AgencyVersion> {
  const status = statusFor(item.pubStatus, existing?.status, options.publish);
  const lookups = options.lookups ?? freshLookups;
  const agencies = await lookups.agencies(db);
  const byline =
    feedBylineFor(agencies, options.agencyId) ?? (await resolveBylineName(db, agencies, item.byline, now));
  const firstPublishedAt =
    existing?.firstPublishedAt ??
    (status === 'published' ? (item.firstCreated ?? item.versionCreated ?? now.toISOString()) : null);
  const snapshot: ArticleSnapshot = {
    // The door makes it from the headline until first publication, and keeps it after.
    slug: '',
    headline: item.headline,
    standfirst: item.description,
    bodyHtml: item.bodyHtml,
    copyright: item.copyright || byline.agency?.copyrightLine || '',
    topicIds: await resolveTopics(db, edition.code, item.subjects, now),
    byline: byline.parts,
    // The wire knows nothing of these; what the desk set stays.
    sectionId: existing ? existing.sectionId : (options.sectionId ?? null),
    leadMediaId: existing?.leadMediaId ?? null,
  };
  return {
    snapshot,
    status,
    firstPublishedAt,
    lastUpdatedAt: item.versionCreated ?? now.toISOString(),
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

async function agencyIdNamed(db: Db, lookups: Lookups, byline: string): Promise<string | null> {
  return agencyNamed(await lookups.agencies(db), byline)?.id ?? null;
}

/** A feed's agency is the byline of everything it brings. */
function feedBylineFor(
  agencies: AgencyRef[],
  agencyId: string | null | undefined,
): { parts: BylinePart[]; agency?: AgencyRef | undefined } | undefined {
  if (!agencyId) return undefined;
  const agency = agencies.find((candidate) => candidate.id === agencyId);
  return agency ? { parts: [{ agencyId: agency.id }], agency } : undefined;
}

function ingestedItem(
  action: IngestAction,
  article: ArticleState,
  edition: Edition,
  publicUrl: string,
): IngestedItem {
  const described = { action, articleId: article.id, editionCode: edition.code, slug: article.slug };
  if (article.status !== 'published' || !article.firstPublishedAt) return described;
  const urlPath = articlePath(edition.code, article.slug, article.firstPublishedAt, edition.timeZone);
  return { ...described, url: `${publicUrl}${urlPath}` };
}

export interface SourceOptions {
  /** For URLs; Node's fetch unless a test gives another. */
  fetch?: typeof fetch;
  limits?: Partial<FetchLimits>;
  /** Called after each file or URL, e.g. to move a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Ingests every item of every file, folder (its files, recursively, in name
 * order; hidden ones skipped) and http(s) URL, in order, whatever the format.
 * A source that cannot be read or parsed is reported and skipped as a whole,
 * and so is a ninjs file holding any invalid item; in XML feeds a bad item is
 * reported and the rest go on. Every payload is kept in the item store,
 * failures with their error.
 */
export async function ingestFiles(
  db: Db,
  sources: string[],
  options: IngestOptions,
  now: Date,
  extra: SourceOptions = {},
): Promise<IngestOutcome[]> {
  const files = await expandSources(sources);
  const outcomes: IngestOutcome[] = [];
  for (const [done, file] of files.entries()) {
    const read = await readSource(file, extra);
    if (read.ok) outcomes.push(...(await ingestDocument(db, read.text, file, options, now)));
    else outcomes.push({ file, ok: false, problems: read.problems });
    extra.onProgress?.(done + 1, files.length);
  }
  return outcomes;
}

/** One document's items, each filed or reported; the document itself kept when it cannot be read. */
export async function ingestDocument(
  db: Db,
  text: string,
  file: string,
  options: IngestOptions,
  now: Date,
): Promise<IngestOutcome[]> {
  const parsed = parseDocument(text);
  const from = provenanceOf(options, parsed.format, file);
  if (!parsed.ok || parsed.problems) {
    const problems = parsed.problems ?? [];
    await recordUnreadable(db, text, problems, from, now);
    return [{ file, ok: false, problems }];
  }
  const indexed = parsed.format !== 'ninjs' || text.trimStart().startsWith('[');
  const results = await acceptEntries(db, parsed.entries, from, options, now);
  return results.map((result, index): IngestOutcome => {
    const where = indexed ? `[${index}]: ` : '';
    if ('error' in result) return { file, ok: false, problems: [`${where}${messageOf(result.error)}`] };
    if (result.article) return { file, ok: true, item: result.article };
    return { file, ok: false, problems: result.problems.map((problem) => `${where}${problem}`) };
  });
}

const isUrl = (source: string) => /^https?:\/\//i.test(source);

/** Folders become their files; URLs, files and missing paths stay as they are (a missing one is reported later). */
async function expandSources(sources: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const source of sources) {
    if (isUrl(source)) {
      files.push(source);
      continue;
    }
    const info = await stat(source).catch(() => undefined);
    if (info?.isDirectory()) files.push(...(await filesIn(source)));
    else files.push(source);
  }
  return files;
}

export async function filesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await filesIn(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

async function readSource(
  source: string,
  extra: SourceOptions,
): Promise<{ ok: true; text: string } | { ok: false; problems: string[] }> {
  if (isUrl(source)) {
    const fetched = await fetchSource(source, { fetch: extra.fetch, limits: extra.limits });
    if (fetched.kind === 'ok') return { ok: true, text: fetched.text };
    return { ok: false, problems: [fetched.kind === 'failed' ? fetched.error : 'not modified'] };
  }
  try {
    return { ok: true, text: await readFile(source, 'utf8') };
  } catch (error) {
    return { ok: false, problems: [`cannot read: ${messageOf(error)}`] };
  }
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
