import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/testing.js';
import { tempDataDir } from '../http/testing.js';

describe('sahifa agency (CLI)', () => {
  it('adds and lists agencies, and refuses bad input with the option named and nothing added', async () => {
    const dataDir = tempDataDir();
    const added = await runCli(
      ['agency', 'add', '--name', 'Reuters', '--copyright', '© Reuters', '--url', 'https://www.reuters.com'],
      dataDir,
    );
    expect(added).toMatchObject({ code: 0, stdout: 'added agency reuters\n' });
    const arabic = await runCli(['agency', 'add', '--name', 'وكالة الأنباء', '--slug', 'wafa'], dataDir);
    expect(arabic).toMatchObject({ code: 0, stdout: 'added agency wafa\n' });

    const taken = await runCli(['agency', 'add', '--name', 'Reuters'], dataDir);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('the slug reuters is taken');
    const badUrl = await runCli(['agency', 'add', '--name', 'AFP', '--url', 'ftp://afp.example'], dataDir);
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toContain('--url: an http:// or https:// address');
    const badSlug = await runCli(['agency', 'add', '--name', 'AFP', '--slug', 'A F P'], dataDir);
    expect(badSlug.code).toBe(1);
    expect(badSlug.stderr).toContain('--slug: lowercase letters');
    const longName = await runCli(['agency', 'add', '--name', 'x'.repeat(121)], dataDir);
    expect(longName.code).toBe(1);
    expect(longName.stderr).toContain('--name: at most 120 characters');
    const noName = await runCli(['agency', 'add', '--url', 'https://afp.com'], dataDir);
    expect(noName.code).not.toBe(0);
    expect(noName.stderr).toContain("'--name <text>' not specified");

    const list = await runCli(['agency', 'list'], dataDir);
    expect(list).toMatchObject({
      code: 0,
      stdout:
        'reuters\tReuters\t© Reuters\thttps://www.reuters.com\t0 articles\t0 feeds\n' +
        'wafa\tوكالة الأنباء\t\t\t0 articles\t0 feeds\n',
    });
  });

  it('names an agency per edition language (--name-in on add and set), lists the names, refuses what is wrong', async () => {
    const dataDir = tempDataDir();
    for (const [code, language, direction] of [
      ['ar', 'ar', 'rtl'],
      ['en', 'en', 'ltr'],
    ]) {
      const edition = [
        'edition',
        'add',
        code ?? '',
        '--name',
        `Sahifa ${code}`,
        '--language',
        language ?? '',
      ];
      expect((await runCli([...edition, '--direction', direction ?? ''], dataDir)).code).toBe(0);
    }
    const added = await runCli(
      [
        'agency',
        'add',
        '--name',
        'Levant Press Agency',
        '--slug',
        'lpa',
        '--name-in',
        'ar=وكالة أنباء المشرق',
      ],
      dataDir,
    );
    expect(added).toMatchObject({ code: 0, stdout: 'added agency lpa\n' });
    const list = async () => (await runCli(['agency', 'list'], dataDir)).stdout;
    expect(await list()).toBe('lpa\tLevant Press Agency\t\t\t0 articles\t0 feeds\tar=وكالة أنباء المشرق\n');

    const noPair = await runCli(['agency', 'set', 'lpa', '--name-in', 'ar'], dataDir);
    expect(noPair.code).toBe(1);
    expect(noPair.stderr).toContain('--name-in ar: write LANG=NAME');
    const noEdition = await runCli(['agency', 'set', 'lpa', '--name-in', 'fr=Agence du Levant'], dataDir);
    expect(noEdition.code).toBe(1);
    expect(noEdition.stderr).toContain('no edition is in fr (edition languages: ar, en)');
    const badTag = await runCli(['agency', 'add', '--name', 'X', '--name-in', 'AR!=x'], dataDir);
    expect(badTag.code).toBe(1);
    expect(badTag.stderr).toContain('no edition is in AR!');
    const long = await runCli(['agency', 'set', 'lpa', '--name-in', `en=${'x'.repeat(121)}`], dataDir);
    expect(long.code).toBe(1);
    expect(long.stderr).toContain(`--name-in en=${'x'.repeat(121)}: at most 120 characters`);
    const unknown = await runCli(['agency', 'set', 'nope', '--url', 'https://x.example'], dataDir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No agency nope');

    // set changes only what it is given; two --name-in at once; an empty name removes that language's.
    const set = await runCli(
      [
        'agency',
        'set',
        'lpa',
        '--copyright',
        '© LPA',
        '--name-in',
        'ar=وكالة المشرق',
        '--name-in',
        'en=Levant Press',
      ],
      dataDir,
    );
    expect(set).toMatchObject({ code: 0, stdout: 'updated agency lpa\n' });
    expect(await list()).toBe(
      'lpa\tLevant Press Agency\t© LPA\t\t0 articles\t0 feeds\tar=وكالة المشرق\ten=Levant Press\n',
    );
    const removed = await runCli(['agency', 'set', 'lpa', '--name-in', 'ar='], dataDir);
    expect(removed).toMatchObject({ code: 0, stdout: 'updated agency lpa\n' });
    expect(await list()).toBe('lpa\tLevant Press Agency\t© LPA\t\t0 articles\t0 feeds\ten=Levant Press\n');
    const again = await runCli(['agency', 'set', 'lpa', '--name-in', 'en=Levant Press'], dataDir);
    expect(again).toMatchObject({ code: 0, stdout: 'agency lpa: no change\n' });
    const renamed = await runCli(['agency', 'set', 'lpa', '--name', 'LPA', '--slug', 'levant'], dataDir);
    expect(renamed).toMatchObject({ code: 0, stdout: 'updated agency levant\n' });
    expect(await list()).toMatch(/^levant\tLPA\t/);
  });
});
