// The newsroom desk in a real browser: sign in, write an Arabic article in the rich-text editor with a lead
// image, publish it, and read it on the public site. Server as a child process, Debian's chromium via playwright-core.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, root, type Site, skipBrowserSuite, startSite } from './harness.js';

const EMAIL = 'desk-editor@news.example';
const PASSWORD = 'a long enough desk password';
const HEADLINE = 'مجلس المدينة يقرّ خطة النقل الجديدة';
const LINK = 'https://example.com/transport-plan';
const INLINE_ALT = 'خريطة خطوط الحافلات';

describe.skipIf(skipBrowserSuite('desk browser test'))('newsroom desk in a browser', () => {
  let site: Site | undefined;
  let browser: Browser | undefined;
  let base = '';

  beforeAll(async () => {
    site = await startSite('desk');
    base = site.base;
    // The editor is added the way an operator would: the CLI, with the password on stdin.
    const added = spawnSync(
      process.execPath,
      ['bin/sahifa.js', 'user', 'add', EMAIL, '--role', 'editor', '--edition', 'ar'],
      { cwd: root, env: { ...process.env, ...site.env }, input: PASSWORD, encoding: 'utf8', timeout: 60_000 },
    );
    if (added.status !== 0) throw new Error(`user add failed: ${added.stderr}${added.stdout}`);
    browser = await launchBrowser();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('writes, illustrates and publishes an Arabic article that readers then see', async () => {
    if (!browser) throw new Error('browser not started');
    const imagePath = path.join(mkdtempSync(path.join(os.tmpdir(), 'sahifa-e2e-image-')), 'lead.png');
    await sharp({ create: { width: 1000, height: 600, channels: 3, background: '#2f6f4f' } })
      .png()
      .toFile(imagePath);

    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'))
        errors.push(`console: ${m.text()}`);
    });
    // The editor asks with prompts: the link's address, then an uploaded image's description.
    const answers = [LINK, INLINE_ALT];
    page.on('dialog', (dialog) => void dialog.accept(answers.shift() ?? ''));

    await page.goto(`${base}/admin`);
    await page.waitForURL(/\/admin\/sign-in/);
    await page.fill('#email', EMAIL);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/admin`), page.click('form[action="/admin/sign-in"] button')]);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');

    await page.click('a[href="/admin/articles/new?edition=ar"]');
    await page.waitForURL(/\/admin\/articles\/new\?edition=ar$/);
    await page.fill('#headline', HEADLINE);
    await page.fill('#standfirst', 'خطة تربط الأحياء بخطوط حافلات سريعة');

    // The textarea is replaced by the rich-text editor.
    const surface = page.locator('.editor-surface [contenteditable="true"]');
    await surface.waitFor();
    expect(await page.locator('textarea#body').isHidden()).toBe(true);
    await surface.click();
    await page.keyboard.type('أقرّ المجلس الخطة ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('بالإجماع');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' مساء أمس.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('تفاصيل الخطة');
    await page.keyboard.press('Shift+Home');
    await page.click('.editor-toolbar button[data-command="link"]');
    await expect.poll(() => surface.locator(`a[href="${LINK}"]`).count()).toBe(1);
    // An image in the body: the toolbar's button opens a file chooser, the file is uploaded and inserted.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.click('.editor-toolbar button[data-command="image"]'),
    ]);
    await chooser.setFiles(imagePath);
    await expect.poll(() => surface.locator(`img[alt="${INLINE_ALT}"]`).count()).toBe(1);

    await page.setInputFiles('#image', imagePath);
    await page.fill('#imageAlt', 'حافلة في شارع المدينة');
    await page.fill('#imageCaption', 'حافلة تجريبية');
    await Promise.all([
      page.waitForURL(/\/admin\/articles\/\w+\?done=created$/),
      page.click('form.desk-form button[type="submit"]'),
    ]);
    expect(await page.locator('.desk-image img').getAttribute('alt')).toBe('حافلة في شارع المدينة');

    await Promise.all([page.waitForURL(/\?done=published$/), page.click('form[action$="/publish"] button')]);
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('published');

    await page.goto(`${base}/ar`);
    const link = page.locator('a', { hasText: HEADLINE }).first();
    await link.waitFor();
    await link.click();
    await page.waitForURL(/\/ar\/\d{4}\/\d{2}\/\d{2}\/[^/?]+$/);
    expect(await page.locator('article h1').textContent()).toContain(HEADLINE);
    expect((await page.locator('article strong').first().textContent())?.trim()).toBe('بالإجماع');
    expect(await page.locator(`article a[href="${LINK}"]`).textContent()).toBe('تفاصيل الخطة');
    const inline = page.locator(`article .body img[alt="${INLINE_ALT}"]`);
    expect(await inline.getAttribute('src')).toMatch(/^\/media\/.+\.jpg$/);
    expect(await inline.getAttribute('srcset')).toMatch(/\.jpg 480w/);
    expect(await inline.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const picture = page.locator('article picture').first();
    expect(await picture.locator('source[type="image/avif"]').getAttribute('srcset')).toMatch(/\.avif 480w/);
    expect(await picture.locator('source[type="image/webp"]').getAttribute('srcset')).toMatch(/\.webp 480w/);
    expect(await picture.locator('img').getAttribute('alt')).toBe('حافلة في شارع المدينة');
    expect(
      await picture.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);
});
