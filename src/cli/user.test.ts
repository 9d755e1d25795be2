import { describe, expect, it } from 'vitest';
import { tempDataDir } from '../http/testing.js';
import { runCli } from './testing.js';

describe('sahifa user (CLI)', () => {
  it('adds users with a piped password or a sign-in link, lists and disables them, refuses bad input', async () => {
    const dataDir = tempDataDir();
    const edition = ['edition', 'add', 'ar', '--name', 'صحيفة', '--language', 'ar', '--direction', 'rtl'];
    expect((await runCli(edition, dataDir)).code).toBe(0);

    const withPassword = await runCli(
      ['user', 'add', '--role', 'editor', '--edition', 'ar', 'Rana@News.Example'],
      dataDir,
      'correct horse battery\n',
    );
    expect(withPassword).toMatchObject({ code: 0, stdout: 'added editor rana@news.example\n' });

    const withLink = await runCli(['user', 'add', '--role', 'admin', 'chief@news.example'], dataDir);
    expect(withLink.code).toBe(0);
    expect(withLink.stdout).toMatch(
      /^added admin chief@news\.example\none-time sign-in link \(valid 24 hours\): https:\/\/news\.example\/admin\/sign-in\/link\?token=[\w-]{43}\n$/,
    );

    const shortPassword = await runCli(
      ['user', 'add', '--role', 'writer', '--edition', 'ar', 'w@news.example'],
      dataDir,
      'short',
    );
    expect(shortPassword.code).not.toBe(0);
    expect(shortPassword.stderr).toContain('password');
    const badRole = await runCli(['user', 'add', '--role', 'chief', 'x@news.example'], dataDir);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('chief');
    const badEmail = await runCli(['user', 'add', '--role', 'admin', 'not-an-email'], dataDir);
    expect(badEmail.code).not.toBe(0);
    expect(badEmail.stderr).toContain('not an email address');
    const noEdition = await runCli(['user', 'add', '--role', 'writer', 'w@news.example'], dataDir);
    expect(noEdition.code).not.toBe(0);
    expect(noEdition.stderr).toContain('--edition');
    const unknownEdition = await runCli(
      ['user', 'add', '--role', 'writer', '--edition', 'fr', 'w@news.example'],
      dataDir,
    );
    expect(unknownEdition.code).not.toBe(0);
    expect(unknownEdition.stderr).toContain('no edition fr');
    const again = await runCli(['user', 'add', '--role', 'admin', 'RANA@news.example'], dataDir);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('exists already');

    expect((await runCli(['user', 'disable', 'rana@news.example'], dataDir)).stdout).toBe(
      'disabled rana@news.example\n',
    );
    expect((await runCli(['user', 'disable', 'nobody@news.example'], dataDir)).code).not.toBe(0);
    const list = await runCli(['user', 'list'], dataDir);
    expect(list.stdout).toBe(
      'chief@news.example\tadmin\t*\tactive\nrana@news.example\teditor\tar\tdisabled\n',
    );
  });
});
