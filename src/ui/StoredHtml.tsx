import { raw } from 'hono/html';

/**
 * The one place stored HTML is printed unescaped. Only article bodies reach
 * it, and they were sanitized by allowlist when written (articles/sanitize.ts).
 */
export function StoredHtml({ html, class: className }: { html: string; class?: string }) {
  return <div class={className}>{raw(html)}</div>;
}
