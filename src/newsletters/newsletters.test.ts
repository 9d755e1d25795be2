import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEditions } from '../accounts/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { messagesFor } from '../i18n/messages.js';
import { runDueJobs } from '../jobs/runner.js';
import { BackgroundWork } from '../mail/background.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { decodeWords, plainText, splitMessage } from '../mail/outbox.js';
import { createAutomaticIssue, newsletterJobs, scheduleIssueSend } from './jobs.js';
import { confirmUrl, loadLinkKey, preferencesUrl } from './links.js';
import { findNewsletter } from './queries.js';
import { deliverDue } from './sender.js';
import { isDisposable } from './signup.js';
import { partOf, seedArticle, seedNewsletter, startScriptedSmtpServer } from './testing.js';

const T0 = new Date('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;
const later = (ms: number) => new Date(T0.getTime() + ms);
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const SAME_SITE = { ...FORM, origin: 'https://news.example' };

describe('disposable addresses', () => {
  it('knows a short list of throw-away domains, subdomains included', () => {
    expect(isDisposable('x@mailinator.com')).toBe(true);
    expect(isDisposable('x@eu.yopmail.com')).toBe(true);
    expect(isDisposable('x@example.org')).toBe(false);
    expect(isDisposable('x@notmailinator.com')).toBe(false);
  });
});

describeEachDatabase('newsletter sign-up, confirmation, sending and unsubscribing', (db) => {
  const dataDir = tempDataDir();
  let smtp: Awaited<ReturnType<typeof startScriptedSmtpServer>>;
  const ids = { morning: '', breaking: '', english: '' };
  const mailerFor = (pool = false) =>
    createMailer({
      smtpUrl: smtp.url,
      mailFrom: 'Sahifa <no-reply@news.example>',
      dataDir,
      ...(pool ? { pool: { maxConnections: 2 } } : {}),
    });
  // Sign-ups finish after their answer: the helpers below wait for that work before going on.
  const background = new BackgroundWork(pino({ level: 'silent' }));
  const appAt = (when: Date, mailer: Mailer = mailerFor()) =>
    testApp(db(), { now: when, dataDir, mailer, config: { trustProxy: true }, background }).app;
  const subscriptionOf = async (email: string, newsletterId: string) =>
    (
      await db()
        .selectFrom('newsletter_subscriptions as s')
        .innerJoin('newsletter_subscribers as p', 'p.id', 's.subscriber_id')
        .select('s.status')
        .where('p.email', '=', email)
        .where('s.newsletter_id', '=', newsletterId)
        .executeTakeFirst()
    )?.status;
  const post = async (
    when: Date,
    path: string,
    fields: Record<string, string | string[]>,
    headers: Record<string, string>,
  ) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    }
    const res = await appAt(when).request(path, { method: 'POST', body, headers });
    await background.settled();
    return res;
  };
  const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));

  beforeAll(async () => {
    smtp = await startScriptedSmtpServer();
    await seedEditions(db(), T0);
    await seedArticle(db(), 'first-story', 'الخبر الأول', later(-2 * HOUR));
    await seedArticle(db(), 'second-story', 'الخبر الثاني', later(-HOUR));
    ids.morning = await seedNewsletter(db(), 'ar', 'الموجز الصباحي', T0);
    ids.breaking = await seedNewsletter(db(), 'ar', 'عاجل', T0);
    ids.english = await seedNewsletter(db(), 'en', 'Morning briefing', T0);
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('lists the newsletters of an edition on a cached page with the form; /newsletters redirects by language', async () => {
    const res = await appAt(T0).request('/ar/newsletters');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public/);
    const html = await res.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('الموجز الصباحي');
    expect(html).toContain(`value="${ids.breaking}"`);
    // No box is ticked for the reader.
    expect(html).toContain(
      `<input type="checkbox" name="newsletter" value="${ids.breaking}" id="nl-${ids.breaking}"/>`,
    );
    expect(html).not.toMatch(/type="checkbox"[^>]*checked/);
    expect(html).not.toContain('Morning briefing');
    expect(html).not.toContain('_csrf');
    const redirect = await appAt(T0).request('/newsletters', { headers: { 'accept-language': 'en-GB' } });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/en/newsletters');
    const article = await appAt(T0).request('/ar/2026/03/02/first-story');
    const articleHtml = await article.text();
    expect(articleHtml).toContain('action="/ar/newsletters"');
    expect(articleHtml).toContain('href="/ar/newsletters"');
    // The short form at the end of the article offers each newsletter, none ticked.
    expect(articleHtml).toContain(
      `<input type="checkbox" name="newsletter" value="${ids.morning}" id="nls-${ids.morning}"/>`,
    );
    expect(articleHtml).toContain(`id="nls-${ids.breaking}"`);
    expect(articleHtml).not.toMatch(/type="checkbox"[^>]*checked/);
  });

  it('refuses a sign-up with no newsletter ticked, saying so and keeping the typed address', async () => {
    const res = await post(
      T0,
      '/ar/newsletters',
      { email: 'undecided@example.org' },
      { ...SAME_SITE, 'x-forwarded-for': '192.0.2.77' },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(messagesFor('ar').newsletterErrorChoose);
    expect(html).toContain('value="undecided@example.org"');
    expect(html).not.toMatch(/type="checkbox"[^>]*checked/);
    const rows = await db()
      .selectFrom('newsletter_subscribers')
      .select('email')
      .where('email', '=', 'undecided@example.org')
      .execute();
    expect(rows).toEqual([]);
    expect(mailsTo('undecided@example.org')).toHaveLength(0);
  });

  it('subscribes with double opt-in, sends the issue (both parts, RTL, list headers) and unsubscribes in one click', async () => {
    const email = 'reader@example.org';
    const res = await post(
      T0,
      '/ar/newsletters',
      { email: ' Reader@Example.org ', newsletter: [ids.morning, ids.breaking] },
      {
        ...SAME_SITE,
        'x-forwarded-for': '192.0.2.1',
      },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('تفقّدوا بريدكم');
    expect(await subscriptionOf(email, ids.morning)).toBe('pending');

    // Signing up again within the hour changes nothing and sends no second mail.
    await post(
      later(60_000),
      '/ar/newsletters',
      { email, newsletter: ids.morning },
      { ...SAME_SITE, 'x-forwarded-for': '192.0.2.1' },
    );
    expect(mailsTo(email)).toHaveLength(1);
    const confirmation = splitMessage(mailsTo(email)[0]?.raw ?? '');
    expect(decodeWords(confirmation.headers.get('subject') ?? '')).toBe('أكّدوا اشتراككم في صحيفة');
    const link =
      /https:\/\/news\.example(\/ar\/newsletters\/confirm\?\S+)/.exec(plainText(confirmation))?.[1] ?? '';
    expect(link).not.toBe('');

    // Tampered and expired links change nothing.
    const tampered = await appAt(T0).request(link.replace(/sig=.{4}/, 'sig=AAAA'));
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain('هذا الرابط لا يعمل');
    expect((await appAt(later(8 * 24 * HOUR)).request(link)).status).toBe(400);
    expect(await subscriptionOf(email, ids.morning)).toBe('pending');

    // Opening the link (as a mail scanner would) only asks; the button confirms.
    const opened = await appAt(later(5 * 60_000)).request(link);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    expect(await opened.text()).toContain('<form method="post"');
    expect(await subscriptionOf(email, ids.morning)).toBe('pending');
    expect((await post(later(5 * 60_000), link, {}, FORM)).status).toBe(403);
    expect(await subscriptionOf(email, ids.morning)).toBe('pending');
    const confirmed = await post(later(5 * 60_000), link, {}, SAME_SITE);
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get('cache-control')).toBe('no-store');
    expect(await confirmed.text()).toContain('تأكّد الاشتراك');
    expect(await subscriptionOf(email, ids.morning)).toBe('active');
    expect(await subscriptionOf(email, ids.breaking)).toBe('active');
    const twice = await appAt(later(6 * 60_000)).request(link);
    expect(twice.status).toBe(200);
    expect(await twice.text()).toContain('مؤكَّد من قبل');
    expect(await (await post(later(6 * 60_000), link, {}, SAME_SITE)).text()).toContain('مؤكَّد من قبل');

    // Compose with the automatic top stories, send through the durable job and the sender.
    const newsletter = await findNewsletter(db(), ids.morning);
    if (!newsletter) throw new Error('no newsletter');
    const issueId = (await createAutomaticIssue(db(), newsletter, null, later(HOUR))) ?? '';
    expect(await scheduleIssueSend(db(), issueId, later(HOUR), later(HOUR))).toBe(true);
    expect(await runDueJobs(db(), later(HOUR), newsletterJobs)).toBe(1);
    const mailer = mailerFor(true);
    const done = await deliverDue(
      { db: db(), mailer, clock: { now: () => later(HOUR) }, publicUrl: 'https://news.example', rate: 0 },
      { issueId },
    );
    mailer.close?.();
    expect(done).toEqual({ sent: 1, failed: 0, retried: 0 });
    const issueMail = mailsTo(email).at(-1)?.raw ?? '';
    const { headers } = splitMessage(issueMail);
    expect(headers.get('content-type')).toMatch(/^multipart\/alternative/);
    expect(headers.get('from')).toBe('=?UTF-8?B?2KfZhNmF2YjYrNiyINin2YTYtdio2KfYrdmK?= <news@news.example>');
    expect(headers.get('precedence')).toBe('bulk');
    expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const listUnsubscribe = headers.get('list-unsubscribe') ?? '';
    expect(listUnsubscribe).toMatch(
      /^<https:\/\/news\.example\/newsletters\/unsubscribe\?s=\w+&n=\w+&sig=[\w-]+>, <mailto:news@news\.example\?subject=unsubscribe%20[\w.-]+>$/,
    );
    expect(headers.get('message-id')).toMatch(/^<\w{20}@news\.example>$/);
    expect(Number.isNaN(Date.parse(headers.get('date') ?? ''))).toBe(false);
    const html = partOf(issueMail, 'text/html');
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<body dir="rtl"');
    expect(html).toContain('align="right"');
    expect(html).toContain('role="presentation"');
    expect(html).toContain('href="https://news.example/ar/2026/03/02/second-story"');
    expect(html).toContain('https://news.example/ar/newsletters/preferences?s=');
    const text = partOf(issueMail, 'text/plain');
    expect(text).toContain('الخبر الثاني');
    expect(text).toContain('https://news.example/ar/2026/03/02/first-story');
    expect(text).toMatch(/إلغاء الاشتراك: https:\/\/news\.example\/newsletters\/unsubscribe\?/);

    // RFC 8058: a POST from the mail provider, without cookie or Origin, unsubscribes exactly this recipient and newsletter.
    const oneClick = listUnsubscribe
      .slice(1, listUnsubscribe.indexOf('>'))
      .replace('https://news.example', '');
    const asked = await appAt(later(2 * HOUR)).request(oneClick);
    expect(asked.status).toBe(200);
    expect(await subscriptionOf(email, ids.morning)).toBe('active');
    const left = await appAt(later(2 * HOUR)).request(oneClick, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: FORM,
    });
    expect(left.status).toBe(200);
    expect(await subscriptionOf(email, ids.morning)).toBe('unsubscribed');
    expect(await subscriptionOf(email, ids.breaking)).toBe('active');
    const forged = await appAt(later(2 * HOUR)).request(
      oneClick.replace(`n=${ids.morning}`, `n=${ids.breaking}`),
      {
        method: 'POST',
        body: 'List-Unsubscribe=One-Click',
        headers: FORM,
      },
    );
    expect(forged.status).toBe(400);
    expect(await subscriptionOf(email, ids.breaking)).toBe('active');
  });

  it('answers a sign-up before the address-dependent work: a mailer that blocks does not hold the answer back', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sent: string[] = [];
    const blocking: Mailer = {
      async send(message) {
        await gate;
        sent.push(message.to);
      },
    };
    const app = appAt(later(10 * HOUR), blocking);
    const body = new URLSearchParams({ email: 'patient@example.org', newsletter: ids.morning });
    const headers = { ...SAME_SITE, 'x-forwarded-for': '192.0.2.77' };
    const res = await app.request('/ar/newsletters', { method: 'POST', body, headers });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('تفقّدوا بريدكم');
    expect(sent).toEqual([]);
    expect(background.pending).toBe(1);
    release();
    await background.settled();
    expect(sent).toEqual(['patient@example.org']);
    expect(await subscriptionOf('patient@example.org', ids.morning)).toBe('pending');
  });

  it('refuses bad and disposable addresses and cross-site posts with a clear message, changing nothing', async () => {
    const headers = { ...SAME_SITE, 'x-forwarded-for': '192.0.2.2' };
    const bad = await post(
      T0,
      '/ar/newsletters',
      { email: 'not-an-address', newsletter: ids.morning },
      headers,
    );
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('هذا ليس عنوان بريد إلكتروني صالحاً');
    expect(badHtml).toContain('value="not-an-address"');
    const disposable = await post(
      T0,
      '/en/newsletters',
      { email: 'bot@mailinator.com', newsletter: ids.english },
      headers,
    );
    expect(disposable.status).toBe(400);
    expect(await disposable.text()).toContain('throw-away mailboxes');
    for (const h of [
      { ...FORM, origin: 'https://evil.example' },
      { ...FORM, 'sec-fetch-site': 'cross-site' },
      FORM,
    ]) {
      const res = await post(
        T0,
        '/ar/newsletters',
        { email: 'victim@example.org', newsletter: ids.morning },
        { ...h, 'x-forwarded-for': '192.0.2.2' },
      );
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('رُفض الطلب');
    }
    const same = await post(
      T0,
      '/ar/newsletters',
      { email: 'fetch@example.org', newsletter: ids.morning },
      { ...FORM, 'sec-fetch-site': 'same-origin', 'x-forwarded-for': '192.0.2.2' },
    );
    expect(same.status).toBe(200);
    const rows = await db()
      .selectFrom('newsletter_subscribers')
      .select('email')
      .where('email', 'in', ['not-an-address', 'bot@mailinator.com', 'victim@example.org'])
      .execute();
    expect(rows).toEqual([]);
    expect(mailsTo('victim@example.org')).toHaveLength(0);
  });

  it('rate-limits a flood per address and per client, and never sends more than one confirmation an hour', async () => {
    const email = 'flooded@example.org';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await post(
        later(i * 1000),
        '/ar/newsletters',
        { email, newsletter: ids.morning },
        { ...SAME_SITE, 'x-forwarded-for': `198.51.100.${i}` },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(mailsTo(email)).toHaveLength(1);
    const flood: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await post(
        T0,
        '/en/newsletters',
        { email: `bot${i}@example.org`, newsletter: ids.english },
        { ...SAME_SITE, 'x-forwarded-for': '203.0.113.9' },
      );
      flood.push(res.status);
    }
    expect(flood.filter((s) => s === 200)).toHaveLength(20);
    expect(flood.slice(20)).toEqual([429, 429]);
    // An hour later the pending address may get one more confirmation mail.
    const res = await post(
      later(2 * HOUR),
      '/ar/newsletters',
      { email, newsletter: ids.morning },
      { ...SAME_SITE, 'x-forwarded-for': '198.51.100.99' },
    );
    expect(res.status).toBe(200);
    expect(mailsTo(email)).toHaveLength(2);
  });

  it('lets a subscriber change newsletters or leave on the signed preference page', async () => {
    const email = 'prefs@example.org';
    await post(
      T0,
      '/ar/newsletters',
      { email, newsletter: ids.morning },
      { ...SAME_SITE, 'x-forwarded-for': '192.0.2.7' },
    );
    const subscriber = await db()
      .selectFrom('newsletter_subscribers')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const key = await loadLinkKey(db(), T0);
    const confirm = confirmUrl('https://news.example', key, 'ar', subscriber.id, later(HOUR)).replace(
      'https://news.example',
      '',
    );
    expect((await post(T0, confirm, {}, SAME_SITE)).status).toBe(200);
    const url = preferencesUrl('https://news.example', key, 'ar', subscriber.id).replace(
      'https://news.example',
      '',
    );
    const page = await appAt(T0).request(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(email);
    expect(html).toMatch(new RegExp(`value="${ids.morning}" id="nl-${ids.morning}" checked`));
    expect((await appAt(T0).request(url.replace(/sig=[\w-]{4}/, 'sig=AAAA'))).status).toBe(400);

    const saved = await post(T0, url, { newsletter: ids.breaking }, SAME_SITE);
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('حُفظت اختياراتكم');
    expect(await subscriptionOf(email, ids.morning)).toBe('unsubscribed');
    expect(await subscriptionOf(email, ids.breaking)).toBe('active');
    expect(
      (await post(T0, url, { newsletter: ids.morning }, { ...FORM, origin: 'https://evil.example' })).status,
    ).toBe(403);
    const left = await post(T0, url, { newsletter: ids.breaking, leave: '1' }, SAME_SITE);
    expect(await left.text()).toContain('أُلغي اشتراككم');
    expect(await subscriptionOf(email, ids.breaking)).toBe('unsubscribed');
  });
});
