import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { homeAds } from '../ads/page.js';
import { agencyNamesIn } from '../agencies/queries.js';
import { agencyPath, contributorPath, editionPath, sectionPath, topicPath } from '../articles/paths.js';
import {
  type Cursor,
  decodeCursor,
  encodeCursor,
  type ListingFilter,
  listArticleCards,
} from '../articles/queries.js';
import { loadChrome } from '../editions/chrome.js';
import {
  findAgency,
  findContributor,
  findSection,
  findTopic,
  listEditions,
  negotiateEdition,
} from '../editions/queries.js';
import { cachedPins, cachedSectionOrder } from '../front/cached.js';
import { RELATIVE_TIME_FRESH_MS, staleIn } from '../front/freshness.js';
import { HomePage } from '../front/HomePage.js';
import { arrangeFront, type FrontScope, moreStories, sectionBlocks } from '../front/queries.js';
import { SectionPage } from '../front/SectionPage.js';
import { type CacheTag, cacheTags, editionPageTags } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { badRequest, notFound } from '../http/errors.js';
import { renderFragment, renderPage } from '../http/render.js';
import { format, messagesFor } from '../i18n/messages.js';
import { MostRead } from '../readership/MostRead.js';
import { cachedMostRead } from '../readership/queries.js';
import { ArticleCardsFragment } from '../ui/ArticleCards.js';
import type { Chrome, FeedLink } from '../ui/Layout.js';
import { ListingPage } from './ListingPage.js';
import { findMovedSlug } from './slug-redirects.js';

export const PAGE_SIZE = 20;

const listingQuery = z.object({
  cursor: z.string().max(200).optional(),
  partial: z.literal('1').optional(),
});

interface Listing {
  filter: ListingFilter;
  heading: string;
  intro?: string | undefined;
  path: string;
  tags: CacheTag[];
  currentSection?: string;
  /** Feeds exist for the edition, sections and topics. */
  feedPath?: string;
  /** The home and section pages: cards read "3 hours ago" today, so the cached page ages. */
  relativeTimes?: boolean;
  /** The home (edition-wide) and section pages (that section) show most read. */
  mostRead?: { sectionId?: string };
}

export function listingRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config, clock } = deps;

  app.get('/', async (c) => {
    const edition = negotiateEdition(await listEditions(db), c.req.header('accept-language'));
    if (!edition) throw notFound('No editions yet');
    c.header('vary', 'Accept-Language');
    c.header('cache-control', 'public, max-age=0, s-maxage=300');
    return c.redirect(editionPath(edition.code), 302);
  });

  /** Validates the query, loads the page of cards, renders the page or the load-more fragment. */
  async function sendListing(c: Context<AppEnv>, chrome: Chrome, listing: Listing) {
    const query = listingQuery.safeParse(c.req.query());
    if (!query.success) throw badRequest('Invalid listing parameters');
    const cursor = query.data.cursor === undefined ? undefined : decodeCursor(query.data.cursor);
    if (query.data.cursor !== undefined && !cursor)
      throw badRequest('Invalid "cursor": use the "more stories" link');
    const { edition } = chrome;
    const { cards, next } = await listArticleCards(db, edition, listing.filter, {
      now: clock.now(),
      limit: PAGE_SIZE,
      cursor,
    });
    const nextHref = next ? `${listing.path}?cursor=${encodeCursor(next)}` : undefined;
    const tags = [...listing.tags, ...editionPageTags(edition.code)];
    // Only these parameters make a distinct cached page; others (utm_*, …) share this one.
    c.set('cacheQuery', Object.keys(listingQuery.shape));
    const now = listing.relativeTimes ? clock.now() : undefined;
    if (now) staleIn(c, RELATIVE_TIME_FRESH_MS);
    const t = messagesFor(edition.language);
    if (query.data.partial) {
      const fragment = (
        <ArticleCardsFragment
          cards={cards}
          edition={edition}
          nextHref={nextHref}
          moreLabel={t.moreStories}
          now={now}
        />
      );
      return renderFragment(c, fragment, tags);
    }
    const feeds = feedLinks(listing);
    const canonical = `${config.publicUrl}${listing.path}${cursor ? `?cursor=${query.data.cursor}` : ''}`;
    const read = listing.mostRead
      ? await cachedMostRead(deps, edition.code, clock.now(), listing.mostRead)
      : undefined;
    const mostRead = read?.value ?? [];
    if (read) {
      tags.push(...mostRead.map((item) => cacheTags.article(item.id)));
      // Most read changes with readers, not with content: render the page again after a while.
      staleIn(c, read.freshForMs);
    }
    const page = (
      <ListingPage
        chrome={{ ...chrome, currentSection: listing.currentSection }}
        meta={{
          title: listing.filter.kind === 'edition' ? edition.name : `${listing.heading} | ${edition.name}`,
          description: listing.intro || edition.description || format(t.storiesIn, { name: listing.heading }),
          canonical,
          ogType: 'website',
          feeds,
          noindex: cursor !== undefined,
        }}
        heading={listing.heading}
        intro={listing.intro}
        cards={cards}
        nextHref={nextHref}
        now={now}
        mostRead={mostRead}
      />
    );
    return renderPage(c, page, tags);
  }

  function feedLinks(listing: Listing): FeedLink[] {
    return listing.feedPath
      ? [
          {
            title: `${listing.heading} (RSS)`,
            href: `${config.publicUrl}${listing.feedPath}/feed.xml`,
            type: 'application/rss+xml',
          },
          {
            title: `${listing.heading} (Atom)`,
            href: `${config.publicUrl}${listing.feedPath}/atom.xml`,
            type: 'application/atom+xml',
          },
        ]
      : [];
  }

  /** A cursor page or load-more fragment goes to the plain listing; the first page is the front page. */
  const isFrontRequest = (c: Context<AppEnv>) => {
    const query = listingQuery.safeParse(c.req.query());
    return query.success && query.data.cursor === undefined && query.data.partial === undefined;
  };

  /**
   * The home (`scope` home) or a section's page as editors arranged it: lead and top stories,
   * then section blocks (home) and the newest stories not shown above.
   */
  async function sendFront(c: Context<AppEnv>, chrome: Chrome, listing: Listing, scope: FrontScope) {
    const { edition } = chrome;
    const now = clock.now();
    c.set('cacheQuery', Object.keys(listingQuery.shape));
    staleIn(c, RELATIVE_TIME_FRESH_MS);
    const tags = [...listing.tags, cacheTags.front(edition.code), ...editionPageTags(edition.code)];
    const [front, { value: mostRead, freshForMs }] = await Promise.all([
      cachedPins(deps, edition.code, scope).then((pins) => arrangeFront(db, edition, scope, now, pins)),
      cachedMostRead(deps, edition.code, now, scope.kind === 'section' ? { sectionId: scope.id } : {}),
    ]);
    // Most read changes with readers, not with content: render the page again after a while.
    tags.push(...mostRead.map((item) => cacheTags.article(item.id)));
    staleIn(c, freshForMs);
    const aside = mostRead.length > 0 ? <MostRead items={mostRead} language={edition.language} /> : undefined;
    const shown = [...(front.lead ? [front.lead.id] : []), ...front.top.map((card) => card.id)];
    const t = messagesFor(edition.language);
    const meta = (title: string, description: string) => ({
      title,
      description,
      canonical: `${config.publicUrl}${listing.path}`,
      ogType: 'website' as const,
      feeds: feedLinks(listing),
    });
    const nextOf = (next: Cursor | undefined) =>
      next ? `${listing.path}?cursor=${encodeCursor(next)}` : undefined;
    if (scope.kind === 'home') {
      const order = await cachedSectionOrder(deps, edition);
      const blocks = await sectionBlocks(db, edition, { now, exclude: shown, order });
      // The latest list leaves out the lead and top stories only: on a small site the section
      // blocks would take every story, and the list (with load-more) must go on past them.
      const more = await moreStories(db, edition, { now, exclude: shown, newest: front.newest });
      const ads = await homeAds(deps, c, edition.code);
      tags.push(cacheTags.ads(edition.code));
      const page = (
        <HomePage
          chrome={{ ...chrome, ads: ads.chrome }}
          ads={ads}
          meta={meta(edition.name, edition.description || format(t.storiesIn, { name: edition.name }))}
          front={front}
          blocks={blocks}
          more={more.cards}
          nextHref={nextOf(more.next)}
          now={now}
          aside={aside}
        />
      );
      return renderPage(c, page, tags);
    }
    const latest = await listArticleCards(db, edition, listing.filter, {
      now,
      limit: PAGE_SIZE,
      exclude: shown,
    });
    const section = edition.sections.find((s) => s.id === scope.id);
    if (!section) throw notFound('No such section');
    const page = (
      <SectionPage
        chrome={{ ...chrome, currentSection: section.id }}
        meta={meta(
          `${listing.heading} | ${edition.name}`,
          listing.intro || edition.description || format(t.storiesIn, { name: listing.heading }),
        )}
        section={section}
        front={front}
        latest={latest.cards}
        nextHref={nextOf(latest.next)}
        now={now}
        aside={aside}
      />
    );
    return renderPage(c, page, tags);
  }

  app.get('/:edition{[a-z]{2,3}}', async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const code = chrome.edition.code;
    const listing: Listing = {
      filter: { kind: 'edition' },
      heading: messagesFor(chrome.edition.language).latest,
      path: editionPath(code),
      tags: [cacheTags.list(code)],
      feedPath: `/${code}`,
      relativeTimes: true,
      mostRead: {},
    };
    if (isFrontRequest(c)) return sendFront(c, chrome, listing, { kind: 'home' });
    return sendListing(c, chrome, listing);
  });

  app.get('/:edition{[a-z]{2,3}}/section/:slug', async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const code = chrome.edition.code;
    const section = await findSection(db, code, c.req.param('slug'));
    if (!section) {
      const moved = await findMovedSlug(db, 'section', code, c.req.param('slug'));
      if (moved) return c.redirect(sectionPath(code, moved), 301);
      throw notFound('No such section');
    }
    const path = sectionPath(chrome.edition.code, section.slug);
    const listing: Listing = {
      filter: { kind: 'section', id: section.id },
      heading: section.name,
      path,
      tags: [cacheTags.section(section.id)],
      currentSection: section.id,
      feedPath: path,
      relativeTimes: true,
      mostRead: { sectionId: section.id },
    };
    if (isFrontRequest(c)) return sendFront(c, chrome, listing, { kind: 'section', id: section.id });
    return sendListing(c, chrome, listing);
  });

  app.get('/:edition{[a-z]{2,3}}/topic/:slug', async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const topic = await findTopic(db, chrome.edition.code, c.req.param('slug'));
    if (!topic) throw notFound('No such topic');
    const path = topicPath(chrome.edition.code, topic.slug);
    return sendListing(c, chrome, {
      filter: { kind: 'topic', id: topic.id },
      heading: topic.name,
      path,
      tags: [cacheTags.topic(topic.id)],
      feedPath: path,
    });
  });

  app.get('/:edition{[a-z]{2,3}}/author/:slug', async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const person = await findContributor(db, c.req.param('slug'));
    if (!person) throw notFound('No such author');
    const t = messagesFor(chrome.edition.language);
    return sendListing(c, chrome, {
      filter: { kind: 'contributor', id: person.id },
      heading: format(t.storiesBy, { name: person.name }),
      intro: person.bio,
      path: contributorPath(chrome.edition.code, person.slug),
      tags: [cacheTags.contributor(person.id)],
    });
  });

  app.get('/:edition{[a-z]{2,3}}/agency/:slug', async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const agency = await findAgency(db, c.req.param('slug'));
    if (!agency) {
      const moved = await findMovedSlug(db, 'agency', '', c.req.param('slug'));
      if (moved) return c.redirect(agencyPath(chrome.edition.code, moved), 301);
      throw notFound('No such agency');
    }
    const t = messagesFor(chrome.edition.language);
    // Its name in the edition's language when it has one (agency_names), as bylines credit it;
    // then its copyright line, written in its main language, is left out as on its articles.
    const name = (await agencyNamesIn(db, [agency], chrome.edition.language)).get(agency.id) ?? agency.name;
    return sendListing(c, chrome, {
      filter: { kind: 'agency', id: agency.id },
      heading: format(t.storiesBy, { name }),
      intro: name === agency.name ? agency.copyright_line : '',
      path: agencyPath(chrome.edition.code, agency.slug),
      tags: [cacheTags.agency(agency.id)],
    });
  });

  return app;
}
