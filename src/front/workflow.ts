/**
 * The one door to the front page's tables (front_pins, front_sections,
 * breaking_lines): each change is validated, written, audited and logged for
 * the page caches of every instance, in one transaction. Articles are only
 * read here (src/articles/queries.ts), never written.
 */
import { z } from 'zod';
import { type AuditAction, recordAudit } from '../accounts/audit.js';
import { isUniqueViolation } from '../db/connect.js';
import type { Db, FrontSlot } from '../db/schema.js';
import { inTransaction, lockForWrite } from '../db/transaction.js';
import type { Edition } from '../editions/queries.js';
import { type CacheTag, cacheTags } from '../http/cache-tags.js';
import { logContentChange } from '../http/page-cache.js';
import { isPublicCoverage } from '../live/queries.js';
import {
  type FrontScope,
  isPinnable,
  listPins,
  type Pin,
  scopeKey,
  sectionOrder,
  TOP_COUNT,
} from './queries.js';

export interface FrontAct {
  /** Who did it; null for the command line. */
  userId: string | null;
  now: Date;
}

export type FrontError = 'not_pinnable' | 'top_full' | 'not_pinned' | 'no_section';
export type FrontResult = { ok: true; changed: boolean } | { ok: false; error: FrontError };

export type Direction = 'up' | 'down';

/** Pins and section order show on the edition's home and section pages. */
const frontTags = (edition: Edition): CacheTag[] => [cacheTags.front(edition.code)];
/** The breaking line shows on every page of the edition, which all carry its edition tag. */
const breakingTags = (editionCode: string): CacheTag[] => [cacheTags.edition(editionCode)];

async function record(
  trx: Db,
  action: AuditAction,
  editionCode: string,
  details: Record<string, unknown>,
  act: FrontAct,
  tags: CacheTag[],
) {
  await recordAudit(
    trx,
    { userId: act.userId, action, subjectType: 'front', subjectId: editionCode, details },
    act.now,
  );
  await logContentChange(trx, tags, act.now);
}

/**
 * A page's pins (or the section order) are rewritten whole. Two editors
 * rewriting the same page at the same moment on PostgreSQL: the second insert
 * meets the first one's rows and fails; it is run once more on what the first wrote.
 */
async function rewriting<T>(db: Db, editionCode: string, work: (trx: Db) => Promise<T>): Promise<T> {
  // A few tries, not one: with several editors (or a deadlock between two) the retry may meet another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(db, async (trx) => {
        // Read-then-rewrite loses a pin when two run side by side: an edition's front writes take turns.
        await lockForWrite(trx, `front:${editionCode}`);
        return work(trx);
      });
    } catch (error) {
      if (db.isTransaction || attempt >= 3 || !(isUniqueViolation(error) || isWriteConflict(error)))
        throw error;
    }
  }
}

/** PostgreSQL's deadlock and serialization failures: the transaction may simply be run again. */
function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

interface StoredPin extends Pin {
  pinnedBy: string | null;
  pinnedAt: string;
}

async function storedPins(trx: Db, editionCode: string, scope: FrontScope): Promise<StoredPin[]> {
  const pins = await listPins(trx, editionCode, scope);
  const rows = await trx
    .selectFrom('front_pins')
    .select(['article_id', 'pinned_by', 'pinned_at'])
    .where('edition_code', '=', editionCode)
    .where('scope', '=', scopeKey(scope))
    .execute();
  return pins.map((pin) => {
    const row = rows.find((r) => r.article_id === pin.articleId);
    return { ...pin, pinnedBy: row?.pinned_by ?? null, pinnedAt: row?.pinned_at ?? '' };
  });
}

/** Replaces a page's pins with `lead` and `top` (in order), positions renumbered from 0. */
async function writePins(
  trx: Db,
  editionCode: string,
  scope: FrontScope,
  lead: StoredPin | undefined,
  top: StoredPin[],
) {
  await trx
    .deleteFrom('front_pins')
    .where('edition_code', '=', editionCode)
    .where('scope', '=', scopeKey(scope))
    .execute();
  const rows = [
    ...(lead ? [{ ...lead, slot: 'lead' as const, position: 0 }] : []),
    ...top.map((pin, position) => ({ ...pin, slot: 'top' as const, position })),
  ].map((pin) => ({
    edition_code: editionCode,
    scope: scopeKey(scope),
    article_id: pin.articleId,
    slot: pin.slot,
    position: pin.position,
    pinned_by: pin.pinnedBy,
    pinned_at: pin.pinnedAt,
  }));
  if (rows.length > 0) await trx.insertInto('front_pins').values(rows).execute();
}

const sectionExists = (edition: Edition, scope: FrontScope) =>
  scope.kind === 'home' || edition.sections.some((s) => s.id === scope.id);

/**
 * Pins a published story of the page's edition (and section) as its lead or
 * among its top stories. A new lead moves the old one to the head of the top
 * stories (if there is room); a story already pinned there changes place.
 */
export async function pinStory(
  db: Db,
  edition: Edition,
  scope: FrontScope,
  articleId: string,
  slot: FrontSlot,
  act: FrontAct,
): Promise<FrontResult> {
  if (!sectionExists(edition, scope)) return { ok: false, error: 'no_section' };
  return rewriting(db, edition.code, async (trx) => {
    if (!(await isPinnable(trx, edition, scope, articleId, act.now)))
      return { ok: false, error: 'not_pinnable' };
    const pins = await storedPins(trx, edition.code, scope);
    const existing = pins.find((p) => p.articleId === articleId);
    if (existing?.slot === slot) return { ok: true, changed: false };
    const pin: StoredPin = existing ?? {
      articleId,
      slot,
      position: 0,
      pinnedBy: act.userId,
      pinnedAt: act.now.toISOString(),
    };
    const others = pins.filter((p) => p.articleId !== articleId);
    let lead = others.find((p) => p.slot === 'lead');
    let top = others.filter((p) => p.slot === 'top');
    if (slot === 'lead') {
      // The lead it replaces heads the top stories when there is room, else leaves the page.
      if (lead && top.length < TOP_COUNT) top = [lead, ...top];
      lead = pin;
    } else {
      if (top.length >= TOP_COUNT) return { ok: false, error: 'top_full' };
      top = [...top, pin];
    }
    await writePins(trx, edition.code, scope, lead, top);
    await record(
      trx,
      'front.pin',
      edition.code,
      { scope: scopeKey(scope), articleId, slot },
      act,
      frontTags(edition),
    );
    return { ok: true, changed: true };
  });
}

/** Takes a story off a page's lead or top stories (the newest story fills its place). */
export async function unpinStory(
  db: Db,
  edition: Edition,
  scope: FrontScope,
  articleId: string,
  act: FrontAct,
): Promise<FrontResult> {
  return rewriting(db, edition.code, async (trx) => {
    const pins = await storedPins(trx, edition.code, scope);
    const pin = pins.find((p) => p.articleId === articleId);
    if (!pin) return { ok: false, error: 'not_pinned' };
    const others = pins.filter((p) => p !== pin);
    await writePins(
      trx,
      edition.code,
      scope,
      others.find((p) => p.slot === 'lead'),
      others.filter((p) => p.slot === 'top'),
    );
    await record(
      trx,
      'front.unpin',
      edition.code,
      { scope: scopeKey(scope), articleId, slot: pin.slot },
      act,
      frontTags(edition),
    );
    return { ok: true, changed: true };
  });
}

/** Moves a top story one place up or down among the top stories. */
export async function moveStory(
  db: Db,
  edition: Edition,
  scope: FrontScope,
  articleId: string,
  direction: Direction,
  act: FrontAct,
): Promise<FrontResult> {
  return rewriting(db, edition.code, async (trx) => {
    const pins = await storedPins(trx, edition.code, scope);
    const top = pins.filter((p) => p.slot === 'top');
    const from = top.findIndex((p) => p.articleId === articleId);
    if (from === -1) return { ok: false, error: 'not_pinned' };
    const to = direction === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= top.length) return { ok: true, changed: false };
    const moved = [...top];
    [moved[from], moved[to]] = [moved[to] as StoredPin, moved[from] as StoredPin];
    await writePins(
      trx,
      edition.code,
      scope,
      pins.find((p) => p.slot === 'lead'),
      moved,
    );
    await record(
      trx,
      'front.move',
      edition.code,
      { scope: scopeKey(scope), articleId, direction },
      act,
      frontTags(edition),
    );
    return { ok: true, changed: true };
  });
}

/** Moves a section's block one place up or down on the edition's home; the whole order is stored. */
export async function moveSectionBlock(
  db: Db,
  edition: Edition,
  sectionId: string,
  direction: Direction,
  act: FrontAct,
): Promise<FrontResult> {
  if (!edition.sections.some((s) => s.id === sectionId)) return { ok: false, error: 'no_section' };
  return rewriting(db, edition.code, async (trx) => {
    const order = (await sectionOrder(trx, edition)).map((s) => s.id);
    const from = order.indexOf(sectionId);
    const to = direction === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) return { ok: true, changed: false };
    [order[from], order[to]] = [order[to] as string, order[from] as string];
    await trx.deleteFrom('front_sections').where('edition_code', '=', edition.code).execute();
    await trx
      .insertInto('front_sections')
      .values(order.map((id, position) => ({ edition_code: edition.code, section_id: id, position })))
      .execute();
    await record(trx, 'front.section_move', edition.code, { sectionId, direction }, act, frontTags(edition));
    return { ok: true, changed: true };
  });
}

/** A link a reader follows from the breaking line: a path on this site, or an https address. */
export function isBreakingLink(text: string): boolean {
  if (text === '') return true;
  if (/[\s\\\p{Cc}]/u.test(text)) return false;
  if (text.startsWith('/')) return !text.startsWith('//');
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

export const BREAKING_TEXT_MAX = 200;

/** What an editor sets; the messages are for the command line, the desk shows its own per field. */
export const breakingInputSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'give the text')
    .max(BREAKING_TEXT_MAX, `at most ${BREAKING_TEXT_MAX} characters`)
    .refine((text) => !/\p{Cc}/u.test(text), 'no control characters'),
  linkUrl: z
    .string()
    .trim()
    .max(2000, 'at most 2000 characters')
    .refine(isBreakingLink, 'a path on this site (/ar/…) or an https:// address'),
  /** A live coverage of the edition (src/live) instead of a link: the line then shows "LIVE" while it is open. */
  liveArticleId: z
    .string()
    .regex(/^[0-9a-z]{1,32}$/, 'a live coverage')
    .nullable()
    .default(null),
  expiresAt: z.date(),
});

export type BreakingInput = z.input<typeof breakingInputSchema>;

export type BreakingError = 'expired' | 'not_live' | 'link_and_live';

/** Sets (or replaces) the edition's breaking line; it must expire after now. */
export async function setBreakingLine(
  db: Db,
  editionCode: string,
  input: BreakingInput,
  act: FrontAct,
): Promise<{ ok: true } | { ok: false; error: BreakingError }> {
  const parsed = breakingInputSchema.parse(input);
  if (parsed.expiresAt.getTime() <= act.now.getTime()) return { ok: false, error: 'expired' };
  if (parsed.liveArticleId && parsed.linkUrl) return { ok: false, error: 'link_and_live' };
  if (parsed.liveArticleId && !(await isPublicCoverage(db, editionCode, parsed.liveArticleId, act.now)))
    return { ok: false, error: 'not_live' };
  // Two editors setting the first line at once: the second insert fails, and its retry updates.
  return rewriting(db, editionCode, async (trx) => {
    const row = {
      text: parsed.text,
      link_url: parsed.linkUrl,
      live_article_id: parsed.liveArticleId,
      expires_at: parsed.expiresAt.toISOString(),
      set_by: act.userId,
      set_at: act.now.toISOString(),
    };
    const updated = await trx
      .updateTable('breaking_lines')
      .set(row)
      .where('edition_code', '=', editionCode)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      await trx
        .insertInto('breaking_lines')
        .values({ edition_code: editionCode, ...row })
        .execute();
    }
    await record(
      trx,
      'front.breaking_set',
      editionCode,
      {
        text: row.text,
        linkUrl: row.link_url,
        liveArticleId: row.live_article_id,
        expiresAt: row.expires_at,
      },
      act,
      breakingTags(editionCode),
    );
    return { ok: true };
  });
}

/** Takes the edition's breaking line down at once. */
export async function clearBreakingLine(db: Db, editionCode: string, act: FrontAct): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const deleted = await trx
      .deleteFrom('breaking_lines')
      .where('edition_code', '=', editionCode)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return false;
    await record(trx, 'front.breaking_clear', editionCode, {}, act, breakingTags(editionCode));
    return true;
  });
}
