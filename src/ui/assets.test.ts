import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { siteAssets } from './assets.js';

describe('site assets', () => {
  it('uses only logical properties, so RTL and LTR come from dir', () => {
    const css = readFileSync(new URL('./site.css', import.meta.url), 'utf8');
    const physical =
      /(margin|padding|border)-(left|right|top|bottom)\b|(^|[\s;{])(left|right|top|bottom)\s*:|float:\s*(left|right)|text-align:\s*(left|right)|(^|[\s;{])(width|height)\s*:/gm;
    expect(css.match(physical) ?? []).toEqual([]);
  });

  it('self-hosts the Arabic font and keeps CSS and script small', () => {
    const assets = siteAssets();
    expect(
      assets.byPath.get('/assets/fonts/noto-naskh-arabic-arabic-400-normal.woff2')?.body.length,
    ).toBeGreaterThan(10_000);
    expect(assets.css.path).toMatch(/^\/assets\/site\.[\w-]{10}\.css$/);
    expect(gzipSync(assets.css.body).length).toBeLessThan(6_000);
    expect(gzipSync(assets.js.body).length).toBeLessThan(5_000);
  });
});
