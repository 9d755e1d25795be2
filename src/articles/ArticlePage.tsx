import type { Child } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ArticleAds } from '../ads/page.js';
import { AdSlot } from '../ads/views.js';
import { CommentsLink, Conversation, type ConversationData } from '../comments/views.js';
import type { Edition } from '../editions/queries.js';
import type { EventLink } from '../events/queries.js';
import { EventLinks } from '../events/views.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import type { Image } from '../media/images.js';
import { NewsletterSignup, type PublicNewsletter } from '../newsletters/PublicPages.js';
import { MostRead, ViewBeacon } from '../readership/MostRead.js';
import type { MostReadItem } from '../readership/queries.js';
import { ArticleCardItem, SponsorLabel } from '../ui/ArticleCards.js';
import { DateTime } from '../ui/DateTime.js';
import { type Chrome, Layout, type PageMeta } from '../ui/Layout.js';
import { Picture } from '../ui/Picture.js';
import { StoredHtml } from '../ui/StoredHtml.js';
import { copyrightLine } from './credits.js';
import { agencyPath, contributorPath, sectionPath, topicPath } from './paths.js';
import type { ArticleCard, ArticleDetail, BylineEntry } from './queries.js';

export function ArticlePage({
  chrome,
  meta,
  article,
  related,
  mostRead = [],
  countViews = false,
  newsletters = [],
  conversation,
  live,
  events = [],
  ads,
}: {
  chrome: Chrome;
  meta: PageMeta;
  article: ArticleDetail;
  related: ArticleCard[];
  mostRead?: MostReadItem[];
  /** The public page counts its views (src/readership); the desk's preview does not. */
  countViews?: boolean;
  /** The edition's newsletters, offered (none ticked) at the end; none (the desk's preview): no form. */
  newsletters?: PublicNewsletter[];
  /** Readers' comments at the end (src/comments); none (the desk's preview): no section. */
  conversation?: ConversationData | undefined;
  /** A live coverage (src/live): its "LIVE" label by the section, its entries in place of the body. */
  live?: { label: Child; content: Child } | undefined;
  /** Events this article is coverage of (src/events), linked under the dates; none in the desk's preview. */
  events?: EventLink[];
  /** Ad slots inside, after and beside the text (src/ads); none (the desk's preview): no ads. */
  ads?: ArticleAds | undefined;
}) {
  const { edition } = chrome;
  const t = messagesFor(edition.language);
  // The sidebar (a column from 68.75rem, after the text on narrower screens): its ad slot, then most read.
  const aside = ads?.sidebar !== undefined || mostRead.length > 0;
  return (
    <Layout chrome={chrome} meta={meta}>
      <div class={aside ? 'article-page article-page-aside' : 'article-page'}>
        <article class="article">
          {live?.label}
          {article.section && (
            <a class="kicker" href={sectionPath(edition.code, article.section.slug)}>
              {article.section.name}
            </a>
          )}
          {article.sponsor && <SponsorLabel sponsor={article.sponsor} language={edition.language} />}
          <h1>{article.headline}</h1>
          {article.standfirst && <p class="standfirst">{article.standfirst}</p>}
          {article.byline.length > 0 && <Byline entries={article.byline} edition={edition} t={t} />}
          <Dates article={article} edition={edition} t={t} />
          <EventLinks events={events} edition={edition} />
          {article.image && (
            <figure class="lead">
              <Picture image={article.image} sizes="(min-width: 42rem) 42rem, 100vw" eager />
              <ImageCaption image={article.image} t={t} />
            </figure>
          )}
          <ShareLinks
            url={meta.canonical}
            title={article.headline}
            t={t}
            comments={conversation && <CommentsLink edition={edition} count={conversation.thread.count} />}
          />
          {live ? (
            live.content
          ) : (
            <StoredHtml
              class="body"
              html={article.bodyHtml}
              pieces={ads?.pieces}
              between={ads?.inline.map((slot) => slot && <AdSlot slot={slot} language={edition.language} />)}
            />
          )}
          {ads?.end && <AdSlot slot={ads.end} language={edition.language} />}
          <Copyright article={article} edition={edition} />
          {article.corrections.length > 0 && (
            <section class="corrections" aria-labelledby="corrections">
              <h2 id="corrections">{t.corrections}</h2>
              <ul>
                {article.corrections.map((c) => (
                  <li>
                    <DateTime iso={c.createdAt} edition={edition} />: {c.text}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {article.topics.length > 0 && (
            <nav aria-label={t.topics}>
              <ul class="topics">
                {article.topics.map((topic) => (
                  <li>
                    <a href={topicPath(edition.code, topic.slug)}>{topic.name}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <ShareLinks url={meta.canonical} title={article.headline} t={t} />
          <NewsletterSignup edition={edition} newsletters={newsletters} />
          {conversation && <Conversation edition={edition} data={conversation} />}
          {countViews && <ViewBeacon articleId={article.id} />}
        </article>
        {related.length > 0 && (
          <section class="related" aria-labelledby="more-topics">
            <h2 id="more-topics">{t.moreTopics}</h2>
            <ul class="cards">
              {related.map((card) => (
                <ArticleCardItem card={card} edition={edition} heading="h3" />
              ))}
            </ul>
          </section>
        )}
        {aside && (
          <div class="article-aside">
            {ads?.sidebar && <AdSlot slot={ads.sidebar} language={edition.language} />}
            <MostRead items={mostRead} language={edition.language} />
          </div>
        )}
      </div>
    </Layout>
  );
}

function Byline({ entries, edition, t }: { entries: BylineEntry[]; edition: Edition; t: Messages }) {
  const separator = edition.language.startsWith('ar') ? '، ' : ', ';
  return (
    <p class="byline">
      {t.by}{' '}
      {entries.map((entry, i) => (
        <>
          {i > 0 && (i === entries.length - 1 ? ` ${t.and} ` : separator)}
          <a
            href={
              entry.kind === 'person'
                ? contributorPath(edition.code, entry.slug)
                : agencyPath(edition.code, entry.slug)
            }
            rel={entry.kind === 'person' ? 'author' : undefined}
          >
            <bdi>{entry.name}</bdi>
          </a>
        </>
      ))}
    </p>
  );
}

/**
 * The caption, then the credit on a line of its own (with the image's copyright: both say whose
 * the picture is). Body figures from the desk get the same two lines from site.css.
 */
function ImageCaption({ image, t }: { image: Image; t: Messages }) {
  if (!image.caption && !image.credit && !image.copyright) return null;
  // Names and copyright lines are often Latin in an Arabic page: each isolated.
  return (
    <figcaption>
      {image.caption && <span class="caption">{image.caption}</span>}
      {(image.credit || image.copyright) && (
        <small class="credit">
          {image.credit && (
            <>
              {t.imageCredit}: <bdi>{image.credit}</bdi>
            </>
          )}
          {image.credit && image.copyright && ' · '}
          {image.copyright && <bdi>{image.copyright}</bdi>}
        </small>
      )}
    </figcaption>
  );
}

/** Whose the text is, under it (not among byline and dates, where it read as the lead image's). */
function Copyright({ article, edition }: { article: ArticleDetail; edition: Edition }) {
  const line = copyrightLine(article, edition);
  return line ? (
    <p class="copyright" dir="auto">
      {line}
    </p>
  ) : null;
}

/** "Published …" always; "last updated …" only when the update is a different minute. */
function Dates({ article, edition, t }: { article: ArticleDetail; edition: Edition; t: Messages }) {
  const updated =
    article.lastUpdatedAt && article.lastUpdatedAt.slice(0, 16) !== article.firstPublishedAt.slice(0, 16)
      ? article.lastUpdatedAt
      : undefined;
  return (
    <p class="dates">
      {t.published} <DateTime iso={article.firstPublishedAt} edition={edition} withTime />
      {updated && (
        <span class="updated">
          {t.updated} <DateTime iso={updated} edition={edition} withTime />
        </span>
      )}
    </p>
  );
}

/** Plain share links: no third-party script, nothing loads until the reader clicks. */
function ShareLinks({
  url,
  title,
  t,
  comments,
}: {
  url: string;
  title: string;
  t: Messages;
  /** The link down to the conversation, with its count. */
  comments?: JSX.Element | undefined;
}) {
  const u = encodeURIComponent(url);
  const text = encodeURIComponent(title);
  const links = [
    { network: 'facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { network: 'x', href: `https://x.com/intent/post?url=${u}&text=${text}` },
    { network: 'whatsapp', href: `https://wa.me/?text=${text}%20${u}` },
    { network: 'telegram', href: `https://t.me/share/url?url=${u}&text=${text}` },
  ] as const;
  return (
    <ul class="share" aria-label={t.share}>
      <li>{t.share}</li>
      {links.map((l) => (
        <li>
          <a
            href={l.href}
            class={`share-${l.network}`}
            rel="noopener nofollow"
            target="_blank"
            aria-label={format(t.shareOn, { network: t.networks[l.network] })}
          >
            {t.networks[l.network]}
          </a>
        </li>
      ))}
      <li>
        <a class="share-email" href={`mailto:?subject=${text}&body=${u}`} aria-label={t.shareByEmail}>
          {t.email}
        </a>
      </li>
      {/* Shown by the enhancement script only where the clipboard API exists. */}
      {comments && <li>{comments}</li>}
      <li hidden>
        <button type="button" class="share-copy" data-copy={url} data-done={t.linkCopied}>
          {t.copyLink}
        </button>
      </li>
    </ul>
  );
}
