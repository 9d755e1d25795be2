import type { Logger } from 'pino';

/**
 * Work a handler starts but does not wait for: what depends on whether an
 * address is known (a reset link, a confirmation mail) runs after the answer
 * is sent, so neither the answer nor how long it takes tells anything about
 * the address. Failures are logged. The SIGTERM drain and tests await
 * `settled()`.
 */
export class BackgroundWork {
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Starts `work` on a later turn of the event loop (after the handler has returned its response). */
  run(what: string, work: () => Promise<unknown>): void {
    const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .then(
        () => undefined,
        (err: unknown) => this.logger.error({ err }, `${what} failed`),
      )
      .finally(() => this.#pending.delete(done));
    this.#pending.add(done);
  }

  /** How many pieces of work are still running. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Resolves once nothing is running, including work started by work that was running. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}
