import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../app.js';
import { testConfig } from '../config.js';
import type { Db } from '../db/schema.js';
import type { AppDeps } from './env.js';
import { PageCache } from './page-cache.js';

export const tempDataDir = () => mkdtempSync(path.join(tmpdir(), 'sahifa-test-'));

/** The app over `db` with a fixed clock, a silent logger and its own page cache. */
export function testApp(db: Db, options: { now: Date; dataDir: string; cache?: boolean }) {
  const cache = new PageCache(options.cache ?? true);
  const deps: AppDeps = {
    db,
    config: testConfig({ dataDir: options.dataDir }),
    clock: { now: () => options.now },
    logger: pino({ level: 'silent' }),
    cache,
  };
  return { app: createApp(deps), cache, deps };
}
