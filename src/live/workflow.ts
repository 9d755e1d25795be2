/**
 * The one door to live coverage's tables (live_coverages, live_entries,
 * live_entry_revisions). Each write, in one transaction: the coverage's
 * writers take turns (so entries are numbered in the order they commit and
 * pollers asking "after N" miss none), the row, its revision, the audit entry
 * and the change-log row that purges the coverage's page, updates and feeds on
 * every instance. The article itself is written only through the article door
 * (src/articles/workflow.ts): its format when a coverage starts, a new draft
 * when an entry becomes an article of its own.
 */

import type { AuditAction } from '../accounts/audit.js';
import { recordAudit } from '../accounts/audit.js';
import { findDeskArticle } from '../articles/editable.js';
import { resolveContributor } from '../articles/resolve.js';
import { findHostileMarkup, sanitizeBody } from '../articles/sanitize.js';
import { type Act, createDraft, setArticleFormat } from '../articles/workflow.js';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import { inTransaction, lockForWrite } from '../db/transaction.js';
import { findBreakingLine } from '../front/queries.js';
import { type CacheTag, cacheTags } from '../http/cache-tags.js';
import { isStorableText } from '../http/input-guard.js';
import { logContentChange } from '../http/page-cache.js';
import {
  articleFormatOf,
  type Coverage,
  findCoverage,
  findCoverageEntry,
  type LiveEntry,
  listEntries,
} from './queries.js';
import { excerpt, plainText } from './text.js';

/** An entry's title, in characters. */
export const TITLE_MAX = 300;
/** An entry's body as sent (HTML), in characters: a long update with a few images is far below. */
export const BODY_MAX = 100_000;
/** An author's name. */
export const AUTHOR_MAX = 200;

/** What an entry says: from the desk's form or the admin API. */
export interface EntryInput {
  title: string;
  bodyHtml: string;
  /** The author's name as typed ('' for none): a contributor, found or created. */
  author: string;
  keyEvent: boolean;
  /** Pin it (editors): the coverage's pinned entry until another is pinned. */
  pinned?: boolean;
}

export type EntryField = 'title' | 'bodyHtml' | 'author';
export type EntryProblem =
  | { code: 'required' }
  | { code: 'too_long'; max: number }
  | { code: 'invalid_text' }
  | { code: 'hostile'; found: string };

export type LiveRefusal =
  | { code: 'not_found' }
  | { code: 'not_live' }
  | { code: 'closed' }
  | { code: 'invalid'; fields: Partial<Record<EntryField, EntryProblem>> }
  | { code: 'stale'; current: LiveEntry };

export type LiveResult<T> = ({ ok: true } & T) | { ok: false; refusal: LiveRefusal };

const refused = (refusal: LiveRefusal) => ({ ok: false, refusal }) as const;

/** Control characters other than tab and line breaks: never part of a title or a name. */
const hasControl = (text: string) => /\p{Cc}/u.test(text.replace(/[\t\n\r]/g, ''));
const characters = (text: string) => [...text].length;

/**
 * What is wrong with an entry, field by field (nothing: an empty object). Bodies
 * are refused, not silently cleaned, when they carry hostile markup; they must
 * say something (text or an image) once sanitized.
 */
export function checkEntry(input: EntryInput): Partial<Record<EntryField, EntryProblem>> {
  const fields: Partial<Record<EntryField, EntryProblem>> = {};
  const text = (field: 'title' | 'author', value: string, max: number) => {
    if (!isStorableText(value) || hasControl(value)) fields[field] = { code: 'invalid_text' };
    else if (characters(value) > max) fields[field] = { code: 'too_long', max };
  };
  text('title', input.title, TITLE_MAX);
  text('author', input.author, AUTHOR_MAX);
  const body = input.bodyHtml;
  if (!isStorableText(body)) fields.bodyHtml = { code: 'invalid_text' };
  else if (characters(body) > BODY_MAX) fields.bodyHtml = { code: 'too_long', max: BODY_MAX };
  else {
    const hostile = findHostileMarkup(body);
    if (hostile) fields.bodyHtml = { code: 'hostile', found: hostile };
    else if (!saysSomething(sanitizeBody(body))) fields.bodyHtml = { code: 'required' };
  }
  return fields;
}

const saysSomething = (html: string) => plainText(html) !== '' || /<img\b/i.test(html);

/** What a revision keeps of an entry. */
interface EntrySnapshot {
  title: string;
  bodyHtml: string;
  contributorId: string | null;
  pinned: boolean;
  keyEvent: boolean;
  spunOffArticleId: string | null;
}

const snapshotOf = (entry: LiveEntry): EntrySnapshot => ({
  title: entry.title,
  bodyHtml: entry.bodyHtml,
  contributorId: entry.author?.id ?? null,
  pinned: entry.pinned,
  keyEvent: entry.keyEvent,
  spunOffArticleId: entry.spunOffArticleId,
});

export type EntryRevisionKind = 'create' | 'edit' | 'pin' | 'unpin' | 'article';

const sourceOf = (act: Act) => act.source ?? 'desk';
const liveTags = (articleId: string): CacheTag[] => [cacheTags.live(articleId)];

async function recordEntryRevision(
  trx: Db,
  entry: { id: string; articleId: string },
  version: number,
  kind: EntryRevisionKind,
  snapshot: EntrySnapshot,
  act: Act,
) {
  await trx
    .insertInto('live_entry_revisions')
    .values({
      id: newId(act.now),
      entry_id: entry.id,
      article_id: entry.articleId,
      version,
      kind,
      source: sourceOf(act),
      author_id: act.userId,
      snapshot: JSON.stringify(snapshot),
      created_at: act.now.toISOString(),
    })
    .execute();
}

function audit(
  trx: Db,
  action: AuditAction,
  subject: { type: 'live_entry' | 'article'; id: string },
  act: Act,
  details: Record<string, unknown>,
) {
  const all = { ...details, source: sourceOf(act), ...(act.via ? { via: act.via } : {}) };
  return recordAudit(
    trx,
    { userId: act.userId, action, subjectType: subject.type, subjectId: subject.id, details: all },
    act.now,
  );
}

/**
 * The coverage's writers take turns until the transaction ends, and the
 * coverage is read after the turn is ours: a live article's, or a refusal.
 */
async function lockCoverage(trx: Db, articleId: string): Promise<Coverage | LiveRefusal> {
  await lockForWrite(trx, `live:${articleId}`);
  const format = await articleFormatOf(trx, articleId);
  if (!format) return { code: 'not_found' };
  const coverage = await findCoverage(trx, articleId);
  if (!coverage || format !== 'live') return { code: 'not_live' };
  return coverage;
}

const isRefusal = (value: Coverage | LiveRefusal): value is LiveRefusal => 'code' in value;

/** Its edition's pages carry the breaking line: they are purged when the line's coverage opens or closes. */
async function breakingTags(trx: Db, coverage: Coverage): Promise<CacheTag[]> {
  const line = await findBreakingLine(trx, coverage.editionCode);
  return line?.liveArticleId === coverage.articleId ? [cacheTags.edition(coverage.editionCode)] : [];
}

// ------------------------------------------------------------------------------------- coverage

/**
 * Makes an article a live coverage, open: its format through the article door,
 * its coverage row here. An article that is one already is left as it is.
 */
export async function startCoverage(
  db: Db,
  articleId: string,
  act: Act,
): Promise<LiveResult<{ changed: boolean }>> {
  return inTransaction(db, async (trx) => {
    await lockForWrite(trx, `live:${articleId}`);
    const article = await findDeskArticle(trx, articleId);
    if (!article) return refused({ code: 'not_found' });
    const existing = await findCoverage(trx, articleId);
    if (existing && article.row.format === 'live') return { ok: true, changed: false };
    await setArticleFormat(trx, articleId, 'live', act);
    const at = act.now.toISOString();
    if (!existing) {
      await trx
        .insertInto('live_coverages')
        .values({
          article_id: articleId,
          edition_code: article.row.edition_code,
          state: 'open',
          last_seq: 0,
          started_at: at,
          started_by: act.userId,
          ended_at: null,
          ended_by: null,
          updated_at: at,
        })
        .execute();
    }
    await audit(trx, 'live.start', { type: 'article', id: articleId }, act, {
      edition: article.row.edition_code,
    });
    await logContentChange(trx, liveTags(articleId), act.now);
    return { ok: true, changed: true };
  });
}

/** Closes or reopens a coverage: closed, the page keeps its entries, drops "LIVE" and stops polling. */
async function setState(
  db: Db,
  articleId: string,
  state: 'open' | 'closed',
  act: Act,
): Promise<LiveResult<{ changed: boolean }>> {
  return inTransaction(db, async (trx) => {
    const coverage = await lockCoverage(trx, articleId);
    if (isRefusal(coverage)) return refused(coverage);
    if (coverage.state === state) return { ok: true, changed: false };
    const at = act.now.toISOString();
    await trx
      .updateTable('live_coverages')
      .set(
        state === 'closed'
          ? { state, ended_at: at, ended_by: act.userId, updated_at: at }
          : { state, ended_at: null, ended_by: null, updated_at: at },
      )
      .where('article_id', '=', articleId)
      .execute();
    await audit(
      trx,
      state === 'closed' ? 'live.close' : 'live.reopen',
      { type: 'article', id: articleId },
      act,
      {
        edition: coverage.editionCode,
      },
    );
    await logContentChange(trx, [...liveTags(articleId), ...(await breakingTags(trx, coverage))], act.now);
    return { ok: true, changed: true };
  });
}

export const closeCoverage = (db: Db, articleId: string, act: Act) => setState(db, articleId, 'closed', act);
export const reopenCoverage = (db: Db, articleId: string, act: Act) => setState(db, articleId, 'open', act);

// --------------------------------------------------------------------------------------- entries

/** Unpins the coverage's pinned entries but `keep` (one more version each). */
async function unpinOthers(trx: Db, articleId: string, keep: string | null, act: Act) {
  const { entries } = await listEntries(trx, articleId, { limit: 100, pinned: true });
  for (const entry of entries) {
    if (entry.id !== keep)
      await writeEntry(trx, entry, { ...snapshotOf(entry), pinned: false }, 'unpin', act);
  }
}

/** Writes the next version of an entry: its row and its revision. */
async function writeEntry(
  trx: Db,
  entry: LiveEntry,
  next: EntrySnapshot,
  kind: EntryRevisionKind,
  act: Act,
): Promise<number> {
  const version = entry.version + 1;
  await trx
    .updateTable('live_entries')
    .set({
      title: next.title,
      body_html: next.bodyHtml,
      contributor_id: next.contributorId,
      pinned: next.pinned ? 1 : 0,
      key_event: next.keyEvent ? 1 : 0,
      spun_off_article_id: next.spunOffArticleId,
      version,
      updated_at: act.now.toISOString(),
    })
    .where('id', '=', entry.id)
    .execute();
  await recordEntryRevision(trx, entry, version, kind, next, act);
  return version;
}

/** What the entry will hold: sanitized body, trimmed title, the author found or created. */
async function contentOf(trx: Db, input: EntryInput, now: Date) {
  const author = input.author.trim();
  return {
    title: input.title.trim(),
    bodyHtml: sanitizeBody(input.bodyHtml),
    contributorId: author ? await resolveContributor(trx, author, now) : null,
  };
}

/** A new entry on an open coverage, numbered after the newest; pinned, it unpins the one before. */
export async function addEntry(
  db: Db,
  articleId: string,
  input: EntryInput,
  act: Act,
): Promise<LiveResult<{ entryId: string }>> {
  const fields = checkEntry(input);
  if (Object.keys(fields).length > 0) return refused({ code: 'invalid', fields });
  return inTransaction(db, async (trx) => {
    const coverage = await lockCoverage(trx, articleId);
    if (isRefusal(coverage)) return refused(coverage);
    if (coverage.state !== 'open') return refused({ code: 'closed' });
    const content = await contentOf(trx, input, act.now);
    const seq = coverage.lastSeq + 1;
    const at = act.now.toISOString();
    await trx
      .updateTable('live_coverages')
      .set({ last_seq: seq, updated_at: at })
      .where('article_id', '=', articleId)
      .execute();
    if (input.pinned) await unpinOthers(trx, articleId, null, act);
    const id = newId(act.now);
    const snapshot: EntrySnapshot = {
      ...content,
      pinned: input.pinned ?? false,
      keyEvent: input.keyEvent,
      spunOffArticleId: null,
    };
    await trx
      .insertInto('live_entries')
      .values({
        id,
        article_id: articleId,
        edition_code: coverage.editionCode,
        seq,
        title: snapshot.title,
        body_html: snapshot.bodyHtml,
        contributor_id: snapshot.contributorId,
        pinned: snapshot.pinned ? 1 : 0,
        key_event: snapshot.keyEvent ? 1 : 0,
        version: 1,
        spun_off_article_id: null,
        created_by: act.userId,
        published_at: at,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await recordEntryRevision(trx, { id, articleId }, 1, 'create', snapshot, act);
    await audit(trx, 'live.entry_add', { type: 'live_entry', id }, act, {
      articleId,
      seq,
      title: snapshot.title,
      pinned: snapshot.pinned,
      keyEvent: snapshot.keyEvent,
    });
    await logContentChange(trx, liveTags(articleId), act.now);
    return { ok: true, entryId: id };
  });
}

/** The entry named, on an open coverage: or why not. */
async function openEntry(trx: Db, articleId: string, entryId: string): Promise<LiveEntry | LiveRefusal> {
  const coverage = await lockCoverage(trx, articleId);
  if (isRefusal(coverage)) return coverage;
  const entry = await findCoverageEntry(trx, articleId, entryId);
  if (!entry) return { code: 'not_found' };
  if (coverage.state !== 'open') return { code: 'closed' };
  return entry;
}

const isEntry = (value: LiveEntry | LiveRefusal): value is LiveEntry => !('code' in value);

/**
 * New content for an entry if nobody changed it since `expectedVersion`; else
 * 'stale' with the entry as it now is, and nothing is written.
 */
export async function editEntry(
  db: Db,
  articleId: string,
  entryId: string,
  change: { expectedVersion: number; input: EntryInput },
  act: Act,
): Promise<LiveResult<{ version: number }>> {
  const fields = checkEntry(change.input);
  if (Object.keys(fields).length > 0) return refused({ code: 'invalid', fields });
  return inTransaction(db, async (trx) => {
    const entry = await openEntry(trx, articleId, entryId);
    if (!isEntry(entry)) return refused(entry);
    if (entry.version !== change.expectedVersion) return refused({ code: 'stale', current: entry });
    const content = await contentOf(trx, change.input, act.now);
    const pinned = change.input.pinned ?? entry.pinned;
    if (pinned && !entry.pinned) await unpinOthers(trx, articleId, entryId, act);
    const next = { ...snapshotOf(entry), ...content, keyEvent: change.input.keyEvent, pinned };
    const version = await writeEntry(trx, entry, next, 'edit', act);
    await audit(trx, 'live.entry_edit', { type: 'live_entry', id: entryId }, act, {
      articleId,
      version,
      title: next.title,
    });
    await logContentChange(trx, liveTags(articleId), act.now);
    return { ok: true, version };
  });
}

/** Pins an entry (the coverage's pinned one before it is unpinned), or unpins it. */
export async function setEntryPinned(
  db: Db,
  articleId: string,
  entryId: string,
  pinned: boolean,
  act: Act,
): Promise<LiveResult<{ changed: boolean }>> {
  return inTransaction(db, async (trx) => {
    const entry = await openEntry(trx, articleId, entryId);
    if (!isEntry(entry)) return refused(entry);
    if (entry.pinned === pinned) return { ok: true, changed: false };
    if (pinned) await unpinOthers(trx, articleId, entryId, act);
    const version = await writeEntry(
      trx,
      entry,
      { ...snapshotOf(entry), pinned },
      pinned ? 'pin' : 'unpin',
      act,
    );
    await audit(
      trx,
      pinned ? 'live.entry_pin' : 'live.entry_unpin',
      { type: 'live_entry', id: entryId },
      act,
      {
        articleId,
        version,
      },
    );
    await logContentChange(trx, liveTags(articleId), act.now);
    return { ok: true, changed: true };
  });
}

/** Deletes an entry for good, with its revisions; `expectedVersion`, when given, must still be current. */
export async function deleteEntry(
  db: Db,
  articleId: string,
  entryId: string,
  act: Act,
  expectedVersion?: number,
): Promise<LiveResult<object>> {
  return inTransaction(db, async (trx) => {
    const entry = await openEntry(trx, articleId, entryId);
    if (!isEntry(entry)) return refused(entry);
    if (expectedVersion !== undefined && entry.version !== expectedVersion)
      return refused({ code: 'stale', current: entry });
    await trx.deleteFrom('live_entry_revisions').where('entry_id', '=', entryId).execute();
    await trx.deleteFrom('live_entries').where('id', '=', entryId).execute();
    await audit(trx, 'live.entry_delete', { type: 'live_entry', id: entryId }, act, {
      articleId,
      seq: entry.seq,
      title: entry.title,
      text: excerpt(entry.bodyHtml, 200),
    });
    await logContentChange(trx, liveTags(articleId), act.now);
    return { ok: true };
  });
}

/**
 * Turns an entry into a draft article of its own (through the article door):
 * the entry's title as headline (else its first words), its text, its author
 * in the byline, the coverage's section, topics and copyright. The entry then
 * links to that article once it is published. An entry turned already gives its article.
 */
export async function entryToArticle(
  db: Db,
  articleId: string,
  entryId: string,
  act: Act,
): Promise<LiveResult<{ newArticleId: string; changed: boolean }>> {
  return inTransaction(db, async (trx) => {
    const coverage = await lockCoverage(trx, articleId);
    if (isRefusal(coverage)) return refused(coverage);
    const entry = await findCoverageEntry(trx, articleId, entryId);
    if (!entry) return refused({ code: 'not_found' });
    if (entry.spunOffArticleId && (await findDeskArticle(trx, entry.spunOffArticleId)))
      return { ok: true, newArticleId: entry.spunOffArticleId, changed: false };
    const source = await findDeskArticle(trx, articleId);
    if (!source) return refused({ code: 'not_found' });
    const headline = entry.title || excerpt(entry.bodyHtml, 120) || source.snapshot.headline;
    const newArticleId = await createDraft(
      trx,
      coverage.editionCode,
      {
        headline,
        standfirst: '',
        bodyHtml: entry.bodyHtml,
        copyright: source.snapshot.copyright,
        sectionId: source.snapshot.sectionId,
        leadMediaId: null,
        topicIds: source.snapshot.topicIds,
        byline: entry.author ? [{ contributorId: entry.author.id }] : source.snapshot.byline,
      },
      act,
    );
    const version = await writeEntry(
      trx,
      entry,
      { ...snapshotOf(entry), spunOffArticleId: newArticleId },
      'article',
      act,
    );
    await audit(trx, 'live.entry_to_article', { type: 'live_entry', id: entryId }, act, {
      articleId,
      newArticleId,
      version,
    });
    await logContentChange(trx, liveTags(articleId), act.now);
    return { ok: true, newArticleId, changed: true };
  });
}
