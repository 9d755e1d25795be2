/**
 * Ads on a public page: which slots it gets, what fills them, and what the
 * page must say for them (its CSP with the edition's ad hosts, how long the
 * cached page may keep its house ads). Called by the article and home routes.
 */
import type { Context } from 'hono';
import { staleIn } from '../front/freshness.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { contentSecurityPolicy } from '../http/security-headers.js';
import { eligibleAds, fillSlots, nextChangeIn, type PagePlace } from './choose.js';
import { cachedAdSetup } from './queries.js';
import type { AdSettings } from './settings.js';
import {
  cutAfterParagraphs,
  inlinePositions,
  type SlotBox,
  type SlotPosition,
  slotBox,
  topLevelParagraphs,
  wordCount,
} from './slots.js';
import type { FilledSlot } from './views.js';

/** What the page's chrome shows for ads: the consent banner and its footer link, when the edition has tags. */
export interface AdChrome {
  editionCode: string;
}

type Deps = Pick<AppDeps, 'db' | 'cache' | 'clock'>;

const hasTags = (settings: AdSettings) => settings.tagScripts.length > 0;

/**
 * Fills the wanted slots (in page order) with house ads, campaigns' shares
 * counted over the whole page; a slot no house ad fills is kept empty for the
 * tags when the edition has some, else left out. Sets the page's CSP and freshness.
 */
async function place(
  deps: Deps,
  c: Context<AppEnv>,
  pagePlace: PagePlace,
  wanted: { position: SlotPosition; size: SlotBox }[],
  random: () => number,
): Promise<{ slots: (FilledSlot | undefined)[]; chrome: AdChrome | undefined }> {
  const now = deps.clock.now();
  const { settings, ads } = await cachedAdSetup(deps, pagePlace.editionCode);
  const change = nextChangeIn(ads, now);
  if (change !== undefined) staleIn(c, change);
  const tags = hasTags(settings);
  if (tags) c.header('content-security-policy', contentSecurityPolicy(settings.allowedHosts));
  const picks = fillSlots(eligibleAds(ads, pagePlace, now), wanted.length, random);
  const counts = new Map<SlotPosition, number>();
  const slots = wanted.map((want, i) => {
    const ad = picks[i];
    if (!ad && !tags) return undefined;
    const index = (counts.get(want.position) ?? 0) + 1;
    counts.set(want.position, index);
    return { position: want.position, index, size: slotBox(want.size), ad };
  });
  return { slots, chrome: tags ? { editionCode: pagePlace.editionCode } : undefined };
}

export interface ArticleAds {
  /** The body cut where inline slots go: `inline[i]` follows `pieces[i]`. */
  pieces: string[];
  inline: (FilledSlot | undefined)[];
  end: FilledSlot | undefined;
  /** Beside the text on wide screens (hidden, its image not loaded, on narrower ones). */
  sidebar: FilledSlot | undefined;
  chrome: AdChrome | undefined;
}

/**
 * An article's slots: inside the text after paragraph N and every M (never in
 * an article shorter than the edition's minimum words), at its end, and in the
 * sidebar. The sidebar is filled last: a campaign capped at one slot a page
 * goes first to a slot every reader sees, not to one phones never show.
 */
export async function articleAds(
  deps: Deps,
  c: Context<AppEnv>,
  article: { editionCode: string; sectionId: string | null; bodyHtml: string },
  random: () => number = Math.random,
): Promise<ArticleAds> {
  const { settings } = await cachedAdSetup(deps, article.editionCode);
  const rule = settings.slots.article_inline;
  const cuts =
    rule && wordCount(article.bodyHtml) >= settings.minWords
      ? inlinePositions(topLevelParagraphs(article.bodyHtml), rule)
      : [];
  const pieces = cutAfterParagraphs(article.bodyHtml, cuts);
  const { article_end: end, article_sidebar: sidebar } = settings.slots;
  const wanted = [
    ...(rule ? cuts.map(() => ({ position: 'article_inline' as const, size: rule })) : []),
    ...(end ? [{ position: 'article_end' as const, size: end }] : []),
    ...(sidebar ? [{ position: 'article_sidebar' as const, size: sidebar }] : []),
  ];
  const placeOf = { editionCode: article.editionCode, sectionId: article.sectionId };
  const { slots, chrome } = await place(deps, c, placeOf, wanted, random);
  const sidebarAt = end ? cuts.length + 1 : cuts.length;
  return {
    pieces,
    inline: slots.slice(0, cuts.length),
    end: end ? slots[cuts.length] : undefined,
    sidebar: sidebar ? slots[sidebarAt] : undefined,
    chrome,
  };
}

export interface HomeAds {
  top: FilledSlot | undefined;
  between: FilledSlot | undefined;
  /** The section block the between slot follows (1-based). */
  afterBlock: number;
  chrome: AdChrome | undefined;
}

/** An edition home's slots: above the lead story, and between section blocks. */
export async function homeAds(
  deps: Deps,
  c: Context<AppEnv>,
  editionCode: string,
  random: () => number = Math.random,
): Promise<HomeAds> {
  const { settings } = await cachedAdSetup(deps, editionCode);
  const { home_top: top, home_between: between } = settings.slots;
  const wanted = [
    ...(top ? [{ position: 'home_top' as const, size: top }] : []),
    ...(between ? [{ position: 'home_between' as const, size: between }] : []),
  ];
  const { slots, chrome } = await place(deps, c, { editionCode, sectionId: null }, wanted, random);
  return {
    top: top ? slots[0] : undefined,
    between: between ? slots[top ? 1 : 0] : undefined,
    afterBlock: between?.afterBlock ?? 0,
    chrome,
  };
}
