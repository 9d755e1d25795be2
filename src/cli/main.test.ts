import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDataDir } from '../http/testing.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** bin/sahifa.js in a child process: the one test that the real command starts, reads stdin and exits with its code. */
function spawnCli(args: string[], dataDir: string, input: string) {
  const env = {
    PATH: process.env.PATH ?? '',
    DATA_DIR: dataDir,
    PUBLIC_URL: 'https://news.example',
    DEMO_CONTENT: 'off',
    LOG_LEVEL: 'silent',
  };
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['bin/sahifa.js', ...args],
      { cwd: root, env },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

describe('bin/sahifa.js', () => {
  it('runs a command in its own process: stdin read, output printed, exit codes kept', async () => {
    const dataDir = tempDataDir();
    const added = await spawnCli(
      ['user', 'add', 'spawned@news.example', '--role', 'admin'],
      dataDir,
      'a long enough password\n',
    );
    expect(added).toMatchObject({ code: 0, stdout: 'added admin spawned@news.example\n' });
    const refused = await spawnCli(['user', 'disable', 'nobody@news.example'], dataDir, '');
    expect(refused).toMatchObject({ code: 1, stderr: 'No user nobody@news.example\n' });
    const unknown = await spawnCli(['no-such-command'], dataDir, '');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('too many arguments'); // taken for `serve`, the default command
  }, 120_000);
});
