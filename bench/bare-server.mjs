// The baseline of `npm run bench`: plain node:http answering every request with one fixed body.
// Env: PORT, BODY_FILE (the bytes to send), CONTENT_TYPE.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.env.BODY_FILE ?? '');
const headers = {
  'content-type': process.env.CONTENT_TYPE ?? 'text/html; charset=utf-8',
  'content-length': String(body.length),
};

createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');

process.once('SIGTERM', () => process.exit(0));
