import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real `sahifa` command in a child process, on a SQLite database in `dataDir`;
 * `input` is piped to its stdin, which is closed either way.
 */
export function runCli(
  args: string[],
  dataDir: string,
  input = '',
  extraEnv: Record<string, string> = {},
): Promise<CliRun> {
  // Only what the CLI needs, so a DATABASE_URL in the developer's environment cannot redirect it.
  const env = {
    PATH: process.env.PATH ?? '',
    DATA_DIR: dataDir,
    PUBLIC_URL: 'https://news.example',
    DEMO_CONTENT: 'off',
    LOG_LEVEL: 'silent',
    ...extraEnv,
  };
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['bin/sahifa.js', ...args],
      { cwd: root, env },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}
