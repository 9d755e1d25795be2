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
 * - **Renders in slices of the event loop's turns**: renders start one after
 *   another, each when the one before has released its slot or yielded the
 *   turn, for `sliceMs` at most; the rest wait for the next turn. A render
 *   of SQLite data runs to its end without yielding, so without slices one
 *   turn rendered every request that had arrived, and as Node accepts one new
 *   connection per turn (libuv 1.45+), fifty connections opened on a busy
 *   server waited up to two seconds to be accepted (the bench's 1 s p99).
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
  /** Milliseconds of one turn of the event loop in which renders may start; later ones wait for the next turn. */
  sliceMs?: number;
}

/** Renders start during this long of a turn of the event loop, then let I/O (new connections, requests) in. */
export const RENDER_SLICE_MS = 4;

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
  /** When the current slice began (performance.now()); undefined: none open, the next render opens one. */
  private sliceStart: number | undefined;
  private turnScheduled = false;
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
    if (this.line.length === 0 && this.running < this.options.concurrency && this.inSlice()) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    // The line holds `maxQueued` beyond the slots: a request only waiting for the next turn,
    // a slot being free, is not turned away (RENDER_QUEUE=0 refuses only when every slot is taken).
    if (this.running + this.line.length >= this.options.concurrency + this.options.maxQueued) {
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
      this.nextTurn();
    });
  }

  /** Whether a render may start now: the current slice has time left (opening a slice if none is). */
  private inSlice(): boolean {
    const now = performance.now();
    if (this.sliceStart === undefined) {
      this.sliceStart = now;
      this.nextTurn();
      return true;
    }
    return now - this.sliceStart < (this.options.sliceMs ?? RENDER_SLICE_MS);
  }

  /** At the next turn (after its I/O), a new slice: the line moves on. */
  private nextTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => {
      this.turnScheduled = false;
      this.sliceStart = undefined;
      this.drain();
    });
  }

  /**
   * Grants a slot to the first in line, when there is a slot and the slice has time. One at a
   * time: a grant only resolves a promise, so granting in a loop started every waiting render at
   * once, and renders of SQLite data (which never wait for I/O) then all ran in that one turn: 16
   * renders, 23 ms without a new connection accepted. The next grant comes when this render
   * releases its slot (within the slice), or at the next turn.
   */
  private drain(): void {
    if (this.line.length === 0 || this.running >= this.options.concurrency) return;
    if (!this.inSlice()) {
      this.nextTurn();
      return;
    }
    const next = this.line.shift() as Waiter;
    clearTimeout(next.timer);
    this.running++;
    next.grant(this.releaser());
    // More could start: a render waiting for PostgreSQL yields the turn, so the next one starts
    // at the next turn; one that never waits releases its slot first, and that starts the next.
    if (this.line.length > 0 && this.running < this.options.concurrency) this.nextTurn();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.drain();
    };
  }
}
