import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** A From header other than MAIL_FROM (a newsletter's sender). */
  from?: string;
  /** `<id@domain>`; nodemailer makes one up when absent. */
  messageId?: string;
  date?: Date;
  /** How text parts are encoded; base64 is much cheaper to produce than quoted-printable for Arabic (bulk mail). */
  textEncoding?: 'base64' | 'quoted-printable';
  /**
   * Awaited once the whole message has been handed to the server and only the
   * end of SMTP DATA (the final `.`, after which the server may accept it) is
   * left to send. When it throws, the `.` is never sent: the connection is
   * closed and the server discards the message; `send` rejects.
   */
  beforeCommit?: () => Promise<void>;
}

/** How the app sends mail; the server builds one from the settings, tests pass their own. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Closes pooled connections, if any. */
  close?(): void;
}

/** DKIM signing settings (nodemailer's `dkim` option); the key is read from a file at start-up. */
export interface DkimConfig {
  domainName: string;
  keySelector: string;
  privateKeyFile: string;
}

export interface MailerConfig {
  smtpUrl: string | undefined;
  mailFrom: string;
  dataDir: string;
  dkim?: DkimConfig | undefined;
  /** Keep SMTP connections open and reuse them (bulk mail). */
  pool?: { maxConnections: number } | undefined;
}

export const outboxDir = (dataDir: string) => path.join(dataDir, 'outbox');

/** SMTP when SMTP_URL is set; otherwise real RFC 5322 messages written to DATA_DIR/outbox/*.eml. */
export function createMailer(config: MailerConfig): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config) : fileMailer(config);
}

function dkimOption(dkim: DkimConfig | undefined) {
  if (!dkim) return {};
  return {
    dkim: {
      domainName: dkim.domainName,
      keySelector: dkim.keySelector,
      privateKey: readFileSync(dkim.privateKeyFile, 'utf8'),
    },
  };
}

function smtpMailer(smtpUrl: string, config: MailerConfig): Mailer {
  const pool = config.pool ? { pool: true as const, maxConnections: config.pool.maxConnections } : {};
  const transport = nodemailer.createTransport({ url: smtpUrl, ...pool, ...dkimOption(config.dkim) });
  // The message stream the SMTP connection pipes into DATA ends only after `beforeCommit`:
  // the connection writes the final `.` when that stream ends, and never after an error on it.
  transport.use('stream', (mail, done) => {
    const hook: unknown = (mail.data as { beforeCommit?: unknown }).beforeCommit;
    if (typeof hook === 'function') {
      const original = mail.message.createReadStream.bind(mail.message);
      mail.message.createReadStream = (options) =>
        Readable.from(endingAfter(original(options), hook as () => Promise<void>));
    }
    done();
  });
  return {
    async send(message) {
      // nodemailer copies the message's keys, the hook included, to `mail.data` for the plugin.
      await transport.sendMail({ ...message, from: message.from ?? config.mailFrom });
    },
    close: () => transport.close(),
  };
}

/**
 * The chunks of `source`, then `hook`, then the end. Pulled lazily: nothing is
 * read before the SMTP connection starts DATA, so the hook runs while the
 * message is on its way, right before the server is asked to take it.
 */
async function* endingAfter(source: Readable, hook: () => Promise<void>) {
  for await (const chunk of source) yield chunk as Buffer;
  await hook();
}

function fileMailer(config: MailerConfig): Mailer {
  // The same message composer as SMTP, but the result is kept instead of sent.
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
    ...dkimOption(config.dkim),
  });
  const dir = outboxDir(config.dataDir);
  return {
    async send(message) {
      const { beforeCommit, ...rest } = message;
      const info = await transport.sendMail({ ...rest, from: message.from ?? config.mailFrom });
      await beforeCommit?.();
      await mkdir(dir, { recursive: true });
      // Sortable by time; random so two messages in the same millisecond do not collide.
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = path.join(dir, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
      // Messages hold sign-in and reset links: readable by the server's user only.
      await writeFile(file, info.message, { mode: 0o600 });
    },
  };
}
