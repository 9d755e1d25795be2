import path from 'node:path';
import { Hono } from 'hono';
import { cacheTags } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import { assetAt, siteAssets } from '../ui/assets.js';
import { IMMUTABLE, serveStoredMedia } from './serve.js';

export const MEDIA_TYPES: Record<string, string> = {
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.avif': 'image/avif',
  '.png': 'image/png',
};
/** Rendition files are named by us: id, width, extension. Anything else is refused before touching the disk. */
const MEDIA_FILE = /^[0-9a-z-]{1,80}\.(webp|jpe?g|avif|png)$/;

export function mediaDir(dataDir: string): string {
  return path.join(dataDir, 'media');
}

/** Built assets (hashed names, cached forever) and uploaded media files (from the media store). */
export function staticRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/assets/*', (c) => {
    const asset = assetAt(c.req.path);
    if (!asset) throw notFound('No such asset');
    c.set('cacheTags', [cacheTags.assets]);
    return c.body(new Uint8Array(asset.body), 200, {
      'content-type': asset.contentType,
      'cache-control': IMMUTABLE,
    });
  });

  // Browsers ask for /favicon.ico whatever the page links.
  app.get('/favicon.ico', (c) => c.redirect(siteAssets().icon.path, 301));

  app.get('/media/:file', async (c) => {
    const file = c.req.param('file');
    if (!MEDIA_FILE.test(file)) throw notFound('No such file');
    return serveStoredMedia(c, deps.media, file, {
      contentType: MEDIA_TYPES[path.extname(file)] ?? 'application/octet-stream',
      mediaOrigin: deps.config.mediaOrigin,
    });
  });

  return app;
}
