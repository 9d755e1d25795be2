import { beforeAll, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { seedEditions, seedUser, TestBrowser } from './testing.js';

/** Every argon2 verification the sign-in route makes, real or decoy. */
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('./secrets.js', async (original) => {
  const real = await original<typeof import('./secrets.js')>();
  return {
    ...real,
    verifyPassword: async (stored: string, password: string) => {
      checks.count++;
      return real.verifyPassword(stored, password);
    },
    verifyDecoy: async (password: string) => {
      checks.count++;
      return real.verifyDecoy(password);
    },
  };
});

const T0 = new Date('2026-03-02T09:00:00Z');

describeEachDatabase('sign-in throttle under concurrency', (db) => {
  const dataDir = tempDataDir();

  beforeAll(async () => {
    await seedEditions(db(), T0);
  });

  it('40 concurrent wrong passwords for one account get at most 5 password checks; the rest are 429', async () => {
    await seedUser(db(), { email: 'victim@news.example', role: 'writer', editions: ['ar'] }, T0);
    const browser = new TestBrowser(testApp(db(), { now: T0, dataDir }).app);
    await browser.get('/admin/sign-in');
    checks.count = 0;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        browser.post('/admin/sign-in', { email: 'victim@news.example', password: `wrong guess ${i}` }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(checks.count).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401)).toHaveLength(checks.count);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - checks.count);
    // Refused attempts are not kept: the five checked ones are the failures on record.
    const rows = await db()
      .selectFrom('sign_in_attempts')
      .select('succeeded')
      .where('email', '=', 'victim@news.example')
      .execute();
    expect(rows).toHaveLength(checks.count);
  });

  it('an unknown address is limited the same way (decoy checks count too)', async () => {
    const browser = new TestBrowser(testApp(db(), { now: new Date(T0.getTime() + 86_400_000), dataDir }).app);
    await browser.get('/admin/sign-in');
    checks.count = 0;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        browser.post('/admin/sign-in', { email: 'ghost@news.example', password: `guess ${i}` }),
      ),
    );
    expect(checks.count).toBeLessThanOrEqual(5);
  });
});
