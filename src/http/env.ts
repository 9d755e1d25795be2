import type { Logger } from 'pino';
import type { SignedInUser } from '../accounts/policy.js';
import type { AdCounter } from '../ads/counter.js';
import type { Config } from '../config.js';
import type { Db } from '../db/schema.js';
import type { BackgroundWork } from '../mail/background.js';
import type { Mailer } from '../mail/mailer.js';
import type { MediaStorage } from '../media/storage.js';
import type { Metrics } from '../metrics/metrics.js';
import type { SignedInReader } from '../readers/reader.js';
import type { Readership } from '../readership/counter.js';
import type { CacheTag } from './cache-tags.js';
import type { HealthState } from './health.js';
import type { PageCache, QueryRule } from './page-cache.js';
import type { RenderGate } from './render-gate.js';

export interface Clock {
  now(): Date;
}

/** Everything stateful the app uses, passed in by the server or by a test. */
export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  cache: PageCache;
  mailer: Mailer;
  /** Where uploaded media are written and read (DATA_DIR/media or a bucket, MEDIA_STORE). */
  media: MediaStorage;
  /** Draining and integrity state for /readyz; set by the server (tests may leave it out). */
  health?: HealthState;
  /** Work started after the response (mail whose timing must not tell whether an address is known). */
  background: BackgroundWork;
  /** Readers' views (the beacon's dedupe and buffer); its flush is started and drained by the server. */
  readership: Readership;
  /** House-ad impressions and clicks (src/ads/counter.ts); started and drained by the server like `readership`. */
  ads: AdCounter;
  /** Prometheus metrics, when METRICS_TOKEN is set (served at /metrics). */
  metrics?: Metrics;
  /** Collapses and bounds page renders (default: one from `config.renderGate`). */
  renderGate?: RenderGate;
}

/** Hono's typing of per-request values. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    /** Set by a handler whose response may be kept in the page cache. */
    cacheTags: CacheTag[] | undefined;
    /** Query parameters that make a distinct cached page (default: none, the query is ignored for the key). */
    cacheQuery: QueryRule | undefined;
    /**
     * Set by a handler whose page goes stale with time rather than with a
     * content change (relative times, most read, an expiring breaking line):
     * the page cache renders it again after this many milliseconds.
     */
    cacheFreshFor: number | undefined;
    /** The HTML just rendered, so delivery need not read it back out of the Response stream. */
    renderedHtml: string | undefined;
    /** Under /admin: the signed-in user, if any (set by the accounts middleware). */
    user: SignedInUser | undefined;
    /** Under /admin: the token every form there must send back as `_csrf`. */
    csrfToken: string | undefined;
    /** Under /admin: a session cookie came with the request but its session has ended. */
    sessionEnded: boolean | undefined;
    /** On the public site: the signed-in reader, if any (set by src/readers' session middleware where it runs). */
    reader: SignedInReader | undefined;
    /** The signed-in reader's token, sent back as `_csrf` by their forms. */
    readerCsrfToken: string | undefined;
  };
}

export const systemClock: Clock = { now: () => new Date() };
