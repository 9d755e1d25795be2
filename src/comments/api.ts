/**
 * The conversation in the content API (src/api/routes.ts): approved comments
 * only, as the article page shows them, with absolute URLs and dates in the
 * edition's zone like the rest of the API.
 */
import type { Edition } from '../editions/queries.js';
import { isoInZone } from '../i18n/dates.js';
import type { ThreadComment, ThreadPage } from './queries.js';
import { commentAnchor } from './views.js';

export interface CommentJson {
  id: string;
  url: string;
  /** False: taken down, kept (without name or text) because replies hang under it. */
  shown: boolean;
  /** Null when not shown. */
  author: { name: string; staff: boolean } | null;
  /** Plain text as written (line breaks kept); apps escape it and may link its http(s) addresses. */
  text: string;
  createdAt: string;
}

export interface CommentThreadJson extends CommentJson {
  /** One level deep, oldest first. */
  replies: CommentJson[];
}

export interface CommentsPageJson {
  /** Approved comments on the article, replies included. */
  count: number;
  page: number;
  pages: number;
  comments: CommentThreadJson[];
  next: string | null;
}

function commentJson(comment: ThreadComment, edition: Edition, articleUrl: string): CommentJson {
  return {
    id: comment.id,
    url: `${articleUrl}#${commentAnchor(comment.id)}`,
    shown: comment.shown,
    author: comment.shown ? { name: comment.authorName, staff: comment.isStaff } : null,
    text: comment.body,
    createdAt: isoInZone(new Date(comment.createdAt), edition.timeZone),
  };
}

/** One page of a thread; `pageUrl(n)` is the API's own address of page n. */
export function commentsPageJson(
  thread: ThreadPage,
  edition: Edition,
  absoluteArticleUrl: string,
  pageUrl: (page: number) => string,
): CommentsPageJson {
  return {
    count: thread.count,
    page: thread.page,
    pages: thread.pages,
    comments: thread.entries.map((entry) => ({
      ...commentJson(entry, edition, absoluteArticleUrl),
      replies: entry.replies.map((reply) => commentJson(reply, edition, absoluteArticleUrl)),
    })),
    next: thread.page < thread.pages ? pageUrl(thread.page + 1) : null,
  };
}
