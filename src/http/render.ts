import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { CacheTag } from './cache-tags.js';
import type { AppEnv } from './env.js';

/**
 * Sends a full HTML page. With `tags`, the page may be kept in the page cache
 * until a content change names one of them.
 */
export async function renderPage(
  c: Context<AppEnv>,
  page: JSX.Element,
  tags?: CacheTag[],
  status: 200 | 404 | 410 = 200,
) {
  if (tags) c.set('cacheTags', tags);
  const html = `<!doctype html>${await page.toString()}`;
  c.set('renderedHtml', html);
  return c.html(html, status);
}

/** Sends an HTML fragment (load-more), cacheable like a page. */
export async function renderFragment(c: Context<AppEnv>, fragment: JSX.Element, tags: CacheTag[]) {
  c.set('cacheTags', tags);
  const html = await fragment.toString();
  c.set('renderedHtml', html);
  return c.html(html);
}
