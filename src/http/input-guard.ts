/**
 * NUL bytes and broken UTF-8 are refused at the edge. PostgreSQL cannot store
 * a NUL in text (error 22021) and a URL or field carrying one used to end in a
 * 500; no page or record has such a name, so a URL is a 404 and a form field
 * an error on that field.
 */
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './env.js';
import { HttpError } from './errors.js';

/**
 * The percent-decoded text of a URL part, or undefined when the bytes are not
 * UTF-8. A `%` not followed by two hex digits stays a literal `%`, as routing reads it.
 */
export function decodeUrlPart(part: string): string | undefined {
  try {
    return decodeURIComponent(part.replace(/%(?![0-9a-fA-F]{2})/g, '%25'));
  } catch {
    return undefined;
  }
}

/** A NUL, or a UTF-16 surrogate without its pair (what broken UTF-8 or JSON `"\ud800"` decodes to). */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isStorableText = (value: string) => !UNSTORABLE.test(value);

/** A request carrying text that cannot be stored: a 400 page saying so, in the page's language. */
export class UnstorableInput extends HttpError {
  constructor() {
    super(400, 'The request contains characters that cannot be stored, such as a NUL byte.');
  }
}

/**
 * A URL path or query that cannot name anything: 404 for the path, 400 for
 * the query (it may still name a page; the parameters are what is wrong).
 */
export function inputGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = c.req.url;
    // Without a percent escape the URL decodes to itself, which HTTP parsing already keeps free of NUL.
    if (!url.includes('%')) return next();
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const rest = start === -1 ? '/' : url.slice(start);
    const q = rest.indexOf('?');
    const hash = rest.indexOf('#');
    const pathPart = q === -1 ? (hash === -1 ? rest : rest.slice(0, hash)) : rest.slice(0, q);
    const path = decodeUrlPart(pathPart);
    if (path === undefined || !isStorableText(path)) throw new HttpError(404, 'Not found');
    if (q !== -1) {
      const query = decodeUrlPart(rest.slice(q + 1).replace(/\+/g, ' '));
      if (query === undefined || !isStorableText(query)) throw new UnstorableInput();
    }
    await next();
  };
}

/**
 * A text field that refuses what cannot be stored (NUL, unpaired surrogates),
 * with `message` as the field's error (the desk's forms pass an i18n key).
 * Use in place of `z.string()`; length and trimming chain on as usual.
 */
export const textInput = (
  message = 'contains a character that cannot be stored (NUL or an unpaired surrogate)',
) => z.string().refine(isStorableText, { message, abort: true });
