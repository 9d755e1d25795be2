import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';

/** However far off what a page shows changes, the cache renders it again at least this often. */
export const MAX_FRESH_MS = 6 * 60 * 60 * 1000;
/** Pages with relative times ("3 minutes ago") are rendered again at most once a minute. */
export const RELATIVE_TIME_FRESH_MS = 60_000;

/**
 * The page shows something that goes stale in `ms` (a breaking line's expiry,
 * relative times): the page cache renders it again by then. The soonest of
 * several such things wins.
 */
export function staleIn(c: Context<AppEnv>, ms: number): void {
  const capped = Math.min(Math.max(0, Math.ceil(ms)), MAX_FRESH_MS);
  const known = c.get('cacheFreshFor');
  c.set('cacheFreshFor', known === undefined ? capped : Math.min(known, capped));
}
