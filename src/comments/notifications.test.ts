import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { ADMIN_API_BASE } from '../integrations/api.js';
import { createIntegration } from '../integrations/integrations.js';
import { BackgroundWork } from '../mail/background.js';
import { outboxDir } from '../mail/mailer.js';
import { decodeWords, listOutbox, plainText, splitMessage } from '../mail/outbox.js';
import type { SignedInReader } from '../readers/reader.js';
import { startReaderSession } from '../readers/store.js';
import { sendReplyNotice } from './notifications.js';
import { insertTestReader } from './testing.js';
import { approveComment, postComment, rejectComment } from './workflow.js';

const now = FIXTURE_NOW;
const MINUTE = 60_000;

describeEachDatabase('reply notifications', (db) => {
  let dataDir: string;
  let fixture: Fixture;
  let article: string;
  let asker: SignedInReader;
  let quiet: SignedInReader;
  let replier: SignedInReader;
  const background = new BackgroundWork(pino({ level: 'silent' }));
  let minutes = 0;

  const appOf = () => testApp(db(), { now, dataDir, background });

  async function post(body: string, who: SignedInReader, parentId?: string) {
    minutes += 1;
    const result = await postComment(
      db(),
      { articleId: article, body, parentId },
      { kind: 'reader', reader: who },
      { ip: `198.51.100.${minutes}`, now: new Date(now.getTime() - 300 * MINUTE + minutes * MINUTE) },
    );
    if (!result.ok) throw new Error(result.error);
    return result.id;
  }

  /** A shown comment (approved by a moderator when held). */
  async function shown(body: string, who: SignedInReader, parentId?: string) {
    const id = await post(body, who, parentId);
    await approveComment(db(), id, () => true, { userId: 'moderator', now });
    return id;
  }

  /** The outbox's messages to `to`, with their headers and text. */
  async function mailTo(to: string) {
    await background.settled();
    const entries = (await listOutbox(dataDir)).filter((e) => e.to.includes(to));
    return Promise.all(
      entries.map(async (e) => {
        const message = splitMessage(await readFile(path.join(outboxDir(dataDir), e.file), 'utf8'));
        return { subject: e.subject, headers: message.headers, text: plainText(message) };
      }),
    );
  }

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    article = fixture.arOthers[1] ?? '';
    asker = await insertTestReader(db(), now, { notifyReplies: true, displayName: 'سائلة' });
    quiet = await insertTestReader(db(), now, { notifyReplies: false });
    replier = await insertTestReader(db(), now, { displayName: 'مجيب' });
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, now);
  });

  it('mails the parent author once when a moderator approves a reply, with a one-click unsubscribe', async () => {
    const parent = await shown('متى يبدأ المؤتمر؟', asker);
    const reply = await post('يبدأ غداً صباحاً\nبحسب الخبر', replier, parent);
    const browser = new TestBrowser(appOf().app);
    await browser.get('/admin/sign-in');
    await browser.post('/admin/sign-in', { email: 'writer@news.example', password: PASSWORD });
    await browser.get('/admin/comments');
    expect(await mailTo(asker.email)).toHaveLength(0);

    expect((await browser.post(`/admin/comments/${reply}/approve`, {})).status).toBe(303);
    const [mail, ...more] = await mailTo(asker.email);
    expect(more).toHaveLength(0);
    expect(mail?.subject).toBe('ردّ مجيب على تعليقك');
    expect(mail?.text).toContain('> يبدأ غداً صباحاً\n> بحسب الخبر');
    expect(mail?.text).toContain(`/ar/comments/${reply}`);
    const unsubscribe = mail?.headers.get('list-unsubscribe') ?? '';
    expect(unsubscribe).toMatch(/^<http\S+\/ar\/account\/replies\/unsubscribe\?r=\w+&sig=[\w-]+>$/);
    expect(mail?.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail?.text).toContain(unsubscribe.slice(1, -1));

    // Rejected, then approved again: the reader was told already.
    await rejectComment(db(), reply, () => true, { userId: 'moderator', now });
    await browser.post(`/admin/comments/${reply}/approve`, {});
    expect(await mailTo(asker.email)).toHaveLength(1);
    expect(await sendReplyNotice({ ...appOf().deps }, reply)).toBe(false);

    // The one-click link stops the mail.
    const stop = await appOf().app.request(
      new URL(unsubscribe.slice(1, -1)).pathname + new URL(unsubscribe.slice(1, -1)).search,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      },
    );
    expect(stop.status).toBe(200);
    const later = await shown('رد آخر بعد الإيقاف', replier, parent);
    expect(await sendReplyNotice(appOf().deps, later)).toBe(false);
  });

  it('mails for a staff reply at once; never for their own reply, a held one, or a reader who did not ask', async () => {
    const asker2 = await insertTestReader(db(), now, { notifyReplies: true });
    const parent = await shown('سؤال ثان للصحيفة', asker2);
    const own = await shown('أضيف إلى سؤالي', asker2, parent);
    expect(await sendReplyNotice(appOf().deps, own)).toBe(false);
    const held = await post('رد ينتظر المراجعة', await insertTestReader(db(), now), parent);
    expect(await sendReplyNotice(appOf().deps, held)).toBe(false);
    const quietParent = await shown('تعليق قارئ لا يريد بريداً', quiet);
    expect(await sendReplyNotice(appOf().deps, await shown('رد عليه', replier, quietParent))).toBe(false);
    expect(await mailTo(asker2.email)).toHaveLength(0);

    const browser = new TestBrowser(appOf().app);
    await browser.get('/admin/sign-in');
    await browser.post('/admin/sign-in', { email: 'writer@news.example', password: PASSWORD });
    await browser.get(`/admin/comments/articles/${article}`);
    await browser.post(`/admin/comments/${parent}/reply`, { body: 'نعم، يبدأ غداً' });
    const [mail] = await mailTo(asker2.email);
    expect(decodeWords(mail?.subject ?? '')).toBe('ردّ صحيفة على تعليقك');
    expect(mail?.text).toContain('صحيفة (فريق التحرير)');
  });

  it('mails when the admin API approves a reply', async () => {
    const created = await createIntegration(
      db(),
      { name: 'bot', role: 'writer', editions: ['ar'] },
      null,
      now,
    );
    if (!created.ok) throw new Error(created.error);
    const asker3 = await insertTestReader(db(), now, { notifyReplies: true });
    const parent = await shown('سؤال ثالث', asker3);
    const reply = await post('جواب عبر الواجهة', await insertTestReader(db(), now), parent);
    const res = await appOf().app.request(`${ADMIN_API_BASE}/comments/${reply}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(res.status).toBe(200);
    expect(await mailTo(asker3.email)).toHaveLength(1);
  });

  it('mails when a reply posted on the public site is shown at once', async () => {
    const asker4 = await insertTestReader(db(), now, { notifyReplies: true });
    const parent = await shown('سؤال رابع', asker4);
    const trusted = await insertTestReader(db(), now, { displayName: 'قارئ موثوق' });
    for (const body of ['أول', 'ثان', 'ثالث']) await shown(`تعليق ${body} للثقة`, trusted);
    const { token } = await startReaderSession(db(), trusted.id, now);
    const { app, deps } = appOf();
    const res = await app.request('/ar/comments', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `sahifa_reader=${token}`,
        origin: new URL(deps.config.publicUrl).origin,
      },
      body: new URLSearchParams({ article: article, parent, body: 'جواب من القارئ' }).toString(),
    });
    expect(res.status).toBe(303);
    const [mail, ...more] = await mailTo(asker4.email);
    expect(more).toHaveLength(0);
    expect(mail?.text).toContain('> جواب من القارئ');
  });
});
