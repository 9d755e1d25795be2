// The conversation in a real browser: a reader signs in from the mailed link (read from the outbox, as an
// operator without SMTP would), comments in Arabic, an editor approves it in /admin/comments, and the
// reader then sees it under the article. Server as a child process, Debian's chromium via playwright-core.
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox, readOutboxMessage } from '../../src/mail/outbox.js';
import { launchBrowser, root, type Site, skipBrowserSuite, startSite } from './harness.js';

const EDITOR = 'comments-editor@news.example';
const PASSWORD = 'a long enough desk password';
const READER = 'reader@example.com';
const NAME = 'ليلى من حلب';
const COMMENT = 'شكراً على هذا التقرير المفصّل، متى تُنشر النتائج الكاملة؟';

/** The sign-in link mailed to `to` (the outbox holds every message when no SMTP server is set). */
async function mailedLink(site: Site, to: string): Promise<string | undefined> {
  const dataDir = site.env.DATA_DIR ?? '';
  for (const entry of await listOutbox(dataDir)) {
    if (!entry.to.includes(to)) continue;
    const message = await readOutboxMessage(dataDir, entry.file);
    const link = /https?:\/\/\S+\/account\/link\?token=[\w-]+/.exec(message?.text ?? '')?.[0];
    if (link) return link;
  }
  return undefined;
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(skipBrowserSuite('conversation browser test'))('the conversation in a browser', () => {
  let site: Site | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    site = await startSite('conversation');
    const added = spawnSync(
      process.execPath,
      ['bin/sahifa.js', 'user', 'add', EDITOR, '--role', 'editor', '--edition', 'ar'],
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

  it('a reader signs in from the mailed link, comments in Arabic; an editor approves; the reader sees it', async () => {
    if (!site) throw new Error('site not started');
    const base = site.base;
    const reader = await newPage();

    // The first story of the Arabic home page, and its conversation.
    await reader.goto(`${base}/ar`);
    const href = await reader.locator('#stories > li a[href]').first().getAttribute('href');
    if (!href) throw new Error('no article on /ar');
    const articleUrl = new URL(href, base).toString();
    await reader.goto(articleUrl);
    await expect(reader.locator('#comments h2').textContent()).resolves.toContain('محادثة');

    // Sign in: an email, then the link from the outbox, confirmed with one button.
    await reader.goto(
      `${base}/ar/account?next=${encodeURIComponent(`${new URL(articleUrl).pathname}#comments`)}`,
    );
    await reader.fill('#reader-email', READER);
    await Promise.all([
      reader.waitForURL(/\/ar\/account\/sign-in/),
      reader.locator('form[action="/ar/account/sign-in"] button[type="submit"]').click(),
    ]);
    const link = await waitFor('the sign-in mail', () => mailedLink(site as Site, READER));
    await reader.goto(link.replace(/^https?:\/\/[^/]+/, base));
    await Promise.all([
      reader.waitForURL(/\/ar\/account/),
      reader.locator('form[action="/ar/account/link"] button[type="submit"]').click(),
    ]);

    // A display name, once; then back to the article.
    await reader.fill('#reader-name', NAME);
    await Promise.all([reader.waitForURL(/\/ar\/\d{4}\//), reader.locator('#reader-name').press('Enter')]);

    // The comment, posted in place by the script: a new reader waits for review.
    await reader.goto(articleUrl);
    await reader.fill('#comment-body', COMMENT);
    await reader.locator('.comment-form button[type="submit"]').click();
    await expect
      .poll(() => reader.locator('.comment-form .comment-status').textContent(), { timeout: 10_000 })
      .toMatch(/\S/);
    expect(reader.url()).toBe(articleUrl);
    expect(await reader.locator('#comments').textContent()).not.toContain(COMMENT);

    // The editor finds it in the pending queue and approves it.
    const editor = await newPage();
    await editor.goto(`${base}/admin`);
    await editor.waitForURL(/\/admin\/sign-in/);
    await editor.fill('#email', EDITOR);
    await editor.fill('#password', PASSWORD);
    await Promise.all([
      editor.waitForURL(`${base}/admin`),
      editor.click('form[action="/admin/sign-in"] button'),
    ]);
    await editor.goto(`${base}/admin/comments`);
    const card = editor.locator('.comments-desk-item', { hasText: COMMENT });
    await expect(card.textContent()).resolves.toContain(NAME);
    await Promise.all([
      editor.waitForLoadState('load'),
      card.locator('form[action$="/approve"] button').click(),
    ]);

    await expect(editor.locator('main').textContent()).resolves.toContain('تمت الموافقة');
    // Every instance's page cache drops the article's thread (through the change log): the reader,
    // reloading the page they are on, sees the comment.
    await reader.goto(articleUrl);
    await expect
      .poll(
        async () => {
          await reader.reload();
          // The thread is brought in (a cached fragment) as the reader nears the end of the article.
          await reader.locator('#comments').scrollIntoViewIfNeeded();
          await reader.waitForTimeout(300);
          return reader.locator('#comments').textContent();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toContain(COMMENT);
    const comment = reader.locator('#comments li', { hasText: COMMENT }).first();
    await expect(comment.textContent()).resolves.toContain(NAME);
    expect(await comment.locator('[dir="auto"]').count()).toBeGreaterThan(0);
  }, 120_000);
});
