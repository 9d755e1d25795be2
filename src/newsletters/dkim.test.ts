import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { tempDataDir } from '../http/testing.js';
import { createMailer } from '../mail/mailer.js';
import { splitMessage } from '../mail/outbox.js';
import { startScriptedSmtpServer } from './testing.js';

describe('mail settings for newsletters', () => {
  let smtp: Awaited<ReturnType<typeof startScriptedSmtpServer>>;
  beforeAll(async () => {
    smtp = await startScriptedSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('reads NEWSLETTER_RATE and the DKIM settings, refusing a bad rate', () => {
    const config = loadConfig({
      NEWSLETTER_RATE: '120',
      DKIM_DOMAIN: 'news.example',
      DKIM_SELECTOR: 'sahifa',
      DKIM_PRIVATE_KEY_FILE: '/etc/sahifa/dkim.pem',
    });
    expect(config.newsletterRate).toBe(120);
    expect(config.dkim).toEqual({
      domainName: 'news.example',
      keySelector: 'sahifa',
      privateKeyFile: '/etc/sahifa/dkim.pem',
    });
    expect(loadConfig({}).newsletterRate).toBe(50);
    expect(loadConfig({}).dkim).toBeUndefined();
    expect(() => loadConfig({ NEWSLETTER_RATE: 'fast' })).toThrow(/NEWSLETTER_RATE/);
  });

  it('signs with DKIM when a key is configured, and keeps a given sender, Message-ID and headers', async () => {
    const dataDir = tempDataDir();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(dataDir, 'dkim.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs1', format: 'pem' }));
    const mailer = createMailer({
      smtpUrl: smtp.url,
      mailFrom: 'Sahifa <no-reply@news.example>',
      dataDir,
      dkim: { domainName: 'news.example', keySelector: 'sahifa', privateKeyFile: keyFile },
    });
    await mailer.send({
      to: 'reader@example.org',
      from: 'Morning <morning@news.example>',
      subject: 'Morning',
      text: 'Hello',
      messageId: '<abc@news.example>',
      headers: { Precedence: 'bulk' },
    });
    const { headers } = splitMessage(smtp.received.at(-1)?.raw ?? '');
    expect(headers.get('dkim-signature')).toMatch(/d=news\.example;.*s=sahifa;/);
    expect(headers.get('from')).toBe('Morning <morning@news.example>');
    expect(headers.get('message-id')).toBe('<abc@news.example>');
    expect(headers.get('precedence')).toBe('bulk');
  });
});
