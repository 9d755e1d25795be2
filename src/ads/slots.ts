/**
 * Where ads may go on a page, and how much room each takes: slots are named
 * positions with one size on phones and one on wide screens, chosen from the
 * sizes site.css reserves (so a slot's box is its final size before anything
 * in it loads, and the page never moves).
 */
import { z } from 'zod';

export const SLOT_POSITIONS = [
  'home_top',
  'home_between',
  'article_inline',
  'article_end',
  'article_sidebar',
] as const;
export type SlotPosition = (typeof SLOT_POSITIONS)[number];

/** Sizes reserved below 48rem (site.css `.ad-n…`). */
export const NARROW_SIZES = ['320x50', '320x100', '300x250', '336x280'] as const;
/** Sizes reserved from 48rem (site.css `.ad-w…`). */
export const WIDE_SIZES = ['728x90', '970x90', '970x250', '300x250'] as const;
/**
 * Sizes of the article page's sidebar slot (site.css `.ad-s…`). The sidebar is
 * a column only from 68.75rem (1100 px, site.css `.article-page-aside`); below
 * that the slot is `display: none`, so its lazy image is never fetched.
 */
export const SIDEBAR_SIZES = ['300x250', '300x600', '160x600'] as const;
export type NarrowSize = (typeof NARROW_SIZES)[number];
export type WideSize = (typeof WIDE_SIZES)[number];
export type SidebarSize = (typeof SIDEBAR_SIZES)[number];

export const slotSchema = z.object({ narrow: z.enum(NARROW_SIZES), wide: z.enum(WIDE_SIZES) });
export type SlotSize = z.infer<typeof slotSchema>;
/** The sidebar slot has one size: it shows only on wide screens. */
export const sidebarSlotSchema = z.object({ wide: z.enum(SIDEBAR_SIZES) });
export type SidebarSlotSize = z.infer<typeof sidebarSlotSchema>;
/** What a slot's box is sized by: a size per breakpoint, or the sidebar's one size. */
export type SlotBox = SlotSize | SidebarSlotSize;
/** A slot's box alone, without its placement rule (after, every, afterBlock…). */
export const slotBox = (size: SlotBox): SlotBox =>
  'narrow' in size ? { narrow: size.narrow, wide: size.wide } : { wide: size.wide };

/** In an article: the first slot after paragraph `after`, then one every `every` paragraphs, at most `max`. */
export const inlineRuleSchema = z.object({
  after: z.number().int().min(1).max(50),
  every: z.number().int().min(1).max(50),
  max: z.number().int().min(1).max(10),
});
export type InlineRule = z.infer<typeof inlineRuleSchema>;

/** An edition's slots: a position absent is off. */
export const slotsSchema = z.object({
  home_top: slotSchema.optional(),
  /** After the home page's `afterBlock`-th section block. */
  home_between: slotSchema.extend({ afterBlock: z.number().int().min(1).max(20) }).optional(),
  article_inline: slotSchema.extend(inlineRuleSchema.shape).optional(),
  article_end: slotSchema.optional(),
  /** Beside the article on wide screens (above most read); not shown on narrower ones. */
  article_sidebar: sidebarSlotSchema.optional(),
});
export type Slots = z.infer<typeof slotsSchema>;

/** Words of an HTML text (tags dropped, entities as one character): what "a short article" is measured in. */
export function wordCount(html: string): number {
  const text = html.replace(/<[^>]*>/g, ' ').replace(/&[#\w]+;/g, 'x');
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/**
 * The paragraph numbers (1-based) after which inline slots go in an article
 * of `paragraphs` paragraphs: after `after`, then every `every`, at most
 * `max`, and never after the last paragraph (the end slot's place).
 */
export function inlinePositions(paragraphs: number, rule: InlineRule): number[] {
  const positions: number[] = [];
  for (let at = rule.after; at < paragraphs && positions.length < rule.max; at += rule.every)
    positions.push(at);
  return positions;
}

const VOID = new Set([
  'br',
  'img',
  'hr',
  'source',
  'wbr',
  'col',
  'input',
  'meta',
  'link',
  'area',
  'embed',
  'track',
]);

/**
 * Stored (sanitized, well-formed) article HTML cut after the given top-level
 * paragraphs: `cuts` are 1-based counts of top-level `<p>` elements. Returns
 * the pieces in order (one more than the cuts that fell inside the text).
 * Paragraphs inside quotes, lists or figures are not counted: a slot never
 * lands inside another element.
 */
export function cutAfterParagraphs(html: string, cuts: readonly number[]): string[] {
  if (cuts.length === 0) return [html];
  const wanted = new Set(cuts);
  const pieces: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g;
  let depth = 0;
  let paragraphs = 0;
  let start = 0;
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    const [, closing, rawName, selfClosing] = match;
    const name = (rawName ?? '').toLowerCase();
    if (VOID.has(name) || selfClosing) continue;
    if (!closing) {
      depth++;
      continue;
    }
    depth--;
    if (depth === 0 && name === 'p') {
      paragraphs++;
      if (wanted.has(paragraphs)) {
        const end = match.index + match[0].length;
        pieces.push(html.slice(start, end));
        start = end;
      }
    }
  }
  pieces.push(html.slice(start));
  return pieces;
}

/** Top-level paragraphs of stored article HTML. */
export function topLevelParagraphs(html: string): number {
  return (
    cutAfterParagraphs(
      html,
      Array.from({ length: 200 }, (_, i) => i + 1),
    ).length - 1
  );
}
