/**
 * Reply notifications: when a reply becomes visible (published at once, or
 * approved by a moderator), the author of the comment it answers is told by
 * mail if they asked to be (`notify_replies`), in their language, with a
 * one-click way to stop (RFC 8058, as newsletters do). Once per reply.
 */
import type { AppDeps } from '../http/env.js';
import { format, messagesFor } from '../i18n/messages.js';
import type { MailMessage } from '../mail/mailer.js';
import { loadReaderLinkKey, replyUnsubscribeUrl } from '../readers/links.js';
import { findReader } from '../readers/queries.js';
import { findComment, findCommentableArticle } from './queries.js';
import { commentPath } from './views.js';
import { claimReplyNotice } from './workflow.js';

export type NotifyDeps = Pick<AppDeps, 'db' | 'mailer' | 'background' | 'config' | 'clock'>;

/** A comment's lasting address: it answers with the page of the thread showing it. */
const commentLink = (publicUrl: string, editionCode: string, commentId: string) =>
  `${publicUrl}${commentPath(editionCode, commentId)}`;

/**
 * Tells the parent's author of reply `commentId`, after the answer is sent
 * (an SMTP round trip must not slow the moderator or the poster). Call it
 * whenever a reply may just have become visible; it decides whether to mail.
 */
export function notifyReply(deps: NotifyDeps, commentId: string): void {
  deps.background.run('reply notification', () => sendReplyNotice(deps, commentId));
}

/** The work of `notifyReply`: true when a mail was sent. */
export async function sendReplyNotice(deps: NotifyDeps, commentId: string): Promise<boolean> {
  const { db, config } = deps;
  const now = deps.clock.now();
  const reply = await findComment(db, commentId);
  if (reply?.status !== 'approved' || !reply.parent_id) return false;
  const parent = await findComment(db, reply.parent_id);
  // Nobody is told of their own reply, nor of one under a comment they took down.
  if (!parent?.reader_id || parent.status === 'removed' || parent.reader_id === reply.reader_id) return false;
  const reader = await findReader(db, parent.reader_id);
  if (!reader?.notifyReplies) return false;
  const article = await findCommentableArticle(db, reply.article_id, now);
  if (!article) return false;
  if (!(await claimReplyNotice(db, { id: reply.id, createdAt: reply.created_at }, reader.id, now)))
    return false;
  const key = await loadReaderLinkKey(db, now);
  const unsubscribe = replyUnsubscribeUrl(config.publicUrl, key, reader.editionCode, reader.id);
  await deps.mailer.send(
    replyMail({
      to: reader.email,
      language: reader.language,
      replier: reply.author_name,
      isStaff: reply.staff_user_id !== null,
      headline: article.headline,
      body: reply.body,
      link: commentLink(config.publicUrl, article.editionCode, reply.id),
      unsubscribe,
    }),
  );
  return true;
}

function replyMail(mail: {
  to: string;
  language: string;
  replier: string;
  isStaff: boolean;
  headline: string;
  body: string;
  link: string;
  unsubscribe: string;
}): MailMessage {
  const t = messagesFor(mail.language);
  const name = mail.isStaff ? format(t.replyMailStaffName, { name: mail.replier }) : mail.replier;
  const subject = format(t.replyMailSubject, { name: mail.replier });
  const text = [
    format(t.replyMailIntro, { name, headline: mail.headline }),
    '',
    // Plain text as typed, each line quoted.
    ...mail.body.split('\n').map((line) => `> ${line}`),
    '',
    format(t.replyMailRead, { link: mail.link }),
    '',
    '-- ',
    format(t.replyMailWhy, { link: mail.unsubscribe }),
  ].join('\n');
  return {
    to: mail.to,
    subject,
    text,
    headers: {
      'List-Unsubscribe': `<${mail.unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    },
  };
}
