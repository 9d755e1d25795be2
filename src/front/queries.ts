/** Reading the front page as editors arranged it (src/front/workflow.ts writes it). */

import { sql } from 'kysely';
import {
  type ArticleCard,
  type Cursor,
  findArticleCards,
  listArticleCards,
  listCardsBySection,
  publicArticles,
} from '../articles/queries.js';
import type { Db, FrontSlot } from '../db/schema.js';
import type { Edition, SectionRef } from '../editions/queries.js';

/** Stories in the top-stories group under the lead (pinned ones first, then the newest). */
export const TOP_COUNT = 4;
/** Stories in each section block of the home page. */
export const SECTION_BLOCK_COUNT = 4;
/** Stories in the latest list of the home page before load-more. */
export const MORE_ON_FRONT = 10;

/** Which page of an edition: its home, or one section's page. */
export type FrontScope = { kind: 'home' } | { kind: 'section'; id: string };

/** How a scope is stored in `front_pins.scope`: '' for the home, else the section id. */
export const scopeKey = (scope: FrontScope): string => (scope.kind === 'home' ? '' : scope.id);

export interface Pin {
  articleId: string;
  slot: FrontSlot;
  position: number;
}

/** The pins of one page: the lead first, then the top stories in order. */
export async function listPins(db: Db, editionCode: string, scope: FrontScope): Promise<Pin[]> {
  const rows = await db
    .selectFrom('front_pins')
    .select(['article_id', 'slot', 'position'])
    .where('edition_code', '=', editionCode)
    .where('scope', '=', scopeKey(scope))
    .execute();
  return rows
    .map((r) => ({ articleId: r.article_id, slot: r.slot, position: r.position }))
    .sort((a, b) =>
      a.slot === b.slot
        ? a.position - b.position || (a.articleId < b.articleId ? -1 : 1)
        : a.slot === 'lead'
          ? -1
          : 1,
    );
}

/** The edition's sections in the order of their blocks on the home: as editors set it, the rest in navigation order. */
export async function sectionOrder(db: Db, edition: Edition): Promise<SectionRef[]> {
  const rows = await db
    .selectFrom('front_sections')
    .select(['section_id', 'position'])
    .where('edition_code', '=', edition.code)
    .orderBy('position')
    .orderBy('section_id')
    .execute();
  const listed = rows.flatMap((r) => edition.sections.filter((s) => s.id === r.section_id));
  return [...listed, ...edition.sections.filter((s) => !listed.includes(s))];
}

export interface BreakingLine {
  text: string;
  /** A site-relative path or an https address; '' for none (or when it points to a live coverage). */
  linkUrl: string;
  /** The live coverage it points to (src/live): its address, and "LIVE" while it is open. */
  liveArticleId: string | null;
  expiresAt: string;
  setBy: string | null;
  setAt: string;
}

/** The edition's breaking line as stored, expired or not (readers see it only while `expiresAt` is after now). */
export async function findBreakingLine(db: Db, editionCode: string): Promise<BreakingLine | undefined> {
  const row = await db
    .selectFrom('breaking_lines')
    .selectAll()
    .where('edition_code', '=', editionCode)
    .executeTakeFirst();
  return (
    row && {
      text: row.text,
      linkUrl: row.link_url,
      liveArticleId: row.live_article_id,
      expiresAt: row.expires_at,
      setBy: row.set_by,
      setAt: row.set_at,
    }
  );
}

/** The breaking line readers see at `now`, if any. */
export const liveBreakingLine = (line: BreakingLine | undefined, now: Date) =>
  line && Date.parse(line.expiresAt) > now.getTime() ? line : undefined;

/** A page's lead story and top stories. */
export interface FrontArrangement {
  lead: ArticleCard | undefined;
  top: ArticleCard[];
  /** The page's newest stories read to fill it (pinned or not), newest first, and whether more follow. */
  newest: { cards: ArticleCard[]; next: Cursor | undefined };
}

/**
 * The lead and top stories of a page: the pinned ones the public may see
 * (published, of this edition, and of this section on a section page), and
 * newest-first for every place not pinned: the lead is then the newest story
 * with an image. No story shows twice.
 */
export async function arrangeFront(
  db: Db,
  edition: Edition,
  scope: FrontScope,
  now: Date,
  /** The page's pins when the caller has them (from `cachedPins`); read here otherwise. */
  knownPins?: Pin[],
): Promise<FrontArrangement> {
  const pins = knownPins ?? (await listPins(db, edition.code, scope));
  const sectionId = scope.kind === 'section' ? scope.id : undefined;
  const [pinned, newest] = await Promise.all([
    findArticleCards(
      db,
      edition,
      pins.map((p) => p.articleId),
      { now, sectionId },
    ),
    listArticleCards(db, edition, sectionId ? { kind: 'section', id: sectionId } : { kind: 'edition' }, {
      now,
      limit: TOP_COUNT + 12,
    }),
  ]);
  const used = new Set<string>();
  const cardOf = (pin: Pin) => pinned.get(pin.articleId);
  let lead = pins
    .filter((p) => p.slot === 'lead')
    .map(cardOf)
    .find((card) => card !== undefined);
  if (lead) used.add(lead.id);
  const top: ArticleCard[] = [];
  for (const pin of pins.filter((p) => p.slot === 'top')) {
    const card = cardOf(pin);
    if (card && !used.has(card.id) && top.length < TOP_COUNT) {
      top.push(card);
      used.add(card.id);
    }
  }
  const unused = () => newest.cards.filter((card) => !used.has(card.id));
  if (!lead) {
    lead = unused().find((card) => card.image !== null) ?? unused()[0];
    if (lead) used.add(lead.id);
  }
  for (const card of unused()) {
    if (top.length >= TOP_COUNT) break;
    top.push(card);
    used.add(card.id);
  }
  return { lead, top, newest };
}

export interface SectionBlock {
  section: SectionRef;
  cards: ArticleCard[];
}

/** A block per section in the editors' order, each with its newest stories not shown above; empty ones left out. */
export async function sectionBlocks(
  db: Db,
  edition: Edition,
  options: { now: Date; exclude: readonly string[]; perSection?: number; order?: SectionRef[] },
): Promise<SectionBlock[]> {
  const order = options.order ?? (await sectionOrder(db, edition));
  const cards = await listCardsBySection(
    db,
    edition,
    order.map((section) => section.id),
    { now: options.now, limit: options.perSection ?? SECTION_BLOCK_COUNT, exclude: options.exclude },
  );
  const blocks = order.map((section) => ({ section, cards: cards.get(section.id) ?? [] }));
  return blocks.filter((b) => b.cards.length > 0);
}

/**
 * The newest stories of the edition but `exclude`, and the cursor of the page after them.
 * With `newest` (the edition's newest stories, as `arrangeFront` read them), no query when
 * they already hold the answer: the stories of `newest` not excluded are the first of the list.
 */
export async function moreStories(
  db: Db,
  edition: Edition,
  options: {
    now: Date;
    exclude: readonly string[];
    limit?: number;
    newest?: FrontArrangement['newest'];
  },
): Promise<{ cards: ArticleCard[]; next: Cursor | undefined }> {
  const limit = options.limit ?? MORE_ON_FRONT;
  if (options.newest) {
    const left = options.newest.cards.filter((card) => !options.exclude.includes(card.id));
    const last = left[limit - 1];
    // One more than the page: the page is complete and more follow (the cursor of its last).
    if (left.length > limit && last) {
      return { cards: left.slice(0, limit), next: { at: last.firstPublishedAt, id: last.id } };
    }
    // The edition has no more stories than these: the page is all of them.
    if (!options.newest.next) return { cards: left.slice(0, limit), next: undefined };
  }
  return listArticleCards(
    db,
    edition,
    { kind: 'edition' },
    { now: options.now, limit, exclude: options.exclude },
  );
}

/** A story the desk lists: to pick from, or pinned (then `live` says whether readers see it there). */
export interface DeskStory {
  id: string;
  headline: string;
  sectionId: string | null;
  firstPublishedAt: string;
}

export interface DeskPin extends Pin {
  headline: string;
  /** False when the page skips it: not published (any more), of another edition or section, or gone. */
  live: boolean;
}

/** A page's pins with their headlines, for the desk. */
export async function deskPins(db: Db, edition: Edition, scope: FrontScope, now: Date): Promise<DeskPin[]> {
  const pins = await listPins(db, edition.code, scope);
  if (pins.length === 0) return [];
  const ids = pins.map((p) => p.articleId);
  const [rows, live] = await Promise.all([
    db.selectFrom('articles').select(['id', 'headline']).where('id', 'in', ids).execute(),
    findArticleCards(db, edition, ids, { now, sectionId: scope.kind === 'section' ? scope.id : undefined }),
  ]);
  return pins.map((pin) => ({
    ...pin,
    headline: rows.find((r) => r.id === pin.articleId)?.headline ?? '',
    live: live.has(pin.articleId),
  }));
}

/**
 * Recently published stories of an edition (or of one section), newest first:
 * what the desk may pin; with `headline`, those whose headline contains it.
 */
export async function recentStories(
  db: Db,
  edition: Edition,
  options: { now: Date; sectionId?: string | undefined; limit: number; headline?: string | undefined },
): Promise<DeskStory[]> {
  let query = publicArticles(db, options.now)
    .select(['articles.id', 'articles.headline', 'articles.section_id', 'articles.first_published_at'])
    .where('articles.edition_code', '=', edition.code);
  if (options.sectionId) query = query.where('articles.section_id', '=', options.sectionId);
  if (options.headline) {
    // Case-insensitive for Latin letters on both databases (Arabic has no case); % and _ are literal.
    const pattern = `%${options.headline.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`lower(articles.headline) like ${pattern} escape '\\'`);
  }
  const rows = await query
    .orderBy('articles.first_published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    headline: r.headline,
    sectionId: r.section_id,
    firstPublishedAt: r.first_published_at ?? '',
  }));
}

/** Whether readers may see this article on this page: what a new pin must be. */
export async function isPinnable(
  db: Db,
  edition: Edition,
  scope: FrontScope,
  articleId: string,
  now: Date,
): Promise<boolean> {
  const cards = await findArticleCards(db, edition, [articleId], {
    now,
    sectionId: scope.kind === 'section' ? scope.id : undefined,
  });
  return cards.has(articleId);
}
