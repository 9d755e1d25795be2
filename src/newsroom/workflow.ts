import { type AuditAction, recordAudit } from '../accounts/audit.js';
import { slugify } from '../articles/slugs.js';
import { articleTags, createArticle, updateArticle } from '../articles/store.js';
import { newId } from '../db/ids.js';
import type { ArticleRow, Db } from '../db/schema.js';
import { logContentChange } from '../http/page-cache.js';
import { cancelPendingJobs, enqueueJob } from '../jobs/runner.js';
import { removeFromIndex } from '../search/queries.js';
import { EditConflictError, WorkflowError } from './errors.js';
import { claimVersion, type DeskArticle, findDeskArticle, inputOf, rememberOldSlug } from './queries.js';
import { type ArticleSnapshot, findRevision, type RevisionKind, recordRevision } from './revisions.js';

export const PUBLISH_JOB = 'publish-article';

/** Who does something, and when. */
export interface Act {
  userId: string | null;
  now: Date;
  /** The integration acting for the user (e.g. 'api'), kept in the audit log's details. */
  via?: string;
}

/**
 * How a save counts: a draft save, a substantive update of a published story
 * (moves "last updated"), or a typo fix (does not).
 */
export type SaveKind = Extract<RevisionKind, 'draft' | 'update' | 'typo'>;

function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

async function load(db: Db, id: string): Promise<DeskArticle> {
  const article = await findDeskArticle(db, id);
  if (!article) throw new WorkflowError('No such article');
  return article;
}

const everPublished = (row: ArticleRow) => row.first_published_at !== null;

/** A new draft in an edition; its slug comes from the headline until it is first published. */
export async function createDraft(
  db: Db,
  editionCode: string,
  snapshot: Omit<ArticleSnapshot, 'slug'> & { slug?: string },
  act: Act,
  options: { translationGroup?: string | null } = {},
): Promise<string> {
  return inTransaction(db, async (trx) => {
    const slug = await freeSlug(trx, editionCode, snapshot.slug || slugify(snapshot.headline));
    const full = { ...snapshot, slug };
    const id = await createArticle(
      trx,
      {
        editionCode,
        ...full,
        status: 'draft',
        translationGroup: options.translationGroup ?? null,
        firstPublishedAt: null,
        lastUpdatedAt: null,
        sourceUri: null,
        sourceVersion: null,
        createdBy: act.userId,
      },
      act.now,
    );
    await recordRevision(trx, id, 1, 'create', act.userId, full, act.now);
    return id;
  });
}

/**
 * Saves new content if nobody saved since `expectedVersion`; otherwise throws
 * EditConflictError carrying both versions and changes nothing.
 */
export async function saveArticle(
  db: Db,
  id: string,
  change: { expectedVersion: number; snapshot: ArticleSnapshot; kind: SaveKind },
  act: Act,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const current = await load(trx, id);
    if (!(await claimVersion(trx, id, change.expectedVersion))) {
      throw new EditConflictError(
        { version: current.row.version, snapshot: current.snapshot },
        change.snapshot,
      );
    }
    const { row } = current;
    let slug = change.snapshot.slug || row.slug;
    // Before first publication the slug follows the headline unless set by hand; after, it only changes by hand.
    if (!everPublished(row) && !change.snapshot.slug) slug = slugify(change.snapshot.headline);
    if (slug !== row.slug) {
      slug = await freeSlug(trx, row.edition_code, slug, id);
      if (everPublished(row)) await rememberOldSlug(trx, row, slug, act.now);
    }
    const snapshot = { ...change.snapshot, slug };
    const movesUpdated = change.kind === 'update' && row.status === 'published';
    await updateArticle(
      trx,
      id,
      inputOf(row, snapshot, movesUpdated ? { lastUpdatedAt: act.now.toISOString() } : {}),
      act.now,
    );
    const version = change.expectedVersion + 1;
    await recordRevision(trx, id, version, change.kind, act.userId, snapshot, act.now);
    return version;
  });
}

/** Writer's hand-off: the draft waits for an editor. */
export async function submitForReview(db: Db, id: string, act: Act): Promise<void> {
  await setStatus(db, id, act, (row) => {
    if (row.status !== 'draft')
      throw new WorkflowError(`Only drafts can be submitted (this one is ${row.status})`);
    return { status: 'in_review' };
  });
}

/** Publishes now: first publication sets both times; republishing keeps the original date. */
export async function publishNow(db: Db, id: string, act: Act): Promise<void> {
  await inTransaction(db, async (trx) => {
    await setStatus(trx, id, act, (row) => {
      const at = act.now.toISOString();
      return {
        status: 'published',
        firstPublishedAt: row.first_published_at ?? at,
        lastUpdatedAt: row.last_updated_at ?? at,
      };
    });
    await cancelPendingJobs(trx, PUBLISH_JOB, id);
    await audit(trx, 'article.publish', id, act);
  });
}

/** Publishes at `at` through a durable job, so a restart in between changes nothing. */
export async function schedulePublish(db: Db, id: string, at: Date, act: Act): Promise<void> {
  if (at.getTime() <= act.now.getTime()) throw new WorkflowError('The scheduled time must be in the future');
  await inTransaction(db, async (trx) => {
    await setStatus(trx, id, act, (row) => {
      if (row.status === 'published') throw new WorkflowError('The article is already published');
      return { status: 'scheduled' };
    });
    await trx.updateTable('articles').set({ scheduled_at: at.toISOString() }).where('id', '=', id).execute();
    await cancelPendingJobs(trx, PUBLISH_JOB, id);
    await enqueueJob(trx, { kind: PUBLISH_JOB, subjectId: id, runAt: at }, act.now);
    await audit(trx, 'article.schedule', id, act, { at: at.toISOString() });
  });
}

/** Takes an article off the site (its pages are purged); it can be published again. */
export async function unpublish(db: Db, id: string, act: Act): Promise<void> {
  await inTransaction(db, async (trx) => {
    await setStatus(trx, id, act, () => ({ status: 'unpublished' }));
    await cancelPendingJobs(trx, PUBLISH_JOB, id);
    await audit(trx, 'article.unpublish', id, act);
  });
}

/**
 * Deletes an article for good, with its topics, byline, revisions,
 * corrections, jobs and old-slug redirects; the pages it was on are purged.
 */
export async function deleteArticle(db: Db, id: string, act: Act): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { row } = await load(trx, id);
    const tags = await articleTags(trx, id);
    await trx.deleteFrom('article_topics').where('article_id', '=', id).execute();
    await trx.deleteFrom('article_bylines').where('article_id', '=', id).execute();
    await trx.deleteFrom('article_revisions').where('article_id', '=', id).execute();
    await trx.deleteFrom('article_corrections').where('article_id', '=', id).execute();
    await trx.deleteFrom('slug_redirects').where('article_id', '=', id).execute();
    await trx.deleteFrom('jobs').where('kind', '=', PUBLISH_JOB).where('subject_id', '=', id).execute();
    await removeFromIndex(trx, id);
    await trx.deleteFrom('articles').where('id', '=', id).execute();
    await logContentChange(trx, tags, act.now);
    await audit(trx, 'article.delete', id, act, {
      edition: row.edition_code,
      slug: row.slug,
      headline: row.headline,
      status: row.status,
    });
  });
}

/** A dated correction note, shown at the end of the article and in its structured data. */
export async function addCorrection(db: Db, id: string, text: string, act: Act): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { row } = await load(trx, id);
    if (!everPublished(row))
      throw new WorkflowError('Corrections are for published articles; edit the draft instead');
    await trx
      .insertInto('article_corrections')
      .values({
        id: newId(act.now),
        article_id: id,
        text,
        author_id: act.userId,
        created_at: act.now.toISOString(),
      })
      .execute();
    await trx
      .updateTable('articles')
      .set({ last_updated_at: act.now.toISOString(), modified_at: act.now.toISOString() })
      .where('id', '=', id)
      .execute();
    await logContentChange(trx, [`article:${id}`, `list:${row.edition_code}`], act.now);
    await audit(trx, 'article.correction', id, act, { text });
  });
}

/** Brings back an earlier revision's content as a new revision (nothing is lost: the current one stays in history). */
export async function restoreRevision(
  db: Db,
  id: string,
  version: number,
  expectedVersion: number,
  act: Act,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const revision = await findRevision(trx, id, version);
    if (!revision) throw new WorkflowError(`No revision ${version}`);
    const saved = await saveArticle(
      trx,
      id,
      { expectedVersion, snapshot: revision.snapshot, kind: 'typo' },
      act,
    );
    await trx
      .updateTable('article_revisions')
      .set({ kind: 'restore' })
      .where('article_id', '=', id)
      .where('version', '=', saved)
      .execute();
    return saved;
  });
}

/** The audit log's entry for a workflow step, written in the step's own transaction. */
function audit(db: Db, action: AuditAction, id: string, act: Act, details: Record<string, unknown> = {}) {
  return recordAudit(
    db,
    {
      userId: act.userId,
      action,
      subjectType: 'article',
      subjectId: id,
      details: act.via ? { ...details, via: act.via } : details,
    },
    act.now,
  );
}

type StatusChange = Partial<
  Pick<ReturnType<typeof inputOf>, 'status' | 'firstPublishedAt' | 'lastUpdatedAt'>
>;

async function setStatus(
  db: Db,
  id: string,
  act: Act,
  decide: (row: ArticleRow) => StatusChange,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { row, snapshot } = await load(trx, id);
    const change = decide(row);
    await updateArticle(trx, id, inputOf(row, snapshot, change), act.now);
  });
}

/** `wanted`, or `wanted-2`, `wanted-3`… whichever no other article of the edition uses. */
async function freeSlug(db: Db, editionCode: string, wanted: string, ownId?: string): Promise<string> {
  const taken = await db
    .selectFrom('articles')
    .select(['slug', 'id'])
    .where('edition_code', '=', editionCode)
    .where((eb) => eb.or([eb('slug', '=', wanted), eb('slug', 'like', `${wanted}-%`)]))
    .execute();
  const used = new Set(taken.filter((t) => t.id !== ownId).map((t) => t.slug));
  if (!used.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!used.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}
