/**
 * Which house ad fills which slot: the campaigns running now, for this edition
 * and (when they name sections) this section, picked by weight, each filling
 * at most `maxPerPage` slots of one page. Pure: the caller gives the random source.
 */
import type { Image } from '../media/images.js';

export interface HouseAd {
  id: string;
  name: string;
  kind: 'image' | 'text';
  text: string;
  image: Image | null;
  linkUrl: string;
  startsAt: string;
  endsAt: string | null;
  editions: string[];
  /** Empty: every page of its editions. */
  sections: string[];
  weight: number;
  maxPerPage: number;
  active: boolean;
}

/** Where a page is: its edition, and its section (none on the home page). */
export interface PagePlace {
  editionCode: string;
  sectionId: string | null;
}

export function isRunning(ad: HouseAd, now: Date): boolean {
  const at = now.toISOString();
  return ad.active && ad.startsAt <= at && (ad.endsAt === null || at < ad.endsAt);
}

/** Campaigns that may show on a page at `now`. */
export function eligibleAds(ads: readonly HouseAd[], place: PagePlace, now: Date): HouseAd[] {
  return ads.filter(
    (ad) =>
      isRunning(ad, now) &&
      ad.weight > 0 &&
      (ad.kind === 'text' || ad.image !== null) &&
      ad.editions.includes(place.editionCode) &&
      (ad.sections.length === 0 || (place.sectionId !== null && ad.sections.includes(place.sectionId))),
  );
}

/**
 * One house ad (or none, when every campaign has filled its share of the
 * page) for each of `slots` slots, picked at random in proportion to weight.
 */
export function fillSlots(
  ads: readonly HouseAd[],
  slots: number,
  random: () => number,
): (HouseAd | undefined)[] {
  const left = new Map(ads.map((ad) => [ad.id, ad.maxPerPage]));
  const picks: (HouseAd | undefined)[] = [];
  for (let i = 0; i < slots; i++) {
    const open = ads.filter((ad) => (left.get(ad.id) ?? 0) > 0);
    const total = open.reduce((sum, ad) => sum + ad.weight, 0);
    let ticket = random() * total;
    const pick =
      open.find((ad) => {
        ticket -= ad.weight;
        return ticket < 0;
      }) ?? open.at(-1);
    if (pick) left.set(pick.id, (left.get(pick.id) ?? 0) - 1);
    picks.push(pick);
  }
  return picks;
}

/** Milliseconds until the next campaign starts or ends (a cached page then shows the wrong ads), if any. */
export function nextChangeIn(ads: readonly HouseAd[], now: Date): number | undefined {
  const at = now.getTime();
  const times = ads
    .flatMap((ad) => [ad.startsAt, ad.endsAt])
    .filter((t): t is string => t !== null)
    .map((t) => Date.parse(t))
    .filter((t) => t > at);
  return times.length > 0 ? Math.min(...times) - at : undefined;
}
