import type { ArticleStatus, UserRole } from '../db/schema.js';

export const ROLES = ['admin', 'editor', 'writer'] as const satisfies readonly UserRole[];

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

/** Admins work in every edition; others in the editions assigned to them. */
export const worksInEdition = (user: SignedInUser, editionCode: string) =>
  isAdmin(user) || user.editions.includes(editionCode);

export const canManageUsers = (user: SignedInUser) => isAdmin(user);

/** The outbox holds every sign-in and reset link sent: admins only. */
export const canReadOutbox = (user: SignedInUser) => isAdmin(user);

/** Every role may start an article in an edition it works in. */
export const canCreateArticle = (user: SignedInUser, editionCode: string) =>
  worksInEdition(user, editionCode);

/** Writers edit their own drafts only; editors any article of their editions; admins everything. */
export function canEditArticle(user: SignedInUser, article: ArticleRef): boolean {
  if (!worksInEdition(user, article.editionCode)) return false;
  if (user.role === 'writer') return article.status === 'draft' && article.createdBy === user.id;
  return true;
}

/** Writers hand their own drafts to the editors; editors and admins may too. */
export function canSubmitForReview(user: SignedInUser, article: ArticleRef): boolean {
  return article.status === 'draft' && canEditArticle(user, article);
}

/** Publishing, scheduling and unpublishing: editors of the edition and admins. */
export const canPublish = (user: SignedInUser, editionCode: string) =>
  user.role !== 'writer' && worksInEdition(user, editionCode);
export const canSchedule = canPublish;
export const canUnpublish = canPublish;
