import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
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
  return {
    async send(message) {
      await transport.sendMail({ ...message, from: message.from ?? config.mailFrom });
    },
    close: () => transport.close(),
  };
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
      const info = await transport.sendMail({ ...message, from: message.from ?? config.mailFrom });
      await mkdir(dir, { recursive: true });
      // Sortable by time; random so two messages in the same millisecond do not collide.
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = path.join(dir, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
      // Messages hold sign-in and reset links: readable by the server's user only.
      await writeFile(file, info.message, { mode: 0o600 });
    },
  };
}
