import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from './testing.js';

const AR_URL = `/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;
const EN_URL = '/en/2022/11/14/diplomats-hold-technical-talks';

function jsonLdOf(html: string): Record<string, unknown> {
  const match = html.match(/<script type="application\/ld\+json">(.*?)<\/script>/s);
  if (!match?.[1]) throw new Error('no JSON-LD');
  return JSON.parse(match[1]);
}

describeEachDatabase('article page', (db) => {
  let app: ReturnType<typeof testApp>['app'];
  let fixture: Fixture;
  let html: string;

  beforeAll(async () => {
    const dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    app = testApp(db(), { now: FIXTURE_NOW, dataDir }).app;
    const res = await app.request(AR_URL);
    expect(res.status).toBe(200);
    html = await res.text();
  });

  it('is an RTL Arabic document with the headline as title and h1', () => {
    expect(html).toMatch(/^<!doctype html><html lang="ar" dir="rtl">/);
    expect(html).toContain('<title>دبلوماسيون يجرون محادثات فنية في إسطنبول</title>');
    expect(html).toContain('<h1>دبلوماسيون يجرون محادثات فنية في إسطنبول</h1>');
    expect(html).toContain('<p class="standfirst">اجتماع على مستوى منخفض لبحث مسائل فنية</p>');
  });

  it('names the agency in the byline and shows the copyright', () => {
    expect(html).toMatch(
      /<p class="byline">بقلم: <a href="\/ar\/agency\/reuters"><bdi>Reuters<\/bdi><\/a><\/p>/,
    );
    expect(html).toContain('<p class="copyright" dir="auto">© 2022 Reuters</p>');
  });

  it('shows published and last-updated times in the Levant style with machine-readable datetimes', () => {
    expect(html).toContain(
      'نشرت في <time datetime="2022-11-14T12:00:00+02:00" dir="auto">14 نوفمبر تشرين الثاني 2022 - 12:00</time>',
    );
    expect(html).toContain(
      'آخر تحديث <time datetime="2022-11-14T17:30:00+02:00" dir="auto">14 نوفمبر تشرين الثاني 2022 - 17:30</time>',
    );
  });

  it('hides "last updated" when the article was never updated', async () => {
    const en = await (await app.request(EN_URL)).text();
    expect(en).toContain('Published <time datetime="2022-11-14T11:00:00+00:00" dir="auto">');
    expect(en).not.toContain('Last updated');
  });

  it('has a lead image with srcset, caption and credit', () => {
    expect(html).toMatch(
      /<source type="image\/webp" srcset="\/media\/[0-9a-z]+-480\.webp 480w, [^"]+-800\.webp 800w, [^"]+-1200\.webp 1200w"/,
    );
    expect(html).toMatch(/<img src="\/media\/[0-9a-z]+-800\.jpg" srcset="[^"]+-480\.jpg 480w/);
    expect(html).toContain('alt="مبنى السفارة"');
    // Caption and credit in elements of their own: the credit (with the image's copyright) on its own line.
    expect(html).toContain(
      '<figcaption><span class="caption">مبنى في إسطنبول</span><small class="credit">الصورة: <bdi>Reuters</bdi> · <bdi>© Reuters</bdi></small></figcaption>',
    );
  });

  it('renders the sanitized body and share links without third-party script', () => {
    expect(html).toContain('<p>(رويترز) - اجتمع دبلوماسيون في إسطنبول يوم 14 نوفمبر تشرين الثاني.</p>');
    const canonical = encodeURIComponent(`https://news.example${AR_URL}`);
    expect(html).toContain('شارك هذا المقال');
    expect(html).toContain(`https://www.facebook.com/sharer/sharer.php?u=${canonical}`);
    expect(html).toContain(`https://x.com/intent/post?url=${canonical}`);
    expect(html).toContain('https://wa.me/?text=');
    expect(html).toContain(`https://t.me/share/url?url=${canonical}`);
    expect(html).toContain('href="mailto:?subject=');
    expect(html).toContain('data-copy="https://news.example');
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(
      scripts.every((attrs) => attrs?.includes('application/ld+json') || attrs?.includes('src="/assets/')),
    ).toBe(true);
  });

  it('lists more stories: same topic first, then section, never itself', () => {
    const related = html.slice(html.indexOf('مواضيع إضافية'));
    const headlines = [...related.matchAll(/<h3><a href="[^"]+">([^<]+)<\/a><\/h3>/g)].map((m) => m[1]);
    expect(headlines).toHaveLength(6);
    // Stories 1, 6, 11, 16, 21 share the topic; then the newest of the section (3).
    expect(headlines).toEqual([
      'خبر رقم 1',
      'خبر رقم 6',
      'خبر رقم 11',
      'خبر رقم 16',
      'خبر رقم 21',
      'خبر رقم 3',
    ]);
    expect(headlines).not.toContain('دبلوماسيون يجرون محادثات فنية في إسطنبول');
  });

  it('puts the edition social links under "find us" in the footer', () => {
    const footer = html.slice(html.indexOf('<footer'));
    expect(footer).toContain('ابحثوا عنا');
    expect(footer).toContain('href="https://www.facebook.com/sahifa-test"');
    expect(footer).toContain('href="https://x.com/sahifa-test"');
  });

  it('links every translation with hreflang, itself included, plus x-default, both ways', async () => {
    const en = await (await app.request(EN_URL)).text();
    for (const page of [html, en]) {
      expect(page).toContain(`<link rel="alternate" hreflang="ar" href="https://news.example${AR_URL}"/>`);
      expect(page).toContain(`<link rel="alternate" hreflang="en" href="https://news.example${EN_URL}"/>`);
      expect(page).toContain(
        `<link rel="alternate" hreflang="x-default" href="https://news.example${AR_URL}"/>`,
      );
    }
    expect(html).toContain(`<link rel="canonical" href="https://news.example${AR_URL}"/>`);
    // The edition switcher goes to the translation.
    expect(html).toContain(`href="${EN_URL}" hreflang="en" lang="en"`);
  });

  it('has Open Graph, Twitter and NewsArticle JSON-LD metadata', () => {
    expect(html).toContain('<meta property="og:type" content="article"/>');
    expect(html).toContain('<meta property="og:title" content="دبلوماسيون يجرون محادثات فنية في إسطنبول"/>');
    expect(html).toMatch(
      /<meta property="og:image" content="https:\/\/news\.example\/media\/[0-9a-z]+-1200\.jpg"\/>/,
    );
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"/>');
    const ld = jsonLdOf(html);
    expect(ld['@type']).toBe('NewsArticle');
    expect(ld.headline).toBe('دبلوماسيون يجرون محادثات فنية في إسطنبول');
    expect(ld.datePublished).toBe('2022-11-14T12:00:00+02:00');
    expect(ld.dateModified).toBe('2022-11-14T17:30:00+02:00');
    expect(ld.author).toEqual([
      { '@type': 'Organization', name: 'Reuters', url: 'https://news.example/ar/agency/reuters' },
    ]);
    expect(ld.publisher).toMatchObject({ '@type': 'NewsMediaOrganization', name: 'صحيفة' });
    expect((ld.image as string[])[0]).toMatch(/-1200\.jpg$/);
  });

  it('redirects a wrong date to the canonical address and 404s an unknown slug in Arabic', async () => {
    const wrong = await app.request(`/ar/2021/01/01/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`);
    expect(wrong.status).toBe(301);
    expect(wrong.headers.get('location')).toBe(AR_URL);
    const missing = await app.request('/ar/2022/11/14/no-such-story');
    expect(missing.status).toBe(404);
    const body = await missing.text();
    expect(body).toContain('<html lang="ar" dir="rtl">');
    expect(body).toContain('الصفحة غير موجودة');
  });

  it('links a person byline and describes the person in JSON-LD', async () => {
    const page = await (await app.request(`/ar/2022/12/01/${encodeURIComponent('خبر-1')}`)).text();
    expect(page).toContain(
      '<p class="byline">بقلم: <a href="/ar/author/lina-haddad" rel="author"><bdi>لينا حداد</bdi></a></p>',
    );
    expect(jsonLdOf(page).author).toEqual([
      { '@type': 'Person', name: 'لينا حداد', url: 'https://news.example/ar/author/lina-haddad' },
    ]);
  });

  it('writes dates with Arabic-Indic digits when the edition asks for them', async () => {
    await db().updateTable('editions').set({ digits: 'arab' }).where('code', '=', 'ar').execute();
    const fresh = testApp(db(), { now: FIXTURE_NOW, dataDir: tempDataDir() }).app;
    const page = await (await fresh.request(AR_URL)).text();
    await db().updateTable('editions').set({ digits: 'latn' }).where('code', '=', 'ar').execute();
    expect(page).toContain('>١٤ نوفمبر تشرين الثاني ٢٠٢٢ - ١٢:٠٠</time>');
  });

  it('does not show drafts or articles scheduled for later', async () => {
    await db().updateTable('articles').set({ status: 'draft' }).where('id', '=', fixture.lead.enId).execute();
    const fresh = testApp(db(), { now: FIXTURE_NOW, dataDir: tempDataDir() }).app;
    expect((await fresh.request(EN_URL)).status).toBe(404);
    await db()
      .updateTable('articles')
      .set({ status: 'published' })
      .where('id', '=', fixture.lead.enId)
      .execute();
  });
});
