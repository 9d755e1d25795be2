// The newsroom desk in a real browser: sign in, write an Arabic article in the rich-text editor with a lead
// image, publish it, and read it on the public site. Server as a child process, Debian's chromium via playwright-core.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, root, type Site, skipBrowserSuite, startSite } from './harness.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const EMAIL = 'desk-editor@news.example';
const PASSWORD = 'a long enough desk password';
const HEADLINE = 'مجلس المدينة يقرّ خطة النقل الجديدة';
const LINK = 'https://example.com/transport-plan';
const INLINE_ALT = 'خريطة خطوط الحافلات';
const INLINE_CAPTION = 'الخطوط الجديدة بالأحمر';
const INLINE_CREDIT = 'بلدية المدينة';

/** Serious and critical axe violations on the page as it is now. */
async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (c: Document) => Promise<AxeResults> } }).axe.run(document),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

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

  async function signIn(page: Page) {
    await page.goto(`${base}/admin`);
    await page.waitForURL(/\/admin\/sign-in/);
    await page.fill('#email', EMAIL);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/admin`), page.click('form[action="/admin/sign-in"] button')]);
  }

  /** A new draft with `headline`, created from the dashboard; the page is left on its editor. */
  async function newDraft(page: Page, headline: string) {
    await page.goto(`${base}/admin/articles/new?edition=ar`);
    await page.fill('#headline', headline);
    const surface = page.locator('.editor-surface [contenteditable="true"]');
    await surface.click();
    await page.keyboard.type('الفقرة الأولى.');
    await Promise.all([
      page.waitForURL(/\/admin\/articles\/\w+\?done=created$/),
      page.click('#desk-form button[type="submit"]:not([data-preview])'),
    ]);
    return surface;
  }

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
    // The editor asks in the page's own dialogs, never with window.prompt.
    page.on('dialog', (dialog) => errors.push(`unexpected ${dialog.type()} dialog: ${dialog.message()}`));

    await signIn(page);
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
    const linkDialog = page.locator('#desk-link-dialog');
    await linkDialog.waitFor();
    // Focus moves into the dialog, to its address field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('desk-link-url');
    await page.keyboard.type(LINK);
    await page.keyboard.press('Enter');
    await expect.poll(() => surface.locator(`a[href="${LINK}"]`).count()).toBe(1);
    expect(await linkDialog.isVisible()).toBe(false);
    // An image in the body: the toolbar's button opens a file chooser, the file is uploaded and inserted.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.click('.editor-toolbar button[data-command="image"]'),
    ]);
    await chooser.setFiles(imagePath);
    // Its description, caption and credit are asked in a dialog.
    await page.locator('#desk-image-dialog').waitFor();
    await page.fill('#desk-image-alt', INLINE_ALT);
    await page.fill('#desk-image-caption', INLINE_CAPTION);
    await page.fill('#desk-image-credit', INLINE_CREDIT);
    await page.click('#desk-image-dialog button[value="ok"]');
    // Stored with its renditions first (a few seconds on a busy machine).
    await expect
      .poll(() => surface.locator(`figure img[alt="${INLINE_ALT}"]`).count(), { timeout: 60_000 })
      .toBe(1);

    await page.setInputFiles('#image', imagePath);
    await page.fill('#imageAlt', 'حافلة في شارع المدينة');
    await page.fill('#imageCaption', 'حافلة تجريبية');
    await Promise.all([
      page.waitForURL(/\/admin\/articles\/\w+\?done=created$/),
      page.click('#desk-form button[type="submit"]:not([data-preview])'),
    ]);
    expect(await page.locator('.desk-image img').getAttribute('alt')).toBe('حافلة في شارع المدينة');

    // The preview opens in a new tab: the article as readers will see it, not indexed.
    const [preview] = await Promise.all([
      page.context().waitForEvent('page'),
      page.click('#desk-form button[data-preview]'),
    ]);
    await preview.waitForLoadState();
    expect(await preview.locator('article h1').textContent()).toContain(HEADLINE);
    expect(await preview.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
    expect(await preview.locator(`article figure img[alt="${INLINE_ALT}"]`).count()).toBe(1);
    await preview.close();

    await Promise.all([
      page.waitForURL(/\?done=published$/),
      page.click('#desk-form button[name="intent"][value="publish"]'),
    ]);
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('published');

    await page.goto(`${base}/ar`);
    const link = page.locator('a', { hasText: HEADLINE }).first();
    await link.waitFor();
    await link.click();
    await page.waitForURL(/\/ar\/\d{4}\/\d{2}\/\d{2}\/[^/?]+$/);
    expect(await page.locator('article h1').textContent()).toContain(HEADLINE);
    expect((await page.locator('article strong').first().textContent())?.trim()).toBe('بالإجماع');
    expect(await page.locator(`article a[href="${LINK}"]`).textContent()).toBe('تفاصيل الخطة');
    // The body image: a figure with AVIF, WebP and JPEG, its caption and credit.
    const figure = page.locator('article .body figure').first();
    const inline = figure.locator(`picture img[alt="${INLINE_ALT}"]`);
    expect(await inline.getAttribute('src')).toMatch(/^\/media\/.+\.jpg$/);
    expect(await inline.getAttribute('srcset')).toMatch(/\.jpg 480w/);
    expect(await figure.locator('source[type="image/avif"]').getAttribute('srcset')).toMatch(/\.avif 480w/);
    expect(await figure.locator('source[type="image/webp"]').getAttribute('srcset')).toMatch(/\.webp 480w/);
    expect(await figure.locator('figcaption').textContent()).toContain(INLINE_CAPTION);
    expect(await figure.locator('figcaption small').textContent()).toBe(INLINE_CREDIT);
    await expect
      .poll(() => inline.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    const picture = page.locator('article picture').first();
    expect(await picture.locator('source[type="image/avif"]').getAttribute('srcset')).toMatch(/\.avif 480w/);
    expect(await picture.locator('source[type="image/webp"]').getAttribute('srcset')).toMatch(/\.webp 480w/);
    expect(await picture.locator('img').getAttribute('alt')).toBe('حافلة في شارع المدينة');
    expect(
      await picture.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);

  it('publishes what is on the screen: typed, then Publish within a second (pressed twice)', async () => {
    if (!browser) throw new Error('browser not started');
    // CSP bypassed only to inject axe into the page.
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await signIn(page);
    const surface = await newDraft(page, 'مسودة أولى للنشر السريع');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The link dialog is accessible too, while open.
    await page.click('.editor-toolbar button[data-command="link"]');
    await page.locator('#desk-link-dialog').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await page.locator('#desk-link-dialog').isVisible()).toBe(false);
    const typedHeadline = 'عنوان كُتب قبل النشر مباشرة';
    const typedText = 'جملة أخيرة لم يحفظها الحفظ التلقائي';
    const started = Date.now();
    let lastKey = Date.now();
    const typedAt = () => lastKey;
    await page.fill('#headline', typedHeadline);
    await surface.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(typedText, { delay: 0 });
    lastKey = Date.now();
    // Within a second of the last key (autosave runs every 5 s: it has not saved this).
    // A double click publishes once: the second press finds the buttons disabled.
    expect(Date.now() - typedAt()).toBeLessThan(1000);
    await Promise.all([
      page.waitForURL(/\?done=published$/),
      page.dblclick('#desk-form button[name="intent"][value="publish"]'),
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('published');
    expect(await page.locator('.admin-notice-error').count()).toBe(0);

    const live = page.locator('.desk-links a').first();
    const href = await live.getAttribute('href');
    expect(href).toMatch(/^\/ar\/\d{4}\//);
    await page.goto(`${base}${href}`);
    expect(await page.locator('article h1').textContent()).toBe(typedHeadline);
    expect(await page.locator('article .body').textContent()).toContain(typedText);
  }, 120_000);

  it('asks before leaving unsaved changes, and keeps them in the browser to restore', async () => {
    if (!browser) throw new Error('browser not started');
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page);
    await newDraft(page, 'مسودة لم تُحفظ تغييراتها');
    const editorUrl = page.url().replace(/\?.*$/, '');
    // Offline: autosave cannot reach the server and says so; the text stays in the page and the browser.
    await context.setOffline(true);
    await page.fill('#headline', 'عنوان كُتب دون اتصال');
    await expect
      .poll(() => page.locator('[data-autosave-status]').textContent(), { timeout: 20_000 })
      .toMatch(/لا اتصال|لم يُحفظ/);
    expect(await page.locator('#headline').inputValue()).toBe('عنوان كُتب دون اتصال');
    await context.setOffline(false);

    const closed = new Promise((resolve) => page.once('close', resolve));
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.type());
        // Leaving anyway: the next visit offers the copy kept in this browser.
        void dialog.accept();
      }),
    );
    await page.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
    await closed;

    const again = await context.newPage();
    await again.goto(editorUrl);
    const offer = again.locator('[data-restore]');
    await offer.waitFor();
    expect(await again.locator('#headline').inputValue()).toBe('مسودة لم تُحفظ تغييراتها');
    await again.click('[data-restore-accept]');
    expect(await again.locator('#headline').inputValue()).toBe('عنوان كُتب دون اتصال');
    await Promise.all([
      again.waitForURL(/\?done=saved$/),
      again.click('#desk-form button[name="intent"][value="save"]'),
    ]);
    expect(await again.locator('#headline').inputValue()).toBe('عنوان كُتب دون اتصال');
    // Saved: nothing is offered any more.
    await again.goto(editorUrl);
    await again.locator('#headline').waitFor();
    expect(await again.locator('[data-restore]').isHidden()).toBe(true);
    await context.close();
  }, 120_000);
});
