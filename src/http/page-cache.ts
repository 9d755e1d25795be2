import { getHeapStatistics } from 'node:v8';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { preparedQuery } from '../db/prepared.js';
import type { Db } from '../db/schema.js';

/** A rendered response kept in memory, with its compressed forms made on first demand. */
export interface CachedPage {
  status: number;
  body: Buffer<ArrayBuffer>;
  contentType: string;
  etag: string;
  cacheControl: string;
  /** Headers the handler set that every client needs on every reply, e.g. CORS on the content API. */
  headers: Readonly<Record<string, string>>;
  tags: readonly string[];
  /** Milliseconds (the cache's clock) after which the page is rendered again; absent: kept until purged. */
  freshUntil?: number;
  gzip?: Buffer<ArrayBuffer>;
  br?: Buffer<ArrayBuffer>;
  /** Full replies to plain GETs, by content encoding, built on first use (the hot path). */
  replies?: Map<
    string,
    { status: number; headers: Record<string, string>; body: Buffer<ArrayBuffer> | null }
  >;
  /** Set by the cache: the key it is stored under and the bytes counted for it. */
  stored?: { key: string; bytes: number };
  /** Set by the cache: its use count when this page last moved to the recent end. */
  touched?: number;
}

/**
 * Which query parameters make a distinct page, declared by the route that
 * reads them: a list of names (others, e.g. `utm_*`, are left out of the key),
 * or 'all' for a route that refuses unknown parameters itself (the content API).
 */
export type QueryRule = readonly string[] | 'all';

export interface PageCacheOptions {
  /** Bound on the memory the pages take: bodies, compressed forms, headers and keys. */
  maxBytes?: number;
  /** How long a skipped change-log seq is looked for again (PostgreSQL commits out of seq order). */
  changeLogWindowMs?: number;
  /** Milliseconds clock for the change-log window (tests). */
  now?: () => number;
}

/** Default bound: 64 MB, or an eighth of the V8 heap limit if that is smaller. */
export function defaultPageCacheBytes(): number {
  return Math.min(64 * 1024 * 1024, Math.floor(getHeapStatistics().heap_size_limit / 8));
}

/** A page larger than this fraction of the bound is served but not kept: one page never evicts the rest. */
const MAX_ENTRY_FRACTION = 1 / 8;
/** Objects, map slots and tag sets around each entry, counted on top of its strings and buffers. */
const ENTRY_OVERHEAD_BYTES = 1024;
/** A memoized reply: its header object (the body is a buffer the entry already counts). */
const REPLY_OVERHEAD_BYTES = 512;
/** At most this many skipped seqs are tracked; beyond, the cache is emptied rather than risk a stale page. */
const MAX_GAPS = 10_000;
const CHANGE_LOG_BATCH = 10_000;
/**
 * Bytes of request URLs (with a query) whose cache key `lookup` remembers: enough for the few
 * URLs asked for again and again (every page of a live coverage polls the same `…/updates?after=`),
 * emptied when full so junk query strings cannot grow it.
 */
const MAX_KEY_MEMO_BYTES = 256 * 1024;

/**
 * The cache key of a request path with query: the path, then only the
 * parameters the route declared, in name order. Unknown parameters name the
 * same page as none, so junk query strings cannot fill the cache.
 */
export function canonicalKey(pathAndQuery: string, rule: QueryRule): string {
  const mark = pathAndQuery.indexOf('?');
  if (mark === -1) return pathAndQuery;
  if (rule === 'all') return pathAndQuery;
  const path = pathAndQuery.slice(0, mark);
  if (rule.length === 0) return path;
  const kept = [...new URLSearchParams(pathAndQuery.slice(mark + 1))].filter(([name]) => rule.includes(name));
  if (kept.length === 0) return path;
  // A stable sort: repeated names keep their order.
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${path}?${new URLSearchParams(kept).toString()}`;
}

const stringBytes = (s: string) => s.length * 2;

function sizeOf(key: string, page: CachedPage): number {
  let bytes = ENTRY_OVERHEAD_BYTES + stringBytes(key) + page.body.length;
  bytes += (page.gzip?.length ?? 0) + (page.br?.length ?? 0);
  bytes += stringBytes(page.contentType) + stringBytes(page.etag) + stringBytes(page.cacheControl);
  for (const [name, value] of Object.entries(page.headers)) bytes += stringBytes(name) + stringBytes(value);
  for (const tag of page.tags) bytes += stringBytes(tag) + 64;
  return bytes;
}

/**
 * In-process cache of rendered pages, keyed by URL and purged by tag.
 * A content change names the tags it affects ("article:ID", "section:ID", …);
 * exactly the pages carrying one of those tags are dropped. Changes made by
 * other processes reach this one through the `content_changes` table (see
 * `syncFromChangeLog`).
 *
 * Bounded in bytes, least recently used first out. Keys keep only the query
 * parameters the page's route declared (see `canonicalKey`); the rule of each
 * cached path is remembered so a request can be matched before routing.
 */
export class PageCache {
  readonly maxBytes: number;
  private readonly pages = new Map<string, CachedPage>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly rules = new Map<string, { rule: QueryRule; count: number }>();
  private readonly memos = new Map<
    string,
    { value: Promise<unknown>; tags: readonly string[]; until?: number }
  >();
  private bytes = 0;
  /** Pages put at the recent end so far (stored or moved there): the clock of `touch`. */
  private uses = 0;
  /** The cache key of a request URL with a query, and the rule it was reduced by (see `keyFor`). */
  private readonly keys = new Map<string, { rule: QueryRule; key: string }>();
  private keyBytes = 0;
  private lastSeq = 0;
  /** Seqs below `lastSeq` not seen yet (a rollback, or a transaction still to commit), with when they were noticed. */
  private readonly gaps = new Map<number, number>();
  private readonly changeLogWindowMs: number;
  private readonly now: () => number;

  constructor(
    readonly enabled: boolean,
    options: PageCacheOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? defaultPageCacheBytes();
    this.changeLogWindowMs = options.changeLogWindowMs ?? 120_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.pages.size;
  }

  /** Bytes counted for the pages held now (never above `maxBytes` once a `set` returns). */
  get usedBytes(): number {
    return this.bytes;
  }

  /** The newest change-log seq read (metrics: how far behind the log this instance is). */
  get changeLogSeq(): number {
    return this.lastSeq;
  }

  /** Seqs of the change log still looked for (tests and diagnostics). */
  get pendingChangeSeqs(): number[] {
    return [...this.gaps.keys()];
  }

  /** The page stored under exactly this key. */
  get(key: string): CachedPage | undefined {
    if (!this.enabled) return undefined;
    const page = this.pages.get(key);
    if (page?.freshUntil !== undefined && this.now() >= page.freshUntil) {
      this.delete(key);
      return undefined;
    }
    if (page) this.touch(key, page);
    return page;
  }

  /**
   * Most recently used last: eviction takes the first. A page moved to the end within the last
   * quarter of the cache's uses is left where it is: near enough to the end, and the hot page of
   * the day, asked thousands of times a second, then costs no Map delete and insert per hit.
   */
  private touch(key: string, page: CachedPage): void {
    if (page.touched !== undefined && this.uses - page.touched < this.pages.size / 4) return;
    page.touched = ++this.uses;
    this.pages.delete(key);
    this.pages.set(key, page);
  }

  /** The page for a request's path and query, with the query reduced by the rule its route declared. */
  lookup(pathAndQuery: string): CachedPage | undefined {
    if (!this.enabled || this.pages.size === 0) return undefined;
    const mark = pathAndQuery.indexOf('?');
    if (mark === -1) return this.get(pathAndQuery);
    const known = this.rules.get(pathAndQuery.slice(0, mark));
    return known ? this.get(this.keyFor(pathAndQuery, known.rule)) : undefined;
  }

  /**
   * `canonicalKey`, remembered per request URL while its path keeps the same rule: parsing the
   * query on every hit costs more than the rest of the lookup (a hot polled URL is asked for
   * thousands of times a second).
   */
  private keyFor(pathAndQuery: string, rule: QueryRule): string {
    const known = this.keys.get(pathAndQuery);
    if (known?.rule === rule) return known.key;
    const key = canonicalKey(pathAndQuery, rule);
    if (this.keyBytes > MAX_KEY_MEMO_BYTES) {
      this.keys.clear();
      this.keyBytes = 0;
    }
    this.keys.set(pathAndQuery, { rule, key });
    this.keyBytes += stringBytes(pathAndQuery) + stringBytes(key);
    return key;
  }

  /**
   * Keeps a page under `canonicalKey(pathAndQuery, rule)`; a page too large for the bound is not kept.
   * With `freshForMs`, the page is dropped that long after now (a page that ages without a content change).
   */
  store(pathAndQuery: string, rule: QueryRule, page: CachedPage, freshForMs?: number): void {
    if (freshForMs !== undefined) page.freshUntil = this.now() + Math.max(0, freshForMs);
    this.set(canonicalKey(pathAndQuery, rule), page, rule);
  }

  set(key: string, page: CachedPage, rule: QueryRule = 'all'): void {
    if (!this.enabled || this.maxBytes === 0) return;
    this.delete(key);
    const bytes = sizeOf(key, page);
    if (bytes > this.maxBytes * MAX_ENTRY_FRACTION) return;
    page.stored = { key, bytes };
    page.touched = ++this.uses;
    this.pages.set(key, page);
    this.bytes += bytes;
    const path = key.split('?', 1)[0] ?? key;
    const known = this.rules.get(path);
    if (known) {
      known.rule = rule;
      known.count++;
    } else this.rules.set(path, { rule, count: 1 });
    for (const tag of page.tags) {
      const keys = this.byTag.get(tag) ?? new Set<string>();
      keys.add(key);
      this.byTag.set(tag, keys);
    }
    this.evictOverflow(page);
  }

  /** Gzip of a page, made once; its bytes count against the bound. */
  gzipOf(page: CachedPage): Buffer<ArrayBuffer> {
    if (!page.gzip) this.grow(page, gzipOf(page).length);
    return gzipOf(page);
  }

  /** Brotli of a page, made once; its bytes count against the bound. */
  brotliOf(page: CachedPage): Buffer<ArrayBuffer> {
    if (!page.br) this.grow(page, brotliOf(page).length);
    return brotliOf(page);
  }

  /** Counts a memoized reply against the bound. */
  addedReply(page: CachedPage, headers: Record<string, string>): void {
    let bytes = REPLY_OVERHEAD_BYTES;
    for (const [name, value] of Object.entries(headers)) bytes += stringBytes(name) + stringBytes(value);
    this.grow(page, bytes);
  }

  /**
   * Data every page needs (editions, their sections), kept until a change
   * names one of its tags. Unlike pages, kept even when the page cache is off.
   */
  remember<T>(key: string, load: () => Promise<T>, tagsOf: (value: T) => string[]): Promise<T> {
    const known = this.memos.get(key);
    if (known) return known.value as Promise<T>;
    const entry = { value: load() as Promise<unknown>, tags: [] as readonly string[] };
    this.memos.set(key, entry);
    entry.value.then(
      (value) => {
        entry.tags = tagsOf(value as T);
      },
      () => this.memos.delete(key),
    );
    return entry.value as Promise<T>;
  }

  /**
   * Data that ages with time as well as with content (most read, which moves with readers):
   * as `remember`, but each value is kept `freshForMs` at most, by this cache's clock. Kept
   * with the page cache off too: a render there shows the same list a miss shows with it on,
   * rather than reading it again for every page (the most read of an edition is one query for
   * all its pages). Gives how much longer the value stays, for the freshness of the page showing it.
   */
  async rememberFor<T>(
    key: string,
    freshForMs: number,
    load: () => Promise<T>,
    tagsOf: (value: T) => string[],
  ): Promise<{ value: T; freshForMs: number }> {
    const known = this.memos.get(key);
    if (known?.until !== undefined && this.now() >= known.until) this.memos.delete(key);
    if (!this.memos.has(key)) {
      this.remember(key, load, tagsOf);
      const entry = this.memos.get(key);
      if (entry) entry.until = this.now() + freshForMs;
    }
    const entry = this.memos.get(key);
    const value = (await (entry?.value ?? load())) as T;
    return { value, freshForMs: Math.max(0, (entry?.until ?? this.now() + freshForMs) - this.now()) };
  }

  purge(tags: Iterable<string>): number {
    let purged = 0;
    const list = [...tags];
    for (const [key, memo] of this.memos) {
      if (memo.tags.length === 0 || memo.tags.some((tag) => list.includes(tag))) this.memos.delete(key);
    }
    for (const tag of list) {
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) {
        if (this.delete(key)) purged++;
      }
    }
    return purged;
  }

  clear(): void {
    this.pages.clear();
    this.byTag.clear();
    this.rules.clear();
    this.memos.clear();
    this.keys.clear();
    this.keyBytes = 0;
    this.bytes = 0;
  }

  /**
   * Reads changes logged since the last call and purges their tags. Returns how many changes it read.
   *
   * On PostgreSQL a transaction may take a seq and commit after one that took
   * a higher seq. So every seq jumped over is remembered as a gap and looked
   * for again on each call for `changeLogWindowMs`; a change committed within
   * that window after a higher one is still read. Beyond MAX_GAPS gaps the
   * whole cache is emptied instead.
   */
  async syncFromChangeLog(db: Db): Promise<number> {
    const now = this.now();
    for (const [seq, since] of this.gaps) {
      if (now - since > this.changeLogWindowMs) this.gaps.delete(seq);
    }
    let read = 0;
    const wanted = [...this.gaps.keys()];
    for (let i = 0; i < wanted.length; i += 1000) {
      const late = await db
        .selectFrom('content_changes')
        .select(['seq', 'tags'])
        .where('seq', 'in', wanted.slice(i, i + 1000))
        .execute();
      for (const change of late) {
        this.gaps.delete(Number(change.seq));
        this.purge(change.tags.split(' '));
        read++;
      }
    }
    const changes = await db
      .selectFrom('content_changes')
      .select(['seq', 'tags'])
      .where('seq', '>', this.lastSeq)
      .orderBy('seq')
      .limit(CHANGE_LOG_BATCH)
      .execute();
    let overflow = false;
    for (const change of changes) {
      const seq = Number(change.seq);
      if (seq - this.lastSeq - 1 > MAX_GAPS) overflow = true;
      for (let skipped = Math.max(this.lastSeq + 1, seq - MAX_GAPS); skipped < seq; skipped++) {
        this.gaps.set(skipped, now);
      }
      this.purge(change.tags.split(' '));
      this.lastSeq = Math.max(this.lastSeq, seq);
    }
    if (this.gaps.size > MAX_GAPS) {
      overflow = true;
      // Maps iterate in insertion order: the oldest gaps go first.
      for (const seq of [...this.gaps.keys()].slice(0, this.gaps.size - MAX_GAPS)) this.gaps.delete(seq);
    }
    if (overflow) this.clearPages();
    return read + changes.length;
  }

  /**
   * Starts from the newest change, without purging: called once at start-up,
   * when the cache is empty. Seqs missing among the last ones may be
   * transactions still to commit: they are looked for like any gap.
   */
  async skipToLatestChange(db: Db): Promise<void> {
    const row = await db
      .selectFrom('content_changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    const latest = Number(row?.seq ?? 0);
    const recent = await db
      .selectFrom('content_changes')
      .select('seq')
      .where('seq', '>', latest - 1000)
      .execute();
    const seen = new Set(recent.map((r) => Number(r.seq)));
    const now = this.now();
    this.gaps.clear();
    for (let seq = Math.max(1, latest - 999); seq < latest; seq++) {
      if (!seen.has(seq)) this.gaps.set(seq, now);
    }
    this.lastSeq = latest;
  }

  private clearPages(): void {
    this.pages.clear();
    this.byTag.clear();
    this.rules.clear();
    this.bytes = 0;
  }

  private grow(page: CachedPage, bytes: number): void {
    if (!page.stored || this.pages.get(page.stored.key) !== page) return;
    page.stored.bytes += bytes;
    this.bytes += bytes;
    this.evictOverflow(page);
  }

  private evictOverflow(keep: CachedPage): void {
    while (this.bytes > this.maxBytes && this.pages.size > 0) {
      // Maps iterate in insertion order, and a hit re-inserts: the first key is the least recently used.
      const oldest = this.pages.keys().next();
      if (oldest.done) break;
      const page = this.pages.get(oldest.value);
      if (page === keep && this.pages.size === 1) break;
      this.delete(oldest.value);
    }
  }

  private delete(key: string): boolean {
    const page = this.pages.get(key);
    if (!page) return false;
    this.pages.delete(key);
    this.bytes -= page.stored?.bytes ?? 0;
    const path = key.split('?', 1)[0] ?? key;
    const known = this.rules.get(path);
    if (known && --known.count === 0) this.rules.delete(path);
    for (const tag of page.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
    return true;
  }
}

export function gzipOf(page: CachedPage): Buffer<ArrayBuffer> {
  page.gzip ??= gzipSync(page.body, { level: 6 });
  return page.gzip;
}

export function brotliOf(page: CachedPage): Buffer<ArrayBuffer> {
  page.br ??= brotliCompressSync(page.body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: page.body.length },
  });
  return page.br;
}

/** Records that content changed, for every instance's cache. Call inside the writing transaction. */
export async function logContentChange(db: Db, tags: Iterable<string>, now: Date): Promise<void> {
  const unique = [...new Set(tags)].filter(Boolean);
  if (unique.length === 0) return;
  await contentChangeInsert(db, { tags: unique.join(' '), at: now.toISOString() });
}

/** Every write through a door logs one: built once. */
const contentChangeInsert = preparedQuery(['tags', 'at'], (db, a: { tags: string; at: string }) =>
  db.insertInto('content_changes').values({ tags: a.tags, created_at: a.at }),
);
