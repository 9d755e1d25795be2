import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';
import { delivery } from './delivery.js';
import type { AppEnv } from './env.js';
import { PageCache } from './page-cache.js';
import { DEFAULT_RENDER_GATE, RenderGate, type RenderGateOptions } from './render-gate.js';

/** A promise the test settles by hand: the render in progress, held open until the test says. */
function held() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * An app whose pages are rendered by `render` (counted), behind the real delivery middleware
 * with its own page cache and gate; errors answer 500 with their message, a refused request 503.
 */
function gatedApp(
  render: (path: string, n: number) => Promise<void>,
  options: Partial<RenderGateOptions> = {},
  cacheOn = true,
) {
  const cache = new PageCache(cacheOn);
  const gate = new RenderGate({ ...DEFAULT_RENDER_GATE, ...options });
  const renders: string[] = [];
  const app = new Hono<AppEnv>();
  app.use('*', delivery(cache, { gate, busy: () => new Response('busy', { status: 503 }) }));
  app.get('*', async (c) => {
    renders.push(c.req.path);
    await render(c.req.path, renders.length);
    c.set('cacheTags', ['site']);
    if (c.req.path === '/personal') setCookie(c, 'sahifa_reader', 'someone');
    return c.html(`<p>${c.req.path} rendered once, as render ${renders.length}</p>`);
  });
  app.onError((error, c) => c.text(`failed: ${error.message}`, 500));
  return { app, cache, gate, renders };
}

describe('render gate: concurrent misses of one URL', () => {
  it('50 concurrent misses of one URL render it once, and every request gets that page', async () => {
    const render = held();
    const t = gatedApp(() => render.promise);
    const requests = Array.from({ length: 50 }, () => t.app.request('/ar/story'));
    await tick();
    render.open();
    const replies = await Promise.all(requests);
    expect(t.renders).toEqual(['/ar/story']);
    const bodies = new Set(await Promise.all(replies.map((r) => r.text())));
    expect(bodies).toEqual(new Set(['<p>/ar/story rendered once, as render 1</p>']));
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(replies.map((r) => r.headers.get('etag'))).size).toBe(1);
    // The leader stored it; the followers were answered from it.
    expect(replies.filter((r) => r.headers.get('x-cache') === 'MISS')).toHaveLength(1);
    expect(replies.filter((r) => r.headers.get('x-cache') === 'HIT')).toHaveLength(49);
  });

  it("the leader's error reaches every request that waited for it, and nothing is stored", async () => {
    const render = held();
    const t = gatedApp(async () => {
      await render.promise;
      throw new Error('the database went away');
    });
    const requests = Array.from({ length: 10 }, () => t.app.request('/ar/story'));
    await tick();
    render.open();
    const replies = await Promise.all(requests);
    expect(t.renders).toHaveLength(1);
    for (const reply of replies) {
      expect(reply.status).toBe(500);
      expect(await reply.text()).toBe('failed: the database went away');
    }
    expect(t.cache.size).toBe(0);
    // The next request renders afresh.
    const again = gatedApp(async () => {});
    expect((await again.app.request('/ar/story')).status).toBe(200);
  });

  it('a follower waits at most followMs, then renders on its own', async () => {
    const slow = held();
    const t = gatedApp((_path, n) => (n === 1 ? slow.promise : Promise.resolve()), { followMs: 30 });
    const leader = t.app.request('/ar/story');
    await tick();
    const followers = await Promise.all([t.app.request('/ar/story'), t.app.request('/ar/story')]);
    // Freed by the timeout while the leader still renders: each rendered the page itself.
    expect(followers.map((r) => r.status)).toEqual([200, 200]);
    expect(t.renders).toHaveLength(3);
    slow.open();
    expect((await leader).status).toBe(200);
  });

  it('a page that cannot be shared (it sets a cookie) is rendered by each request itself', async () => {
    const render = held();
    const t = gatedApp(() => render.promise);
    const requests = Array.from({ length: 3 }, () => t.app.request('/personal'));
    await tick();
    render.open();
    const replies = await Promise.all(requests);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(t.renders).toHaveLength(3);
    for (const reply of replies) expect(reply.headers.getSetCookie()).toHaveLength(1);
  });

  it('with the page cache off, every request renders its own page (nothing is shared)', async () => {
    const render = held();
    const t = gatedApp(() => render.promise, {}, false);
    const requests = Array.from({ length: 3 }, () => t.app.request('/ar/story'));
    await tick();
    render.open();
    await Promise.all(requests);
    expect(t.renders).toHaveLength(3);
  });
});

describe('render gate: misses of different URLs', () => {
  it('runs `concurrency` renders at once, the rest in line, first come first served', async () => {
    const gates = new Map<string, ReturnType<typeof held>>();
    const t = gatedApp(
      (path) => {
        const gate = held();
        gates.set(path, gate);
        return gate.promise;
      },
      { concurrency: 2 },
    );
    const order: string[] = [];
    const requests = ['/a', '/b', '/c', '/d'].map((path) =>
      Promise.resolve(t.app.request(path)).then((r) => {
        order.push(path);
        return r;
      }),
    );
    await tick();
    expect(t.renders).toEqual(['/a', '/b']);
    expect(t.gate.active).toBe(2);
    expect(t.gate.queued).toBe(2);
    gates.get('/b')?.open();
    await tick();
    // /b's slot went to the first in line.
    expect(t.renders).toEqual(['/a', '/b', '/c']);
    for (const path of ['/a', '/c']) gates.get(path)?.open();
    await tick();
    gates.get('/d')?.open();
    const replies = await Promise.all(requests);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(order).toEqual(['/b', '/a', '/c', '/d']);
    expect(t.gate.active).toBe(0);
  });

  it('turns requests away (503) when the line is full, and when they waited too long', async () => {
    const render = held();
    const t = gatedApp(() => render.promise, { concurrency: 1, maxQueued: 1, queueMs: 40 });
    const first = t.app.request('/a');
    const second = t.app.request('/b');
    const third = t.app.request('/c');
    expect((await third).status).toBe(503); // the line (one place) was taken by /b
    expect((await second).status).toBe(503); // /b waited 40 ms behind /a
    render.open();
    expect((await first).status).toBe(200);
    expect(t.renders).toEqual(['/a']);
    expect(t.gate.refused).toBe(2);
  });

  it('the desk, health checks and metrics never wait behind public renders', async () => {
    const render = held();
    const t = gatedApp((path) => (path === '/a' ? render.promise : Promise.resolve()), {
      concurrency: 1,
      maxQueued: 0,
    });
    const busy = t.app.request('/a');
    await tick();
    for (const path of ['/admin/articles', '/healthz', '/readyz', '/metrics', '/api/admin/v1/articles'])
      expect((await t.app.request(path)).status, path).toBe(200);
    expect((await t.app.request('/b')).status).toBe(503);
    render.open();
    expect((await busy).status).toBe(200);
  });
});

describe('render gate: slices of the event loop', () => {
  it('starts renders for sliceMs of a turn, the rest at a later turn, after pending I/O', async () => {
    const gate = new RenderGate({ ...DEFAULT_RENDER_GATE, sliceMs: 0 });
    const order: string[] = [];
    // What the event loop had to do already (I/O arrived meanwhile: a new connection, a request).
    setImmediate(() => order.push('pending I/O'));
    const run = (name: string) =>
      gate.acquire().then((release) => {
        order.push(name);
        release();
      });
    await Promise.all([run('first'), run('second'), run('third')]);
    // One render per slice (sliceMs 0), in line; the line moves only after the loop's turn.
    expect(order).toEqual(['first', 'pending I/O', 'second', 'third']);
    expect(gate.queued).toBe(0);
    expect(gate.active).toBe(0);
  });

  it('a request waiting only for the next turn (a slot free) is not turned away, even with no line allowed', async () => {
    const gate = new RenderGate({ ...DEFAULT_RENDER_GATE, concurrency: 2, maxQueued: 0, sliceMs: 0 });
    const first = await gate.acquire();
    // Same turn: a slot is free, the slice is used up; the request waits a turn rather than a 503.
    const second = gate.acquire();
    expect(gate.queued).toBe(1);
    // Every slot taken or promised: the next is refused, as before slices.
    await expect(gate.acquire()).rejects.toThrow(/queue full/);
    (await second)();
    first();
    expect(gate.refused).toBe(1);
  });

  it('a newcomer never passes the line, even when a slot and the slice are free', async () => {
    const gate = new RenderGate({ ...DEFAULT_RENDER_GATE, concurrency: 1 });
    const first = await gate.acquire();
    const order: string[] = [];
    const waiting = gate.acquire().then((release) => {
      order.push('waiting');
      release();
    });
    first();
    const late = gate.acquire().then((release) => {
      order.push('late');
      release();
    });
    await Promise.all([waiting, late]);
    expect(order).toEqual(['waiting', 'late']);
  });

  it('renders that never wait for I/O (SQLite) run a slice of a turn at most, not the whole line', async () => {
    const gate = new RenderGate({ ...DEFAULT_RENDER_GATE, concurrency: 16, sliceMs: 4 });
    // Counts the event loop's turns: a connection accepted or a request read waits for the next one.
    let turn = 0;
    let ticking = true;
    const tickTurns = () => {
      turn++;
      if (ticking) setImmediate(tickTurns);
    };
    setImmediate(tickTurns);
    const blocker = await gate.acquire();
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {}
    };
    const endedInTurn: number[] = [];
    // 16 requests in line while the slice is used up; each render is 2 ms of work with no await.
    busy(5);
    const renders = Array.from({ length: 16 }, () =>
      gate.acquire().then((release) => {
        busy(2);
        endedInTurn.push(turn);
        release();
      }),
    );
    blocker();
    await Promise.all(renders);
    ticking = false;
    const perTurn = new Map<number, number>();
    for (const t of endedInTurn) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
    // Granting the whole line at once ran all 16 (32 ms) in one turn; now a turn holds ~4 ms of them.
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(3);
    expect(perTurn.size).toBeGreaterThanOrEqual(6);
  });

  it('a line waiting for slots (renders awaiting the database) does not spin the event loop', async () => {
    const gate = new RenderGate({ ...DEFAULT_RENDER_GATE, concurrency: 1 });
    const held = await gate.acquire();
    const spy = vi.spyOn(globalThis, 'setImmediate');
    try {
      const waiting = [gate.acquire(), gate.acquire()];
      // The slot held for 50 ms (a render awaiting PostgreSQL): a spinning gate would ask for a turn every turn.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(spy.mock.calls.length).toBeLessThanOrEqual(2);
      held();
      for (const next of waiting) (await next)();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('render gate settings', () => {
  it('reads RENDER_CONCURRENCY, RENDER_QUEUE and RENDER_QUEUE_MS, and refuses nonsense with the name', () => {
    expect(loadConfig({}).renderGate).toEqual(DEFAULT_RENDER_GATE);
    expect(
      loadConfig({ RENDER_CONCURRENCY: '4', RENDER_QUEUE: '0', RENDER_QUEUE_MS: '2500' }).renderGate,
    ).toEqual({ concurrency: 4, maxQueued: 0, queueMs: 2500, followMs: 2500 });
    expect(() => loadConfig({ RENDER_CONCURRENCY: '0' })).toThrow(/RENDER_CONCURRENCY/);
    expect(() => loadConfig({ RENDER_QUEUE_MS: 'soon' })).toThrow(/RENDER_QUEUE_MS/);
  });
});
