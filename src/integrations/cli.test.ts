import { describe, expect, it } from 'vitest';
import { tokenHash } from '../accounts/secrets.js';
import { runCli } from '../cli/testing.js';
import { openDatabase } from '../db/connect.js';
import { tempDataDir } from '../http/testing.js';

describe('sahifa integration (CLI)', () => {
  it('adds an integration printing its token once, lists and revokes it, refuses bad input', async () => {
    const dataDir = tempDataDir();
    const edition = ['edition', 'add', 'ar', '--name', 'صحيفة', '--language', 'ar', '--direction', 'rtl'];
    expect((await runCli(edition, dataDir)).code).toBe(0);

    const added = await runCli(
      ['integration', 'add', '--role', 'writer', '--edition', 'ar', 'CMS bridge'],
      dataDir,
    );
    expect(added.code).toBe(0);
    const match =
      /^added writer integration ([0-9a-z]{20}) \(ar\): CMS bridge\ntoken \(shown once, store it now\): (sahifa_[\w-]{43})\n$/.exec(
        added.stdout,
      );
    expect(match).not.toBeNull();
    const [, id = '', token = ''] = match ?? [];

    const db = openDatabase({ sqlitePath: `${dataDir}/sahifa.sqlite` });
    try {
      const row = await db
        .selectFrom('integrations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(tokenHash(token));
      expect(row.created_by).toBeNull();
    } finally {
      await db.destroy();
    }

    const list = await runCli(['integration', 'list'], dataDir);
    expect(list.stdout).toMatch(new RegExp(`^${id}\\tCMS bridge\\twriter\\tar\\t\\S+\\t-\\tactive\\n$`));
    expect(list.stdout).not.toContain(token);

    const badRole = await runCli(['integration', 'add', '--role', 'admin', '--edition', 'ar', 'x'], dataDir);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('admin');
    const noEdition = await runCli(['integration', 'add', '--role', 'editor', 'x'], dataDir);
    expect(noEdition.code).not.toBe(0);
    expect(noEdition.stderr).toContain('--edition');
    const unknownEdition = await runCli(
      ['integration', 'add', '--role', 'editor', '--edition', 'fr', 'x'],
      dataDir,
    );
    expect(unknownEdition.code).not.toBe(0);
    expect(unknownEdition.stderr).toContain('no edition fr');

    expect(await runCli(['integration', 'revoke', id], dataDir)).toMatchObject({
      code: 0,
      stdout: `revoked ${id}\n`,
    });
    const again = await runCli(['integration', 'revoke', id], dataDir);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('revoked already');
    expect((await runCli(['integration', 'revoke', 'nothing'], dataDir)).code).not.toBe(0);
    expect((await runCli(['integration', 'list'], dataDir)).stdout).toContain('\trevoked ');
  });
});
