import type { ArticleCard } from '../articles/queries.js';
import type { Edition } from '../editions/queries.js';
import { messagesFor } from '../i18n/messages.js';
import { CardTime, DateTime } from './DateTime.js';
import { Picture } from './Picture.js';

/** How wide a card's image shows in the listing grid (src/ui/site.css `.cards`). */
export const CARD_SIZES = '(min-width: 64rem) 22rem, (min-width: 48rem) 45vw, 7.5rem';

export function ArticleCardItem({
  card,
  edition,
  heading = 'h2',
  eager = false,
  now,
  sizes = CARD_SIZES,
}: {
  card: ArticleCard;
  edition: Edition;
  heading?: 'h2' | 'h3';
  /** The first image of a page: loaded at once, not lazily (it is in the first view). */
  eager?: boolean;
  /** With it, today's times read relative ("3 hours ago"): the page must then age (cacheFreshFor). */
  now?: Date | undefined;
  sizes?: string;
}) {
  const Heading = heading;
  return (
    <li class="card">
      {card.image && <Picture image={card.image} sizes={sizes} eager={eager} />}
      <div>
        <Heading>
          <a href={card.url}>{card.headline}</a>
        </Heading>
        {card.standfirst && <p>{card.standfirst}</p>}
        {card.sponsor && <SponsorLabel sponsor={card.sponsor} language={edition.language} />}
        <span class="meta">
          {card.section && <>{card.section.name} · </>}
          {now ? (
            <CardTime iso={card.firstPublishedAt} edition={edition} now={now} />
          ) : (
            <DateTime iso={card.firstPublishedAt} edition={edition} />
          )}
        </span>
      </div>
    </li>
  );
}

/** "Sponsored by X": on a sponsored article's card and page, in the edition's language. */
export function SponsorLabel({ sponsor, language }: { sponsor: string; language: string }) {
  return (
    <p class="sponsored">
      {messagesFor(language).sponsoredBy} <bdi>{sponsor}</bdi>
    </p>
  );
}

/** A list of cards, and the "more stories" link when more follow (load-more with the script). */
export function ArticleCards({
  id,
  cards,
  edition,
  nextHref,
  moreLabel,
  loadingLabel,
  failedLabel,
  heading,
  now,
}: {
  id: string;
  cards: ArticleCard[];
  edition: Edition;
  nextHref: string | undefined;
  moreLabel: string;
  loadingLabel: string;
  failedLabel: string;
  heading?: 'h2' | 'h3';
  now?: Date | undefined;
}) {
  const firstImage = cards.findIndex((card) => card.image);
  return (
    <>
      <ul class="cards" id={id}>
        {cards.map((card, i) => (
          <ArticleCardItem
            card={card}
            edition={edition}
            heading={heading ?? 'h2'}
            now={now}
            eager={i === firstImage}
          />
        ))}
      </ul>
      {nextHref && (
        <div class="more">
          <a href={nextHref} rel="next" data-more={id} data-failed={failedLabel}>
            {moreLabel}
          </a>
          <span class="loader" role="img" aria-label={loadingLabel} hidden />
          <span role="status" aria-live="polite" />
        </div>
      )}
    </>
  );
}

/** What load-more fetches: the next cards and the link after them. */
export function ArticleCardsFragment({
  cards,
  edition,
  nextHref,
  moreLabel,
  now,
}: {
  cards: ArticleCard[];
  edition: Edition;
  nextHref: string | undefined;
  moreLabel: string;
  now?: Date | undefined;
}) {
  return (
    <>
      {cards.map((card) => (
        <ArticleCardItem card={card} edition={edition} now={now} />
      ))}
      {nextHref && (
        <a href={nextHref} data-next="">
          {moreLabel}
        </a>
      )}
    </>
  );
}
