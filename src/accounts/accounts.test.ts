import { beforeAll, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { createMailer } from '../mail/mailer.js';
import { listOutbox, plainText, readOutboxMessage, splitMessage } from '../mail/outbox.js';
import { startSmtpServer } from '../mail/testing.js';
import { auditEntriesAbout, countSessionsOfUser } from './queries.js';
import { tokenHash } from './secrets.js';
import { PASSWORD, seedEditions, seedUser, TestBrowser } from './testing.js';
import { disableUser, issueAccountToken } from './users.js';

const T0 = new Date('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const DAY = 24 * 60;

describeEachDatabase('accounts over HTTP', (db) => {
  const dataDir = tempDataDir();
  const appAt = (when: Date, config = {}) => testApp(db(), { now: when, dataDir, config }).app;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await seedEditions(db(), T0);
    ids.admin = await seedUser(db(), { email: 'admin@news.example' }, T0);
    ids.editor = await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['en'] }, T0);
    ids.writer = await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, T0);
  });

  async function signedIn(email: string, when = T0) {
    const browser = new TestBrowser(appAt(when));
    await browser.get('/admin/sign-in');
    const res = await browser.post('/admin/sign-in', { email, password: PASSWORD });
    expect(res.status).toBe(303);
    return browser;
  }

  it('shows the sign-in form in the browser language, never cached, with a CSRF cookie', async () => {
    const browser = new TestBrowser(appAt(T0));
    const res = await browser.get('/admin/sign-in', { 'accept-language': 'ar-LB,ar;q=0.9,en;q=0.5' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(res.headers.get('x-cache')).toBe('BYPASS');
    const html = await res.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('تسجيل الدخول');
    expect(html).not.toMatch(/<script|style=/);
    expect(browser.cookies.has('sahifa_csrf')).toBe(true);
    expect(browser.csrf).not.toBe('');
  });

  it('signs in with a session cookie (HttpOnly, SameSite=Lax, Path=/, Secure, 14 days) stored hashed', async () => {
    const browser = new TestBrowser(appAt(T0));
    await browser.get('/admin/sign-in');
    const res = await browser.post('/admin/sign-in', { email: ' Editor@News.Example ', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sahifa_session=')) ?? '';
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toContain(`Max-Age=${14 * 86_400}`);
    const token = browser.cookies.get('sahifa_session') ?? '';
    const stored = await db()
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', ids.editor ?? '')
      .execute();
    expect(stored.map((s) => s.token_hash)).toContain(tokenHash(token));
    expect(stored.map((s) => s.token_hash)).not.toContain(token);

    const dashboard = await browser.get('/admin');
    expect(dashboard.status).toBe(200);
    const html = await dashboard.text();
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('Welcome, editor@news.example');
    expect(html).toContain('Editor');
    expect(html).toContain('Sahifa');
    expect(html).not.toContain('/admin/outbox');
    expect(html).toContain('action="/admin/sign-out"');
    const audit = await auditEntriesAbout(db(), ids.editor ?? '');
    expect(audit.map((a) => a.action)).toContain('user.sign_in');
  });

  it('refuses a wrong password (401) and bad input (422) with errors next to the fields, keeping the email', async () => {
    const browser = new TestBrowser(appAt(at(1)));
    await browser.get('/admin/sign-in');
    const wrong = await browser.post('/admin/sign-in', {
      email: 'writer@news.example',
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
    const html = await wrong.text();
    expect(html).toContain('The email address or the password is not correct.');
    expect(html).toContain('value="writer@news.example"');
    expect(html).not.toContain('not the password');
    expect(browser.cookies.has('sahifa_session')).toBe(false);
    // app.request() has no socket: the address is 'unknown', not an error.
    const recorded = await db()
      .selectFrom('sign_in_attempts')
      .select('ip')
      .where('email', '=', 'writer@news.example')
      .execute();
    expect(recorded.map((a) => a.ip)).toContain('unknown');

    const bad = await browser.post('/admin/sign-in', { email: 'not-an-email', password: '' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('value="not-an-email"');
    expect(badHtml).toContain('Enter a valid email address.');
    expect(badHtml).toContain('This field is required.');
    expect(badHtml).toContain('aria-invalid="true"');
    const junk = await browser.post('/admin/sign-in', {
      email: undefined,
      password: undefined,
      next: '//evil.example',
    });
    expect(junk.status).toBe(422);
  });

  it('returns to the page asked for, query included, after signing in; never to another site', async () => {
    const browser = new TestBrowser(appAt(at(3)));
    const asked = await browser.get('/admin/articles/new?edition=ar');
    expect(asked.headers.get('location')).toBe(
      '/admin/sign-in?next=%2Fadmin%2Farticles%2Fnew%3Fedition%3Dar',
    );
    await browser.get(asked.headers.get('location') ?? '');
    const res = await browser.post('/admin/sign-in', {
      email: 'writer@news.example',
      password: PASSWORD,
      next: '/admin/articles/new?edition=ar',
    });
    expect(res.headers.get('location')).toBe('/admin/articles/new?edition=ar');
    for (const next of [
      '//evil.example',
      'https://evil.example/admin',
      '/admin?x=<script>',
      '/administrator',
    ]) {
      const other = new TestBrowser(appAt(at(3)));
      await other.get('/admin/sign-in');
      const signedIn = await other.post('/admin/sign-in', {
        email: 'writer@news.example',
        password: PASSWORD,
        next,
      });
      expect(signedIn.headers.get('location'), next).toBe('/admin');
    }
  });

  it('signs out: the session ends, the cookie is cleared, the dashboard asks for sign-in again', async () => {
    const browser = await signedIn('writer@news.example', at(2));
    const token = browser.cookies.get('sahifa_session') ?? '';
    const res = await browser.post('/admin/sign-out', {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/sign-in?signed_out=1');
    expect(browser.cookies.has('sahifa_session')).toBe(false);
    const rows = await db()
      .selectFrom('sessions')
      .select('token_hash')
      .where('token_hash', '=', tokenHash(token))
      .execute();
    expect(rows).toHaveLength(0);
    expect((await browser.get('/admin')).headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin');
    expect((await auditEntriesAbout(db(), ids.writer ?? '')).map((a) => a.action)).toContain('user.sign_out');
  });

  it('slides the 14-day expiry while used; an expired session goes back to sign-in with a message', async () => {
    const browser = await signedIn('writer@news.example', at(3));
    browser.app = appAt(at(3 + 13 * DAY));
    const used = await browser.get('/admin');
    expect(used.status).toBe(200);
    expect(used.headers.getSetCookie().some((c) => c.startsWith('sahifa_session='))).toBe(true);
    browser.app = appAt(at(3 + 26 * DAY));
    expect((await browser.get('/admin')).status).toBe(200);

    browser.app = appAt(at(3 + 41 * DAY));
    const expired = await browser.get('/admin');
    expect(expired.status).toBe(302);
    expect(expired.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin&ended=1');
    expect(expired.headers.get('cache-control')).toBe('no-store');
    expect(browser.cookies.has('sahifa_session')).toBe(false);
    const page = await browser.get('/admin/sign-in?next=%2Fadmin&ended=1');
    expect(await page.text()).toContain('Your session has ended. Please sign in again.');
  });

  it('ends the sessions of a disabled user', async () => {
    const id = await seedUser(db(), { email: 'leaving@news.example', role: 'writer', editions: ['ar'] }, T0);
    const browser = await signedIn('leaving@news.example', at(4));
    await disableUser(db(), 'leaving@news.example', at(5));
    expect(await countSessionsOfUser(db(), id)).toBe(0);
    expect((await browser.get('/admin')).status).toBe(302);
    const again = new TestBrowser(appAt(at(6)));
    await again.get('/admin/sign-in');
    expect(
      (await again.post('/admin/sign-in', { email: 'leaving@news.example', password: PASSWORD })).status,
    ).toBe(401);
  });

  it('refuses the 6th attempt within 15 minutes with 429, even with the right password, for 15 minutes', async () => {
    await seedUser(db(), { email: 'target@news.example', role: 'writer', editions: ['ar'] }, T0);
    const start = 100 * DAY;
    const browser = new TestBrowser(appAt(at(start)));
    await browser.get('/admin/sign-in');
    for (let i = 0; i < 5; i++) {
      browser.app = appAt(at(start + i));
      expect(
        (await browser.post('/admin/sign-in', { email: 'target@news.example', password: `wrong ${i}` }))
          .status,
      ).toBe(401);
    }
    browser.app = appAt(at(start + 5));
    const refused = await browser.post('/admin/sign-in', {
      email: 'target@news.example',
      password: PASSWORD,
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(14 * 60));
    expect(await refused.text()).toContain('signing in is paused for 15 minutes');
    expect(browser.cookies.has('sahifa_session')).toBe(false);
    browser.app = appAt(at(start + 4 + 15));
    expect(
      (await browser.post('/admin/sign-in', { email: 'target@news.example', password: PASSWORD })).status,
    ).toBe(303);
  });

  it('refuses an address after 20 failures (X-Forwarded-For only with TRUST_PROXY=1)', async () => {
    const start = 200 * DAY;
    const browser = new TestBrowser(appAt(at(start), { trustProxy: true }));
    await browser.get('/admin/sign-in');
    const from = (ip: string) => ({ 'x-forwarded-for': `198.51.100.1, ${ip}` });
    for (let i = 0; i < 20; i++) {
      const res = await browser.post(
        '/admin/sign-in',
        { email: `nobody${i}@news.example`, password: 'whatever it is' },
        from('203.0.113.9'),
      );
      expect(res.status).toBe(401);
    }
    const refused = await browser.post(
      '/admin/sign-in',
      { email: 'admin@news.example', password: PASSWORD },
      from('203.0.113.9'),
    );
    expect(refused.status).toBe(429);
    const elsewhere = await browser.post(
      '/admin/sign-in',
      { email: 'admin@news.example', password: PASSWORD },
      from('203.0.113.10'),
    );
    expect(elsewhere.status).toBe(303);
    const attempts = await db()
      .selectFrom('sign_in_attempts')
      .select('ip')
      .where('at', '>=', at(start).toISOString())
      .execute();
    expect(new Set(attempts.map((a) => a.ip))).toEqual(new Set(['203.0.113.9', '203.0.113.10']));
  });

  it('refuses state changes without the right CSRF token or from another site (403, nothing changes)', async () => {
    const browser = await signedIn('admin@news.example', at(300 * DAY));
    const sessions = await countSessionsOfUser(db(), ids.admin ?? '');
    const attempts = [
      browser.post('/admin/sign-out', { _csrf: undefined }),
      browser.post('/admin/sign-out', { _csrf: 'forged-token-forged-token' }),
      browser.post('/admin/sign-out', {}, { origin: 'https://evil.example' }),
      browser.post('/admin/sign-out', {}, { 'sec-fetch-site': 'cross-site' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toContain('لم يُغيَّر شيء');
    }
    expect(await countSessionsOfUser(db(), ids.admin ?? '')).toBe(sessions);
    expect((await browser.get('/admin')).status).toBe(200);
    const sameSite = await browser.post(
      '/admin/sign-out',
      {},
      { origin: 'https://news.example', 'sec-fetch-site': 'same-origin' },
    );
    expect(sameSite.status).toBe(303);

    // Before sign-in: the form's token must match the signed cookie.
    const stranger = new TestBrowser(appAt(at(300 * DAY)));
    const before = await db().selectFrom('sign_in_attempts').select('id').execute();
    const noCookie = await stranger.post('/admin/sign-in', {
      email: 'admin@news.example',
      password: PASSWORD,
      _csrf: 'x',
    });
    expect(noCookie.status).toBe(403);
    await stranger.get('/admin/sign-in');
    stranger.cookies.set('sahifa_csrf', `${stranger.csrf}.forged`);
    expect(
      (await stranger.post('/admin/sign-in', { email: 'admin@news.example', password: PASSWORD })).status,
    ).toBe(403);
    expect(stranger.cookies.has('sahifa_session')).toBe(false);
    expect(await db().selectFrom('sign_in_attempts').select('id').execute()).toHaveLength(before.length);
  });

  it('lets admins (only) read the outbox; anonymous users are sent to sign in', async () => {
    const anonymous = await new TestBrowser(appAt(at(400 * DAY))).get('/admin/outbox');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin%2Foutbox');
    for (const email of ['editor@news.example', 'writer@news.example']) {
      const browser = await signedIn(email, at(400 * DAY));
      const res = await browser.get('/admin/outbox');
      expect(res.status).toBe(403);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect((await browser.get('/admin/outbox/x.eml')).status).toBe(403);
    }
    const admin = await signedIn('admin@news.example', at(400 * DAY));
    const res = await admin.get('/admin/outbox');
    expect(res.status).toBe(200);
    // Admins' language is that of the first edition.
    expect(await res.text()).toContain('صندوق الصادر');
    expect((await admin.get('/admin/outbox/missing.eml')).status).toBe(404);
  });

  it('resets a password end to end through the file outbox; other sessions end; the link works once', async () => {
    const id = await seedUser(db(), { email: 'reset@news.example', role: 'editor', editions: ['ar'] }, T0);
    const when = at(500 * DAY);
    const elsewhere = await signedIn('reset@news.example', when);
    const browser = new TestBrowser(appAt(when));
    await browser.get('/admin/password/forgot');
    const before = (await listOutbox(dataDir)).length;
    const known = await browser.post('/admin/password/forgot', { email: 'Reset@news.example' });
    const unknown = await browser.post('/admin/password/forgot', { email: 'nobody@news.example' });
    expect(known.status).toBe(200);
    expect(await known.text()).toBe(await unknown.text());
    const invalid = await browser.post('/admin/password/forgot', { email: 'nope' });
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain('value="nope"');

    // The mail goes out after the answer (so its timing says nothing about the address).
    await vi.waitFor(async () => expect(await listOutbox(dataDir)).toHaveLength(before + 1));
    const entries = await listOutbox(dataDir);
    const entry = entries.find((e) => e.to === 'reset@news.example');
    expect(entry?.subject).toBe('إعادة تعيين كلمة المرور');
    const admin = await signedIn('admin@news.example', when);
    const shown = await (await admin.get(`/admin/outbox/${entry?.file}`)).text();
    expect(shown).toContain('reset@news.example');
    const message = await readOutboxMessage(dataDir, entry?.file ?? '');
    const link =
      /https:\/\/news\.example(\/admin\/password\/reset\?token=[\w-]+)/.exec(message?.text ?? '')?.[1] ?? '';
    expect(link).not.toBe('');

    const form = await browser.get(link);
    expect(form.status).toBe(200);
    const short = await browser.post('/admin/password/reset', {
      token: new URL(link, 'https://x').searchParams.get('token') ?? '',
      password: 'short',
      confirmation: 'short',
    });
    expect(short.status).toBe(422);
    const shortHtml = await short.text();
    expect(shortHtml).toContain('Use at least 12 characters.');
    expect(shortHtml).not.toContain('value="short"');
    const token = new URL(link, 'https://x').searchParams.get('token') ?? '';
    const mismatch = await browser.post('/admin/password/reset', {
      token,
      password: 'a new long password',
      confirmation: 'another one entirely',
    });
    expect(await mismatch.text()).toContain('The two passwords are not the same.');
    const done = await browser.post('/admin/password/reset', {
      token,
      password: 'a new long password',
      confirmation: 'a new long password',
    });
    expect(done.status).toBe(303);
    expect(browser.cookies.has('sahifa_session')).toBe(true);
    expect(await countSessionsOfUser(db(), id)).toBe(1);
    expect((await elsewhere.get('/admin')).status).toBe(302);
    expect((await browser.get('/admin')).status).toBe(200);

    expect((await browser.get(link)).status).toBe(400);
    const reused = await browser.post('/admin/password/reset', {
      token,
      password: 'yet another password',
      confirmation: 'yet another password',
    });
    expect(reused.status).toBe(400);
    const fresh = new TestBrowser(appAt(when));
    await fresh.get('/admin/sign-in');
    expect(
      (await fresh.post('/admin/sign-in', { email: 'reset@news.example', password: PASSWORD })).status,
    ).toBe(401);
    expect(
      (await fresh.post('/admin/sign-in', { email: 'reset@news.example', password: 'a new long password' }))
        .status,
    ).toBe(303);
    expect((await auditEntriesAbout(db(), id)).map((a) => a.action)).toContain('user.password_reset');
  });

  it('answers forgot-password before the address-dependent work: storing the link and the mail wait, the answer does not', async () => {
    await seedUser(db(), { email: 'slowmail@news.example', role: 'writer', editions: ['ar'] }, T0);
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A database whose writes of reset links, and a mailer whose sends, hang until the gate opens.
    const linkWrites = new WeakSet<object>();
    const blocking = db().withPlugin({
      transformQuery: ({ node, queryId }) => {
        if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'account_tokens') {
          linkWrites.add(queryId);
        }
        return node;
      },
      transformResult: async ({ queryId, result }) => {
        if (linkWrites.has(queryId)) await gate;
        return result;
      },
    });
    const sent: string[] = [];
    const mailer = {
      async send(message: { to: string }) {
        await gate;
        sent.push(message.to);
      },
    };
    const { app, deps } = testApp(blocking, { now: at(550 * DAY), dataDir, mailer });
    const browser = new TestBrowser(app);
    await browser.get('/admin/password/forgot');
    const timeout = new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), 5_000));
    const known = await Promise.race([
      browser.post('/admin/password/forgot', { email: 'slowmail@news.example' }),
      timeout,
    ]);
    if (known === 'timed out') throw new Error('the answer waited for the address-dependent work');
    const unknown = await browser.post('/admin/password/forgot', { email: 'nobody-here@news.example' });
    expect(known.status).toBe(200);
    expect(await known.text()).toBe(await unknown.text());
    expect(sent).toEqual([]);
    release();
    await deps.background.settled();
    expect(sent).toEqual(['slowmail@news.example']);
  });

  it('reset links expire after an hour', async () => {
    const id = await seedUser(db(), { email: 'late@news.example', role: 'writer', editions: ['ar'] }, T0);
    const token = await issueAccountToken(db(), id, 'password_reset', at(600 * DAY));
    const path = `/admin/password/reset?token=${token}`;
    expect((await new TestBrowser(appAt(at(600 * DAY + 59))).get(path)).status).toBe(200);
    expect((await new TestBrowser(appAt(at(600 * DAY + 61))).get(path)).status).toBe(400);
  });

  it('using a reset link revokes every other outstanding reset link of that user (older and newer)', async () => {
    const id = await seedUser(db(), { email: 'twice@news.example', role: 'writer', editions: ['ar'] }, T0);
    const when = at(650 * DAY);
    const older = await issueAccountToken(db(), id, 'password_reset', when);
    const newer = await issueAccountToken(db(), id, 'password_reset', at(650 * DAY + 5));
    const third = await issueAccountToken(db(), id, 'password_reset', at(650 * DAY + 6));
    const browser = new TestBrowser(appAt(at(650 * DAY + 10)));
    await browser.get(`/admin/password/reset?token=${newer}`);
    const done = await browser.post('/admin/password/reset', {
      token: newer,
      password: 'the newest password',
      confirmation: 'the newest password',
    });
    expect(done.status).toBe(303);
    for (const stale of [older, third]) {
      const other = new TestBrowser(appAt(at(650 * DAY + 11)));
      expect((await other.get(`/admin/password/reset?token=${stale}`)).status).toBe(400);
      await other.get('/admin/password/forgot');
      const reused = await other.post('/admin/password/reset', {
        token: stale,
        password: 'an attacker password',
        confirmation: 'an attacker password',
      });
      expect(reused.status).toBe(400);
    }
    const fresh = new TestBrowser(appAt(at(650 * DAY + 12)));
    await fresh.get('/admin/sign-in');
    expect(
      (await fresh.post('/admin/sign-in', { email: 'twice@news.example', password: 'the newest password' }))
        .status,
    ).toBe(303);
  });

  it('signs in once with a one-time link (24 hours), never on a plain GET', async () => {
    const id = await seedUser(
      db(),
      { email: 'linked@news.example', role: 'writer', editions: ['ar'], password: undefined },
      T0,
    );
    const when = at(700 * DAY);
    const token = await issueAccountToken(db(), id, 'sign_in', when);
    const browser = new TestBrowser(appAt(at(700 * DAY + 23 * 60)));
    const page = await browser.get(`/admin/sign-in/link?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('linked@news.example');
    expect(browser.cookies.has('sahifa_session')).toBe(false);
    const used = await browser.post('/admin/sign-in/link', { token });
    expect(used.status).toBe(303);
    const dashboard = await (await browser.get('/admin')).text();
    expect(dashboard).toContain('سجّلت الدخول برابط لمرة واحدة');
    const other = new TestBrowser(appAt(at(700 * DAY + 23 * 60)));
    await other.get('/admin/sign-in');
    expect((await other.post('/admin/sign-in/link', { token })).status).toBe(400);
    expect((await other.get(`/admin/sign-in/link?token=${token}`)).status).toBe(400);
    const late = await issueAccountToken(db(), id, 'sign_in', when);
    expect(
      (await new TestBrowser(appAt(at(700 * DAY + 24 * 60 + 1))).get(`/admin/sign-in/link?token=${late}`))
        .status,
    ).toBe(400);
    expect((await new TestBrowser(appAt(when)).get('/admin/sign-in/link?token=short')).status).toBe(400);
  });

  it('resets a password through SMTP (an in-process SMTP server receives the mail)', async () => {
    const smtp = await startSmtpServer();
    try {
      const id = await seedUser(db(), { email: 'smtp@news.example', role: 'writer', editions: ['en'] }, T0);
      const when = at(800 * DAY);
      const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: 'Sahifa <desk@news.example>', dataDir });
      const browser = new TestBrowser(testApp(db(), { now: when, dataDir, mailer }).app);
      await browser.get('/admin/password/forgot');
      expect((await browser.post('/admin/password/forgot', { email: 'smtp@news.example' })).status).toBe(200);
      await vi.waitFor(() => expect(smtp.received).toHaveLength(1));
      const mail = splitMessage(smtp.received[0]?.raw ?? '');
      expect(smtp.received[0]?.to).toEqual(['smtp@news.example']);
      expect(mail.headers.get('from')).toBe('Sahifa <desk@news.example>');
      expect(mail.headers.get('subject')).toBe('Reset your password');
      const text = plainText(mail);
      expect(text).toContain('smtp@news.example');
      const token = /reset\?token=([\w-]+)/.exec(text)?.[1] ?? '';
      expect((await browser.get(`/admin/password/reset?token=${token}`)).status).toBe(200);
      const done = await browser.post('/admin/password/reset', {
        token,
        password: 'sent by smtp ok',
        confirmation: 'sent by smtp ok',
      });
      expect(done.status).toBe(303);
      expect(await countSessionsOfUser(db(), id)).toBe(1);
    } finally {
      await smtp.close();
    }
  });
});
