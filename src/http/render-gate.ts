/**
 * What stands between a burst of page-cache misses and the renderer.
 *
 * - **One render per URL at a time** (single-flight): while a page is being
 *   rendered, other requests for the same URL wait for that render and are
 *   answered from the page it produced, instead of rendering it again. A purge
 *   of the hot story of the day then costs one render, not one per reader who
 *   asked in the meantime. The leader's error reaches every follower; a
 *   follower waits `followMs` at most, then renders on its own.
 * - **A bounded number of renders at once, the rest in line** (first come,
 *   first served): a crawler walking the archive queues behind itself rather
 *   than interleaving fifty renders, so each miss finishes in turn and the
 *   tail stays short. Requests beyond `maxQueued`, or queued longer than
 *   `queueMs`, are turned away (503 with Retry-After) instead of piling up.
 *
 * Cache hits never reach the gate (they are answered before routing).
 */
import type { CachedPage } from './page-cache.js';

export interface RenderGateOptions {
  /** Renders running at once; more wait in line. */
  concurrency: number;
  /** Requests waiting for a render slot at most; beyond, refused. */
  maxQueued: number;
  /** Longest wait for a render slot before the request is refused. */
  queueMs: number;
  /** Longest wait of a follower for the render it joined before it renders on its own. */
  followMs: number;
}

export const DEFAULT_RENDER_GATE: RenderGateOptions = {
  concurrency: 16,
  maxQueued: 1024,
  queueMs: 10_000,
  followMs: 10_000,
};

/** A render slot could not be had: the line was full, or the wait too long. */
export class RenderBusy extends Error {
  constructor(readonly reason: 'queue full' | 'queue timeout') {
    super(`Too many pages being rendered (${reason})`);
  }
}

/** What the leader of a render reports to its followers. */
export interface Flight {
  /** The render finished: its page when it may be shared, otherwise undefined (followers render their own). */
  done(page: CachedPage | undefined): void;
  /** The render failed: followers get the same error. */
  fail(error: unknown): void;
}

interface Waiter {
  grant: (release: () => void) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class RenderGate {
  private readonly flights = new Map<string, Promise<CachedPage | undefined>>();
  private readonly line: Waiter[] = [];
  private running = 0;
  /** Requests turned away since start (line full or waited too long), for metrics. */
  refused = 0;

  constructor(readonly options: RenderGateOptions = DEFAULT_RENDER_GATE) {}

  /** Requests waiting for a render slot now. */
  get queued(): number {
    return this.line.length;
  }

  /** Renders running now. */
  get active(): number {
    return this.running;
  }

  /**
   * Joins the render of `key` in flight, if there is one: resolves with its
   * shared page, or undefined (not shareable, or `followMs` passed); rejects
   * with the leader's error. Returns undefined when nothing is in flight.
   */
  follow(key: string): Promise<CachedPage | undefined> | undefined {
    const flight = this.flights.get(key);
    if (!flight) return undefined;
    let stop = () => {};
    const timeout = new Promise<undefined>((resolve) => {
      const timer = setTimeout(resolve, this.options.followMs);
      stop = () => clearTimeout(timer);
    });
    return Promise.race([flight, timeout]).finally(stop);
  }

  /** Makes this request the one rendering `key`; others asking meanwhile follow it. */
  lead(key: string): Flight {
    let settle!: (page: CachedPage | undefined) => void;
    let reject!: (error: unknown) => void;
    const flight = new Promise<CachedPage | undefined>((resolve, fail) => {
      settle = resolve;
      reject = fail;
    });
    // A leader's failure with nobody following is not an unhandled rejection.
    flight.catch(() => {});
    this.flights.set(key, flight);
    const finish = () => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    };
    return {
      done: (page) => {
        finish();
        settle(page);
      },
      fail: (error) => {
        finish();
        reject(error);
      },
    };
  }

  /** Waits for a render slot (first come, first served); resolves with its release, or rejects RenderBusy. */
  acquire(): Promise<() => void> {
    if (this.running < this.options.concurrency) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.line.length >= this.options.maxQueued) {
      this.refused++;
      return Promise.reject(new RenderBusy('queue full'));
    }
    return new Promise((grant, refuse) => {
      const waiter: Waiter = {
        grant,
        timer: setTimeout(() => {
          const at = this.line.indexOf(waiter);
          if (at !== -1) this.line.splice(at, 1);
          this.refused++;
          refuse(new RenderBusy('queue timeout'));
        }, this.options.queueMs),
      };
      this.line.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.line.shift();
      if (!next) {
        this.running--;
        return;
      }
      // The slot passes straight to the next in line.
      clearTimeout(next.timer);
      next.grant(this.releaser());
    };
  }
}
