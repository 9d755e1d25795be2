import { beforeAll, describe, expect, it } from 'vitest';
import { createDraft, publishNow } from '../articles/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { messagesFor } from '../i18n/messages.js';
import { listOutbox, readOutboxMessage } from '../mail/outbox.js';
import { recordAudit } from './audit.js';
import { MAX_FORM_BODY_BYTES, MAX_MULTIPART_BODY_BYTES } from './middleware.js';
import { countSessionsOfUser, editionsOfUser, findUserByEmail, findUserById } from './queries.js';
import { PASSWORD, seedEditions, seedUser, TestBrowser } from './testing.js';

const T0 = new Date('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
// The admin's pages are in Arabic: admins take the language of the site's first edition (ar).
const ar = messagesFor('ar');
const en = messagesFor('en');

describeEachDatabase('admin pages for users and the audit log', (db) => {
  const dataDir = tempDataDir();
  const appAt = (when: Date) => testApp(db(), { now: when, dataDir }).app;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await seedEditions(db(), T0);
    ids.admin = await seedUser(db(), { email: 'admin@news.example' }, T0);
    ids.other = await seedUser(db(), { email: 'other-admin@news.example' }, T0);
    ids.editor = await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['en'] }, T0);
    ids.writer = await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, T0);
  });

  /** Signed in, with the session's CSRF token read from a page (the sign-in form's token is not it). */
  async function signedIn(email: string, when = T0) {
    const browser = new TestBrowser(appAt(when));
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    expect((await browser.get('/admin')).status).toBe(200);
    return browser;
  }

  /** A multipart POST, as a browser sends a form with a file. */
  async function postMultipart(browser: TestBrowser, url: string, fields: Record<string, string>) {
    const form = new FormData();
    form.set('_csrf', browser.csrf);
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    const cookie = [...browser.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    return browser.app.request(url, { method: 'POST', body: form, headers: { cookie } });
  }

  const mailTo = async (address: string) => {
    const entries = (await listOutbox(dataDir)).filter((e) => e.to === address);
    return Promise.all(entries.map((e) => readOutboxMessage(dataDir, e.file)));
  };
  const auditOf = (subjectId: string) =>
    db().selectFrom('audit_log').selectAll().where('subject_id', '=', subjectId).orderBy('id').execute();

  it('lists users with role, editions ("all" for admins), status and creation date; admins see Users and Audit in the nav', async () => {
    const admin = await signedIn('admin@news.example');
    const res = await admin.get('/admin/users');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain(`href="/admin/users/${ids.editor}"`);
    expect(html).toContain('editor@news.example');
    expect(html).toContain(ar.adminUsersAllEditions);
    expect(html).toContain('<time datetime="2026-03-02T09:00:00.000Z" dir="ltr">2026-03-02</time>');
    expect(html).toContain('href="/admin/users"');
    expect(html).toContain('href="/admin/audit"');
    expect(html).not.toMatch(/<script|style=/);
    const editorNav = await (await (await signedIn('editor@news.example')).get('/admin')).text();
    expect(editorNav).not.toContain('href="/admin/users"');
    expect(editorNav).not.toContain('href="/admin/audit"');
  });

  it('invites a user: the mail in their language carries a one-time link that signs them in', async () => {
    const admin = await signedIn('admin@news.example');
    const form = await admin.get('/admin/users/new');
    expect(form.status).toBe(200);
    // Editions are named with their language, in that language.
    const formHtml = await form.text();
    expect(formHtml).toContain('صحيفة (العربية)');
    expect(formHtml).toContain('Sahifa (English)');
    const res = await admin.post('/admin/users/new', {
      email: ' New.Writer@News.Example ',
      role: 'writer',
      editions: 'en',
    });
    expect(res.status).toBe(303);
    const created = await findUserByEmail(db(), 'new.writer@news.example');
    expect(created).toMatchObject({ role: 'writer', language: 'en', password_hash: null, status: 'active' });
    expect(res.headers.get('location')).toBe(`/admin/users/${created?.id}?done=invited`);
    const page = await (await admin.get(res.headers.get('location') ?? '')).text();
    expect(page).toContain('أُرسلت الدعوة إلى new.writer@news.example.');
    expect(page).toContain('href="/admin/outbox"');
    expect(await editionsOfUser(db(), created?.id ?? '')).toEqual(['en']);
    const [audit] = await auditOf(created?.id ?? '');
    expect(audit).toMatchObject({ action: 'user.add', user_id: ids.admin });

    const [mail] = await mailTo('new.writer@news.example');
    expect(mail?.subject).toBe(en.adminUsersMailInviteSubject);
    expect(mail?.text).toContain(
      'admin@news.example added you (new.writer@news.example) to the newsroom as Writer.',
    );
    const link = /https:\/\/news\.example(\/admin\/sign-in\/link\?token=[\w-]+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toBeDefined();

    const invited = new TestBrowser(appAt(at(5)));
    const linkPage = await invited.get(link ?? '');
    expect(linkPage.status).toBe(200);
    const token = new URL(link ?? '', 'https://x').searchParams.get('token') ?? '';
    const signIn = await invited.post('/admin/sign-in/link', { token });
    expect(signIn.status).toBe(303);
    const dashboard = await invited.get('/admin');
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('new.writer@news.example');
    // The link works once.
    expect((await invited.post('/admin/sign-in/link', { token })).status).toBe(400);
  });

  it('refuses a duplicate email, an editor without editions, an unknown edition and a bad address, keeping what was typed and creating nothing', async () => {
    const admin = await signedIn('admin@news.example');
    await admin.get('/admin/users/new');
    const usersBefore = await db().selectFrom('users').select('id').execute();
    const mailBefore = (await listOutbox(dataDir)).length;
    const cases: [Record<string, string>, string, string][] = [
      [{ email: 'editor@news.example', role: 'writer', editions: 'ar' }, ar.adminUsersErrorExists, 'email'],
      [{ email: 'lonely@news.example', role: 'editor' }, ar.adminUsersErrorNeedsEdition, 'editions'],
      [
        { email: 'lost@news.example', role: 'writer', editions: 'xx' },
        ar.adminUsersErrorUnknownEdition,
        'editions',
      ],
      [{ email: 'not-an-address', role: 'writer', editions: 'ar' }, ar.adminErrorEmail, 'email'],
      [{ email: 'who@news.example', role: 'owner', editions: 'ar' }, ar.adminUsersErrorRole, 'role'],
    ];
    for (const [fields, message, field] of cases) {
      const res = await admin.post('/admin/users/new', fields);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      // The field points at its error (after its hint, if it has one).
      expect(html).toMatch(new RegExp(`aria-describedby="(${field}-hint )?${field}-error"`));
      expect(html).toContain(`value="${fields.email}"`);
    }
    const kept = await (
      await admin.post('/admin/users/new', { email: 'x@news.example', role: 'editor', editions: 'xx' })
    ).text();
    expect(kept).toMatch(/<option value="editor" selected="">/);
    const checked = await (
      await admin.post('/admin/users/new', { email: 'editor@news.example', role: 'editor', editions: 'en' })
    ).text();
    expect(checked).toMatch(/value="en" checked=""/);
    expect(await db().selectFrom('users').select('id').execute()).toHaveLength(usersBefore.length);
    expect(await listOutbox(dataDir)).toHaveLength(mailBefore);
  });

  it('refuses editors and writers (403) on every user and audit page, changing nothing', async () => {
    const snapshot = async () => ({
      users: await db().selectFrom('users').selectAll().orderBy('id').execute(),
      editions: await db().selectFrom('user_editions').selectAll().orderBy('user_id').execute(),
      audit: (await db().selectFrom('audit_log').select('id').execute()).length,
      mail: (await listOutbox(dataDir)).length,
    });
    for (const email of ['editor@news.example', 'writer@news.example']) {
      const browser = await signedIn(email, at(10));
      const t = messagesFor(email.startsWith('editor') ? 'en' : 'ar');
      const before = await snapshot();
      for (const path of ['/admin/users', '/admin/users/new', `/admin/users/${ids.writer}`, '/admin/audit']) {
        const res = await browser.get(path);
        expect(res.status, path).toBe(403);
        expect(await res.text()).toContain(t.adminForbiddenText);
      }
      const posts: [string, Record<string, string>][] = [
        ['/admin/users/new', { email: 'sneaky@news.example', role: 'admin' }],
        [`/admin/users/${ids.editor}`, { role: 'admin', editions: 'en' }],
        [`/admin/users/${ids.other}/disable`, {}],
        [`/admin/users/${ids.other}/enable`, {}],
        [`/admin/users/${ids.other}/sign-in-link`, {}],
      ];
      for (const [path, fields] of posts) {
        const res = await browser.post(path, fields);
        expect(res.status, path).toBe(403);
        expect(await res.text()).toContain(t.adminForbiddenText);
      }
      expect(await snapshot()).toEqual(before);
    }
  });

  it('changes role and editions, recording the acting admin; saving the same again records nothing', async () => {
    const admin = await signedIn('admin@news.example', at(20));
    const id = await seedUser(db(), { email: 'promote@news.example', role: 'writer', editions: ['ar'] }, T0);
    await admin.get(`/admin/users/${id}`);
    const res = await admin.post(`/admin/users/${id}`, { role: 'editor', editions: 'en' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/users/${id}?done=saved`);
    expect(await findUserById(db(), id)).toMatchObject({ role: 'editor' });
    expect(await editionsOfUser(db(), id)).toEqual(['en']);
    const audit = await auditOf(id);
    const role = audit.find((a) => a.action === 'user.role_change');
    const editions = audit.find((a) => a.action === 'user.editions_change');
    expect(role?.user_id).toBe(ids.admin);
    expect(JSON.parse(role?.details ?? '{}')).toEqual({ from: 'writer', to: 'editor' });
    expect(editions?.user_id).toBe(ids.admin);
    expect(JSON.parse(editions?.details ?? '{}')).toEqual({ from: ['ar'], to: ['en'] });

    const again = await admin.post(`/admin/users/${id}`, { role: 'editor', editions: 'en' });
    expect(again.headers.get('location')).toBe(`/admin/users/${id}?done=unchanged`);
    expect(await auditOf(id)).toHaveLength(audit.length);

    const refused = await admin.post(`/admin/users/${id}`, { role: 'writer' });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(ar.adminUsersErrorNeedsEdition);
    expect(html).toMatch(/<option value="writer" selected="">/);
    expect(await findUserById(db(), id)).toMatchObject({ role: 'editor' });
    expect((await admin.get('/admin/users/zzzz')).status).toBe(404);
  });

  it('disables a user (ending their sessions) and enables them again, recording the acting admin', async () => {
    const id = await seedUser(db(), { email: 'leaving@news.example', role: 'writer', editions: ['ar'] }, T0);
    const leaving = await signedIn('leaving@news.example', at(30));
    expect(await countSessionsOfUser(db(), id)).toBe(1);
    const admin = await signedIn('admin@news.example', at(30));
    await admin.get(`/admin/users/${id}`);
    const res = await admin.post(`/admin/users/${id}/disable`, {});
    expect(res.status).toBe(303);
    expect(await findUserById(db(), id)).toMatchObject({ status: 'disabled' });
    expect(await countSessionsOfUser(db(), id)).toBe(0);
    const after = await leaving.get('/admin');
    expect(after.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin&ended=1');
    const disabledPage = await (await admin.get(`/admin/users/${id}`)).text();
    expect(disabledPage).toContain(`action="/admin/users/${id}/enable"`);
    expect(disabledPage).not.toContain(`action="/admin/users/${id}/sign-in-link"`);
    const link = await admin.post(`/admin/users/${id}/sign-in-link`, {});
    expect(link.status).toBe(422);
    expect(await link.text()).toContain(ar.adminUsersErrorDisabledLink);

    const later = await signedIn('admin@news.example', at(31));
    expect((await later.post(`/admin/users/${id}/enable`, {})).status).toBe(303);
    expect(await findUserById(db(), id)).toMatchObject({ status: 'active' });
    const actions = (await auditOf(id)).filter(
      (a) => a.action === 'user.disable' || a.action === 'user.enable',
    );
    expect(actions.map((a) => [a.action, a.user_id])).toEqual([
      ['user.disable', ids.admin],
      ['user.enable', ids.admin],
    ]);
    expect(JSON.parse(actions[0]?.details ?? '{}')).toEqual({ sessionsEnded: 1 });
  });

  it('resends a sign-in link by mail in the user’s language', async () => {
    const admin = await signedIn('admin@news.example', at(40));
    await admin.get(`/admin/users/${ids.writer}`);
    const res = await admin.post(`/admin/users/${ids.writer}/sign-in-link`, {});
    expect(res.headers.get('location')).toBe(`/admin/users/${ids.writer}?done=link_sent`);
    const mails = await mailTo('writer@news.example');
    expect(mails.map((m) => m?.subject)).toContain(ar.adminUsersMailLinkSubject);
    expect(mails.map((m) => m?.text).join()).toMatch(/\/admin\/sign-in\/link\?token=/);
  });

  it('refuses to let an admin disable themself or drop their own admin role', async () => {
    const admin = await signedIn('admin@news.example', at(50));
    const page = await (await admin.get(`/admin/users/${ids.admin}`)).text();
    expect(page).not.toContain(`action="/admin/users/${ids.admin}/disable"`);
    const disable = await admin.post(`/admin/users/${ids.admin}/disable`, {});
    expect(disable.status).toBe(422);
    expect(await disable.text()).toContain(ar.adminUsersErrorSelfDisable);
    const demote = await admin.post(`/admin/users/${ids.admin}`, { role: 'editor', editions: 'ar' });
    expect(demote.status).toBe(422);
    expect(await demote.text()).toContain(ar.adminUsersErrorSelfDemote);
    expect(await findUserById(db(), ids.admin ?? '')).toMatchObject({ role: 'admin', status: 'active' });
    expect(await editionsOfUser(db(), ids.admin ?? '')).toEqual([]);
    expect(await countSessionsOfUser(db(), ids.admin ?? '')).toBeGreaterThan(0);
    // Another admin may.
    const other = await signedIn('other-admin@news.example', at(50));
    await other.get(`/admin/users/${ids.other}`);
    expect((await other.post(`/admin/users/${ids.other}`, { role: 'admin', editions: 'en' })).status).toBe(
      303,
    );
  });

  it('refuses a form without the CSRF token (403), changing nothing', async () => {
    const admin = await signedIn('admin@news.example', at(60));
    const res = await admin.post(`/admin/users/${ids.writer}/disable`, { _csrf: undefined });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(ar.adminCsrfText);
    const invite = await admin.post('/admin/users/new', {
      _csrf: 'forged',
      email: 'csrf@news.example',
      role: 'admin',
    });
    expect(invite.status).toBe(403);
    expect(await findUserById(db(), ids.writer ?? '')).toMatchObject({ status: 'active' });
    expect(await findUserByEmail(db(), 'csrf@news.example')).toBeUndefined();
  });

  it('lists the audit log newest first with who, action, subject and details; filters by action and by email', async () => {
    const published = at(70);
    const id = await createDraft(
      db(),
      'en',
      {
        headline: 'Audited story',
        standfirst: '',
        bodyHtml: '<p>x</p>',
        copyright: '',
        sectionId: null,
        leadMediaId: null,
        topicIds: [],
        byline: [],
      },
      { userId: ids.editor ?? null, now: published },
    );
    await publishNow(db(), id, { userId: ids.editor ?? null, now: published });
    await db()
      .insertInto('integrations')
      .values({
        id: 'integration0000000001',
        name: 'Sports robot',
        token_hash: 'f'.repeat(64),
        role: 'writer',
        created_by: null,
        created_at: T0.toISOString(),
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await recordAudit(
      db(),
      { userId: 'integration0000000001', action: 'article.unpublish', subjectType: 'article', subjectId: id },
      at(71),
    );

    const admin = await signedIn('admin@news.example', at(72));
    const res = await admin.get('/admin/audit');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(
      '<time datetime="2026-03-02T10:10:00.000Z" dir="ltr">2026-03-02T10:10:00.000Z</time>',
    );
    expect(html).toContain('<code dir="ltr">article.publish</code>');
    expect(html).toContain(`<a href="/admin/articles/${id}" dir="auto">Audited story</a>`);
    expect(html).toContain(`<a href="/admin/users/${ids.editor}" dir="ltr">editor@news.example</a>`);
    expect(html).toContain('التكامل Sports robot');
    expect(html).toContain(ar.adminAuditCommandLine);
    expect(html).toContain('{&quot;sessionsEnded&quot;:1}');
    expect(html.indexOf('article.unpublish</code>')).toBeLessThan(html.indexOf('article.publish</code>'));
    expect(html).toContain('<option value="article.publish">article.publish</option>');

    const byAction = await (await admin.get('/admin/audit?action=article.publish')).text();
    expect(byAction).toContain('<option value="article.publish" selected="">');
    expect(byAction.match(/<code dir="ltr">[a-z_.]+<\/code>/g)).toEqual([
      '<code dir="ltr">article.publish</code>',
    ]);

    const byEmail = await (await admin.get('/admin/audit?email=Editor%40news.example')).text();
    expect(byEmail).toContain('article.publish</code>');
    expect(byEmail).not.toContain('article.unpublish</code>');
    expect(byEmail).not.toContain('user.add</code>');
    const unknown = await (await admin.get('/admin/audit?email=nobody%40news.example&before=junk')).text();
    expect(unknown).toContain(ar.adminAuditUnknownEmail);
    expect(unknown).toContain(ar.adminAuditEmpty);
  });

  it('pages through the audit log 50 entries at a time', async () => {
    for (let i = 0; i < 60; i++) {
      await recordAudit(
        db(),
        { userId: null, action: 'wire.feed_change', subjectType: 'wire_feed', subjectId: `feed${i}` },
        at(100 + i),
      );
    }
    const admin = await signedIn('admin@news.example', at(200));
    const first = await (await admin.get('/admin/audit?action=wire.feed_change')).text();
    expect(first.match(/wire_feed feed\d+/g)).toHaveLength(50);
    expect(first).toContain('wire_feed feed59');
    const older = /href="(\/admin\/audit\?action=wire\.feed_change&amp;before=[^"]+)" rel="next"/.exec(
      first,
    )?.[1];
    expect(older).toBeDefined();
    const second = await (await admin.get((older ?? '').replaceAll('&amp;', '&'))).text();
    expect(second.match(/wire_feed feed\d+/g)).toEqual(
      Array.from({ length: 10 }, (_, i) => `wire_feed feed${9 - i}`),
    );
    expect(second).not.toContain('rel="next"');
    expect(second).toContain('href="/admin/audit?action=wire.feed_change"');
  });

  describe('request size', () => {
    it('refuses an oversized form (over 1 MB) with 413 in the user’s language, storing nothing', async () => {
      const admin = await signedIn('admin@news.example', at(300));
      await admin.get('/admin/users/new');
      const res = await admin.post('/admin/users/new', {
        email: 'huge@news.example',
        role: 'admin',
        padding: 'x'.repeat(MAX_FORM_BODY_BYTES),
      });
      expect(res.status).toBe(413);
      const html = await res.text();
      expect(html).toContain(ar.adminBodyTooLargeTitle);
      expect(html).toContain('أكبر من 1 ميغابايت');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await findUserByEmail(db(), 'huge@news.example')).toBeUndefined();
    });

    it('lets multipart forms up to 16 MB through and refuses larger ones', async () => {
      const admin = await signedIn('admin@news.example', at(310));
      await admin.get('/admin/users/new');
      const fine = await postMultipart(admin, '/admin/users/new', {
        email: 'multipart@news.example',
        role: 'admin',
        padding: 'x'.repeat(2 * MAX_FORM_BODY_BYTES),
      });
      expect(fine.status).toBe(303);
      const huge = await postMultipart(admin, '/admin/users/new', {
        email: 'too-big@news.example',
        role: 'admin',
        padding: 'x'.repeat(MAX_MULTIPART_BODY_BYTES),
      });
      expect(huge.status).toBe(413);
      expect(await huge.text()).toContain('أكبر من 16 ميغابايت');
      expect(await findUserByEmail(db(), 'too-big@news.example')).toBeUndefined();
      // A declared length over the limit is refused without reading the body.
      const declared = await admin.app.request('/admin/users/new', {
        method: 'POST',
        body: 'x',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(MAX_FORM_BODY_BYTES + 1),
        },
      });
      expect(declared.status).toBe(413);
    });
  });
});
