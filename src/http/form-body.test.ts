import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { readFormBody } from './form-body.js';

/** What both readers make of one request. */
async function bothReadings(body: BodyInit, contentType?: string) {
  const app = new Hono();
  app.post('/fast', async (c) => c.json(await readFormBody(c)));
  app.post('/hono', async (c) => c.json(await c.req.parseBody()));
  const send = (path: string) =>
    app.request(path, {
      method: 'POST',
      body,
      ...(contentType ? { headers: { 'content-type': contentType } } : {}),
    });
  return { fast: await (await send('/fast')).json(), hono: await (await send('/hono')).json() };
}

it('reads a URL-encoded form as Hono does: Arabic, plus signs, repeated names, broken UTF-8', async () => {
  const body = `body=${encodeURIComponent('تعليقٌ + رأي')}&a=1&a=2&plus=a+b&broken=%E0%A4&empty=&nul=%00`;
  const { fast, hono } = await bothReadings(body, 'application/x-www-form-urlencoded; charset=UTF-8');
  expect(fast).toEqual(hono);
  expect(fast).toMatchObject({
    body: 'تعليقٌ + رأي',
    a: '2',
    plus: 'a b',
    broken: '\ufffd',
    empty: '',
    nul: '\0',
  });
});

it('leaves multipart and other bodies to Hono', async () => {
  const form = new FormData();
  form.set('name', 'قارئ');
  const multipart = await bothReadings(form);
  expect(multipart.fast).toEqual({ name: 'قارئ' });
  expect(await bothReadings('{"a":1}', 'application/json')).toEqual({ fast: {}, hono: {} });
});
