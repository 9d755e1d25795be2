// Newsletter benchmark (`npm run bench:newsletter`): one issue to 50,000 subscribers through the outbox
// (claim, send over pooled SMTP, mark sent) into a local in-process SMTP server, against a baseline of raw
// nodemailer sends of the same message over the same pool, without the outbox. Target: >= 500 messages/s.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import nodemailer from 'nodemailer';
import { migrateToLatest, openDatabase } from '../src/db/connect.js';
import { newId } from '../src/db/ids.js';
import type { Db } from '../src/db/schema.js';
import { createMailer } from '../src/mail/mailer.js';
import { personalize } from '../src/newsletters/emails.js';
import {
  deliveryStats,
  insertIssue,
  insertNewsletter,
  queueIssueRecipients,
} from '../src/newsletters/queries.js';
import { deliverDue, prepareIssue, SMTP_CONNECTIONS } from '../src/newsletters/sender.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 50_000);
const BASELINE_MESSAGES = Number(process.env.BENCH_BASELINE ?? 10_000);
const CONNECTIONS = SMTP_CONNECTIONS;
const TARGET = 500;
const PUBLIC_URL = 'https://news.example';

/**
 * A local SMTP server that counts messages and throws their bytes away (50,000 kept messages would not
 * fit in memory). It runs in a worker thread of this process, so parsing SMTP does not compete with the
 * sender for the main thread; baseline and outbox share it alike.
 */
const SMTP_WORKER = `
const { parentPort } = require('node:worker_threads');
const { SMTPServer } = require('smtp-server');
let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => { count++; callback(); });
  },
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.server.address().port }));
parentPort.on('message', (m) => {
  if (m === 'count') parentPort.postMessage({ count });
  if (m === 'close') server.close(() => process.exit(0));
});
`;

async function startCountingSmtpServer() {
  const worker = new Worker(SMTP_WORKER, { eval: true });
  const [{ port }] = (await once(worker, 'message')) as [{ port: number }];
  const count = async () => {
    worker.postMessage('count');
    const [reply] = (await once(worker, 'message')) as [{ count: number }];
    return reply.count;
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    count,
    close: async () => {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}

async function seed(db: Db, now: Date) {
  const at = now.toISOString();
  await db
    .insertInto('editions')
    .values({
      code: 'ar',
      language: 'ar',
      direction: 'rtl',
      name: 'صحيفة',
      description: '',
      date_style: 'levant',
      digits: 'latn',
      time_zone: 'Asia/Beirut',
      social_links: '[]',
      position: 0,
      created_at: at,
    })
    .execute();
  const newsletterId = await insertNewsletter(
    db,
    {
      editionCode: 'ar',
      name: 'الموجز الصباحي',
      description: '',
      language: 'ar',
      sender: 'صحيفة <morning@news.example>',
      schedule: 'manual',
      sendTime: null,
    },
    now,
  );
  for (let i = 0; i < SUBSCRIBERS; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, SUBSCRIBERS - i) }, (_, k) => ({
      id: newId(now),
      email: `reader${i + k}@example.org`,
      created_at: at,
      confirmation_sent_at: null,
    }));
    await db.insertInto('newsletter_subscribers').values(batch).execute();
    await db
      .insertInto('newsletter_subscriptions')
      .values(
        batch.map((s) => ({
          subscriber_id: s.id,
          newsletter_id: newsletterId,
          status: 'active' as const,
          created_at: at,
          updated_at: at,
          confirmed_at: at,
        })),
      )
      .execute();
  }
  const intro = 'صباح الخير. هذه أهم أخبار الليل والصباح، مختارة لكم من غرفة الأخبار.\n\n'.repeat(3);
  return insertIssue(
    db,
    { newsletterId, subject: 'الموجز الصباحي · الاثنين', intro, articleIds: [], createdBy: null },
    now,
  );
}

const rate = (messages: number, ms: number) => Math.round((messages / ms) * 1000);

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sahifa-bench-newsletter-'));
  const db = openDatabase({ sqlitePath: path.join(dir, 'bench.sqlite') });
  const smtp = await startCountingSmtpServer();
  try {
    await migrateToLatest(db);
    const now = new Date();
    let started = performance.now();
    const issueId = await seed(db, now);
    console.log(`seeded ${SUBSCRIBERS} subscribers in ${Math.round(performance.now() - started)} ms`);

    // Baseline: the same message, raw nodemailer over the same pool, no database.
    const ready = await prepareIssue(db, issueId, PUBLIC_URL, now);
    if (!ready) throw new Error('issue not found');
    const body = personalize(ready.rendered, {
      preferences: `${PUBLIC_URL}/p`,
      unsubscribe: `${PUBLIC_URL}/u`,
    });
    const transport = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections: CONNECTIONS });
    let next = 0;
    started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS * 2 }, async () => {
        while (next < BASELINE_MESSAGES) {
          const n = next++;
          await transport.sendMail({
            from: ready.newsletter.sender,
            to: `reader${n}@example.org`,
            ...body,
            textEncoding: 'base64',
          });
        }
      }),
    );
    const baselineMs = performance.now() - started;
    transport.close();
    const baseline = rate(BASELINE_MESSAGES, baselineMs);
    console.log(
      `baseline: raw nodemailer, ${BASELINE_MESSAGES} messages in ${Math.round(baselineMs)} ms: ${baseline} messages/s`,
    );

    // The outbox: queue one row per recipient, then claim, send and mark each.
    started = performance.now();
    const queued = await db.transaction().execute((trx) => queueIssueRecipients(trx, issueId, now));
    console.log(`queued ${queued} recipients in ${Math.round(performance.now() - started)} ms`);
    const mailer = createMailer({
      smtpUrl: smtp.url,
      mailFrom: 'Sahifa <no-reply@news.example>',
      dataDir: dir,
      pool: { maxConnections: CONNECTIONS },
    });
    const before = await smtp.count();
    started = performance.now();
    const done = await deliverDue(
      { db, mailer, clock: { now: () => new Date() }, publicUrl: PUBLIC_URL, rate: 0 },
      { issueId, batchSize: 500, concurrency: CONNECTIONS * 2 },
    );
    const outboxMs = performance.now() - started;
    mailer.close?.();
    const stats = await deliveryStats(db, issueId);
    const received = (await smtp.count()) - before;
    const outbox = rate(done.sent, outboxMs);
    console.log(
      `outbox: ${done.sent} sent, ${done.failed} failed in ${Math.round(outboxMs)} ms: ${outbox} messages/s (${Math.round((outbox / baseline) * 100)}% of baseline)`,
    );
    console.log(`SMTP server received ${received}; outbox rows: ${JSON.stringify(stats)}`);
    const ok = outbox >= TARGET && received === SUBSCRIBERS && stats.sent === SUBSCRIBERS;
    console.log(`${ok ? 'PASS' : 'FAIL'}: target >= ${TARGET} messages/s, every recipient exactly once`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await smtp.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
