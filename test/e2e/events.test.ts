// Events in a real browser: an editor creates an Arabic event on the desk (the description in the rich-text
// editor) and publishes it; a reader finds it from the header's Events link on /ar/events, opens it and
// downloads its calendar file, which an independent parser (ical.js) reads back to the right instant.
// Server as a child process, Debian's chromium via playwright-core.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, root, type Site, skipBrowserSuite, startSite } from './harness.js';

const EDITOR = 'events-editor@news.example';
const PASSWORD = 'a long enough desk password';
const TITLE = 'مناظرة مفتوحة حول مستقبل النقل العام';
const SUMMARY = 'يتحاور ثلاثة خبراء مع القرّاء في قاعة الصحيفة.';

describe.skipIf(skipBrowserSuite('events browser test'))('events in a browser', () => {
  let site: Site | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    site = await startSite('events');
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

  /** A page that records script errors (none are expected on either side). */
  async function newPage(errors: string[]): Promise<Page> {
    if (!browser) throw new Error('browser not started');
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'))
        errors.push(`console: ${m.text()}`);
    });
    return page;
  }

  it('an editor creates an Arabic event; a reader finds it on /ar/events and downloads its .ics', async () => {
    if (!site) throw new Error('site not started');
    const base = site.base;
    const errors: string[] = [];

    // The editor: sign in, then the desk's Events page, then a new event in the Arabic edition.
    const desk = await newPage(errors);
    await desk.goto(`${base}/admin`);
    await desk.waitForURL(/\/admin\/sign-in/);
    await desk.fill('#email', EDITOR);
    await desk.fill('#password', PASSWORD);
    await Promise.all([desk.waitForURL(`${base}/admin`), desk.click('form[action="/admin/sign-in"] button')]);
    await desk.click('.admin-nav a[href="/admin/events"]');
    await desk.waitForURL(`${base}/admin/events`);
    await desk.click('a[href="/admin/events/new?edition=ar"]');
    await desk.waitForURL(/\/admin\/events\/new\?edition=ar$/);
    expect(await desk.locator('html').getAttribute('dir')).toBe('rtl');
    // The edition's zone is the default.
    expect(await desk.inputValue('#timeZone')).toBe('Asia/Beirut');

    await desk.fill('#title', TITLE);
    await desk.fill('#summary', SUMMARY);
    const surface = desk.locator('.editor-surface [contenteditable="true"]');
    await surface.waitFor();
    await surface.click();
    await desk.keyboard.type('تبدأ المناظرة بعرض قصير ثم ');
    await desk.keyboard.press('Control+b');
    await desk.keyboard.type('أسئلة القرّاء');
    await desk.keyboard.press('Control+b');
    await desk.fill('#startDate', '2031-04-10');
    await desk.fill('#startTime', '19:00');
    await desk.fill('#endTime', '21:00');
    await desk.fill('#venueName', 'قاعة الصحيفة');
    await desk.fill('#venueAddress', 'شارع المكتبات، بيروت');
    await Promise.all([
      desk.waitForURL(/\/admin\/events\/\w+\?done=published$/),
      desk.click('form.event-form button[value="publish"]'),
    ]);
    await expect(desk.locator('.admin-notice-info').textContent()).resolves.toContain('نُشر');

    // The reader: the header's Events link, the event in the list, its page.
    const reader = await newPage(errors);
    await reader.setViewportSize({ width: 1366, height: 900 });
    await reader.goto(`${base}/ar`);
    await Promise.all([reader.waitForURL(`${base}/ar/events`), reader.click('header a.events-link')]);
    await expect(reader.locator('h1').textContent()).resolves.toBe('الأحداث');
    const card = reader.locator('#events-upcoming + ul li', { hasText: TITLE });
    await expect(card.textContent()).resolves.toContain('10 أبريل نيسان 2031 - 19:00 – 21:00');
    await Promise.all([reader.waitForURL(/\/ar\/events\/[^/]+$/), card.locator('h3 a').click()]);
    await expect(reader.locator('h1').textContent()).resolves.toBe(TITLE);
    await expect(reader.locator('.body strong').textContent()).resolves.toBe('أسئلة القرّاء');
    const jsonLd = JSON.parse(
      (await reader.locator('script[type="application/ld+json"]').textContent()) ?? '{}',
    );
    expect(jsonLd).toMatchObject({ '@type': 'Event', name: TITLE, startDate: '2031-04-10T19:00:00+03:00' });

    // "Add to calendar": the .ics downloads, and an independent parser reads the right instant from it.
    const [download] = await Promise.all([
      reader.waitForEvent('download'),
      reader.click('a[download$=".ics"]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.ics$/);
    const path = await download.path();
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, 'utf8')));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const [vevent] = calendar.getAllSubcomponents('vevent');
    if (!vevent) throw new Error('no VEVENT in the downloaded file');
    const event = new ICAL.Event(vevent);
    expect(event.summary).toBe(TITLE);
    expect(event.startDate.toJSDate().toISOString()).toBe('2031-04-10T16:00:00.000Z');
    expect(vevent.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Asia/Beirut');
    expect(event.location).toBe('قاعة الصحيفة, شارع المكتبات، بيروت');
    expect(errors).toEqual([]);
  }, 120_000);
});
