import { describe, expect, it } from 'vitest';
import {
  type ArticleRef,
  canAddLiveEntry,
  canCreateArticle,
  canCreateEvent,
  canDeleteEvent,
  canDismissWireAlert,
  canEditArticle,
  canEditEvent,
  canEditLiveEntry,
  canEditPodcastEpisode,
  canManageAds,
  canManageAgencies,
  canManageComments,
  canManageFeeds,
  canManageLiveCoverage,
  canManageNewsletters,
  canManagePodcastShows,
  canManageUsers,
  canMarkSponsored,
  canModerateComments,
  canPublish,
  canPublishEvent,
  canPublishPodcastEpisode,
  canReadOutbox,
  canSchedule,
  canSeeArticle,
  canSeeWirePayload,
  canSubmitForReview,
  canUnpublish,
  canUseAdsDesk,
  type SignedInUser,
} from './policy.js';

const user = (id: string, role: SignedInUser['role'], editions: string[]): SignedInUser => ({
  id,
  email: `${id}@news.example`,
  role,
  language: 'en',
  editions,
  hasPassword: true,
});
const admin = user('admin', 'admin', []);
const editor = user('editor', 'editor', ['ar']);
const writer = user('writer', 'writer', ['ar']);
const article = (overrides: Partial<ArticleRef> = {}): ArticleRef => ({
  editionCode: 'ar',
  status: 'draft',
  createdBy: 'writer',
  ...overrides,
});

describe('policy', () => {
  it('admin: everything, in every edition', () => {
    expect(canManageUsers(admin)).toBe(true);
    expect(canReadOutbox(admin)).toBe(true);
    expect(canCreateArticle(admin, 'en')).toBe(true);
    expect(canEditArticle(admin, article({ editionCode: 'en', status: 'published', createdBy: null }))).toBe(
      true,
    );
    expect(canSubmitForReview(admin, article())).toBe(true);
    expect([canPublish, canSchedule, canUnpublish].map((can) => can(admin, 'en'))).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('editor: any article of their editions, publish/schedule/unpublish there; no users, no outbox', () => {
    expect(canManageUsers(editor)).toBe(false);
    expect(canReadOutbox(editor)).toBe(false);
    expect(canCreateArticle(editor, 'ar')).toBe(true);
    expect(canCreateArticle(editor, 'en')).toBe(false);
    expect(canEditArticle(editor, article({ status: 'published', createdBy: 'someone' }))).toBe(true);
    expect(canEditArticle(editor, article({ status: 'in_review' }))).toBe(true);
    expect(canEditArticle(editor, article({ editionCode: 'en' }))).toBe(false);
    expect(canSubmitForReview(editor, article())).toBe(true);
    expect([canPublish, canSchedule, canUnpublish].map((can) => can(editor, 'ar'))).toEqual([
      true,
      true,
      true,
    ]);
    expect([canPublish, canSchedule, canUnpublish].map((can) => can(editor, 'en'))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('writer: own drafts only, may submit them for review, never publish', () => {
    expect(canManageUsers(writer)).toBe(false);
    expect(canReadOutbox(writer)).toBe(false);
    expect(canCreateArticle(writer, 'ar')).toBe(true);
    expect(canCreateArticle(writer, 'en')).toBe(false);
    expect(canEditArticle(writer, article())).toBe(true);
    expect(canEditArticle(writer, article({ createdBy: 'someone' }))).toBe(false);
    expect(canEditArticle(writer, article({ createdBy: null }))).toBe(false);
    expect(canEditArticle(writer, article({ status: 'in_review' }))).toBe(false);
    expect(canEditArticle(writer, article({ status: 'published' }))).toBe(false);
    expect(canEditArticle(writer, article({ editionCode: 'en' }))).toBe(false);
    expect(canSubmitForReview(writer, article())).toBe(true);
    expect(canSubmitForReview(writer, article({ status: 'in_review' }))).toBe(false);
    expect(canSubmitForReview(writer, article({ createdBy: 'someone' }))).toBe(false);
    expect([canPublish, canSchedule, canUnpublish].map((can) => can(writer, 'ar'))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('sales: advertising of its editions only, and sponsored labels there; nothing of the newsroom', () => {
    const sales = user('sales', 'sales', ['ar']);
    expect(canUseAdsDesk(sales)).toBe(true);
    expect(canManageAds(sales, 'ar')).toBe(true);
    expect(canManageAds(sales, 'en')).toBe(false);
    expect(canMarkSponsored(sales, 'ar')).toBe(true);
    expect(canMarkSponsored(sales, 'en')).toBe(false);
    const published = article({ status: 'published', createdBy: null });
    expect(canCreateArticle(sales, 'ar')).toBe(false);
    expect(canEditArticle(sales, published)).toBe(false);
    expect(canSeeArticle(sales, published)).toBe(false);
    expect(canPublish(sales, 'ar')).toBe(false);
    expect(canManageNewsletters(sales, 'ar')).toBe(false);
    expect(canManageFeeds(sales, 'ar')).toBe(false);
    expect(canManageAgencies(sales)).toBe(false);
    expect(canModerateComments(sales, 'ar')).toBe(false);
    expect(canManageComments(sales, 'ar')).toBe(false);
    expect(canDismissWireAlert(sales, { editions: [] })).toBe(false);
    expect(canSeeWirePayload(sales, null, true)).toBe(false);
    expect(canManageUsers(sales)).toBe(false);
    // Live coverage and events are the newsroom's, even in the sales person's own edition.
    expect(canAddLiveEntry(sales, 'ar')).toBe(false);
    expect(canEditLiveEntry(sales, { editionCode: 'ar', createdBy: 'sales' })).toBe(false);
    expect(canManageLiveCoverage(sales, 'ar')).toBe(false);
    const ownEvent = { editionCode: 'ar', publication: 'draft' as const, createdBy: 'sales' };
    expect(canCreateEvent(sales, 'ar')).toBe(false);
    expect(canEditEvent(sales, ownEvent)).toBe(false);
    expect(canDeleteEvent(sales, ownEvent)).toBe(false);
    expect(canPublishEvent(sales, 'ar')).toBe(false);
    expect(canManagePodcastShows(sales, 'ar')).toBe(false);
    expect(canEditPodcastEpisode(sales, { editionCode: 'ar', status: 'draft' })).toBe(false);
    expect(canPublishPodcastEpisode(sales, 'ar')).toBe(false);
  });

  it('live coverage and events: writers add and edit their own, editors run and publish', () => {
    expect(canAddLiveEntry(writer, 'ar')).toBe(true);
    expect(canEditLiveEntry(writer, { editionCode: 'ar', createdBy: 'writer' })).toBe(true);
    expect(canEditLiveEntry(writer, { editionCode: 'ar', createdBy: 'editor' })).toBe(false);
    expect(canManageLiveCoverage(writer, 'ar')).toBe(false);
    expect(canManageLiveCoverage(editor, 'ar')).toBe(true);
    expect(canManageLiveCoverage(editor, 'en')).toBe(false);
    expect(canCreateEvent(writer, 'ar')).toBe(true);
    expect(canPublishEvent(writer, 'ar')).toBe(false);
    expect(canPublishEvent(editor, 'ar')).toBe(true);
    expect(canEditEvent(editor, { editionCode: 'ar', publication: 'published', createdBy: 'writer' })).toBe(
      true,
    );
  });

  it('advertising: admins everywhere; editors mark sponsored articles of their editions; writers neither', () => {
    expect(canUseAdsDesk(admin)).toBe(true);
    expect(canManageAds(admin, 'en')).toBe(true);
    expect(canUseAdsDesk(editor)).toBe(false);
    expect(canManageAds(editor, 'ar')).toBe(false);
    expect(canMarkSponsored(editor, 'ar')).toBe(true);
    expect(canMarkSponsored(editor, 'en')).toBe(false);
    expect(canUseAdsDesk(writer)).toBe(false);
    expect(canMarkSponsored(writer, 'ar')).toBe(false);
  });
});
