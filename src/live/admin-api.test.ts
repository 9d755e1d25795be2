import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { ADMIN_API_BASE } from '../integrations/api.js';
import { createIntegration } from '../integrations/integrations.js';
import { findEntry, listEntries } from './queries.js';

const now = FIXTURE_NOW;
const AR_URL = `/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;

describeEachDatabase('admin API: live coverage (/api/admin/v1/articles/{id}/entries)', (db) => {
  const dataDir = tempDataDir();
  let fixture: Fixture;
  let site: ReturnType<typeof testApp>;
  const tokens = { editor: '', writer: '', enEditor: '' };
  let live: string;

  async function call(
    method: string,
    path: string,
    options: { token?: string; json?: unknown; body?: string } = {},
  ) {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body = options.body;
    if (options.json !== undefined) body = JSON.stringify(options.json);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await site.app.request(`${ADMIN_API_BASE}${path}`, { method, headers, body });
    const text = await res.text();
    return { res, status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    fixture = await seedFixture(db(), dataDir);
    live = fixture.lead.arId;
    site = testApp(db(), { now, dataDir });
    await site.cache.skipToLatestChange(db());
    const made = [
      ['editor', { name: 'live-desk', role: 'editor', editions: ['ar'] }],
      ['writer', { name: 'reporter-app', role: 'writer', editions: ['ar'] }],
      ['enEditor', { name: 'en-desk', role: 'editor', editions: ['en'] }],
    ] as const;
    for (const [key, input] of made) {
      const created = await createIntegration(db(), { ...input, editions: [...input.editions] }, null, now);
      if (!created.ok) throw new Error(created.error);
      tokens[key] = created.token;
    }
  });

  it('starts a coverage for editors of its edition only', async () => {
    expect((await call('POST', `/articles/${live}/live`)).status).toBe(401);
    expect((await call('POST', `/articles/${live}/live`, { token: tokens.writer })).status).toBe(403);
    expect((await call('POST', `/articles/${live}/live`, { token: tokens.enEditor })).status).toBe(403);
    const notYet = await call('POST', `/articles/${live}/entries`, {
      token: tokens.editor,
      json: { bodyHtml: '<p>قبل البدء</p>' },
    });
    expect(notYet.status).toBe(422);
    expect(notYet.json.error.code).toBe('invalid_state');
    const started = await call('POST', `/articles/${live}/live`, { token: tokens.editor });
    expect(started.status).toBe(200);
    expect(started.res.headers.get('cache-control')).toBe('no-store');
    expect(started.json.coverage).toMatchObject({
      articleId: live,
      edition: 'ar',
      state: 'open',
      url: `https://news.example${AR_URL}`,
    });
    const audit = await db()
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'live.start')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({
      source: 'api',
      via: expect.stringMatching(/^integration:/),
    });
  });

  it('adds entries (writers too), 201 with their address; the site shows them at once', async () => {
    const added = await call('POST', `/articles/${live}/entries`, {
      token: tokens.writer,
      json: {
        title: 'بدء الجلسة',
        bodyHtml: '<p>بدأت الجلسة الأولى.</p>',
        author: 'سامر خوري',
        keyEvent: true,
      },
    });
    expect(added.status).toBe(201);
    const entry = added.json.entry;
    expect(added.res.headers.get('location')).toBe(`${ADMIN_API_BASE}/articles/${live}/entries/${entry.id}`);
    expect(entry).toMatchObject({
      articleId: live,
      seq: 1,
      version: 1,
      title: 'بدء الجلسة',
      bodyHtml: '<p>بدأت الجلسة الأولى.</p>',
      author: 'سامر خوري',
      keyEvent: true,
      pinned: false,
      url: `https://news.example${AR_URL}/entries/${entry.id}`,
    });
    // On this instance at once: the updates the page polls carry it.
    const updates = await site.app.request(`${AR_URL}/updates`);
    expect((await updates.json()).entries.map((e: { id: string }) => e.id)).toEqual([entry.id]);
    // Pinning is the editors'; another edition adds nothing here.
    const pin = await call('POST', `/articles/${live}/entries`, {
      token: tokens.writer,
      json: { bodyHtml: '<p>مثبت</p>', pinned: true },
    });
    expect(pin.status).toBe(403);
    const foreign = await call('POST', `/articles/${live}/entries`, {
      token: tokens.enEditor,
      json: { bodyHtml: '<p>من إصدار آخر</p>' },
    });
    expect(foreign.status).toBe(403);
    expect((await listEntries(db(), live, { limit: 10 })).entries).toHaveLength(1);
    const pinned = await call('POST', `/articles/${live}/entries`, {
      token: tokens.editor,
      json: { bodyHtml: '<p>بيان مشترك مثبت</p>', pinned: true },
    });
    expect(pinned.json.entry).toMatchObject({ seq: 2, pinned: true });
  });

  it('refuses bad bodies with field errors and changes nothing', async () => {
    const post = (json: unknown) => call('POST', `/articles/${live}/entries`, { token: tokens.editor, json });
    const hostile = await post({ bodyHtml: '<p>نص</p><script>steal()</script>' });
    expect(hostile.status).toBe(400);
    expect(hostile.json.error).toMatchObject({
      code: 'invalid_fields',
      fields: [{ path: 'bodyHtml', message: 'markup that is not allowed: <script>' }],
    });
    const long = await post({ bodyHtml: `<p>${'x'.repeat(100_001)}</p>`, title: 't'.repeat(301) });
    expect(long.json.error.fields).toEqual([
      { path: 'title', message: 'at most 300 characters' },
      { path: 'bodyHtml', message: 'at most 100000 characters' },
    ]);
    expect((await post({ bodyHtml: '<p>x</p>', color: 'red' })).json.error.code).toBe('unknown_fields');
    expect((await post({ bodyHtml: 42 })).json.error.code).toBe('invalid_fields');
    expect((await post({ bodyHtml: '<p>\u0000</p>' })).status).toBe(400);
    const badJson = await call('POST', `/articles/${live}/entries`, {
      token: tokens.editor,
      body: '{"bodyHtml":',
    });
    expect(badJson.json.error.code).toBe('bad_json');
    const huge = await call('POST', `/articles/${live}/entries`, {
      token: tokens.editor,
      json: { bodyHtml: 'x'.repeat(3 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect((await listEntries(db(), live, { limit: 10 })).entries).toHaveLength(2);
  });

  it('lists entries newest first with a cursor, and reads one', async () => {
    const list = await call('GET', `/articles/${live}/entries`, { token: tokens.writer });
    expect(list.status).toBe(200);
    expect(list.json.coverage.state).toBe('open');
    expect(list.json.entries.map((e: { seq: number }) => e.seq)).toEqual([2, 1]);
    expect(list.json.nextCursor).toBeNull();
    const one = await call('GET', `/articles/${live}/entries/${list.json.entries[1].id}`, {
      token: tokens.writer,
    });
    expect(one.json.entry.title).toBe('بدء الجلسة');
    expect((await call('GET', `/articles/${live}/entries?cursor=zzz`, { token: tokens.writer })).status).toBe(
      400,
    );
    expect((await call('GET', `/articles/${live}/entries`, { token: tokens.enEditor })).status).toBe(403);
    expect(
      (await call('GET', `/articles/${live}/entries/${'0'.repeat(20)}`, { token: tokens.writer })).status,
    ).toBe(404);
  });

  it('changes an entry on its current version; a stale one is a 409 with the entry as it is', async () => {
    const [pinned, first] = (await listEntries(db(), live, { limit: 10 })).entries;
    // A writer changes their own entry only.
    const notTheirs = await call('PATCH', `/articles/${live}/entries/${pinned?.id}`, {
      token: tokens.writer,
      json: { version: 1, title: 'لا' },
    });
    expect(notTheirs.status).toBe(403);
    const ok = await call('PATCH', `/articles/${live}/entries/${first?.id}`, {
      token: tokens.writer,
      json: { version: 1, title: 'بدء الجلسة الأولى' },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.entry).toMatchObject({
      version: 2,
      title: 'بدء الجلسة الأولى',
      bodyHtml: '<p>بدأت الجلسة الأولى.</p>',
    });
    const stale = await call('PATCH', `/articles/${live}/entries/${first?.id}`, {
      token: tokens.writer,
      json: { version: 1, title: 'قديم' },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({
      code: 'conflict',
      current: { version: 2, title: 'بدء الجلسة الأولى' },
    });
    expect(await findEntry(db(), first?.id ?? '')).toMatchObject({ version: 2, title: 'بدء الجلسة الأولى' });
  });

  it('turns an entry into a draft, deletes one, and refuses entries once closed', async () => {
    const [pinned, first] = (await listEntries(db(), live, { limit: 10 })).entries;
    expect(
      (await call('POST', `/articles/${live}/entries/${first?.id}/article`, { token: tokens.writer })).status,
    ).toBe(403);
    const draft = await call('POST', `/articles/${live}/entries/${first?.id}/article`, {
      token: tokens.editor,
    });
    expect(draft.status).toBe(201);
    expect(draft.json.article).toMatchObject({
      status: 'draft',
      edition: 'ar',
      headline: 'بدء الجلسة الأولى',
      byline: { people: ['سامر خوري'], agency: null },
    });
    const stale = await call('DELETE', `/articles/${live}/entries/${pinned?.id}?version=9`, {
      token: tokens.editor,
    });
    expect(stale.status).toBe(409);
    const gone = await call('DELETE', `/articles/${live}/entries/${pinned?.id}`, { token: tokens.editor });
    expect(gone.json).toEqual({ deleted: pinned?.id });
    expect(
      (await call('DELETE', `/articles/${live}/entries/${pinned?.id}`, { token: tokens.editor })).status,
    ).toBe(404);
    expect((await call('POST', `/articles/${live}/live/close`, { token: tokens.writer })).status).toBe(403);
    const closed = await call('POST', `/articles/${live}/live/close`, { token: tokens.editor });
    expect(closed.json.coverage).toMatchObject({ state: 'closed', endedAt: now.toISOString() });
    const refused = await call('POST', `/articles/${live}/entries`, {
      token: tokens.writer,
      json: { bodyHtml: '<p>بعد الإغلاق</p>' },
    });
    expect(refused.status).toBe(422);
    expect(refused.json.error.message).toContain('closed');
    const reopened = await call('POST', `/articles/${live}/live/reopen`, { token: tokens.editor });
    expect(reopened.json.coverage.state).toBe('open');
  });
});
