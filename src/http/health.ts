/**
 * Endpoints for load balancers and orchestrators. `/healthz`: the process
 * answers (never touches the database, so a database outage does not get
 * every instance killed). `/readyz`: this instance should get traffic: the
 * database answers within READY_DB_TIMEOUT_MS, every migration has run, the
 * last integrity check passed and the server is not shutting down.
 * Neither is ever cached.
 */
import { Hono } from 'hono';
import { sql } from 'kysely';
import { pendingMigrations } from '../db/checks.js';
import type { Db } from '../db/schema.js';
import type { AppEnv } from './env.js';

/** What the server knows about itself that a request cannot find out. */
export interface HealthState {
  /** Set on SIGTERM/SIGINT: finishing in-flight work, taking no more. */
  draining: boolean;
  /** What the last periodic integrity check found wrong, if anything. */
  integrityProblem: string | undefined;
}

export const createHealthState = (): HealthState => ({ draining: false, integrityProblem: undefined });

/** How long /readyz waits for the database. */
export const READY_DB_TIMEOUT_MS = 3_000;

const NO_STORE = { 'cache-control': 'no-store' };

type Readiness = { ready: true } | { ready: false; reason: string };

/** Whether this instance can serve, and if not, why (in words safe to show anyone). */
export async function readiness(
  db: Db,
  state: HealthState,
  timeoutMs = READY_DB_TIMEOUT_MS,
): Promise<Readiness> {
  if (state.draining) return { ready: false, reason: 'shutting down' };
  if (state.integrityProblem) return { ready: false, reason: 'database integrity check failed' };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const check = (async () => {
    await sql`select 1`.execute(db);
    return pendingMigrations(db);
  })();
  try {
    const outcome = await Promise.race([check, timeout]);
    if (outcome === 'timeout') {
      check.catch(() => {}); // it may still fail later: nobody is waiting for it then
      return { ready: false, reason: `database did not answer within ${timeoutMs} ms` };
    }
    if (outcome.length > 0) return { ready: false, reason: `migrations not applied: ${outcome.join(', ')}` };
    return { ready: true };
  } catch {
    return { ready: false, reason: 'database unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: { db: Db; health?: HealthState | undefined }) {
  const app = new Hono<AppEnv>();
  const state = () => deps.health ?? createHealthState();
  app.on(['GET', 'HEAD'], '/healthz', (c) => c.json({ status: 'alive' }, 200, NO_STORE));
  app.on(['GET', 'HEAD'], '/readyz', async (c) => {
    const result = await readiness(deps.db, state());
    return result.ready
      ? c.json({ status: 'ready' }, 200, NO_STORE)
      : c.json({ status: 'unavailable', reason: result.reason }, 503, NO_STORE);
  });
  return app;
}
