import { afterAll, beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedEditions, seedUser, TestBrowser } from '../accounts/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { runDueJobs } from '../jobs/runner.js';
import { createMailer } from '../mail/mailer.js';
import { decodeWords, splitMessage } from '../mail/outbox.js';
import { newsletterJobs } from './jobs.js';
import { deliveryStats, ensureSubscriber, listNewsletters, upsertSubscriptions } from './queries.js';
import { deliverDue } from './sender.js';
import { partOf, seedArticle, seedNewsletter, startScriptedSmtpServer } from './testing.js';

const T0 = new Date('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;

describeEachDatabase('newsletter admin', (db) => {
  const dataDir = tempDataDir();
  let smtp: Awaited<ReturnType<typeof startScriptedSmtpServer>>;
  let enNewsletter = '';
  const mailer = () =>
    createMailer({ smtpUrl: smtp.url, mailFrom: 'Sahifa <no-reply@news.example>', dataDir });
  const appAt = (when = T0) => testApp(db(), { now: when, dataDir, mailer: mailer() }).app;

  beforeAll(async () => {
    smtp = await startScriptedSmtpServer();
    await seedEditions(db(), T0);
    await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['ar'] }, T0);
    await seedUser(db(), { email: 'en-editor@news.example', role: 'editor', editions: ['en'] }, T0);
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, T0);
    await seedArticle(db(), 'morning-story', 'خبر الصباح', new Date(T0.getTime() - HOUR));
    enNewsletter = await seedNewsletter(db(), 'en', 'Morning briefing', T0);
  });
  afterAll(async () => {
    await smtp.close();
  });

  async function signedIn(email: string) {
    const browser = new TestBrowser(appAt());
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }

  it('lets an editor create a newsletter, compose an issue, preview it, test it and send it', async () => {
    const browser = await signedIn('editor@news.example');
    const list = await browser.get('/admin/newsletters');
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain('href="/admin/newsletters"');
    expect(listHtml).not.toContain('Morning briefing');

    await browser.get('/admin/newsletters/new');
    const bad = await browser.post('/admin/newsletters/new', {
      editionCode: 'ar',
      name: '',
      language: 'ar',
      sender: 'not a sender',
      schedule: 'daily',
      sendTime: '',
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('حقل مطلوب');
    expect(badHtml).toContain('ترويسة From');
    expect(badHtml).toContain('HH:MM');
    expect(await listNewsletters(db(), ['ar'])).toHaveLength(0);
    const otherEdition = await browser.post('/admin/newsletters/new', {
      editionCode: 'en',
      name: 'Sneaky',
      language: 'en',
      sender: 'x@news.example',
    });
    expect(otherEdition.status).toBe(400);

    const created = await browser.post('/admin/newsletters/new', {
      editionCode: 'ar',
      name: 'الموجز الصباحي',
      description: 'أهم أخبار الصباح',
      language: 'ar',
      sender: 'صحيفة <morning@news.example>',
      schedule: 'daily',
      sendTime: '07:00',
    });
    expect(created.status).toBe(303);
    const newsletterPath = created.headers.get('location') ?? '';
    const newsletterId = newsletterPath.split('/').at(-1) ?? '';
    expect(
      await db().selectFrom('jobs').select('kind').where('subject_id', '=', newsletterId).execute(),
    ).toEqual([{ kind: 'newsletter.daily' }]);
    const subscriber = await ensureSubscriber(db(), 'reader@example.org', T0);
    await upsertSubscriptions(db(), subscriber, [newsletterId], 'active', T0, { keepActive: false });

    await browser.get(newsletterPath);
    const issue = await browser.post(`${newsletterPath}/issues`, {});
    expect(issue.status).toBe(303);
    const issuePath = issue.headers.get('location') ?? '';
    const page = await (await browser.get(issuePath)).text();
    expect(page).toContain('خبر الصباح');
    expect(page).toMatch(/name="article" value="\w+" id="article-\w+" checked/);

    const saved = await browser.post(issuePath, { subject: 'موجز الاثنين', intro: 'صباح الخير.' });
    expect(saved.status).toBe(303);
    const preview = await browser.get(`${issuePath}/preview`);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain('<html lang="ar" dir="rtl">');
    expect(previewHtml).toContain('موجز الاثنين');
    expect(previewHtml).not.toContain('خبر الصباح'); // no article ticked when saved
    // The site's CSP forbids inline styles: the preview takes them from a stylesheet of its own.
    expect(previewHtml).not.toContain(' style=');
    expect(previewHtml).toContain(`<link rel="stylesheet" href="${issuePath}/preview.css"/>`);
    const previewCss = await (await browser.get(`${issuePath}/preview.css`)).text();
    expect(previewCss).toMatch(/\[data-preview-style="0"\]\{[^}]*background:#f2f2ef;/);
    expect(previewCss).toContain("font-family:Tahoma, 'Segoe UI', Arial, sans-serif");

    const tested = await browser.post(`${issuePath}/test`, {});
    expect(tested.status).toBe(303);
    const test = smtp.received.find((m) => m.to.includes('editor@news.example'));
    expect(decodeWords(splitMessage(test?.raw ?? '').headers.get('subject') ?? '')).toBe(
      '[TEST] موجز الاثنين',
    );
    expect(partOf(test?.raw ?? '', 'text/html')).toContain('صباح الخير.');

    const articleId = /name="article" value="(\w+)"/.exec(page)?.[1] ?? '';
    await browser.post(issuePath, { subject: 'موجز الاثنين', intro: 'صباح الخير.', article: articleId });
    const badWhen = await browser.post(`${issuePath}/schedule`, { at: '2020-01-01T07:00' });
    expect(badWhen.status).toBe(400);
    expect((await browser.post(`${issuePath}/send`, {})).status).toBe(303);
    expect(await runDueJobs(db(), T0, newsletterJobs)).toBe(1);
    const issueId = issuePath.split('/').at(-1) ?? '';
    await deliverDue({
      db: db(),
      mailer: mailer(),
      clock: { now: () => T0 },
      publicUrl: 'https://news.example',
      rate: 0,
    });
    expect(await deliveryStats(db(), issueId)).toEqual({
      queued: 0,
      sending: 0,
      handoff: 0,
      sent: 1,
      failed: 0,
      uncertain: 0,
    });
    const sent = smtp.received.find((m) => m.to.includes('reader@example.org'));
    expect(partOf(sent?.raw ?? '', 'text/html')).toContain('خبر الصباح');
    const after = await (await browser.get(issuePath)).text();
    expect(after).toContain('هذا العدد قيد الإرسال أو أُرسل');
    expect((await browser.post(issuePath, { subject: 'تعديل متأخر' })).status).toBe(400);
  });

  it('imports subscribers from CSV, reporting bad rows by line and keeping good ones, and exports them', async () => {
    const browser = await signedIn('en-editor@news.example');
    await browser.get(`/admin/newsletters/${enNewsletter}/subscribers`);
    const csv =
      'email,status\nann@example.org,active\nnot-an-email\nbob@example.org,unsubscribed\ncat@example.org,maybe\nbot@mailinator.com\n';
    const form = new FormData();
    form.set('_csrf', browser.csrf);
    form.set('file', new File([csv], 'list.csv', { type: 'text/csv' }));
    const cookie = [...browser.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    const res = await appAt().request(`/admin/newsletters/${enNewsletter}/subscribers/import`, {
      method: 'POST',
      body: form,
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('2 rows imported.');
    expect(html).toContain('line 3: This is not a valid email address.');
    expect(html).toContain('line 5: unknown status');
    expect(html).toContain('line 6: Please use a permanent address');
    const exported = await browser.get(`/admin/newsletters/${enNewsletter}/subscribers.csv`);
    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await exported.text()).trim().split('\n');
    expect(lines[0]).toBe('email,status,subscribed_at,confirmed_at');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'ann@example.org,active',
      'bob@example.org,unsubscribed',
    ]);
    const noFile = new FormData();
    noFile.set('_csrf', browser.csrf);
    const empty = await appAt().request(`/admin/newsletters/${enNewsletter}/subscribers/import`, {
      method: 'POST',
      body: noFile,
      headers: { cookie },
    });
    expect(empty.status).toBe(400);
  });

  it('refuses writers, editors of other editions, and anonymous users', async () => {
    const writer = await signedIn('writer@news.example');
    expect((await writer.get('/admin/newsletters')).status).toBe(403);
    const other = await signedIn('en-editor@news.example');
    const arNewsletter = await seedNewsletter(db(), 'ar', 'عاجل', T0);
    expect((await other.get(`/admin/newsletters/${arNewsletter}`)).status).toBe(403);
    expect((await other.post(`/admin/newsletters/${arNewsletter}/issues`, {})).status).toBe(403);
    expect(
      await db()
        .selectFrom('newsletter_issues')
        .select('id')
        .where('newsletter_id', '=', arNewsletter)
        .execute(),
    ).toEqual([]);
    const anonymous = await appAt().request('/admin/newsletters');
    expect(anonymous.status).toBe(302);
  });
});
