import { describe, expect, it } from 'vitest';
import { tempDataDir } from '../http/testing.js';
import { runCli } from './testing.js';

describe('sahifa edition (CLI)', () => {
  it('adds, changes and lists editions, and refuses bad settings with the option named', async () => {
    const dataDir = tempDataDir();
    const bad = await runCli(
      [
        'edition',
        'add',
        'ar',
        '--name',
        'صحيفة',
        '--language',
        'ar',
        '--direction',
        'rtl',
        '--time-zone',
        'Mars/Olympus',
      ],
      dataDir,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--time-zone: unknown time zone');

    const added = await runCli(
      [
        'edition',
        'add',
        'ar',
        '--name',
        'صحيفة',
        '--language',
        'ar',
        '--direction',
        'rtl',
        '--social',
        'x=https://x.com/s',
      ],
      dataDir,
    );
    expect(added).toMatchObject({ code: 0, stdout: 'added edition ar\n' });
    const again = await runCli(
      ['edition', 'add', 'ar', '--name', 'x', '--language', 'ar', '--direction', 'rtl'],
      dataDir,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');

    expect(
      (await runCli(['edition', 'set', 'ar', '--digits', 'arab', '--time-zone', 'Asia/Beirut'], dataDir))
        .code,
    ).toBe(0);
    const list = await runCli(['edition', 'list'], dataDir);
    expect(list.stdout).toBe('ar\tar\trtl\tlevant\tarab\tspace\tAsia/Beirut\tصحيفة\t1 links\n');

    const badSeparator = await runCli(['edition', 'set', 'ar', '--month-separator', 'dash'], dataDir);
    expect(badSeparator.code).not.toBe(0);
    expect(badSeparator.stderr).toContain('Allowed choices are space, slash, parentheses');
    const slash = await runCli(['edition', 'set', 'ar', '--month-separator', 'slash'], dataDir);
    expect(slash).toMatchObject({ code: 0, stdout: 'updated edition ar: month_separator\n' });
    expect((await runCli(['edition', 'list'], dataDir)).stdout).toContain('\tarab\tslash\t');

    const unknown = await runCli(['edition', 'set', 'zz', '--digits', 'arab'], dataDir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No edition zz');
  });
});
