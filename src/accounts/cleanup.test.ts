import { expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { pruneAccountRows } from './cleanup.js';
import { startSession } from './sessions.js';
import { seedEditions, seedUser } from './testing.js';
import { recordSignInAttempt } from './throttle.js';
import { issueAccountToken } from './users.js';

const t0 = new Date('2026-01-10T12:00:00Z');
const days = (n: number) => new Date(t0.getTime() + n * 86_400_000);

describeEachDatabase('pruning expired account rows', (db) => {
  it('deletes expired sessions, dead links and old attempts, and keeps what is still usable', async () => {
    await seedEditions(db(), t0);
    const userId = await seedUser(db(), { email: 'a@example.org' }, t0);
    await startSession(db(), userId, t0);
    await startSession(db(), userId, days(10));
    await issueAccountToken(db(), userId, 'sign_in', t0);
    await issueAccountToken(db(), userId, 'password_reset', days(15));
    await recordSignInAttempt(db(), { email: 'a@example.org', ip: '10.0.0.1', succeeded: false }, t0);
    await recordSignInAttempt(db(), { email: 'a@example.org', ip: '10.0.0.1', succeeded: false }, days(15));

    const pruned = await pruneAccountRows(db(), days(15));

    expect(pruned).toEqual({ sessions: 1, tokens: 1, attempts: 1 });
    expect(await db().selectFrom('sessions').select('user_id').execute()).toHaveLength(1);
    expect(await db().selectFrom('account_tokens').select('purpose').execute()).toEqual([
      { purpose: 'password_reset' },
    ]);
    expect(await pruneAccountRows(db(), days(15))).toEqual({ sessions: 0, tokens: 0, attempts: 0 });
  });
});
