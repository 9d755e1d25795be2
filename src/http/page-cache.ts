import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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
  gzip?: Buffer<ArrayBuffer>;
  br?: Buffer<ArrayBuffer>;
  /** Full replies to plain GETs, by content encoding, built on first use (the hot path). */
  replies?: Map<
    string,
    { status: number; headers: Record<string, string>; body: Buffer<ArrayBuffer> | null }
  >;
}

/**
 * In-process cache of rendered pages, keyed by URL and purged by tag.
 * A content change names the tags it affects ("article:ID", "section:ID", …);
 * exactly the pages carrying one of those tags are dropped. Changes made by
 * other processes reach this one through the `content_changes` table (see
 * `syncFromChangeLog`).
 */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly memos = new Map<string, { value: Promise<unknown>; tags: readonly string[] }>();
  private lastSeq = 0;

  constructor(
    readonly enabled: boolean,
    private readonly maxEntries = 5000,
  ) {}

  get size(): number {
    return this.pages.size;
  }

  get(key: string): CachedPage | undefined {
    return this.enabled ? this.pages.get(key) : undefined;
  }

  set(key: string, page: CachedPage): void {
    if (!this.enabled || this.maxEntries === 0) return;
    if (this.pages.size >= this.maxEntries) this.evictOldest();
    this.delete(key);
    this.pages.set(key, page);
    for (const tag of page.tags) {
      const keys = this.byTag.get(tag) ?? new Set<string>();
      keys.add(key);
      this.byTag.set(tag, keys);
    }
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
    this.memos.clear();
  }

  /** Reads changes logged since the last call and purges their tags. Returns how many changes it read. */
  async syncFromChangeLog(db: Db): Promise<number> {
    const changes = await db
      .selectFrom('content_changes')
      .select(['seq', 'tags'])
      .where('seq', '>', this.lastSeq)
      .orderBy('seq')
      .limit(10_000)
      .execute();
    for (const change of changes) {
      this.purge(change.tags.split(' '));
      this.lastSeq = Math.max(this.lastSeq, Number(change.seq));
    }
    return changes.length;
  }

  /** Starts from the newest change, without purging: called once at start-up, when the cache is empty. */
  async skipToLatestChange(db: Db): Promise<void> {
    const row = await db
      .selectFrom('content_changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    this.lastSeq = Number(row?.seq ?? 0);
  }

  private delete(key: string): boolean {
    const page = this.pages.get(key);
    if (!page) return false;
    this.pages.delete(key);
    for (const tag of page.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
    return true;
  }

  private evictOldest(): void {
    // Maps iterate in insertion order: the first key is the oldest entry.
    const oldest = this.pages.keys().next();
    if (!oldest.done) this.delete(oldest.value);
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
  await db
    .insertInto('content_changes')
    .values({ tags: unique.join(' '), created_at: now.toISOString() })
    .execute();
}
