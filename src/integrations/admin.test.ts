import { beforeAll, expect, it } from 'vitest';
import { tokenHash } from '../accounts/secrets.js';
import { PASSWORD, seedEditions, seedUser, TestBrowser } from '../accounts/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { ADMIN_API_BASE } from './api.js';
import { listIntegrations } from './queries.js';

const T0 = new Date('2026-03-02T09:00:00Z');

describeEachDatabase('integrations admin pages', (db) => {
  const dataDir = tempDataDir();
  const appAt = (when = T0) => testApp(db(), { now: when, dataDir }).app;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await seedEditions(db(), T0);
    ids.admin = await seedUser(db(), { email: 'admin@news.example' }, T0);
    ids.editor = await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['en'] }, T0);
  });

  async function signedIn(email: string) {
    const browser = new TestBrowser(appAt());
    await browser.get('/admin/sign-in');
    const res = await browser.post('/admin/sign-in', { email, password: PASSWORD });
    expect(res.status).toBe(303);
    return browser;
  }

  it('are for admins only, and linked from the admin bar for them', async () => {
    const editor = await signedIn('editor@news.example');
    expect((await editor.get('/admin/integrations')).status).toBe(403);
    expect(
      (await editor.post('/admin/integrations', { name: 'x', role: 'writer', editions: 'en' })).status,
    ).toBe(403);
    expect(await editor.get('/admin').then((r) => r.text())).not.toContain('/admin/integrations');
    expect(await listIntegrations(db())).toHaveLength(0);

    const anonymous = await appAt().request('/admin/integrations');
    expect(anonymous.status).toBe(302);

    const admin = await signedIn('admin@news.example');
    const dashboard = await (await admin.get('/admin')).text();
    expect(dashboard).toContain('href="/admin/integrations"');
  });

  it('create an integration, show its token once, store only its hash, and revoke it', async () => {
    const admin = await signedIn('admin@news.example');
    const empty = await admin.get('/admin/integrations');
    expect(empty.status).toBe(200);
    expect(empty.headers.get('cache-control')).toBe('no-store');
    expect(await empty.text()).toContain('التكاملات');

    const body = new URLSearchParams([
      ['_csrf', admin.csrf],
      ['name', 'CMS bridge'],
      ['role', 'editor'],
      ['editions', 'ar'],
      ['editions', 'en'],
    ]);
    const created = await appAt().request('/admin/integrations', {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    expect(created.status).toBe(201);
    const html = await created.text();
    const token = /(sahifa_[\w-]{43})/.exec(html)?.[1] ?? '';
    expect(token).not.toBe('');

    const [integration] = await listIntegrations(db());
    expect(integration).toMatchObject({ name: 'CMS bridge', role: 'editor', editions: ['ar', 'en'] });
    expect(integration?.createdBy).toBe(ids.admin);
    const row = await db().selectFrom('integrations').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(tokenHash(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const list = await (await admin.get('/admin/integrations')).text();
    expect(list).toContain('CMS bridge');
    expect(list).not.toContain(token);

    const api = (when: Date) =>
      appAt(when).request(`${ADMIN_API_BASE}/articles/0000000000nothing000`, {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await api(T0)).status).toBe(404);

    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('subject_id', '=', integration?.id ?? '')
      .execute();
    expect(audit).toEqual([{ action: 'integration.add', user_id: ids.admin }]);

    // Without the CSRF token nothing is revoked.
    const forged = await admin.post(`/admin/integrations/${integration?.id}/revoke`, { _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect((await api(T0)).status).toBe(404);

    const revoked = await admin.post(`/admin/integrations/${integration?.id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('/admin/integrations?revoked=1');
    expect((await api(T0)).status).toBe(401);
    expect((await listIntegrations(db()))[0]?.revokedAt).toBe(T0.toISOString());
    const actions = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', integration?.id ?? '')
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['integration.add', 'integration.revoke']);

    expect((await admin.post('/admin/integrations/nothing/revoke', {})).status).toBe(404);
  });

  it('refuses a form without CSRF token, or with a bad role or no edition, creating nothing', async () => {
    const admin = await signedIn('admin@news.example');
    const before = (await listIntegrations(db())).length;
    await admin.get('/admin/integrations');
    const forged = await admin.post('/admin/integrations', {
      _csrf: 'forged',
      name: 'x',
      role: 'writer',
      editions: 'en',
    });
    expect(forged.status).toBe(403);

    const badRole = await admin.post('/admin/integrations', { name: 'x', role: 'admin', editions: 'en' });
    expect(badRole.status).toBe(422);
    expect(await badRole.text()).toContain('aria-invalid');
    const noEdition = await admin.post('/admin/integrations', { name: 'x', role: 'writer' });
    expect(noEdition.status).toBe(422);
    const unknownEdition = await admin.post('/admin/integrations', {
      name: 'x',
      role: 'writer',
      editions: 'fr',
    });
    expect(unknownEdition.status).toBe(422);
    expect(await listIntegrations(db())).toHaveLength(before);
  });
});
