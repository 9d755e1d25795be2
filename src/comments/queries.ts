/**
 * Reads of the conversation: threads for the public site, a reader's own
 * comments, the rules of an edition. Writes go through ./workflow.ts.
 */
import { type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import { articlePath } from '../articles/paths.js';
import { isPublicAsOf, isPublicAt } from '../articles/queries.js';
import { preparedQuery } from '../db/prepared.js';
import type { CommentSettingsTable, CommentStatus, Database, Db, ReaderStatus } from '../db/schema.js';

export type CommentSettings = Omit<CommentSettingsTable, 'edition_code' | 'updated_by' | 'updated_at'>;

/** An edition's rules before an editor changes them. */
export const DEFAULT_COMMENT_SETTINGS: CommentSettings = {
  enabled: 1,
  max_length: 2000,
  close_after_days: 14,
  trust_after: 3,
  report_threshold: 3,
  per_reader_per_hour: 10,
  per_address_per_hour: 30,
};

/** The shortest comment worth keeping, in characters. */
export const MIN_COMMENT_LENGTH = 2;

export async function loadCommentSettings(db: Db, editionCode: string): Promise<CommentSettings> {
  const row = await db
    .selectFrom('comment_settings')
    .selectAll()
    .where('edition_code', '=', editionCode)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_COMMENT_SETTINGS };
  const { edition_code: _e, updated_by: _b, updated_at: _a, ...settings } = row;
  return settings;
}

/** What the conversation needs to know of an article readers can see. */
export interface CommentableArticle {
  id: string;
  editionCode: string;
  sectionId: string | null;
  headline: string;
  url: string;
  firstPublishedAt: string;
}

export async function findCommentableArticle(
  db: Db,
  articleId: string,
  now: Date,
): Promise<CommentableArticle | undefined> {
  const row = await db
    .selectFrom('articles')
    .innerJoin('editions', 'editions.code', 'articles.edition_code')
    .select([
      'articles.id',
      'articles.edition_code',
      'articles.section_id',
      'articles.headline',
      'articles.slug',
      'articles.first_published_at',
      'editions.time_zone',
    ])
    .where('articles.id', '=', articleId)
    .where(isPublicAt(now))
    .executeTakeFirst();
  if (!row?.first_published_at) return undefined;
  return {
    id: row.id,
    editionCode: row.edition_code,
    sectionId: row.section_id,
    headline: row.headline,
    url: articlePath(row.edition_code, row.slug, row.first_published_at, row.time_zone),
    firstPublishedAt: row.first_published_at,
  };
}

const postingRulesQuery = preparedQuery(['articleId', 'now'], (db, a: { articleId: string; now: string }) =>
  db
    .selectFrom('articles')
    .innerJoin('editions', 'editions.code', 'articles.edition_code')
    .leftJoin('comment_settings', 'comment_settings.edition_code', 'articles.edition_code')
    .leftJoin('comment_closures as own', (join) =>
      join.onRef('own.scope_id', '=', 'articles.id').on('own.scope', '=', 'article'),
    )
    .leftJoin('comment_closures as section', (join) =>
      join.onRef('section.scope_id', '=', 'articles.section_id').on('section.scope', '=', 'section'),
    )
    .select([
      'articles.id',
      'articles.edition_code',
      'articles.section_id',
      'articles.headline',
      'articles.slug',
      'articles.first_published_at',
      'editions.time_zone',
      'comment_settings.enabled',
      'comment_settings.max_length',
      'comment_settings.close_after_days',
      'comment_settings.trust_after',
      'comment_settings.report_threshold',
      'comment_settings.per_reader_per_hour',
      'comment_settings.per_address_per_hour',
      'own.state as own_state',
      'section.state as section_state',
    ])
    .where('articles.id', '=', a.articleId)
    .where(isPublicAsOf(a.now)),
);

/**
 * What a post is checked against, in one read (it is asked on every post): the
 * article readers can see, its edition's rules, and the closures set on the
 * article and on its section.
 */
export async function findPostingRules(
  db: Db,
  articleId: string,
  now: Date,
): Promise<
  | {
      article: CommentableArticle;
      settings: CommentSettings;
      closures: { scope: 'article' | 'section'; state: 'open' | 'closed' }[];
    }
  | undefined
> {
  const [row] = await postingRulesQuery(db, { articleId, now: now.toISOString() });
  if (!row?.first_published_at) return undefined;
  const article = {
    id: row.id,
    editionCode: row.edition_code,
    sectionId: row.section_id,
    headline: row.headline,
    url: articlePath(row.edition_code, row.slug, row.first_published_at, row.time_zone),
    firstPublishedAt: row.first_published_at,
  };
  const settings: CommentSettings =
    row.enabled === null
      ? { ...DEFAULT_COMMENT_SETTINGS }
      : {
          enabled: row.enabled,
          max_length: row.max_length ?? DEFAULT_COMMENT_SETTINGS.max_length,
          close_after_days: row.close_after_days ?? DEFAULT_COMMENT_SETTINGS.close_after_days,
          trust_after: row.trust_after ?? DEFAULT_COMMENT_SETTINGS.trust_after,
          report_threshold: row.report_threshold ?? DEFAULT_COMMENT_SETTINGS.report_threshold,
          per_reader_per_hour: row.per_reader_per_hour ?? DEFAULT_COMMENT_SETTINGS.per_reader_per_hour,
          per_address_per_hour: row.per_address_per_hour ?? DEFAULT_COMMENT_SETTINGS.per_address_per_hour,
        };
  const closures = [
    ...(row.own_state ? [{ scope: 'article' as const, state: row.own_state }] : []),
    ...(row.section_state ? [{ scope: 'section' as const, state: row.section_state }] : []),
  ];
  return { article, settings, closures };
}

export type ClosedBecause = 'edition' | 'article' | 'section' | 'age';

/** Whether readers may comment on an article now, and when that ends by itself. */
export type CommentsState =
  | { open: true; closesAt: Date | undefined }
  | { open: false; because: ClosedBecause };

/**
 * The edition's switch first (off closes everything), then the article's own
 * choice, its section's default, and the closing age (`close_after_days`
 * after first publication).
 */
export async function commentsState(
  db: Db,
  article: Pick<CommentableArticle, 'id' | 'sectionId' | 'firstPublishedAt'>,
  settings: CommentSettings,
  now: Date,
): Promise<CommentsState> {
  const closures = await db
    .selectFrom('comment_closures')
    .select(['scope', 'state'])
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'article'), eb('scope_id', '=', article.id)]),
        ...(article.sectionId
          ? [eb.and([eb('scope', '=', 'section'), eb('scope_id', '=', article.sectionId)])]
          : []),
      ]),
    )
    .execute();
  return decideCommentsState(closures, article.firstPublishedAt, settings, now);
}

export function decideCommentsState(
  closures: { scope: 'article' | 'section'; state: 'open' | 'closed' }[],
  firstPublishedAt: string,
  settings: CommentSettings,
  now: Date,
): CommentsState {
  if (!settings.enabled) return { open: false, because: 'edition' };
  const own = closures.find((c) => c.scope === 'article')?.state;
  const section = closures.find((c) => c.scope === 'section')?.state;
  if (own === 'closed') return { open: false, because: 'article' };
  // An editor who opens an article's comments by hand opens them past the closing age too.
  if (own === 'open') return { open: true, closesAt: undefined };
  if (section === 'closed') return { open: false, because: 'section' };
  if (settings.close_after_days === 0) return { open: true, closesAt: undefined };
  const closesAt = new Date(Date.parse(firstPublishedAt) + settings.close_after_days * 86_400_000);
  if (closesAt <= now) return { open: false, because: 'age' };
  return { open: true, closesAt };
}

/** One comment as the public thread shows it. */
export interface ThreadComment {
  id: string;
  parentId: string | null;
  /** '' when the comment was taken down and stays only as the head of its replies. */
  authorName: string;
  isStaff: boolean;
  body: string;
  /** False: shown as "deleted", kept because it has replies. */
  shown: boolean;
  createdAt: string;
}

export interface ThreadEntry extends ThreadComment {
  replies: ThreadComment[];
}

export interface ThreadPage {
  /** Approved comments on the article, replies included. */
  count: number;
  entries: ThreadEntry[];
  /** 1-based. */
  page: number;
  /** Pages of top-level comments. */
  pages: number;
}

/** Top-level comments a page of the thread shows (with all their replies). */
export const THREAD_PAGE_SIZE = 50;

const threadColumns = [
  'id',
  'parent_id',
  'author_name',
  'staff_user_id',
  'body',
  'status',
  'created_at',
] as const;

type ThreadRow = {
  id: string;
  parent_id: string | null;
  author_name: string;
  staff_user_id: string | null;
  body: string;
  status: CommentStatus;
  created_at: string;
};

export const toThreadComment = (row: ThreadRow): ThreadComment => {
  const shown = row.status === 'approved';
  return {
    id: row.id,
    parentId: row.parent_id,
    authorName: shown ? row.author_name : '',
    isStaff: row.staff_user_id !== null,
    body: shown ? row.body : '',
    shown,
    createdAt: row.created_at,
  };
};

/**
 * A page of an article's thread: top-level comments oldest first, each with
 * its approved replies oldest first. A top-level comment taken down stays as
 * "deleted" while approved replies hang under it.
 */
/** An article's top-level comments the thread shows: approved, or taken down with approved replies under them. */
const visibleTopComments = (db: Db, articleId: string) =>
  db
    .selectFrom('comments as c')
    .where('c.article_id', '=', articleId)
    .where('c.parent_id', 'is', null)
    .where((eb) =>
      eb.or([
        eb('c.status', '=', 'approved'),
        eb.exists(
          eb
            .selectFrom('comments as r')
            .select(sql`1`.as('one'))
            .whereRef('r.parent_id', '=', 'c.id')
            .where('r.status', '=', 'approved'),
        ),
      ]),
    );

/** The page of the thread a shown comment is on (its top-level comment's, for a reply). */
export async function threadPageOf(
  db: Db,
  comment: { id: string; parentId: string | null; articleId: string },
) {
  const topId = comment.parentId ?? comment.id;
  const top = await findComment(db, topId);
  if (!top) return 1;
  const before = await visibleTopComments(db, comment.articleId)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where((eb) =>
      eb.or([
        eb('c.created_at', '<', top.created_at),
        eb.and([eb('c.created_at', '=', top.created_at), eb('c.id', '<', top.id)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Math.floor(Number(before.n) / THREAD_PAGE_SIZE) + 1;
}

export async function loadThread(db: Db, articleId: string, page = 1): Promise<ThreadPage> {
  const visibleTop = visibleTopComments(db, articleId);
  const [{ count }, { tops }] = await Promise.all([
    db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('article_id', '=', articleId)
      .where('status', '=', 'approved')
      .executeTakeFirstOrThrow(),
    visibleTop.select((eb) => eb.fn.countAll<number | string>().as('tops')).executeTakeFirstOrThrow(),
  ]);
  const pages = Math.max(1, Math.ceil(Number(tops) / THREAD_PAGE_SIZE));
  const top = await visibleTop
    .select(threadColumns.map((c) => `c.${c}` as const))
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(THREAD_PAGE_SIZE)
    .offset((page - 1) * THREAD_PAGE_SIZE)
    .execute();
  const replies =
    top.length === 0
      ? []
      : await db
          .selectFrom('comments')
          .select(threadColumns)
          .where(
            'parent_id',
            'in',
            top.map((t) => t.id),
          )
          .where('status', '=', 'approved')
          .orderBy('created_at')
          .orderBy('id')
          .execute();
  const entries = top.map((row) => ({
    ...toThreadComment(row),
    replies: replies.filter((r) => r.parent_id === row.id).map(toThreadComment),
  }));
  return { count: Number(count), entries, page, pages };
}

/** What an article page (or a page of its thread) shows of the conversation. */
export interface Conversation {
  thread: ThreadPage;
  state: CommentsState;
  settings: CommentSettings;
}

/** A page of an article's thread with whether readers may add to it, for the public pages. */
export async function loadConversation(
  db: Db,
  article: Pick<CommentableArticle, 'id' | 'editionCode' | 'sectionId' | 'firstPublishedAt'>,
  now: Date,
  page = 1,
): Promise<Conversation> {
  const settings = await loadCommentSettings(db, article.editionCode);
  const [thread, state] = await Promise.all([
    loadThread(db, article.id, page),
    commentsState(db, article, settings, now),
  ]);
  return { thread, state, settings };
}

/**
 * What the article page shows of its conversation: the rules, whether it is
 * open, and the count; the thread itself is on its own page (a fragment the
 * script brings in), so the article costs the same with 0 or 500 comments.
 */
/**
 * What an article page needs of its conversation, in one statement (it runs on every render):
 * the edition's settings, the approved count, and the article's and its section's closures.
 */
const conversationSummaryQuery = preparedQuery(
  ['editionCode', 'articleId', 'sectionId'],
  (db, a: { editionCode: string; articleId: string; sectionId: string | null }) =>
    db
      .selectFrom('editions')
      .leftJoin('comment_settings', 'comment_settings.edition_code', 'editions.code')
      .select((eb) => [
        'comment_settings.enabled',
        'comment_settings.max_length',
        'comment_settings.close_after_days',
        'comment_settings.trust_after',
        'comment_settings.report_threshold',
        'comment_settings.per_reader_per_hour',
        'comment_settings.per_address_per_hour',
        eb
          .selectFrom('comments')
          .select((c) => c.fn.countAll<number | string>().as('n'))
          .where('comments.article_id', '=', a.articleId)
          .where('comments.status', '=', 'approved')
          .as('approved'),
        eb
          .selectFrom('comment_closures')
          .select('comment_closures.state')
          .where('comment_closures.scope', '=', 'article')
          .where('comment_closures.scope_id', '=', a.articleId)
          .as('own_state'),
        eb
          .selectFrom('comment_closures')
          .select('comment_closures.state')
          .where('comment_closures.scope', '=', 'section')
          .where('comment_closures.scope_id', '=', a.sectionId)
          .as('section_state'),
      ])
      .where('editions.code', '=', a.editionCode),
);

export async function loadConversationSummary(
  db: Db,
  article: Pick<CommentableArticle, 'id' | 'editionCode' | 'sectionId' | 'firstPublishedAt'>,
  now: Date,
): Promise<Conversation> {
  const [row] = await conversationSummaryQuery(db, {
    editionCode: article.editionCode,
    articleId: article.id,
    sectionId: article.sectionId,
  });
  const settings: CommentSettings =
    row?.enabled === null || row?.enabled === undefined
      ? { ...DEFAULT_COMMENT_SETTINGS }
      : {
          enabled: row.enabled,
          max_length: row.max_length ?? DEFAULT_COMMENT_SETTINGS.max_length,
          close_after_days: row.close_after_days ?? DEFAULT_COMMENT_SETTINGS.close_after_days,
          trust_after: row.trust_after ?? DEFAULT_COMMENT_SETTINGS.trust_after,
          report_threshold: row.report_threshold ?? DEFAULT_COMMENT_SETTINGS.report_threshold,
          per_reader_per_hour: row.per_reader_per_hour ?? DEFAULT_COMMENT_SETTINGS.per_reader_per_hour,
          per_address_per_hour: row.per_address_per_hour ?? DEFAULT_COMMENT_SETTINGS.per_address_per_hour,
        };
  const closures = [
    ...(row?.own_state ? [{ scope: 'article' as const, state: row.own_state }] : []),
    ...(row?.section_state ? [{ scope: 'section' as const, state: row.section_state }] : []),
  ];
  const state = decideCommentsState(closures, article.firstPublishedAt, settings, now);
  return { thread: { count: Number(row?.approved ?? 0), entries: [], page: 1, pages: 1 }, state, settings };
}

/** A reader's own comments, newest first, for their account page and their data download. */
export interface ReaderComment {
  id: string;
  articleId: string;
  articleUrl: string;
  articleHeadline: string;
  editionCode: string;
  parentId: string | null;
  body: string;
  status: CommentStatus;
  createdAt: string;
}

export async function listCommentsByReader(db: Db, readerId: string): Promise<ReaderComment[]> {
  const rows = await db
    .selectFrom('comments')
    .innerJoin('articles', 'articles.id', 'comments.article_id')
    .innerJoin('editions', 'editions.code', 'articles.edition_code')
    .select([
      'comments.id',
      'comments.article_id',
      'comments.edition_code',
      'comments.parent_id',
      'comments.body',
      'comments.status',
      'comments.created_at',
      'articles.headline',
      'articles.slug',
      'articles.first_published_at',
      'editions.time_zone',
    ])
    .where('comments.reader_id', '=', readerId)
    .where('comments.status', '!=', 'removed')
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    articleId: r.article_id,
    articleUrl: r.first_published_at
      ? articlePath(r.edition_code, r.slug, r.first_published_at, r.time_zone)
      : '',
    articleHeadline: r.headline,
    editionCode: r.edition_code,
    parentId: r.parent_id,
    body: r.body,
    status: r.status,
    createdAt: r.created_at,
  }));
}

export async function listReportsByReader(db: Db, readerId: string) {
  const rows = await db
    .selectFrom('comment_reports')
    .select(['comment_id', 'reason', 'note', 'created_at'])
    .where('reader_id', '=', readerId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    commentId: r.comment_id,
    reason: r.reason,
    note: r.note,
    createdAt: r.created_at,
  }));
}

const postCountsQuery = preparedQuery(
  ['readerId', 'ipHash', 'since', 'approvedUpTo', 'byReaderUpTo', 'byAddressUpTo'],
  (
    db,
    a: {
      readerId: string;
      ipHash: string;
      since: string;
      approvedUpTo: number;
      byReaderUpTo: number;
      byAddressUpTo: number;
    },
  ) =>
    db.selectNoFrom((eb) => {
      const counted = (rows: SelectQueryBuilder<Database, 'comments', { one: unknown }>, limit: number) =>
        eb.selectFrom(rows.limit(limit).as('rows')).select(eb.fn.countAll<number | string>().as('n'));
      const comments = eb.selectFrom('comments').select(sql`1`.as('one'));
      return [
        counted(
          comments.where('reader_id', '=', a.readerId).where('status', '=', 'approved'),
          a.approvedUpTo,
        ).as('approved'),
        counted(
          comments.where('reader_id', '=', a.readerId).where('created_at', '>=', a.since),
          a.byReaderUpTo,
        ).as('by_reader'),
        counted(
          comments.where('ip_hash', '=', a.ipHash).where('created_at', '>=', a.since),
          a.byAddressUpTo,
        ).as('by_address'),
      ];
    }),
);

/**
 * What a reader's post is counted against, in one read, each count stopping
 * at its limit (a reader with thousands of comments must not make each post
 * count them all): the reader's approved comments (trust needs to know
 * "enough"), and the comments stored since `since` by the reader and from
 * the address (rate limits need to know "reached").
 */
export async function countsForPost(
  db: Db,
  who: { readerId: string; ipHash: string },
  since: Date,
  upTo: { approved: number; byReader: number; byAddress: number },
): Promise<{ approved: number; byReader: number; byAddress: number }> {
  const [row] = await postCountsQuery(db, {
    readerId: who.readerId,
    ipHash: who.ipHash,
    since: since.toISOString(),
    // A limit of 0 would count nothing: count to 1 at least.
    approvedUpTo: Math.max(1, upTo.approved),
    byReaderUpTo: Math.max(1, upTo.byReader),
    byAddressUpTo: Math.max(1, upTo.byAddress),
  });
  return {
    approved: Number(row?.approved ?? 0),
    byReader: Number(row?.by_reader ?? 0),
    byAddress: Number(row?.by_address ?? 0),
  };
}

const bannedPhrasesQuery = preparedQuery(['editionCode'], (db, a: { editionCode: string }) =>
  db
    .selectFrom('banned_phrases')
    .select(['id', 'phrase', 'normalized', 'created_at'])
    .where('edition_code', '=', a.editionCode)
    .orderBy('phrase'),
);

/** An edition's banned words and phrases (every post is checked against them). */
export const listBannedPhrases = (db: Db, editionCode: string) => bannedPhrasesQuery(db, { editionCode });

export async function findComment(db: Db, id: string) {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------------------
// The moderation desk's reads (/admin/comments and the admin API).

/** The desk's queues: held by the pipeline, held by readers' reports, and the latest decisions. */
export const MODERATION_QUEUES = ['pending', 'reported', 'recent'] as const;
export type ModerationQueue = (typeof MODERATION_QUEUES)[number];

/** Comments a page of a queue shows. */
export const QUEUE_PAGE_SIZE = 50;

/** One step of the pipeline as stored on the comment (see CheckRecord in ./workflow.ts). */
export interface StoredCheck {
  step: string;
  outcome: string;
  detail?: string | undefined;
}

const storedChecks = z.array(
  z.object({ step: z.string(), outcome: z.string(), detail: z.string().optional() }).loose(),
);

/** The pipeline's record on a comment; a record that cannot be read shows as none. */
export function parseChecks(json: string): StoredCheck[] {
  try {
    const parsed = storedChecks.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data.map(({ step, outcome, detail }) => ({ step, outcome, detail })) : [];
  } catch {
    return [];
  }
}

export interface CommentReport {
  commentId: string;
  reason: string;
  note: string;
  createdAt: string;
}

/** A comment as moderators see it: everything the desk (and the admin API) shows about it. */
export interface ModeratedComment {
  id: string;
  articleId: string;
  editionCode: string;
  parentId: string | null;
  authorName: string;
  /** A newsroom user's comment (published at once, marked as staff). */
  isStaff: boolean;
  reader: { id: string; status: ReaderStatus; suspendedUntil: string | null } | null;
  body: string;
  status: CommentStatus;
  heldFor: string | null;
  checks: StoredCheck[];
  decisionReason: string | null;
  decidedAt: string | null;
  reportCount: number;
  createdAt: string;
  article: { headline: string; url: string };
  /** Readers' reports of it, oldest first (filled for the reported queue and single views). */
  reports: CommentReport[];
}

function moderatedComments(db: Db) {
  return db
    .selectFrom('comments')
    .innerJoin('articles', 'articles.id', 'comments.article_id')
    .innerJoin('editions', 'editions.code', 'articles.edition_code')
    .leftJoin('readers', 'readers.id', 'comments.reader_id')
    .select([
      'comments.id',
      'comments.article_id',
      'comments.edition_code',
      'comments.parent_id',
      'comments.author_name',
      'comments.staff_user_id',
      'comments.reader_id',
      'comments.body',
      'comments.status',
      'comments.held_for',
      'comments.checks',
      'comments.decision_reason',
      'comments.decided_at',
      'comments.report_count',
      'comments.created_at',
      'comments.updated_at',
      'articles.headline',
      'articles.slug',
      'articles.first_published_at',
      'editions.time_zone',
      'readers.status as reader_status',
      'readers.suspended_until as reader_suspended_until',
    ]);
}

type ModeratedRow = Awaited<ReturnType<ReturnType<typeof moderatedComments>['execute']>>[number];

function toModerated(row: ModeratedRow, reports: CommentReport[] = []): ModeratedComment {
  return {
    id: row.id,
    articleId: row.article_id,
    editionCode: row.edition_code,
    parentId: row.parent_id,
    authorName: row.author_name,
    isStaff: row.staff_user_id !== null,
    reader:
      row.reader_id && row.reader_status
        ? { id: row.reader_id, status: row.reader_status, suspendedUntil: row.reader_suspended_until }
        : null,
    body: row.body,
    status: row.status,
    heldFor: row.held_for,
    checks: parseChecks(row.checks),
    decisionReason: row.decision_reason,
    decidedAt: row.decided_at,
    reportCount: row.report_count,
    createdAt: row.created_at,
    article: {
      headline: row.headline,
      url: row.first_published_at
        ? articlePath(row.edition_code, row.slug, row.first_published_at, row.time_zone)
        : '',
    },
    reports: reports.filter((r) => r.commentId === row.id),
  };
}

/** Rows as moderators see them, each with its reports (read only for comments that have some). */
async function withReports(db: Db, rows: ModeratedRow[]): Promise<ModeratedComment[]> {
  const reports = await listCommentReports(
    db,
    rows.filter((r) => r.report_count > 0).map((r) => r.id),
  );
  return rows.map((row) => toModerated(row, reports));
}

/** Readers' reports of these comments, oldest first. */
export async function listCommentReports(db: Db, commentIds: string[]): Promise<CommentReport[]> {
  if (commentIds.length === 0) return [];
  const rows = await db
    .selectFrom('comment_reports')
    .select(['comment_id', 'reason', 'note', 'created_at'])
    .where('comment_id', 'in', commentIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    commentId: r.comment_id,
    reason: r.reason,
    note: r.note,
    createdAt: r.created_at,
  }));
}

/** Which comments a status filter of the admin API or a desk queue names. */
export type CommentFilter = ModerationQueue | 'approved' | 'rejected';

/**
 * A page of a queue in some editions: pending (held by the pipeline, oldest
 * first), reported (held by readers' reports, oldest first), recent (the
 * latest approved and rejected, newest first); 'approved' and 'rejected'
 * alone, newest first, for the admin API. `hasMore` says whether a next page exists.
 */
export async function listModerationQueue(
  db: Db,
  filter: { queue: CommentFilter; editions: string[]; page: number },
): Promise<{ comments: ModeratedComment[]; hasMore: boolean }> {
  if (filter.editions.length === 0) return { comments: [], hasMore: false };
  let query = moderatedComments(db).where('comments.edition_code', 'in', filter.editions);
  const newestFirst = !['pending', 'reported'].includes(filter.queue);
  if (filter.queue === 'pending')
    query = query
      .where('comments.status', '=', 'pending')
      .where((eb) => eb.or([eb('comments.held_for', 'is', null), eb('comments.held_for', '!=', 'reports')]));
  else if (filter.queue === 'reported')
    query = query.where('comments.status', '=', 'pending').where('comments.held_for', '=', 'reports');
  else if (filter.queue === 'recent') query = query.where('comments.status', 'in', ['approved', 'rejected']);
  else query = query.where('comments.status', '=', filter.queue);
  const rows = await query
    .orderBy(newestFirst ? 'comments.updated_at' : 'comments.created_at', newestFirst ? 'desc' : 'asc')
    .orderBy('comments.id', newestFirst ? 'desc' : 'asc')
    .limit(QUEUE_PAGE_SIZE + 1)
    .offset((filter.page - 1) * QUEUE_PAGE_SIZE)
    .execute();
  return {
    comments: await withReports(db, rows.slice(0, QUEUE_PAGE_SIZE)),
    hasMore: rows.length > QUEUE_PAGE_SIZE,
  };
}

/** One comment as moderators see it, with its reports. */
export async function findModeratedComment(db: Db, id: string): Promise<ModeratedComment | undefined> {
  const row = await moderatedComments(db).where('comments.id', '=', id).executeTakeFirst();
  return row && (await withReports(db, [row]))[0];
}

/** Every comment of an article, whatever its status, oldest first: the article's moderation view. */
export async function listArticleComments(db: Db, articleId: string): Promise<ModeratedComment[]> {
  const rows = await moderatedComments(db)
    .where('comments.article_id', '=', articleId)
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
  return withReports(db, rows);
}

/** A reader's comments in some editions, newest first, whatever their status: their history on the desk. */
export async function listReaderHistory(
  db: Db,
  readerId: string,
  editions: string[],
): Promise<ModeratedComment[]> {
  if (editions.length === 0) return [];
  const rows = await moderatedComments(db)
    .where('comments.reader_id', '=', readerId)
    .where('comments.edition_code', 'in', editions)
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(200)
    .execute();
  return withReports(db, rows);
}

/** Every report made against a reader's comments in some editions, newest first. */
export async function listReportsAgainstReader(
  db: Db,
  readerId: string,
  editions: string[],
): Promise<CommentReport[]> {
  if (editions.length === 0) return [];
  const rows = await db
    .selectFrom('comment_reports')
    .innerJoin('comments', 'comments.id', 'comment_reports.comment_id')
    .select([
      'comment_reports.comment_id',
      'comment_reports.reason',
      'comment_reports.note',
      'comment_reports.created_at',
    ])
    .where('comments.reader_id', '=', readerId)
    .where('comments.edition_code', 'in', editions)
    .orderBy('comment_reports.created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    commentId: r.comment_id,
    reason: r.reason,
    note: r.note,
    createdAt: r.created_at,
  }));
}

/** The editions a reader has commented in: where moderators may act on them. */
export async function readerCommentEditions(db: Db, readerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('comments')
    .select('edition_code')
    .distinct()
    .where('reader_id', '=', readerId)
    .execute();
  return rows.map((r) => r.edition_code);
}

/** An article as its moderation view needs it (any status: comments may outlive publication). */
export interface ModeratedArticle {
  id: string;
  editionCode: string;
  headline: string;
  /** '' when never published. */
  url: string;
  sectionId: string | null;
  firstPublishedAt: string | null;
}

export async function findModeratedArticle(db: Db, articleId: string): Promise<ModeratedArticle | undefined> {
  const row = await db
    .selectFrom('articles')
    .innerJoin('editions', 'editions.code', 'articles.edition_code')
    .select([
      'articles.id',
      'articles.edition_code',
      'articles.headline',
      'articles.slug',
      'articles.section_id',
      'articles.first_published_at',
      'editions.time_zone',
    ])
    .where('articles.id', '=', articleId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    editionCode: row.edition_code,
    headline: row.headline,
    url: row.first_published_at
      ? articlePath(row.edition_code, row.slug, row.first_published_at, row.time_zone)
      : '',
    sectionId: row.section_id,
    firstPublishedAt: row.first_published_at,
  };
}

/** The open/closed choices made for articles or sections (absent: the default applies). */
export async function listClosures(
  db: Db,
  scope: 'article' | 'section',
  ids: string[],
): Promise<Map<string, 'open' | 'closed'>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('comment_closures')
    .select(['scope_id', 'state'])
    .where('scope', '=', scope)
    .where('scope_id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.scope_id, r.state]));
}
