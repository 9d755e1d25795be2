import type { ArticleStatus, UserRole } from '../db/schema.js';

export const ROLES = ['admin', 'editor', 'writer', 'sales'] as const satisfies readonly UserRole[];

/** Who is asking: what every predicate below decides on. Disabled users never get this far. */
export interface SignedInUser {
  id: string;
  email: string;
  role: UserRole;
  language: string;
  /** Editions an editor or writer works in; ignored for admins, who work in all. */
  editions: string[];
  hasPassword: boolean;
}

/** What the policy needs to know about an article; `createdBy` is the user who started it (null: wire/CLI). */
export interface ArticleRef {
  editionCode: string;
  status: ArticleStatus;
  createdBy: string | null;
}

export const isAdmin = (user: SignedInUser) => user.role === 'admin';

/** Editors and admins: who may do what the newsroom leaves to its editors. */
export const isEditorial = (user: SignedInUser) => user.role === 'admin' || user.role === 'editor';

/** Admins work in every edition; others in the editions assigned to them. */
export const worksInEdition = (user: SignedInUser, editionCode: string) =>
  isAdmin(user) || user.editions.includes(editionCode);

export const canManageUsers = (user: SignedInUser) => isAdmin(user);

/** The outbox holds every sign-in and reset link sent: admins only. */
export const canReadOutbox = (user: SignedInUser) => isAdmin(user);

/** Every role may start an article in an edition it works in. */
export const canCreateArticle = (user: SignedInUser, editionCode: string) =>
  user.role !== 'sales' && worksInEdition(user, editionCode);

/** Writers edit their own drafts only; editors any article of their editions; admins everything. */
export function canEditArticle(user: SignedInUser, article: ArticleRef): boolean {
  if (!worksInEdition(user, article.editionCode) || user.role === 'sales') return false;
  if (user.role === 'writer') return article.status === 'draft' && article.createdBy === user.id;
  return true;
}

/** Writers hand their own drafts to the editors; editors and admins may too. */
export function canSubmitForReview(user: SignedInUser, article: ArticleRef): boolean {
  return article.status === 'draft' && canEditArticle(user, article);
}

/** Publishing, scheduling and unpublishing: editors of the edition and admins. */
export const canPublish = (user: SignedInUser, editionCode: string) =>
  isEditorial(user) && worksInEdition(user, editionCode);
export const canSchedule = canPublish;
export const canUnpublish = canPublish;

/**
 * Reading an article on the desk (its history, its text as a translation source): editors and admins of
 * the edition see every article; writers their own and published ones.
 */
export function canSeeArticle(user: SignedInUser, article: ArticleRef): boolean {
  if (!worksInEdition(user, article.editionCode) || user.role === 'sales') return false;
  if (user.role !== 'writer') return true;
  return article.createdBy === user.id || article.status === 'published';
}

/** Revision history: whoever may edit the article, and the edition's editors even when they may not. */
export const canViewHistory = (user: SignedInUser, article: ArticleRef) =>
  canEditArticle(user, article) || canPublish(user, article.editionCode);

/** Restoring an old revision is an edit. */
export const canRestoreRevision = canEditArticle;

/** Corrections go on published articles: editors of the edition and admins. */
export const canAddCorrection = (user: SignedInUser, article: ArticleRef) =>
  canPublish(user, article.editionCode);

/** Deleting for good: writers their own drafts only; editors any article of their editions; admins everything. */
export const canDeleteArticle = (user: SignedInUser, article: ArticleRef) => canEditArticle(user, article);

/** Newsletters of an edition (settings, subscribers, composing and sending issues): its editors and admins. */
export const canManageNewsletters = (user: SignedInUser, editionCode: string) =>
  isEditorial(user) && worksInEdition(user, editionCode);

/** Wire feeds (/admin/feeds): admins, and editors of the feed's target edition. */
export const canManageFeeds = (user: SignedInUser, editionCode: string) =>
  isEditorial(user) && worksInEdition(user, editionCode);

/** News agencies (/admin/agencies, credited on agency copy and chosen per wire feed): admins and editors. */
export const canManageAgencies = (user: SignedInUser) => isEditorial(user);

/** Taking a wire item starts a draft in the chosen edition: whoever may start articles there. */
export const canTakeWireItem = (user: SignedInUser, editionCode: string) =>
  canCreateArticle(user, editionCode);

/**
 * A stored wire payload is its edition's (the feed's, or the one given to
 * ingest). One of no edition is shown with its item, as items of no edition
 * are to everyone; one that belongs to no item (it could not be read) only to admins.
 */
export function canSeeWirePayload(user: SignedInUser, editionCode: string | null, ofItem: boolean): boolean {
  if (user.role === 'sales') return false;
  if (editionCode) return worksInEdition(user, editionCode);
  return ofItem || isAdmin(user);
}

/**
 * Kill and withhold alerts are dismissed by the alert's editors (those of its
 * editions; of any, for an alert of none) and admins, who decide what happens to the copies.
 */
export const canDismissWireAlert = (user: SignedInUser, alert: { editions: string[] }) =>
  isEditorial(user) &&
  (alert.editions.length === 0 || alert.editions.some((code) => worksInEdition(user, code)));

/**
 * Moderating an edition's comments (queues, approve, reject, suspend or ban
 * a reader): everyone who works in that edition, writers included; nobody
 * else's comments.
 */
export const canModerateComments = (user: SignedInUser, editionCode: string) =>
  user.role !== 'sales' && worksInEdition(user, editionCode);

/** Closing and opening comments, an edition's comment rules and banned words: its editors and admins. */
export const canManageComments = (user: SignedInUser, editionCode: string) =>
  isEditorial(user) && worksInEdition(user, editionCode);

/** What the policy needs to know about a live entry: its edition, and who added it. */
export interface LiveEntryRef {
  editionCode: string;
  createdBy: string | null;
}

/** Adding entries to an edition's live coverage: everyone who works in the edition, writers included. */
export const canAddLiveEntry = (user: SignedInUser, editionCode: string) =>
  user.role !== 'sales' && worksInEdition(user, editionCode);

/** Editing or deleting an entry (and marking it a key event): writers their own; editors and admins any. */
export function canEditLiveEntry(user: SignedInUser, entry: LiveEntryRef): boolean {
  if (!worksInEdition(user, entry.editionCode) || user.role === 'sales') return false;
  return user.role !== 'writer' || entry.createdBy === user.id;
}

/**
 * Running a live coverage (starting, closing, reopening it, pinning an entry,
 * turning an entry into its own article): the edition's editors and admins.
 */
export const canManageLiveCoverage = (user: SignedInUser, editionCode: string) =>
  isEditorial(user) && worksInEdition(user, editionCode);
/** What the policy needs to know about an event; `createdBy` is the user who started it (null: CLI). */
export interface EventRef {
  editionCode: string;
  publication: 'draft' | 'published';
  createdBy: string | null;
}

/** Every role may start an event (a draft) in an edition it works in. */
export const canCreateEvent = (user: SignedInUser, editionCode: string) =>
  user.role !== 'sales' && worksInEdition(user, editionCode);

/** Writers edit their own drafts only; editors any event of their editions; admins every event. */
export function canEditEvent(user: SignedInUser, event: EventRef): boolean {
  if (!worksInEdition(user, event.editionCode) || user.role === 'sales') return false;
  if (user.role === 'writer') return event.publication === 'draft' && event.createdBy === user.id;
  return true;
}

/** Putting an event before readers and taking it down: editors of the edition and admins. */
export const canPublishEvent = (user: SignedInUser, editionCode: string) =>
  isEditorial(user) && worksInEdition(user, editionCode);

/** Deleting for good: whoever may edit it (writers their own drafts). */
export const canDeleteEvent = (user: SignedInUser, event: EventRef) => canEditEvent(user, event);

/**
 * Advertising of an edition (house ads that run in it, its slots, tags and
 * allowed ad hosts): admins, and sales people who work in that edition.
 */
export const canManageAds = (user: SignedInUser, editionCode: string) =>
  isAdmin(user) || (user.role === 'sales' && worksInEdition(user, editionCode));

/** The advertising desk (/admin/ads) and the site's ads.txt files: admins and the sales role. */
export const canUseAdsDesk = (user: SignedInUser) => isAdmin(user) || user.role === 'sales';

/**
 * Marking an article sponsored (or not): its edition's editors and admins,
 * and sales people of the edition (who sold it); always through the article door.
 */
export const canMarkSponsored = (user: SignedInUser, editionCode: string) =>
  canManageAds(user, editionCode) || (isEditorial(user) && worksInEdition(user, editionCode));

/** An edition's podcast shows (settings, artwork, links): its editors and admins. */
export const canManagePodcastShows = (user: SignedInUser, editionCode: string) =>
  isEditorial(user) && worksInEdition(user, editionCode);

/**
 * Preparing an episode (its text, audio, transcript, chapters): everyone who works in the edition;
 * writers only while it has never been out (draft), editors and admins always.
 */
export const canEditPodcastEpisode = (
  user: SignedInUser,
  episode: { editionCode: string; status: 'draft' | 'scheduled' | 'published' | 'unpublished' },
) =>
  user.role !== 'sales' &&
  worksInEdition(user, episode.editionCode) &&
  (user.role !== 'writer' || episode.status === 'draft');

/** Publishing, scheduling, unpublishing and deleting episodes: the edition's editors and admins. */
export const canPublishPodcastEpisode = (user: SignedInUser, editionCode: string) =>
  isEditorial(user) && worksInEdition(user, editionCode);
