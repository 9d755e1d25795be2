import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedEditions, seedUser, TestBrowser } from '../accounts/testing.js';
import { articlePath } from '../articles/paths.js';
import { type ArticleSnapshot, findRevision, listRevisions } from '../articles/revisions.js';
import { createDraft, publishNow, saveArticle } from '../articles/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { textOfHtml } from './history.js';
import { findDeskArticle } from './queries.js';
import { translationSources } from './translations.js';

const T0 = new Date('2026-03-02T09:00:00Z');

function draft(
  headline: string,
  bodyHtml = '<p>نص <strong>الخبر</strong> الأول</p>',
): Omit<ArticleSnapshot, 'slug'> {
  return {
    headline,
    standfirst: 'ملخص الخبر',
    bodyHtml,
    copyright: '© صحيفة',
    sectionId: null,
    leadMediaId: null,
    topicIds: [],
    byline: [],
  };
}

describeEachDatabase('newsroom history, corrections and translations', (db) => {
  const dataDir = tempDataDir();
  const app = () => testApp(db(), { now: T0, dataDir, cache: false }).app;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await seedEditions(db(), T0);
    ids.admin = await seedUser(db(), { email: 'admin@news.example' }, T0);
    ids.arEditor = await seedUser(
      db(),
      { email: 'ar-editor@news.example', role: 'editor', editions: ['ar'] },
      T0,
    );
    ids.bilingual = await seedUser(
      db(),
      { email: 'desk@news.example', role: 'editor', editions: ['ar', 'en'] },
      T0,
    );
    ids.writer = await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, T0);
    // The pages are checked in English (users otherwise get their first edition's language).
    await db().updateTable('users').set({ language: 'en' }).execute();
  });

  async function signedIn(email: string) {
    const browser = new TestBrowser(app());
    await browser.get('/admin/sign-in');
    const res = await browser.post('/admin/sign-in', { email, password: PASSWORD });
    expect(res.status).toBe(303);
    return browser;
  }

  async function publicUrl(id: string) {
    const found = await findDeskArticle(db(), id);
    if (!found?.row.first_published_at) throw new Error('not published');
    return articlePath(found.row.edition_code, found.row.slug, found.row.first_published_at, 'UTC');
  }

  /** An Arabic article at version 2: the headline and a word of the body changed. */
  async function editedArticle(first: string, second: string) {
    const id = await createDraft(db(), 'ar', draft(first), { userId: ids.arEditor ?? null, now: T0 });
    const current = await findDeskArticle(db(), id);
    if (!current) throw new Error('draft missing');
    await saveArticle(
      db(),
      id,
      {
        expectedVersion: 1,
        kind: 'draft',
        snapshot: {
          ...current.snapshot,
          headline: second,
          bodyHtml: '<p>نص <strong>الخبر</strong> الثاني</p>',
        },
      },
      { userId: ids.admin ?? null, now: T0 },
    );
    return id;
  }

  it('lists every revision with its author and shows what changed between two, body as text', async () => {
    const id = await editedArticle('وزير يزور بيروت', 'وزير يزور دمشق');
    const browser = await signedIn('ar-editor@news.example');
    const list = await (await browser.get(`/admin/articles/${id}/revisions`)).text();
    expect(list).toContain('Revision history');
    expect(list).toContain('ar-editor@news.example');
    expect(list).toContain('admin@news.example');
    expect(list).toContain('Created');
    expect(list).toContain('Draft save');
    expect(list).toContain(`action="/admin/articles/${id}/revisions/diff"`);

    const res = await browser.get(`/admin/articles/${id}/revisions/diff?from=1&to=2`);
    expect(res.status).toBe(200);
    const diff = await res.text();
    expect(diff).toContain('Changes from version 1 to version 2');
    expect(diff).toContain('<del>بيروت</del>');
    expect(diff).toContain('<ins>دمشق</ins>');
    expect(diff).toMatch(/<del>(ال)?أول<\/del>/);
    expect(diff).toMatch(/<ins>(ال)?ثاني<\/ins>/);
    // The body is compared as words: no stored markup reaches the diff page.
    expect(diff).not.toContain('<strong>');
    expect(diff).not.toContain('&lt;strong');

    expect((await browser.get('/admin/articles/no-such-article/revisions')).status).toBe(404);
    const bad = await browser.get(`/admin/articles/${id}/revisions/diff?from=1&to=99`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Choose two existing versions to compare.');
  });

  it('restores an old revision as a new version, keeps the newer one in history, and refuses a stale restore', async () => {
    const id = await editedArticle('عنوان قديم', 'عنوان جديد');
    const browser = await signedIn('ar-editor@news.example');
    await browser.get(`/admin/articles/${id}/revisions`);
    const res = await browser.post(`/admin/articles/${id}/revisions/1/restore`, { version: '2' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/articles/${id}/revisions?restored=1&as=3`);
    const restored = await findDeskArticle(db(), id);
    expect(restored?.row.headline).toBe('عنوان قديم');
    expect(restored?.row.version).toBe(3);
    const history = await listRevisions(db(), id);
    expect(history.map((r) => [r.version, r.kind])).toEqual([
      [3, 'restore'],
      [2, 'draft'],
      [1, 'create'],
    ]);
    expect((await findRevision(db(), id, 2))?.snapshot.headline).toBe('عنوان جديد');
    const notice = await (await browser.get(res.headers.get('location') ?? '')).text();
    expect(notice).toContain('Version 1 was restored as version 3.');

    // A second tab still showing version 2 tries to restore version 2.
    const stale = await browser.post(`/admin/articles/${id}/revisions/2/restore`, { version: '2' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('it is now at version 3');
    expect((await findDeskArticle(db(), id))?.row).toMatchObject({ version: 3, headline: 'عنوان قديم' });

    const missing = await browser.post(`/admin/articles/${id}/revisions/9/restore`, { version: '3' });
    expect(missing.status).toBe(404);
  });

  it('refuses a restore without the CSRF token, and a writer restoring an article not theirs', async () => {
    const id = await editedArticle('خبر محمي', 'خبر محمي معدل');
    const editor = await signedIn('ar-editor@news.example');
    const forged = await editor.post(`/admin/articles/${id}/revisions/1/restore`, {
      version: '2',
      _csrf: '',
    });
    expect(forged.status).toBe(403);
    const writer = await signedIn('writer@news.example');
    expect((await writer.get(`/admin/articles/${id}/revisions`)).status).toBe(403);
    const refused = await writer.post(`/admin/articles/${id}/revisions/1/restore`, { version: '2' });
    expect(refused.status).toBe(403);
    expect((await findDeskArticle(db(), id))?.row.version).toBe(2);
  });

  it('appends an editor’s correction to the published page and its JSON-LD; writers are refused', async () => {
    const id = await createDraft(db(), 'ar', draft('خبر سيصحح'), { userId: ids.writer ?? null, now: T0 });
    const editor = await signedIn('ar-editor@news.example');
    const early = await editor.get(`/admin/articles/${id}/corrections`);
    expect(await early.text()).toContain('Corrections are for published articles');
    await publishNow(db(), id, { userId: ids.arEditor ?? null, now: T0 });

    const writer = await signedIn('writer@news.example');
    expect((await writer.get(`/admin/articles/${id}/corrections`)).status).toBe(403);
    const refused = await writer.post(`/admin/articles/${id}/corrections`, { text: 'Writer note' });
    expect(refused.status).toBe(403);

    const empty = await editor.post(`/admin/articles/${id}/corrections`, { text: '   ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Write the correction.');
    const long = await editor.post(`/admin/articles/${id}/corrections`, { text: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    const forged = await editor.post(`/admin/articles/${id}/corrections`, { text: 'Forged', _csrf: 'nope' });
    expect(forged.status).toBe(403);
    const noneYet = await db()
      .selectFrom('article_corrections')
      .selectAll()
      .where('article_id', '=', id)
      .execute();
    expect(noneYet).toEqual([]);

    const text = 'An earlier version gave the wrong date of the visit.';
    const added = await editor.post(`/admin/articles/${id}/corrections`, { text });
    expect(added.status).toBe(303);
    expect(await (await editor.get(`/admin/articles/${id}/corrections?added=1`)).text()).toContain(text);

    const page = await (await app().request(await publicUrl(id))).text();
    expect(page).toContain(text);
    const jsonLd = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)?.[1] ?? '';
    expect(jsonLd).toContain('"@type":"CorrectionComment"');
    expect(jsonLd).toContain(text);
  });

  it('starts a linked translation draft; once both are published each page has hreflang to the other', async () => {
    const sourceId = await createDraft(db(), 'ar', draft('قمة في القاهرة'), {
      userId: ids.writer ?? null,
      now: T0,
    });
    await publishNow(db(), sourceId, { userId: ids.admin ?? null, now: T0 });
    const before = await findDeskArticle(db(), sourceId);
    expect(before?.row.translation_group).toBeNull();

    const browser = await signedIn('desk@news.example');
    const form = await (await browser.get(`/admin/articles/${sourceId}/translate`)).text();
    expect(form).toContain('<option value="en">\u2068Sahifa (English)\u2069</option>');
    expect(form).not.toContain('<option value="ar">');
    const res = await browser.post(`/admin/articles/${sourceId}/translate`, { edition: 'en' });
    expect(res.status).toBe(303);
    const draftId = (res.headers.get('location') ?? '').replace('/admin/articles/', '');

    const source = await findDeskArticle(db(), sourceId);
    const translation = await findDeskArticle(db(), draftId);
    const group = source?.row.translation_group;
    expect(group).toBeTruthy();
    expect(source?.row.version).toBe(before?.row.version);
    expect(await listRevisions(db(), sourceId)).toHaveLength(2); // create, publish: the translation adds none
    expect(translation?.row).toMatchObject({
      edition_code: 'en',
      status: 'draft',
      translation_group: group,
      headline: 'قمة في القاهرة',
      standfirst: 'ملخص الخبر',
      copyright: '© صحيفة',
      section_id: null,
      created_by: ids.bilingual,
    });
    const changes = await db().selectFrom('content_changes').select('tags').execute();
    expect(changes.map((c) => c.tags)).toContain(`story:${group} article:${sourceId}`);

    // The story has a version in every edition the user works in: nothing more to offer, a second POST refused.
    expect(await (await browser.get(`/admin/articles/${sourceId}/translate`)).text()).toContain(
      'Every edition you work in already has a version of this story.',
    );
    expect((await browser.post(`/admin/articles/${sourceId}/translate`, { edition: 'en' })).status).toBe(400);

    const sources = await translationSources(db(), draftId);
    expect(sources).toEqual([
      {
        articleId: sourceId,
        editionCode: 'ar',
        editionName: 'صحيفة',
        language: 'ar',
        direction: 'rtl',
        headline: 'قمة في القاهرة',
        standfirst: 'ملخص الخبر',
        bodyHtml: '<p>نص <strong>الخبر</strong> الأول</p>',
        status: 'published',
      },
    ]);

    const current = translation?.snapshot;
    if (!current) throw new Error('translation missing');
    await saveArticle(
      db(),
      draftId,
      { expectedVersion: 1, kind: 'draft', snapshot: { ...current, slug: '', headline: 'Summit in Cairo' } },
      { userId: ids.bilingual ?? null, now: T0 },
    );
    await publishNow(db(), draftId, { userId: ids.bilingual ?? null, now: T0 });
    const arUrl = await publicUrl(sourceId);
    const enUrl = await publicUrl(draftId);
    const arPage = await (await app().request(arUrl)).text();
    const enPage = await (await app().request(enUrl)).text();
    for (const page of [arPage, enPage]) {
      expect(page).toContain(`<link rel="alternate" hreflang="ar" href="https://news.example${arUrl}"/>`);
      expect(page).toContain(`<link rel="alternate" hreflang="en" href="https://news.example${enUrl}"/>`);
    }
  });

  it('refuses a translation into an edition the user does not work in, and creates nothing', async () => {
    const sourceId = await createDraft(db(), 'ar', draft('خبر محلي'), {
      userId: ids.arEditor ?? null,
      now: T0,
    });
    const browser = await signedIn('ar-editor@news.example');
    const form = await (await browser.get(`/admin/articles/${sourceId}/translate`)).text();
    expect(form).not.toContain('<option value="en">');
    const res = await browser.post(`/admin/articles/${sourceId}/translate`, { edition: 'en' });
    expect(res.status).toBe(403);
    const unknown = await browser.post(`/admin/articles/${sourceId}/translate`, { edition: 'xx' });
    expect(unknown.status).toBe(400);
    expect((await findDeskArticle(db(), sourceId))?.row.translation_group).toBeNull();
    expect(await translationSources(db(), sourceId)).toEqual([]);
    const inEnglish = await db()
      .selectFrom('articles')
      .select('id')
      .where('headline', '=', 'خبر محلي')
      .execute();
    expect(inEnglish).toHaveLength(1);
  });

  it('reads the words of stored HTML for the diff', () => {
    expect(textOfHtml('<p>A &amp; B</p><p>C&#x27;s <em>d</em>&nbsp;e</p>')).toBe("A & B\nC's d\u00a0e");
  });
});
