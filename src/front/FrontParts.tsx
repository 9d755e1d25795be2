/** The pieces the home and section pages share: the lead story, a group of stories, the feed links. */
import type { ArticleCard } from '../articles/queries.js';
import type { Edition } from '../editions/queries.js';
import { messagesFor } from '../i18n/messages.js';
import { ArticleCardItem, ArticleCards } from '../ui/ArticleCards.js';
import { CardTime } from '../ui/DateTime.js';
import type { FeedLink } from '../ui/Layout.js';
import { Picture } from '../ui/Picture.js';
import type { FrontArrangement } from './queries.js';

/**
 * How wide the lead image shows (src/ui/site.css, "Front page"): the main
 * column is the viewport less 2rem of padding, up to 70rem; from 48rem the
 * image takes 3/5 of it beside the headline (a 1.5rem gap).
 */
export const LEAD_SIZES =
  '(min-width: 72rem) 41.1rem, (min-width: 48rem) calc((100vw - 3.5rem) * 0.6), calc(100vw - 2rem)';
/** A card of a four-column group: a quarter of the column from 64rem, half from 48rem, a 7.5rem thumbnail below. */
export const GROUP_SIZES =
  '(min-width: 72rem) 17rem, (min-width: 64rem) calc((100vw - 5.75rem) / 4), (min-width: 48rem) calc((100vw - 3.25rem) / 2), 7.5rem';

/** A group's card beside the aside (most read) from 64rem: half of the column left of its 20rem and 2rem gap. */
export const GROUP_SIZES_BESIDE_ASIDE =
  '(min-width: 72rem) 23.4rem, (min-width: 64rem) calc((100vw - 25.25rem) / 2), (min-width: 48rem) calc((100vw - 3.25rem) / 2), 7.5rem';

/** The lead story: its image loaded first (not lazy), a large headline and the standfirst. */
export function LeadStory({ card, edition, now }: { card: ArticleCard; edition: Edition; now: Date }) {
  return (
    <article class={card.image ? 'front-lead' : 'front-lead front-lead-text-only'}>
      {card.image && <Picture image={card.image} sizes={LEAD_SIZES} eager />}
      <div>
        <h2 class="front-lead-headline">
          <a href={card.url}>{card.headline}</a>
        </h2>
        {card.standfirst && <p class="front-lead-standfirst">{card.standfirst}</p>}
        <span class="meta">
          {card.section && <>{card.section.name} · </>}
          <CardTime iso={card.firstPublishedAt} edition={edition} now={now} />
        </span>
      </div>
    </article>
  );
}

/** A headed group of cards (top stories, a section block); the heading may link to the section. */
/** The head of a home or section page: the lead story, then the top stories. */
export function LeadAndTopStories({
  front,
  edition,
  now,
}: {
  front: FrontArrangement;
  edition: Edition;
  now: Date;
}) {
  const t = messagesFor(edition.language);
  return (
    <>
      {front.lead ? <LeadStory card={front.lead} edition={edition} now={now} /> : <p>{t.noStories}</p>}
      {front.top.length > 0 && (
        <StoryGroup
          id="top-stories"
          heading={t.frontTopStories}
          cards={front.top}
          edition={edition}
          now={now}
        />
      )}
    </>
  );
}

/** The newest stories after the arranged ones, with "more stories" (load-more with the script). */
export function LatestStories({
  cards,
  edition,
  nextHref,
  now,
}: {
  cards: ArticleCard[];
  edition: Edition;
  nextHref: string | undefined;
  now: Date;
}) {
  if (cards.length === 0) return null;
  const t = messagesFor(edition.language);
  return (
    <section class="front-more" aria-labelledby="latest-stories">
      <h2 id="latest-stories">{t.latest}</h2>
      <ArticleCards
        id="stories"
        cards={cards}
        edition={edition}
        nextHref={nextHref}
        moreLabel={t.moreStories}
        loadingLabel={t.loading}
        failedLabel={t.loadFailed}
        now={now}
      />
    </section>
  );
}

export function StoryGroup({
  id,
  heading,
  href,
  linkLabel,
  cards,
  edition,
  now,
  sizes = GROUP_SIZES,
}: {
  id: string;
  heading: string;
  href?: string | undefined;
  linkLabel?: string | undefined;
  cards: ArticleCard[];
  edition: Edition;
  now: Date;
  sizes?: string;
}) {
  return (
    <section class="front-group" aria-labelledby={id}>
      <header class="front-group-head">
        <h2 id={id}>{href ? <a href={href}>{heading}</a> : heading}</h2>
        {href && linkLabel && (
          <a class="front-group-more" href={href}>
            {linkLabel}
          </a>
        )}
      </header>
      <ul class="front-grid">
        {cards.map((card) => (
          <ArticleCardItem card={card} edition={edition} heading="h3" now={now} sizes={sizes} />
        ))}
      </ul>
    </section>
  );
}

export function FeedLinks({ feeds, language }: { feeds: FeedLink[] | undefined; language: string }) {
  if (!feeds || feeds.length === 0) return null;
  const t = messagesFor(language);
  return (
    <p class="feeds">
      {feeds.map((f, i) => (
        <>
          {i > 0 && ' · '}
          <a href={f.href}>{f.type === 'application/rss+xml' ? t.rssFeed : t.atomFeed}</a>
        </>
      ))}
    </p>
  );
}
