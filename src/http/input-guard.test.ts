import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { ADMIN_API_BASE } from '../integrations/api.js';
import { createIntegration } from '../integrations/integrations.js';
import { findDeskArticle } from '../newsroom/queries.js';
import { decodeUrlPart, isStorableText, textInput } from './input-guard.js';
import { tempDataDir, testApp } from './testing.js';

describe('storable text', () => {
  it('refuses NUL and unpaired surrogates, keeps every other character', () => {
    expect(isStorableText('قمة المناخ 🌍 tab\tnewline\n')).toBe(true);
    expect(isStorableText('a\0b')).toBe(false);
    expect(isStorableText('a\ud800b')).toBe(false);
    expect(isStorableText('a\udc00')).toBe(false);
    expect(textInput().trim().max(5).safeParse(' ok ').data).toBe('ok');
    expect(textInput('customKey').safeParse('x\0').error?.issues[0]?.message).toBe('customKey');
  });

  it('decodes URL parts as routing does, and tells broken UTF-8', () => {
    expect(decodeUrlPart('/ar/topic/%D9%82%D9%85%D8%A9')).toBe('/ar/topic/قمة');
    expect(decodeUrlPart('/100%')).toBe('/100%');
    expect(decodeUrlPart('/a%00b')).toBe('/a\0b');
    expect(decodeUrlPart('/a%FFb')).toBeUndefined();
    expect(decodeUrlPart('/a%ED%A0%80')).toBeUndefined(); // an encoded surrogate is not UTF-8
  });
});

describeEachDatabase('NUL bytes and broken UTF-8 at the edge', (db) => {
  let fixture: Fixture;
  let dataDir: string;
  let token = '';
  const app = () => testApp(db(), { now: FIXTURE_NOW, dataDir, cache: false }).app;

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, FIXTURE_NOW);
    await db().updateTable('users').set({ language: 'en' }).execute();
    const created = await createIntegration(
      db(),
      { name: 'cms', role: 'editor', editions: ['ar'] },
      null,
      FIXTURE_NOW,
    );
    if (!created.ok) throw new Error(created.error);
    token = created.token;
  });

  it.each([
    '/en/topic/a%00b',
    '/ar/section/%00',
    '/en/author/x%00',
    '/ar/2022/11/14/a%00b',
    '/ar/2022/11/14/%FF%FE',
    '/api/v1/ar/articles/a%00b',
    '/api/v1/ar/articles?topic=a%00b',
  ])('GET %s is refused, never a 500', async (url) => {
    const res = await app().request(url);
    expect(res.status).toBe(url.includes('?') ? 400 : 404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('refuses an admin API URL with a NUL with a 404', async () => {
    const res = await app().request(`${ADMIN_API_BASE}/articles/a%00b`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(404);
  });

  it('answers an admin API body with a NUL or a lone surrogate with a 400 naming the field', async () => {
    for (const headline of ['قمة\0المناخ', 'bad \ud800 half']) {
      const res = await app().request(`${ADMIN_API_BASE}/articles`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ edition: 'ar', headline, bodyHtml: '<p>x</p>' }),
      });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: string; fields: { path: string }[] } };
      expect(json.error.code).toBe('invalid_fields');
      expect(json.error.fields.map((f) => f.path)).toEqual(['headline']);
    }
  });

  it('shows the desk editor again with what was typed and an error on the field', async () => {
    const browser = new TestBrowser(app());
    await browser.get('/admin/sign-in');
    expect(
      (await browser.post('/admin/sign-in', { email: 'writer@news.example', password: PASSWORD })).status,
    ).toBe(303);
    await browser.get('/admin');
    const res = await browser.post('/admin/articles', {
      edition: 'ar',
      headline: 'عنوان محفوظ',
      standfirst: 'typed standfirst\0with a NUL',
      body: '<p>A long body the writer must not lose.</p>',
      sectionId: fixture.sections.arWorld,
      topics: '',
      people: '',
      agencyId: '',
      copyright: '',
      slug: '',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('A long body the writer must not lose.');
    expect(html).toContain('عنوان محفوظ');
    expect(html).toContain('cannot be saved');
    const saved = await db()
      .selectFrom('articles')
      .select('id')
      .where('headline', '=', 'عنوان محفوظ')
      .execute();
    expect(saved).toHaveLength(0);
  });

  it('answers a field the form does not check (a search) with a 400, not a 500', async () => {
    const res = await app().request('/ar/search?q=a%00b');
    expect(res.status).toBe(400);
  });

  it('keeps serving ordinary URLs', async () => {
    expect((await app().request('/ar')).status).toBe(200);
    expect((await app().request(`/ar/section/${encodeURIComponent('world')}`)).status).not.toBe(500);
    expect(await findDeskArticle(db(), fixture.lead.arId)).toBeDefined();
  });
});
