/**
 * The one door to the conversation's tables (comments, comment_reports,
 * comment_settings, comment_closures, banned_phrases). A reader's comment
 * passes the moderation pipeline here, in the issue's order, each step
 * recorded on the comment; moderators' decisions are audited; whatever
 * changes what the public thread shows logs a content change for the page
 * caches of every instance, all in one transaction.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../accounts/audit.js';
import { ensureSecret } from '../accounts/queries.js';
import { randomToken } from '../accounts/secrets.js';
import { isUniqueViolation } from '../db/connect.js';
import { newId } from '../db/ids.js';
import { preparedQuery } from '../db/prepared.js';
import type { CommentStatus, Db } from '../db/schema.js';
import { inTransaction, lockForWrite } from '../db/transaction.js';
import { type CacheTag, cacheTags } from '../http/cache-tags.js';
import { logContentChange } from '../http/page-cache.js';
import { isBarred, type SignedInReader } from '../readers/reader.js';
import { findBannedPhrase, foldPhrase } from './normalize.js';
import {
  type CommentSettings,
  type CommentsState,
  countsForPost,
  decideCommentsState,
  findComment,
  findPostingRules,
  listBannedPhrases,
  loadCommentSettings,
  MIN_COMMENT_LENGTH,
} from './queries.js';

/** Who writes: a signed-in reader, or a newsroom user writing as staff (published at once). */
export type CommentAuthor =
  | { kind: 'reader'; reader: SignedInReader }
  | { kind: 'staff'; userId: string; name: string };

export interface NewComment {
  /** The edition the comment was sent from, when there is one: an article of another is refused. */
  editionCode?: string | undefined;
  articleId: string;
  /** The comment answered; a reply to a reply joins its parent's thread (replies are one level deep). */
  parentId?: string | undefined;
  body: string;
}

export type PostRefusal =
  | 'empty'
  | 'invalid_text'
  | 'too_long'
  | 'no_article'
  | 'closed'
  | 'barred'
  | 'no_name'
  | 'rate_limited'
  | 'bad_parent';

export type PostResult =
  | { ok: true; id: string; status: 'approved' | 'pending'; heldFor: string | null }
  | { ok: false; error: PostRefusal };

/** One step of the moderation pipeline as recorded on the comment. */
export interface CheckRecord {
  step: 'staff' | 'length' | 'closed' | 'reader' | 'banned_phrases' | 'links' | 'rate' | 'trust';
  outcome: 'pass' | 'hold';
  detail?: string;
}

const URL_IN_TEXT = /(?:https?:\/\/|www\.)\S/i;
/** Control characters other than tab and line breaks (tidied to \n already): never part of a comment. */
const hasControlCharacters = (body: string) => /\p{Cc}/u.test(body.replace(/[\t\n]/g, ''));

/** Line breaks unified, trailing spaces and blank runs trimmed: what is stored and shown. */
export function tidyCommentBody(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Length in characters a reader counts (an emoji is one), not UTF-16 units. */
const characters = (text: string) => [...text].length;

const HOUR_MS = 3_600_000;

/** A keyed hash of the address: enough to count posts from one place, not to say where it is. */
async function addressHash(db: Db, ip: string, now: Date): Promise<string> {
  const key = await ensureSecret(db, 'comment-address', randomToken, now);
  return createHmac('sha256', key).update(ip).digest('hex');
}

/** What a change to an article's thread purges (its thread pages and count). */
export const threadTags = (articleId: string): CacheTag[] => [cacheTags.comments(articleId)];

interface CommentRow {
  id: string;
  articleId: string;
  editionCode: string;
  parentId: string | null;
  readerId: string | null;
  staffUserId: string | null;
  name: string;
  body: string;
  status: CommentStatus;
  heldFor: string | null;
  checks: string;
  ipHash: string;
  at: string;
}

/** A new comment's row (every post writes one: built once). */
const insertComment = preparedQuery(
  [
    'id',
    'articleId',
    'editionCode',
    'parentId',
    'readerId',
    'staffUserId',
    'name',
    'body',
    'status',
    'heldFor',
    'checks',
    'ipHash',
    'at',
  ],
  (db, a: CommentRow) =>
    db.insertInto('comments').values({
      id: a.id,
      article_id: a.articleId,
      edition_code: a.editionCode,
      parent_id: a.parentId,
      reader_id: a.readerId,
      staff_user_id: a.staffUserId,
      author_name: a.name,
      body: a.body,
      status: a.status,
      held_for: a.heldFor,
      checks: a.checks,
      decision_reason: null,
      decided_by: null,
      decided_at: null,
      report_count: 0,
      reply_notice_at: null,
      ip_hash: a.ipHash,
      created_at: a.at,
      updated_at: a.at,
    }),
);

/**
 * A new comment. Refusals (too long, closed, barred, too many) store
 * nothing and say why; holds (a banned phrase, a link from a new reader, a
 * reader not yet trusted) store the comment as pending for a moderator.
 */
export async function postComment(
  db: Db,
  input: NewComment,
  author: CommentAuthor,
  context: { ip: string; now: Date },
): Promise<PostResult> {
  const { now } = context;
  const body = tidyCommentBody(input.body);
  const ipHash = await addressHash(db, context.ip, now);
  return inTransaction(db, async (trx) => {
    const rules = await findPostingRules(trx, input.articleId, now);
    if (!rules || (input.editionCode !== undefined && rules.article.editionCode !== input.editionCode))
      return { ok: false, error: 'no_article' };
    const { article, settings } = rules;
    if (hasControlCharacters(body)) return { ok: false, error: 'invalid_text' };
    if (characters(body) < MIN_COMMENT_LENGTH) return { ok: false, error: 'empty' };
    if (characters(body) > settings.max_length) return { ok: false, error: 'too_long' };
    const checks: CheckRecord[] = [];

    // A reply hangs under a shown comment of the same article; a reply to a reply joins its parent.
    let parentId: string | null = null;
    if (input.parentId) {
      const parent = await findComment(trx, input.parentId);
      if (!parent || parent.article_id !== article.id || parent.status !== 'approved')
        return { ok: false, error: 'bad_parent' };
      parentId = parent.parent_id ?? parent.id;
    }

    let name: string;
    let readerId: string | null = null;
    let staffUserId: string | null = null;
    if (author.kind === 'staff') {
      name = author.name;
      staffUserId = author.userId;
      checks.push({ step: 'staff', outcome: 'pass' });
    } else {
      const { reader } = author;
      if (!reader.displayName) return { ok: false, error: 'no_name' };
      name = reader.displayName;
      readerId = reader.id;
      // Two posts at once from one reader must both be counted against the limit.
      await lockForWrite(trx, `comments:reader:${reader.id}`);
      const state = decideCommentsState(rules.closures, article.firstPublishedAt, settings, now);
      const refusal = await readerPipeline(
        trx,
        { body, reader, article, settings, state, ipHash, now },
        checks,
      );
      if (refusal) return { ok: false, error: refusal };
    }

    const hold = checks.find((c) => c.outcome === 'hold');
    const status: CommentStatus = hold ? 'pending' : 'approved';
    const id = newId(now);
    await insertComment(trx, {
      id,
      articleId: article.id,
      editionCode: article.editionCode,
      parentId,
      readerId,
      staffUserId,
      name,
      body,
      status,
      heldFor: hold?.step ?? null,
      checks: JSON.stringify(checks),
      ipHash,
      at: now.toISOString(),
    });
    if (staffUserId) {
      await recordAudit(
        trx,
        {
          userId: staffUserId,
          action: 'comment.staff_post',
          subjectType: 'comment',
          subjectId: id,
          details: { articleId: article.id, parentId },
        },
        now,
      );
    }
    if (status === 'approved') await logContentChange(trx, threadTags(article.id), now);
    return { ok: true, id, status, heldFor: hold?.step ?? null };
  });
}

/**
 * The reader's steps after length: article closed; reader banned or
 * suspended; banned phrases; links; rate limits; trust. Returns the
 * refusal, if a step refuses (nothing is stored then); holds are recorded in `checks`.
 */
async function readerPipeline(
  trx: Db,
  post: {
    body: string;
    reader: SignedInReader;
    article: { editionCode: string };
    settings: CommentSettings;
    /** Whether the article takes comments now (from its closures, its section's and the edition's rules). */
    state: CommentsState;
    ipHash: string;
    now: Date;
  },
  checks: CheckRecord[],
): Promise<PostRefusal | undefined> {
  const { body, reader, article, settings, state, ipHash, now } = post;
  checks.push({ step: 'length', outcome: 'pass' });

  if (!state.open) return 'closed';
  checks.push({ step: 'closed', outcome: 'pass' });

  if (isBarred(reader, now)) return 'barred';
  checks.push({ step: 'reader', outcome: 'pass' });

  const phrases = await listBannedPhrases(trx, article.editionCode);
  const banned = findBannedPhrase(
    body,
    phrases.map((p) => p.normalized),
  );
  const bannedPhrase = phrases.find((p) => p.normalized === banned)?.phrase;
  checks.push(
    bannedPhrase === undefined
      ? { step: 'banned_phrases', outcome: 'pass' }
      : { step: 'banned_phrases', outcome: 'hold', detail: bannedPhrase },
  );

  const counts = await countsForPost(
    trx,
    { readerId: reader.id, ipHash },
    new Date(now.getTime() - HOUR_MS),
    {
      approved: settings.trust_after,
      byReader: settings.per_reader_per_hour,
      byAddress: settings.per_address_per_hour,
    },
  );
  const { approved } = counts;
  const trusted = approved >= settings.trust_after;
  const hasLink = URL_IN_TEXT.test(body);
  checks.push(
    hasLink && !trusted
      ? { step: 'links', outcome: 'hold', detail: 'link from a reader not yet trusted' }
      : { step: 'links', outcome: 'pass' },
  );

  if (counts.byReader >= settings.per_reader_per_hour || counts.byAddress >= settings.per_address_per_hour)
    return 'rate_limited';
  checks.push({ step: 'rate', outcome: 'pass' });

  checks.push(
    trusted
      ? { step: 'trust', outcome: 'pass', detail: `${approved} approved` }
      : { step: 'trust', outcome: 'hold', detail: `${approved} of ${settings.trust_after} approved` },
  );
  return undefined;
}

export interface ModeratorAct {
  userId: string;
  now: Date;
}

export type ModerationResult =
  | {
      ok: true;
      changed: boolean;
      comment: { id: string; articleId: string; editionCode: string; parentId: string | null };
    }
  | { ok: false; error: 'not_found' | 'not_allowed' };

/**
 * A moderator lets a comment through (held, reported or rejected before).
 * Its report count starts again: readers may report it anew.
 * `mayModerate` is the caller's policy, asked of the comment's edition.
 */
export async function approveComment(
  db: Db,
  commentId: string,
  mayModerate: (editionCode: string) => boolean,
  act: ModeratorAct,
  reason = '',
): Promise<ModerationResult> {
  return decide(db, commentId, mayModerate, act, 'approved', reason);
}

/** A moderator refuses a comment, with a reason kept on it (and in the audit log). */
export async function rejectComment(
  db: Db,
  commentId: string,
  mayModerate: (editionCode: string) => boolean,
  act: ModeratorAct,
  reason = '',
): Promise<ModerationResult> {
  return decide(db, commentId, mayModerate, act, 'rejected', reason);
}

async function decide(
  db: Db,
  commentId: string,
  mayModerate: (editionCode: string) => boolean,
  act: ModeratorAct,
  to: 'approved' | 'rejected',
  reason: string,
): Promise<ModerationResult> {
  const why = reason.trim().slice(0, 500);
  return inTransaction(db, async (trx) => {
    const comment = await findComment(trx, commentId);
    if (!comment || comment.status === 'removed') return { ok: false, error: 'not_found' };
    if (!mayModerate(comment.edition_code)) return { ok: false, error: 'not_allowed' };
    const summary = {
      id: comment.id,
      articleId: comment.article_id,
      editionCode: comment.edition_code,
      parentId: comment.parent_id,
    };
    if (comment.status === to) return { ok: true, changed: false, comment: summary };
    await trx
      .updateTable('comments')
      .set({
        status: to,
        decision_reason: why === '' ? null : why,
        decided_by: act.userId,
        decided_at: act.now.toISOString(),
        report_count: to === 'approved' ? 0 : comment.report_count,
        updated_at: act.now.toISOString(),
      })
      .where('id', '=', comment.id)
      .execute();
    await recordAudit(
      trx,
      {
        userId: act.userId,
        action: to === 'approved' ? 'comment.approve' : 'comment.reject',
        subjectType: 'comment',
        subjectId: comment.id,
        details: { articleId: comment.article_id, from: comment.status, reason: why },
      },
      act.now,
    );
    // Shown before or shown now: the thread changes.
    if (comment.status === 'approved' || to === 'approved')
      await logContentChange(trx, threadTags(comment.article_id), act.now);
    return { ok: true, changed: true, comment: summary };
  });
}

/** Reasons a reader may give; "illegal" is the EU Digital Services Act's notice of illegal content. */
export const REPORT_REASONS = ['spam', 'abuse', 'hate', 'illegal', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const reportInputSchema = z
  .object({
    reason: z.enum(REPORT_REASONS),
    note: z.string().trim().max(1000).default(''),
  })
  // A notice of illegal content must say why it is illegal.
  .refine((r) => r.reason !== 'illegal' || r.note.length >= 10, { path: ['note'], message: 'explain' });

export type ReportResult =
  | { ok: true; held: boolean }
  | { ok: false; error: 'not_found' | 'own_comment' | 'already_reported' };

/**
 * A reader reports a shown comment. At the edition's threshold of reports
 * it leaves the thread and waits for a moderator.
 */
export async function reportComment(
  db: Db,
  input: { commentId: string; readerId: string; reason: ReportReason; note: string },
  now: Date,
): Promise<ReportResult> {
  try {
    return await inTransaction(db, async (trx) => {
      await lockForWrite(trx, `comments:report:${input.commentId}`);
      const comment = await findComment(trx, input.commentId);
      if (comment?.status !== 'approved') return { ok: false, error: 'not_found' };
      if (comment.reader_id === input.readerId) return { ok: false, error: 'own_comment' };
      await trx
        .insertInto('comment_reports')
        .values({
          id: newId(now),
          comment_id: comment.id,
          reader_id: input.readerId,
          reason: input.reason,
          note: input.note,
          created_at: now.toISOString(),
        })
        .execute();
      const count = comment.report_count + 1;
      const settings = await loadCommentSettings(trx, comment.edition_code);
      const held = comment.staff_user_id === null && count >= settings.report_threshold;
      await trx
        .updateTable('comments')
        .set({
          report_count: count,
          ...(held ? { status: 'pending' as const, held_for: 'reports' } : {}),
          updated_at: now.toISOString(),
        })
        .where('id', '=', comment.id)
        .execute();
      if (held) await logContentChange(trx, threadTags(comment.article_id), now);
      return { ok: true, held };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'already_reported' };
    throw error;
  }
}

/** A reader takes down one of their own comments; replies under it keep it as "deleted". */
export async function removeOwnComment(
  db: Db,
  input: { readerId: string; commentId: string },
  now: Date,
): Promise<{ ok: true } | { ok: false; error: 'not_found' }> {
  return inTransaction(db, async (trx) => {
    const comment = await findComment(trx, input.commentId);
    if (!comment || comment.reader_id !== input.readerId || comment.status === 'removed')
      return { ok: false, error: 'not_found' };
    await trx
      .updateTable('comments')
      .set({ status: 'removed', body: '', updated_at: now.toISOString() })
      .where('id', '=', comment.id)
      .execute();
    if (comment.status === 'approved') await logContentChange(trx, threadTags(comment.article_id), now);
    return { ok: true };
  });
}

/**
 * A reader's account is deleted: their comments lose text and name and show
 * as "deleted" where replies hang under them; their reports go. Called by
 * the readers' door inside its transaction.
 */
export async function forgetReaderComments(trx: Db, readerId: string, now: Date): Promise<void> {
  const shown = await trx
    .selectFrom('comments')
    .select('article_id')
    .distinct()
    .where('reader_id', '=', readerId)
    .where('status', '=', 'approved')
    .execute();
  await trx
    .updateTable('comments')
    .set({ status: 'removed', body: '', author_name: '', reader_id: null, updated_at: now.toISOString() })
    .where('reader_id', '=', readerId)
    .execute();
  await trx.deleteFrom('comment_reports').where('reader_id', '=', readerId).execute();
  await logContentChange(
    trx,
    shown.flatMap((row) => threadTags(row.article_id)),
    now,
  );
}

export type ClosureState = 'open' | 'closed' | 'default';

/**
 * Opens or closes comments on one article, or sets a section's default
 * ('default' removes the choice). The article pages change (the form
 * appears or goes), so their caches are purged.
 */
export async function setCommentsClosure(
  db: Db,
  target: { scope: 'article' | 'section'; id: string; editionCode: string },
  state: ClosureState,
  act: ModeratorAct,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx
      .deleteFrom('comment_closures')
      .where('scope', '=', target.scope)
      .where('scope_id', '=', target.id)
      .execute();
    if (state !== 'default') {
      await trx
        .insertInto('comment_closures')
        .values({
          scope: target.scope,
          scope_id: target.id,
          state,
          set_by: act.userId,
          set_at: act.now.toISOString(),
        })
        .execute();
    }
    await recordAudit(
      trx,
      {
        userId: act.userId,
        action: 'comment.closure',
        subjectType: target.scope,
        subjectId: target.id,
        details: { state, edition: target.editionCode },
      },
      act.now,
    );
    const tags =
      target.scope === 'article'
        ? [cacheTags.article(target.id), cacheTags.comments(target.id)]
        : [cacheTags.section(target.id)];
    await logContentChange(trx, tags, act.now);
  });
}

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** An edition's comment rules as an editor sets them. */
export const commentSettingsSchema = z.object({
  enabled: z.coerce.number().int().min(0).max(1),
  max_length: count(100, 10_000),
  close_after_days: count(0, 3650),
  trust_after: count(0, 100),
  report_threshold: count(1, 100),
  per_reader_per_hour: count(1, 1000),
  per_address_per_hour: count(1, 10_000),
}) satisfies z.ZodType<CommentSettings, unknown>;

export async function saveCommentSettings(
  db: Db,
  editionCode: string,
  input: CommentSettings,
  act: ModeratorAct,
): Promise<void> {
  const settings = commentSettingsSchema.parse(input);
  await inTransaction(db, async (trx) => {
    const row = { ...settings, updated_by: act.userId, updated_at: act.now.toISOString() };
    await trx
      .insertInto('comment_settings')
      .values({ edition_code: editionCode, ...row })
      .onConflict((oc) => oc.column('edition_code').doUpdateSet(row))
      .execute();
    await recordAudit(
      trx,
      {
        userId: act.userId,
        action: 'comment.settings',
        subjectType: 'edition',
        subjectId: editionCode,
        details: settings,
      },
      act.now,
    );
    // Turning comments off, or a new closing age, changes every article page of the edition.
    await logContentChange(trx, [cacheTags.edition(editionCode)], act.now);
  });
}

export type BannedPhraseResult =
  | { ok: true; id: string }
  | { ok: false; error: 'empty' | 'too_long' | 'exists' };

/** Adds a banned word or phrase to an edition's list; what is matched is its folded form. */
export async function addBannedPhrase(
  db: Db,
  editionCode: string,
  phrase: string,
  act: ModeratorAct,
): Promise<BannedPhraseResult> {
  const shown = phrase.trim().replace(/\s+/g, ' ');
  const normalized = foldPhrase(shown);
  if (normalized === '') return { ok: false, error: 'empty' };
  if (characters(shown) > 200 || normalized.length > 200) return { ok: false, error: 'too_long' };
  const id = newId(act.now);
  try {
    await inTransaction(db, async (trx) => {
      await trx
        .insertInto('banned_phrases')
        .values({
          id,
          edition_code: editionCode,
          phrase: shown,
          normalized,
          created_by: act.userId,
          created_at: act.now.toISOString(),
        })
        .execute();
      await recordAudit(
        trx,
        {
          userId: act.userId,
          action: 'comment.banned_phrase_add',
          subjectType: 'edition',
          subjectId: editionCode,
          details: { phrase: shown },
        },
        act.now,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'exists' };
    throw error;
  }
  return { ok: true, id };
}

export async function removeBannedPhrase(
  db: Db,
  editionCode: string,
  id: string,
  act: ModeratorAct,
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('banned_phrases')
      .select('phrase')
      .where('id', '=', id)
      .where('edition_code', '=', editionCode)
      .executeTakeFirst();
    if (!row) return false;
    await trx.deleteFrom('banned_phrases').where('id', '=', id).execute();
    await recordAudit(
      trx,
      {
        userId: act.userId,
        action: 'comment.banned_phrase_remove',
        subjectType: 'edition',
        subjectId: editionCode,
        details: { phrase: row.phrase },
      },
      act.now,
    );
    return true;
  });
}

/**
 * Claims the one mail a reply may send to the author of the comment it
 * answers: true the first time for a reply, false ever after (a reply
 * approved, rejected and approved again mails once). The claim is the
 * reply's `reply_notice_at`; the audit log says who was told.
 */
export async function claimReplyNotice(
  db: Db,
  reply: { id: string; createdAt: string },
  readerId: string,
  now: Date,
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    // One update claims it: of two approvals racing, only one finds the column empty.
    const claimed = await trx
      .updateTable('comments')
      .set({ reply_notice_at: now.toISOString() })
      .where('id', '=', reply.id)
      .where('reply_notice_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return false;
    await recordAudit(
      trx,
      {
        userId: null,
        action: 'comment.reply_notice',
        subjectType: 'comment',
        subjectId: reply.id,
        details: { readerId },
      },
      now,
    );
    return true;
  });
}
