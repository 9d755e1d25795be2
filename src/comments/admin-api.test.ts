import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { ADMIN_API_BASE } from '../integrations/api.js';
import { createIntegration } from '../integrations/integrations.js';
import { findComment } from './queries.js';
import { insertTestReader } from './testing.js';
import { postComment } from './workflow.js';

const now = FIXTURE_NOW;

describeEachDatabase('admin API: comments (/api/admin/v1/comments)', (db) => {
  const dataDir = tempDataDir();
  let fixture: Fixture;
  const tokens = { ar: '', en: '' };
  const held: string[] = [];

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
    for (const edition of ['ar', 'en'] as const) {
      const created = await createIntegration(
        db(),
        { name: `moderator-${edition}`, role: 'writer', editions: [edition] },
        null,
        now,
      );
      if (!created.ok) throw new Error(created.error);
      tokens[edition] = created.token;
    }
    const reader = await insertTestReader(db(), now);
    for (const [index, body] of ['أول تعليق', 'ثاني تعليق', 'ثالث تعليق'].entries()) {
      const posted = await postComment(
        db(),
        { articleId: fixture.arOthers[0] ?? '', body },
        { kind: 'reader', reader },
        { ip: '192.0.2.1', now: new Date(now.getTime() - (10 - index) * 60_000) },
      );
      if (!posted.ok) throw new Error(posted.error);
      held.push(posted.id);
    }
  });

  it('lists the pending queue of its editions, oldest first, with the pipeline steps', async () => {
    const { status, json, res } = await call('GET', '/comments?edition=ar', { token: tokens.ar });
    expect(status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(json.comments.map((c: { id: string }) => c.id)).toEqual(held);
    expect(json.comments[0]).toMatchObject({
      edition: 'ar',
      status: 'pending',
      heldFor: 'trust',
      author: { kind: 'reader' },
      body: 'أول تعليق',
    });
    expect(json.comments[0].checks.at(-1)).toMatchObject({ step: 'trust', outcome: 'hold' });
    expect(json.comments[0].article.url).toMatch(/^http.*\/ar\/2022\//);
    expect(json.nextCursor).toBeNull();
    // No edition named: all of the integration's editions (here ar only); the English one sees none of these.
    expect((await call('GET', '/comments', { token: tokens.ar })).json.comments).toHaveLength(3);
    expect((await call('GET', '/comments', { token: tokens.en })).json.comments).toHaveLength(0);
  });

  it('refuses bad input, a missing token and another edition with clear JSON errors', async () => {
    expect((await call('GET', '/comments')).status).toBe(401);
    const foreign = await call('GET', '/comments?edition=ar', { token: tokens.en });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.code).toBe('forbidden');
    const bad = await call('GET', '/comments?status=maybe', { token: tokens.ar });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_fields');
    expect((await call('GET', '/comments?sort=new', { token: tokens.ar })).json.error.code).toBe(
      'unknown_fields',
    );
    const approveForeign = await call('POST', `/comments/${held[0]}/approve`, { token: tokens.en });
    expect(approveForeign.status).toBe(403);
    const rejectForeign = await call('POST', `/comments/${held[0]}/reject`, {
      token: tokens.en,
      json: { reason: 'spam' },
    });
    expect(rejectForeign.status).toBe(403);
    expect((await findComment(db(), held[0] ?? ''))?.status).toBe('pending');
    expect((await call('POST', '/comments/nosuch/approve', { token: tokens.ar })).status).toBe(404);
    const noReason = await call('POST', `/comments/${held[0]}/reject`, { token: tokens.ar, json: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.fields[0].path).toBe('reason');
    // The articles API still answers its own paths after this one.
    expect((await call('GET', '/articles/nosuch', { token: tokens.ar })).status).toBe(404);
    expect((await call('GET', '/nothing', { token: tokens.ar })).json.error.code).toBe('not_found');
  });

  it('approves and rejects, audited under the integration', async () => {
    const approved = await call('POST', `/comments/${held[0]}/approve`, { token: tokens.ar });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ changed: true, comment: { id: held[0], status: 'approved' } });
    const again = await call('POST', `/comments/${held[0]}/approve`, { token: tokens.ar, json: {} });
    expect(again.json.changed).toBe(false);
    const rejected = await call('POST', `/comments/${held[1]}/reject`, {
      token: tokens.ar,
      json: { reason: 'إعلان تجاري' },
    });
    expect(rejected.json).toMatchObject({
      changed: true,
      comment: { status: 'rejected', decisionReason: 'إعلان تجاري' },
    });
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('subject_id', 'in', [held[0] ?? '', held[1] ?? ''])
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['comment.approve', 'comment.reject']);
    expect(audit.every((a) => a.user_id?.length)).toBe(true);
    const recent = await call('GET', '/comments?status=rejected', { token: tokens.ar });
    expect(recent.json.comments.map((c: { id: string }) => c.id)).toEqual([held[1]]);
  });
});
