import { raw } from 'hono/html';

/**
 * Structured data as a JSON block. Not HTML: it is serialized here with "<",
 * ">" and "&" escaped, so no value can close the script element.
 */
export function JsonLd({ data }: { data: unknown }) {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return <script type="application/ld+json">{raw(json)}</script>;
}
