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
});
