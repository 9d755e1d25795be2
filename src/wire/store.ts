import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import { sanitizeBody } from '../articles/sanitize.js';
import { newId } from '../db/ids.js';
import type { Db, WireAlertTable, WireFormat } from '../db/schema.js';
import type { Entry, FeedItem } from './formats.js';

/**
 * The item store: every payload an agency sent, once, with what it said or
 * why it could not be read. Items are identified by their URI; a payload seen
 * before (same URI, same bytes) is a repeat and writes nothing.
 */

export interface Provenance {
  format: WireFormat | 'unknown';
  /** A URL or a file path. */
  origin: string;
  feedId: string | null;
  agencyId: string | null;
  editionCode: string | null;
}

/**
 * What recording an entry did: `new` item, `newer` version (the item now
 * shows it), `older` (kept, the item still shows the newer one), `repeat`
 * (seen before: nothing written) or `failed` (kept with its error).
 */
export type Receipt =
  | {
      kind: 'new' | 'newer' | 'older' | 'repeat';
      itemId: string;
      versionId: string;
      /** The item's status before this entry (`usable` for a new item). */
      previousStatus: FeedItem['pubStatus'];
    }
  | { kind: 'failed'; problems: string[] };

export const payloadHash = (raw: string) => createHash('sha256').update(raw).digest('hex');

/**
 * PostgreSQL text cannot hold NUL characters, which garbage and hostile
 * payloads do contain; they are kept as U+FFFD, like other undecodable bytes.
 */
const storable = (text: string) => text.replaceAll(String.fromCharCode(0), '\uFFFD');

export async function recordEntry(db: Db, entry: Entry, from: Provenance, now: Date): Promise<Receipt> {
  const hash = payloadHash(entry.raw);
  const { result } = entry;
  const sourceKey = result.ok ? result.item.uri : (entry.uri ?? `sha256:${hash}`);
  if (!result.ok) {
    await insertVersion(db, { sourceKey, hash, entry, from, error: result.problems.join('; ') }, now);
    return { kind: 'failed', problems: result.problems };
  }
  const { item } = result;
  const stored = await db
    .selectFrom('wire_items')
    .select(['id', 'version', 'version_created', 'pub_status', 'current_version_id'])
    .where('uri', '=', item.uri)
    .executeTakeFirst();
  if (stored) {
    const seen = await findVersion(db, sourceKey, hash);
    if (seen)
      return { kind: 'repeat', itemId: stored.id, versionId: seen, previousStatus: stored.pub_status };
  }
  const itemId = stored?.id ?? newId(now);
  // Sanitized once, for the version and the item alike.
  const bodyHtml = storable(sanitizeBody(item.bodyHtml));
  const versionId =
    (await insertVersion(db, { sourceKey, hash, entry, from, error: null, itemId, bodyHtml }, now)) ??
    // These bytes failed before and read now (a fixed parser): that version row becomes the item's.
    (await adoptVersion(db, sourceKey, hash, itemId));
  if (!stored) {
    await db
      .insertInto('wire_items')
      .values({
        id: itemId,
        uri: item.uri,
        ...itemColumns(item, bodyHtml, from, versionId, now),
        received_at: now.toISOString(),
      })
      .execute();
    return { kind: 'new', itemId, versionId, previousStatus: 'usable' };
  }
  if (!isNewerVersion(item, stored)) {
    return { kind: 'older', itemId, versionId, previousStatus: stored.pub_status };
  }
  await db
    .updateTable('wire_items')
    .set(itemColumns(item, bodyHtml, from, versionId, now))
    .where('id', '=', itemId)
    .execute();
  return { kind: 'newer', itemId, versionId, previousStatus: stored.pub_status };
}

async function findVersion(db: Db, sourceKey: string, hash: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('wire_item_versions')
    .select('id')
    .where('source_key', '=', sourceKey)
    .where('payload_hash', '=', hash)
    .executeTakeFirst();
  return row?.id;
}

/**
 * Versions compare as numbers; without them, the time each version was
 * created. With neither, a different payload cannot be ordered, so the
 * stored one stays current (the new one is still kept).
 */
function isNewerVersion(item: FeedItem, stored: { version: number | null; version_created: string | null }) {
  if (item.version !== null && stored.version !== null) return item.version > stored.version;
  if (item.versionCreated && stored.version_created) {
    return Date.parse(item.versionCreated) > Date.parse(stored.version_created);
  }
  return false;
}

function itemColumns(item: FeedItem, bodyHtml: string, from: Provenance, versionId: string, now: Date) {
  return {
    feed_id: from.feedId,
    agency_id: from.agencyId,
    edition_code: from.editionCode,
    format: from.format === 'unknown' ? 'ninjs' : from.format,
    language: item.language,
    headline: storable(item.headline),
    standfirst: storable(item.description),
    byline: storable(item.byline),
    copyright: storable(item.copyright),
    link: storable(item.link),
    pub_status: item.pubStatus,
    version: item.version,
    version_created: item.versionCreated,
    first_created: item.firstCreated,
    current_version_id: versionId,
    updated_at: now.toISOString(),
    body_html: bodyHtml,
  };
}

async function insertVersion(
  db: Db,
  v: {
    sourceKey: string;
    hash: string;
    entry: Entry;
    from: Provenance;
    error: string | null;
    itemId?: string;
    /** Sanitized. */
    bodyHtml?: string;
  },
  now: Date,
): Promise<string | undefined> {
  const id = newId(now);
  const item = v.entry.result.ok ? v.entry.result.item : undefined;
  const inserted = await db
    .insertInto('wire_item_versions')
    .values({
      id,
      item_id: v.itemId ?? null,
      source_key: v.sourceKey,
      payload_hash: v.hash,
      feed_id: v.from.feedId,
      edition_code: v.from.editionCode,
      format: v.from.format,
      origin: v.from.origin,
      version: item?.version ?? null,
      error: v.error === null ? null : storable(v.error),
      received_at: now.toISOString(),
      headline: storable(item?.headline ?? ''),
      standfirst: storable(item?.description ?? ''),
      body_html: v.bodyHtml ?? '',
      payload: storable(v.entry.raw),
    })
    // The same bytes under the same key again: a repeat, kept once.
    .onConflict((oc) => oc.columns(['source_key', 'payload_hash']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 ? id : undefined;
}

async function adoptVersion(db: Db, sourceKey: string, hash: string, itemId: string): Promise<string> {
  const id = await findVersion(db, sourceKey, hash);
  if (!id) throw new Error(`no stored version for ${sourceKey}`);
  await db
    .updateTable('wire_item_versions')
    .set({ item_id: itemId, error: null })
    .where('id', '=', id)
    .execute();
  return id;
}

/** A whole document that could not be read at all (invalid JSON, unsafe or malformed XML), kept with its error. */
export async function recordUnreadable(
  db: Db,
  raw: string,
  problems: string[],
  from: Provenance,
  now: Date,
): Promise<void> {
  await recordEntry(db, { raw, result: { ok: false, problems } }, from, now);
}

// ---------------------------------------------------------------- reading items

export interface WireItemSummary {
  id: string;
  uri: string;
  headline: string;
  standfirst: string;
  agencyName: string | null;
  editionCode: string | null;
  language: string | null;
  pubStatus: FeedItem['pubStatus'];
  version: number | null;
  updatedAt: string;
  /** Drafts taken from an older version of the item: "agency update available". */
  outdatedTakes: number;
  takes: number;
}

export interface DeskFilter {
  agencySlug?: string | undefined;
  editionCode?: string | undefined;
  keyword?: string | undefined;
  /** Editions the reader works in; undefined: all. Items without an edition are shown to everyone. */
  editions?: string[] | undefined;
  limit: number;
  /** `updatedAt id` of the last item of the previous page. */
  before?: { updatedAt: string; id: string } | undefined;
}

/** Incoming items, newest first. */
export async function listDeskItems(db: Db, filter: DeskFilter): Promise<WireItemSummary[]> {
  let query = db
    .selectFrom('wire_items')
    .leftJoin('agencies', 'agencies.id', 'wire_items.agency_id')
    .select([
      'wire_items.id',
      'wire_items.uri',
      'wire_items.headline',
      'wire_items.standfirst',
      'wire_items.edition_code',
      'wire_items.language',
      'wire_items.pub_status',
      'wire_items.version',
      'wire_items.updated_at',
      'wire_items.current_version_id',
      'agencies.name as agency_name',
    ])
    .orderBy('wire_items.updated_at', 'desc')
    .orderBy('wire_items.id', 'desc')
    .limit(filter.limit);
  if (filter.agencySlug) query = query.where('agencies.slug', '=', filter.agencySlug);
  if (filter.editionCode) query = query.where('wire_items.edition_code', '=', filter.editionCode);
  const { editions, before, keyword } = filter;
  if (editions) {
    query = query.where((eb) =>
      eb.or([
        eb('wire_items.edition_code', 'is', null),
        ...(editions.length > 0 ? [eb('wire_items.edition_code', 'in', editions)] : []),
      ]),
    );
  }
  if (keyword) {
    // Case-insensitive for Latin letters on both databases; Arabic has no case.
    const pattern = `%${keyword.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['wire_items.headline']), 'like', eb.val(pattern)),
        eb(eb.fn('lower', ['wire_items.standfirst']), 'like', eb.val(pattern)),
      ]),
    );
  }
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb('wire_items.updated_at', '<', before.updatedAt),
        eb.and([eb('wire_items.updated_at', '=', before.updatedAt), eb('wire_items.id', '<', before.id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const takes = await takesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const mine = takes.filter((t) => t.item_id === row.id);
    return {
      id: row.id,
      uri: row.uri,
      headline: row.headline,
      standfirst: row.standfirst,
      agencyName: row.agency_name,
      editionCode: row.edition_code,
      language: row.language,
      pubStatus: row.pub_status,
      version: row.version,
      updatedAt: row.updated_at,
      takes: mine.length,
      outdatedTakes: mine.filter((t) => t.version_id !== row.current_version_id).length,
    };
  });
}

async function takesOf(db: Db, itemIds: string[]) {
  if (itemIds.length === 0) return [];
  return db
    .selectFrom('wire_takes')
    .select(['item_id', 'version_id', 'article_id'])
    .where('item_id', 'in', itemIds)
    .execute();
}

export interface WireItemDetail {
  id: string;
  uri: string;
  headline: string;
  standfirst: string;
  bodyHtml: string;
  byline: string;
  copyright: string;
  link: string;
  language: string | null;
  pubStatus: FeedItem['pubStatus'];
  version: number | null;
  versionCreated: string | null;
  receivedAt: string;
  updatedAt: string;
  editionCode: string | null;
  feedId: string | null;
  agency: { id: string; name: string; slug: string; copyrightLine: string } | null;
  currentVersionId: string;
  versions: {
    id: string;
    version: number | null;
    receivedAt: string;
    origin: string;
    error: string | null;
  }[];
  takes: { articleId: string; versionId: string; takenAt: string; headline: string; editionCode: string }[];
}

export async function findWireItem(db: Db, id: string): Promise<WireItemDetail | undefined> {
  const row = await db
    .selectFrom('wire_items')
    .leftJoin('agencies', 'agencies.id', 'wire_items.agency_id')
    .selectAll('wire_items')
    .select([
      'agencies.name as agency_name',
      'agencies.slug as agency_slug',
      'agencies.copyright_line as agency_copyright',
    ])
    .where('wire_items.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const [versions, takes] = await Promise.all([
    db
      .selectFrom('wire_item_versions')
      .select(['id', 'version', 'received_at', 'origin', 'error'])
      .where('item_id', '=', id)
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    db
      .selectFrom('wire_takes')
      .innerJoin('articles', 'articles.id', 'wire_takes.article_id')
      .select([
        'wire_takes.article_id',
        'wire_takes.version_id',
        'wire_takes.taken_at',
        'articles.headline',
        'articles.edition_code',
      ])
      .where('wire_takes.item_id', '=', id)
      .orderBy('wire_takes.taken_at')
      .execute(),
  ]);
  return {
    id: row.id,
    uri: row.uri,
    headline: row.headline,
    standfirst: row.standfirst,
    bodyHtml: row.body_html,
    byline: row.byline,
    copyright: row.copyright,
    link: row.link,
    language: row.language,
    pubStatus: row.pub_status,
    version: row.version,
    versionCreated: row.version_created,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    editionCode: row.edition_code,
    feedId: row.feed_id,
    agency:
      row.agency_id && row.agency_name
        ? {
            id: row.agency_id,
            name: row.agency_name,
            slug: row.agency_slug ?? '',
            copyrightLine: row.agency_copyright ?? '',
          }
        : null,
    currentVersionId: row.current_version_id,
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      receivedAt: v.received_at,
      origin: v.origin,
      error: v.error,
    })),
    takes: takes.map((t) => ({
      articleId: t.article_id,
      versionId: t.version_id,
      takenAt: t.taken_at,
      headline: t.headline,
      editionCode: t.edition_code,
    })),
  };
}

export interface StoredVersionText {
  headline: string;
  standfirst: string;
  bodyHtml: string;
}

export async function versionText(db: Db, versionId: string): Promise<StoredVersionText | undefined> {
  const row = await db
    .selectFrom('wire_item_versions')
    .select(['headline', 'standfirst', 'body_html'])
    .where('id', '=', versionId)
    .executeTakeFirst();
  return row && { headline: row.headline, standfirst: row.standfirst, bodyHtml: row.body_html };
}

/**
 * Payloads that could not be read, newest first; with `editions`, only those
 * that came in for one of them (a payload of no edition is for admins only).
 */
export async function listFailures(db: Db, limit: number, editions?: string[] | undefined) {
  let query = db
    .selectFrom('wire_item_versions')
    .select(['id', 'source_key', 'origin', 'error', 'received_at', 'format'])
    .where('item_id', 'is', null)
    .orderBy('received_at', 'desc')
    .limit(limit);
  if (editions) {
    if (editions.length === 0) return [];
    query = query.where('edition_code', 'in', editions);
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    sourceKey: r.source_key,
    origin: r.origin,
    error: r.error ?? '',
    receivedAt: r.received_at,
    format: r.format,
  }));
}

export async function findPayload(db: Db, versionId: string) {
  return db
    .selectFrom('wire_item_versions')
    .select(['id', 'item_id', 'payload', 'format', 'error', 'received_at', 'edition_code'])
    .where('id', '=', versionId)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- takes and alerts

export async function recordTake(
  db: Db,
  take: { articleId: string; itemId: string; versionId: string; userId: string | null },
  now: Date,
): Promise<void> {
  await db
    .insertInto('wire_takes')
    .values({
      article_id: take.articleId,
      item_id: take.itemId,
      version_id: take.versionId,
      taken_by: take.userId,
      taken_at: now.toISOString(),
    })
    .execute();
}

export async function findTake(db: Db, articleId: string) {
  return db
    .selectFrom('wire_takes')
    .innerJoin('wire_items', 'wire_items.id', 'wire_takes.item_id')
    .select([
      'wire_takes.item_id',
      'wire_takes.version_id',
      'wire_items.current_version_id',
      'wire_items.pub_status',
      'wire_items.headline',
    ])
    .where('wire_takes.article_id', '=', articleId)
    .executeTakeFirst();
}

export async function takenArticleIds(db: Db, itemId: string): Promise<string[]> {
  const rows = await db.selectFrom('wire_takes').select('article_id').where('item_id', '=', itemId).execute();
  return rows.map((r) => r.article_id);
}

export async function recordAlert(
  db: Db,
  alert: {
    itemId: string;
    kind: 'withheld' | 'canceled';
    headline: string;
    unpublished: string[];
    taken: string[];
  },
  now: Date,
): Promise<string> {
  const id = newId(now);
  await db
    .insertInto('wire_alerts')
    .values({
      id,
      item_id: alert.itemId,
      kind: alert.kind,
      headline: alert.headline,
      unpublished: JSON.stringify(alert.unpublished),
      taken: JSON.stringify(alert.taken),
      created_at: now.toISOString(),
      dismissed_at: null,
      dismissed_by: null,
    })
    .execute();
  return id;
}

export interface WireAlert {
  id: string;
  itemId: string;
  kind: 'withheld' | 'canceled';
  headline: string;
  unpublished: number;
  taken: number;
  createdAt: string;
  /**
   * Whose alert it is: the edition of the feed the item came by, or, for an
   * item that came without one, the editions of its copies (none: anyone's).
   */
  editions: string[];
}

type AlertRow = Selectable<WireAlertTable> & { edition_code: string | null };

function alertsQuery(db: Db) {
  return db
    .selectFrom('wire_alerts')
    .innerJoin('wire_items', 'wire_items.id', 'wire_alerts.item_id')
    .selectAll('wire_alerts')
    .select('wire_items.edition_code');
}

/**
 * Kill and withhold alerts nobody has dismissed yet, newest first; with
 * `editions`, only those of the editions given (and those of no edition).
 */
export async function listOpenAlerts(
  db: Db,
  filter: { editions?: string[] | undefined } = {},
  limit = 50,
): Promise<WireAlert[]> {
  const rows = await alertsQuery(db)
    .where('wire_alerts.dismissed_at', 'is', null)
    .orderBy('wire_alerts.created_at', 'desc')
    .limit(1000)
    .execute();
  const alerts = await alertsOf(db, rows);
  const { editions } = filter;
  return alerts
    .filter((a) => !editions || a.editions.length === 0 || a.editions.some((e) => editions.includes(e)))
    .slice(0, limit);
}

/** One alert, open or dismissed. */
export async function findAlert(db: Db, id: string): Promise<WireAlert | undefined> {
  const row = await alertsQuery(db).where('wire_alerts.id', '=', id).executeTakeFirst();
  return row ? (await alertsOf(db, [row]))[0] : undefined;
}

async function alertsOf(db: Db, rows: AlertRow[]): Promise<WireAlert[]> {
  const copies = new Set<string>();
  for (const row of rows) {
    if (row.edition_code) continue;
    for (const id of [...idsOf(row.unpublished), ...idsOf(row.taken)]) copies.add(id);
  }
  const editionOf = new Map<string, string>();
  if (copies.size > 0) {
    const articles = await db
      .selectFrom('articles')
      .select(['id', 'edition_code'])
      .where('id', 'in', [...copies])
      .execute();
    for (const article of articles) editionOf.set(article.id, article.edition_code);
  }
  return rows.map((r) => {
    const ids = [...idsOf(r.unpublished), ...idsOf(r.taken)];
    const editions = r.edition_code
      ? [r.edition_code]
      : [...new Set(ids.flatMap((id) => editionOf.get(id) ?? []))];
    return {
      id: r.id,
      itemId: r.item_id,
      kind: r.kind,
      headline: r.headline,
      unpublished: idsOf(r.unpublished).length,
      taken: idsOf(r.taken).length,
      createdAt: r.created_at,
      editions,
    };
  });
}

function idsOf(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export async function dismissAlert(db: Db, id: string, userId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('wire_alerts')
    .set({ dismissed_at: now.toISOString(), dismissed_by: userId })
    .where('id', '=', id)
    .where('dismissed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Articles filed straight from an item (ingest or an auto-publishing feed), in any edition. */
export async function copiesOf(db: Db, uri: string) {
  // Naming every edition lets the (edition_code, source_uri) index answer.
  return db
    .selectFrom('articles')
    .select(['id', 'status'])
    .where('edition_code', 'in', db.selectFrom('editions').select('code'))
    .where('source_uri', '=', uri)
    .execute();
}
