import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { outboxDir } from './mailer.js';

export interface OutboxEntry {
  file: string;
  date: string;
  to: string;
  subject: string;
}

export interface OutboxMessage extends OutboxEntry {
  text: string;
}

/** Outbox file names as the file mailer writes them; anything else is never opened. */
export const outboxFileName = /^[0-9A-Za-z-]{1,80}\.eml$/;

/** The messages in DATA_DIR/outbox, newest first (an absent directory is an empty outbox). */
export async function listOutbox(dataDir: string): Promise<OutboxEntry[]> {
  const dir = outboxDir(dataDir);
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => outboxFileName.test(f));
  } catch {
    return [];
  }
  files.sort().reverse();
  return Promise.all(
    files.map(async (file) => {
      const { headers } = splitMessage(await readFile(path.join(dir, file), 'utf8'));
      return { file, ...summary(headers) };
    }),
  );
}

/** One outbox message with its plain-text body, or undefined when there is no such file. */
export async function readOutboxMessage(dataDir: string, file: string): Promise<OutboxMessage | undefined> {
  if (!outboxFileName.test(file)) return undefined;
  let raw: string;
  try {
    raw = await readFile(path.join(outboxDir(dataDir), file), 'utf8');
  } catch {
    return undefined;
  }
  const message = splitMessage(raw);
  return { file, ...summary(message.headers), text: plainText(message) };
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function summary(headers: Map<string, string>) {
  return {
    date: headers.get('date') ?? '',
    to: decodeWords(headers.get('to') ?? ''),
    subject: decodeWords(headers.get('subject') ?? ''),
  };
}

/** Headers (unfolded, names lowercased) and body of a message or MIME part. */
export function splitMessage(raw: string): Part {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/**
 * The text/plain content of a message as nodemailer composes it: a single part,
 * or the first text/plain part of a multipart message, base64 or quoted-printable.
 */
export function plainText(part: Part): string {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    for (const chunk of part.body.split(`--${boundary}`).slice(1)) {
      const inner = splitMessage(chunk.replace(/^\n/, ''));
      const text = plainText(inner);
      if (text) return text;
    }
    return '';
  }
  if (!type.toLowerCase().startsWith('text/plain')) return '';
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body).replace(/\n$/, '');
  return part.body.replace(/\n$/, '');
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

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) in a header value. */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}
