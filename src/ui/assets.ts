import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, transformSync } from 'esbuild';

export interface Asset {
  /** URL path with a content hash, so it can be cached forever. */
  path: string;
  body: Buffer;
  contentType: string;
}

export interface SiteAssets {
  /** The reader stylesheet (site.css): every page links it. */
  css: Asset;
  /** The desk's stylesheet (desk.css): admin pages link it after `css`, reader pages never do. */
  deskCss: Asset;
  js: Asset;
  icon: Asset;
  /** Every servable asset by URL path (fonts included). */
  byPath: Map<string, Asset>;
}

const uiDir = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const fontDir = path.join(
  path.dirname(require.resolve('@fontsource/noto-naskh-arabic/package.json')),
  'files',
);
/**
 * Noto Naskh Arabic and its Latin companion (the same face's latin and latin-ext subsets), served under
 * their package names; site.css splits them by unicode-range (see README "Typography and right-to-left").
 */
export const FONTS = [
  'noto-naskh-arabic-arabic-400-normal.woff2',
  'noto-naskh-arabic-arabic-700-normal.woff2',
  'noto-naskh-arabic-latin-400-normal.woff2',
  'noto-naskh-arabic-latin-700-normal.woff2',
  'noto-naskh-arabic-latin-ext-400-normal.woff2',
  'noto-naskh-arabic-latin-ext-700-normal.woff2',
] as const;

export const fontPath = (file: (typeof FONTS)[number]) => `/assets/fonts/${file}`;

/**
 * The fonts a page in `language` needs for its first paint: the regular face of its script, and on an
 * Arabic page the Latin regular too (11 KB), which sets its spaces, digits and punctuation: left to be
 * found by layout it arrives later and moves the text a second time (measured: CLS 0.045 on a phone).
 */
export function fontPreloads(language: string): string[] {
  return language.split('-')[0] === 'ar'
    ? [
        fontPath('noto-naskh-arabic-arabic-400-normal.woff2'),
        fontPath('noto-naskh-arabic-latin-400-normal.woff2'),
      ]
    : [fontPath('noto-naskh-arabic-latin-400-normal.woff2')];
}

function hashed(name: string, ext: string, body: Buffer, contentType: string): Asset {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 10);
  return { path: `/assets/${name}.${hash}.${ext}`, body, contentType };
}

let built: SiteAssets | undefined;
let desk: Asset | undefined;

function bundle(entry: string): Buffer {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    write: false,
  });
  return Buffer.from(result.outputFiles[0]?.contents ?? []);
}

/**
 * The desk's script (the rich-text editor, autosave): large, so built on the
 * first request for a desk page rather than at start-up, and never on reader pages.
 */
export function deskScript(): Asset {
  desk ??= hashed(
    'desk',
    'js',
    bundle(path.join(uiDir, '..', 'newsroom', 'client', 'editor.ts')),
    'text/javascript; charset=utf-8',
  );
  return desk;
}

/** A built asset by its URL path, if there is one. */
export function assetAt(urlPath: string): Asset | undefined {
  // Another instance may have rendered the page naming the desk script: build it here too when asked.
  if (urlPath.startsWith('/assets/desk.') && urlPath.endsWith('.js')) {
    const script = deskScript();
    return script.path === urlPath ? script : undefined;
  }
  return siteAssets().byPath.get(urlPath);
}

function stylesheet(name: 'site' | 'desk'): Asset {
  const css = transformSync(readFileSync(path.join(uiDir, `${name}.css`), 'utf8'), {
    loader: 'css',
    minify: true,
  });
  return hashed(name, 'css', Buffer.from(css.code), 'text/css; charset=utf-8');
}

/**
 * The stylesheets, the enhancement script (bundled and minified by esbuild)
 * and the fonts, built once per process in memory: nothing built is committed.
 * The desk's stylesheet is small and quick to build, so it is built here with the
 * reader's rather than on first use: every instance serves it, whichever rendered the page.
 */
export function siteAssets(): SiteAssets {
  if (built) return built;
  const js = bundle(path.join(uiDir, 'client', 'enhance.ts'));
  const cssAsset = stylesheet('site');
  const deskCssAsset = stylesheet('desk');
  const jsAsset = hashed('enhance', 'js', js, 'text/javascript; charset=utf-8');
  const iconAsset = hashed('icon', 'svg', readFileSync(path.join(uiDir, 'favicon.svg')), 'image/svg+xml');
  const byPath = new Map<string, Asset>([
    [cssAsset.path, cssAsset],
    [deskCssAsset.path, deskCssAsset],
    [jsAsset.path, jsAsset],
    [iconAsset.path, iconAsset],
  ]);
  for (const font of FONTS) {
    byPath.set(fontPath(font), {
      path: fontPath(font),
      body: readFileSync(path.join(fontDir, font)),
      contentType: 'font/woff2',
    });
  }
  built = { css: cssAsset, deskCss: deskCssAsset, js: jsAsset, icon: iconAsset, byPath };
  return built;
}
