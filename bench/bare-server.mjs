// The baseline of `npm run bench`: plain node:http answering every request with one fixed body.
// Env: PORT, BODY_FILE (the bytes to send), CONTENT_TYPE, CONTENT_ENCODING (when the bytes are compressed).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.env.BODY_FILE ?? '');
const headers = {
  'content-type': process.env.CONTENT_TYPE ?? 'text/html; charset=utf-8',
  'content-length': String(body.length),
  ...(process.env.CONTENT_ENCODING ? { 'content-encoding': process.env.CONTENT_ENCODING } : {}),
};

createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');

process.once('SIGTERM', () => process.exit(0));
