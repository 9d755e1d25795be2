import { describe, expect, it } from 'vitest';
import { sanitizeBody } from './sanitize.js';

describe('article body sanitizing', () => {
  it("keeps an uploaded image's widths and drops handlers and script URLs", () => {
    const html = sanitizeBody(
      '<img src="/media/a-800.jpg" srcset="/media/a-480.jpg 480w, /media/a-800.jpg 800w" sizes="100vw" alt="x" onerror="alert(1)">',
    );
    expect(html).toBe(
      '<img src="/media/a-800.jpg" srcset="/media/a-480.jpg 480w, /media/a-800.jpg 800w" sizes="100vw" alt="x" />',
    );
    expect(sanitizeBody('<img src="/a.jpg" srcset="javascript:alert(1) 480w">')).not.toContain('javascript');
    expect(sanitizeBody('<p><a href="javascript:alert(1)">x</a><script>alert(1)</script></p>')).toBe(
      '<p><a rel="noopener nofollow">x</a></p>',
    );
  });

  it('keeps a body figure: <picture> with AVIF and WebP sources, JPEG fallback, caption and credit', () => {
    const figure =
      '<figure><picture>' +
      '<source type="image/avif" srcset="/media/a-480.avif 480w" sizes="100vw" />' +
      '<source type="image/webp" srcset="/media/a-480.webp 480w" sizes="100vw" />' +
      '<img src="/media/a-800.jpg" srcset="/media/a-480.jpg 480w" sizes="100vw" alt="x" width="800" height="600" />' +
      '</picture><figcaption>Caption <small>Credit</small></figcaption></figure>';
    expect(sanitizeBody(figure)).toBe(figure);
    const hostile = sanitizeBody(
      '<figure><picture><source type="image/avif" srcset="javascript:alert(1) 480w" onerror="x" src="/a"></picture></figure>',
    );
    expect(hostile).not.toContain('javascript');
    expect(hostile).not.toContain('onerror');
    expect(hostile).not.toContain('src="/a"');
  });
});
