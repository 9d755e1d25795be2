import type { Db } from '../db/schema.js';
import { formatDate } from '../i18n/dates.js';
import { cancelPendingJobs, enqueueJob, type JobHandlers } from '../jobs/runner.js';
import {
  articlesSince,
  findEditionRow,
  findIssue,
  findNewsletter,
  hasActiveSubscribers,
  insertIssue,
  lastQueuedAt,
  type NewsletterRow,
  queueIssueRecipients,
  setIssueSchedule,
} from './queries.js';
import { nextDailyRun } from './schedule.js';

/** Queues a scheduled issue's recipients at its time (subject: the issue). */
export const NEWSLETTER_SEND_JOB = 'newsletter.send';
/** Makes and queues a daily newsletter's issue, then books the next day (subject: the newsletter). */
export const NEWSLETTER_DAILY_JOB = 'newsletter.daily';

/** With no earlier issue, "since the last issue" means the last day. */
const FIRST_ISSUE_LOOKBACK_MS = 86_400_000;
export const TOP_STORIES = 8;

/**
 * The newsletters' durable jobs. They only write rows (the outbox); the
 * sender (`deliverDue`) does the slow part, mail, outside their transaction.
 */
export const newsletterJobs: JobHandlers = {
  [NEWSLETTER_SEND_JOB]: async (db, job, now) => {
    const issue = await findIssue(db, job.subjectId);
    if (issue?.status !== 'scheduled') return;
    await queueIssueRecipients(db, issue.id, now);
  },
  [NEWSLETTER_DAILY_JOB]: async (db, job, now) => {
    const newsletter = await findNewsletter(db, job.subjectId);
    if (newsletter?.schedule !== 'daily' || !newsletter.send_time) return;
    const edition = await editionOf(db, newsletter);
    if (!edition) return;
    // After downtime, resume tomorrow rather than sending every missed day at once.
    const after = new Date(Math.max(now.getTime(), job.runAt.getTime()));
    await enqueueJob(
      db,
      {
        kind: NEWSLETTER_DAILY_JOB,
        subjectId: newsletter.id,
        runAt: nextDailyRun(newsletter.send_time, edition.time_zone, after),
      },
      now,
    );
    // No readers yet (a new or demo newsletter): no empty issues piling up.
    if (!(await hasActiveSubscribers(db, newsletter.id))) return;
    const issueId = await createAutomaticIssue(db, newsletter, null, now);
    if (issueId) await queueIssueRecipients(db, issueId, now);
  },
};

const editionOf = (db: Db, newsletter: NewsletterRow) => findEditionRow(db, newsletter.edition_code);

/**
 * A new draft issue with the top stories since the last issue (newest first)
 * and a dated subject; undefined when there is nothing new to send.
 */
export async function createAutomaticIssue(
  db: Db,
  newsletter: NewsletterRow,
  createdBy: string | null,
  now: Date,
  options: { evenIfEmpty?: boolean } = {},
): Promise<string | undefined> {
  const edition = await editionOf(db, newsletter);
  if (!edition) return undefined;
  const since = (await lastQueuedAt(db, newsletter.id)) ?? new Date(now.getTime() - FIRST_ISSUE_LOOKBACK_MS);
  const articles = await articlesSince(
    db,
    { code: edition.code, timeZone: edition.time_zone },
    since,
    now,
    TOP_STORIES,
  );
  if (articles.length === 0 && !options.evenIfEmpty) return undefined;
  const date = formatDate(now, {
    language: edition.language,
    dateStyle: edition.date_style,
    digits: edition.digits,
    monthSeparator: edition.month_separator,
    timeZone: edition.time_zone,
  });
  return insertIssue(
    db,
    {
      newsletterId: newsletter.id,
      subject: `${newsletter.name} · ${date}`,
      intro: '',
      articleIds: articles.map((a) => a.id),
      createdBy,
    },
    now,
  );
}

/** Books (or cancels) a newsletter's daily job after it is created or its schedule changes. */
export async function bookDailyIssue(db: Db, newsletter: NewsletterRow, timeZone: string, now: Date) {
  await cancelPendingJobs(db, NEWSLETTER_DAILY_JOB, newsletter.id);
  if (newsletter.schedule !== 'daily' || !newsletter.send_time) return;
  await enqueueJob(
    db,
    {
      kind: NEWSLETTER_DAILY_JOB,
      subjectId: newsletter.id,
      runAt: nextDailyRun(newsletter.send_time, timeZone, now),
    },
    now,
  );
}

/** Sends an issue now or at `at`, through the durable job (draft or scheduled issues only). */
export async function scheduleIssueSend(db: Db, issueId: string, at: Date, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await setIssueSchedule(trx, issueId, 'scheduled', at, now))) return false;
    await cancelPendingJobs(trx, NEWSLETTER_SEND_JOB, issueId);
    await enqueueJob(trx, { kind: NEWSLETTER_SEND_JOB, subjectId: issueId, runAt: at }, now);
    return true;
  });
}

/** A scheduled issue back to draft; its job is cancelled. */
export async function unscheduleIssue(db: Db, issueId: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await setIssueSchedule(trx, issueId, 'draft', null, now))) return false;
    await cancelPendingJobs(trx, NEWSLETTER_SEND_JOB, issueId);
    return true;
  });
}
