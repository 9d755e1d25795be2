// Podcasts in a real browser: an editor creates a show (with its artwork) and uploads an episode with
// chapters on the desk, publishing it in one press; a reader finds it from the edition's header, plays it
// on the site and seeks by chapter, and the player resumes where they left off. The server runs as a
// child process, the browser is Debian's chromium via playwright-core.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artwork, silentMp3 } from '../../src/podcasts/testing.js';
import { launchBrowser, root, type Site, skipBrowserSuite, startSite } from './harness.js';

const EDITOR = 'podcasts-editor@news.example';
const PASSWORD = 'a long enough desk password';
const SHOW = 'نشرة المساء';
const EPISODE = 'حلقة الثلاثاء: العناوين والتحليل';
const CHAPTERS = '0:00 المقدمة\n0:20 العناوين\n0:40 التحليل';
const SCREENSHOTS = path.join(root, 'test-results', 'screenshots');

describe.skipIf(skipBrowserSuite('podcasts browser test'))('podcasts in a browser', () => {
  let site: Site | undefined;
  let browser: Browser | undefined;
  const files = mkdtempSync(path.join(os.tmpdir(), 'sahifa-e2e-podcast-files-'));

  beforeAll(async () => {
    site = await startSite('podcasts');
    const added = spawnSync(
      process.execPath,
      ['bin/sahifa.js', 'user', 'add', EDITOR, '--role', 'editor', '--edition', 'ar'],
      { cwd: root, env: { ...process.env, ...site.env }, input: PASSWORD, encoding: 'utf8', timeout: 60_000 },
    );
    if (added.status !== 0) throw new Error(`user add failed: ${added.stderr}${added.stdout}`);
    writeFileSync(path.join(files, 'artwork.jpg'), await artwork({ width: 1400 }));
    // A minute of audio, as a file the editor picks.
    writeFileSync(path.join(files, 'episode.mp3'), silentMp3(60));
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    rmSync(files, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    if (!browser) throw new Error('browser not started');
    return (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }

  it('an editor uploads an episode with chapters; a reader plays it on the site and seeks by chapter', async () => {
    if (!site) throw new Error('site not started');
    const base = site.base;

    // No podcast yet: the header does not link to an empty page.
    const reader = await newPage();
    await reader.goto(`${base}/ar`);
    expect(await reader.locator('.sections a[href="/ar/podcasts"]').count()).toBe(0);

    const editor = await newPage();
    await editor.goto(`${base}/admin/podcasts`);
    await editor.waitForURL(/\/admin\/sign-in/);
    await editor.fill('#email', EDITOR);
    await editor.fill('#password', PASSWORD);
    await Promise.all([
      editor.waitForURL(/\/admin\/podcasts$/),
      editor.click('form[action="/admin/sign-in"] button'),
    ]);

    // The show: its fields and artwork.
    await Promise.all([
      editor.waitForURL(/shows\/new/),
      editor.click('a[href="/admin/podcasts/shows/new?edition=ar"]'),
    ]);
    await editor.fill('#title', SHOW);
    await editor.fill('#description', 'خلاصة أخبار اليوم في ربع ساعة، كل مساء.');
    await editor.fill('#ownerEmail', 'podcasts@news.example');
    await editor.setInputFiles('#artwork', path.join(files, 'artwork.jpg'));
    await Promise.all([
      editor.waitForURL(/\/admin\/podcasts\/shows\/[0-9a-z]+\?done=created/),
      editor.click('form[action="/admin/podcasts/shows"] button[type="submit"]'),
    ]);

    // The episode: title, notes in the rich-text editor, audio, chapters; published in one press.
    await Promise.all([editor.waitForURL(/episodes\/new/), editor.click('a[href$="/episodes/new"]')]);
    await editor.fill('#title', EPISODE);
    const notes = editor.locator('.editor-surface [contenteditable="true"]');
    await notes.click();
    await editor.keyboard.type('ضيفنا الليلة مراسلنا في بيروت.');
    await editor.setInputFiles('#audio', path.join(files, 'episode.mp3'));
    await editor.fill('#chapters', CHAPTERS);
    await Promise.all([
      editor.waitForURL(/\/admin\/podcasts\/episodes\/[0-9a-z]+\?done=published/),
      editor.click('button[name="intent"][value="publish"]'),
    ]);
    await expect(editor.locator('main').textContent()).resolves.toContain('1:00');
    const deskEpisode = editor.url();
    await editor.screenshot({
      path: path.join(SCREENSHOTS, 'podcast-desk-episode-ar-1280.png'),
      fullPage: true,
    });

    // The reader finds it from the header (every page of the edition was purged when it went out;
    // reloading revalidates the browser's copy).
    await expect
      .poll(
        async () => {
          await reader.reload();
          return reader.locator('.sections a[href="/ar/podcasts"]').count();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(1);
    await Promise.all([
      reader.waitForURL(`${base}/ar/podcasts`),
      reader.click('.sections a[href="/ar/podcasts"]'),
    ]);
    await reader.screenshot({ path: path.join(SCREENSHOTS, 'podcast-shows-ar-1280.png'), fullPage: true });
    await Promise.all([
      reader.waitForURL(/\/ar\/podcasts\/[^/]+$/),
      reader.click(`.podcast-shows a:has-text("${SHOW}")`),
    ]);
    await expect(reader.locator('.subscribe code').textContent()).resolves.toMatch(/\/feed\.xml$/);
    await reader.screenshot({ path: path.join(SCREENSHOTS, 'podcast-show-ar-1280.png'), fullPage: true });
    await Promise.all([
      reader.waitForURL(/\/ar\/podcasts\/[^/]+\/[^/]+$/),
      reader.click(`.podcast-episodes a:has-text("حلقة الثلاثاء")`),
    ]);
    await reader.screenshot({ path: path.join(SCREENSHOTS, 'podcast-episode-ar-1280.png'), fullPage: true });

    // A native player, and the chapters as links that seek it.
    const audio = reader.locator('audio#player');
    await expect(audio.getAttribute('controls')).resolves.not.toBeNull();
    const chapter = reader.locator('.chapters a', { hasText: 'العناوين' });
    await expect(chapter.getAttribute('href')).resolves.toMatch(/\.mp3#t=20$/);
    await chapter.click();
    await expect
      .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(20);
    await expect
      .poll(() => audio.evaluate((a: HTMLAudioElement) => !a.paused && a.currentTime > 20.3), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(reader.url()).not.toContain('#t=');
    await expect(chapter.getAttribute('aria-current')).resolves.toBe('true');

    // Another chapter, then pause: the position is kept, and the episode resumes there next time.
    await reader.locator('.chapters a', { hasText: 'التحليل' }).click();
    await expect
      .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime > 40.3), { timeout: 10_000 })
      .toBe(true);
    await audio.evaluate((a: HTMLAudioElement) => a.pause());
    const kept = Number(
      await reader.evaluate(
        () => Object.entries(localStorage).find(([k]) => k.startsWith('sahifa:podcast-position:'))?.[1],
      ),
    );
    expect(kept).toBeGreaterThanOrEqual(40);
    await reader.reload();
    await audio.evaluate((a: HTMLAudioElement) => {
      a.muted = true;
      return a.play();
    });
    await expect
      .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(kept);

    // On a phone, neither the episode page nor the desk's scrolls sideways.
    const fits = async (page: Page) =>
      page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    await reader.setViewportSize({ width: 360, height: 740 });
    expect(await fits(reader)).toBe(true);
    await reader.screenshot({ path: path.join(SCREENSHOTS, 'podcast-episode-ar-360.png'), fullPage: true });
    await editor.setViewportSize({ width: 360, height: 740 });
    await editor.goto(deskEpisode);
    expect(await fits(editor)).toBe(true);

    // The audio answers byte ranges, as players and podcast apps ask.
    const src = await audio.getAttribute('src');
    const part = await fetch(`${base}${src}`, { headers: { range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${silentMp3(60).length}`);
  }, 180_000);
});
