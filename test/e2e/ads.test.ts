// Advertising in a real browser: a sales user sets up slots, a third-party tag and a house ad on the desk;
// a reader's article page then has its slots reserved (CLS measured in the page stays under 0.01, on a phone
// and on a wide screen with the sidebar slot), the sidebar's ad image is never fetched on a phone, and no
// request leaves for the ad host until the reader accepts in the consent banner (never under GPC).
import { spawnSync } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, root, type Site, skipBrowserSuite, startSite } from './harness.js';

const EMAIL = 'sales@news.example';
const PASSWORD = 'a long enough sales password';
const AD_HOST = 'ads.example.net';
const TAG = `https://${AD_HOST}/tag.js`;
const READER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

/** Sums layout shifts not caused by input, from the start of the page (installed before any script runs). */
const CLS_OBSERVER = `
  window.__cls = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
`;

describe.skipIf(skipBrowserSuite('advertising'))('advertising in a browser', () => {
  let site: Site | undefined;
  let browser: Browser | undefined;
  let base = '';
  let articleUrl = '';

  beforeAll(async () => {
    site = await startSite('ads');
    base = site.base;
    const added = spawnSync(
      process.execPath,
      ['bin/sahifa.js', 'user', 'add', EMAIL, '--role', 'sales', '--edition', 'ar'],
      { cwd: root, env: { ...process.env, ...site.env }, input: PASSWORD, encoding: 'utf8', timeout: 60_000 },
    );
    if (added.status !== 0) throw new Error(`user add failed: ${added.stderr}${added.stdout}`);
    browser = await launchBrowser();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  /**
   * A reader's page (phone-sized unless `wide`) that answers the ad host's script locally and records
   * every request to it.
   */
  async function readerPage(
    options: { gpc?: boolean; wide?: boolean } = {},
  ): Promise<{ page: Page; context: BrowserContext; adRequests: string[] }> {
    if (!browser) throw new Error('not started');
    const context = await browser.newContext({
      ...(options.wide
        ? { viewport: { width: 1280, height: 900 } }
        : { userAgent: READER, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 }),
      ...(options.gpc ? { extraHTTPHeaders: { 'Sec-GPC': '1' } } : {}),
    });
    if (options.gpc)
      await context.addInitScript(() =>
        Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
      );
    await context.addInitScript(CLS_OBSERVER);
    const adRequests: string[] = [];
    context.on('request', (request) => {
      if (new URL(request.url()).hostname === AD_HOST) adRequests.push(request.url());
    });
    await context.route(`https://${AD_HOST}/**`, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: "document.documentElement.dataset.adTag = 'ran';",
      }),
    );
    return { page: await context.newPage(), context, adRequests };
  }

  it('a sales user sets up slots, a tag and a house ad on the desk', async () => {
    if (!browser) throw new Error('browser not started');
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/admin`);
    await page.waitForURL(/\/admin\/sign-in/);
    await page.fill('#email', EMAIL);
    await page.fill('#password', PASSWORD);
    // A sales user's desk is the advertising desk.
    await Promise.all([
      page.waitForURL(`${base}/admin/ads`),
      page.click('form[action="/admin/sign-in"] button'),
    ]);

    await page.goto(`${base}/admin/ads/settings/ar`);
    await page.check('input[name="on"][value="article_inline"]');
    await page.check('input[name="on"][value="article_end"]');
    await page.check('input[name="on"][value="article_sidebar"]');
    // A skyscraper: its image (160 px wide) is another rendition than the 300 px slots', so a phone that
    // fetched it would show in `currentSrc` (the same address as a slot shown would come from memory).
    await page.selectOption('#article_sidebar_wide', '160x600');
    await page.selectOption('#article_inline_narrow', '300x250');
    await page.selectOption('#article_end_narrow', '320x100');
    await page.fill('#after', '1');
    await page.fill('#every', '2');
    await page.fill('#max', '2');
    await page.fill('#minWords', '0');
    await page.fill('#allowedHosts', AD_HOST);
    await page.fill('#tagScripts', TAG);
    await Promise.all([page.waitForURL(/done=saved/), page.click('form.admin-form button[type="submit"]')]);

    const poster = await sharp({ create: { width: 1200, height: 1000, channels: 3, background: '#2a6' } })
      .jpeg()
      .toBuffer();
    await page.goto(`${base}/admin/ads/new`);
    await page.fill('#name', 'Book fair');
    await page.selectOption('#kind', 'image');
    await page.setInputFiles('#image', { name: 'fair.jpg', mimeType: 'image/jpeg', buffer: poster });
    await page.fill('#alt', 'معرض الكتاب');
    await page.fill('#linkUrl', 'https://fair.example/');
    await page.fill('#startDay', '2020-01-01');
    // Two inline slots, the end and the sidebar: the campaign fills all four.
    await page.fill('#maxPerPage', '4');
    await Promise.all([
      page.waitForURL(/\/admin\/ads\?done=added/),
      page.click('form.admin-form button[type="submit"]'),
    ]);
    expect(await page.textContent('table')).toContain('Book fair');
    await page.context().close();
  }, 90_000);

  /** Scrolls through the page so every lazy image that shows loads, then waits for the network. */
  async function scrollThrough(page: Page) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0; y < height; y += 400) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(100);
    }
    await page.waitForLoadState('networkidle');
  }

  const sidebarImage = '.article-aside aside.ad img';
  /** The address the sidebar ad's image was loaded from: '' while it was never fetched. */
  const loadedFrom = (page: Page) => page.$eval(sidebarImage, (img) => (img as HTMLImageElement).currentSrc);

  it('reserves every slot: CLS under 0.01 on an article with house-ad slots', async () => {
    const { page, context, adRequests } = await readerPage();
    await page.goto(`${base}/ar`);
    articleUrl = (await page.locator('#stories > li a[href]').first().getAttribute('href')) ?? '';
    expect(articleUrl).not.toBe('');
    await page.goto(`${base}${articleUrl}`, { waitUntil: 'load' });
    expect(await page.locator('aside.ad').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('aside.ad a[data-ad] img').count()).toBeGreaterThanOrEqual(1);
    await scrollThrough(page);
    const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
    expect(cls).toBeLessThan(0.01);
    // The slots kept their reserved size with the image in them.
    const box = await page.locator('aside.ad .ad-box').first().boundingBox();
    expect(box && Math.round(box.width)).toBe(300);
    expect(box && Math.round(box.height)).toBe(250);
    // The sidebar's slot is in the page (the same for every reader) but not shown on a phone, and its
    // image was never fetched, the page scrolled to its end: the page weighs only the ads it shows.
    expect(await page.locator('.article-aside aside.ad').isVisible()).toBe(false);
    expect(await loadedFrom(page)).toBe('');
    expect(adRequests).toEqual([]);
    await context.close();
  }, 90_000);

  it('puts the sidebar slot beside the text on a wide screen, reserved: CLS under 0.01', async () => {
    const { page, context } = await readerPage({ wide: true });
    await page.goto(`${base}${articleUrl}`, { waitUntil: 'load' });
    const slot = page.locator('.article-aside aside.ad .ad-box');
    await slot.waitFor({ state: 'visible' });
    // Reserved before its image loads, at the size the desk chose.
    const reserved = await slot.boundingBox();
    expect(reserved && [Math.round(reserved.width), Math.round(reserved.height)]).toEqual([160, 600]);
    // Beside the text: level with its top, and on its left in this right-to-left page.
    const text = await page.locator('article.article').boundingBox();
    if (!reserved || !text) throw new Error('no boxes');
    expect(reserved.x + reserved.width).toBeLessThan(text.x);
    expect(reserved.y).toBeLessThan(text.y + 200);
    await scrollThrough(page);
    expect(await loadedFrom(page)).not.toBe('');
    const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
    expect(cls).toBeLessThan(0.01);
    const filled = await slot.boundingBox();
    expect(filled && [Math.round(filled.width), Math.round(filled.height)]).toEqual([160, 600]);
    await context.close();
  }, 90_000);

  it('sends nothing to the ad host before consent, loads the tag after "accept", and remembers the choice', async () => {
    const { page, context, adRequests } = await readerPage();
    await page.goto(`${base}${articleUrl}`, { waitUntil: 'networkidle' });
    const banner = page.locator('#consent');
    await banner.waitFor({ state: 'visible' });
    // Three choices of equal weight.
    const sizes = await page.$$eval('#consent .consent-actions button:not([hidden])', (buttons) =>
      buttons.map((b) => [b.getBoundingClientRect().height, getComputedStyle(b).fontSize, b.className]),
    );
    expect(sizes).toHaveLength(3);
    expect(new Set(sizes.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(adRequests).toEqual([]);
    expect(await page.locator(`script[src^="https://${AD_HOST}"]`).count()).toBe(0);

    const tagRequest = page.waitForRequest((r) => r.url() === TAG);
    await page.click('[data-consent="accept"]');
    await tagRequest;
    await page.waitForFunction(() => document.documentElement.dataset.adTag === 'ran');
    await banner.waitFor({ state: 'hidden' });
    const cookie = (await context.cookies()).find((c) => c.name === 'sahifa_consent');
    expect(cookie?.value).toBe('ads');
    // Kept about six months.
    expect((cookie?.expires ?? 0) - Date.now() / 1000).toBeGreaterThan(180 * 86_400);

    // Next page: no banner, the tag loads at once; the footer link opens the banner again.
    adRequests.length = 0;
    await page.goto(`${base}${articleUrl}`, { waitUntil: 'networkidle' });
    expect(await banner.isVisible()).toBe(false);
    expect(adRequests).toEqual([TAG]);
    await page.click('button.consent-open');
    await banner.waitFor({ state: 'visible' });
    await page.click('[data-consent="reject"]');
    expect((await context.cookies()).find((c) => c.name === 'sahifa_consent')?.value).toBe('none');
    adRequests.length = 0;
    await page.goto(`${base}${articleUrl}`, { waitUntil: 'networkidle' });
    expect(adRequests).toEqual([]);
    await context.close();
  }, 90_000);

  it('with Global Privacy Control: no banner and no request to the ad host', async () => {
    const { page, context, adRequests } = await readerPage({ gpc: true });
    await page.goto(`${base}${articleUrl}`, { waitUntil: 'networkidle' });
    expect(await page.locator('#consent').isVisible()).toBe(false);
    expect(await page.locator('aside.ad').count()).toBeGreaterThanOrEqual(2);
    expect(adRequests).toEqual([]);
    await context.close();
  }, 60_000);
});
