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
});
