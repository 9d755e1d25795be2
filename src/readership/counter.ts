import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { isConnectionError } from '../db/connect.js';
import type { Db } from '../db/schema.js';
import type { Clock } from '../http/env.js';
import { hourStart } from './hours.js';
import { isPublicArticle } from './queries.js';

/** How often buffered views are written (one upsert per article and hour). */
export const FLUSH_EVERY_MS = 5_000;
/** Repeated hits from one client on one article within this time count once. */
export const DEDUPE_WINDOW_MS = 60_000;

export interface ReadershipOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  flushEveryMs?: number;
  dedupeWindowMs?: number;
  /** Bound on the dedupe memory: hashes of recent (client, article) pairs (≈ 100 bytes each). */
  maxRecentHits?: number;
  /** Bound on the buffer: distinct (article, hour) rows waiting for the next flush. */
  maxPendingRows?: number;
  /** Bound on the ids known to be public, so the hits of a read article do not each query the database. */
  maxKnownArticles?: number;
}

/** What became of one hit: counted, seen already within the window, not a public article, or over the bound. */
export type HitOutcome = 'counted' | 'repeat' | 'unknown' | 'dropped';

interface PendingRow {
  articleId: string;
  hour: string;
  views: number;
  /** Flushes that failed on this row for a reason other than the database being away. */
  failures: number;
}

/** A row failing this many flushes for another reason than a lost connection is dropped (and logged). */
const MAX_ROW_FAILURES = 3;
/** An article found public is believed public this long without asking the database again. */
const KNOWN_FOR_MS = 60_000;
const MAX_USER_AGENT = 512;

/**
 * Counts readers' views of articles, the one writer of `article_views`.
 *
 * Nothing identifying a reader is kept: a hit is remembered for the dedupe
 * window only as a truncated SHA-256 of (a random salt, the client address as
 * this server sees it, the user agent, the article), and the salt is replaced
 * (and the memory emptied) every UTC day, so the hashes cannot be matched
 * across days nor reversed. The memory is per instance: behind a load
 * balancer, a client whose hits reach two instances within a minute is counted
 * on each.
 *
 * Views are buffered in memory (bounded) and flushed every few seconds as one
 * upsert per (article, hour). A flush that fails keeps its rows for the next
 * one; rows beyond the bound are dropped and the loss logged.
 */
export class Readership {
  readonly clock: Clock;
  readonly #db: Db;
  readonly #logger: Logger;
  readonly #flushEveryMs: number;
  readonly #windowMs: number;
  readonly #maxRecent: number;
  readonly #maxPending: number;
  readonly #maxKnown: number;
  /** Hash of (salt, client, user agent, article) → when the window ends. Oldest first (insertion order). */
  readonly #recent = new Map<string, number>();
  readonly #pending = new Map<string, PendingRow>();
  /** Article id → until when it is taken as public. */
  readonly #known = new Map<string, number>();
  #salt = randomBytes(32);
  #saltDay = '';
  #lost = 0;
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: ReadershipOptions) {
    this.#db = options.db;
    this.clock = options.clock;
    this.#logger = options.logger;
    this.#flushEveryMs = options.flushEveryMs ?? FLUSH_EVERY_MS;
    this.#windowMs = options.dedupeWindowMs ?? DEDUPE_WINDOW_MS;
    this.#maxRecent = options.maxRecentHits ?? 50_000;
    this.#maxPending = options.maxPendingRows ?? 10_000;
    this.#maxKnown = options.maxKnownArticles ?? 10_000;
  }

  /** Views counted but not written yet. */
  get pendingViews(): number {
    let views = 0;
    for (const row of this.#pending.values()) views += row.views;
    return views;
  }

  /**
   * One page view by a reader (crawlers and prefetches are filtered out by the
   * route). Never throws: a database error while checking the article loses that hit only.
   */
  async record(hit: { articleId: string; client: string; userAgent: string }): Promise<HitOutcome> {
    const now = this.clock.now();
    const at = now.getTime();
    const key = this.#hitKey(now, hit);
    const until = this.#recent.get(key);
    if (until !== undefined && until > at) return 'repeat';
    // Marked before the lookup, so two identical hits arriving together count once.
    this.#remember(key, at);
    let known: boolean;
    try {
      known = await this.#isPublic(hit.articleId, now);
    } catch (err) {
      this.#logger.warn({ err }, 'view not counted: the article could not be checked');
      known = false;
    }
    if (!known) {
      this.#recent.delete(key);
      return 'unknown';
    }
    return this.#add(hit.articleId, hourStart(now), 1) ? 'counted' : 'dropped';
  }

  /** Writes the buffered views; concurrent calls share one flush. Never throws. */
  flush(): Promise<void> {
    this.#flushing ??= this.#writePending().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  /** Flushes every `flushEveryMs` until `stop`. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.flush(), this.#flushEveryMs);
    this.#timer.unref();
  }

  /** Stops the timer and writes what is buffered (the server calls this while draining, before the database closes). */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#flushing;
    await this.flush();
  }

  #hitKey(now: Date, hit: { articleId: string; client: string; userAgent: string }): string {
    const day = now.toISOString().slice(0, 10);
    if (day !== this.#saltDay) {
      this.#salt = randomBytes(32);
      this.#saltDay = day;
      this.#recent.clear();
    }
    return createHash('sha256')
      .update(this.#salt)
      .update(`${hit.client}\0${hit.userAgent.slice(0, MAX_USER_AGENT)}\0${hit.articleId}`)
      .digest('base64url')
      .slice(0, 22);
  }

  #remember(key: string, at: number): void {
    this.#recent.delete(key);
    // Oldest first: drop those whose window has passed, then, if still full, the oldest.
    for (const [oldKey, until] of this.#recent) {
      if (until > at && this.#recent.size < this.#maxRecent) break;
      this.#recent.delete(oldKey);
    }
    this.#recent.set(key, at + this.#windowMs);
  }

  async #isPublic(articleId: string, now: Date): Promise<boolean> {
    const until = this.#known.get(articleId);
    if (until !== undefined && until > now.getTime()) return true;
    const found = await isPublicArticle(this.#db, articleId, now);
    this.#known.delete(articleId);
    if (found) {
      if (this.#known.size >= this.#maxKnown) {
        const oldest = this.#known.keys().next();
        if (!oldest.done) this.#known.delete(oldest.value);
      }
      this.#known.set(articleId, now.getTime() + KNOWN_FOR_MS);
    }
    return found;
  }

  /** Adds views to the buffer; false (and counted as lost) when the buffer is full. */
  #add(articleId: string, hour: string, views: number, failures = 0): boolean {
    const key = `${articleId} ${hour}`;
    const row = this.#pending.get(key);
    if (row) {
      row.views += views;
      row.failures = Math.max(row.failures, failures);
      return true;
    }
    if (this.#pending.size >= this.#maxPending) {
      this.#lost += views;
      return false;
    }
    this.#pending.set(key, { articleId, hour, views, failures });
    return true;
  }

  async #writePending(): Promise<void> {
    const rows = [...this.#pending.values()];
    this.#pending.clear();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as PendingRow;
      try {
        await upsertViews(this.#db, row);
      } catch (err) {
        if (isConnectionError(err)) {
          // The database is away: keep this row and the rest for the next flush.
          this.#logger.warn({ err, rows: rows.length - i }, 'views not written yet: database unavailable');
          for (const kept of rows.slice(i)) this.#add(kept.articleId, kept.hour, kept.views, kept.failures);
          break;
        }
        if (row.failures + 1 >= MAX_ROW_FAILURES) {
          this.#logger.error(
            { err, articleId: row.articleId, hour: row.hour },
            'views dropped after failing',
          );
          continue;
        }
        this.#logger.warn({ err, articleId: row.articleId }, 'views not written yet');
        this.#add(row.articleId, row.hour, row.views, row.failures + 1);
      }
    }
    if (this.#lost > 0) {
      this.#logger.warn({ views: this.#lost }, 'views lost: the buffer was full');
      this.#lost = 0;
    }
  }
}

/** The one write of `article_views`: add `views` to the row of (article, hour), creating it if needed. */
async function upsertViews(db: Db, row: PendingRow): Promise<void> {
  await db
    .insertInto('article_views')
    .values({ article_id: row.articleId, hour: row.hour, views: row.views })
    .onConflict((oc) =>
      oc
        .columns(['article_id', 'hour'])
        .doUpdateSet((eb) => ({ views: eb('article_views.views', '+', eb.ref('excluded.views')) })),
    )
    .execute();
}
