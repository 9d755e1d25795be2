import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../http/testing.js';
import { createMailer } from './mailer.js';
import { listOutbox, plainText, readOutboxMessage, splitMessage } from './outbox.js';
import { startSmtpServer } from './testing.js';

describe('mailer', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('writes RFC 5322 messages to DATA_DIR/outbox without SMTP_URL, and the outbox reads them back', async () => {
    const dataDir = tempDataDir();
    const mailer = createMailer({ smtpUrl: undefined, mailFrom: 'Sahifa <desk@news.example>', dataDir });
    await mailer.send({
      to: 'rana@news.example',
      subject: 'إعادة تعيين كلمة المرور',
      text: 'افتحوا الرابط: https://news.example/x?token=abc\nشكرًا',
      headers: { 'X-Sahifa': 'test' },
    });
    const [entry, ...rest] = await listOutbox(dataDir);
    expect(rest).toHaveLength(0);
    expect(entry).toMatchObject({ to: 'rana@news.example', subject: 'إعادة تعيين كلمة المرور' });
    expect(Number.isNaN(Date.parse(entry?.date ?? ''))).toBe(false);
    const message = await readOutboxMessage(dataDir, entry?.file ?? '');
    expect(message?.text).toBe('افتحوا الرابط: https://news.example/x?token=abc\nشكرًا');
    expect(await readOutboxMessage(dataDir, '../etc/passwd')).toBeUndefined();
    expect(await readOutboxMessage(dataDir, 'missing.eml')).toBeUndefined();
  });

  it('sends through SMTP when SMTP_URL is set (a real SMTP conversation)', async () => {
    const smtp = await startSmtpServer();
    closers.push(smtp.close);
    const mailer = createMailer({
      smtpUrl: smtp.url,
      mailFrom: 'Sahifa <desk@news.example>',
      dataDir: tempDataDir(),
    });
    await mailer.send({
      to: 'sam@news.example',
      subject: 'Reset your password',
      text: 'Open https://news.example/admin/password/reset?token=t1',
      html: '<p>Open the link</p>',
      headers: { 'X-Sahifa': 'reset' },
    });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail?.from).toBe('desk@news.example');
    expect(mail?.to).toEqual(['sam@news.example']);
    const parsed = splitMessage(mail?.raw ?? '');
    expect(parsed.headers.get('from')).toBe('Sahifa <desk@news.example>');
    expect(parsed.headers.get('to')).toBe('sam@news.example');
    expect(parsed.headers.get('subject')).toBe('Reset your password');
    expect(parsed.headers.get('x-sahifa')).toBe('reset');
    expect(parsed.headers.get('message-id')).toMatch(/^<.+@.+>$/);
    expect(plainText(parsed)).toBe('Open https://news.example/admin/password/reset?token=t1');
  });

  it('runs beforeCommit after the message went out and before the final dot; a throwing hook sends nothing', async () => {
    const smtp = await startSmtpServer();
    const mailer = createMailer({
      smtpUrl: smtp.url,
      mailFrom: 'Sahifa <desk@news.example>',
      dataDir: tempDataDir(),
      pool: { maxConnections: 1 },
    });
    closers.push(async () => mailer.close?.(), smtp.close);
    const big = 'سطر طويل من النص '.repeat(20_000);
    await mailer.send({
      to: 'one@news.example',
      subject: 'one',
      text: big,
      beforeCommit: async () => {
        smtp.events.push('hook');
        await new Promise((resolve) => setTimeout(resolve, 200));
        smtp.events.push('hook done');
      },
    });
    // (Client and server share this process, so 'data' may be logged just after 'hook' starts.)
    expect(smtp.events.indexOf('data')).toBeLessThan(smtp.events.indexOf('hook done'));
    expect(smtp.events.slice(-2)).toEqual(['hook done', 'end']);
    expect(smtp.received).toHaveLength(1);

    await expect(
      mailer.send({
        to: 'two@news.example',
        subject: 'two',
        text: big,
        beforeCommit: async () => {
          throw new Error('lease lost');
        },
      }),
    ).rejects.toThrow(/lease lost/);
    // The next message on the pool goes out whole, and the refused one never arrived.
    await mailer.send({ to: 'three@news.example', subject: 'three', text: 'short' });
    expect(smtp.received.map((m) => m.to[0])).toEqual(['one@news.example', 'three@news.example']);
  });
});
