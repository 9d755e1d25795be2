// Credits, captions, sign-up boxes and the 404 as a reader sees them in a real browser (the demo newsroom).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Site, skipBrowserSuite, startSite } from './harness.js';

// The demo's Arabic agency story with a lead image credited to the agency (src/demo/content.ts, ar-dam-rains).
const DAM_SLUG = 'امطار-غزيرة-ترفع-مخزون-السدود';

describe.skipIf(skipBrowserSuite('browser tests'))('credits and dead ends in a browser', () => {
  let site: Site | undefined;
  let browser: Browser | undefined;
  let base = '';
  /** The dam story's address, found by the first test. */
  let damUrl = '';

  beforeAll(async () => {
    site = await startSite('credits');
    base = site.base;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  async function open(url: string, locale = 'en-US'): Promise<Page> {
    if (!browser) throw new Error('browser not started');
    const page = await (
      await browser.newContext({ locale, viewport: { width: 390, height: 844 } })
    ).newPage();
    const res = await page.goto(url);
    if (!res) throw new Error(`no answer from ${url}`);
    return page;
  }

  /** The top and bottom of an element on the page. */
  const box = async (page: Page, selector: string) => {
    const b = await page.locator(selector).first().boundingBox();
    if (!b) throw new Error(`${selector} is not shown`);
    return { top: b.y, bottom: b.y + b.height };
  };

  it('credits the agency by its Arabic name; caption, credit and copyright each on a line of their own', async () => {
    const page = await open(`${base}/ar/agency/lpa`);
    expect(await page.locator('h1').textContent()).toContain('وكالة أنباء المشرق');
    const href = await page
      .locator(`a[href*="${encodeURIComponent(DAM_SLUG)}"]`)
      .first()
      .getAttribute('href');
    if (!href) throw new Error('no link to the dam story');
    damUrl = new URL(href, base).href;
    await page.goto(damUrl);
    expect(await page.locator('.byline').textContent()).toBe('بقلم: وكالة أنباء المشرق');

    const caption = await box(page, 'figure.lead figcaption .caption');
    const credit = await box(page, 'figure.lead figcaption .credit');
    expect(credit.top).toBeGreaterThanOrEqual(caption.bottom - 1);
    expect(await page.locator('figure.lead figcaption .credit').textContent()).toContain('LPA');

    // The copyright line is under the text, in Arabic, not between the byline and the image.
    const copyright = page.locator('article > .copyright');
    expect(await copyright.textContent()).toMatch(/^© \d{4} وكالة أنباء المشرق$/);
    expect((await box(page, 'article > .copyright')).top).toBeGreaterThan(
      (await box(page, '.body')).bottom - 1,
    );
    expect((await box(page, '.byline')).bottom).toBeLessThan((await box(page, 'figure.lead')).top);
  });

  it('ticks no newsletter box for the reader, on the article and on the newsletters page', async () => {
    expect(damUrl).not.toBe('');
    for (const url of [damUrl, `${base}/ar/newsletters`, `${base}/en/newsletters`]) {
      const page = await open(url);
      const boxes = page.locator('input[type="checkbox"][name="newsletter"]');
      expect(await boxes.count(), url).toBeGreaterThan(0);
      for (const checked of await boxes.evaluateAll((inputs) =>
        inputs.map((i) => (i as HTMLInputElement).checked),
      ))
        expect(checked, url).toBe(false);
    }
  });

  it('answers a dead link with the masthead, search and sections, in the language asked for', async () => {
    const inside = await open(`${base}/ar/no-such-page`);
    expect(await inside.locator('h1').textContent()).toBe('الصفحة غير موجودة');
    expect(await inside.locator('header.masthead input[name="q"]').count()).toBe(1);
    expect(await inside.locator('header.masthead nav ul.sections a').count()).toBeGreaterThan(1);

    const outside = await open(`${base}/no-such-page`, 'ar');
    expect(await outside.locator('html').getAttribute('lang')).toBe('ar');
    expect(await outside.locator('header.masthead input[name="q"]').count()).toBe(1);
  });

  it('has one search box on the search page', async () => {
    const page = await open(`${base}/ar/search?q=${encodeURIComponent('أمطار')}`);
    expect(await page.locator('input[name="q"]').count()).toBe(1);
  });
});
