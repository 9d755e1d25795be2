import type { ArticleCard } from '../articles/queries.js';
import { messagesFor } from '../i18n/messages.js';
import { MostRead } from '../readership/MostRead.js';
import type { MostReadItem } from '../readership/queries.js';
import { ArticleCards } from '../ui/ArticleCards.js';
import { type Chrome, Layout, type PageMeta } from '../ui/Layout.js';

/** Home, section, topic, author and agency pages: a heading and newest stories first. */
export function ListingPage({
  chrome,
  meta,
  heading,
  intro,
  cards,
  nextHref,
  now,
  mostRead = [],
}: {
  chrome: Chrome;
  meta: PageMeta;
  heading: string;
  intro?: string | undefined;
  cards: ArticleCard[];
  nextHref: string | undefined;
  /** With it, today's card times read relative ("3 hours ago"). */
  now?: Date | undefined;
  /** Shown after the stories when anything has been read (home and section pages). */
  mostRead?: MostReadItem[];
}) {
  const t = messagesFor(chrome.edition.language);
  return (
    <Layout chrome={chrome} meta={meta}>
      <h1 class="page-title">{heading}</h1>
      {intro && <p>{intro}</p>}
      {cards.length === 0 && <p>{t.noStories}</p>}
      <ArticleCards
        id="stories"
        cards={cards}
        edition={chrome.edition}
        nextHref={nextHref}
        moreLabel={t.moreStories}
        loadingLabel={t.loading}
        failedLabel={t.loadFailed}
        now={now}
      />
      <MostRead items={mostRead} language={chrome.edition.language} />
      {meta.feeds && meta.feeds.length > 0 && (
        <p class="feeds">
          {meta.feeds.map((f, i) => (
            <>
              {i > 0 && ' · '}
              <a href={f.href}>{f.type === 'application/rss+xml' ? t.rssFeed : t.atomFeed}</a>
            </>
          ))}
        </p>
      )}
    </Layout>
  );
}
