import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { seedDemoContent } from '../demo/seed.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { ADMIN_API_BASE } from '../integrations/api.js';
import { createIntegration } from '../integrations/integrations.js';
import { runDueJobs } from '../jobs/runner.js';
import { mediaDir } from '../media/routes.js';
import { LocalMediaStorage } from '../media/storage.js';
import { newsroomJobs } from '../newsroom/scheduler.js';
import { ingestFiles, ingestItem } from '../wire/ingest.js';
import type { WireItem } from '../wire/ninjs.js';
import { findDeskArticle } from './editable.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from './testing.js';
import { createDraft, schedulePublish } from './workflow.js';

const MINUTE = 60_000;
const at = (minutes: number) => new Date(FIXTURE_NOW.getTime() + minutes * MINUTE);

function wireItem(overrides: Partial<WireItem> & Pick<WireItem, 'uri'>): WireItem {
  return {
    version: 1,
    firstCreated: '2022-12-02T08:00:00.000Z',
    versionCreated: '2022-12-02T08:00:00.000Z',
    language: 'ar',
    headline: 'الميناء يستأنف العمل',
    bodyHtml: '<p>عاد العمال إلى الميناء صباحًا.</p>',
    byline: '',
    copyright: '',
    pubStatus: 'usable',
    subjects: [],
    description: 'ملخص الوكالة',
    ...overrides,
  };
}

describeEachDatabase('the one door for article writes', (db) => {
  let fixture: Fixture;
  let dataDir: string;
  const ids: Record<string, string> = {};
  const appAt = (when: Date) => testApp(db(), { now: when, dataDir, cache: false }).app;

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    ids.editor = await seedUser(
      db(),
      { email: 'door-editor@news.example', role: 'editor', editions: ['ar'] },
      FIXTURE_NOW,
    );
    // The desk in English, so the test reads its messages.
    await db().updateTable('users').set({ language: 'en' }).where('id', '=', ids.editor).execute();
  });

  async function signedIn(email: string, when = FIXTURE_NOW) {
    const browser = new TestBrowser(appAt(when));
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    await browser.get('/admin');
    return browser;
  }

  const article = async (id: string) => {
    const found = await findDeskArticle(db(), id);
    if (!found) throw new Error(`no article ${id}`);
    return found;
  };

  /** The editor's form for the article as stored, with `changes` typed over it. */
  async function screen(id: string, changes: Record<string, string> = {}) {
    const { row } = await article(id);
    return {
      version: String(row.version),
      headline: row.headline,
      standfirst: row.standfirst,
      body: row.body_html,
      sectionId: row.section_id ?? '',
      topics: '',
      people: '',
      agencyId: '',
      copyright: row.copyright,
      slug: row.slug,
      leadMediaId: row.lead_media_id ?? '',
      ...changes,
    };
  }

  const revisions = (id: string) =>
    db()
      .selectFrom('article_revisions')
      .select(['version', 'kind', 'source', 'author_id'])
      .where('article_id', '=', id)
      .orderBy('version')
      .execute();
  const audits = (id: string) =>
    db()
      .selectFrom('audit_log')
      .select(['action', 'user_id', 'details'])
      .where('subject_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();

  const newDraft = (headline: string, userId: string | null = null) =>
    createDraft(
      db(),
      'ar',
      {
        headline,
        standfirst: 'ملخص',
        bodyHtml: '<p>نص أول</p>',
        copyright: '© صحيفة',
        sectionId: fixture.sections.arWorld,
        leadMediaId: null,
        topicIds: [],
        byline: [],
      },
      { userId, now: FIXTURE_NOW },
    );

  it('publishes what is on the screen: unsaved edits are saved with the version check and go live in one request', async () => {
    const editor = await signedIn('door-editor@news.example');
    const id = await newDraft('عنوان محفوظ آليًا');
    const res = await editor.post(`/admin/articles/${id}`, {
      ...(await screen(id, { headline: 'عنوان كتبه المحرر للتو', body: '<p>فقرة لم تحفظ بعد</p>' })),
      intent: 'publish',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/articles/${id}?done=published`);
    const { row } = await article(id);
    expect(row).toMatchObject({ status: 'published', headline: 'عنوان كتبه المحرر للتو', version: 3 });
    const live = await appAt(at(1)).request(`/ar/2022/12/02/${encodeURIComponent(row.slug)}`);
    expect(live.status).toBe(200);
    const html = await live.text();
    expect(html).toContain('عنوان كتبه المحرر للتو');
    expect(html).toContain('فقرة لم تحفظ بعد');
    expect(await revisions(id)).toEqual([
      { version: 1, kind: 'create', source: 'desk', author_id: null },
      { version: 2, kind: 'draft', source: 'desk', author_id: ids.editor },
      { version: 3, kind: 'publish', source: 'desk', author_id: ids.editor },
    ]);
    // Same clock, same instant: compare the entries, not their order.
    expect((await audits(id)).map((a) => a.action).sort()).toEqual([
      'article.create',
      'article.publish',
      'article.save',
    ]);
  });

  it('publishes once on a double click: the second press (stale version, same fields) is answered as done', async () => {
    const editor = await signedIn('door-editor@news.example');
    const id = await newDraft('خبر بنقرتين');
    const form = { ...(await screen(id, { standfirst: 'ملخص جديد' })), intent: 'publish' };
    const first = await editor.post(`/admin/articles/${id}`, form);
    const second = await editor.post(`/admin/articles/${id}`, form);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.get('location')).toBe(`/admin/articles/${id}?done=published`);
    const kinds = (await revisions(id)).map((r) => r.kind);
    expect(kinds).toEqual(['create', 'draft', 'publish']);
    expect((await audits(id)).filter((a) => a.action === 'article.publish')).toHaveLength(1);
    // The same stale press with different fields is a conflict, not a repeat.
    const changed = await editor.post(`/admin/articles/${id}`, { ...form, standfirst: 'غير ذلك' });
    expect(changed.status).toBe(409);
    expect((await article(id)).row.standfirst).toBe('ملخص جديد');
  });

  it('changes nothing and shows everything typed back on a stale, missing or wrong version, or an invalid field', async () => {
    const editor = await signedIn('door-editor@news.example');
    const id = await newDraft('خبر للمدخلات السيئة');
    const before = await article(id);
    const typed = { headline: 'عنوان كتبته', body: '<p>نص كتبته ولا يضيع</p>', intent: 'publish' };
    const cases: [string, Record<string, string | undefined>, number][] = [
      ['missing version', { ...(await screen(id, typed)), version: undefined }, 422],
      ['wrong version', { ...(await screen(id, typed)), version: 'abc' }, 422],
      ['stale version', { ...(await screen(id, typed)), version: '7' }, 409],
      ['invalid field', { ...(await screen(id, typed)), sectionId: fixture.sections.enWorld }, 422],
      ['no headline', { ...(await screen(id, typed)), headline: '' }, 422],
      [
        'schedule in the past',
        { ...(await screen(id, typed)), intent: 'schedule', at: '2020-01-01T10:00' },
        422,
      ],
      ['unknown intent', { ...(await screen(id, typed)), intent: 'delete-all' }, 422],
    ];
    for (const [name, form, status] of cases) {
      const res = await editor.post(`/admin/articles/${id}`, form);
      expect(res.status, name).toBe(status);
      const html = await res.text();
      expect(html, name).toContain('&lt;p&gt;نص كتبته ولا يضيع&lt;/p&gt;');
      if (name !== 'no headline') expect(html, name).toContain('value="عنوان كتبته"');
    }
    const after = await article(id);
    expect(after.row).toEqual(before.row);
    expect((await revisions(id)).map((r) => r.kind)).toEqual(['create']);
  });

  it('a wire update bumps the version: a desk save begun before it is a conflict showing both, and the editor says the agency sent an update', async () => {
    const options = { publish: true, publicUrl: 'https://news.example' };
    const filed = await ingestItem(db(), wireItem({ uri: 'urn:door:port' }), options, FIXTURE_NOW);
    const id = filed.articleId;
    const editor = await signedIn('door-editor@news.example');
    // The editor opens the article and fixes a word (a desk revision), then opens it again.
    const fixed = await editor.post(`/admin/articles/${id}`, await screen(id, { standfirst: 'ملخص المحرر' }));
    expect(fixed.status).toBe(303);
    const opened = await screen(id, { standfirst: 'ملخص المحرر ثانية' });

    const update = wireItem({
      uri: 'urn:door:port',
      version: 2,
      versionCreated: '2022-12-02T11:00:00.000Z',
      headline: 'الميناء يستأنف العمل بعد الإضراب',
    });
    expect((await ingestItem(db(), update, options, at(5))).action).toBe('updated');
    const afterWire = await article(id);
    expect((await revisions(id)).at(-1)).toEqual({
      version: afterWire.row.version,
      kind: 'update',
      source: 'wire',
      author_id: null,
    });
    expect((await audits(id)).map((a) => a.action)).toContain('article.wire_update');

    const page = await (await editor.get(`/admin/articles/${id}`)).text();
    expect(page).toContain('The agency sent an update');
    expect(page).toContain('<ins>بعد الإضراب</ins>');

    const stale = await editor.post(`/admin/articles/${id}`, { ...opened, intent: 'publish' });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('Edit conflict');
    expect(html).toContain('<dd>الميناء يستأنف العمل بعد الإضراب</dd>');
    expect(html).toContain('ملخص المحرر ثانية</textarea>');
    // Theirs against yours, field by field, word by word.
    expect(html).toContain('What you changed, field by field');
    expect(html).toContain('<del>الوكالة</del><ins>المحرر ثانية</ins>');
    expect(html).toContain(`value="${afterWire.row.version}"`);
    expect((await article(id)).row).toEqual(afterWire.row);

    // The same form sent again carries the current version: it is the merge.
    const merged = await editor.post(`/admin/articles/${id}`, {
      ...opened,
      headline: 'الميناء يستأنف العمل بعد الإضراب',
      version: String(afterWire.row.version),
    });
    expect(merged.status).toBe(303);
    expect((await article(id)).row).toMatchObject({
      headline: 'الميناء يستأنف العمل بعد الإضراب',
      standfirst: 'ملخص المحرر ثانية',
    });
  });

  it('every door leaves a revision with its source and an audit entry: desk, admin API, wire poller, CLI ingest, scheduler, demo', async () => {
    // Desk
    const editor = await signedIn('door-editor@news.example');
    const deskId = await newDraft('خبر من المحرر', ids.editor);
    await editor.post(`/admin/articles/${deskId}`, await screen(deskId, { standfirst: 'حفظ' }));
    expect((await revisions(deskId)).at(-1)).toMatchObject({ kind: 'draft', source: 'desk' });
    expect(await audits(deskId)).toContainEqual(
      expect.objectContaining({ action: 'article.save', user_id: ids.editor }),
    );

    // Admin API: a save, and a stale one answered 409 with both versions
    const created = await createIntegration(
      db(),
      { name: 'door', role: 'editor', editions: ['ar'] },
      null,
      at(0),
    );
    if (!created.ok) throw new Error(created.error);
    const api = (method: string, url: string, json?: unknown) =>
      appAt(at(1)).request(`${ADMIN_API_BASE}${url}`, {
        method,
        headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
        ...(json !== undefined && { body: JSON.stringify(json) }),
      });
    const made = await (await api('POST', '/articles', { edition: 'ar', headline: 'خبر من الواجهة' })).json();
    const apiId: string = made.article.id;
    const patched = await api('PATCH', `/articles/${apiId}`, { version: 1, kind: 'draft', standfirst: 'أ' });
    expect(patched.status).toBe(200);
    const stale = await api('PATCH', `/articles/${apiId}`, { version: 1, kind: 'draft', standfirst: 'ب' });
    expect(stale.status).toBe(409);
    const conflict = (await stale.json()).error;
    expect(conflict.code).toBe('conflict');
    expect(conflict.current).toMatchObject({ version: 2, article: { standfirst: 'أ' } });
    expect(conflict.yours).toEqual({ version: 1, kind: 'draft', standfirst: 'ب' });
    expect((await revisions(apiId)).map((r) => [r.kind, r.source])).toEqual([
      ['create', 'api'],
      ['draft', 'api'],
    ]);
    const viaApi = (await audits(apiId)).map((a) => [a.action, JSON.parse(a.details).source, a.user_id]);
    expect(viaApi.sort()).toEqual([
      ['article.create', 'api', created.integration.id],
      ['article.save', 'api', created.integration.id],
    ]);

    // Wire poller (a feed's entry filed as an article)
    const options = { publish: false, publicUrl: 'https://news.example' };
    const wire = await ingestItem(db(), wireItem({ uri: 'urn:door:feed' }), options, at(2));
    expect(await revisions(wire.articleId)).toEqual([
      { version: 1, kind: 'create', source: 'wire', author_id: null },
    ]);
    expect((await audits(wire.articleId)).map((a) => [a.action, a.user_id])).toEqual([
      ['article.create', null],
    ]);

    // CLI ingest
    const file = path.join(dataDir, 'door-item.json');
    await writeFile(
      file,
      JSON.stringify({ uri: 'urn:door:cli', headline: 'خبر من سطر الأوامر', language: 'ar' }),
    );
    const [outcome] = await ingestFiles(db(), [file], { ...options, source: 'cli' }, at(3));
    if (!outcome?.ok) throw new Error(`CLI ingest failed: ${JSON.stringify(outcome)}`);
    expect((await revisions(outcome.item.articleId)).map((r) => [r.kind, r.source])).toEqual([
      ['create', 'cli'],
    ]);
    expect(JSON.parse((await audits(outcome.item.articleId))[0]?.details ?? '{}').source).toBe('cli');

    // Scheduler: no actor, source scheduler, audit entry included
    const scheduledId = await newDraft('خبر مجدول');
    await schedulePublish(db(), scheduledId, at(60), { userId: ids.editor ?? null, now: at(4) });
    expect(await runDueJobs(db(), at(61), newsroomJobs)).toBe(1);
    expect((await revisions(scheduledId)).at(-1)).toEqual({
      version: 3,
      kind: 'publish',
      source: 'scheduler',
      author_id: null,
    });
    const published = (await audits(scheduledId)).find(
      (a) => a.user_id === null && a.action === 'article.publish',
    );
    expect(published).toMatchObject({ action: 'article.publish', user_id: null });
    expect(JSON.parse(published?.details ?? '{}')).toMatchObject({
      source: 'scheduler',
      scheduledFor: at(60).toISOString(),
    });
  });
});

describeEachDatabase('the demo seed', (db) => {
  it('writes its articles through the door: revision 1 with source demo, and an audit entry each', async () => {
    const seeded = await seedDemoContent(db(), new LocalMediaStorage(mediaDir(tempDataDir())), FIXTURE_NOW, {
      images: false,
    });
    const articles = await db().selectFrom('articles').select(['id', 'version']).execute();
    expect(articles.length).toBe(seeded?.articles);
    const revisions = await db()
      .selectFrom('article_revisions')
      .select(['article_id', 'kind', 'source'])
      .execute();
    expect(revisions).toHaveLength(articles.length);
    expect(revisions.every((r) => r.kind === 'create' && r.source === 'demo')).toBe(true);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'article.create')
      .execute();
    expect(audit).toHaveLength(articles.length);
  });
});
