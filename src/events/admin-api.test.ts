import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { ADMIN_API_BASE } from '../integrations/api.js';
import { createIntegration } from '../integrations/integrations.js';
import { findDeskEvent } from './queries.js';

const now = FIXTURE_NOW;

const NEW_EVENT = {
  edition: 'ar',
  title: 'منتدى الاقتصاد',
  summary: 'نقاش عن الموازنة',
  descriptionHtml: '<p>الجلسة الأولى<img src=x onerror=alert(1)></p>',
  timeZone: 'Asia/Beirut',
  start: '2026-03-29T10:00',
  end: '2026-03-29T12:00',
  attendance: 'mixed',
  venue: { name: 'فندق المدينة', address: 'بيروت' },
  onlineUrl: 'https://example.com/forum',
  organizer: { name: 'غرفة التجارة', url: 'https://example.com' },
  section: 'world',
  topics: ['اقتصاد'],
};

describeEachDatabase('admin API: events (/api/admin/v1/events)', (db) => {
  const dataDir = tempDataDir();
  let fixture: Fixture;
  const tokens = { editor: '', writer: '', en: '' };

  async function call(method: string, path: string, options: { token?: string; json?: unknown } = {}) {
    const { app } = testApp(db(), { now, dataDir });
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    const res = await app.request(`${ADMIN_API_BASE}${path}`, { method, headers, body });
    const text = await res.text();
    return { res, status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    fixture = await seedFixture(db(), dataDir);
    for (const [key, role, edition] of [
      ['editor', 'editor', 'ar'],
      ['writer', 'writer', 'ar'],
      ['en', 'editor', 'en'],
    ] as const) {
      const created = await createIntegration(
        db(),
        { name: `events-${key}`, role, editions: [edition] },
        null,
        now,
      );
      if (!created.ok) throw new Error(created.error);
      tokens[key] = created.token;
    }
  });

  it('creates a draft through the door, with its fields in the request’s terms', async () => {
    const { status, json, res } = await call('POST', '/events', { token: tokens.editor, json: NEW_EVENT });
    expect(status).toBe(201);
    expect(res.headers.get('location')).toBe(`${ADMIN_API_BASE}/events/${json.event.id}`);
    expect(json.event).toMatchObject({
      edition: 'ar',
      publication: 'draft',
      version: 1,
      title: 'منتدى الاقتصاد',
      descriptionHtml: '<p>الجلسة الأولى<img src="x" /></p>',
      startsAt: '2026-03-29T07:00:00.000Z',
      attendance: 'mixed',
      venue: { name: 'فندق المدينة', address: 'بيروت', mapUrl: '' },
      section: 'world',
      topics: ['اقتصاد'],
      url: null,
    });
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_id', '=', json.event.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['event.create']);
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ source: 'api' });
  });

  it('refuses bad input with the fields and reasons, saving nothing', async () => {
    const before = (await db().selectFrom('events').select('id').execute()).length;
    const cases: [Record<string, unknown>, string][] = [
      [{ end: '2026-03-29T09:00' }, 'end'],
      [{ timeZone: 'Mars/Base' }, 'timeZone'],
      [{ start: '2026-02-30T10:00' }, 'start'],
      [{ attendance: 'in_person', venue: null, onlineUrl: '' }, 'venue.name'],
      [{ section: 'no-such' }, 'section'],
      [{ relatedArticles: [fixture.lead.enId] }, 'relatedArticles'],
      [{ start: '2026-03-29T00:30', end: '2026-03-29T02:00' }, 'start'],
    ];
    for (const [overrides, path] of cases) {
      const { status, json } = await call('POST', '/events', {
        token: tokens.editor,
        json: { ...NEW_EVENT, ...overrides },
      });
      expect(status, path).toBe(400);
      expect(json.error.code).toBe('invalid_fields');
      expect(json.error.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    const unknown = await call('POST', '/events', {
      token: tokens.editor,
      json: { ...NEW_EVENT, colour: 'red' },
    });
    expect(unknown.json.error).toMatchObject({ code: 'unknown_fields', fields: ['colour'] });
    expect((await db().selectFrom('events').select('id').execute()).length).toBe(before);
    // No topic was made by the refused requests.
    expect(await db().selectFrom('topics').select('id').where('name', '=', 'اقتصاد').execute()).toHaveLength(
      1,
    );
  });

  it('changes an event over its version, refusing a stale one with both versions', async () => {
    const created = await call('POST', '/events', {
      token: tokens.editor,
      json: { ...NEW_EVENT, title: 'للتعديل' },
    });
    const id = created.json.event.id;
    const patched = await call('PATCH', `/events/${id}`, {
      token: tokens.editor,
      json: { version: 1, status: 'postponed', relatedArticles: [fixture.arOthers[2]] },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.event).toMatchObject({
      version: 2,
      status: 'postponed',
      relatedArticles: [fixture.arOthers[2]],
      sequence: 1,
    });
    const stale = await call('PATCH', `/events/${id}`, {
      token: tokens.editor,
      json: { version: 1, title: 'قديم' },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({
      code: 'conflict',
      current: { version: 2 },
      yours: { title: 'قديم' },
    });
  });

  it('holds integrations to their role and editions', async () => {
    const mine = await call('POST', '/events', {
      token: tokens.writer,
      json: { ...NEW_EVENT, title: 'مسودة الكاتب' },
    });
    expect(mine.status).toBe(201);
    const id = mine.json.event.id;
    expect((await call('POST', `/events/${id}/publish`, { token: tokens.writer })).status).toBe(403);
    expect(
      (await call('PATCH', `/events/${id}`, { token: tokens.writer, json: { version: 1, summary: 'أعدل' } }))
        .status,
    ).toBe(200);
    const other = await call('POST', '/events', {
      token: tokens.editor,
      json: { ...NEW_EVENT, title: 'للمحرر' },
    });
    expect(
      (
        await call('PATCH', `/events/${other.json.event.id}`, {
          token: tokens.writer,
          json: { version: 1, title: 'لا' },
        })
      ).status,
    ).toBe(403);
    expect((await call('GET', `/events/${id}`, { token: tokens.en })).status).toBe(404);
    expect((await call('POST', '/events', { token: tokens.en, json: NEW_EVENT })).status).toBe(403);
    expect((await call('GET', '/events?edition=ar', { token: tokens.en })).status).toBe(403);
    expect((await call('GET', '/events')).status).toBe(401);
  });

  it('publishes, takes off, lists and deletes', async () => {
    const created = await call('POST', '/events', {
      token: tokens.editor,
      json: { ...NEW_EVENT, title: 'للنشر' },
    });
    const id = created.json.event.id;
    const published = await call('POST', `/events/${id}/publish`, { token: tokens.editor });
    expect(published.json).toMatchObject({ changed: true, event: { publication: 'published' } });
    expect(published.json.event.url).toMatch(/^https:\/\/news\.example\/ar\/events\//);
    expect((await call('POST', `/events/${id}/publish`, { token: tokens.editor })).json.changed).toBe(false);
    const list = await call('GET', '/events?edition=ar', { token: tokens.editor });
    expect(list.json.events.map((e: { id: string }) => e.id)).toContain(id);
    expect(
      (await call('POST', `/events/${id}/unpublish`, { token: tokens.editor })).json.event.publication,
    ).toBe('draft');
    expect((await call('DELETE', `/events/${id}`, { token: tokens.editor })).status).toBe(204);
    expect(await findDeskEvent(db(), id)).toBeUndefined();
    expect((await call('GET', `/events/${id}`, { token: tokens.editor })).status).toBe(404);
  });

  it('starts a translation linked to its source', async () => {
    const source = await call('POST', '/events', {
      token: tokens.editor,
      json: { ...NEW_EVENT, title: 'قمة المناخ' },
    });
    const admin = await createIntegration(
      db(),
      { name: 'both', role: 'editor', editions: ['ar', 'en'] },
      null,
      now,
    );
    if (!admin.ok) throw new Error(admin.error);
    const translated = await call('POST', '/events', {
      token: admin.token,
      json: {
        edition: 'en',
        translationOf: source.json.event.id,
        title: 'Climate summit',
        timeZone: 'Asia/Beirut',
        start: '2026-03-29T10:00',
        end: '2026-03-29T12:00',
        venue: { name: 'City Hotel' },
      },
    });
    expect(translated.status).toBe(201);
    expect(translated.json.event.translationGroup).toBeTruthy();
    const again = await findDeskEvent(db(), source.json.event.id);
    expect(again?.row.translation_group).toBe(translated.json.event.translationGroup);
  });
});
