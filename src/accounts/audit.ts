import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';

export type AuditAction =
  | 'user.add'
  | 'user.disable'
  | 'user.enable'
  | 'user.role_change'
  | 'user.editions_change'
  | 'user.sign_in'
  | 'user.sign_in_link'
  | 'user.sign_out'
  | 'user.password_reset'
  | 'integration.add'
  | 'integration.revoke'
  | 'article.create'
  | 'article.save'
  | 'article.submit'
  | 'article.restore'
  | 'article.wire_update'
  | 'article.publish'
  | 'article.schedule'
  | 'article.unpublish'
  | 'article.delete'
  | 'article.correction'
  | 'article.format'
  | 'article.sponsor'
  | 'wire.kill'
  | 'wire.withhold'
  | 'wire.take'
  | 'wire.feed_add'
  | 'wire.feed_change'
  | 'wire.feed_remove'
  | 'edition.add'
  | 'edition.update'
  | 'section.add'
  | 'section.update'
  | 'section.delete'
  | 'agency.add'
  | 'agency.update'
  | 'front.pin'
  | 'front.unpin'
  | 'front.move'
  | 'front.section_move'
  | 'front.breaking_set'
  | 'front.breaking_clear'
  | 'comment.staff_post'
  | 'comment.approve'
  | 'comment.reject'
  | 'comment.closure'
  | 'comment.settings'
  | 'comment.banned_phrase_add'
  | 'comment.banned_phrase_remove'
  | 'comment.reply_notice'
  | 'reader.suspend'
  | 'reader.ban'
  | 'reader.reinstate'
  | 'reader.delete'
  | 'live.start'
  | 'live.close'
  | 'live.reopen'
  | 'live.entry_add'
  | 'live.entry_edit'
  | 'live.entry_pin'
  | 'live.entry_unpin'
  | 'live.entry_delete'
  | 'live.entry_to_article'
  | 'event.create'
  | 'event.save'
  | 'event.publish'
  | 'event.unpublish'
  | 'event.delete'
  | 'ad.campaign_add'
  | 'ad.campaign_update'
  | 'ad.settings'
  | 'ad.text'
  | 'podcast.show_create'
  | 'podcast.show_save'
  | 'podcast.episode_create'
  | 'podcast.episode_save'
  | 'podcast.episode_publish'
  | 'podcast.episode_schedule'
  | 'podcast.episode_unpublish'
  | 'podcast.episode_delete';

export interface AuditEntry {
  /** Who did it; null for the command line or an anonymous request. */
  userId: string | null;
  action: AuditAction;
  subjectType: string;
  subjectId: string | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log. The log is written, never updated. */
export async function recordAudit(db: Db, entry: AuditEntry, now: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(now),
      at: now.toISOString(),
      user_id: entry.userId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
