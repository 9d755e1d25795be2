// Every /admin page at 360 px wide, in the Arabic and the English admin UI: no page may scroll sideways.
// The pages are found the way a person would find them: from the dashboard and the admin navigation,
// following every /admin link (one page per kind of address), so a new admin page is checked too.
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, root, type Site, skipBrowserSuite, startSite } from './harness.js';

const PASSWORD = 'a long enough layout password';
const USERS = [
  { email: 'layout-ar@news.example', edition: 'ar', dir: 'rtl' },
  { email: 'layout-en@news.example', edition: 'en', dir: 'ltr' },
] as const;

/** Pages no link leads to (or only a form's GET does) that must be checked too. */
const SEEDS = [
  '/admin',
  '/admin/articles/new?edition=ar',
  '/admin/articles/new?edition=en',
  '/admin/wire',
  '/admin/feeds',
  '/admin/feeds/new',
  '/admin/newsletters',
  '/admin/newsletters/new',
  '/admin/users',
  '/admin/users/new',
  '/admin/audit',
  '/admin/editions',
  '/admin/editions/new',
  '/admin/agencies',
  '/admin/agencies/new',
  '/admin/integrations',
  '/admin/front',
  '/admin?q=a',
  '/admin/comments',
  '/admin/comments?queue=reported',
  '/admin/comments/settings?edition=ar',
];

/** Not pages: downloads, raw files, sign-out. */
const SKIP = [/\.csv($|\?)/, /^\/admin\/outbox\/[^/]+$/, /^\/admin\/sign-out/, /\/preview(\.css)?$/];

/** One page per kind of address: ids become ":id", query values are dropped (keys kept). */
function kindOf(href: string): string {
  const url = new URL(href, 'http://x');
  const path = url.pathname
    .split('/')
    .map((part) => (/^(?=.*\d)[0-9a-z]{8,}$/.test(part) || /^\d+$/.test(part) ? ':id' : part))
    .join('/');
  const keys = [...url.searchParams.keys()].sort().join('&');
  return keys ? `${path}?${keys}` : path;
}

async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/admin/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('form[action="/admin/sign-in"] button')]);
}

/** What sticks out of the page, for a useful failure message. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    const width = root.clientWidth;
    const culprits: string[] = [];
    if (root.scrollWidth > width) {
      for (const element of document.body.querySelectorAll('*')) {
        const box = element.getBoundingClientRect();
        if (box.width === 0) continue;
        if (box.right > width + 0.5 || box.left < -0.5) {
          const name = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${
            element.classList.length ? `.${[...element.classList].join('.')}` : ''
          }`;
          culprits.push(`${name} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
          if (culprits.length >= 8) break;
        }
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, culprits };
  });
}

describe.skipIf(skipBrowserSuite('admin layout browser test'))('/admin at 360 px', () => {
  let site: Site | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    site = await startSite('admin-layout');
    for (const user of USERS) {
      const added = spawnSync(
        process.execPath,
        ['bin/sahifa.js', 'user', 'add', user.email, '--role', 'admin', '--edition', user.edition],
        {
          cwd: root,
          env: { ...process.env, ...site.env },
          input: PASSWORD,
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      if (added.status !== 0) throw new Error(`user add failed: ${added.stderr}${added.stdout}`);
    }
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  for (const user of USERS) {
    it(`no admin page scrolls sideways (${user.dir}, ${user.edition} admin UI)`, async () => {
      if (!browser || !site) throw new Error('not started');
      const base = site.base;
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      // A page that asks before leaving (the editor with unsaved work) is left anyway.
      page.on('dialog', (dialog) => void dialog.accept());
      await signIn(page, base, user.email);
      expect(await page.locator('html').getAttribute('dir')).toBe(user.dir);

      const queue = [...SEEDS];
      const seen = new Set<string>();
      const checked: string[] = [];
      const failures: string[] = [];
      while (queue.length > 0 && checked.length < 80) {
        const path = queue.shift() as string;
        const kind = kindOf(path);
        if (seen.has(kind) || SKIP.some((re) => re.test(path))) continue;
        seen.add(kind);
        const response = await page.goto(`${base}${path}`);
        if (!response || !(response.headers()['content-type'] ?? '').startsWith('text/html')) continue;
        if (new URL(page.url()).pathname.startsWith('/admin/sign-in')) {
          failures.push(`${path}: signed out`);
          continue;
        }
        checked.push(path);
        const result = await overflow(page);
        if (result.scrollWidth > result.clientWidth)
          failures.push(
            `${path}: ${result.scrollWidth} px wide in ${result.clientWidth} px (${result.culprits.join(', ')})`,
          );
        const links = await page.$$eval('a[href^="/admin"]', (anchors) =>
          anchors.map((a) => a.getAttribute('href') ?? ''),
        );
        for (const href of links) if (!seen.has(kindOf(href))) queue.push(href);
      }
      await context.close();
      // The crawl reached the pages that matter (the editor and the history of a real article among them).
      expect(checked).toEqual(
        expect.arrayContaining(['/admin', '/admin/wire', '/admin/users', '/admin/integrations']),
      );
      expect(checked.some((p) => /^\/admin\/articles\/[0-9a-z]+$/.test(p))).toBe(true);
      expect(checked.some((p) => /\/revisions$/.test(p))).toBe(true);
      expect(failures).toEqual([]);
    }, 300_000);
  }

  it('the signed-out pages fit too', async () => {
    if (!browser || !site) throw new Error('not started');
    for (const locale of ['ar', 'en']) {
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        extraHTTPHeaders: { 'accept-language': locale },
      });
      const page = await context.newPage();
      for (const path of ['/admin/sign-in', '/admin/password/forgot']) {
        await page.goto(`${site.base}${path}`);
        const result = await overflow(page);
        expect(`${locale} ${path}: ${result.scrollWidth} ${result.culprits.join(', ')}`).toBe(
          `${locale} ${path}: ${result.clientWidth} `,
        );
      }
      await context.close();
    }
  }, 120_000);
});
