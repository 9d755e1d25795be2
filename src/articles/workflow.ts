/**
 * The one door for article writes. The desk, the admin API, the wire desk, the
 * wire poller and CLI ingest, the scheduled-publish job and the demo seed all
 * call these functions; the row writers in ./store.ts are private to this
 * folder (biome.json forbids importing them from elsewhere).
 *
 * Every write through the door, in one transaction: claims the next version
 * (the one the editor had, for the desk and the API; the current one, for the
 * wire and the scheduler), writes the row (search index and change log with
 * it, see store.ts), records a revision with its kind, source and actor, and
 * appends an audit-log entry.
 */
import { type AuditAction, recordAudit } from '../accounts/audit.js';
import { requestUrgentPurge } from '../cdn/purger.js';
import { newId } from '../db/ids.js';
import type { ArticleFormat, ArticleRow, ArticleStatus, Db } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { cacheTags } from '../http/cache-tags.js';
import { logContentChange } from '../http/page-cache.js';
import { cancelPendingJobs, enqueueJob } from '../jobs/runner.js';
import { type DeskArticle, findDeskArticle } from './editable.js';
import { EditConflictError, WorkflowError } from './errors.js';
import { freeSlug } from './resolve.js';
import type { ArticleSnapshot, RevisionKind, RevisionSource } from './revisions.js';
import { findRevision } from './revisions.js';
import { slugify } from './slugs.js';
import {
  type ArticleInput,
  articleTags,
  claimNextVersion,
  claimTranslationGroup,
  claimVersion,
  createArticle,
  deleteArticleRows,
  inputOf,
  insertCorrection,
  recordRevision,
  rememberOldSlug,
  setScheduledAt,
  setSponsor,
  updateArticle,
} from './store.js';

export { EditConflictError, WorkflowError } from './errors.js';

export const PUBLISH_JOB = 'publish-article';

/** Who does something, when, and through which door. */
export interface Act {
  userId: string | null;
  now: Date;
  /** The door: desk (the default), api, wire, scheduler, cli, demo. */
  source?: RevisionSource;
  /** The integration acting for the user (e.g. 'api'), kept in the audit log's details. */
  via?: string;
}

/**
 * How a save counts: a draft save, a substantive update of a published story
 * (moves "last updated"), or a typo fix (does not).
 */
export type SaveKind = Extract<RevisionKind, 'draft' | 'update' | 'typo'>;

/** What the desk asks for with one press: save, or save and then act on what was saved. */
export const DESK_INTENTS = ['save', 'submit', 'publish', 'schedule', 'update'] as const;
export type DeskIntent = (typeof DESK_INTENTS)[number];

async function load(db: Db, id: string): Promise<DeskArticle> {
  const article = await findDeskArticle(db, id);
  if (!article) throw new WorkflowError('No such article');
  return article;
}

const everPublished = (row: ArticleRow) => row.first_published_at !== null;
const sourceOf = (act: Act): RevisionSource => act.source ?? 'desk';

/**
 * Claims the version after `expected` (or after the current one when
 * 'current'), then reads the article as it now is. A stale `expected` throws
 * EditConflictError with the current version and `attempted`; nothing is written.
 */
async function claim(
  trx: Db,
  id: string,
  expected: number | 'current',
  attempted?: ArticleSnapshot,
): Promise<{ current: DeskArticle; version: number }> {
  if (expected === 'current') {
    const version = await claimNextVersion(trx, id);
    if (version === undefined) throw new WorkflowError('No such article');
    return { current: await load(trx, id), version };
  }
  if (!(await claimVersion(trx, id, expected))) {
    const current = await load(trx, id);
    throw new EditConflictError(
      { version: current.row.version, snapshot: current.snapshot },
      attempted ?? current.snapshot,
    );
  }
  return { current: await load(trx, id), version: expected + 1 };
}

interface Change {
  kind: RevisionKind;
  audit: AuditAction;
  /** New content; the current content when absent. */
  snapshot?: ArticleSnapshot;
  /** Row columns beyond the content (status, times). */
  changes?: Partial<ArticleInput>;
  details?: Record<string, unknown>;
}

/** Writes the claimed `version`: the row, its revision and its audit entry. */
async function commit(trx: Db, current: DeskArticle, version: number, change: Change, act: Act) {
  const { id } = current.row;
  const snapshot = change.snapshot ?? current.snapshot;
  await updateArticle(trx, id, inputOf(current.row, snapshot, change.changes), act.now);
  const source = sourceOf(act);
  await recordRevision(
    trx,
    id,
    version,
    { kind: change.kind, source, authorId: act.userId },
    snapshot,
    act.now,
  );
  await audit(trx, change.audit, id, act, { version, kind: change.kind, ...change.details });
  // Taken off the site (an unpublish, an agency kill): the CDN drops its pages now, not after a backlog.
  if (change.changes?.status === 'unpublished' && current.row.status === 'published')
    await requestUrgentPurge(trx, await articleTags(trx, id), act.now);
  return version;
}

/** The audit log's entry for a write, in the write's own transaction. */
function audit(db: Db, action: AuditAction, id: string, act: Act, details: Record<string, unknown> = {}) {
  const all = { ...details, source: sourceOf(act), ...(act.via ? { via: act.via } : {}) };
  return recordAudit(
    db,
    { userId: act.userId, action, subjectType: 'article', subjectId: id, details: all },
    act.now,
  );
}

// ------------------------------------------------------------------------------------------ create

/** What a new article holds besides its content (the wire's, the demo's and translations' extras). */
export interface NewArticle {
  editionCode: string;
  /** Content; an empty slug comes from the headline (made free in the edition either way). */
  snapshot: ArticleSnapshot;
  status?: ArticleStatus;
  translationGroup?: string | null;
  firstPublishedAt?: string | null;
  lastUpdatedAt?: string | null;
  sourceUri?: string | null;
  sourceVersion?: number | null;
}

/** Any new article, as revision 1 ('create'). */
export async function createArticleThroughDoor(db: Db, article: NewArticle, act: Act): Promise<string> {
  return inTransaction(db, async (trx) => {
    const { editionCode } = article;
    const slug = await freeSlug(
      trx,
      editionCode,
      article.snapshot.slug || slugify(article.snapshot.headline),
    );
    const snapshot = { ...article.snapshot, slug };
    const status = article.status ?? 'draft';
    const id = await createArticle(
      trx,
      {
        editionCode,
        ...snapshot,
        status,
        translationGroup: article.translationGroup ?? null,
        firstPublishedAt: article.firstPublishedAt ?? null,
        lastUpdatedAt: article.lastUpdatedAt ?? null,
        sourceUri: article.sourceUri ?? null,
        sourceVersion: article.sourceVersion ?? null,
        createdBy: sourceOf(act) === 'desk' || sourceOf(act) === 'api' ? act.userId : null,
      },
      act.now,
    );
    const source = sourceOf(act);
    await recordRevision(trx, id, 1, { kind: 'create', source, authorId: act.userId }, snapshot, act.now);
    await audit(trx, 'article.create', id, act, { version: 1, kind: 'create', edition: editionCode, status });
    return id;
  });
}

/** A new draft in an edition; its slug comes from the headline until it is first published. */
export async function createDraft(
  db: Db,
  editionCode: string,
  snapshot: Omit<ArticleSnapshot, 'slug'> & { slug?: string },
  act: Act,
  options: { translationGroup?: string | null } = {},
): Promise<string> {
  return createArticleThroughDoor(
    db,
    {
      editionCode,
      snapshot: { ...snapshot, slug: snapshot.slug ?? '' },
      translationGroup: options.translationGroup ?? null,
    },
    act,
  );
}

// -------------------------------------------------------------------------------------------- save

/** The slug a save ends with: before first publication it follows the headline unless set by hand. */
async function slugFor(trx: Db, row: ArticleRow, wanted: string, headline: string, now: Date) {
  let slug = wanted || row.slug;
  if (!everPublished(row) && !wanted) slug = slugify(headline);
  if (slug === row.slug) return slug;
  slug = await freeSlug(trx, row.edition_code, slug, row.id);
  if (everPublished(row)) await rememberOldSlug(trx, row, slug, now);
  return slug;
}

/**
 * Saves new content if nobody saved since `expectedVersion`; otherwise throws
 * EditConflictError carrying both versions and changes nothing.
 */
export async function saveArticle(
  db: Db,
  id: string,
  change: { expectedVersion: number; snapshot: ArticleSnapshot; kind: SaveKind | 'restore' },
  act: Act,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { current, version } = await claim(trx, id, change.expectedVersion, change.snapshot);
    const { row } = current;
    const slug = await slugFor(trx, row, change.snapshot.slug, change.snapshot.headline, act.now);
    const movesUpdated = change.kind === 'update' && row.status === 'published';
    return commit(
      trx,
      current,
      version,
      {
        kind: change.kind,
        audit: change.kind === 'restore' ? 'article.restore' : 'article.save',
        snapshot: { ...change.snapshot, slug },
        changes: movesUpdated ? { lastUpdatedAt: act.now.toISOString() } : {},
      },
      act,
    );
  });
}

// ---------------------------------------------------------------------------------- workflow steps

/** Writer's hand-off: the draft waits for an editor. */
export async function submitForReview(db: Db, id: string, act: Act): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { current, version } = await claim(trx, id, 'current');
    if (current.row.status !== 'draft')
      throw new WorkflowError(`Only drafts can be submitted (this one is ${current.row.status})`);
    const change = { kind: 'submit', audit: 'article.submit', changes: { status: 'in_review' } } as const;
    return commit(trx, current, version, change, act);
  });
}

/**
 * Publishes now: first publication sets both times; republishing keeps the
 * original date. An article already live is left as it is (a repeated press publishes once).
 */
export async function publishNow(db: Db, id: string, act: Act): Promise<number> {
  return inTransaction(db, async (trx) => {
    const before = await load(trx, id);
    if (before.row.status === 'published') return before.row.version;
    const { current, version } = await claim(trx, id, 'current');
    await cancelPendingJobs(trx, PUBLISH_JOB, id);
    return commit(trx, current, version, publishing(current.row, act.now, 'article.publish'), act);
  });
}

function publishing(row: ArticleRow, at: Date, action: AuditAction, details: Record<string, unknown> = {}) {
  const iso = at.toISOString();
  return {
    kind: 'publish',
    audit: action,
    changes: {
      status: 'published',
      firstPublishedAt: row.first_published_at ?? iso,
      lastUpdatedAt: row.last_updated_at ?? iso,
    },
    details,
  } satisfies Change;
}

/** Publishes at `at` through a durable job, so a restart in between changes nothing. */
export async function schedulePublish(db: Db, id: string, at: Date, act: Act): Promise<number> {
  if (at.getTime() <= act.now.getTime()) throw new WorkflowError('The scheduled time must be in the future');
  return inTransaction(db, async (trx) => {
    const { current, version } = await claim(trx, id, 'current');
    if (current.row.status === 'published') throw new WorkflowError('The article is already published');
    await setScheduledAt(trx, id, at);
    await cancelPendingJobs(trx, PUBLISH_JOB, id);
    await enqueueJob(trx, { kind: PUBLISH_JOB, subjectId: id, runAt: at }, act.now);
    const change = {
      kind: 'schedule',
      audit: 'article.schedule',
      changes: { status: 'scheduled' },
      details: { at: at.toISOString() },
    } as const;
    return commit(trx, current, version, change, act);
  });
}

/**
 * The scheduled-publish job: the scheduled time becomes the publication time,
 * even when the job runs late (after a restart). No actor; source scheduler.
 */
export async function publishScheduled(db: Db, id: string, at: Date, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await findDeskArticle(trx, id);
    if (before?.row.status !== 'scheduled') return;
    const act: Act = { userId: null, now, source: 'scheduler' };
    const { current, version } = await claim(trx, id, 'current');
    if (current.row.status !== 'scheduled') throw new WorkflowError('No longer scheduled');
    const details = { scheduledFor: at.toISOString() };
    await commit(trx, current, version, publishing(current.row, at, 'article.publish', details), act);
  });
}

/** Takes an article off the site (its pages are purged); it can be published again. */
export async function unpublish(db: Db, id: string, act: Act): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { current, version } = await claim(trx, id, 'current');
    await cancelPendingJobs(trx, PUBLISH_JOB, id);
    const change = {
      kind: 'unpublish',
      audit: 'article.unpublish',
      changes: { status: 'unpublished' },
    } as const;
    return commit(trx, current, version, change, act);
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
    await deleteArticleRows(trx, id, PUBLISH_JOB);
    await logContentChange(trx, tags, act.now);
    if (row.status === 'published') await requestUrgentPurge(trx, tags, act.now);
    await audit(trx, 'article.delete', id, act, {
      edition: row.edition_code,
      slug: row.slug,
      headline: row.headline,
      status: row.status,
    });
  });
}

/** A dated correction note, shown at the end of the article and in its structured data. */
export async function addCorrection(db: Db, id: string, text: string, act: Act): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { current, version } = await claim(trx, id, 'current');
    if (!everPublished(current.row))
      throw new WorkflowError('Corrections are for published articles; edit the draft instead');
    await insertCorrection(trx, id, text, act.userId, act.now);
    const change = {
      kind: 'correction',
      audit: 'article.correction',
      changes: { lastUpdatedAt: act.now.toISOString() },
      details: { text },
    } as const;
    return commit(trx, current, version, change, act);
  });
}

/**
 * Sets how the article is told: 'live' makes it a live coverage (src/live
 * calls this when an editor starts one, in the same transaction as the
 * coverage's own row), 'standard' a plain story. A revision of kind 'format',
 * audited; the article's pages are purged. Already in that format: nothing is written.
 */
export async function setArticleFormat(db: Db, id: string, format: ArticleFormat, act: Act): Promise<number> {
  return inTransaction(db, async (trx) => {
    const before = await load(trx, id);
    if (before.row.format === format) return before.row.version;
    const { current, version } = await claim(trx, id, 'current');
    const change = {
      kind: 'format',
      audit: 'article.format',
      changes: { format },
      details: { format },
    } as const;
    return commit(trx, current, version, change, act);
  });
}

/** Longest sponsor name kept (the column's width). */
export const MAX_SPONSOR_LENGTH = 200;

/**
 * Marks an article as sponsored content with its sponsor's name, or (`null`)
 * as not sponsored. The label is not part of the text: no new version (an
 * editor's open form stays current) and no revision; the audit log keeps who did it.
 */
export async function markSponsored(db: Db, id: string, sponsor: string | null, act: Act): Promise<void> {
  const name = sponsor?.trim() || null;
  if (name && name.length > MAX_SPONSOR_LENGTH) throw new WorkflowError('The sponsor name is too long');
  await inTransaction(db, async (trx) => {
    if (!(await setSponsor(trx, id, name, act.now))) throw new WorkflowError('No such article');
    await audit(trx, 'article.sponsor', id, act, { sponsor: name });
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
    const change = { expectedVersion, snapshot: revision.snapshot, kind: 'restore' } as const;
    return saveArticle(trx, id, change, { ...act, source: 'restore' });
  });
}

/**
 * Starts the translation of `sourceId` in `editionCode`: a draft linked to it by translation group, with
 * the source's headline, standfirst, text, byline and copyright as its starting text. A source without a
 * group gets one first; that is not an edit of the source (no version, no revision), but its page and
 * its story's pages are purged so hreflang links stay right. Returns the new draft's id.
 */
export async function startTranslation(
  db: Db,
  sourceId: string,
  editionCode: string,
  act: Act,
): Promise<string> {
  return inTransaction(db, async (trx) => {
    const source = await load(trx, sourceId);
    let group = source.row.translation_group;
    if (!group) {
      group = await claimTranslationGroup(trx, sourceId, newId(act.now));
      await logContentChange(trx, [cacheTags.story(group), cacheTags.article(sourceId)], act.now);
    }
    const taken = await trx
      .selectFrom('articles')
      .select('id')
      .where('translation_group', '=', group)
      .where('edition_code', '=', editionCode)
      .executeTakeFirst();
    if (taken) throw new WorkflowError(`The story already has a version in edition ${editionCode}`);
    const { headline, standfirst, bodyHtml, copyright, byline } = source.snapshot;
    return createDraft(
      trx,
      editionCode,
      { headline, standfirst, bodyHtml, copyright, byline, sectionId: null, leadMediaId: null, topicIds: [] },
      act,
      { translationGroup: group },
    );
  });
}

// ------------------------------------------------------------------------------------------- desk

export interface OnScreen {
  /** The version the editor loaded (the form's `version`). */
  expectedVersion: number;
  /** The editor's fields; an empty slug follows the headline until first publication. */
  snapshot: ArticleSnapshot;
  /** How a save of a live story counts (ignored before publication: a draft save). */
  saveKind: 'update' | 'typo';
  intent: DeskIntent;
  /** For intent 'schedule'. */
  at?: Date | undefined;
}

export interface OnScreenResult {
  version: number;
  /** The same request again (a double click): nothing was written, the first one did it. */
  repeated: boolean;
}

/**
 * One press in the editor: saves what is on the screen (with the version
 * check), then submits, publishes or schedules it, all in one transaction.
 * A stale version throws EditConflictError and nothing is saved or
 * published, unless the screen holds exactly what is stored and the article
 * is already where the press wanted it (a repeated press): then nothing is written.
 */
export async function actOnScreen(db: Db, id: string, screen: OnScreen, act: Act): Promise<OnScreenResult> {
  if (screen.intent === 'schedule' && (!screen.at || screen.at.getTime() <= act.now.getTime()))
    throw new WorkflowError('The scheduled time must be in the future');
  return inTransaction(db, async (trx) => {
    const current = await load(trx, id);
    const { row } = current;
    if (row.version !== screen.expectedVersion) {
      if (sameContent(current.snapshot, screen.snapshot) && alreadyDone(row, screen))
        return { version: row.version, repeated: true };
      throw new EditConflictError({ version: row.version, snapshot: current.snapshot }, screen.snapshot);
    }
    let version = row.version;
    const published = row.status === 'published';
    // A press on an unchanged article acts without an empty save in the history.
    if (
      !sameContent(current.snapshot, screen.snapshot) ||
      screen.intent === 'save' ||
      screen.intent === 'update'
    ) {
      const kind: SaveKind = !published ? 'draft' : screen.intent === 'update' ? 'update' : screen.saveKind;
      version = await saveArticle(
        trx,
        id,
        { expectedVersion: version, snapshot: screen.snapshot, kind },
        act,
      );
    }
    if (screen.intent === 'submit') version = await submitForReview(trx, id, act);
    if (screen.intent === 'publish') version = await publishNow(trx, id, act);
    if (screen.intent === 'schedule' && screen.at) version = await schedulePublish(trx, id, screen.at, act);
    return { version, repeated: false };
  });
}

/** The screen shows what is stored (an empty slug on the screen means "the stored one"). */
function sameContent(stored: ArticleSnapshot, screen: ArticleSnapshot): boolean {
  const withSlug = { ...screen, slug: screen.slug || stored.slug };
  return JSON.stringify(canonical(stored)) === JSON.stringify(canonical(withSlug));
}

const canonical = (s: ArticleSnapshot) => ({
  slug: s.slug,
  headline: s.headline,
  standfirst: s.standfirst,
  bodyHtml: s.bodyHtml,
  copyright: s.copyright,
  sectionId: s.sectionId,
  leadMediaId: s.leadMediaId,
  topicIds: s.topicIds,
  byline: s.byline,
});

function alreadyDone(row: ArticleRow, screen: OnScreen): boolean {
  switch (screen.intent) {
    case 'save':
    case 'update':
      return true;
    case 'submit':
      return row.status === 'in_review';
    case 'publish':
      return row.status === 'published';
    case 'schedule':
      return row.status === 'scheduled' && row.scheduled_at === screen.at?.toISOString();
  }
}

// ------------------------------------------------------------------------------------------- wire

/** What an agency's newer version of an item sets on the article filed from it. */
export interface AgencyVersion {
  snapshot: ArticleSnapshot;
  status: ArticleStatus;
  firstPublishedAt: string | null;
  lastUpdatedAt: string | null;
  sourceVersion: number | null;
}

/**
 * An agency update of an article filed from the wire: claims the current
 * version (so a desk save begun on the older one is refused as a conflict and
 * the editor sees the agency's change), and keeps a revision with source wire.
 * Kind 'withdraw' when it takes a live copy down, 'publish' when it puts one up, else 'update'.
 */
export async function applyAgencyUpdate(
  db: Db,
  id: string,
  update: AgencyVersion,
  act: Act,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { current, version } = await claim(trx, id, 'current');
    const { row } = current;
    const kind: RevisionKind =
      row.status === 'published' && update.status !== 'published'
        ? 'withdraw'
        : row.status !== 'published' && update.status === 'published'
          ? 'publish'
          : 'update';
    // Once published, the URL is out in the world: a new headline does not move it.
    const slug = everPublished(row)
      ? row.slug
      : await freeSlug(trx, row.edition_code, update.snapshot.slug || slugify(update.snapshot.headline), id);
    return commit(
      trx,
      current,
      version,
      {
        kind,
        audit: 'article.wire_update',
        snapshot: { ...update.snapshot, slug },
        changes: {
          status: update.status,
          firstPublishedAt: update.firstPublishedAt,
          lastUpdatedAt: update.lastUpdatedAt,
          sourceVersion: update.sourceVersion,
        },
        details: { sourceVersion: update.sourceVersion },
      },
      act,
    );
  });
}

/** An agency kill or withhold takes a live copy filed from the item down (kind 'withdraw'). */
export async function withdrawWireCopy(db: Db, id: string, act: Act): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { current, version } = await claim(trx, id, 'current');
    const change = {
      kind: 'withdraw',
      audit: 'article.unpublish',
      changes: { status: 'unpublished' },
    } as const;
    return commit(trx, current, version, change, act);
  });
}
