import type { Selectable } from 'kysely';
import { articlePath } from '../articles/paths.js';
import { publicArticles } from '../articles/queries.js';
import { newId } from '../db/ids.js';
import type {
  Db,
  DeliveryState,
  IssueStatus,
  NewsletterIssueTable,
  NewsletterTable,
  SubscriptionStatus,
} from '../db/schema.js';
import { cacheTags } from '../http/cache-tags.js';
import type { AppDeps } from '../http/env.js';

export type NewsletterRow = Selectable<NewsletterTable>;
export type IssueRow = Selectable<NewsletterIssueTable>;

export interface NewsletterInput {
  editionCode: string;
  name: string;
  description: string;
  language: string;
  sender: string;
  schedule: 'manual' | 'daily';
  sendTime: string | null;
}

// ---------------------------------------------------------------- newsletters

/** Newsletters of the given editions (all editions when undefined), in edition then display order. */
export async function listNewsletters(db: Db, editionCodes?: string[]) {
  if (editionCodes?.length === 0) return [];
  let query = db
    .selectFrom('newsletters')
    .selectAll('newsletters')
    .select((eb) =>
      eb
        .selectFrom('newsletter_subscriptions')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('newsletter_subscriptions.newsletter_id', '=', 'newsletters.id')
        .where('newsletter_subscriptions.status', '=', 'active')
        .as('active_count'),
    );
  if (editionCodes) query = query.where('edition_code', 'in', editionCodes);
  const rows = await query.orderBy('edition_code').orderBy('position').orderBy('name').execute();
  return rows.map((r) => ({ ...r, active_count: Number(r.active_count ?? 0) }));
}

/** An edition's newsletters as the public sign-up forms offer them (no counts), in their order. */
export async function listPublicNewsletters(db: Db, editionCode: string) {
  const rows = await db
    .selectFrom('newsletters')
    .select(['id', 'name', 'description', 'schedule', 'send_time'])
    .where('edition_code', '=', editionCode)
    .orderBy('position')
    .orderBy('name')
    .execute();
  return rows.map((n) => ({
    id: n.id,
    name: n.name,
    description: n.description,
    schedule: n.schedule,
    sendTime: n.send_time,
  }));
}

/**
 * `listPublicNewsletters` from memory (every article page offers them) until a newsletter
 * change logs the edition's newsletters tag, as it does for the pages showing them.
 */
export function cachedPublicNewsletters(
  deps: Pick<AppDeps, 'db' | 'cache'>,
  editionCode: string,
): ReturnType<typeof listPublicNewsletters> {
  return deps.cache.remember(
    `newsletters:${editionCode}`,
    () => listPublicNewsletters(deps.db, editionCode),
    () => [cacheTags.newsletters(editionCode), cacheTags.edition(editionCode)],
  );
}

export async function findNewsletter(db: Db, id: string): Promise<NewsletterRow | undefined> {
  return db.selectFrom('newsletters').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertNewsletter(db: Db, input: NewsletterInput, now: Date): Promise<string> {
  const id = newId(now);
  const last = await db
    .selectFrom('newsletters')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('edition_code', '=', input.editionCode)
    .executeTakeFirst();
  await db
    .insertInto('newsletters')
    .values({
      id,
      edition_code: input.editionCode,
      name: input.name,
      description: input.description,
      language: input.language,
      sender: input.sender,
      schedule: input.schedule,
      send_time: input.sendTime,
      position: Number(last?.max ?? -1) + 1,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .execute();
  return id;
}

/** The edition of a newsletter never changes: its subscribers and issues belong there. */
export async function updateNewsletter(
  db: Db,
  id: string,
  input: Omit<NewsletterInput, 'editionCode'>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('newsletters')
    .set({
      name: input.name,
      description: input.description,
      language: input.language,
      sender: input.sender,
      schedule: input.schedule,
      send_time: input.sendTime,
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

export async function findEditionRow(db: Db, code: string) {
  return db.selectFrom('editions').selectAll().where('code', '=', code).executeTakeFirst();
}

// ---------------------------------------------------------------- subscribers

export async function hasActiveSubscribers(db: Db, newsletterId: string): Promise<boolean> {
  const row = await db
    .selectFrom('newsletter_subscriptions')
    .select('subscriber_id')
    .where('newsletter_id', '=', newsletterId)
    .where('status', '=', 'active')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findSubscriber(db: Db, id: string) {
  return db.selectFrom('newsletter_subscribers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The subscriber with this (lowercased) address, created if new. */
export async function ensureSubscriber(db: Db, email: string, now: Date): Promise<string> {
  await db
    .insertInto('newsletter_subscribers')
    .values({ id: newId(now), email, created_at: now.toISOString(), confirmation_sent_at: null })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  const row = await db
    .selectFrom('newsletter_subscribers')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function subscriptionsOf(db: Db, subscriberId: string) {
  return db
    .selectFrom('newsletter_subscriptions')
    .select(['newsletter_id', 'status'])
    .where('subscriber_id', '=', subscriberId)
    .execute();
}

/**
 * Sets subscriptions to `status`. With `keepActive`, an active subscription
 * stays active (asking again for what one has changes nothing).
 */
export async function upsertSubscriptions(
  db: Db,
  subscriberId: string,
  newsletterIds: string[],
  status: SubscriptionStatus,
  now: Date,
  options: { keepActive: boolean },
): Promise<void> {
  const at = now.toISOString();
  for (const newsletterId of newsletterIds) {
    await db
      .insertInto('newsletter_subscriptions')
      .values({
        subscriber_id: subscriberId,
        newsletter_id: newsletterId,
        status,
        created_at: at,
        updated_at: at,
        confirmed_at: status === 'active' ? at : null,
      })
      .onConflict((oc) => {
        const update = oc.columns(['subscriber_id', 'newsletter_id']).doUpdateSet({
          status,
          updated_at: at,
          ...(status === 'active' ? { confirmed_at: at } : {}),
        });
        return options.keepActive ? update.where('newsletter_subscriptions.status', '!=', 'active') : update;
      })
      .execute();
  }
}

/**
 * Takes the right to send a confirmation mail now: true for at most one
 * caller an hour per address, however many forms arrive at once.
 */
export async function claimConfirmationMail(db: Db, subscriberId: string, now: Date, everyMs: number) {
  const cutoff = new Date(now.getTime() - everyMs).toISOString();
  const result = await db
    .updateTable('newsletter_subscribers')
    .set({ confirmation_sent_at: now.toISOString() })
    .where('id', '=', subscriberId)
    .where((eb) => eb.or([eb('confirmation_sent_at', 'is', null), eb('confirmation_sent_at', '<', cutoff)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives the claim back (the mail could not be sent), so the next form may try again. */
export async function releaseConfirmationMail(db: Db, subscriberId: string): Promise<void> {
  await db
    .updateTable('newsletter_subscribers')
    .set({ confirmation_sent_at: null })
    .where('id', '=', subscriberId)
    .execute();
}

/** Pending subscriptions become active; returns how many did (0 when confirming twice). */
export async function confirmPending(db: Db, subscriberId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('newsletter_subscriptions')
    .set({ status: 'active', confirmed_at: now.toISOString(), updated_at: now.toISOString() })
    .where('subscriber_id', '=', subscriberId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Leaves one newsletter; true when the subscription was not already ended. */
export async function unsubscribe(db: Db, subscriberId: string, newsletterId: string, now: Date) {
  const result = await db
    .updateTable('newsletter_subscriptions')
    .set({ status: 'unsubscribed', updated_at: now.toISOString() })
    .where('subscriber_id', '=', subscriberId)
    .where('newsletter_id', '=', newsletterId)
    .where('status', '!=', 'unsubscribed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordSignupAttempt(db: Db, attempt: { email: string; ip: string }, now: Date) {
  await db
    .insertInto('newsletter_signup_attempts')
    .values({ id: newId(now), at: now.toISOString(), ...attempt })
    .execute();
}

export async function countSignupAttempts(db: Db, by: { email: string } | { ip: string }, since: Date) {
  let query = db
    .selectFrom('newsletter_signup_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('at', '>', since.toISOString());
  query = 'email' in by ? query.where('email', '=', by.email) : query.where('ip', '=', by.ip);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Subscribers of a newsletter, newest first, and how many there are in each state. */
export async function listSubscribers(db: Db, newsletterId: string, limit: number) {
  const [rows, counts] = await Promise.all([
    db
      .selectFrom('newsletter_subscriptions as s')
      .innerJoin('newsletter_subscribers as p', 'p.id', 's.subscriber_id')
      .select(['p.email', 's.status', 's.created_at', 's.confirmed_at', 's.updated_at'])
      .where('s.newsletter_id', '=', newsletterId)
      .orderBy('s.updated_at', 'desc')
      .orderBy('p.email')
      .limit(limit)
      .execute(),
    db
      .selectFrom('newsletter_subscriptions')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('newsletter_id', '=', newsletterId)
      .groupBy('status')
      .execute(),
  ]);
  const byStatus: Record<SubscriptionStatus, number> = { pending: 0, active: 0, unsubscribed: 0 };
  for (const c of counts) byStatus[c.status] = Number(c.n);
  return { rows, counts: byStatus };
}

/** Every subscriber of a newsletter, by address, for the CSV export. */
export async function exportSubscribers(db: Db, newsletterId: string) {
  return db
    .selectFrom('newsletter_subscriptions as s')
    .innerJoin('newsletter_subscribers as p', 'p.id', 's.subscriber_id')
    .select(['p.email', 's.status', 's.created_at', 's.confirmed_at'])
    .where('s.newsletter_id', '=', newsletterId)
    .orderBy('p.email')
    .execute();
}

// ---------------------------------------------------------------- issues

export async function insertIssue(
  db: Db,
  input: {
    newsletterId: string;
    subject: string;
    intro: string;
    articleIds: string[];
    createdBy: string | null;
  },
  now: Date,
): Promise<string> {
  const id = newId(now);
  await db
    .insertInto('newsletter_issues')
    .values({
      id,
      newsletter_id: input.newsletterId,
      subject: input.subject,
      intro: input.intro,
      article_ids: JSON.stringify(input.articleIds),
      status: 'draft',
      scheduled_at: null,
      queued_at: null,
      created_by: input.createdBy,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .execute();
  return id;
}

export async function findIssue(db: Db, id: string): Promise<IssueRow | undefined> {
  return db.selectFrom('newsletter_issues').selectAll().where('id', '=', id).executeTakeFirst();
}

export const articleIdsOf = (issue: IssueRow): string[] => {
  const parsed: unknown = JSON.parse(issue.article_ids || '[]');
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
};

/** Saves a draft or scheduled issue; false once it is being sent (its content is frozen). */
export async function updateIssueContent(
  db: Db,
  id: string,
  input: { subject: string; intro: string; articleIds: string[] },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('newsletter_issues')
    .set({
      subject: input.subject,
      intro: input.intro,
      article_ids: JSON.stringify(input.articleIds),
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .where('status', 'in', ['draft', 'scheduled'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setIssueSchedule(
  db: Db,
  id: string,
  status: Extract<IssueStatus, 'draft' | 'scheduled'>,
  at: Date | null,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('newsletter_issues')
    .set({ status, scheduled_at: at?.toISOString() ?? null, updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('status', 'in', ['draft', 'scheduled'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listIssues(db: Db, newsletterId: string, limit = 50) {
  return db
    .selectFrom('newsletter_issues')
    .selectAll()
    .where('newsletter_id', '=', newsletterId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Issues of every newsletter, newest first (the CLI's listing). */
export async function listRecentIssues(db: Db, limit: number) {
  return db
    .selectFrom('newsletter_issues as i')
    .innerJoin('newsletters as n', 'n.id', 'i.newsletter_id')
    .select(['i.id', 'i.subject', 'i.status', 'i.scheduled_at', 'i.queued_at', 'n.name', 'n.edition_code'])
    .orderBy('i.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** When the newsletter's last issue went out: "top stories since the last issue" start there. */
export async function lastQueuedAt(db: Db, newsletterId: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('newsletter_issues')
    .select('queued_at')
    .where('newsletter_id', '=', newsletterId)
    .where('queued_at', 'is not', null)
    .orderBy('queued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.queued_at ? new Date(row.queued_at) : undefined;
}

export interface EmailArticle {
  id: string;
  headline: string;
  standfirst: string;
  url: string;
  firstPublishedAt: string;
}

/** Published articles of an edition first published after `since`, newest first; sponsored ones left out. */
export async function articlesSince(
  db: Db,
  edition: { code: string; timeZone: string },
  since: Date,
  now: Date,
  limit: number,
): Promise<EmailArticle[]> {
  const rows = await publicArticles(db, now)
    .select(['articles.id', 'articles.slug', 'articles.headline', 'articles.standfirst'])
    .select('articles.first_published_at')
    .where('articles.edition_code', '=', edition.code)
    .where('articles.first_published_at', '>', since.toISOString())
    // Sponsored articles go in an issue only when an editor chooses them (articlesByIds).
    .where('articles.sponsor', 'is', null)
    .orderBy('articles.first_published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => toEmailArticle(r, edition));
}

/** The articles an issue names, in its order; ones unpublished since are left out. */
export async function articlesByIds(
  db: Db,
  edition: { code: string; timeZone: string },
  ids: string[],
  now: Date,
): Promise<EmailArticle[]> {
  if (ids.length === 0) return [];
  const rows = await publicArticles(db, now)
    .select(['articles.id', 'articles.slug', 'articles.headline', 'articles.standfirst'])
    .select('articles.first_published_at')
    .where('articles.edition_code', '=', edition.code)
    .where('articles.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, toEmailArticle(r, edition)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

function toEmailArticle(
  r: { id: string; slug: string; headline: string; standfirst: string; first_published_at: string | null },
  edition: { code: string; timeZone: string },
): EmailArticle {
  const at = r.first_published_at ?? '';
  return {
    id: r.id,
    headline: r.headline,
    standfirst: r.standfirst,
    url: articlePath(edition.code, r.slug, at, edition.timeZone),
    firstPublishedAt: at,
  };
}

// ---------------------------------------------------------------- deliveries (the outbox)

const INSERT_CHUNK = 500;

/**
 * Turns an issue into one outbox row per active subscriber, once: the
 * conditional UPDATE lets only the first caller queue. Call in a transaction,
 * so the rows and the issue's state commit together.
 */
export async function queueIssueRecipients(db: Db, issueId: string, now: Date): Promise<number | undefined> {
  const at = now.toISOString();
  const claimed = await db
    .updateTable('newsletter_issues')
    .set({ status: 'sending', queued_at: at, updated_at: at })
    .where('id', '=', issueId)
    .where('queued_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return undefined;
  const issue = await db
    .selectFrom('newsletter_issues')
    .select('newsletter_id')
    .where('id', '=', issueId)
    .executeTakeFirstOrThrow();
  const recipients = await db
    .selectFrom('newsletter_subscriptions as s')
    .innerJoin('newsletter_subscribers as p', 'p.id', 's.subscriber_id')
    .select(['p.id', 'p.email'])
    .where('s.newsletter_id', '=', issue.newsletter_id)
    .where('s.status', '=', 'active')
    .orderBy('p.id')
    .execute();
  for (let i = 0; i < recipients.length; i += INSERT_CHUNK) {
    await db
      .insertInto('newsletter_deliveries')
      .values(
        recipients.slice(i, i + INSERT_CHUNK).map((r) => ({
          id: newId(now),
          issue_id: issueId,
          subscriber_id: r.id,
          email: r.email,
          state: 'queued' as const,
          attempts: 0,
          next_attempt_at: at,
          lease_owner: null,
          locked_until: null,
          last_error: null,
          sent_at: null,
        })),
      )
      .onConflict((oc) => oc.columns(['issue_id', 'subscriber_id']).doNothing())
      .execute();
  }
  return recipients.length;
}

export interface ClaimedDelivery {
  id: string;
  issueId: string;
  subscriberId: string;
  email: string;
  attempts: number;
}

/**
 * Claims up to `limit` due rows for `owner` until `lockedUntil`: queued rows
 * whose time has come, and rows whose previous owner's lease ran out (it
 * crashed mid-send). The conditional UPDATE means two senders never hold one row.
 */
export async function claimDeliveries(
  db: Db,
  options: { owner: string; now: Date; lockedUntil: Date; limit: number; issueId?: string | undefined },
): Promise<ClaimedDelivery[]> {
  const at = options.now.toISOString();
  let candidates = db
    .selectFrom('newsletter_deliveries')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'queued'), eb('next_attempt_at', '<=', at)]),
        eb.and([eb('state', '=', 'sending'), eb('locked_until', '<', at)]),
      ]),
    );
  if (options.issueId) candidates = candidates.where('issue_id', '=', options.issueId);
  const ids = (await candidates.orderBy('next_attempt_at').orderBy('id').limit(options.limit).execute()).map(
    (r) => r.id,
  );
  if (ids.length === 0) return [];
  await db
    .updateTable('newsletter_deliveries')
    .set((eb) => ({
      state: 'sending',
      lease_owner: options.owner,
      locked_until: options.lockedUntil.toISOString(),
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'queued'), eb('next_attempt_at', '<=', at)]),
        eb.and([eb('state', '=', 'sending'), eb('locked_until', '<', at)]),
      ]),
    )
    .execute();
  const rows = await db
    .selectFrom('newsletter_deliveries')
    .select(['id', 'issue_id', 'subscriber_id', 'email', 'attempts'])
    .where('id', 'in', ids)
    .where('lease_owner', '=', options.owner)
    .where('state', '=', 'sending')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    issueId: r.issue_id,
    subscriberId: r.subscriber_id,
    email: r.email,
    attempts: r.attempts,
  }));
}

/**
 * Records that the message of a claimed row is about to be committed (only
 * the final `.` of SMTP DATA is left). False when `owner` no longer holds the
 * row (its lease ran out and another sender took it): the message must then
 * not be committed.
 */
export async function markHandoff(db: Db, id: string, owner: string, lockedUntil: Date): Promise<boolean> {
  const result = await db
    .updateTable('newsletter_deliveries')
    .set({ state: 'handoff', locked_until: lockedUntil.toISOString() })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('state', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Extends the lease on every row `owner` is sending (called every few seconds while it sends). */
export async function renewLeases(db: Db, owner: string, lockedUntil: Date): Promise<number> {
  const result = await db
    .updateTable('newsletter_deliveries')
    .set({ locked_until: lockedUntil.toISOString() })
    .where('lease_owner', '=', owner)
    .where('state', 'in', ['sending', 'handoff'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Rows left in `handoff` by a sender that died (its lease ran out): the
 * server may or may not have taken the message, so they become `uncertain`
 * and are not resent automatically. Returns how many.
 */
export async function markAbandonedHandoffs(db: Db, now: Date): Promise<number> {
  const result = await db
    .updateTable('newsletter_deliveries')
    .set({
      state: 'uncertain',
      last_error: 'sender stopped after handing the message over, before the reply',
    })
    .where('state', '=', 'handoff')
    .where('locked_until', '<', now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The connection failed after the handoff and before the server's reply: it may have the message. */
export async function markUncertain(db: Db, id: string, owner: string, reason: string): Promise<void> {
  await db
    .updateTable('newsletter_deliveries')
    .set({ state: 'uncertain', last_error: reason.slice(0, 500) })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('state', '=', 'handoff')
    .execute();
}

/**
 * The operator's decision after checking the mail server's logs: an issue's
 * uncertain rows are queued again (their recipients may get the issue twice).
 * Returns how many; the issue is being sent again if it had finished.
 */
export async function requeueUncertain(db: Db, issueId: string, now: Date): Promise<number> {
  const at = now.toISOString();
  const result = await db
    .updateTable('newsletter_deliveries')
    .set({ state: 'queued', next_attempt_at: at, lease_owner: null, locked_until: null })
    .where('issue_id', '=', issueId)
    .where('state', '=', 'uncertain')
    .executeTakeFirst();
  const count = Number(result.numUpdatedRows);
  if (count > 0) {
    await db
      .updateTable('newsletter_issues')
      .set({ status: 'sending', updated_at: at })
      .where('id', '=', issueId)
      .where('status', '=', 'sent')
      .execute();
  }
  return count;
}

/**
 * Marks a row sent, right after the SMTP server took it (250). A row found
 * uncertain meanwhile (this sender was presumed dead) is settled too.
 */
export async function markDelivered(db: Db, id: string, owner: string, now: Date): Promise<void> {
  await db
    .updateTable('newsletter_deliveries')
    .set({
      state: 'sent',
      sent_at: now.toISOString(),
      lease_owner: null,
      locked_until: null,
      last_error: null,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('state', 'in', ['sending', 'handoff', 'uncertain'])
    .execute();
}

/** A failed attempt: queued again at `retryAt`, or failed for good when `retryAt` is undefined. */
export async function markAttemptFailed(
  db: Db,
  id: string,
  owner: string,
  reason: string,
  retryAt: Date | undefined,
): Promise<void> {
  await db
    .updateTable('newsletter_deliveries')
    .set({
      state: retryAt ? 'queued' : 'failed',
      ...(retryAt ? { next_attempt_at: retryAt.toISOString() } : {}),
      last_error: reason.slice(0, 500),
      lease_owner: null,
      locked_until: null,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('state', 'in', ['sending', 'handoff'])
    .execute();
}

/** Gives back rows claimed but never tried (the sender was stopped), as if never claimed. */
export async function releaseDeliveries(db: Db, ids: string[], owner: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('newsletter_deliveries')
    .set((eb) => ({
      state: 'queued',
      lease_owner: null,
      locked_until: null,
      attempts: eb('attempts', '-', 1),
    }))
    .where('id', 'in', ids)
    .where('lease_owner', '=', owner)
    .where('state', '=', 'sending')
    .execute();
}

/** Issues with nothing left to send become 'sent'. */
export async function finishSentIssues(db: Db, now: Date): Promise<void> {
  await db
    .updateTable('newsletter_issues')
    .set({ status: 'sent', updated_at: now.toISOString() })
    .where('status', '=', 'sending')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('newsletter_deliveries')
            .select('newsletter_deliveries.id')
            .whereRef('newsletter_deliveries.issue_id', '=', 'newsletter_issues.id')
            .where('newsletter_deliveries.state', 'in', ['queued', 'sending', 'handoff']),
        ),
      ),
    )
    .execute();
}

export type DeliveryStats = Record<DeliveryState, number>;

export async function deliveryStats(db: Db, issueId: string): Promise<DeliveryStats> {
  const rows = await db
    .selectFrom('newsletter_deliveries')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('issue_id', '=', issueId)
    .groupBy('state')
    .execute();
  const stats: DeliveryStats = { queued: 0, sending: 0, handoff: 0, sent: 0, failed: 0, uncertain: 0 };
  for (const r of rows) stats[r.state] = Number(r.n);
  return stats;
}

/** The latest failures of an issue, for the admin. */
export async function failedDeliveries(db: Db, issueId: string, limit: number) {
  return db
    .selectFrom('newsletter_deliveries')
    .select(['email', 'attempts', 'last_error'])
    .where('issue_id', '=', issueId)
    .where('state', '=', 'failed')
    .orderBy('email')
    .limit(limit)
    .execute();
}
