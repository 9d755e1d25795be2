import { format } from 'node:util';
import { type Config, loadConfig } from '../config.js';

/** A stream the CLI writes to: the process's own, or a test's. */
export type CliOutput = NodeJS.WritableStream & { isTTY?: boolean | undefined };
/** What the CLI reads piped input from. */
export type CliInput = AsyncIterable<string | Buffer> & { isTTY?: boolean | undefined };

/** Everything a command touches outside the database: the process's streams and environment, or a test's. */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: CliInput;
  /** Settings are read from here (`loadConfig(env)`), never from `process.env` directly. */
  env: Record<string, string | undefined>;
}

/**
 * What each command module's `xCommand(cli)` gets: output, input, settings,
 * and the exit code, which commands set instead of `process.exitCode`.
 */
export class CliContext {
  exitCode = 0;
  private config: Config | undefined;

  constructor(readonly io: CliIo) {}

  get stdout(): CliOutput {
    return this.io.stdout;
  }

  get stderr(): CliOutput {
    return this.io.stderr;
  }

  /** A line on stdout (like console.log). */
  out(...parts: unknown[]): void {
    this.io.stdout.write(`${format(...parts)}\n`);
  }

  /** A line on stderr (like console.error). */
  err(...parts: unknown[]): void {
    this.io.stderr.write(`${format(...parts)}\n`);
  }

  /** Says why on stderr, and the command will exit with 1. */
  fail(message: string): void {
    this.err(message);
    this.exitCode = 1;
  }

  /** The settings, from this run's environment (read once). */
  settings(): Config {
    this.config ??= loadConfig(this.io.env);
    return this.config;
  }

  /** Whether something is piped in (a terminal is not). */
  get stdinIsPiped(): boolean {
    return !this.io.stdin.isTTY;
  }

  /** Everything piped to stdin, without the final line break. */
  async readStdin(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.io.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
}
