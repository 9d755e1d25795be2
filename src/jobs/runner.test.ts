import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import { startScheduler } from './runner.js';

describe('the job scheduler loop', () => {
  it('survives failing polls (the database away), pausing longer after each, and stops with a promise', async () => {
    const db = openDatabase({ sqlitePath: ':memory:' });
    await migrateToLatest(db);
    await db.destroy(); // every query now fails
    const warnings: unknown[] = [];
    const logger = { warn: (fields: unknown) => warnings.push(fields), error: () => {} } as unknown as Logger;
    const stop = startScheduler(db, { now: () => new Date() }, logger, { noop: async () => {} }, 20);
    await new Promise((r) => setTimeout(r, 700));
    const stopped = stop();
    expect(stopped).toBeInstanceOf(Promise);
    await stopped;
    // Every 20 ms without a pause would be ~35 failures; doubling pauses (20, 40, 80, 160, 320 ms) allow a handful.
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect(warnings.length).toBeLessThanOrEqual(7);
    expect(warnings.at(-1)).toMatchObject({ retryInMs: expect.any(Number) });
    const count = warnings.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(warnings.length).toBe(count);
  });
});
