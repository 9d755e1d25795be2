// Live coverage in a real browser: an editor makes a story a live coverage and posts an update from the
// desk; a reader has the page open; the editor posts another; the reader's page says "1 new update"
// by itself (polling the cached updates endpoint) and shows it on click. Server as a child process,
// Debian's chromium via playwright-core.
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, root, type Site, skipBrowserSuite, startSite } from './harness.js';

const EMAIL = 'live-editor@news.example';
const PASSWORD = 'a long enough desk password';

describe.skipIf(skipBrowserSuite('live coverage browser test'))('live coverage in a browser', () => {
  let site: Site | undefined;
  let browser: Browser | undefined;
  let base = '';

  beforeAll(async () => {
    site = await startSite('live');
    base = site.base;
    const added = spawnSync(
      process.execPath,
      ['bin/sahifa.js', 'user', 'add', EMAIL, '--role', 'editor', '--edition', 'en'],
      { cwd: root, env: { ...process.env, ...site.env }, input: PASSWORD, encoding: 'utf8', timeout: 60_000 },
    );
    if (added.status !== 0) throw new Error(`user add failed: ${added.stderr}${added.stdout}`);
    browser = await launchBrowser();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  async function newPage(): Promise<Page> {
    if (!browser) throw new Error('browser not started');
    return (await browser.newContext()).newPage();
  }

  /** An update from the desk's form, in the rich-text editor; back on the coverage's desk page. */
  async function postUpdate(editor: Page, title: string, text: string) {
    const form = editor.locator('.live-desk-new form');
    await form.locator('#title').fill(title);
    await form.locator('.editor-surface [contenteditable="true"]').click();
    await editor.keyboard.type(text);
    await Promise.all([
      editor.waitForURL(/\/admin\/live\/\w+\?done=added$/),
      form.locator('button[type="submit"]').click(),
    ]);
  }

  it("shows a reader '1 new update' after an editor adds one, and the update on click", async () => {
    const reader = await newPage();
    const errors: string[] = [];
    reader.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));

    // The newest English story, and its id (the page carries it for the view beacon).
    await reader.goto(`${base}/en`);
    const href = await reader.locator('#stories > li a[href]').first().getAttribute('href');
    if (!href) throw new Error('no article on /en');
    const articleUrl = new URL(href, base).toString();
    const html = await (await fetch(articleUrl)).text();
    const articleId = /data-article="([0-9a-z]+)"/.exec(html)?.[1];
    if (!articleId) throw new Error('no article id on the page');

    // The editor makes it a live coverage and posts a first update.
    const editor = await newPage();
    await editor.goto(`${base}/admin`);
    await editor.waitForURL(/\/admin\/sign-in/);
    await editor.fill('#email', EMAIL);
    await editor.fill('#password', PASSWORD);
    await Promise.all([
      editor.waitForURL(`${base}/admin`),
      editor.click('form[action="/admin/sign-in"] button'),
    ]);
    await editor.goto(`${base}/admin/live/${articleId}`);
    await Promise.all([
      editor.waitForURL(/\?done=started$/),
      editor.locator(`form[action="/admin/live/${articleId}/start"] button`).click(),
    ]);
    await postUpdate(editor, 'Talks begin', 'The two delegations sat down at ten.');

    // The reader opens the live page: LIVE, the first update, nothing waiting.
    await reader.goto(articleUrl);
    await expect(reader.locator('.live-label').textContent()).resolves.toBe('LIVE');
    await expect(reader.locator('.live-entries .live-entry h3').allTextContents()).resolves.toEqual([
      'Talks begin',
    ]);
    const button = reader.locator('.live-new button');
    expect(await button.isHidden()).toBe(true);

    // Another update from the desk: the reader's page learns of it by itself, and waits to be asked.
    await postUpdate(editor, 'Delegations break for lunch', 'A spokesperson said talks would resume at two.');
    await expect.poll(() => button.textContent(), { timeout: 30_000, interval: 500 }).toBe('1 new update');
    expect(await button.isVisible()).toBe(true);
    expect(await reader.locator('.live-entries .live-entry').count()).toBe(1);

    await button.click();
    await expect(reader.locator('.live-entries .live-entry h3').allTextContents()).resolves.toEqual([
      'Delegations break for lunch',
      'Talks begin',
    ]);
    expect(await button.isHidden()).toBe(true);
    await expect(reader.evaluate(() => document.activeElement?.className)).resolves.toContain('live-entry');
    expect(reader.url()).toBe(articleUrl);
    expect(errors).toEqual([]);
  }, 120_000);
});
