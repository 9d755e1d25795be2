import { diffWords } from 'diff';
import { z } from 'zod';
import type { Db } from '../db/schema.js';

/** Who an article is by: a contributor or an agency, in byline order. */
export type BylinePart = { contributorId: string } | { agencyId: string };

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

/**
 * What a revision did: content saves (draft, update, typo, restore), a new
 * article (create), a workflow step (submit, publish, schedule, unpublish,
 * correction), an agency kill or withhold taking a wire copy down (withdraw),
 * or a change of format (standard or live coverage).
 */
export type RevisionKind =
  | 'create'
  | 'draft'
  | 'update'
  | 'typo'
  | 'restore'
  | 'submit'
  | 'publish'
  | 'schedule'
  | 'unpublish'
  | 'correction'
  | 'withdraw'
  | 'format';

/** The door a write came through. */
export const REVISION_SOURCES = ['desk', 'api', 'wire', 'scheduler', 'cli', 'demo', 'restore'] as const;
export type RevisionSource = (typeof REVISION_SOURCES)[number];

export interface Revision {
  version: number;
  kind: RevisionKind | string;
  source: RevisionSource | string;
  authorId: string | null;
  createdAt: string;
  snapshot: ArticleSnapshot;
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
    source: r.source,
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

/** Words as Unicode sees them: diff's own tokenizer knows only Latin letters and split Arabic words apart. */
const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' });

/** What changed between two snapshots, field by field, word by word. */
export function diffSnapshots(before: ArticleSnapshot, after: ArticleSnapshot): FieldDiff[] {
  const fields = Object.keys(articleSnapshotSchema.shape) as (keyof ArticleSnapshot)[];
  return fields.flatMap((field) => {
    const a = printable(before[field]);
    const b = printable(after[field]);
    if (a === b) return [];
    const parts = diffWords(a, b, { intlSegmenter: WORDS }).map((p) => ({
      value: p.value,
      added: Boolean(p.added),
      removed: Boolean(p.removed),
    }));
    return [{ field, parts }];
  });
}

/** The fields people read (ids of topics, people, sections and images are named elsewhere). */
const TEXT_FIELDS: (keyof ArticleSnapshot)[] = ['headline', 'standfirst', 'bodyHtml', 'copyright', 'slug'];

/** `diffSnapshots` of the text fields only: what a notice beside the form can show word by word. */
export function diffText(before: ArticleSnapshot, after: ArticleSnapshot): FieldDiff[] {
  return diffSnapshots(before, after).filter((d) => TEXT_FIELDS.includes(d.field));
}

const printable = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The agency's changes the desk has not saved over yet: when, at which version, and what changed. */
export interface AgencyUpdateSinceDesk {
  at: string;
  version: number;
  /** From the last revision saved by people (desk, API, restore) to the agency's latest. */
  diff: FieldDiff[];
}

/**
 * When the newest revision came from the wire (an agency update of an article
 * filed from it) and people have saved the article before, what the agency
 * changed since their last save; undefined otherwise.
 */
export async function agencyUpdateSinceDesk(
  db: Db,
  articleId: string,
): Promise<AgencyUpdateSinceDesk | undefined> {
  const revisions = await listRevisions(db, articleId);
  const latest = revisions[0];
  if (!latest || (latest.source !== 'wire' && latest.source !== 'cli')) return undefined;
  const byPeople = revisions.find((r) => r.source === 'desk' || r.source === 'api' || r.source === 'restore');
  if (!byPeople) return undefined;
  const diff = diffText(byPeople.snapshot, latest.snapshot);
  return diff.length > 0 ? { at: latest.createdAt, version: latest.version, diff } : undefined;
}
