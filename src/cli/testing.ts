import { Readable, Writable } from 'node:stream';
import { runProgram } from './program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it. */
function collector() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/**
 * The `sahifa` command run in this process (src/cli/program.ts), on a SQLite
 * database in `dataDir`; `input` is what is piped to its stdin. Only these
 * settings (and `env`) are seen, so a DATABASE_URL in the developer's
 * environment cannot redirect it. main.test.ts runs bin/sahifa.js itself.
 */
export async function runCli(
  args: string[],
  dataDir: string,
  input = '',
  env: Record<string, string> = {},
): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  const code = await runProgram(args, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Readable.from(input === '' ? [] : [Buffer.from(input)]),
    env: {
      DATA_DIR: dataDir,
      PUBLIC_URL: 'https://news.example',
      DEMO_CONTENT: 'off',
      LOG_LEVEL: 'silent',
      ...env,
    },
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
