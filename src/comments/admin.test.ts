import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { cacheTags } from '../http/cache-tags.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { findReader } from '../readers/queries.js';
import type { SignedInReader } from '../readers/reader.js';
import { findComment, listBannedPhrases, listClosures, loadCommentSettings, loadThread } from './queries.js';
import { insertTestReader } from './testing.js';
import { postComment, reportComment, saveCommentSettings } from './workflow.js';

const now = FIXTURE_NOW;
const MINUTE = 60_000;

describeEachDatabase('the moderation desk (/admin/comments)', (db) => {
  const dataDir = tempDataDir();
  let fixture: Fixture;
  let article: string;
  let enArticle: string;
  let reader: SignedInReader;
  let minutes = 0;

  /** A reader's comment through the door, a minute after the last (the rate limits stay far). */
  async function readerComment(body: string, who = reader, articleId = article) {
    minutes += 1;
    const result = await postComment(
      db(),
      { articleId, body },
      { kind: 'reader', reader: who },
      { ip: `198.51.100.${minutes % 250}`, now: new Date(now.getTime() - 600 * MINUTE + minutes * MINUTE) },
    );
    if (!result.ok) throw new Error(result.error);
    return result.id;
  }

  async function signedIn(email: string) {
    const { app } = testApp(db(), { now, dataDir });
    const browser = new TestBrowser(app);
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }

  beforeAll(async () => {
    fixture = await seedFixture(db(), dataDir);
    article = fixture.arOthers[0] ?? '';
    enArticle = fixture.lead.enId;
    await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['ar'] }, now);
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, now);
    await seedUser(db(), { email: 'en-writer@news.example', role: 'writer', editions: ['en'] }, now);
    reader = await insertTestReader(db(), now);
  });

  it('shows held comments oldest first with the step that held them, reported ones with their reports', async () => {
    const first = await readerComment('تعليق أول ينتظر المراجعة');
    const second = await readerComment('تعليق ثان <b>بخط عريض</b>');
    const browser = await signedIn('writer@news.example');
    const page = await browser.get('/admin/comments');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.indexOf(first)).toBeGreaterThan(0);
    expect(html.indexOf(first)).toBeLessThan(html.indexOf(second));
    expect(html).toContain('أوقفه: قارئ موثوق');
    expect(html).toContain('&lt;b&gt;بخط عريض&lt;/b&gt;');
    expect(html).toContain('dir="auto"');
    expect(html).toContain(`href="/admin/comments/articles/${article}"`);
    expect(html).toContain(`href="/admin/comments/readers/${reader.id}"`);

    // A trusted reader's comment, reported past the threshold.
    const trusted = await insertTestReader(db(), now);
    const settings = await loadCommentSettings(db(), 'ar');
    await saveCommentSettings(
      db(),
      'ar',
      { ...settings, trust_after: 0, report_threshold: 2 },
      {
        userId: 'x',
        now,
      },
    );
    const shown = await readerComment('رأي منشور سيبلغ عنه', trusted);
    expect((await findComment(db(), shown))?.status).toBe('approved');
    for (const [index, note] of ['كلام مسيء', 'إعلان'].entries()) {
      const reporter = await insertTestReader(db(), now);
      await reportComment(
        db(),
        { commentId: shown, readerId: reporter.id, reason: index === 0 ? 'abuse' : 'spam', note },
        now,
      );
    }
    await saveCommentSettings(db(), 'ar', settings, { userId: 'x', now });
    const reported = await (await browser.get('/admin/comments?queue=reported')).text();
    expect(reported).toContain(shown);
    expect(reported).toContain('كلام مسيء');
    expect(reported).toContain('إساءة');
    expect(reported).not.toContain(first);
    expect(await (await browser.get('/admin/comments')).text()).not.toContain(shown);
  });

  it('approves and rejects one comment, with the reason kept and audited, and purges the thread', async () => {
    const held = await readerComment('تعليق للموافقة');
    const refused = await readerComment('تعليق للرفض');
    const browser = await signedIn('writer@news.example');
    await browser.get('/admin/comments');
    const before = await db().selectFrom('content_changes').select('tags').execute();
    const approved = await browser.post(`/admin/comments/${held}/approve`, { back: '/admin/comments' });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe('/admin/comments?done=approved');
    expect((await findComment(db(), held))?.status).toBe('approved');
    const after = await db().selectFrom('content_changes').select('tags').execute();
    expect(after.slice(before.length).map((r) => r.tags)).toContain(cacheTags.comments(article));
    expect((await loadThread(db(), article)).entries.some((e) => e.id === held)).toBe(true);

    const noReason = await browser.post(`/admin/comments/${refused}/reject`, { reason: 'other', note: '' });
    expect(noReason.status).toBe(400);
    expect((await findComment(db(), refused))?.status).toBe('pending');
    const rejected = await browser.post(`/admin/comments/${refused}/reject`, {
      reason: 'off_topic',
      note: 'لا علاقة له بالخبر',
      back: '/admin/comments?queue=pending&edition=ar',
    });
    expect(rejected.headers.get('location')).toBe('/admin/comments?queue=pending&edition=ar&done=rejected');
    const row = await findComment(db(), refused);
    expect(row?.status).toBe('rejected');
    expect(row?.decision_reason).toBe('خارج الموضوع: لا علاقة له بالخبر');
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_id', '=', refused)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['comment.reject']);
    expect(audit[0]?.details).toContain('لا علاقة له بالخبر');
    const recent = await (await browser.get('/admin/comments?queue=recent')).text();
    expect(recent).toContain('خارج الموضوع: لا علاقة له بالخبر');
    // A page of this desk only: elsewhere, the desk.
    const away = await browser.post(`/admin/comments/${held}/approve`, { back: 'https://evil.example/' });
    expect(away.headers.get('location')).toBe('/admin/comments?done=unchanged');
    const up = await browser.post(`/admin/comments/${held}/approve`, { back: '/admin/comments/../users' });
    expect(up.headers.get('location')).toBe('/admin/comments?done=unchanged');
  });

  it('acts on a batch: one bad id, one of another edition and one decided already do not stop the rest', async () => {
    const a = await readerComment('تعليق أ');
    const b = await readerComment('تعليق ب');
    const enReader = await insertTestReader(db(), now, { editionCode: 'en' });
    // The English story is older than the default closing age.
    const enSettings = await loadCommentSettings(db(), 'en');
    await saveCommentSettings(db(), 'en', { ...enSettings, close_after_days: 0 }, { userId: 'x', now });
    const foreign = await readerComment('An English comment', enReader, enArticle);
    const browser = await signedIn('writer@news.example');
    const queue = await (await browser.get('/admin/comments')).text();
    // The tick boxes sit in the cards, outside the bulk form, and belong to it by its id.
    expect(queue).toContain(
      '<form method="post" action="/admin/comments/bulk" class="admin-form" id="comments-bulk">',
    );
    expect(queue).toContain(`name="ids" value="${a}" form="comments-bulk"`);
    const body = new URLSearchParams([
      ['_csrf', browser.csrf],
      ['action', 'approve'],
      ['back', '/admin/comments'],
      ['ids', a],
      ['ids', 'nosuchcomment'],
      ['ids', foreign],
      ['ids', b],
      ['ids', a],
    ]);
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await browser.app.request('/admin/comments/bulk', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toBe('/admin/comments?done=bulk&n=2&same=0&skipped=2');
    expect((await findComment(db(), a))?.status).toBe('approved');
    expect((await findComment(db(), b))?.status).toBe('approved');
    expect((await findComment(db(), foreign))?.status).toBe('pending');
    expect(await (await browser.get(location)).text()).toContain('نُفِّذ: 2. كان كذلك: 0. تُخطّي');

    const c = await readerComment('تعليق ج');
    const rejected = await browser.post('/admin/comments/bulk', {
      action: 'reject',
      ids: c,
      reason: 'spam',
      note: '',
    });
    expect(rejected.headers.get('location')).toBe('/admin/comments?done=bulk&n=1&same=0&skipped=0');
    expect((await findComment(db(), c))?.decision_reason).toBe('رسائل مزعجة أو إعلان');
    const empty = await browser.post('/admin/comments/bulk', { action: 'approve' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('حدّد تعليقاً واحداً على الأقل');
  });

  it("refuses a writer of another edition everything of this edition's comments", async () => {
    const held = await readerComment('تعليق عربي ينتظر', await insertTestReader(db(), now));
    const browser = await signedIn('en-writer@news.example');
    const queue = await (await browser.get('/admin/comments')).text();
    expect(queue).not.toContain(held);
    expect((await browser.get('/admin/comments?edition=ar')).status).toBe(403);
    expect((await browser.post(`/admin/comments/${held}/approve`, {})).status).toBe(403);
    expect((await browser.post(`/admin/comments/${held}/reject`, { reason: 'spam' })).status).toBe(403);
    expect((await browser.post(`/admin/comments/${held}/reply`, { body: 'hello there' })).status).toBe(403);
    expect((await browser.get(`/admin/comments/articles/${article}`)).status).toBe(403);
    expect(
      (await browser.post(`/admin/comments/articles/${article}/comment`, { body: 'hi all' })).status,
    ).toBe(403);
    expect((await browser.get('/admin/comments/settings?edition=ar')).status).toBe(403);
    expect((await browser.get('/admin/comments/settings?edition=en')).status).toBe(403);
    expect((await findComment(db(), held))?.status).toBe('pending');
    expect((await browser.post('/admin/comments/nosuchcomment/approve', {})).status).toBe(404);
  });

  it('keeps the rules, banned words and closures for editors; a banned word then holds its spelling variants', async () => {
    const writer = await signedIn('writer@news.example');
    expect((await writer.get('/admin/comments/settings?edition=ar')).status).toBe(403);
    expect((await writer.post('/admin/comments/settings/ar/phrases', { phrase: 'كلمة' })).status).toBe(403);
    expect(
      (await writer.post(`/admin/comments/articles/${article}/closure`, { state: 'closed' })).status,
    ).toBe(403);
    expect(await (await writer.get(`/admin/comments/articles/${article}`)).text()).not.toContain('/closure"');

    const editor = await signedIn('editor@news.example');
    const form = await (await editor.get('/admin/comments/settings?edition=ar')).text();
    expect(form).toContain('تُطابَق أشكال الكتابة الأخرى');
    expect(form).toContain('من 100 إلى 10000.');
    const bad = await editor.post('/admin/comments/settings/ar', {
      enabled: '1',
      max_length: '50',
      close_after_days: '7',
      trust_after: 'lots',
      report_threshold: '3',
      per_reader_per_hour: '10',
      per_address_per_hour: '30',
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('أدخل عدداً صحيحاً من 100 إلى 10000.');
    expect(badHtml).toContain('value="lots"');
    const good = await editor.post('/admin/comments/settings/ar', {
      enabled: '1',
      max_length: '1500',
      close_after_days: '7',
      trust_after: '0',
      report_threshold: '3',
      per_reader_per_hour: '10',
      per_address_per_hour: '30',
    });
    expect(good.headers.get('location')).toBe('/admin/comments/settings?edition=ar&done=settings');
    expect(await loadCommentSettings(db(), 'ar')).toMatchObject({ max_length: 1500, trust_after: 0 });

    expect((await editor.post('/admin/comments/settings/ar/phrases', { phrase: ' كلمة ' })).status).toBe(303);
    const again = await editor.post('/admin/comments/settings/ar/phrases', { phrase: 'كلمه' });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('موجودة في القائمة');
    const held = await readerComment('هذه كلمه لا تمر');
    const row = await findComment(db(), held);
    expect(row).toMatchObject({ status: 'pending', held_for: 'banned_phrases' });
    const queue = await (await editor.get('/admin/comments')).text();
    expect(queue).toContain('أوقفه: الكلمات المحظورة: <bdi>كلمة</bdi>');
    const [phrase] = await listBannedPhrases(db(), 'ar');
    expect((await editor.post(`/admin/comments/settings/ar/phrases/${phrase?.id}/remove`, {})).status).toBe(
      303,
    );
    expect(await listBannedPhrases(db(), 'ar')).toHaveLength(0);

    const closed = await editor.post(`/admin/comments/articles/${article}/closure`, { state: 'closed' });
    expect(closed.headers.get('location')).toBe(`/admin/comments/articles/${article}?done=closure`);
    expect((await listClosures(db(), 'article', [article])).get(article)).toBe('closed');
    expect(await (await editor.get(`/admin/comments/articles/${article}`)).text()).toContain(
      'مغلقة لهذا المقال.',
    );
    await editor.post(`/admin/comments/articles/${article}/closure`, { state: 'default' });
    expect((await listClosures(db(), 'article', [article])).size).toBe(0);

    const { arWorld, arScience } = fixture.sections;
    await editor.post('/admin/comments/settings/ar/sections', {
      [`section-${arWorld}`]: 'closed',
      [`section-${arScience}`]: 'default',
    });
    const sections = await listClosures(db(), 'section', [arWorld, arScience]);
    expect(sections.get(arWorld)).toBe('closed');
    expect(sections.has(arScience)).toBe(false);
    await editor.post('/admin/comments/settings/ar/sections', { [`section-${arWorld}`]: 'default' });
    const closures = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'comment.closure')
      .execute();
    expect(closures).toHaveLength(4);
  });

  it('publishes a staff reply at once, marked and signed with the edition name', async () => {
    const trusted = await insertTestReader(db(), now);
    const settings = await loadCommentSettings(db(), 'ar');
    await saveCommentSettings(db(), 'ar', { ...settings, trust_after: 0 }, { userId: 'x', now });
    const parent = await readerComment('سؤال للصحيفة', trusted);
    const writer = await signedIn('writer@news.example');
    await writer.get(`/admin/comments/articles/${article}`);
    const replied = await writer.post(`/admin/comments/${parent}/reply`, {
      body: 'شكراً على سؤالك',
      back: `/admin/comments/articles/${article}`,
    });
    expect(replied.status).toBe(303);
    const reply = await db()
      .selectFrom('comments')
      .selectAll()
      .where('parent_id', '=', parent)
      .executeTakeFirstOrThrow();
    expect(reply).toMatchObject({ status: 'approved', author_name: 'صحيفة', body: 'شكراً على سؤالك' });
    expect(reply.staff_user_id).not.toBeNull();
    const thread = await loadThread(db(), article);
    const entry = thread.entries.find((e) => e.id === parent);
    expect(entry?.replies[0]).toMatchObject({ isStaff: true, authorName: 'صحيفة' });

    const top = await writer.post(`/admin/comments/articles/${article}/comment`, {
      body: 'تصحيح: التاريخ 3 ديسمبر',
    });
    expect(top.status).toBe(303);
    const page = await (await writer.get(`/admin/comments/articles/${article}`)).text();
    expect(page).toContain('تصحيح: التاريخ 3 ديسمبر');
    expect(page).toContain('فريق التحرير');
    const empty = await writer.post(`/admin/comments/articles/${article}/comment`, { body: ' ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('اكتب التعليق أولاً.');
  });

  it("shows a reader's history and suspends, bans and reinstates them, audited", async () => {
    const troll = await insertTestReader(db(), now, { displayName: 'مشاغب' });
    const one = await readerComment('تعليق أول من المشاغب', troll);
    const browser = await signedIn('writer@news.example');
    const page = await browser.get(`/admin/comments/readers/${troll.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('القارئ: مشاغب');
    expect(html).toContain(one);
    expect(html).toContain('يمكنه التعليق');

    const noReason = await browser.post(`/admin/comments/readers/${troll.id}/suspend`, {
      days: '7',
      reason: ' ',
    });
    expect(noReason.status).toBe(422);
    const suspended = await browser.post(`/admin/comments/readers/${troll.id}/suspend`, {
      days: '7',
      reason: 'شتائم متكررة',
    });
    expect(suspended.headers.get('location')).toBe(`/admin/comments/readers/${troll.id}?done=suspended`);
    const row = await findReader(db(), troll.id);
    expect(row).toMatchObject({ status: 'suspended', statusReason: 'شتائم متكررة' });
    expect(row?.suspendedUntil).toBe(new Date(now.getTime() + 7 * 86_400_000).toISOString());
    const refused = await postComment(
      db(),
      { articleId: article, body: 'محاولة أثناء الإيقاف' },
      {
        kind: 'reader',
        reader: { ...troll, status: 'suspended', suspendedUntil: row?.suspendedUntil ?? null },
      },
      { ip: '203.0.113.9', now },
    );
    expect(refused).toEqual({ ok: false, error: 'barred' });
    expect(await (await browser.get(`/admin/comments/readers/${troll.id}?done=suspended`)).text()).toContain(
      'موقوف حتى',
    );

    expect((await browser.post(`/admin/comments/readers/${troll.id}/ban`, { reason: 'إساءة' })).status).toBe(
      303,
    );
    expect(await findReader(db(), troll.id)).toMatchObject({ status: 'banned' });
    expect((await browser.post(`/admin/comments/readers/${troll.id}/reinstate`, {})).status).toBe(303);
    expect(await findReader(db(), troll.id)).toMatchObject({ status: 'active', statusReason: null });
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', troll.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    // One clock for the whole test: the entries share their time.
    expect(audit.map((a) => a.action).sort()).toEqual(['reader.ban', 'reader.reinstate', 'reader.suspend']);

    // A writer of another edition knows nothing of this reader.
    const other = await signedIn('en-writer@news.example');
    expect((await other.get(`/admin/comments/readers/${troll.id}`)).status).toBe(404);
    expect((await other.post(`/admin/comments/readers/${troll.id}/ban`, { reason: 'x' })).status).toBe(404);
    expect(await findReader(db(), troll.id)).toMatchObject({ status: 'active' });
  });
});
