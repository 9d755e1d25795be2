import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

/** How the app sends mail; the server builds one from the settings, tests pass their own. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export interface MailerConfig {
  smtpUrl: string | undefined;
  mailFrom: string;
  dataDir: string;
}

export const outboxDir = (dataDir: string) => path.join(dataDir, 'outbox');

/** SMTP when SMTP_URL is set; otherwise real RFC 5322 messages written to DATA_DIR/outbox/*.eml. */
export function createMailer(config: MailerConfig): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : fileMailer(config);
}

function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}

function fileMailer(config: MailerConfig): Mailer {
  // The same message composer as SMTP, but the result is kept instead of sent.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const dir = outboxDir(config.dataDir);
  return {
    async send(message) {
      const info = await transport.sendMail({ from: config.mailFrom, ...message });
      await mkdir(dir, { recursive: true });
      // Sortable by time; random so two messages in the same millisecond do not collide.
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = path.join(dir, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
      // Messages hold sign-in and reset links: readable by the server's user only.
      await writeFile(file, info.message, { mode: 0o600 });
    },
  };
}
