import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Db } from '../db/schema.js';
import { listEditions } from '../editions/queries.js';
import type { Clock } from '../http/env.js';
import type { Mailer, MailMessage } from '../mail/mailer.js';
import { personalize, type RenderedIssue, renderIssue } from './emails.js';
import { loadLinkKey, preferencesUrl, unsubscribeUrl } from './links.js';
import {
  articleIdsOf,
  articlesByIds,
  type ClaimedDelivery,
  claimDeliveries,
  findIssue,
  findNewsletter,
  finishSentIssues,
  markAbandonedHandoffs,
  markAttemptFailed,
  markDelivered,
  markHandoff,
  markUncertain,
  releaseDeliveries,
  renewLeases,
} from './queries.js';

/**
 * How long a claimed row stays a sender's without news from it: a sender that
 * dies frees its rows this long after its last renewal, so a restart resumes within it.
 */
export const LEASE_MS = 15_000;
/** A running sender extends the lease of the rows it holds this often. */
export const RENEW_MS = 3_000;
/** SMTP connections the sender keeps open (and twice as many messages in flight). */
export const SMTP_CONNECTIONS = 10;
/** After this many tries a message is failed for good. */
export const MAX_ATTEMPTS = 6;

/** 1, 2, 4, 8 … minutes, at most 6 hours. */
export const retryDelayMs = (attempts: number) =>
  Math.min(60_000 * 2 ** Math.max(attempts - 1, 0), 6 * 3_600_000);

export interface SenderDeps {
  db: Db;
  mailer: Mailer;
  clock: Clock;
  logger?: Logger | undefined;
  publicUrl: string;
  /** Messages per second at most; 0: as fast as the mailer goes. */
  rate: number;
}

export interface SendProgress {
  sent: number;
  failed: number;
  retried: number;
}

export interface SendOptions {
  /** Only this issue's recipients. */
  issueId?: string | undefined;
  batchSize?: number;
  /** Messages in flight at once (match the SMTP pool's connections). */
  concurrency?: number;
  /** Stops after the messages in flight; claimed rows not yet tried go back to the queue. */
  signal?: AbortSignal | undefined;
  /** The lease and its renewal period (tests shorten them). */
  leaseMs?: number;
  renewMs?: number;
  onProgress?: (done: SendProgress) => void;
}

/** An issue ready to send: rendered once, personalized per recipient. */
interface PreparedIssue {
  rendered: RenderedIssue;
  newsletterId: string;
  editionCode: string;
  from: string;
  listId: string;
  mailto: string;
}

/** The address inside a From header ("Name <a@b>" → "a@b"). */
export const addressOf = (from: string) => (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();

/** Loads and renders an issue for sending (or previewing). */
export async function prepareIssue(db: Db, issueId: string, publicUrl: string, now: Date) {
  const issue = await findIssue(db, issueId);
  const newsletter = issue && (await findNewsletter(db, issue.newsletter_id));
  if (!issue || !newsletter) return undefined;
  const edition = (await listEditions(db)).find((e) => e.code === newsletter.edition_code);
  if (!edition) return undefined;
  const articles = await articlesByIds(db, edition, articleIdsOf(issue), now);
  const rendered = await renderIssue({
    newsletterName: newsletter.name,
    editionName: edition.name,
    language: newsletter.language,
    direction: edition.direction,
    subject: issue.subject,
    intro: issue.intro,
    articles,
    publicUrl,
  });
  const host = new URL(publicUrl).hostname;
  return {
    issue,
    newsletter,
    edition,
    rendered,
    prepared: {
      rendered,
      newsletterId: newsletter.id,
      editionCode: edition.code,
      from: newsletter.sender,
      listId: `${newsletter.id}.newsletters.${host}`,
      mailto: addressOf(newsletter.sender),
    } satisfies PreparedIssue,
  };
}

/** One recipient's message with the bulk-mail headers (RFC 2369, RFC 8058). */
function messageFor(
  prepared: PreparedIssue,
  row: ClaimedDelivery,
  key: string,
  publicUrl: string,
): MailMessage {
  const unsubscribe = unsubscribeUrl(publicUrl, key, row.subscriberId, prepared.newsletterId);
  const preferences = preferencesUrl(publicUrl, key, prepared.editionCode, row.subscriberId);
  const body = personalize(prepared.rendered, { preferences, unsubscribe });
  const token = new URL(unsubscribe).searchParams.get('sig') ?? '';
  const mailto = `mailto:${prepared.mailto}?subject=${encodeURIComponent(`unsubscribe ${row.subscriberId}.${prepared.newsletterId}.${token}`)}`;
  return {
    to: row.email,
    from: prepared.from,
    subject: body.subject,
    text: body.text,
    html: body.html,
    textEncoding: 'base64',
    // The same id on every attempt, so a receiver can drop a copy resent after a crash.
    messageId: `<${row.id}@${new URL(publicUrl).hostname}>`,
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>, <${mailto}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': `<${prepared.listId}>`,
      Precedence: 'bulk',
    },
  };
}

/** SMTP 5xx replies are permanent (no such mailbox …); everything else (4xx, network) is worth retrying. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Spaces messages out to `rate` per second across every message in flight. */
function pacer(rate: number) {
  const gap = rate > 0 ? 1000 / rate : 0;
  let next = performance.now();
  return async () => {
    if (gap === 0) return;
    const now = performance.now();
    const wait = next - now;
    next = Math.max(next, now) + gap;
    if (wait > 0) await sleep(wait);
  };
}

/**
 * Sends every due message of the outbox (or of one issue) until none is due.
 *
 * Each row goes queued → sending (claimed with a short lease, renewed every
 * few seconds while this sender runs) → handoff (written just before the
 * final `.` of SMTP DATA, and only while this sender still holds the row) →
 * sent (after the server's 250). So after a crash:
 * - a row still `sending` never reached the `.`: the server did not take it,
 *   and it is resent as soon as its lease runs out (seconds);
 * - a row in `handoff` may or may not have been taken: it becomes `uncertain`
 *   and is not resent unless an operator asks (`sahifa newsletter resend-uncertain`).
 * No recipient gets an issue twice from a crash, provided the server treats a
 * transaction without its final `.` as not received (as SMTP requires); at most
 * the messages in flight at the crash end up uncertain.
 */
export async function deliverDue(deps: SenderDeps, options: SendOptions = {}): Promise<SendProgress> {
  const { db, mailer, clock, logger } = deps;
  const owner = randomBytes(12).toString('base64url');
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? SMTP_CONNECTIONS * 2;
  const done: SendProgress = { sent: 0, failed: 0, retried: 0 };
  const issues = new Map<string, PreparedIssue | undefined>();
  const key = await loadLinkKey(db, clock.now());
  const pace = pacer(deps.rate);
  const leaseEnd = () => new Date(clock.now().getTime() + leaseMs);

  const prepared = async (issueId: string) => {
    if (!issues.has(issueId)) {
      issues.set(issueId, (await prepareIssue(db, issueId, deps.publicUrl, clock.now()))?.prepared);
    }
    return issues.get(issueId);
  };

  const sendOne = async (row: ClaimedDelivery) => {
    const issue = await prepared(row.issueId);
    if (!issue) {
      await markAttemptFailed(db, row.id, owner, 'issue or newsletter deleted', undefined);
      done.failed++;
      return;
    }
    await pace();
    let handedOff = false;
    let leaseLost = false;
    try {
      await mailer.send({
        ...messageFor(issue, row, key, deps.publicUrl),
        beforeCommit: async () => {
          handedOff = await markHandoff(db, row.id, owner, leaseEnd());
          leaseLost = !handedOff;
          // Abandons the message before its final `.`: the server discards it.
          if (leaseLost) throw new Error('lease lost before the message was committed');
        },
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (leaseLost) {
        // Another sender holds the row now and will send it; this one sent nothing.
        logger?.warn({ delivery: row.id }, 'newsletter row taken over before its message was committed');
        return;
      }
      if (handedOff && !hasReply(error)) {
        // The connection failed between the final `.` and the reply: the server may have the message.
        await markUncertain(db, row.id, owner, reason);
        logger?.warn({ delivery: row.id, reason }, 'newsletter message may or may not have been accepted');
        done.failed++;
        return;
      }
      const retry = !isPermanent(error) && row.attempts < MAX_ATTEMPTS;
      const retryAt = retry ? new Date(clock.now().getTime() + retryDelayMs(row.attempts)) : undefined;
      await markAttemptFailed(db, row.id, owner, reason, retryAt);
      if (retry) done.retried++;
      else done.failed++;
      logger?.warn({ delivery: row.id, reason, retry }, 'newsletter message not sent');
      return;
    }
    await markDelivered(db, row.id, owner, clock.now());
    done.sent++;
  };

  // The lease of every row this sender holds is extended while it runs; a dead sender's runs out.
  const renewal = setInterval(() => {
    renewLeases(db, owner, leaseEnd()).catch((err) =>
      logger?.warn({ err }, 'newsletter lease renewal failed'),
    );
  }, options.renewMs ?? RENEW_MS);
  renewal.unref();
  try {
    while (!options.signal?.aborted) {
      const now = clock.now();
      await markAbandonedHandoffs(db, now);
      const batch = await claimDeliveries(db, {
        owner,
        now,
        lockedUntil: new Date(now.getTime() + leaseMs),
        limit: batchSize,
        issueId: options.issueId,
      });
      if (batch.length === 0) break;
      let next = 0;
      const worker = async () => {
        while (next < batch.length && !options.signal?.aborted) {
          const row = batch[next++];
          if (row) await sendOne(row);
          options.onProgress?.(done);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
      // Stopped mid-batch: what was claimed but never tried goes back, untouched.
      await releaseDeliveries(
        db,
        batch.slice(next).map((r) => r.id),
        owner,
      );
    }
  } finally {
    clearInterval(renewal);
  }
  await finishSentIssues(db, clock.now());
  return done;
}

/** The server answered (a 4xx or 5xx reply), as opposed to the connection failing. */
function hasReply(error: unknown): boolean {
  return typeof (error as { responseCode?: unknown } | null)?.responseCode === 'number';
}

/**
 * Sends due newsletter mail every `everyMs` in the app process, until stopped.
 * The returned stop function resolves once the messages in flight are finished
 * (claimed rows not yet tried go back to the queue).
 */
export function startNewsletterSender(
  deps: SenderDeps & { logger: Logger },
  everyMs = 2_000,
): () => Promise<void> {
  const stop = new AbortController();
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = deliverDue(deps, { signal: stop.signal })
      .then((done) => {
        if (done.sent + done.failed + done.retried > 0) deps.logger.info(done, 'newsletter mail sent');
      })
      .catch((err) => deps.logger.warn({ err }, 'newsletter sender failed'))
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    stop.abort();
    await running;
  };
}
