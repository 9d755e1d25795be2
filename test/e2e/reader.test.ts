// Reader site in a real browser: the server as a child process (demo newsroom), Debian's chromium via playwright-core.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Site, skipBrowserSuite, startSite } from './harness.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARTICLE_URL = /\/(ar|en)\/\d{4}\/\d{2}\/\d{2}\/[^/?]+$/;

describe.skipIf(skipBrowserSuite('browser tests'))('reader site in a browser', () => {
  let site: Site | undefined;
  let browser: Browser | undefined;
  let base = '';

  beforeAll(async () => {
    site = await startSite('reader');
    base = site.base;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  /** A page in a fresh context; `errors` collects page errors and console errors (CSP violations among them). */
  async function open(options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
    if (!browser) throw new Error('browser not started');
    const page = await (await browser.newContext(options)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (m) => {
      // A missing /favicon.ico is the browser's own request, not the page's.
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) {
        errors.push(`console: ${m.text()} (${m.location().url})`);
      }
    });
    return { page, errors };
  }

  async function firstArticleUrl(page: Page, edition: string): Promise<string> {
    await page.goto(`${base}/${edition}`);
    const href = await page.locator('#stories > li a[href]').first().getAttribute('href');
    if (!href) throw new Error(`no article link on /${edition}`);
    return new URL(href, base).href;
  }

  it('renders an Arabic article right to left, with byline, dates and share links', async () => {
    const { page, errors } = await open();
    await page.goto(`${base}/ar`);
    await page.locator('#stories > li a[href]').first().click();
    await page.waitForURL(ARTICLE_URL);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    const h1 = page.locator('article h1');
    expect(await h1.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(['start', 'right']).toContain(await h1.evaluate((el) => getComputedStyle(el).textAlign));
    // The headline's first line of text must hug the column's right edge (where Arabic text starts).
    const geometry = await h1.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const line = range.getClientRects()[0];
      const column = (el.closest('article') ?? el).getBoundingClientRect();
      const style = getComputedStyle(el.closest('article') ?? el);
      const right = column.right - Number.parseFloat(style.paddingRight);
      const left = column.left + Number.parseFloat(style.paddingLeft);
      return { lineLeft: line?.left ?? 0, lineRight: line?.right ?? 0, left, right };
    });
    expect(Math.abs(geometry.lineRight - geometry.right), JSON.stringify(geometry)).toBeLessThan(2);
    expect(geometry.lineLeft, JSON.stringify(geometry)).toBeGreaterThanOrEqual(geometry.left - 1);
    await expect(page.locator('article .byline a').first().isVisible()).resolves.toBe(true);
    const datetimes = await page
      .locator('article time[datetime]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(datetimes.length).toBeGreaterThan(0);
    for (const value of datetimes) expect(Number.isNaN(Date.parse(value)), value).toBe(false);
    const share = page.locator('article ul.share').first();
    expect(await share.getAttribute('aria-label')).toBeTruthy();
    const shareHref = await share.locator('a.share-facebook').getAttribute('href');
    expect(shareHref).toContain(encodeURIComponent(page.url()));
    expect(await share.locator('a[href]').count()).toBeGreaterThanOrEqual(4);
    expect(errors).toEqual([]);
  });

  it('loads more stories in place, with the loader shown meanwhile', async () => {
    const { page, errors } = await open();
    await page.goto(`${base}/ar`);
    expect(await page.locator('a[data-more]').count(), '/ar needs > 20 stories for "more stories"').toBe(1);
    await page.evaluate(() => Object.assign(window, { __marker: 'same document' }));
    const before = await page.locator('#stories > li').count();
    const loadedHref = new URL((await page.locator('a[data-more]').getAttribute('href')) ?? '', base).href;
    // Hold the fragment back until the loader has been seen.
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    await page.route(/[?&]partial=1/, async (route) => {
      await held;
      await route.continue();
    });
    await page.locator('a[data-more]').click();
    await page.waitForFunction(
      () => document.querySelector('.more .loader')?.hasAttribute('hidden') === false,
    );
    expect(await page.locator('a[data-more]').getAttribute('aria-busy')).toBe('true');
    release();
    await page.waitForFunction((n) => document.querySelectorAll('#stories > li').length > n, before);
    await page.waitForFunction(
      () => document.querySelector('.more .loader')?.hasAttribute('hidden') !== false,
    );
    expect(await page.evaluate(() => (window as { __marker?: string }).__marker)).toBe('same document');
    // The address is now the page just appended: reloading or sharing it shows what the reader was reading.
    expect.soft(page.url(), 'history.replaceState to the loaded page').toBe(loadedHref);
    const hrefs = await page
      .locator('#stories > li h2 a')
      .evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(before);
    expect(new Set(hrefs).size, 'a story is listed twice').toBe(hrefs.length);
    // Focus moves to the first appended story, for keyboard and screen-reader users.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(hrefs[before]);
    const more = page.locator('a[data-more]');
    if ((await more.count()) > 0) expect(await more.getAttribute('href')).toMatch(/\?cursor=/);
    expect(errors).toEqual([]);
  });

  it('has no serious or critical axe violations on home and article pages', async () => {
    const { page } = await open({ bypassCSP: true });
    const found: string[] = [];
    const articles = [await firstArticleUrl(page, 'ar'), await firstArticleUrl(page, 'en')];
    const pages = [`${base}/ar`, `${base}/en`, `${base}/ar/search?q=${encodeURIComponent('الحكومة')}`];
    for (const url of [...pages, `${base}/en/newsletters`, ...articles]) {
      await page.goto(url);
      await page.addScriptTag({ content: axeSource });
      const results = await page.evaluate(() =>
        (window as unknown as { axe: { run: (c: Document) => Promise<AxeResults> } }).axe.run(document),
      );
      for (const v of results.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        const nodes = v.nodes.map(
          (n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`,
        );
        found.push(`${decodeURI(url)} [${v.impact}] ${v.id}: ${v.help}\n${nodes.join('\n')}`);
      }
    }
    if (found.length > 0) console.log(`axe violations:\n${found.join('\n')}`);
    expect(found).toEqual([]);
  });

  it('fits a phone screen: no page scrolls sideways, in either direction', async () => {
    const { page } = await open({ viewport: { width: 360, height: 740 } });
    const articles = [await firstArticleUrl(page, 'ar'), await firstArticleUrl(page, 'en')];
    const search = `${base}/ar/search?q=${encodeURIComponent('الحكومة')}`;
    for (const url of [`${base}/ar`, `${base}/en`, search, `${base}/ar/newsletters`, ...articles]) {
      await page.goto(url);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, decodeURI(url)).toBeLessThanOrEqual(0);
    }
  });

  it('works without JavaScript: readable article, "more stories" is a plain link', async () => {
    const { page } = await open({ javaScriptEnabled: false });
    await page.goto(await firstArticleUrl(page, 'ar'));
    const paragraph = page.locator('article .body p').first();
    expect(await paragraph.isVisible()).toBe(true);
    expect((await paragraph.textContent())?.trim().length ?? 0).toBeGreaterThan(20);
    expect
      .soft(await page.locator('button.share-copy').first().isVisible(), 'copy-link button without JS')
      .toBe(false);
    await page.goto(`${base}/ar`);
    const firstOnPageOne = await page.locator('#stories > li h2 a').first().getAttribute('href');
    await page.locator('a[data-more]').click();
    await page.waitForURL(/\?cursor=/);
    expect(await page.locator('#stories > li').count()).toBeGreaterThan(0);
    expect(await page.locator('#stories > li h2 a').first().getAttribute('href')).not.toBe(firstOnPageOne);
  });
});
