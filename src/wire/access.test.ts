import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { testConfig } from '../config.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { parseDocument } from './formats.js';
import { acceptEntry } from './ingest.js';
import { type Provenance, recordUnreadable } from './store.js';
import { seedWireNewsroom } from './testing.js';

const T0 = new Date('2024-05-01T12:00:00Z');

const newsml = (edition: string, status: string, version: number) => `<?xml version="1.0"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:test:${edition}:bridge" version="${version}">
  <itemMeta><pubStatus qcode="stat:${status}"/><versionCreated>2024-05-01T1${version}:00:00Z</versionCreated></itemMeta>
  <contentMeta><headline>Bridge story ${edition}</headline><language tag="en"/></contentMeta>
  <contentSet><inlineData>Text.</inlineData></contentSet>
</newsItem>`;

describeEachDatabase('wire desk: who sees payloads and alerts, and what is a link', (db) => {
  const dataDir = tempDataDir();
  const config = testConfig({ dataDir, wireDropRoot: path.join(dataDir, 'wire-drop') });
  const app = () => testApp(db(), { now: T0, dataDir, config }).app;
  let seeded: Awaited<ReturnType<typeof seedWireNewsroom>>;

  const from = (editionCode: string | null): Provenance => ({
    format: 'rss',
    origin: `feed-${editionCode}`,
    feedId: null,
    agencyId: null,
    editionCode,
  });

  async function receive(text: string, editionCode: string | null): Promise<string> {
    const parsed = parseDocument(text);
    if (!parsed.ok) throw new Error(parsed.problems.join());
    let itemId = '';
    for (const entry of parsed.entries) {
      const accepted = await acceptEntry(db(), entry, from(editionCode), null, T0);
      if (accepted.receipt.kind !== 'failed') itemId = accepted.receipt.itemId;
    }
    return itemId;
  }

  async function signedIn(email: string) {
    const browser = new TestBrowser(app());
    await browser.get('/admin/sign-in');
    expect((await browser.post('/admin/sign-in', { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }

  beforeAll(async () => {
    seeded = await seedWireNewsroom(db(), T0);
    await seedUser(db(), { email: 'admin@news.example' }, T0);
    await seedUser(db(), { email: 'en-editor@news.example', role: 'editor', editions: ['en'] }, T0);
    await seedUser(db(), { email: 'ar-editor@news.example', role: 'editor', editions: ['ar'] }, T0);
    await seedUser(db(), { email: 'ar-writer@news.example', role: 'writer', editions: ['ar'] }, T0);
  });

  it("shows a payload that could not be read only to its edition's users and admins", async () => {
    await recordUnreadable(db(), '<rss>secret-ar-payload', ['unclosed tag'], from('ar'), T0);
    await recordUnreadable(db(), '<rss>secret-orphan-payload', ['unclosed tag'], from(null), T0);
    const payloadId = async (text: string) =>
      (
        await db()
          .selectFrom('wire_item_versions')
          .select('id')
          .where('payload', '=', text)
          .executeTakeFirstOrThrow()
      ).id;
    const arPayload = await payloadId('<rss>secret-ar-payload');
    const orphan = await payloadId('<rss>secret-orphan-payload');

    const enEditor = await signedIn('en-editor@news.example');
    const desk = await (await enEditor.get('/admin/wire')).text();
    expect(desk).not.toContain(arPayload);
    expect(desk).not.toContain(orphan);
    expect((await enEditor.get(`/admin/wire/payloads/${arPayload}`)).status).toBe(403);
    expect((await enEditor.get(`/admin/wire/payloads/${orphan}`)).status).toBe(403);

    const arWriter = await signedIn('ar-writer@news.example');
    expect(await (await arWriter.get('/admin/wire')).text()).toContain(`/admin/wire/payloads/${arPayload}`);
    const shown = await arWriter.get(`/admin/wire/payloads/${arPayload}`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('secret-ar-payload');
    expect((await arWriter.get(`/admin/wire/payloads/${orphan}`)).status).toBe(403);

    const admin = await signedIn('admin@news.example');
    expect((await admin.get(`/admin/wire/payloads/${orphan}`)).status).toBe(200);
    expect((await admin.get(`/admin/wire/payloads/${arPayload}`)).status).toBe(200);
  });

  it("shows a kill alert only to its edition's users; an editor of another edition cannot dismiss it", async () => {
    await receive(newsml('ar', 'usable', 1), 'ar');
    await receive(newsml('ar', 'canceled', 2), 'ar');
    const alert = await db().selectFrom('wire_alerts').select('id').executeTakeFirstOrThrow();

    const enEditor = await signedIn('en-editor@news.example');
    expect(await (await enEditor.get('/admin/wire')).text()).not.toContain('Bridge story ar');
    expect(await (await enEditor.get('/admin')).text()).not.toContain('Bridge story ar');
    expect((await enEditor.post(`/admin/wire/alerts/${alert.id}/dismiss`, {})).status).toBe(403);
    const open = await db().selectFrom('wire_alerts').select('dismissed_at').executeTakeFirstOrThrow();
    expect(open.dismissed_at).toBeNull();

    const arWriter = await signedIn('ar-writer@news.example');
    const writerDesk = await (await arWriter.get('/admin/wire')).text();
    expect(writerDesk).toContain('Bridge story ar');
    expect(writerDesk).not.toContain(`/admin/wire/alerts/${alert.id}/dismiss`);
    expect((await arWriter.post(`/admin/wire/alerts/${alert.id}/dismiss`, {})).status).toBe(403);

    const arEditor = await signedIn('ar-editor@news.example');
    const arDesk = await (await arEditor.get('/admin/wire')).text();
    expect(arDesk).toContain(`/admin/wire/alerts/${alert.id}/dismiss`);
    expect((await arEditor.post(`/admin/wire/alerts/${alert.id}/dismiss`, {})).status).toBe(303);
    expect((await enEditor.post('/admin/wire/alerts/zzzzzzzzzzzzzzzzzzzz/dismiss', {})).status).toBe(404);
  });

  it('never renders javascript:, data: or vbscript: links from a feed as links', async () => {
    const rss = `<rss version="2.0"><channel><language>en</language>
      <item><guid>urn:test:links</guid><title>Links</title><link>javascript:alert(document.cookie)</link>
        <description><![CDATA[<p><a href="javascript:alert(1)">one</a> <a href="data:text/html,&lt;script&gt;alert(2)&lt;/script&gt;">two</a>
        <a href="vbscript:msgbox(3)">three</a> <a href=" JaVaScRiPt:alert(4)">four</a> <img src="data:image/svg+xml,x"></p>]]></description>
      </item></channel></rss>`;
    const itemId = await receive(rss, 'en');
    const stored = await db()
      .selectFrom('wire_items')
      .select(['link', 'body_html'])
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow();
    expect(stored.link).toBe('');
    expect(stored.body_html).not.toMatch(/javascript:|data:|vbscript:/i);
    // A link stored before this check is shown as text, not a link.
    await db()
      .updateTable('wire_items')
      .set({ link: 'javascript:alert(5)' })
      .where('id', '=', itemId)
      .execute();
    const editor = await signedIn('en-editor@news.example');
    const page = await (await editor.get(`/admin/wire/${itemId}`)).text();
    expect(page).toContain('javascript:alert(5)');
    expect(page).not.toMatch(/href="\s*(javascript|data|vbscript):/i);
  });

  it('accepts a drop folder only inside WIRE_DROP_ROOT, never the data folder (form error)', async () => {
    const editor = await signedIn('en-editor@news.example');
    await editor.get('/admin/feeds/new');
    const fields = {
      name: 'Drop',
      source: dataDir,
      format: 'auto',
      agencyId: seeded.agencyId,
      editionCode: 'en',
      sectionId: '',
      mode: 'queue',
      pollMinutes: '5',
    };
    for (const source of [dataDir, path.dirname(dataDir), `${config.wireDropRoot}/../media`, '/etc']) {
      const refused = await editor.post('/admin/feeds', { ...fields, source });
      expect(refused.status, source).toBe(422);
      expect(await refused.text()).toContain('A drop folder must be inside the wire drop folder');
    }
    expect(await db().selectFrom('wire_feeds').select('id').execute()).toEqual([]);
    const inside = path.join(config.wireDropRoot, 'levant');
    expect((await editor.post('/admin/feeds', { ...fields, source: inside })).status).toBe(303);
    expect(existsSync(inside)).toBe(true);
    expect(await db().selectFrom('wire_feeds').select(['source', 'source_kind']).execute()).toEqual([
      { source: inside, source_kind: 'folder' },
    ]);
  });
});
