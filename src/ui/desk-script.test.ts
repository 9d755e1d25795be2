import { describe, expect, it, vi } from 'vitest';

describe('the desk script', () => {
  it('is served by an instance that has not rendered a desk page yet', async () => {
    // One instance renders the editor and names the script; a fresh one (new module state) is asked for it.
    const renderer = await import('./assets.js');
    const { path } = renderer.deskScript();
    vi.resetModules();
    const fresh = await import('./assets.js');
    expect(fresh.assetAt(path)?.contentType).toBe('text/javascript; charset=utf-8');
    expect(fresh.assetAt(path.replace(/\.[\w-]{10}\.js$/, '.AAAAAAAAAA.js'))).toBeUndefined();
  });
});
