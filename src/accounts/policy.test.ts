import { describe, expect, it } from 'vitest';
import {
  type ArticleRef,
  canCreateArticle,
  canEditArticle,
  canManageUsers,
  canPublish,
  canReadOutbox,
  canSchedule,
  canSubmitForReview,
  canUnpublish,
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
});
