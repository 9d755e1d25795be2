import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { findDeskArticle } from '../newsroom/queries.js';
import { ADMIN_API_BASE } from './api.js';
import { MAX_JSON_BYTES } from './api-input.js';
import { createIntegration } from './integrations.js';
import { findIntegration } from './queries.js';

const MINUTE = 60_000;
const at = (minutes: number) => new Date(FIXTURE_NOW.getTime() + minutes * MINUTE);

describeEachDatabase('admin API (/api/admin/v1)', (db) => {
  let fixture: Fixture;
  let dataDir: string;
  const tokens: Record<'editor' | 'writer' | 'enWriter' | 'revoked', string> = {
    editor: '',
    writer: '',
    enWriter: '',
    revoked: '',
  };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    for (const [key, role, editions] of [
      ['editor', 'editor', ['ar']],
      ['writer', 'writer', ['ar']],
      ['enWriter', 'writer', ['en']],
      ['revoked', 'editor', ['ar', 'en']],
    ] as const) {
      const created = await createIntegration(
        db(),
        { name: key, role, editions: [...editions] },
        null,
        at(0),
      );
      if (!created.ok) throw new Error(created.error);
      tokens[key] = created.token;
      ids[key] = created.integration.id;
    }
    const revoked = await db()
      .updateTable('integrations')
      .set({ revoked_at: at(0).toISOString() })
      .where('id', '=', ids.revoked ?? '')
      .execute();
    expect(revoked).toHaveLength(1);
  });

  /** A call to the API at `minutes` after the fixture's now. */
  async function call(
    method: string,
    path: string,
    options: {
      token?: string;
      json?: unknown;
      body?: BodyInit;
      headers?: Record<string, string>;
      minutes?: number;
    } = {},
  ) {
    const { app } = testApp(db(), { now: at(options.minutes ?? 1), dataDir });
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    const res = await app.request(`${ADMIN_API_BASE}${path}`, { method, headers, body });
    const text = await res.text();
    return { res, status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  const newArticle = {
    edition: 'ar',
    headline: 'قمة المناخ تبدأ في بيروت',
    standfirst: 'ملخص الخبر',
    bodyHtml: '<p>نص <strong>الخبر</strong><script>alert(1)</script></p>',
    copyright: '© صحيفة',
    section: 'world',
    topics: ['دبلوماسية', 'المناخ'],
    byline: { people: ['لينا حداد', 'سامي نجار'] },
  };

  it('refuses calls without a token, with an unknown one, or with a revoked one: 401 JSON, never cached', async () => {
    for (const token of [undefined, 'sahifa_nope', 'not-even-prefixed', tokens.revoked]) {
      const { res, status, json } = await call('GET', '/articles/0000', token ? { token } : {});
      expect(status).toBe(401);
      expect(json.error.code).toBe('unauthorized');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('creates a draft with topics and people made on the fly, as the integration', async () => {
    const { res, status, json } = await call('POST', '/articles', { token: tokens.writer, json: newArticle });
    expect(status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const article = json.article;
    expect(res.headers.get('location')).toBe(`${ADMIN_API_BASE}/articles/${article.id}`);
    expect(article).toMatchObject({
      edition: 'ar',
      status: 'draft',
      version: 1,
      slug: 'قمة-المناخ-تبدأ-في-بيروت',
      headline: newArticle.headline,
      bodyHtml: '<p>نص <strong>الخبر</strong></p>',
      section: 'world',
      topics: ['دبلوماسية', 'المناخ'],
      byline: { people: ['لينا حداد', 'سامي نجار'], agency: null },
      leadImageId: null,
    });
    const stored = await findDeskArticle(db(), article.id);
    expect(stored?.row.created_by).toBe(ids.writer);
    expect(stored?.snapshot.topicIds[0]).toBe(fixture.topics.arDiplomacy);
    expect(stored?.snapshot.byline[0]).toEqual({ contributorId: fixture.personId });
    ids.writerDraft = article.id;

    const read = await call('GET', `/articles/${article.id}`, { token: tokens.writer });
    expect(read.status).toBe(200);
    expect(read.json.article).toEqual(article);
    expect(read.res.headers.get('cache-control')).toBe('no-store');
    expect(read.res.headers.get('x-cache')).toBe('BYPASS');
    expect((await findIntegration(db(), ids.writer ?? ''))?.lastUsedAt).toBe(at(1).toISOString());
  });

  it('records use at most once a minute', async () => {
    await call('GET', `/articles/${ids.writerDraft}`, { token: tokens.writer, minutes: 1.5 });
    expect((await findIntegration(db(), ids.writer ?? ''))?.lastUsedAt).toBe(at(1).toISOString());
    await call('GET', `/articles/${ids.writerDraft}`, { token: tokens.writer, minutes: 3 });
    expect((await findIntegration(db(), ids.writer ?? ''))?.lastUsedAt).toBe(at(3).toISOString());
  });

  it('updates with the version it read; a stale version is a 409 with the current content', async () => {
    const id = ids.writerDraft;
    const saved = await call('PATCH', `/articles/${id}`, {
      token: tokens.writer,
      json: { version: 1, kind: 'draft', headline: 'قمة المناخ تفتتح', byline: { agency: 'reuters' } },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.article).toMatchObject({
      version: 2,
      headline: 'قمة المناخ تفتتح',
      slug: 'قمة-المناخ-تفتتح',
      byline: { people: [], agency: 'reuters' },
      topics: ['دبلوماسية', 'المناخ'],
      standfirst: 'ملخص الخبر',
    });
    const stale = await call('PATCH', `/articles/${id}`, {
      token: tokens.writer,
      json: { version: 1, kind: 'draft', headline: 'نسخة قديمة', topics: ['موضوع لن يُنشأ'] },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({
      code: 'conflict',
      current: { version: 2, article: { headline: 'قمة المناخ تفتتح', version: 2 } },
    });
    const topics = await db()
      .selectFrom('topics')
      .select('name')
      .where('name', '=', 'موضوع لن يُنشأ')
      .execute();
    expect(topics).toHaveLength(0);
  });

  it('lets a writer submit but not publish: 403 and the status stays', async () => {
    const id = ids.writerDraft;
    const publish = await call('POST', `/articles/${id}/publish`, { token: tokens.writer });
    expect(publish.status).toBe(403);
    expect(publish.json.error.code).toBe('forbidden');
    expect((await findDeskArticle(db(), id ?? ''))?.row.status).toBe('draft');

    const submitted = await call('POST', `/articles/${id}/submit`, { token: tokens.writer });
    expect(submitted.status).toBe(200);
    expect(submitted.json.article.status).toBe('in_review');
    // Past the draft stage a writer may no longer edit it.
    const edit = await call('PATCH', `/articles/${id}`, {
      token: tokens.writer,
      json: { version: 3, kind: 'draft', headline: 'تعديل' },
    });
    expect(edit.status).toBe(403);
    // Saved (2) and submitted (3): the refused edit added nothing.
    expect((await findDeskArticle(db(), id ?? ''))?.row.version).toBe(3);
  });

  it('keeps writers to their own drafts and integrations to their editions', async () => {
    const editorDraft = await call('POST', '/articles', {
      token: tokens.editor,
      json: { edition: 'ar', headline: 'خبر المحرر' },
    });
    expect(editorDraft.status).toBe(201);
    ids.editorDraft = editorDraft.json.article.id;
    const notOwn = await call('PATCH', `/articles/${ids.editorDraft}`, {
      token: tokens.writer,
      json: { version: 1, kind: 'draft', headline: 'ليس لي' },
    });
    expect(notOwn.status).toBe(403);

    const otherEdition = await call('POST', '/articles', {
      token: tokens.enWriter,
      json: { ...newArticle, headline: 'Not mine' },
    });
    expect(otherEdition.status).toBe(403);
    expect(otherEdition.json.error.code).toBe('forbidden');
    const read = await call('GET', `/articles/${ids.editorDraft}`, { token: tokens.enWriter });
    expect(read.status).toBe(403);
    const count = await db().selectFrom('articles').select('id').where('headline', '=', 'Not mine').execute();
    expect(count).toHaveLength(0);
  });

  it('lets an editor publish, schedule and unpublish', async () => {
    const id = ids.editorDraft;
    const published = await call('POST', `/articles/${id}/publish`, { token: tokens.editor });
    expect(published.status).toBe(200);
    expect(published.json.article).toMatchObject({
      status: 'published',
      firstPublishedAt: at(1).toISOString(),
    });
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'article.publish')
      .where('subject_id', '=', id ?? '')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.user_id).toBe(ids.editor);
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ via: `integration:${ids.editor}` });

    const unpublished = await call('POST', `/articles/${id}/unpublish`, { token: tokens.editor });
    expect(unpublished.json.article.status).toBe('unpublished');

    const scheduled = await call('POST', `/articles/${ids.writerDraft}/schedule`, {
      token: tokens.editor,
      json: { at: '2022-12-03T09:00:00+02:00' },
    });
    expect(scheduled.status).toBe(200);
    expect(scheduled.json.article).toMatchObject({
      status: 'scheduled',
      scheduledAt: '2022-12-03T07:00:00.000Z',
    });
    const past = await call('POST', `/articles/${ids.writerDraft}/schedule`, {
      token: tokens.editor,
      json: { at: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(422);
    expect(past.json.error.code).toBe('invalid_state');
    const noOffset = await call('POST', `/articles/${ids.writerDraft}/schedule`, {
      token: tokens.editor,
      json: { at: '2022-12-03T09:00:00' },
    });
    expect(noOffset.status).toBe(400);
    expect(noOffset.json.error.fields[0].path).toBe('at');
  });

  it('answers bad requests with JSON errors and changes nothing', async () => {
    const unknown = await call('POST', '/articles', {
      token: tokens.editor,
      json: { ...newArticle, headlin: 'typo', byline: { people: [], agencyy: 'x' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('unknown_fields');
    expect(unknown.json.error.fields.sort()).toEqual(['byline.agencyy', 'headlin']);
    expect(unknown.json.error.message).toContain('headlin');

    const malformed = await call('POST', '/articles', {
      token: tokens.editor,
      body: '{"edition": "ar",',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('bad_json');

    const wrongTypes = await call('POST', '/articles', {
      token: tokens.editor,
      json: { edition: 'ar', headline: 7, topics: 'one' },
    });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.json.error.code).toBe('invalid_fields');
    expect(wrongTypes.json.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'headline',
      'topics',
    ]);

    const unknownSection = await call('POST', '/articles', {
      token: tokens.editor,
      json: { edition: 'ar', headline: 'x', section: 'sport' },
    });
    expect(unknownSection.status).toBe(400);
    expect(unknownSection.json.error.fields[0].path).toBe('section');

    const oversized = await call('POST', '/articles', {
      token: tokens.editor,
      json: { edition: 'ar', headline: 'كبير', bodyHtml: 'x'.repeat(MAX_JSON_BYTES) },
    });
    expect(oversized.status).toBe(413);
    expect(oversized.json.error.code).toBe('too_large');

    const missing = await call('GET', '/articles/0000000000nothing000', { token: tokens.editor });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
    const noEndpoint = await call('DELETE', '/articles', { token: tokens.editor });
    expect(noEndpoint.status).toBe(404);
    const notJson = await call('POST', '/articles', {
      token: tokens.editor,
      body: 'edition=ar',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(notJson.status).toBe(415);

    const created = await db()
      .selectFrom('articles')
      .select('id')
      .where('headline', 'in', ['x', 'كبير'])
      .execute();
    expect(created).toHaveLength(0);
  });

  it('uploads images and refuses files that are not images', async () => {
    const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#224488' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.set('file', new File([new Uint8Array(png)], 'square.png', { type: 'image/png' }));
    form.set('alt', 'ساحة المدينة');
    form.set('credit', 'صحيفة');
    const uploaded = await call('POST', '/images', { token: tokens.writer, body: form });
    expect(uploaded.status).toBe(201);
    expect(uploaded.json).toMatchObject({ width: 600, height: 400 });
    expect(uploaded.json.renditions.map((r: { format: string }) => r.format).sort()).toEqual([
      'avif',
      'jpeg',
      'webp',
    ]);
    expect(uploaded.json.renditions[0].url).toMatch(/^https?:\/\/[^/]+\/media\//);

    const withImage = await call('POST', '/articles', {
      token: tokens.writer,
      json: { edition: 'ar', headline: 'خبر مصوّر', leadImageId: uploaded.json.id },
    });
    expect(withImage.json.article.leadImageId).toBe(uploaded.json.id);

    const text = new FormData();
    text.set('file', new File(['<svg onload=alert(1)>'], 'x.svg', { type: 'image/svg+xml' }));
    text.set('alt', 'x');
    const refused = await call('POST', '/images', { token: tokens.writer, body: text });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('not_an_image');

    const extra = new FormData();
    extra.set('file', new File([new Uint8Array(png)], 'square.png', { type: 'image/png' }));
    extra.set('alt', 'x');
    extra.set('title', 'x');
    const unknownField = await call('POST', '/images', { token: tokens.writer, body: extra });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.error.fields).toEqual(['title']);
  });
});
