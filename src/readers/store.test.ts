import { beforeAll, describe, expect, it } from 'vitest';
import { auditEntriesAbout } from '../accounts/queries.js';
import { FIXTURE_NOW, seedFixture } from '../articles/testing.js';
import { findComment } from '../comments/queries.js';
import { approveComment, postComment } from '../comments/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir } from '../http/testing.js';
import { checkDisplayName, nameKey } from './names.js';
import { findReader, findReaderByEmail } from './queries.js';
import { isBarred } from './reader.js';
import {
  banReader,
  chooseDisplayName,
  deleteReaderAccount,
  endReaderSession,
  lookupReaderSession,
  nextPathSchema,
  pruneReaderRows,
  reinstateReader,
  requestSignInLink,
  SIGN_IN_LIMITS,
  setReplyNotifications,
  startReaderSession,
  suspendReader,
  useSignInLink,
} from './store.js';

const now = FIXTURE_NOW;
const MINUTE = 60_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(now.getTime() + ms);

describe('display names', () => {
  it('folds Arabic letter forms, marks, tatweel, digits, case and spaces into one key', () => {
    expect(nameKey('أحمد')).toBe(nameKey('احمد'));
    expect(nameKey('إيمان')).toBe(nameKey('ايمان'));
    expect(nameKey('آمنة')).toBe(nameKey('امنه'));
    expect(nameKey('مُصْطَفى')).toBe(nameKey('مصطفي'));
    expect(nameKey('ســارة')).toBe(nameKey('ساره'));
    expect(nameKey('علي ١٢')).toBe(nameKey('علي 12'));
    expect(nameKey('  Ahmed   Ali ')).toBe(nameKey('ahmed ali'));
    expect(nameKey('José')).toBe(nameKey('jose'));
    // A repeated letter is another name (unlike the banned-phrase folding).
    expect(nameKey('Hanna')).not.toBe(nameKey('Hana'));
  });

  it('refuses names that pass for the newsroom, in any spelling', () => {
    for (const name of [
      'Admin',
      'the.staff',
      'a d m i n',
      'Moderator 1',
      'فريق التحرير',
      'المُحرّر',
      'مشرف',
      'الادارة',
    ]) {
      expect(checkDisplayName(name), name).toEqual({ ok: false, error: 'staff' });
    }
    expect(checkDisplayName('قارئ من بيروت')).toMatchObject({ ok: true, name: 'قارئ من بيروت' });
  });

  it('takes 2 to 40 letters, digits, spaces and .-_ only', () => {
    expect(checkDisplayName(' a ')).toEqual({ ok: false, error: 'length' });
    expect(checkDisplayName('x'.repeat(41))).toEqual({ ok: false, error: 'length' });
    expect(checkDisplayName('x'.repeat(40))).toMatchObject({ ok: true });
    for (const bad of [
      'ab\0cd',
      'ab\u200fcd',
      'ab\ncd',
      'ab😀',
      'Аndrey' /* Cyrillic А */,
      'a<b>',
      '123',
      '__',
    ]) {
      expect(checkDisplayName(bad), JSON.stringify(bad)).toEqual({ ok: false, error: 'characters' });
    }
    expect(checkDisplayName('  Sara   K.  ')).toEqual({ ok: true, name: 'Sara K.', key: 'sara k.' });
  });

  it('keeps `next` to a path on this site', () => {
    expect(nextPathSchema.parse('/ar/news/2022/12/story')).toBe('/ar/news/2022/12/story');
    expect(nextPathSchema.parse('/ar/خبر')).toBe('/ar/%D8%AE%D8%A8%D8%B1');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'ar',
      '/a b',
      '/a\0b',
      17,
    ]) {
      expect(nextPathSchema.parse(bad), String(bad)).toBe('');
    }
  });
});

describeEachDatabase('the readers door', (db) => {
  let articleId: string;
  const ask = (email: string, options: { ms?: number; ip?: string; edition?: string; next?: string } = {}) =>
    requestSignInLink(
      db(),
      {
        email,
        editionCode: options.edition ?? 'ar',
        nextPath: options.next ?? '',
        ip: options.ip ?? '192.0.2.1',
      },
      at(options.ms ?? 0),
    );
  const signedUp = async (email: string, name?: string) => {
    const link = await ask(email, { ip: `198.51.100.${Math.floor(Math.random() * 250)}` });
    if (!link.ok) throw new Error(link.error);
    const used = await useSignInLink(db(), link.token, now);
    if (!used.ok) throw new Error(used.error);
    if (name) await chooseDisplayName(db(), used.reader.id, name, now);
    return used;
  };

  beforeAll(async () => {
    const fixture = await seedFixture(db(), tempDataDir());
    articleId = fixture.arOthers[0] as string;
  });

  it('lets a link in once, within 15 minutes, and makes the reader on first use', async () => {
    const link = await ask(' Reader.One@Example.com ', { ip: '192.0.2.10', next: '/ar/story' });
    if (!link.ok) throw new Error(link.error);
    expect(link.expiresAt.toISOString()).toBe(at(15 * MINUTE).toISOString());
    const used = await useSignInLink(db(), link.token, at(15 * MINUTE - 1000));
    expect(used).toMatchObject({
      ok: true,
      nextPath: '/ar/story',
      reader: { email: 'reader.one@example.com', editionCode: 'ar', language: 'ar', displayName: null },
    });
    expect(await useSignInLink(db(), link.token, at(MINUTE))).toEqual({ ok: false, error: 'used' });

    const late = await ask('reader.one@example.com', { ip: '192.0.2.10' });
    if (!late.ok) throw new Error(late.error);
    expect(await useSignInLink(db(), late.token, at(15 * MINUTE))).toEqual({ ok: false, error: 'expired' });
    expect(await useSignInLink(db(), `${late.token.slice(0, -2)}xx`, now)).toEqual({
      ok: false,
      error: 'unknown',
    });

    // A later link of the same address signs the same reader in.
    const again = await ask('reader.one@example.com', { ip: '192.0.2.10' });
    if (!again.ok || !used.ok) throw new Error('no link');
    expect(await useSignInLink(db(), again.token, now)).toMatchObject({
      ok: true,
      reader: { id: used.reader.id },
    });
  });

  it('gives a reader first signed in on the English edition English', async () => {
    const used = await signedUpOn('en');
    expect(used.reader).toMatchObject({ editionCode: 'en', language: 'en' });
    async function signedUpOn(edition: string) {
      const link = await ask('english.reader@example.com', { edition, ip: '192.0.2.11' });
      if (!link.ok) throw new Error(link.error);
      const result = await useSignInLink(db(), link.token, now);
      if (!result.ok) throw new Error(result.error);
      return result;
    }
  });

  it('uses a link once even when two clicks arrive together', async () => {
    const link = await ask('double@example.com', { ip: '192.0.2.12' });
    if (!link.ok) throw new Error(link.error);
    const results = await Promise.all([
      useSignInLink(db(), link.token, now),
      useSignInLink(db(), link.token, now),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'used' }]);
  });

  it('limits links per address and per client over 15 minutes, stored in the database', async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) {
      expect(await ask('flood@example.com', { ip: `203.0.113.${i}` })).toMatchObject({ ok: true });
    }
    expect(await ask('FLOOD@example.com', { ip: '203.0.113.99' })).toEqual({ ok: false, error: 'throttled' });
    expect(await ask('flood@example.com', { ms: 15 * MINUTE + 1, ip: '203.0.113.99' })).toMatchObject({
      ok: true,
    });

    const results = await Promise.all(
      Array.from({ length: SIGN_IN_LIMITS.perIp + 3 }, (_, i) =>
        ask(`bot${i}@example.com`, { ip: '198.18.0.1' }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(SIGN_IN_LIMITS.perIp);
    expect(await ask('invalid', { ip: '198.18.0.2' })).toEqual({ ok: false, error: 'invalid_email' });
  });

  it('lets a name be chosen once, unique after Arabic folding, also when two choose it at once', async () => {
    const first = await signedUp('ahmad1@example.com');
    const second = await signedUp('ahmad2@example.com');
    expect(await chooseDisplayName(db(), first.reader.id, 'أحمد', now)).toEqual({ ok: true, name: 'أحمد' });
    expect(await chooseDisplayName(db(), second.reader.id, 'احمد', now)).toEqual({
      ok: false,
      error: 'taken',
    });
    expect(await chooseDisplayName(db(), second.reader.id, 'أَحْمَـد', now)).toEqual({
      ok: false,
      error: 'taken',
    });
    expect(await chooseDisplayName(db(), first.reader.id, 'Another', now)).toEqual({
      ok: false,
      error: 'already_chosen',
    });
    expect(await chooseDisplayName(db(), second.reader.id, 'Staff Writer', now)).toEqual({
      ok: false,
      error: 'staff',
    });
    expect((await findReader(db(), second.reader.id))?.displayName).toBeNull();

    const racers = await Promise.all([signedUp('race1@example.com'), signedUp('race2@example.com')]);
    const results = await Promise.all([
      chooseDisplayName(db(), racers[0].reader.id, 'Layla', now),
      chooseDisplayName(db(), racers[1].reader.id, 'LAYLA', now),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error)).sort()).toEqual(['ok', 'taken']);
  });

  it('keeps sessions 30 days, sliding, apart from newsroom sessions', async () => {
    const { reader, session } = await signedUp('session@example.com', 'Session Reader');
    const found = await lookupReaderSession(db(), session.token, at(10 * DAY));
    expect(found).toMatchObject({ kind: 'active', reader: { id: reader.id } });
    if (found.kind !== 'active') return;
    expect(found.extendedTo?.toISOString()).toBe(at(40 * DAY).toISOString());
    // Within the hour after an extension nothing is written.
    expect(await lookupReaderSession(db(), session.token, at(10 * DAY + 30 * MINUTE))).toMatchObject({
      extendedTo: undefined,
    });
    expect(await lookupReaderSession(db(), session.token, at(40 * DAY))).toEqual({ kind: 'ended' });
    const other = await startReaderSession(db(), reader.id, now);
    await endReaderSession(db(), other.token);
    expect(await lookupReaderSession(db(), other.token, now)).toEqual({ kind: 'ended' });
    expect(await db().selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('suspends, bans and reinstates, audited; a barred reader keeps their session', async () => {
    const { reader, session } = await signedUp('moderated@example.com', 'Moderated');
    const act = { userId: 'moderator-1', now };
    expect(
      await suspendReader(db(), reader.id, { until: at(DAY).toISOString(), reason: 'spam' }, act),
    ).toEqual({
      ok: true,
    });
    const suspended = await findReader(db(), reader.id);
    expect(suspended).toMatchObject({ status: 'suspended', statusReason: 'spam' });
    expect(isBarred(suspended ?? reader, at(DAY - 1))).toBe(true);
    expect(isBarred(suspended ?? reader, at(DAY))).toBe(false);
    expect(await lookupReaderSession(db(), session.token, now)).toMatchObject({ kind: 'active' });

    const later = (minutes: number) => ({ ...act, now: at(minutes * MINUTE) });
    expect(await banReader(db(), reader.id, { reason: 'abuse' }, later(1))).toEqual({ ok: true });
    expect(await findReader(db(), reader.id)).toMatchObject({ status: 'banned', suspendedUntil: null });
    expect(await reinstateReader(db(), reader.id, later(2))).toEqual({ ok: true });
    expect(await findReader(db(), reader.id)).toMatchObject({ status: 'active', statusReason: null });
    const actions = (await auditEntriesAbout(db(), reader.id)).map((e) => `${e.action}:${e.user_id}`);
    expect(actions).toEqual([
      'reader.suspend:moderator-1',
      'reader.ban:moderator-1',
      'reader.reinstate:moderator-1',
    ]);

    expect(await banReader(db(), 'nobody', { reason: '' }, act)).toEqual({ ok: false, error: 'not_found' });
    expect(await reinstateReader(db(), 'nobody', act)).toEqual({ ok: false, error: 'not_found' });
    expect(await suspendReader(db(), reader.id, { until: now.toISOString(), reason: '' }, act)).toEqual({
      ok: false,
      error: 'invalid',
    });
    expect(await suspendReader(db(), 'nobody', { until: at(DAY).toISOString(), reason: '' }, act)).toEqual({
      ok: false,
      error: 'not_found',
    });
  });

  it('deletes an account: comments removed without author, sessions, links and row gone, audit without email', async () => {
    const { reader, session } = await signedUp('leaving@example.com', 'Leaving Reader');
    const { reader: other } = await signedUp('staying@example.com', 'Staying Reader');
    await setReplyNotifications(db(), reader.id, true, now);
    const profile = await findReader(db(), reader.id);
    if (!profile) throw new Error('no reader');
    const posted = await postComment(
      db(),
      { articleId, body: 'تعليق سيحذف مع الحساب' },
      { kind: 'reader', reader: profile },
      { ip: '192.0.2.50', now },
    );
    if (!posted.ok) throw new Error(posted.error);
    await approveComment(db(), posted.id, () => true, { userId: 'moderator-1', now });

    expect(await deleteReaderAccount(db(), reader.id, at(MINUTE))).toEqual({ ok: true });
    expect(await findReader(db(), reader.id)).toBeUndefined();
    expect(await findReaderByEmail(db(), 'leaving@example.com')).toBeUndefined();
    expect(await findComment(db(), posted.id)).toMatchObject({
      status: 'removed',
      body: '',
      author_name: '',
      reader_id: null,
    });
    expect(await lookupReaderSession(db(), session.token, now)).toEqual({ kind: 'ended' });
    const links = await db()
      .selectFrom('reader_sign_in_links')
      .selectAll()
      .where('email', '=', 'leaving@example.com')
      .execute();
    expect(links).toEqual([]);
    const audit = await auditEntriesAbout(db(), reader.id);
    expect(audit.map((e) => [e.action, e.user_id])).toEqual([['reader.delete', null]]);
    expect(audit[0]?.details).not.toContain('leaving@example.com');
    expect(await findReader(db(), other.id)).toBeDefined();
    expect(await deleteReaderAccount(db(), reader.id, now)).toEqual({ ok: false, error: 'not_found' });
  });

  it('prunes expired sessions and day-old links', async () => {
    const { session } = await signedUp('pruned@example.com', 'Pruned');
    const pruned = await pruneReaderRows(db(), at(31 * DAY));
    expect(pruned.sessions).toBeGreaterThan(0);
    expect(pruned.links).toBeGreaterThan(0);
    expect(await lookupReaderSession(db(), session.token, now)).toEqual({ kind: 'ended' });
  });
});
