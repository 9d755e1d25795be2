import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { parseDocument } from './formats.js';
import { acceptEntry } from './ingest.js';
import type { Provenance } from './store.js';
import { seedWireNewsroom } from './testing.js';

const fixture = (name: string) =>
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');

const T0 = new Date('2024-05-01T12:00:00Z');

describeEachDatabase('wire desk and feeds over HTTP', (db) => {
  const dataDir = tempDataDir();
  const app = () => testApp(db(), { now: T0, dataDir }).app;
  let seeded: Awaited<ReturnType<typeof seedWireNewsroom>>;
  const itemIds: Record<string, string> = {};

  /** Files a document's entries into the item store, as a feed of the en edition would. */
  async function receive(text: string, from: Partial<Provenance> = {}) {
    const parsed = parseDocument(text);
    if (!parsed.ok) throw new Error(parsed.problems.join());
    const provenance: Provenance = {
      format: parsed.format,
      origin: 'test',
      feedId: null,
      agencyId: seeded.agencyId,
      editionCode: 'en',
      ...from,
    };
    for (const entry of parsed.entries) {
      const accepted = await acceptEntry(db(), entry, provenance, null, T0);
      if (accepted.receipt.kind !== 'failed' && entry.result.ok)
        itemIds[entry.result.item.uri] = accepted.receipt.itemId;
    }
  }

  beforeAll(async () => {
    seeded = await seedWireNewsroom(db(), T0);
    await seedUser(db(), { email: 'admin@news.example' }, T0);
    await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['en'] }, T0);
    await seedUser(db(), { email: 'writer@news.example', role: 'writer', editions: ['ar'] }, T0);
    await receive(fixture('rss.xml'));
    await receive(fixture('newsml-xhtml.xml'), { editionCode: 'ar', agencyId: null });
  });

  async function signedIn(email: string) {
    const browser = new TestBrowser(app());
    await browser.get('/admin/sign-in');
    const res = await browser.post('/admin/sign-in', { email, password: PASSWORD });
    expect(res.status).toBe(303);
    return browser;
  }

  it('lists incoming items newest first for signed-in users, filtered by keyword, agency and edition', async () => {
    expect((await new TestBrowser(app()).get('/admin/wire')).status).toBe(302);
    const editor = await signedIn('editor@news.example');
    const res = await editor.get('/admin/wire');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('href="/admin/wire"');
    expect(html).toContain('Port workers &amp; pilots agree on new shifts');
    expect(html).toContain('Ferry timetable changes for the summer');
    // The Arabic edition's item is not the en editor's.
    expect(html).not.toContain('المتحف الوطني');
    // The bad item of the feed is listed among the payloads that could not be read, each as received.
    expect(html).toContain('title: required');
    const payloadId = /href="\/admin\/wire\/payloads\/([0-9a-z]+)"/.exec(html)?.[1] ?? '';
    const payload = await (await editor.get(`/admin/wire/payloads/${payloadId}`)).text();
    expect(payload).toContain('&lt;guid&gt;urn:levant:2024:no-title&lt;/guid&gt;');
    expect(payload).not.toContain('<guid>');

    const ferry = await (await editor.get('/admin/wire?q=FERRY')).text();
    expect(ferry).toContain('Ferry timetable');
    expect(ferry).not.toContain('Port workers');
    expect(await (await editor.get('/admin/wire?agency=nobody')).text()).not.toContain('Ferry timetable');
    expect(await (await editor.get('/admin/wire?agency=levant-wire')).text()).toContain('Ferry timetable');
    expect(await (await editor.get('/admin/wire?edition=ar')).text()).toContain('No wire items match.');
    // Junk in the query is ignored, never a 500.
    expect((await editor.get(`/admin/wire?before=%27%3B--&q=${'x'.repeat(500)}`)).status).toBe(200);

    const admin = await signedIn('admin@news.example');
    expect(await (await admin.get('/admin/wire')).text()).toContain('المتحف الوطني');
  });

  it('previews an item with its body sanitized; items of other editions are refused', async () => {
    const editor = await signedIn('editor@news.example');
    const id = itemIds['urn:levant:2024:port-shifts'];
    const res = await editor.get(`/admin/wire/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Unions and the port authority signed a deal on Wednesday.');
    expect(html).not.toMatch(/<script|onclick|javascript:|steal\(/);
    expect(html).toContain(`action="/admin/wire/${id}/take"`);
    const writer = await signedIn('writer@news.example');
    expect((await writer.get(`/admin/wire/${id}`)).status).toBe(403);
    expect((await editor.get('/admin/wire/zzzzzzzzzzzzzzzzzzzz')).status).toBe(404);
    expect((await editor.get('/admin/wire/not-an-id!')).status).toBe(404);
  });

  it('takes an item: a draft with the agency byline and copyright, 303 to the editor; CSRF and editions enforced', async () => {
    const editor = await signedIn('editor@news.example');
    const id = itemIds['urn:levant:2024:ferry-summer'] ?? '';
    await editor.get(`/admin/wire/${id}`);
    const articles = async () =>
      db()
        .selectFrom('articles')
        .select('id')
        .where('headline', '=', 'Ferry timetable changes for the summer')
        .execute();

    expect((await editor.post(`/admin/wire/${id}/take`, { edition: 'en', _csrf: 'forged' })).status).toBe(
      403,
    );
    expect((await editor.post(`/admin/wire/${id}/take`, { edition: 'ar' })).status).toBe(403);
    expect((await editor.post(`/admin/wire/${id}/take`, { edition: '' })).status).toBe(400);
    expect(await articles()).toEqual([]);

    const res = await editor.post(`/admin/wire/${id}/take`, { edition: 'en' });
    expect(res.status).toBe(303);
    const [article] = await articles();
    expect(res.headers.get('location')).toBe(`/admin/articles/${article?.id}`);
    const row = await db()
      .selectFrom('articles')
      .selectAll()
      .where('id', '=', article?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      edition_code: 'en',
      status: 'draft',
      copyright: '© 2024 Levant Wire',
      body_html: '<p>More crossings from June.</p>',
      source_uri: null,
    });
    const byline = await db()
      .selectFrom('article_bylines')
      .select('agency_id')
      .where('article_id', '=', row.id)
      .execute();
    expect(byline).toEqual([{ agency_id: seeded.agencyId }]);
    const take = await db()
      .selectFrom('wire_takes')
      .selectAll()
      .where('article_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(take.item_id).toBe(id);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', row.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('wire.take');
    expect(await (await editor.get(`/admin/wire/${id}`)).text()).toContain(`/admin/articles/${row.id}`);
    const editorPage = await (await editor.get(`/admin/articles/${row.id}`)).text();
    expect(editorPage).toContain('Taken from the wire:');
    expect(editorPage).toContain(`href="/admin/wire/${id}"`);
    expect(editorPage).not.toContain('Agency update available');

    // A newer version: the desk flags the update with what changed.
    await receive(
      fixture('rss.xml')
        .replace('Wed, 01 May 2024 08:00:00 GMT', 'Wed, 01 May 2024 10:00:00 GMT')
        .replace('More crossings from June.', 'More crossings from July.'),
    );
    const list = await (await editor.get('/admin/wire')).text();
    expect(list).toContain('Agency update available');
    const detail = await (await editor.get(`/admin/wire/${id}`)).text();
    expect(detail).toContain('<ins>');
    expect(detail).toContain('July');
    // The editor of the taken draft says so too, linking to the changes.
    expect(await (await editor.get(`/admin/articles/${row.id}`)).text()).toContain('Agency update available');
  });

  it('shows kill alerts on the desk; editors dismiss them, writers may not', async () => {
    await receive(fixture('newsml-nitf.xml'));
    await receive(
      fixture('newsml-nitf.xml')
        .replace('version="1"', 'version="2"')
        .replace('stat:usable', 'stat:canceled'),
    );
    const editor = await signedIn('editor@news.example');
    const html = await (await editor.get('/admin/wire')).text();
    expect(html).toContain('Agency alerts');
    expect(html).toContain('Kill:');
    // The newsroom dashboard, where editors start their day, shows it too.
    expect(await (await editor.get('/admin')).text()).toContain('Agency alerts');
    const alertId = /action="\/admin\/wire\/alerts\/([0-9a-z]+)\/dismiss"/.exec(html)?.[1] ?? '';
    const writer = await signedIn('writer@news.example');
    await writer.get('/admin/wire');
    expect((await writer.post(`/admin/wire/alerts/${alertId}/dismiss`, {})).status).toBe(403);
    expect((await editor.post(`/admin/wire/alerts/${alertId}/dismiss`, {})).status).toBe(303);
    expect(await (await editor.get('/admin/wire')).text()).not.toContain('Agency alerts');
    expect(await (await editor.get('/admin')).text()).not.toContain('Agency alerts');

    // A killed item offers no "take", and refuses one.
    const killedId = itemIds['urn:newsml:example.org:2024:budget'] ?? '';
    const killedPage = await (await editor.get(`/admin/wire/${killedId}`)).text();
    expect(killedPage).toContain('Killed by the agency');
    expect(killedPage).not.toContain(`/admin/wire/${killedId}/take`);
    const refused = await editor.post(`/admin/wire/${killedId}/take`, { edition: 'en' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('The agency has withdrawn this item');
    expect(
      await db().selectFrom('wire_takes').select('article_id').where('item_id', '=', killedId).execute(),
    ).toEqual([]);
  });

  it('lets admins and editors of the edition add, edit and remove feeds; others get 403 and nothing changes', async () => {
    const writer = await signedIn('writer@news.example');
    expect((await writer.get('/admin/feeds')).status).toBe(403);
    const editor = await signedIn('editor@news.example');
    expect((await editor.get('/admin/feeds/new')).status).toBe(200);
    const fields = {
      name: 'Levant RSS',
      source: 'https://wire.example/rss',
      format: 'rss',
      agencyId: seeded.agencyId,
      editionCode: 'en',
      sectionId: seeded.sectionId,
      mode: 'publish',
      pollMinutes: '10',
    };
    expect((await editor.post('/admin/feeds', { ...fields, editionCode: 'ar', sectionId: '' })).status).toBe(
      403,
    );
    const bad = await editor.post('/admin/feeds', {
      ...fields,
      name: '',
      source: 'ftp://x',
      pollMinutes: 'often',
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Enter an http(s) URL or the full path of a folder.');
    expect(badHtml).toContain('Enter a whole number of minutes from 1 to 1440.');
    expect(await db().selectFrom('wire_feeds').select('id').execute()).toEqual([]);

    const added = await editor.post('/admin/feeds', fields);
    expect(added.status).toBe(303);
    const feed = await db().selectFrom('wire_feeds').selectAll().executeTakeFirstOrThrow();
    expect(feed).toMatchObject({
      name: 'Levant RSS',
      mode: 'publish',
      poll_seconds: 600,
      source_kind: 'url',
    });
    const jobs = await db()
      .selectFrom('jobs')
      .select('run_at')
      .where('subject_id', '=', feed.id)
      .where('state', '=', 'pending')
      .execute();
    expect(jobs).toEqual([{ run_at: T0.toISOString() }]);
    expect(await (await editor.get('/admin/feeds')).text()).toContain('Levant RSS');

    expect(
      (await editor.post(`/admin/feeds/${feed.id}`, { ...fields, name: 'Renamed', _csrf: 'forged' })).status,
    ).toBe(403);
    await editor.get(`/admin/feeds/${feed.id}`);
    expect(
      (await editor.post(`/admin/feeds/${feed.id}`, { ...fields, name: 'Renamed', mode: 'queue' })).status,
    ).toBe(303);
    expect(await db().selectFrom('wire_feeds').select(['name', 'mode']).executeTakeFirstOrThrow()).toEqual({
      name: 'Renamed',
      mode: 'queue',
    });
    // The last error of a failing feed is shown with the feed, and the desk says feeds are failing.
    await db()
      .updateTable('wire_feeds')
      .set({ failures: 3, last_error: 'timed out after 20000 ms' })
      .where('id', '=', feed.id)
      .execute();
    const failing = await (await editor.get('/admin/feeds')).text();
    expect(failing).toContain('Failing (3 in a row):');
    expect(failing).toContain('timed out after 20000 ms');
    expect(await (await editor.get('/admin/wire')).text()).toContain('Feeds failing: 1.');
    expect((await editor.post(`/admin/feeds/${feed.id}/delete`, {})).status).toBe(303);
    expect(await db().selectFrom('wire_feeds').select('id').execute()).toEqual([]);
    const actions = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', feed.id)
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      'wire.feed_add',
      'wire.feed_change',
      'wire.feed_remove',
    ]);
  });
});
