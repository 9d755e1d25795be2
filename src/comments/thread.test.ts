import { beforeAll, expect, it } from 'vitest';
import { startSession } from '../accounts/sessions.js';
import { seedUser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import type { SignedInReader } from '../readers/reader.js';
import { startReaderSession } from '../readers/store.js';
import {
  DEFAULT_COMMENT_SETTINGS,
  findComment,
  findCommentableArticle,
  THREAD_PAGE_SIZE,
} from './queries.js';
import { insertTestReader } from './testing.js';
import {
  approveComment,
  postComment,
  rejectComment,
  removeOwnComment,
  saveCommentSettings,
  setCommentsClosure,
} from './workflow.js';

const now = FIXTURE_NOW;
const ORIGIN = 'http://localhost';
const editor = { userId: 'editor-1', now };
const anyEdition = () => true;

describeEachDatabase('the conversation on the public site', (db) => {
  let fixture: Fixture;
  let site: ReturnType<typeof testApp>;
  /** Each reader's session cookie, started through the readers' door. */
  const sessions = new Map<string, string>();
  const cookieOf = async (reader: SignedInReader | undefined): Promise<Record<string, string>> => {
    if (!reader) return {};
    let token = sessions.get(reader.id);
    if (!token) {
      token = (await startReaderSession(db(), reader.id, now)).token;
      sessions.set(reader.id, token);
    }
    return { cookie: `sahifa_reader=${token}` };
  };
  let trusted: SignedInReader;
  let newcomer: SignedInReader;
  let staffCookie = '';

  const articleAt = (i: number) => fixture.arOthers[i] as string;
  const urlOf = async (articleId: string) => (await findCommentableArticle(db(), articleId, now))?.url ?? '';
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await site.app.request(path, { headers });
    return { res, html: await res.text(), cache: res.headers.get('x-cache') };
  };
  /** The thread's own page (the article page links to it; its script brings in the same list). */
  const thread = (articleUrl: string) => page(`${articleUrl}/comments`);
  const post = async (
    path: string,
    fields: Record<string, string>,
    options: { as?: SignedInReader | undefined; headers?: Record<string, string> } = {},
  ) =>
    site.app.request(path, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: ORIGIN,
        ...(await cookieOf(options.as)),
        ...options.headers,
      },
    });
  /** Comments by the door a millisecond apart, so their order is the order they were written. */
  let tick = 0;
  const byDoor = (articleId: string, body: string, who: SignedInReader, parentId?: string) =>
    postComment(
      db(),
      { articleId, body, parentId },
      { kind: 'reader', reader: who },
      { ip: '198.51.100.9', now: new Date(now.getTime() + ++tick) },
    );
  const approvedByDoor = async (articleId: string, body: string, who = trusted, parentId?: string) => {
    const result = await byDoor(articleId, body, who, parentId);
    if (!result.ok) throw new Error(result.error);
    if (result.status !== 'approved') await approveComment(db(), result.id, anyEdition, editor);
    return result.id;
  };
  const commentCount = async () =>
    Number(
      (
        await db()
          .selectFrom('comments')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    const dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    await saveCommentSettings(
      db(),
      'ar',
      {
        ...DEFAULT_COMMENT_SETTINGS,
        trust_after: 1,
        per_reader_per_hour: 1000,
        per_address_per_hour: 10_000,
      },
      editor,
    );
    site = testApp(db(), { now, dataDir });
    trusted = await insertTestReader(db(), now, { displayName: 'Layla' });
    const first = await byDoor(articleAt(20), 'أول تعليق لي', trusted);
    if (!first.ok) throw new Error(first.error);
    await approveComment(db(), first.id, anyEdition, editor);
    newcomer = await insertTestReader(db(), now, { displayName: 'سامر' });
    const userId = await seedUser(db(), { email: 'desk@example.com', role: 'writer', editions: ['ar'] }, now);
    staffCookie = `sahifa_session=${(await startSession(db(), userId, now)).token}`;
  });

  it('shows the conversation at the end of the article: title, count, share-bar link, a plain form', async () => {
    const article = articleAt(0);
    await approvedByDoor(article, 'تعليق أول');
    const { res, html } = await page(await urlOf(article));
    expect(res.status).toBe(200);
    expect(html).toContain('<section id="comments" class="comments" aria-labelledby="comments-title">');
    expect(html).toMatch(/<h2 id="comments-title">محادثة <small>التعليقات: 1<\/small><\/h2>/);
    expect(html).toContain('<a href="#comments">التعليقات (1)</a>');
    const url = await urlOf(article);
    // The thread is not in the article page: a link to its own page, which the script brings in.
    expect(html).not.toContain('تعليق أول');
    expect(html).toContain(
      `<div class="comment-thread" data-thread-src="${url}/comments?partial=1"><p><a href="${url}/comments">اقرأ المحادثة (1)</a></p></div>`,
    );
    const fragment = await page(`${url}/comments?partial=1`);
    expect(fragment.html).toMatch(/^<ol class="comment-list"><li id="comment-/);
    expect(fragment.html).toContain('تعليق أول');
    expect(fragment.res.headers.get('cache-control')).toContain('public');
    expect((await page(`${url}/comments?partial=1`)).cache).toBe('HIT');
    expect(html).toContain(`<input type="hidden" name="article" value="${article}"/>`);
    expect(html).toMatch(/<form method="post" action="\/ar\/comments" class="comment-form"/);
    expect(html).toContain('<label for="comment-body">تعليقك</label>');
    // The same page for everyone: no token, no name of whoever asks.
    expect(html).not.toContain('_csrf');
    expect(res.headers.get('cache-control')).toContain('public');
    // The page before the form, in order: h1, then h2s.
    expect(html.indexOf('<h1>')).toBeLessThan(html.indexOf('id="comments-title"'));
  });

  it('shows replies one level under their parent, each with dir="auto", staff marked, oldest first', async () => {
    const article = articleAt(1);
    const parent = await approvedByDoor(article, 'Latin comment first');
    const reply = await approvedByDoor(article, 'ردّ بالعربية', trusted, parent);
    // A reply to a reply joins the parent's thread.
    const second = await approvedByDoor(article, 'ردّ على الردّ', trusted, reply);
    const staff = await postComment(
      db(),
      { articleId: article, body: 'From the newsroom', parentId: parent },
      { kind: 'staff', userId: 'u1', name: 'صحيفة' },
      { ip: '198.51.100.1', now },
    );
    expect(staff).toMatchObject({ ok: true, status: 'approved' });
    const { html } = await thread(await urlOf(article));
    const parentAt = html.indexOf(`id="comment-${parent}"`);
    const repliesAt = html.indexOf('<ol class="comment-replies">', parentAt);
    expect(parentAt).toBeGreaterThan(0);
    expect(repliesAt).toBeGreaterThan(parentAt);
    expect(html.indexOf(`id="comment-${reply}"`)).toBeGreaterThan(repliesAt);
    expect(html.indexOf(`id="comment-${second}"`)).toBeGreaterThan(html.indexOf(`id="comment-${reply}"`));
    expect(html).toContain('<div class="comment-text" dir="auto"><p>ردّ بالعربية</p></div>');
    expect(html).toContain('<b dir="auto">Layla</b>');
    expect(html).toContain('<small class="staff">فريق التحرير</small>');
    expect(html).toContain(`href="/ar/comments/${parent}/reply" data-reply="${parent}"`);
    expect(html).toContain(`href="/ar/comments/${parent}/report"`);
    expect(html).toContain('datetime="2022-12-02T14:00:00+02:00"');
  });

  it('shows comment text as text: HTML escaped, http(s) addresses linked as ugc, javascript: never', async () => {
    const article = articleAt(2);
    await approvedByDoor(
      article,
      '<script>alert(1)</script> see https://example.com/a?b=1&c=2.\nsecond line\n\njavascript:alert(1) <a href="x">x</a>',
    );
    const { html } = await thread(await urlOf(article));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.com/a?b=1&amp;c=2</a>.<br/>second line</p><p>',
    );
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).toContain('&lt;a href=&quot;x&quot;&gt;x&lt;/a&gt;');
  });

  it('keeps a taken-down comment with replies as "deleted", without name or text', async () => {
    const article = articleAt(3);
    const gone = await approvedByDoor(article, 'سأحذف هذا التعليق');
    await approvedByDoor(article, 'ردّ يبقى', trusted, gone);
    expect(await removeOwnComment(db(), { readerId: trusted.id, commentId: gone }, now)).toEqual({
      ok: true,
    });
    const { html } = await thread(await urlOf(article));
    expect(html).toContain(`<li id="comment-${gone}"><p><small class="comment-deleted">محذوف</small></p>`);
    expect(html).not.toContain('سأحذف هذا التعليق');
    expect(html).toContain('ردّ يبقى');
    // Nobody answers a removed comment.
    const res = await post('/ar/comments', { article, parent: gone, body: 'ردّ على محذوف' }, { as: trusted });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('التعليق الذي تردّ عليه لم يعد ظاهرًا');
  });

  it('purges the cached article page when a comment is approved', async () => {
    const article = articleAt(4);
    const url = await urlOf(article);
    // Changes logged by earlier tests (settings, closures) purge their pages first.
    await site.cache.syncFromChangeLog(db());
    expect((await page(url)).cache).toBe('MISS');
    expect((await page(url)).cache).toBe('HIT');
    const held = await byDoor(article, 'ينتظر المراجعة', newcomer);
    expect(held).toMatchObject({ ok: true, status: 'pending' });
    if (!held.ok) return;
    await site.cache.syncFromChangeLog(db());
    // Held: the thread did not change, the page stays cached.
    const still = await page(url);
    expect(still.cache).toBe('HIT');
    expect(still.html).not.toContain('ينتظر المراجعة');
    await approveComment(db(), held.id, anyEdition, editor);
    await site.cache.syncFromChangeLog(db());
    const after = await page(url);
    expect(after.cache).toBe('MISS');
    expect(after.html).toContain('<a href="#comments">التعليقات (1)</a>');
    expect((await thread(url)).html).toContain('ينتظر المراجعة');
    await rejectComment(db(), held.id, anyEdition, editor, 'off topic');
    await site.cache.syncFromChangeLog(db());
    const removed = await page(url);
    expect(removed.cache).toBe('MISS');
    expect(removed.html).toContain('<a href="#comments">التعليقات (0)</a>');
    expect((await thread(url)).html).not.toContain('ينتظر المراجعة');
  });

  it('posts as a reader: a trusted one is shown at once, a new one awaits review', async () => {
    const article = articleAt(5);
    const url = await urlOf(article);
    // The thread's page is in the cache (and in the reader's browser) before they post.
    await thread(url);
    expect((await thread(url)).cache).toBe('HIT');
    const shown = await post(
      '/ar/comments',
      { article, parent: '', body: 'تعليق منشور فورًا' },
      { as: trusted },
    );
    expect(shown.status).toBe(303);
    const location = shown.headers.get('location') ?? '';
    // The thread's page it is on, at another address than the one the browser keeps (max-age) and the
    // same page for the page cache, which this instance has already purged: the poster sees their comment.
    expect(location).toMatch(/^\/ar\/comments\/[0-9a-z]{20}$/);
    // Its lasting address answers with the thread's page showing it.
    const lasting = await site.app.request(location);
    expect(lasting.status).toBe(302);
    expect(lasting.headers.get('cache-control')).toBe('no-store');
    const target = lasting.headers.get('location') ?? '';
    expect(target.startsWith(`${url}/comments?posted=`)).toBe(true);
    expect(target).toMatch(/\?posted=[0-9a-z]{20}#comment-[0-9a-z]{20}$/);
    const landed = await page(target.replace(/#.*$/, ''));
    expect(landed.cache).toBe('MISS');
    expect(landed.html).toContain('تعليق منشور فورًا');

    const held = await post('/ar/comments', { article, body: 'تعليق قارئ جديد' }, { as: newcomer });
    expect(held.status).toBe(200);
    expect(held.headers.get('cache-control')).toBe('no-store');
    const html = await held.text();
    expect(html).toContain('تعليقك بانتظار المراجعة');
    expect(html).toContain(`href="${url}#comments"`);
    expect((await page(url)).html).not.toContain('تعليق قارئ جديد');
  });

  it('posts as staff: a newsroom user of the edition is published at once under its name, marked', async () => {
    const article = articleAt(6);
    const res = await post(
      '/ar/comments',
      { article, body: 'توضيح من فريق التحرير' },
      { headers: { cookie: staffCookie } },
    );
    expect(res.status).toBe(303);
    const id = /\/comments\/([0-9a-z]{20})$/.exec(res.headers.get('location') ?? '')?.[1] ?? '';
    const row = await findComment(db(), id);
    expect(row).toMatchObject({ status: 'approved', author_name: 'صحيفة', reader_id: null });
    expect(row?.staff_user_id).not.toBeNull();
    const { html } = await thread(await urlOf(article));
    expect(html).toMatch(/<b dir="auto">صحيفة<\/b> <small class="staff">فريق التحرير<\/small>/);
  });

  it('asks someone not signed in to sign in, shows their text back and stores nothing', async () => {
    const article = articleAt(7);
    const before = await commentCount();
    const res = await post('/ar/comments', { article, body: 'نص <b>لن يضيع</b>' });
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('سجّل الدخول لتعلّق');
    expect(html).toContain('نص &lt;b&gt;لن يضيع&lt;/b&gt;</textarea>');
    expect(html).toContain('action="/ar/account/sign-in"');
    expect(html).toContain(`name="next" value="${await urlOf(article)}#comments"`);
    expect(await commentCount()).toBe(before);
  });

  it('sends a reader without a display name to choose one, with their text', async () => {
    const nameless = await insertTestReader(db(), now, { displayName: null });
    const article = articleAt(7);
    const res = await post('/ar/comments', { article, body: 'بلا اسم بعد' }, { as: nameless });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('href="/ar/account?next=');
    expect(html).toContain('بلا اسم بعد</textarea>');
  });

  it('refuses cross-site posts, NUL, oversize and empty comments; nothing stored', async () => {
    const article = articleAt(8);
    const before = await commentCount();
    const crossSite = await post(
      '/ar/comments',
      { article, body: 'من موقع آخر' },
      { as: trusted, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } },
    );
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain('لم يُرسل من هذا الموقع');
    const nul = await post('/ar/comments', { article, body: 'a\u0000b' }, { as: trusted });
    expect(nul.status).toBe(400);
    const oversize = await post('/ar/comments', { article, body: 'ب'.repeat(70_000) }, { as: trusted });
    expect(oversize.status).toBe(413);
    const tooLong = await post('/ar/comments', { article, body: 'ب'.repeat(2001) }, { as: trusted });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('التعليق أطول من المسموح: 2000 حرف على الأكثر.');
    const empty = await post('/ar/comments', { article, body: '   \n ' }, { as: trusted });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('التعليق فارغ');
    const noArticle = await post(
      '/ar/comments',
      { article: 'x'.repeat(20), body: 'لا مقال' },
      { as: trusted },
    );
    expect(noArticle.status).toBe(404);
    expect(await commentCount()).toBe(before);
  });

  it('refuses a banned reader, the text shown back to be copied', async () => {
    const banned = await insertTestReader(db(), now, { displayName: 'محظور', status: 'banned' });
    const res = await post('/ar/comments', { article: articleAt(8), body: 'لن يُنشر' }, { as: banned });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('لا يمكن لحسابك التعليق في الوقت الحالي.');
    expect(html).toContain('readonly="">لن يُنشر</textarea>');
  });

  it('refuses a post past the hourly limit with 429, the text shown back', async () => {
    const settings = { ...DEFAULT_COMMENT_SETTINGS, trust_after: 1, per_address_per_hour: 10_000 };
    await saveCommentSettings(db(), 'ar', { ...settings, per_reader_per_hour: 2 }, editor);
    const eager = await insertTestReader(db(), now, { displayName: 'كثير الكلام' });
    const article = articleAt(9);
    for (let i = 0; i < 2; i++) {
      expect((await post('/ar/comments', { article, body: `تعليق ${i}` }, { as: eager })).status).toBe(200);
    }
    const res = await post('/ar/comments', { article, body: 'واحد زيادة' }, { as: eager });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('واحد زيادة</textarea>');
    await saveCommentSettings(db(), 'ar', { ...settings, per_reader_per_hour: 1000 }, editor);
  });

  it('replaces the form with why comments are closed, and refuses posts there', async () => {
    const article = articleAt(10);
    await approvedByDoor(article, 'قبل الإغلاق');
    await setCommentsClosure(db(), { scope: 'article', id: article, editionCode: 'ar' }, 'closed', editor);
    await site.cache.syncFromChangeLog(db());
    const { html } = await page(await urlOf(article));
    expect(html).toContain('<p class="comments-closed">أُغلق باب التعليق على هذا المقال.</p>');
    expect(html).not.toContain('data-comment-form');
    // Closed to new comments and replies, not to reports.
    const { html: shown } = await thread(await urlOf(article));
    expect(shown).toContain('قبل الإغلاق');
    expect(shown).not.toContain('/reply"');
    expect(shown).toContain('/report"');
    const res = await post('/ar/comments', { article, body: 'بعد الإغلاق' }, { as: trusted });
    expect(res.status).toBe(403);
    const refused = await res.text();
    expect(refused).toContain('أُغلق باب التعليق على هذا المقال.');
    expect(refused).toContain('بعد الإغلاق</textarea>');
    // The lead story is 18 days old: closed by age (14 days by default).
    const { html: old } = await page(`/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`);
    expect(old).toContain('أُغلق باب التعليق: يُغلق بعد 14 يومًا من النشر.');
  });

  it('answers the script with JSON: the rendered comment when shown, the message when held', async () => {
    const article = articleAt(11);
    const json = { accept: 'application/json' };
    const shown = await post(
      '/ar/comments',
      { article, body: 'عبر السكربت' },
      { as: trusted, headers: json },
    );
    expect(shown.status).toBe(201);
    const answer = (await shown.json()) as { status: string; id: string; html: string; message: string };
    expect(answer).toMatchObject({ status: 'approved', message: 'نُشر تعليقك.' });
    expect(answer.html).toContain(`<li id="comment-${answer.id}">`);
    expect(answer.html).toContain('<div class="comment-text" dir="auto"><p>عبر السكربت</p></div>');
    const held = await post('/ar/comments', { article, body: 'ينتظر' }, { as: newcomer, headers: json });
    expect(held.status).toBe(202);
    expect(await held.json()).toMatchObject({ status: 'pending' });
    const anonymous = await post('/ar/comments', { article, body: 'من؟' }, { headers: json });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ status: 'refused', error: 'sign_in' });
  });

  it('offers a reply page without JavaScript: the comment, then the form with its parent', async () => {
    const article = articleAt(12);
    const parent = await approvedByDoor(article, 'علّق عليّ');
    const { res, html } = await page(`/ar/comments/${parent}/reply`);
    expect(res.status).toBe(200);
    expect(html).toContain('الردّ على <bdi>Layla</bdi>');
    expect(html).toContain('علّق عليّ');
    expect(html).toContain(`<input type="hidden" name="parent" value="${parent}"/>`);
    expect((await page('/ar/comments/00000000000000000000/reply')).res.status).toBe(404);
    const reply = await post('/ar/comments', { article, parent, body: 'ها أنا أردّ' }, { as: trusted });
    expect(reply.status).toBe(303);
  });

  it('lets a signed-in reader report a comment once, with a reason; others get the sign-in form', async () => {
    const article = articleAt(13);
    const target = await approvedByDoor(article, 'تعليق سيُبلغ عنه');
    const path = `/ar/comments/${target}/report`;
    const anonymous = await page(path);
    expect(anonymous.res.status).toBe(401);
    expect(anonymous.html).toContain('action="/ar/account/sign-in"');
    expect(anonymous.html).toContain(`name="next" value="${path}"`);

    const reporter = await insertTestReader(db(), now, { displayName: 'مُبلِّغ' });
    const form = await page(path, await cookieOf(reporter));
    expect(form.res.status).toBe(200);
    expect(form.res.headers.get('cache-control')).toBe('no-store');
    const READER_CSRF = /name="_csrf" value="([^"]+)"/.exec(form.html)?.[1] ?? '';
    expect(READER_CSRF).not.toBe('');
    expect(form.html).toContain('value="illegal"');
    expect(form.html).toContain('قانون الخدمات الرقمية الأوروبي');

    const noNote = await post(path, { _csrf: READER_CSRF, reason: 'illegal', note: '' }, { as: reporter });
    expect(noNote.status).toBe(400);
    expect(await noNote.text()).toContain('اشرح لماذا التعليق غير قانوني');
    const forged = await post(path, { _csrf: 'wrong', reason: 'spam' }, { as: reporter });
    expect(forged.status).toBe(403);
    const sent = await post(path, { _csrf: READER_CSRF, reason: 'spam', note: '' }, { as: reporter });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('وصل بلاغك إلى المشرفين.');
    const again = await post(path, { _csrf: READER_CSRF, reason: 'abuse', note: '' }, { as: reporter });
    expect(again.status).toBe(409);
    const ownForm = await page(path, await cookieOf(trusted));
    const ownToken = /name="_csrf" value="([^"]+)"/.exec(ownForm.html)?.[1] ?? '';
    const own = await post(path, { _csrf: ownToken, reason: 'spam', note: '' }, { as: trusted });
    expect(own.status).toBe(403);
    expect(await own.text()).toContain('لا يمكنك الإبلاغ عن تعليقك.');
  });

  it('pages a long thread: later comments on their own cached page, and in the JSON API', async () => {
    const article = articleAt(14);
    const url = await urlOf(article);
    const staff = { kind: 'staff', userId: 'u1', name: 'صحيفة' } as const;
    for (let i = 0; i <= THREAD_PAGE_SIZE; i++) {
      const at = new Date(now.getTime() - (THREAD_PAGE_SIZE - i) * 60_000);
      await postComment(db(), { articleId: article, body: `تعليق رقم ${i}` }, staff, {
        ip: '198.51.100.2',
        now: at,
      });
    }
    const first = await thread(url);
    expect(first.html).toContain('تعليق رقم 0<');
    expect(first.html).not.toContain(`تعليق رقم ${THREAD_PAGE_SIZE}<`);
    expect(first.html).toContain(`<a href="${url}/comments?page=2">تعليقات أحدث</a>`);
    const second = await page(`${url}/comments?page=2`);
    expect(second.res.status).toBe(200);
    expect(second.html).toContain(`تعليق رقم ${THREAD_PAGE_SIZE}<`);
    expect(second.html).toContain(`<a href="${url}/comments">تعليقات أقدم</a>`);
    expect((await page(`${url}/comments?page=2&utm=x`)).cache).toBe('HIT');
    expect((await page(`${url}/comments?page=3`)).res.status).toBe(404);
    expect((await page(`${url}/comments?page=02`)).res.status).toBe(404);

    const slug = decodeURIComponent(url.split('/').at(-1) ?? '');
    const api = `/api/v1/ar/articles/${encodeURIComponent(slug)}/comments`;
    const json = await site.app.request(api);
    expect(json.status).toBe(200);
    const body = (await json.json()) as {
      count: number;
      pages: number;
      comments: { text: string; author: { name: string; staff: boolean } }[];
      next: string;
    };
    expect(body.count).toBe(THREAD_PAGE_SIZE + 1);
    expect(body.pages).toBe(2);
    expect(body.comments[0]).toMatchObject({ text: 'تعليق رقم 0', author: { name: 'صحيفة', staff: true } });
    expect(body.next).toMatch(/\/comments\?page=2$/);
    const page2 = (await (await site.app.request(`${api}?page=2`)).json()) as {
      comments: unknown[];
      next: null;
    };
    expect(page2.comments).toHaveLength(1);
    expect(page2.next).toBeNull();
    expect((await site.app.request(`${api}?page=x`)).status).toBe(400);
  });

  it('lists only approved comments in the JSON API', async () => {
    const article = articleAt(15);
    await approvedByDoor(article, 'ظاهر في الواجهة');
    await byDoor(article, 'محجوز للمراجعة', newcomer);
    const url = await urlOf(article);
    const slug = url.split('/').at(-1) ?? '';
    const res = await site.app.request(`/api/v1/ar/articles/${slug}/comments`);
    const body = (await res.json()) as { count: number; comments: { text: string; createdAt: string }[] };
    expect(body.count).toBe(1);
    expect(body.comments.map((c) => c.text)).toEqual(['ظاهر في الواجهة']);
    expect(body.comments[0]?.createdAt).toBe('2022-12-02T14:00:00+02:00');
  });
});
