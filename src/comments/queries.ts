/**
 * Reads of the conversation: threads for the public site, a reader's own
 * comments, the rules of an edition. Writes go through ./workflow.ts.
 */
import { sql } from 'kysely';
import { articlePath } from '../articles/paths.js';
import { isPublicAt } from '../articles/queries.js';
import type { CommentSettingsTable, CommentStatus, Db } from '../db/schema.js';

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
export async function loadThread(db: Db, articleId: string, page = 1): Promise<ThreadPage> {
  const visibleTop = db
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

/** How many of a reader's comments moderators (or trust) have let through. */
export async function approvedCountOf(db: Db, readerId: string): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('reader_id', '=', readerId)
    .where('status', '=', 'approved')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Comments stored since `since` by one reader or from one address: the rate limits. */
export async function countCommentsSince(
  db: Db,
  who: { readerId: string } | { ipHash: string },
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('created_at', '>=', since.toISOString())
    .$call((q) =>
      'readerId' in who ? q.where('reader_id', '=', who.readerId) : q.where('ip_hash', '=', who.ipHash),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listBannedPhrases(db: Db, editionCode: string) {
  return db
    .selectFrom('banned_phrases')
    .select(['id', 'phrase', 'normalized', 'created_at'])
    .where('edition_code', '=', editionCode)
    .orderBy('phrase')
    .execute();
}

export async function findComment(db: Db, id: string) {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}
