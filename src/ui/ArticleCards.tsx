import type { ArticleCard } from '../articles/queries.js';
import type { Edition } from '../editions/queries.js';
import { DateTime } from './DateTime.js';
import { Picture } from './Picture.js';

export function ArticleCardItem({
  card,
  edition,
  heading = 'h2',
  eager = false,
}: {
  card: ArticleCard;
  edition: Edition;
  heading?: 'h2' | 'h3';
  /** The first image of a page: loaded at once, not lazily (it is in the first view). */
  eager?: boolean;
}) {
  const Heading = heading;
  return (
    <li class="card">
      {card.image && (
        <Picture
          image={card.image}
          sizes="(min-width: 64rem) 22rem, (min-width: 48rem) 45vw, 7.5rem"
          eager={eager}
        />
      )}
      <div>
        <Heading>
          <a href={card.url}>{card.headline}</a>
        </Heading>
        {card.standfirst && <p>{card.standfirst}</p>}
        <span class="meta">
          {card.section && <>{card.section.name} · </>}
          <DateTime iso={card.firstPublishedAt} edition={edition} />
        </span>
      </div>
    </li>
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
}: {
  id: string;
  cards: ArticleCard[];
  edition: Edition;
  nextHref: string | undefined;
  moreLabel: string;
  loadingLabel: string;
  failedLabel: string;
  heading?: 'h2' | 'h3';
}) {
  const firstImage = cards.findIndex((card) => card.image);
  return (
    <>
      <ul class="cards" id={id}>
        {cards.map((card, i) => (
          <ArticleCardItem card={card} edition={edition} heading={heading ?? 'h2'} eager={i === firstImage} />
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
}: {
  cards: ArticleCard[];
  edition: Edition;
  nextHref: string | undefined;
  moreLabel: string;
}) {
  return (
    <>
      {cards.map((card) => (
        <ArticleCardItem card={card} edition={edition} />
      ))}
      {nextHref && (
        <a href={nextHref} data-next="">
          {moreLabel}
        </a>
      )}
    </>
  );
}
