import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir } from '../http/testing.js';
import type { SignedInReader } from '../readers/reader.js';
import { findComment, listCommentsByReader, loadCommentSettings, loadThread } from './queries.js';
import { insertTestReader } from './testing.js';
import {
  addBannedPhrase,
  approveComment,
  type CheckRecord,
  forgetReaderComments,
  postComment,
  rejectComment,
  removeOwnComment,
  reportComment,
  saveCommentSettings,
  setCommentsClosure,
} from './workflow.js';

const now = FIXTURE_NOW;
const MINUTE = 60_000;
const editor = { userId: 'editor-1', now };
const anyEdition = () => true;
const at = (minutes: number) => ({ ip: '203.0.113.7', now: new Date(now.getTime() + minutes * MINUTE) });

describeEachDatabase('the conversation door', (db) => {
  let fixture: Fixture;
  let article: string;
  let reader: SignedInReader;

  const post = (
    body: string,
    who = reader,
    options: { parentId?: string; minutes?: number; ip?: string } = {},
  ) =>
    postComment(
      db(),
      { articleId: article, body, parentId: options.parentId },
      { kind: 'reader', reader: who },
      { ...at(options.minutes ?? 0), ...(options.ip ? { ip: options.ip } : {}) },
    );
  const checksOf = async (id: string) =>
    JSON.parse((await findComment(db(), id))?.checks ?? '[]') as CheckRecord[];

  beforeAll(async () => {
    fixture = await seedFixture(db(), tempDataDir());
    article = fixture.arOthers[0] as string;
    reader = await insertTestReader(db(), now);
  });

  it('holds a new reader for review, then trusts them after enough approved comments', async () => {
    const settings = await loadCommentSettings(db(), 'ar');
    await saveCommentSettings(db(), 'ar', { ...settings, trust_after: 2 }, editor);
    const newcomer = await insertTestReader(db(), now);
    const first = await post('تعليق أول على الخبر', newcomer);
    expect(first).toMatchObject({ ok: true, status: 'pending', heldFor: 'trust' });
    if (!first.ok) return;
    expect((await checksOf(first.id)).map((c) => `${c.step}:${c.outcome}`)).toEqual([
      'length:pass',
      'closed:pass',
      'reader:pass',
      'banned_phrases:pass',
      'links:pass',
      'rate:pass',
      'trust:hold',
    ]);
    expect((await loadThread(db(), article)).count).toBe(0);
    await approveComment(db(), first.id, anyEdition, editor);
    const second = await post('تعليق ثان', newcomer, { minutes: 1 });
    expect(second).toMatchObject({ ok: true, status: 'pending' });
    if (second.ok) await approveComment(db(), second.id, anyEdition, editor);
    const third = await post('تعليق ثالث ينشر فوراً', newcomer, { minutes: 2 });
    expect(third).toMatchObject({ ok: true, status: 'approved', heldFor: null });
    const thread = await loadThread(db(), article);
    expect(thread.count).toBe(3);
    expect(thread.entries.map((e) => e.body)).toEqual([
      'تعليق أول على الخبر',
      'تعليق ثان',
      'تعليق ثالث ينشر فوراً',
    ]);
  });

  it('refuses empty, control characters and overlong text, storing nothing', async () => {
    const before = (await listCommentsByReader(db(), reader.id)).length;
    expect(await post('   \n ')).toEqual({ ok: false, error: 'empty' });
    expect(await post('نص\u0007فيه جرس')).toEqual({ ok: false, error: 'invalid_text' });
    expect(await post('ك'.repeat(2001))).toEqual({ ok: false, error: 'too_long' });
    expect(await post('ok', { ...reader, displayName: null })).toEqual({ ok: false, error: 'no_name' });
    expect((await listCommentsByReader(db(), reader.id)).length).toBe(before);
  });

  it('holds banned words however they are spelled, and names the phrase on the comment', async () => {
    expect(await addBannedPhrase(db(), 'ar', 'كلمة', editor)).toMatchObject({ ok: true });
    expect(await addBannedPhrase(db(), 'ar', 'كَلِمه', editor)).toEqual({ ok: false, error: 'exists' });
    const trusted = await insertTestReader(db(), now);
    const settings = await loadCommentSettings(db(), 'ar');
    await saveCommentSettings(db(), 'ar', { ...settings, trust_after: 0 }, editor);
    for (const [i, spelling] of ['كَلِمة', 'كلمه', 'كـلـمـة'].entries()) {
      const result = await post(`هذه ${spelling} سيئة`, trusted, { minutes: 10 + i });
      expect(result).toMatchObject({ ok: true, status: 'pending', heldFor: 'banned_phrases' });
      if (result.ok)
        expect((await checksOf(result.id))[3]).toEqual({
          step: 'banned_phrases',
          outcome: 'hold',
          detail: 'كلمة',
        });
    }
    expect(await post('كلمات عادية', trusted, { minutes: 14 })).toMatchObject({
      ok: true,
      status: 'approved',
    });
    await saveCommentSettings(db(), 'ar', settings, editor);
  });

  it('holds links from readers not yet trusted, not from trusted ones', async () => {
    const newcomer = await insertTestReader(db(), now);
    expect(await post('انظر https://example.com/x', newcomer)).toMatchObject({ heldFor: 'links' });
    const settings = await loadCommentSettings(db(), 'ar');
    await saveCommentSettings(db(), 'ar', { ...settings, trust_after: 0 }, editor);
    expect(await post('انظر www.example.com', newcomer, { minutes: 1 })).toMatchObject({
      status: 'approved',
    });
    await saveCommentSettings(db(), 'ar', settings, editor);
  });

  it('refuses readers over the hourly limit, per reader and per address', async () => {
    const settings = await loadCommentSettings(db(), 'ar');
    await saveCommentSettings(
      db(),
      'ar',
      { ...settings, per_reader_per_hour: 2, per_address_per_hour: 3 },
      editor,
    );
    const busy = await insertTestReader(db(), now);
    const other = await insertTestReader(db(), now);
    const ip = '198.51.100.9';
    expect(await post('واحد', busy, { minutes: 100, ip })).toMatchObject({ ok: true });
    expect(await post('اثنان', busy, { minutes: 101, ip })).toMatchObject({ ok: true });
    expect(await post('ثلاثة', busy, { minutes: 102, ip })).toEqual({ ok: false, error: 'rate_limited' });
    expect(await post('من آخر', other, { minutes: 103, ip })).toMatchObject({ ok: true });
    expect(await post('من آخر ثانية', other, { minutes: 104, ip })).toEqual({
      ok: false,
      error: 'rate_limited',
    });
    // An hour later both may write again.
    expect(await post('بعد ساعة', busy, { minutes: 170, ip })).toMatchObject({ ok: true });
    await saveCommentSettings(db(), 'ar', settings, editor);
  });

  it('refuses banned readers and suspended ones until the suspension ends', async () => {
    const banned = await insertTestReader(db(), now, { status: 'banned' });
    expect(await post('نص', banned)).toEqual({ ok: false, error: 'barred' });
    const until = new Date(now.getTime() + 30 * MINUTE).toISOString();
    const suspended = await insertTestReader(db(), now, { status: 'suspended', suspendedUntil: until });
    expect(await post('نص', suspended)).toEqual({ ok: false, error: 'barred' });
    expect(await post('نص بعد التعليق', suspended, { minutes: 31 })).toMatchObject({ ok: true });
  });

  it('closes by article, by section default and by age', async () => {
    // The lead story was first published 18 days before the fixture's now; the default closes at 14.
    const old = await postComment(
      db(),
      { articleId: fixture.lead.arId, body: 'متأخر' },
      { kind: 'reader', reader },
      at(0),
    );
    expect(old).toEqual({ ok: false, error: 'closed' });
    await setCommentsClosure(
      db(),
      { scope: 'article', id: fixture.lead.arId, editionCode: 'ar' },
      'open',
      editor,
    );
    expect(
      await postComment(
        db(),
        { articleId: fixture.lead.arId, body: 'مفتوح' },
        { kind: 'reader', reader },
        at(0),
      ),
    ).toMatchObject({ ok: true });

    const inScience = fixture.arOthers[1] as string;
    const science = { scope: 'section' as const, id: fixture.sections.arScience, editionCode: 'ar' };
    await setCommentsClosure(db(), science, 'closed', editor);
    const onScience = () =>
      postComment(db(), { articleId: inScience, body: 'علوم' }, { kind: 'reader', reader }, at(5));
    expect(await onScience()).toEqual({ ok: false, error: 'closed' });
    await setCommentsClosure(db(), { scope: 'article', id: inScience, editionCode: 'ar' }, 'open', editor);
    expect(await onScience()).toMatchObject({ ok: true });
    await setCommentsClosure(db(), science, 'default', editor);
  });

  it('threads replies one level under their parent and refuses replies to hidden or foreign comments', async () => {
    const staff = { kind: 'staff' as const, userId: 'editor-1', name: 'صحيفة' };
    const top = await postComment(db(), { articleId: article, body: 'من التحرير' }, staff, at(200));
    expect(top).toMatchObject({ ok: true, status: 'approved' });
    if (!top.ok) return;
    const reply = await postComment(
      db(),
      { articleId: article, body: 'رد', parentId: top.id },
      staff,
      at(201),
    );
    if (!reply.ok) throw new Error('reply refused');
    // A reply to a reply hangs under the same top-level comment.
    const nested = await postComment(
      db(),
      { articleId: article, body: 'رد على رد', parentId: reply.id },
      staff,
      at(202),
    );
    if (!nested.ok) throw new Error('nested reply refused');
    expect((await findComment(db(), nested.id))?.parent_id).toBe(top.id);
    const elsewhere = fixture.arOthers[2] as string;
    expect(
      await postComment(db(), { articleId: elsewhere, body: 'رد', parentId: top.id }, staff, at(203)),
    ).toEqual({ ok: false, error: 'bad_parent' });
    await rejectComment(db(), reply.id, anyEdition, editor, 'خارج الموضوع');
    expect(
      await postComment(db(), { articleId: article, body: 'رد', parentId: reply.id }, staff, at(204)),
    ).toEqual({ ok: false, error: 'bad_parent' });
    const entry = (await loadThread(db(), article)).entries.find((e) => e.id === top.id);
    expect(entry?.isStaff).toBe(true);
    expect(entry?.replies.map((r) => r.body)).toEqual(['رد على رد']);
  });

  it('holds a comment for review when reports reach the threshold, once per reader', async () => {
    const settings = await loadCommentSettings(db(), 'ar');
    await saveCommentSettings(db(), 'ar', { ...settings, trust_after: 0, report_threshold: 2 }, editor);
    const author = await insertTestReader(db(), now);
    const posted = await post('رأي مثير للجدل', author, { minutes: 300 });
    if (!posted.ok) throw new Error('refused');
    const [r1, r2] = [await insertTestReader(db(), now), await insertTestReader(db(), now)];
    const report = (readerId: string, reason: 'spam' | 'illegal' = 'spam') =>
      reportComment(db(), { commentId: posted.id, readerId, reason, note: '' }, now);
    expect(await report(author.id)).toEqual({ ok: false, error: 'own_comment' });
    expect(await report(r1.id)).toEqual({ ok: true, held: false });
    expect(await report(r1.id)).toEqual({ ok: false, error: 'already_reported' });
    expect(await report(r2.id, 'illegal')).toEqual({ ok: true, held: true });
    expect(await findComment(db(), posted.id)).toMatchObject({ status: 'pending', held_for: 'reports' });
    // Approved again by a moderator: back in the thread, its count starts again.
    await approveComment(db(), posted.id, anyEdition, editor);
    expect(await findComment(db(), posted.id)).toMatchObject({ status: 'approved', report_count: 0 });
    await saveCommentSettings(db(), 'ar', settings, editor);
  });

  it('lets moderators act only where the policy says', async () => {
    const staff = { kind: 'staff' as const, userId: 'editor-1', name: 'صحيفة' };
    const posted = await postComment(db(), { articleId: article, body: 'نص' }, staff, at(400));
    if (!posted.ok) throw new Error('refused');
    const onlyEnglish = (code: string) => code === 'en';
    expect(await rejectComment(db(), posted.id, onlyEnglish, editor)).toEqual({
      ok: false,
      error: 'not_allowed',
    });
    expect(await findComment(db(), posted.id)).toMatchObject({ status: 'approved' });
  });

  it('takes a reader’s comments down as "deleted" when they delete one or their account', async () => {
    const settings = await loadCommentSettings(db(), 'ar');
    await saveCommentSettings(db(), 'ar', { ...settings, trust_after: 0 }, editor);
    const leaving = await insertTestReader(db(), now);
    const other = await insertTestReader(db(), now);
    const mine = await post('تعليقي', leaving, { minutes: 500 });
    const second = await post('تعليق آخر لي', leaving, { minutes: 501 });
    if (!mine.ok || !second.ok) throw new Error('refused');
    const answer = await post('رد عليك', other, { parentId: mine.id, minutes: 502 });
    expect(answer).toMatchObject({ ok: true, status: 'approved' });
    expect(await removeOwnComment(db(), { readerId: other.id, commentId: second.id }, now)).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await removeOwnComment(db(), { readerId: leaving.id, commentId: second.id }, now)).toEqual({
      ok: true,
    });
    await forgetReaderComments(db(), leaving.id, now);
    expect(await findComment(db(), mine.id)).toMatchObject({
      status: 'removed',
      body: '',
      author_name: '',
      reader_id: null,
    });
    const thread = await loadThread(db(), article, 1);
    const kept = thread.entries.find((e) => e.id === mine.id);
    expect(kept).toMatchObject({ shown: false, body: '', authorName: '' });
    expect(kept?.replies.map((r) => r.body)).toEqual(['رد عليك']);
    expect(thread.entries.some((e) => e.id === second.id)).toBe(false);
    await saveCommentSettings(db(), 'ar', settings, editor);
  });
});
