import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { isConnectionError } from '../db/connect.js';
import type { Db } from '../db/schema.js';
import type { Clock } from '../http/env.js';

export type AdEvent = 'impression' | 'click';

export interface AdCounterOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  flushEveryMs?: number;
  dedupeWindowMs?: number;
  maxRecentHits?: number;
  maxPendingRows?: number;
}

interface PendingRow {
  campaignId: string;
  day: string;
  impressions: number;
  clicks: number;
}

const MAX_USER_AGENT = 512;
/** An id known to be a campaign is believed one this long without asking the database again. */
const KNOWN_FOR_MS = 60_000;

/**
 * Counts house-ad impressions and clicks per campaign and UTC day, the one
 * writer of `ad_counts`: the approach of the view counter (src/readership/counter.ts).
 * No cookie and nothing about a reader is kept: a hit is remembered for the
 * dedupe window only as a truncated salted hash of (client address, user
 * agent, campaign, event), the salt replaced every UTC day. Counts are
 * buffered (bounded) and flushed every few seconds, one upsert per (campaign, day).
 */
export class AdCounter {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #flushEveryMs: number;
  readonly #windowMs: number;
  readonly #maxRecent: number;
  readonly #maxPending: number;
  readonly #recent = new Map<string, number>();
  readonly #pending = new Map<string, PendingRow>();
  readonly #known = new Map<string, number>();
  #salt = randomBytes(32);
  #saltDay = '';
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: AdCounterOptions) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#flushEveryMs = options.flushEveryMs ?? 5_000;
    this.#windowMs = options.dedupeWindowMs ?? 60_000;
    this.#maxRecent = options.maxRecentHits ?? 50_000;
    this.#maxPending = options.maxPendingRows ?? 10_000;
  }

  /** One impression or click; true when counted (not a repeat within the window, an existing campaign, room in the buffer). */
  async record(hit: {
    campaignId: string;
    event: AdEvent;
    client: string;
    userAgent: string;
  }): Promise<boolean> {
    const now = this.#clock.now();
    const day = now.toISOString().slice(0, 10);
    if (day !== this.#saltDay) {
      this.#salt = randomBytes(32);
      this.#saltDay = day;
      this.#recent.clear();
    }
    const key = createHash('sha256')
      .update(this.#salt)
      .update(`${hit.client}\0${hit.userAgent.slice(0, MAX_USER_AGENT)}\0${hit.campaignId}\0${hit.event}`)
      .digest('base64url')
      .slice(0, 22);
    const at = now.getTime();
    const until = this.#recent.get(key);
    if (until !== undefined && until > at) return false;
    this.#remember(key, at);
    if (!(await this.#exists(hit.campaignId, at))) {
      this.#recent.delete(key);
      return false;
    }
    const rowKey = `${hit.campaignId} ${day}`;
    let row = this.#pending.get(rowKey);
    if (!row) {
      if (this.#pending.size >= this.#maxPending) return false;
      row = { campaignId: hit.campaignId, day, impressions: 0, clicks: 0 };
      this.#pending.set(rowKey, row);
    }
    if (hit.event === 'impression') row.impressions++;
    else row.clicks++;
    return true;
  }

  flush(): Promise<void> {
    this.#flushing ??= this.#write().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.flush(), this.#flushEveryMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#flushing;
    await this.flush();
  }

  #remember(key: string, at: number): void {
    for (const [oldKey, until] of this.#recent) {
      if (until > at && this.#recent.size < this.#maxRecent) break;
      this.#recent.delete(oldKey);
    }
    this.#recent.set(key, at + this.#windowMs);
  }

  async #exists(id: string, at: number): Promise<boolean> {
    const until = this.#known.get(id);
    if (until !== undefined && until > at) return true;
    try {
      const row = await this.#db
        .selectFrom('ad_campaigns')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return false;
      if (this.#known.size >= 10_000) this.#known.clear();
      this.#known.set(id, at + KNOWN_FOR_MS);
      return true;
    } catch (err) {
      this.#logger.warn({ err }, 'ad event not counted: the campaign could not be checked');
      return false;
    }
  }

  async #write(): Promise<void> {
    const rows = [...this.#pending.values()];
    this.#pending.clear();
    for (const [i, row] of rows.entries()) {
      try {
        await this.#db
          .insertInto('ad_counts')
          .values({
            campaign_id: row.campaignId,
            day: row.day,
            impressions: row.impressions,
            clicks: row.clicks,
          })
          .onConflict((oc) =>
            oc.columns(['campaign_id', 'day']).doUpdateSet((eb) => ({
              impressions: eb('ad_counts.impressions', '+', eb.ref('excluded.impressions')),
              clicks: eb('ad_counts.clicks', '+', eb.ref('excluded.clicks')),
            })),
          )
          .execute();
      } catch (err) {
        if (isConnectionError(err)) {
          this.#logger.warn({ err }, 'ad counts not written yet: database unavailable');
          for (const kept of rows.slice(i)) this.#pending.set(`${kept.campaignId} ${kept.day}`, kept);
          return;
        }
        // A campaign deleted since (cascade) or another lasting error: these counts are dropped.
        this.#logger.error({ err, campaignId: row.campaignId }, 'ad counts dropped');
      }
    }
  }
}
