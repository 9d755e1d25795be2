import type { Context } from 'hono';

/**
 * A form's fields, as `c.req.parseBody()` gives them (the last of repeated
 * names wins), read more cheaply for the plain forms public pages send:
 * Hono parses a URL-encoded body through a web `Response` and `FormData`;
 * here the text goes straight to URLSearchParams, which decodes it the same
 * way. Multipart and anything else still go through Hono.
 */
export async function readFormBody(c: Context): Promise<Record<string, string | File>> {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return c.req.parseBody();
  const fields: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(await c.req.text())) fields[name] = value;
  return fields;
}
