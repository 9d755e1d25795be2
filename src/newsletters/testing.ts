import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createArticle } from '../articles/store.js';
import { articleInput } from '../articles/testing.js';
import type { Db } from '../db/schema.js';
import type { CapturedMail } from '../mail/testing.js';
import { insertNewsletter } from './queries.js';

/**
 * A real SMTP server in this process whose answer to each message can be
 * scripted: `reject(n)` (n counts messages from 1) returns an SMTP code to
 * refuse the n-th one with, e.g. 451 (try later) or 550 (no such mailbox).
 * `answerAfterMs` delays each 250, as a real server storing the message does
 * (a sender killed in that window has sent its final `.` but has no answer).
 */
export async function startScriptedSmtpServer(
  reject: (n: number, to: string[]) => number | undefined = () => undefined,
  options: { answerAfterMs?: number } = {},
) {
  const received: CapturedMail[] = [];
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const code = reject(++count, to);
        if (code) {
          callback(
            Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), {
              responseCode: code,
            }),
          );
          return;
        }
        const accept = () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to,
            raw: Buffer.concat(chunks).toString('utf8'),
            at: Date.now(),
          });
          callback();
        };
        if (options.answerAfterMs) setTimeout(accept, options.answerAfterMs);
        else accept();
      });
    },
  });
  // A sender killed mid-conversation resets its connections: not a test failure.
  server.on('error', () => {});
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(r)),
  };
}

/** A published Arabic article at `at`, for issues to pick up. */
export async function seedArticle(db: Db, slug: string, headline: string, at: Date, editionCode = 'ar') {
  return createArticle(
    db,
    articleInput({
      editionCode,
      slug,
      headline,
      standfirst: `${headline} — ملخص`,
      firstPublishedAt: at.toISOString(),
      lastUpdatedAt: at.toISOString(),
    }),
    at,
  );
}

export async function seedNewsletter(db: Db, editionCode: string, name: string, now: Date) {
  return insertNewsletter(
    db,
    {
      editionCode,
      name,
      description: `${name}: وصف`,
      language: editionCode,
      sender: `${name} <news@news.example>`,
      schedule: 'manual',
      sendTime: null,
    },
    now,
  );
}

/** The decoded body of the first part of `type` in a raw message (nodemailer's encodings: QP or base64). */
export function partOf(raw: string, type: 'text/html' | 'text/plain'): string {
  const text = raw.replace(/\r\n/g, '\n');
  const boundary = /boundary="?([^";\n]+)"?/i.exec(text)?.[1];
  const chunks = boundary ? text.split(`--${boundary}`).slice(1) : [text];
  for (const chunk of chunks) {
    const end = chunk.indexOf('\n\n');
    const head = chunk
      .slice(0, end)
      .replace(/\n[ \t]+/g, ' ')
      .toLowerCase();
    if (!head.includes(`content-type: ${type}`)) continue;
    const body = chunk.slice(end + 2);
    if (head.includes('content-transfer-encoding: base64'))
      return Buffer.from(body, 'base64').toString('utf8');
    if (head.includes('content-transfer-encoding: quoted-printable')) return decodeQuotedPrintable(body);
    return body;
  }
  return '';
}

function decodeQuotedPrintable(body: string): string {
  const input = body.replace(/[ \t]+$/gm, '').replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const hex = input[i] === '=' ? input.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(input[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
