import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

/**
 * The one place stored HTML is printed unescaped. Only article bodies reach
 * it, and they were sanitized by allowlist when written (articles/sanitize.ts).
 * `pieces` is the body cut between top-level elements (src/ads/slots.ts), with
 * `between[i]` (an ad slot) after `pieces[i]`.
 */
export function StoredHtml({
  html,
  class: className,
  pieces,
  between = [],
}: {
  html: string;
  class?: string;
  pieces?: string[] | undefined;
  between?: Child[];
}) {
  if (!pieces || pieces.length < 2) return <div class={className}>{raw(html)}</div>;
  return (
    <div class={className}>
      {pieces.map((piece, i) => (
        <>
          {raw(piece)}
          {between[i]}
        </>
      ))}
    </div>
  );
}
