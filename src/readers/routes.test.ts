import pino from 'pino';
import { beforeAll, expect, it } from 'vitest';
import { TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, seedFixture } from '../articles/testing.js';
import { findComment } from '../comments/queries.js';
import { approveComment, postComment, reportComment } from '../comments/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { BackgroundWork } from '../mail/background.js';
import { listOutbox, readOutboxMessage } from '../mail/outbox.js';
import { loadReaderLinkKey, replyUnsubscribeUrl } from './links.js';
import { findReader, findReaderByEmail } from './queries.js';
import { requestSignInLink } from './store.js';

const now = FIXTURE_NOW;
const MINUTE = 60_000;
const SAME_SITE = { origin: 'https://news.example' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachDatabase('readers’ accounts on the site', (db) => {
  const dataDir = tempDataDir();
  const background = new BackgroundWork(pino({ level: 'silent' }));
  let articleId: string;
  const appAt = (when: Date = now) =>
    testApp(db(), { now: when, dataDir, background, cache: false, config: { trustProxy: true } }).app;
  let ipCounter = 0;
  /** Each test its own client address, so the per-address limit is the throttle test's alone. */
  const client = () => ({ ...SAME_SITE, 'x-forwarded-for': `192.0.2.${++ipCounter}` });
  const readerCount = async () => (await db().selectFrom('readers').select('id').execute()).length;

  /** A browser signed in as `email` (and named `name`), through the real link. */
  async function signedIn(email: string, name?: string) {
    const link = await requestSignInLink(db(), { email, editionCode: 'ar', nextPath: '', ip: email }, now);
    if (!link.ok) throw new Error(link.error);
    const browser = new TestBrowser(appAt());
    const res = await browser.post('/ar/account/link', { token: link.token }, SAME_SITE);
    expect(res.status).toBe(303);
    if (name) {
      await browser.get('/ar/account');
      const named = await browser.post('/ar/account/name', { name }, SAME_SITE);
      expect(named.status).toBe(303);
    }
    const reader = await findReaderByEmail(db(), email);
    if (!reader) throw new Error('no reader');
    return { browser, reader };
  }

  beforeAll(async () => {
    const fixture = await seedFixture(db(), dataDir);
    articleId = fixture.arOthers[0] as string;
  });

  it('signs a reader in through the outbox: mail in Arabic, a button page, then the name, then back to the article', async () => {
    const browser = new TestBrowser(appAt());
    const form = await browser.get('/ar/account?next=/ar/some/story');
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toBe('no-store');
    expect(form.headers.get('x-robots-tag')).toBe('noindex');
    const formHtml = await form.text();
    expect(formHtml).toContain('name="next" value="/ar/some/story"');
    expect(formHtml).toContain('lang="ar"');

    const before = (await listOutbox(dataDir)).length;
    const sent = await browser.post(
      '/ar/account/sign-in',
      { email: 'New.Reader@Example.com', next: '/ar/some/story' },
      client(),
    );
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('تفقّد بريدك');
    await background.settled();
    const entries = await listOutbox(dataDir);
    expect(entries).toHaveLength(before + 1);
    const entry = entries.find((e) => e.to === 'new.reader@example.com');
    expect(entry?.subject).toBe('رابط الدخول إلى صحيفة');
    const mail = await readOutboxMessage(dataDir, entry?.file ?? '');
    const link =
      /https:\/\/news\.example(\/ar\/account\/link\?token=[\w-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
    expect(link).not.toBe('');
    expect(await readerCount()).toBe(0);

    // Opening the link (as a mail scanner would) uses nothing up.
    const page = await browser.get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await browser.get(link).then((r) => r.status)).toBe(200);
    const token = new URL(link, 'https://x').searchParams.get('token') ?? '';
    const used = await browser.post('/ar/account/link', { token }, SAME_SITE);
    expect(used.status).toBe(303);
    expect(used.headers.get('location')).toBe('/ar/account?next=%2Far%2Fsome%2Fstory');
    const cookie = used.headers.getSetCookie().find((line) => line.startsWith('sahifa_reader='));
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Max-Age=2592000/);

    const choose = await browser.get('/ar/account?next=%2Far%2Fsome%2Fstory');
    const chooseHtml = await choose.text();
    expect(chooseHtml).toContain('اختر اسمك');
    const taken = await browser.post(
      '/ar/account/name',
      { name: 'Admin', next: '/ar/some/story' },
      SAME_SITE,
    );
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain('فريق التحرير');
    const named = await browser.post(
      '/ar/account/name',
      { name: 'قارئة جديدة', next: '/ar/some/story' },
      SAME_SITE,
    );
    expect(named.status).toBe(303);
    expect(named.headers.get('location')).toBe('/ar/some/story');
    const account = await (await browser.get('/ar/account')).text();
    expect(account).toContain('قارئة جديدة');
    expect(account).toContain('new.reader@example.com');

    // The link is spent: a clear page and the form again.
    const again = await new TestBrowser(appAt()).post('/ar/account/link', { token }, SAME_SITE);
    expect(again.status).toBe(410);
    const againHtml = await again.text();
    expect(againHtml).toContain('استُخدم هذا الرابط من قبل');
    expect(againHtml).toContain('name="email"');
  });

  it('answers forged and expired links with a clear page and stores nothing', async () => {
    const forged = await new TestBrowser(appAt()).get(`/ar/account/link?token=${'x'.repeat(43)}`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('هذا الرابط لا يعمل');
    const garbage = await new TestBrowser(appAt()).post('/ar/account/link', { token: 'short' }, SAME_SITE);
    expect(garbage.status).toBe(400);

    const link = await requestSignInLink(
      db(),
      { email: 'late@example.com', editionCode: 'en', nextPath: '', ip: 'x' },
      now,
    );
    if (!link.ok) throw new Error(link.error);
    const late = new TestBrowser(appAt(new Date(now.getTime() + 15 * MINUTE)));
    const expired = await late.post('/en/account/link', { token: link.token }, SAME_SITE);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired');
    expect(await findReaderByEmail(db(), 'late@example.com')).toBeUndefined();
    expect(late.cookies.has('sahifa_reader')).toBe(false);
  });

  it('refuses a bad address (shown back) and too many links (429), the same answer for every address', async () => {
    const browser = new TestBrowser(appAt());
    const headers = client();
    const bad = await browser.post('/en/account/sign-in', { email: 'not an address' }, headers);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('value="not an address"');
    expect(badHtml).toContain('This is not a valid email address.');
    const links = async () =>
      (await db().selectFrom('reader_sign_in_links').select('token_hash').execute()).length;
    const stored = await links();
    const nul = await browser.post('/en/account/sign-in', { email: 'a\0b@example.com' }, headers);
    expect(nul.status).toBe(400);
    expect(await links()).toBe(stored);

    const texts = [];
    for (let i = 0; i < 3; i++) {
      const res = await browser.post('/en/account/sign-in', { email: 'three@example.com' }, headers);
      expect(res.status).toBe(200);
      texts.push((await res.text()).replace('three@example.com', 'X'));
    }
    const other = await browser.post('/en/account/sign-in', { email: 'other@example.com' }, headers);
    expect((await other.text()).replace('other@example.com', 'X')).toBe(texts[0]);
    const throttled = await browser.post('/en/account/sign-in', { email: 'three@example.com' }, headers);
    expect(throttled.status).toBe(429);
    expect(await throttled.text()).toContain('Please wait 15 minutes');
    const foreign = await browser.post(
      '/en/account/sign-in',
      { email: 'x@example.com' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    await background.settled();
  });

  it('never opens /admin with a reader’s cookie', async () => {
    const { browser } = await signedIn('admin-tryer@example.com', 'Curious Reader');
    expect(browser.cookies.has('sahifa_reader')).toBe(true);
    for (const path of ['/admin', '/admin/users', '/admin/outbox']) {
      const res = await browser.get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location'), path).toMatch(/^\/admin\/sign-in\?next=/);
    }
    // Nor does a reader token passed off as a newsroom session.
    const token = browser.cookies.get('sahifa_reader') ?? '';
    const forged = await appAt().request('/admin', { headers: { cookie: `sahifa_session=${token}` } });
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toMatch(/^\/admin\/sign-in/);
  });

  it('refuses a reader’s form without their token, or from another site, and changes nothing', async () => {
    const { browser, reader } = await signedIn('csrf@example.com', 'Careful Reader');
    await browser.get('/ar/account');
    const without = await browser.post(
      '/ar/account/notifications',
      { _csrf: undefined, notify: '1' },
      SAME_SITE,
    );
    expect(without.status).toBe(403);
    expect(await without.text()).toContain('رُفض الطلب');
    const wrong = await browser.post(
      '/ar/account/notifications',
      { _csrf: 'x'.repeat(43), notify: '1' },
      SAME_SITE,
    );
    expect(wrong.status).toBe(403);
    const foreign = await browser.post(
      '/ar/account/notifications',
      { notify: '1' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const deleted = await browser.post('/ar/account/delete', { _csrf: undefined }, SAME_SITE);
    expect(deleted.status).toBe(403);
    expect(await findReader(db(), reader.id)).toMatchObject({ notifyReplies: false });

    const ok = await browser.post('/ar/account/notifications', { notify: '1' }, SAME_SITE);
    expect(ok.status).toBe(303);
    expect(await findReader(db(), reader.id)).toMatchObject({ notifyReplies: true });
    const signedOut = await new TestBrowser(appAt()).post(
      '/ar/account/notifications',
      { notify: '1' },
      SAME_SITE,
    );
    expect(signedOut.status).toBe(401);
  });

  it('refuses a NUL byte or an oversized name with a clear error and stores nothing', async () => {
    const { browser, reader } = await signedIn('nul@example.com');
    await browser.get('/ar/account');
    const nul = await browser.post('/ar/account/name', { name: 'Sa\0ra' }, SAME_SITE);
    expect(nul.status).toBe(400);
    expect(await nul.text()).toContain('استخدم الحروف');
    const huge = await browser.post('/ar/account/name', { name: 'x'.repeat(70_000) }, SAME_SITE);
    expect(huge.status).toBe(413);
    const long = await browser.post('/ar/account/name', { name: 'x'.repeat(300) }, SAME_SITE);
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('اكتب من 2 إلى 40 حرفًا.');
    // Broken UTF-8 arrives as replacement characters: not a name either.
    const broken = await appAt().request('/ar/account/name', {
      method: 'POST',
      headers: { ...FORM, ...SAME_SITE, cookie: `sahifa_reader=${browser.cookies.get('sahifa_reader')}` },
      body: Buffer.concat([
        Buffer.from(`_csrf=${browser.csrf}&name=Sa`),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('ra'),
      ]),
    });
    expect(broken.status).toBe(400);
    expect(await findReader(db(), reader.id)).toMatchObject({ displayName: null });
  });

  it('lists the reader’s comments, deletes one, and downloads their data (nobody else’s)', async () => {
    const { browser, reader } = await signedIn('writer@example.com', 'Comment Writer');
    const { reader: other } = await signedIn('neighbour@example.com', 'Neighbour');
    const post = async (who: typeof reader, body: string) => {
      const posted = await postComment(
        db(),
        { articleId, body },
        { kind: 'reader', reader: who },
        { ip: '192.0.2.9', now },
      );
      if (!posted.ok) throw new Error(posted.error);
      await approveComment(db(), posted.id, () => true, { userId: 'moderator-1', now });
      return posted.id;
    };
    const mine = await post(reader, 'تعليقي الأول على الخبر');
    const second = await post(reader, 'تعليقي الثاني');
    const theirs = await post(other, 'تعليق الجار');
    expect(
      await reportComment(
        db(),
        { commentId: theirs, readerId: reader.id, reason: 'spam', note: 'إعلان' },
        now,
      ),
    ).toEqual({
      ok: true,
      held: false,
    });
    expect(
      await reportComment(
        db(),
        { commentId: mine, readerId: other.id, reason: 'abuse', note: 'secret' },
        now,
      ),
    ).toMatchObject({
      ok: true,
    });

    const html = await (await browser.get('/ar/account')).text();
    expect(html).toContain('تعليقي الأول على الخبر');
    expect(html).toContain('منشور');
    expect(html).not.toContain('تعليق الجار');

    const data = await browser.get('/ar/account/data.json');
    expect(data.status).toBe(200);
    expect(data.headers.get('content-disposition')).toMatch(
      /^attachment; filename="account-[0-9a-z]{20}\.json"$/,
    );
    expect(data.headers.get('cache-control')).toBe('no-store');
    const json = await data.json();
    expect(json.profile).toMatchObject({ email: 'writer@example.com', displayName: 'Comment Writer' });
    expect(json.comments.map((c: { id: string }) => c.id).sort()).toEqual([mine, second].sort());
    expect(json.comments[0].articleUrl).toMatch(/^https:\/\/news\.example\/ar\//);
    expect(json.reports).toEqual([
      expect.objectContaining({ commentId: theirs, reason: 'spam', note: 'إعلان' }),
    ]);
    const text = JSON.stringify(json);
    expect(text).not.toContain('neighbour@example.com');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('تعليق الجار');
    expect((await new TestBrowser(appAt()).get('/ar/account/data.json')).status).toBe(303);

    const removed = await browser.post(`/ar/account/comments/${mine}/delete`, {}, SAME_SITE);
    expect(removed.status).toBe(303);
    expect(removed.headers.get('location')).toBe('/ar/account?done=comment-deleted');
    expect(await findComment(db(), mine)).toMatchObject({ status: 'removed', body: '' });
    const notMine = await browser.post(`/ar/account/comments/${theirs}/delete`, {}, SAME_SITE);
    expect(notMine.headers.get('location')).toBe('/ar/account?done=comment-gone');
    expect(await findComment(db(), theirs)).toMatchObject({ status: 'approved' });
    expect(await (await browser.get('/ar/account?done=comment-deleted')).text()).toContain('حُذف تعليقك.');
  });

  it('deletes the account after a confirmation step: signed out, comments removed without author', async () => {
    const { browser, reader } = await signedIn('goodbye@example.com', 'Leaving Soon');
    const posted = await postComment(
      db(),
      { articleId, body: 'وداعًا' },
      { kind: 'reader', reader },
      { ip: '192.0.2.9', now },
    );
    if (!posted.ok) throw new Error(posted.error);
    const confirm = await browser.get('/ar/account/delete');
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('هل تحذف حسابك؟');
    const done = await browser.post('/ar/account/delete', {}, SAME_SITE);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('حُذف الحساب');
    expect(browser.cookies.has('sahifa_reader')).toBe(false);
    expect(await findReader(db(), reader.id)).toBeUndefined();
    expect(await findComment(db(), posted.id)).toMatchObject({
      status: 'removed',
      reader_id: null,
      author_name: '',
    });
  });

  it('signs out', async () => {
    const { browser } = await signedIn('bye@example.com', 'Short Visit');
    await browser.get('/ar/account');
    const out = await browser.post('/ar/account/sign-out', {}, SAME_SITE);
    expect(out.headers.get('location')).toBe('/ar/account?done=signed-out');
    expect(browser.cookies.has('sahifa_reader')).toBe(false);
    expect(await (await browser.get('/ar/account?done=signed-out')).text()).toContain('name="email"');
  });

  it('stops reply mail with the one-click link: GET asks, POST (no cookie, no Origin) stops; forged links refused', async () => {
    const { reader } = await signedIn('replies@example.com', 'Reply Reader');
    const { browser } = await signedIn('replies-other@example.com', 'Other Reply Reader');
    await db().updateTable('readers').set({ notify_replies: 1 }).where('id', '=', reader.id).execute();
    const url = replyUnsubscribeUrl(
      'https://news.example',
      await loadReaderLinkKey(db(), now),
      'ar',
      reader.id,
    );
    const path = url.slice('https://news.example'.length);
    const asked = await appAt().request(path);
    expect(asked.status).toBe(200);
    expect(asked.headers.get('cache-control')).toBe('no-store');
    expect(await findReader(db(), reader.id)).toMatchObject({ notifyReplies: true });
    const stopped = await appAt().request(path, {
      method: 'POST',
      headers: FORM,
      body: 'List-Unsubscribe=One-Click',
    });
    expect(stopped.status).toBe(200);
    expect(await findReader(db(), reader.id)).toMatchObject({ notifyReplies: false });

    const forged = await appAt().request(path.replace(/sig=[\w-]+/, `sig=${'A'.repeat(43)}`), {
      method: 'POST',
    });
    expect(forged.status).toBe(400);
    // Another reader's signature does not stop this reader's mail.
    const otherId = (await findReaderByEmail(db(), 'replies-other@example.com'))?.id ?? '';
    const swapped = await appAt().request(path.replace(reader.id, otherId), { method: 'POST' });
    expect(swapped.status).toBe(400);
    expect(browser.cookies.has('sahifa_reader')).toBe(true);
  });
});
