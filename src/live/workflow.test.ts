import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { setBreakingLine } from '../front/workflow.js';
import { tempDataDir } from '../http/testing.js';
import { findCoverage, findEntry, listEntries } from './queries.js';
import {
  addEntry,
  BODY_MAX,
  checkEntry,
  closeCoverage,
  deleteEntry,
  type EntryInput,
  editEntry,
  entryToArticle,
  reopenCoverage,
  setEntryPinned,
  startCoverage,
} from './workflow.js';

const now = FIXTURE_NOW;
const MINUTE = 60_000;
const at = (minutes: number) => new Date(now.getTime() + minutes * MINUTE);
const act = (minutes = 0) => ({ userId: 'editor-1', now: at(minutes), source: 'desk' as const });
const entry = (over: Partial<EntryInput> = {}): EntryInput => ({
  title: '',
  bodyHtml: '<p>وصل الوفدان إلى القنصلية.</p>',
  author: '',
  keyEvent: false,
  ...over,
});

describeEachDatabase('the live coverage door', (db) => {
  let fixture: Fixture;
  let live: string;

  const changesSince = async (seq: number) =>
    (await db().selectFrom('content_changes').select(['seq', 'tags']).where('seq', '>', seq).execute()).map(
      (r) => r.tags,
    );
  const lastChange = async () =>
    Number(
      (
        await db()
          .selectFrom('content_changes')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .executeTakeFirst()
      )?.seq ?? 0,
    );
  const add = async (input: EntryInput, minutes = 1) => {
    const result = await addEntry(db(), live, input, act(minutes));
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    return result.entryId;
  };

  beforeAll(async () => {
    fixture = await seedFixture(db(), tempDataDir());
    live = fixture.lead.arId;
  });

  it('starts a coverage through the article door: format, revision, audit, purge', async () => {
    const before = await lastChange();
    expect(await startCoverage(db(), live, act())).toEqual({ ok: true, changed: true });
    const row = await db()
      .selectFrom('articles')
      .select(['format', 'version'])
      .where('id', '=', live)
      .executeTakeFirstOrThrow();
    expect(row.format).toBe('live');
    const revision = await db()
      .selectFrom('article_revisions')
      .select(['kind', 'source', 'author_id'])
      .where('article_id', '=', live)
      .where('version', '=', row.version)
      .executeTakeFirstOrThrow();
    expect(revision).toEqual({ kind: 'format', source: 'desk', author_id: 'editor-1' });
    const actions = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', live)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['article.format', 'live.start']));
    const tags = (await changesSince(before)).join(' ').split(' ');
    expect(tags).toEqual(expect.arrayContaining([`article:${live}`, `live:${live}`]));
    expect(await findCoverage(db(), live)).toMatchObject({ state: 'open', lastSeq: 0 });
    // Again: nothing written.
    expect(await startCoverage(db(), live, act())).toEqual({ ok: true, changed: false });
  });

  it('adds entries numbered in order, sanitized, with an author, a revision, an audit entry and a purge', async () => {
    const before = await lastChange();
    const first = await add(entry({ title: 'بدء الاجتماع', author: 'لينا حداد', keyEvent: true }));
    const second = await add(entry({ bodyHtml: '<p>تصريح <strong>أول</strong> من المتحدث.</p>' }), 2);
    const [a, b] = [await findEntry(db(), first), await findEntry(db(), second)];
    expect(a).toMatchObject({ seq: 1, version: 1, title: 'بدء الاجتماع', keyEvent: true, pinned: false });
    expect(a?.author).toMatchObject({ id: fixture.personId, name: 'لينا حداد' });
    expect(b).toMatchObject({ seq: 2, author: null });
    expect(await findCoverage(db(), live)).toMatchObject({ lastSeq: 2 });
    const revisions = await db()
      .selectFrom('live_entry_revisions')
      .select(['version', 'kind', 'source'])
      .where('entry_id', '=', first)
      .execute();
    expect(revisions).toEqual([{ version: 1, kind: 'create', source: 'desk' }]);
    expect(await changesSince(before)).toEqual([`live:${live}`, `live:${live}`]);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('subject_id', '=', first)
      .execute();
    expect(audit).toEqual([{ action: 'live.entry_add', user_id: 'editor-1' }]);
  });

  it('refuses hostile, oversize, empty and unstorable entries with a reason, and writes nothing', async () => {
    const count = async () => (await listEntries(db(), live, { limit: 100 })).entries.length;
    const before = { entries: await count(), change: await lastChange() };
    const cases: [EntryInput, string, string][] = [
      [entry({ bodyHtml: '<p>نص</p><script>alert(1)</script>' }), 'bodyHtml', 'hostile'],
      [entry({ bodyHtml: '<img src="x" onerror="alert(1)">' }), 'bodyHtml', 'hostile'],
      [entry({ bodyHtml: '<a href="javascript:alert(1)">رابط</a>' }), 'bodyHtml', 'hostile'],
      [entry({ bodyHtml: '<iframe src="https://example.com"></iframe>' }), 'bodyHtml', 'hostile'],
      [entry({ bodyHtml: `<p>${'ا'.repeat(BODY_MAX)}</p>` }), 'bodyHtml', 'too_long'],
      [entry({ bodyHtml: '<p>  </p>' }), 'bodyHtml', 'required'],
      [entry({ title: 'عنوان\u0000' }), 'title', 'invalid_text'],
      [entry({ title: 'ع'.repeat(301) }), 'title', 'too_long'],
      [entry({ author: 'اسم\u0007' }), 'author', 'invalid_text'],
    ];
    for (const [input, field, code] of cases) {
      const result = await addEntry(db(), live, input, act(3));
      expect(result.ok, `${field} ${code}`).toBe(false);
      if (result.ok) continue;
      expect(result.refusal.code).toBe('invalid');
      if (result.refusal.code === 'invalid')
        expect(result.refusal.fields[field as 'bodyHtml']?.code, JSON.stringify(input).slice(0, 80)).toBe(
          code,
        );
    }
    expect(checkEntry(entry({ bodyHtml: '<script>x</script>' })).bodyHtml).toEqual({
      code: 'hostile',
      found: '<script>',
    });
    expect(await count()).toBe(before.entries);
    expect(await lastChange()).toBe(before.change);
  });

  it('edits with the version it was loaded at; a stale version changes nothing', async () => {
    const id = await add(entry({ title: 'قبل' }), 4);
    const edited = await editEntry(
      db(),
      live,
      id,
      { expectedVersion: 1, input: entry({ title: 'بعد', bodyHtml: '<p>نص <em>معدل</em></p>' }) },
      act(5),
    );
    expect(edited).toEqual({ ok: true, version: 2 });
    const stale = await editEntry(
      db(),
      live,
      id,
      { expectedVersion: 1, input: entry({ title: 'نسخة قديمة' }) },
      act(6),
    );
    expect(stale.ok).toBe(false);
    if (!stale.ok)
      expect(stale.refusal).toMatchObject({ code: 'stale', current: { version: 2, title: 'بعد' } });
    expect(await findEntry(db(), id)).toMatchObject({ title: 'بعد', version: 2 });
    // An entry of another coverage, or none, is no entry of this one.
    const other = await editEntry(
      db(),
      fixture.arOthers[0] ?? '',
      id,
      { expectedVersion: 2, input: entry() },
      act(6),
    );
    expect(other).toEqual({ ok: false, refusal: { code: 'not_live' } });
  });

  it('keeps one pinned entry: pinning another unpins the first', async () => {
    const first = await add(entry({ title: 'مثبت أول', pinned: true }), 7);
    const second = await add(entry({ title: 'عادي' }), 8);
    expect((await findEntry(db(), first))?.pinned).toBe(true);
    expect(await setEntryPinned(db(), live, second, true, act(9))).toEqual({ ok: true, changed: true });
    expect((await findEntry(db(), first))?.pinned).toBe(false);
    expect(await findEntry(db(), second)).toMatchObject({ pinned: true, version: 2 });
    expect(await setEntryPinned(db(), live, second, true, act(9))).toEqual({ ok: true, changed: false });
    const pinned = await db()
      .selectFrom('live_entries')
      .select('id')
      .where('article_id', '=', live)
      .where('pinned', '=', 1)
      .execute();
    expect(pinned.map((p) => p.id)).toEqual([second]);
    expect(await setEntryPinned(db(), live, second, false, act(10))).toEqual({ ok: true, changed: true });
  });

  it('deletes an entry with its revisions; a stale version deletes nothing', async () => {
    const id = await add(entry({ title: 'للحذف' }), 11);
    const stale = await deleteEntry(db(), live, id, act(12), 7);
    expect(stale.ok).toBe(false);
    expect(await findEntry(db(), id)).toBeDefined();
    expect(await deleteEntry(db(), live, id, act(12), 1)).toEqual({ ok: true });
    expect(await findEntry(db(), id)).toBeUndefined();
    const left = await db()
      .selectFrom('live_entry_revisions')
      .select('id')
      .where('entry_id', '=', id)
      .execute();
    expect(left).toEqual([]);
  });

  it('turns an entry into a draft article through the article door, once', async () => {
    const id = await add(entry({ title: 'الوفد الأمريكي يغادر', author: 'لينا حداد' }), 13);
    const result = await entryToArticle(db(), live, id, act(14));
    expect(result).toMatchObject({ ok: true, changed: true });
    if (!result.ok) return;
    const article = await db()
      .selectFrom('articles')
      .selectAll()
      .where('id', '=', result.newArticleId)
      .executeTakeFirstOrThrow();
    expect(article).toMatchObject({
      status: 'draft',
      edition_code: 'ar',
      headline: 'الوفد الأمريكي يغادر',
      format: 'standard',
      section_id: fixture.sections.arWorld,
      created_by: 'editor-1',
    });
    const revision = await db()
      .selectFrom('article_revisions')
      .select(['kind', 'version'])
      .where('article_id', '=', result.newArticleId)
      .execute();
    expect(revision).toEqual([{ kind: 'create', version: 1 }]);
    expect((await findEntry(db(), id))?.spunOffArticleId).toBe(result.newArticleId);
    expect(await entryToArticle(db(), live, id, act(15))).toEqual({
      ok: true,
      newArticleId: result.newArticleId,
      changed: false,
    });
  });

  it('closes and reopens; closed, it refuses new and changed entries; the breaking line pointing to it is purged', async () => {
    await setBreakingLine(
      db(),
      'ar',
      { text: 'تغطية مباشرة', linkUrl: '', liveArticleId: live, expiresAt: at(600) },
      { userId: 'editor-1', now: at(16) },
    );
    const some = await add(entry(), 16);
    const before = await lastChange();
    expect(await closeCoverage(db(), live, act(17))).toEqual({ ok: true, changed: true });
    expect((await changesSince(before)).join(' ').split(' ').sort()).toEqual(['edition:ar', `live:${live}`]);
    expect(await findCoverage(db(), live)).toMatchObject({ state: 'closed', endedAt: at(17).toISOString() });
    expect(await addEntry(db(), live, entry(), act(18))).toEqual({ ok: false, refusal: { code: 'closed' } });
    expect(
      await editEntry(db(), live, some, { expectedVersion: 1, input: entry({ title: 'لا' }) }, act(18)),
    ).toEqual({ ok: false, refusal: { code: 'closed' } });
    expect(await deleteEntry(db(), live, some, act(18))).toEqual({ ok: false, refusal: { code: 'closed' } });
    expect(await closeCoverage(db(), live, act(19))).toEqual({ ok: true, changed: false });
    expect(await reopenCoverage(db(), live, act(20))).toEqual({ ok: true, changed: true });
    expect(await findCoverage(db(), live)).toMatchObject({ state: 'open', endedAt: null });
  });

  it('refuses entries on an article that is not a live coverage', async () => {
    const plain = fixture.arOthers[1] ?? '';
    expect(await addEntry(db(), plain, entry(), act(21))).toEqual({
      ok: false,
      refusal: { code: 'not_live' },
    });
    expect(await addEntry(db(), 'nosucharticle', entry(), act(21))).toEqual({
      ok: false,
      refusal: { code: 'not_found' },
    });
  });
});
