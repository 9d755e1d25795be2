import { diffWords } from 'diff';
import { z } from 'zod';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';

/** The editable fields of an article, as a revision keeps them. */
export const articleSnapshotSchema = z.object({
  slug: z.string(),
  headline: z.string(),
  standfirst: z.string(),
  bodyHtml: z.string(),
  copyright: z.string(),
  sectionId: z.string().nullable(),
  leadMediaId: z.string().nullable(),
  topicIds: z.array(z.string()),
  byline: z.array(z.union([z.object({ contributorId: z.string() }), z.object({ agencyId: z.string() })])),
});

export type ArticleSnapshot = z.infer<typeof articleSnapshotSchema>;

export type RevisionKind = 'create' | 'draft' | 'update' | 'typo' | 'restore';

export interface Revision {
  version: number;
  kind: RevisionKind | string;
  authorId: string | null;
  createdAt: string;
  snapshot: ArticleSnapshot;
}

export async function recordRevision(
  db: Db,
  articleId: string,
  version: number,
  kind: RevisionKind,
  authorId: string | null,
  snapshot: ArticleSnapshot,
  now: Date,
): Promise<void> {
  await db
    .insertInto('article_revisions')
    .values({
      id: newId(now),
      article_id: articleId,
      version,
      kind,
      author_id: authorId,
      created_at: now.toISOString(),
      snapshot: JSON.stringify(snapshot),
    })
    .execute();
}

/** Every revision of an article, newest first. */
export async function listRevisions(db: Db, articleId: string): Promise<Revision[]> {
  const rows = await db
    .selectFrom('article_revisions')
    .selectAll()
    .where('article_id', '=', articleId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    kind: r.kind,
    authorId: r.author_id,
    createdAt: r.created_at,
    snapshot: articleSnapshotSchema.parse(JSON.parse(r.snapshot)),
  }));
}

export async function findRevision(
  db: Db,
  articleId: string,
  version: number,
): Promise<Revision | undefined> {
  return (await listRevisions(db, articleId)).find((r) => r.version === version);
}

export interface FieldDiff {
  field: keyof ArticleSnapshot;
  /** Word-level pieces: unchanged, added or removed. */
  parts: { value: string; added: boolean; removed: boolean }[];
}

/** What changed between two snapshots, field by field, word by word. */
export function diffSnapshots(before: ArticleSnapshot, after: ArticleSnapshot): FieldDiff[] {
  const fields = Object.keys(articleSnapshotSchema.shape) as (keyof ArticleSnapshot)[];
  return fields.flatMap((field) => {
    const a = printable(before[field]);
    const b = printable(after[field]);
    if (a === b) return [];
    const parts = diffWords(a, b).map((p) => ({
      value: p.value,
      added: Boolean(p.added),
      removed: Boolean(p.removed),
    }));
    return [{ field, parts }];
  });
}

const printable = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
