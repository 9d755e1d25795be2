// View counting in a real browser: the article page's beacon (and its no-script image) reach the
// server, which writes them to the database within a flush (src/readership).
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Site, skipBrowserSuite, startSite } from './harness.js';

/** Headless chromium says so in its user agent (and is rightly not counted): these readers look like people. */
const READER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe.skipIf(skipBrowserSuite('view counting'))('view counting in a browser', () => {
  let site: Site | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    site = await startSite('readership');
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  async function articlePage(options: { javaScriptEnabled: boolean; userAgent: string }): Promise<Page> {
    if (!browser || !site) throw new Error('not started');
    const page = await (await browser.newContext(options)).newPage();
    await page.goto(`${site.base}/ar`);
    const href = await page.locator('#stories > li a[href]').first().getAttribute('href');
    if (!href) throw new Error('no article on /ar');
    return page;
  }

  /** Views the server has written for `articleId` (it flushes every few seconds). */
  async function writtenViews(articleId: string, atLeast: number): Promise<number> {
    const file = path.join(site?.env.DATA_DIR ?? '', 'sahifa.sqlite');
    const deadline = Date.now() + 15_000;
    for (;;) {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const row = db
          .prepare('select coalesce(sum(views), 0) as views from article_views where article_id = ?')
          .get(articleId) as { views: number };
        if (row.views >= atLeast || Date.now() > deadline) return row.views;
      } finally {
        db.close();
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it('counts a reader once with the beacon and once more without JavaScript, with no cookie', async () => {
    const page = await articlePage({ javaScriptEnabled: true, userAgent: READER });
    const beacon = page.waitForRequest((r) => r.url().endsWith('/views') && r.method() === 'POST');
    await page.locator('#stories > li a[href]').first().click();
    const sent = await beacon;
    const answer = await sent.response();
    expect(answer?.status()).toBe(204);
    expect(answer?.headers()['cache-control']).toBe('no-store');
    expect(answer?.headers()['set-cookie']).toBeUndefined();
    const articleId = new URLSearchParams(sent.postData() ?? '').get('article') ?? '';
    expect(articleId).toMatch(/^[0-9a-z]{20}$/);
    expect(await page.context().cookies()).toEqual([]);
    // The no-script image is not loaded when scripts run.
    expect(await writtenViews(articleId, 1)).toBe(1);

    const noScript = await articlePage({ javaScriptEnabled: false, userAgent: `${READER} (another reader)` });
    const pixel = noScript.waitForResponse((r) => r.url().endsWith(`/views/${articleId}.gif`));
    await noScript.goto(page.url());
    expect((await pixel).status()).toBe(200);
    expect(await writtenViews(articleId, 2)).toBe(2);
  }, 60_000);
});
