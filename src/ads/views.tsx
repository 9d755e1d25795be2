import type { Child } from 'hono/jsx';
import { messagesFor } from '../i18n/messages.js';
import { Picture } from '../ui/Picture.js';
import type { HouseAd } from './choose.js';
import type { SlotBox, SlotPosition } from './slots.js';

/** Where a click on a house ad goes first: counted, then redirected to the campaign's link (./routes.ts). */
export const clickPath = (campaignId: string) => `/ads/click/${campaignId}`;
/** Where the reader script sends the house ads it saw (./routes.ts). */
export const SEEN_PATH = '/ads/seen';
/** The third-party tag scripts of an edition, answered only after consent (./routes.ts). */
export const tagsPath = (editionCode: string) => `/ads/tags/${editionCode}`;

/** What a slot shows: a house ad, or (when the edition has tags) an empty box for a consented tag to fill. */
export interface FilledSlot {
  position: SlotPosition;
  /** The n-th slot of its position on the page (from 1): tags tell slots apart by `data-tag-slot`. */
  index: number;
  size: SlotBox;
  ad: HouseAd | undefined;
}

/**
 * One ad slot: labelled "Advertisement" in the page's language, its box the
 * size site.css reserves for its sizes (phone and wide), whatever fills it and whenever.
 */
export function AdSlot({
  slot,
  language,
  eager = false,
}: {
  slot: FilledSlot;
  language: string;
  eager?: boolean;
}) {
  const t = messagesFor(language);
  const { ad } = slot;
  return (
    <aside class="ad" aria-label={t.advertisement}>
      <p class="ad-label">{t.advertisement}</p>
      <div
        class={`ad-box ${boxClasses(slot.size)}`}
        {...(ad ? {} : { 'data-tag-slot': `${slot.position}-${slot.index}` })}
      >
        {ad && <HouseAdLink ad={ad} eager={eager} sizes={slotImageSizes(slot.size)} />}
      </div>
    </aside>
  );
}

/** site.css's boxes for a slot's sizes: `.ad-n…` on phones and `.ad-w…` from 48rem, or the sidebar's `.ad-s…`. */
const boxClasses = (size: SlotBox) =>
  'narrow' in size ? `ad-n${size.narrow} ad-w${size.wide}` : `ad-s${size.wide}`;

/** The box's width at each breakpoint: the browser picks the smallest rendition that fills it. */
const slotImageSizes = (size: SlotBox) =>
  'narrow' in size
    ? `(min-width: 48rem) ${Number.parseInt(size.wide, 10)}px, ${Number.parseInt(size.narrow, 10)}px`
    : `${Number.parseInt(size.wide, 10)}px`;

function HouseAdLink({ ad, eager, sizes }: { ad: HouseAd; eager: boolean; sizes: string }): Child {
  return (
    <a href={clickPath(ad.id)} rel="sponsored noopener" data-ad={ad.id} class={`ad-${ad.kind}`}>
      {ad.kind === 'image' && ad.image ? (
        <Picture image={ad.image} sizes={sizes} eager={eager} />
      ) : (
        <span dir="auto">{ad.text}</span>
      )}
    </a>
  );
}

/**
 * The first-party consent banner of an edition with third-party ad tags.
 * Hidden in the page (which every reader shares from the cache): the reader
 * script shows it while no choice is stored, and loads the tags only after
 * "accept" (never when the browser sends Global Privacy Control).
 * The three choices are the same kind of button, side by side.
 */
export function ConsentBanner({ editionCode, language }: { editionCode: string; language: string }) {
  const t = messagesFor(language);
  return (
    <section
      class="consent"
      id="consent"
      hidden
      aria-labelledby="consent-title"
      data-tags={tagsPath(editionCode)}
    >
      <h2 id="consent-title">{t.consentTitle}</h2>
      <p>{t.consentText}</p>
      <div class="consent-settings" hidden>
        <label>
          <input type="checkbox" name="consent-ads" /> {t.consentAdsPartners}
        </label>
      </div>
      <div class="consent-actions">
        <button type="button" class="button" data-consent="accept">
          {t.consentAccept}
        </button>
        <button type="button" class="button" data-consent="reject">
          {t.consentReject}
        </button>
        <button type="button" class="button" data-consent="settings">
          {t.consentSettings}
        </button>
        <button type="button" class="button" data-consent="save" hidden>
          {t.consentSave}
        </button>
      </div>
    </section>
  );
}

/** The footer's way back to the choice (shown by the reader script, which opens the banner). */
export function ConsentLink({ language }: { language: string }) {
  return (
    <li hidden>
      <button type="button" class="consent-open">
        {messagesFor(language).consentChange}
      </button>
    </li>
  );
}
