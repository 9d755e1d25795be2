// Mixed-direction text in the rendered HTML: every name, date and credit that can run in the other
// direction from the page is isolated (<bdi>, dir=auto), so "© Levant Press Agency" in an Arabic page
// never reads ".Levant Press Agency ©", and nothing localized is forced left to right.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { parseDocument } from '../wire/formats.js';
import { acceptEntry } from '../wire/ingest.js';
import { seedWireNewsroom } from '../wire/testing.js';
import { fillParts } from './template.js';

const AR_URL = `/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;
const src = path.dirname(fileURLToPath(import.meta.url));

/** Every `<time …>` start tag in the page. */
const timeTags = (html: string) => html.match(/<time\b[^>]*>/g) ?? [];

describe('fillParts', () => {
  it('puts page parts where a localized template has placeholders, and leaves the rest as text', () => {
    expect(fillParts('© {name}. All rights reserved.', { name: 'X' })).toEqual([
      '© ',
      'X',
      '. All rights reserved.',
    ]);
    expect(fillParts('{a} and {b}', { a: 1 })).toEqual(['', 1, ' and ', '{b}', '']);
  });
});

describeEachDatabase('bidi isolation on reader pages', (db) => {
  let article = '';
  let home = '';
  let english = '';

  beforeAll(async () => {
    const dataDir = tempDataDir();
    await seedFixture(db(), dataDir);
    await db()
      .updateTable('editions')
      .set({ name: 'Levant Press Agency' })
      .where('code', '=', 'ar')
      .execute();
    const { app } = testApp(db(), { now: FIXTURE_NOW, dataDir });
    article = await (await app.request(AR_URL)).text();
    home = await (await app.request('/ar')).text();
    english = await (await app.request('/en')).text();
  });

  it('isolates byline names, the copyright and the image credit on an Arabic article', () => {
    expect(article).toMatch(/<p class="byline">بقلم: <a [^>]*><bdi>Reuters<\/bdi><\/a><\/p>/);
    expect(article).toContain('<p class="copyright" dir="auto">© 2022 Reuters</p>');
    // Caption and credit are separate lines, the credit's name isolated.
    expect(article).toContain(
      '<figcaption><span class="caption">مبنى في إسطنبول</span><small class="credit">الصورة: <bdi>Reuters</bdi> · <bdi>© Reuters</bdi></small>',
    );
  });

  it('isolates every date on the article and the home page', () => {
    for (const html of [article, home]) {
      const times = timeTags(html);
      expect(times.length).toBeGreaterThan(0);
      for (const tag of times) expect(tag).toContain('dir="auto"');
    }
  });

  it('writes the footer line from the localized template, the edition name isolated', () => {
    // Without isolation an RTL page shows "© Levant Press Agency. …" as ".Levant Press Agency ©".
    for (const html of [article, home]) {
      expect(html).toContain(
        '<p class="footer-copyright">© <bdi>Levant Press Agency</bdi>. جميع الحقوق محفوظة.</p>',
      );
    }
    expect(english).toContain('<p class="footer-copyright">© <bdi>Sahifa</bdi>. All rights reserved.</p>');
  });

  it('never forces a reader page left to right', () => {
    for (const html of [article, home]) {
      // Only the e-mail box (an address is always LTR) may carry dir=ltr.
      const forced = (html.match(/<[a-z]+\b[^>]*\bdir="ltr"[^>]*>/g) ?? []).filter(
        (tag) => !/<input\b[^>]*type="email"/.test(tag),
      );
      expect(forced).toEqual([]);
    }
  });
});

describeEachDatabase('bidi isolation on the wire desk', (db) => {
  const T0 = new Date('2024-05-01T12:00:00Z');
  let list = '';
  let item = '';

  beforeAll(async () => {
    const seeded = await seedWireNewsroom(db(), T0);
    await seedUser(db(), { email: 'ar-editor@news.example', role: 'editor', editions: ['ar'] }, T0);
    const parsed = parseDocument(
      readFileSync(path.join(src, '..', 'wire', 'fixtures', 'newsml-xhtml.xml'), 'utf8'),
    );
    if (!parsed.ok) throw new Error(parsed.problems.join());
    let itemId = '';
    for (const entry of parsed.entries) {
      const accepted = await acceptEntry(
        db(),
        entry,
        { format: parsed.format, origin: 'test', feedId: null, agencyId: seeded.agencyId, editionCode: 'ar' },
        null,
        T0,
      );
      if (accepted.receipt.kind !== 'failed') itemId = accepted.receipt.itemId;
    }
    const browser = new TestBrowser(testApp(db(), { now: T0, dataDir: tempDataDir() }).app);
    await browser.get('/admin/sign-in');
    await browser.post('/admin/sign-in', { email: 'ar-editor@news.example', password: PASSWORD });
    list = await (await browser.get('/admin/wire')).text();
    item = await (await browser.get(`/admin/wire/${itemId}`)).text();
  });

  it('isolates localized dates with dir=auto instead of forcing them left to right', () => {
    expect(list).toContain('dir="rtl"');
    for (const html of [list, item]) {
      const times = timeTags(html);
      expect(times.length).toBeGreaterThan(0);
      for (const tag of times) expect(tag).toContain('dir="auto"');
      // An Arabic date ("1 مايو 2024، 12:00") inside dir=ltr reads backwards.
      expect(html).not.toMatch(/dir="ltr"[^>]*>(<time\b[^>]*>)?[^<]*[\u0600-\u06FF]/);
    }
  });
});
