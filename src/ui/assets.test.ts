import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_NOW, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { fontPreloads, siteAssets } from './assets.js';

const KB = 1024;
const AR_ARTICLE = `/ar/2022/11/14/${encodeURIComponent('دبلوماسيون-يجرون-محادثات')}`;

/** The @font-face rules of the built stylesheet: family, weight and the font file each one loads. */
function fontFaces(css: string) {
  return [...css.matchAll(/@font-face\{([^}]*)\}/g)].map((m) => {
    const body = m[1] ?? '';
    return {
      family: /font-family:"?([^";]+)/.exec(body)?.[1] ?? '',
      weight: /font-weight:(\d+)/.exec(body)?.[1] ?? '',
      url: /url\(([^)]+)\)/.exec(body)?.[1],
      local: body.includes('local('),
    };
  });
}

describe('site assets', () => {
  it.each(['site.css', 'desk.css'])(
    '%s uses only logical properties, so RTL and LTR come from dir',
    (file) => {
      const css = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
      const physical =
        /(margin|padding|border)-(left|right|top|bottom)\b|(^|[\s;{])(left|right|top|bottom)\s*:|float:\s*(left|right)|text-align:\s*(left|right)|(^|[\s;{])(width|height)\s*:/gm;
      expect(css.match(physical) ?? []).toEqual([]);
    },
  );

  it('self-hosts the Arabic font and keeps CSS and script small', () => {
    const assets = siteAssets();
    expect(
      assets.byPath.get('/assets/fonts/noto-naskh-arabic-arabic-400-normal.woff2')?.body.length,
    ).toBeGreaterThan(10_000);
    expect(assets.css.path).toMatch(/^\/assets\/site\.[\w-]{10}\.css$/);
    // The reader's stylesheet, on every page a reader opens: the desk's rules are in desk.css.
    expect(gzipSync(assets.css.body).length).toBeLessThan(6_000);
    // The desk's, linked only by admin pages (4.2 KB and 2.6 KB compressed when they were split).
    expect(assets.deskCss.path).toMatch(/^\/assets\/desk\.[\w-]{10}\.css$/);
    expect(gzipSync(assets.deskCss.body).length).toBeLessThan(4 * KB);
    // Own script: under 5 KB compressed either way a browser may ask for it.
    expect(gzipSync(assets.js.body).length).toBeLessThan(5 * KB);
    expect(brotliCompressSync(assets.js.body).length).toBeLessThan(5 * KB);
  });

  it('serves every font the stylesheet names, and a local fallback with metric overrides for each face', () => {
    const assets = siteAssets();
    const faces = fontFaces(assets.css.body.toString());
    for (const face of faces.filter((f) => f.url)) {
      expect(assets.byPath.get(face.url ?? '')?.contentType, face.url).toBe('font/woff2');
    }
    const css = assets.css.body.toString();
    for (const fallback of ['Sahifa Latin Fallback', 'Sahifa Arabic Fallback']) {
      const rules = [...css.matchAll(/@font-face\{([^}]*)\}/g)]
        .map((m) => m[1] ?? '')
        .filter((body) => /font-family:"?([^";]+)/.exec(body)?.[1] === fallback);
      expect(rules.length).toBeGreaterThanOrEqual(2);
      for (const rule of rules) {
        for (const descriptor of [
          'size-adjust',
          'ascent-override',
          'descent-override',
          'line-gap-override',
        ]) {
          expect(rule).toContain(`${descriptor}:`);
        }
      }
    }
    for (const language of ['ar', 'en']) {
      for (const href of fontPreloads(language)) expect(assets.byPath.has(href), href).toBe(true);
    }
  });

  it('keeps the fonts an Arabic page can load under 120 KB', () => {
    // Every face of the family Arabic pages are set in counts, as if a page used all of them.
    const assets = siteAssets();
    const faces = fontFaces(assets.css.body.toString()).filter((f) => f.family === 'Sahifa Naskh');
    expect(faces.map((f) => `${f.weight} ${f.url}`)).toContain(
      '400 /assets/fonts/noto-naskh-arabic-arabic-400-normal.woff2',
    );
    const total = faces.reduce((sum, f) => sum + (assets.byPath.get(f.url ?? '')?.body.length ?? 0), 0);
    expect(total).toBeGreaterThan(100 * KB);
    expect(total).toBeLessThan(120 * KB);
    // The latin face is served to Arabic pages too (digits, punctuation, Latin names).
    expect(faces.some((f) => f.url?.includes('-latin-400-'))).toBe(true);
  });
});

describeEachDatabase('page weight', (db) => {
  let article = '';
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    const dataDir = tempDataDir();
    await seedFixture(db(), dataDir);
    app = testApp(db(), { now: FIXTURE_NOW, dataDir }).app;
    article = await (await app.request(AR_ARTICLE)).text();
  });

  it("links the desk's stylesheet on desk pages only, after the reader's, and serves it cached forever", async () => {
    const { css, deskCss } = siteAssets();
    const stylesheets = (html: string) =>
      [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    expect(stylesheets(article)).toEqual([css.path]);
    const signIn = await (await app.request('/admin/sign-in')).text();
    expect(stylesheets(signIn)).toEqual([css.path, deskCss.path]);
    const res = await app.request(deskCss.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toContain('.comments-desk-item');
  });

  it('keeps an Arabic article with its stylesheet under 30 KB brotli', () => {
    expect(article).toContain('<h1>');
    const css = siteAssets().css.body;
    const bytes = brotliCompressSync(Buffer.from(article)).length + brotliCompressSync(css).length;
    expect(bytes).toBeLessThan(30 * KB);
  });
});
