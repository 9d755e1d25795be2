import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { z } from 'zod';
import { cancelPendingJobs } from '../jobs/runner.js';
import { createMailer } from '../mail/mailer.js';
import { NEWSLETTER_SEND_JOB } from '../newsletters/jobs.js';
import {
  deliveryStats,
  findIssue,
  listNewsletters,
  listRecentIssues,
  queueIssueRecipients,
  requeueUncertain,
} from '../newsletters/queries.js';
import { deliverDue, LEASE_MS, SMTP_CONNECTIONS } from '../newsletters/sender.js';
import type { CliContext } from './context.js';
import { withDatabase } from './database.js';

const issueId = z.string().regex(/^[0-9a-z]{20}$/, 'an issue id is 20 lowercase letters and digits');
const rate = z.coerce.number().min(0).max(100_000);

/** `sahifa newsletter list|send|resend-uncertain`: find newsletters and issues, and send an issue from the command line. */
export function newsletterCommand(cli: CliContext): Command {
  const newsletter = new Command('newsletter').description('list newsletters and issues; send an issue');

  newsletter
    .command('list')
    .description('newsletters (id, edition, name, schedule, active subscribers), then the latest issues')
    .option('--issues <n>', 'how many recent issues to list', '20')
    .action(async (options: { issues: string }) => {
      const limit = z.coerce.number().int().min(0).max(1000).safeParse(options.issues);
      if (!limit.success) return cli.fail('--issues must be a number from 0 to 1000');
      await withDatabase(cli, async (db) => {
        for (const n of await listNewsletters(db)) {
          const schedule = n.schedule === 'daily' ? `daily ${n.send_time}` : 'manual';
          cli.out([n.id, n.edition_code, n.name, schedule, `${n.active_count} active`].join('\t'));
        }
        if (limit.data === 0) return;
        cli.out('\nissues:');
        for (const i of await listRecentIssues(db, limit.data)) {
          cli.out([i.id, i.status, i.edition_code, i.name, i.subject].join('\t'));
        }
      });
    });

  newsletter
    .command('send')
    .argument('<issue>', 'the issue id (see `sahifa newsletter list`)')
    .option('--rate <n>', 'messages per second at most (default NEWSLETTER_RATE; 0: no limit)')
    .description(
      'send an issue now (a draft or scheduled issue is queued first; one being sent is resumed); safe alongside the server',
    )
    .action(async (id: string, options: { rate?: string }) => {
      const parsedId = issueId.safeParse(id);
      if (!parsedId.success) return cli.fail(`${id}: ${parsedId.error.issues[0]?.message}`);
      const parsedRate = rate.safeParse(options.rate ?? cli.settings().newsletterRate);
      if (!parsedRate.success)
        return cli.fail('--rate must be a number of messages per second (0: no limit)');
      const config = cli.settings();
      await withDatabase(cli, async (db) => {
        const issue = await findIssue(db, parsedId.data);
        if (!issue) return cli.fail(`No issue ${parsedId.data}`);
        const now = new Date();
        if (issue.status === 'draft' || issue.status === 'scheduled') {
          const queued = await db.transaction().execute(async (trx) => {
            await cancelPendingJobs(trx, NEWSLETTER_SEND_JOB, issue.id);
            return queueIssueRecipients(trx, issue.id, now);
          });
          cli.out(`queued ${queued ?? 0} recipients`);
        }
        const before = await deliveryStats(db, issue.id);
        const total = Object.values(before).reduce((sum, n) => sum + n, 0);
        const mailer = createMailer({ ...config, pool: { maxConnections: SMTP_CONNECTIONS } });
        const progress = progressReporter(cli, total, before.sent + before.failed);
        try {
          const deps = {
            db,
            mailer,
            clock: { now: () => new Date() },
            publicUrl: config.publicUrl,
            rate: parsedRate.data,
          };
          const done = { sent: 0, failed: 0, retried: 0 };
          let after = before;
          let lastChange = Date.now();
          // Rows another sender holds (the server, or one that crashed: its lease runs out within
          // LEASE_MS) are waited for and then taken, so one run finishes the list.
          for (;;) {
            const round = await deliverDue(deps, {
              issueId: issue.id,
              onProgress: (p) =>
                progress.update(before.sent + before.failed + done.sent + done.failed + p.sent + p.failed),
            });
            done.sent += round.sent;
            done.failed += round.failed;
            done.retried += round.retried;
            const next = await deliveryStats(db, issue.id);
            if (JSON.stringify(next) !== JSON.stringify(after)) lastChange = Date.now();
            after = next;
            if (after.sending + after.handoff === 0) break;
            if (Date.now() - lastChange > 2 * LEASE_MS) {
              cli.out(`${after.sending + after.handoff} messages are still held by another sender`);
              break;
            }
            await new Promise((resolve) => setTimeout(resolve, 1_000));
          }
          progress.stop();
          cli.out(
            `sent ${done.sent}, failed ${done.failed}, to retry ${done.retried}; issue totals: ${after.sent} sent, ${after.failed} failed, ${after.queued} queued${after.uncertain > 0 ? `, ${after.uncertain} uncertain (see resend-uncertain)` : ''}`,
          );
          if (after.queued > 0)
            cli.out(
              'queued messages wait for their retry time: run this again later, or let the server send them',
            );
        } finally {
          mailer.close?.();
        }
      });
    });

  newsletter
    .command('resend-uncertain')
    .argument('<issue>', 'the issue id (see `sahifa newsletter list`)')
    .description(
      "queue again an issue's uncertain messages (a sender stopped between handing them to the mail server and its reply: some recipients may get them twice); the server or `newsletter send` sends them",
    )
    .action(async (id: string) => {
      const parsedId = issueId.safeParse(id);
      if (!parsedId.success) return cli.fail(`${id}: ${parsedId.error.issues[0]?.message}`);
      await withDatabase(cli, async (db) => {
        if (!(await findIssue(db, parsedId.data))) return cli.fail(`No issue ${parsedId.data}`);
        const count = await requeueUncertain(db, parsedId.data, new Date());
        cli.out(`queued ${count} uncertain messages again`);
      });
    });

  return newsletter;
}

/** A progress bar on a terminal; a plain line every 10% otherwise (logs, CI). */
function progressReporter(cli: CliContext, total: number, start: number) {
  if (cli.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'sending [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left',
        stream: cli.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, start);
    return { update: (value: number) => bar.update(value), stop: () => bar.stop() };
  }
  let nextReport = 0;
  return {
    update(value: number) {
      const share = total === 0 ? 100 : Math.floor((value / total) * 100);
      if (share < nextReport) return;
      cli.out(`sending: ${value}/${total} (${share}%)`);
      nextReport = share - (share % 10) + 10;
    },
    stop() {},
  };
}
