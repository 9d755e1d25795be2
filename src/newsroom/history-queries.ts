import type { Db } from '../db/schema.js';

/** A revision as the history page lists it: who saved it (their email) and when. */
export interface RevisionSummary {
  version: number;
  kind: string;
  /** The door it came through (desk, api, wire, scheduler, cli, demo, restore). */
  source: string;
  authorEmail: string | null;
  createdAt: string;
}

/** Every revision of an article, newest first, without the snapshots. */
export async function listRevisionSummaries(db: Db, articleId: string): Promise<RevisionSummary[]> {
  const rows = await db
    .selectFrom('article_revisions')
    .leftJoin('users', 'users.id', 'article_revisions.author_id')
    .select([
      'article_revisions.version',
      'article_revisions.kind',
      'article_revisions.source',
      'article_revisions.created_at',
      'users.email',
    ])
    .where('article_revisions.article_id', '=', articleId)
    .orderBy('article_revisions.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    kind: r.kind,
    source: r.source,
    authorEmail: r.email,
    createdAt: r.created_at,
  }));
}

export interface CorrectionEntry {
  text: string;
  createdAt: string;
  authorEmail: string | null;
}

/** An article's corrections, oldest first (the order the public page shows them in). */
export async function listCorrections(db: Db, articleId: string): Promise<CorrectionEntry[]> {
  const rows = await db
    .selectFrom('article_corrections')
    .leftJoin('users', 'users.id', 'article_corrections.author_id')
    .select(['article_corrections.text', 'article_corrections.created_at', 'users.email'])
    .where('article_corrections.article_id', '=', articleId)
    .orderBy('article_corrections.created_at')
    .orderBy('article_corrections.id')
    .execute();
  return rows.map((r) => ({ text: r.text, createdAt: r.created_at, authorEmail: r.email }));
}

/** A version of a story in one edition. */
export interface StoryVersion {
  articleId: string;
  editionCode: string;
  headline: string;
}

/** The versions of the story in `group`, one per edition. */
export async function listStoryVersions(db: Db, group: string): Promise<StoryVersion[]> {
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'edition_code', 'headline'])
    .where('translation_group', '=', group)
    .orderBy('edition_code')
    .execute();
  return rows.map((r) => ({ articleId: r.id, editionCode: r.edition_code, headline: r.headline }));
}
