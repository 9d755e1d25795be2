import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/schema.js';
import type { PageCache } from './page-cache.js';

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
}

/** Hono's typing of per-request values. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    /** Set by a handler whose response may be kept in the page cache. */
    cacheTags: string[] | undefined;
    /** The HTML just rendered, so delivery need not read it back out of the Response stream. */
    renderedHtml: string | undefined;
  };
}

export const systemClock: Clock = { now: () => new Date() };
