import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { testConfig } from './config.js';
import { openDatabase } from './db/connect.js';
import { PageCache } from './http/page-cache.js';
import { tempDataDir } from './http/testing.js';
import { BackgroundWork } from './mail/background.js';

describe('server errors', () => {
  it('answers 500 with a page in the language of the URL when the database fails, and keeps serving', async () => {
    const db = openDatabase({ sqlitePath: ':memory:' }); // never migrated: every query fails
    const logged: unknown[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const app = createApp({
      db,
      config: testConfig({ dataDir: tempDataDir() }),
      clock: { now: () => new Date('2022-12-02T12:00:00Z') },
      logger,
      cache: new PageCache(true),
      mailer: { send: async () => {} },
      background: new BackgroundWork(logger),
    });
    const res = await app.request('/ar/section/world');
    expect(res.status).toBe(500);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('حدث خطأ');
    expect(html).not.toContain('no such table');
    expect(logged).toHaveLength(1);
    expect((await app.request('/en')).status).toBe(500);
    await db.destroy();
  });
});
