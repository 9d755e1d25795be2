import type { Child } from 'hono/jsx';
import type { AdChrome } from '../ads/page.js';
import { ConsentBanner, ConsentLink } from '../ads/views.js';
import { editionPath, sectionPath } from '../articles/paths.js';
import type { Edition, SectionRef } from '../editions/queries.js';
import { type BreakingNews, BreakingStrip } from '../front/BreakingStrip.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { fontPreloads, siteAssets } from './assets.js';
import { JsonLd } from './JsonLd.js';
import { fillParts } from './template.js';

export interface Alternate {
  hreflang: string;
  href: string;
}

export interface FeedLink {
  title: string;
  href: string;
  type: 'application/rss+xml' | 'application/atom+xml';
}

/** What goes in <head>: every URL here is absolute. */
export interface PageMeta {
  title: string;
  description: string;
  canonical: string;
  ogType: 'website' | 'article';
  image?: { url: string; width: number; height: number; alt: string } | undefined;
  alternates?: Alternate[];
  jsonLd?: unknown;
  feeds?: FeedLink[];
  article?: { publishedTime: string; modifiedTime: string; section?: string | undefined; tags: string[] };
  noindex?: boolean;
}

/** The edition around a page: header, navigation, footer. */
export interface Chrome {
  edition: Edition;
  editions: Edition[];
  sections: SectionRef[];
  publicUrl: string;
  /** Where each edition's switcher link goes (a translation of this page); defaults to that edition's home. */
  switchTo?: Record<string, string>;
  currentSection?: string | undefined;
  /** The search page: its own form is the search box, so the masthead has none (one form, one `q`). */
  searchPage?: boolean;
  /** The edition's breaking line while it lasts (src/front), shown under the masthead. */
  breaking?: BreakingNews | undefined;
  /** The edition has third-party ad tags on this page (src/ads): the consent banner and its footer link. */
  ads?: AdChrome | undefined;
  /** The edition has a podcast readers can find (src/podcasts): the navigation links to them. */
  podcasts?: boolean;
  /** A podcasts page: their link in the navigation is the current one. */
  podcastsCurrent?: boolean;
}

export function Layout({ chrome, meta, children }: { chrome: Chrome; meta: PageMeta; children: Child }) {
  const { edition } = chrome;
  const t = messagesFor(edition.language);
  const assets = siteAssets();
  return (
    <html lang={edition.language} dir={edition.direction}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{meta.title}</title>
        <meta name="description" content={meta.description} />
        {meta.noindex && <meta name="robots" content="noindex" />}
        <link rel="canonical" href={meta.canonical} />
        {meta.alternates?.map((a) => (
          <link rel="alternate" hreflang={a.hreflang} href={a.href} />
        ))}
        {meta.feeds?.map((f) => (
          <link rel="alternate" type={f.type} title={f.title} href={f.href} />
        ))}
        {/* The regular face of the edition's script, wanted by the first paint of every page. */}
        {fontPreloads(edition.language).map((href) => (
          <link rel="preload" href={href} as="font" type="font/woff2" crossorigin="" />
        ))}
        <link rel="stylesheet" href={assets.css.path} />
        <link rel="icon" type="image/svg+xml" href={assets.icon.path} />
        <meta property="og:site_name" content={edition.name} />
        <meta property="og:type" content={meta.ogType} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:description" content={meta.description} />
        <meta property="og:url" content={meta.canonical} />
        <meta property="og:locale" content={edition.language.replace('-', '_')} />
        {meta.image && <meta property="og:image" content={meta.image.url} />}
        {meta.image && <meta property="og:image:width" content={String(meta.image.width)} />}
        {meta.image && <meta property="og:image:height" content={String(meta.image.height)} />}
        {meta.image && <meta property="og:image:alt" content={meta.image.alt} />}
        {meta.article && <meta property="article:published_time" content={meta.article.publishedTime} />}
        {meta.article && <meta property="article:modified_time" content={meta.article.modifiedTime} />}
        {meta.article?.section && <meta property="article:section" content={meta.article.section} />}
        {meta.article?.tags.map((tag) => (
          <meta property="article:tag" content={tag} />
        ))}
        <meta name="twitter:card" content={meta.image ? 'summary_large_image' : 'summary'} />
        <meta name="twitter:title" content={meta.title} />
        <meta name="twitter:description" content={meta.description} />
        {meta.image && <meta name="twitter:image" content={meta.image.url} />}
        {meta.jsonLd !== undefined && <JsonLd data={meta.jsonLd} />}
        <script src={assets.js.path} defer />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <Masthead chrome={chrome} t={t} />
        {chrome.breaking && <BreakingStrip breaking={chrome.breaking} language={edition.language} />}
        <main id="main" class="wrap">
          {children}
        </main>
        <Footer chrome={chrome} t={t} />
        {chrome.ads && <ConsentBanner editionCode={chrome.ads.editionCode} language={edition.language} />}
      </body>
    </html>
  );
}

function Masthead({ chrome, t }: { chrome: Chrome; t: Messages }) {
  const { edition } = chrome;
  return (
    <header class="masthead">
      <div class="wrap masthead-top">
        <a class="brand" href={editionPath(edition.code)}>
          {edition.name}
        </a>
        {/* A plain GET form: search works without JavaScript (src/search/routes.tsx). */}
        {!chrome.searchPage && (
          <>
            <search class="site-search">
              <form method="get" action={`/${edition.code}/search`}>
                <input type="search" name="q" aria-label={t.searchLabel} placeholder={t.searchPlaceholder} />
                <button type="submit">{t.searchButton}</button>
              </form>
            </search>
            {/* On a phone the box above is hidden and this link to the search page (its own form) takes its place. */}
            <a class="search-link" href={`/${edition.code}/search`}>
              {t.searchButton}
            </a>
          </>
        )}
        <a class="newsletter-link" href={`/${edition.code}/newsletters`}>
          {t.newsletterNavLink}
        </a>
        <a class="events-link" href={`/${edition.code}/events`}>
          {t.eventsNavLink}
        </a>
        {chrome.editions.length > 1 && (
          <nav aria-label={t.editions}>
            <ul class="editions">
              {chrome.editions.map((e) => (
                <li>
                  <a
                    href={chrome.switchTo?.[e.code] ?? editionPath(e.code)}
                    hreflang={e.language}
                    lang={e.language}
                    {...(e.code === edition.code ? { 'aria-current': 'true' } : {})}
                  >
                    {messagesFor(e.language).languageName}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </div>
      <nav class="section-bar wrap" aria-label={t.mainNavigation}>
        <ul class="sections">
          <li>
            <a href={editionPath(edition.code)}>{t.home}</a>
          </li>
          {chrome.sections.map((s) => (
            <li>
              <a
                href={sectionPath(edition.code, s.slug)}
                {...(chrome.currentSection === s.id ? { 'aria-current': 'page' } : {})}
              >
                {s.name}
              </a>
            </li>
          ))}
          {chrome.podcasts && (
            <li>
              <a
                href={`/${edition.code}/podcasts`}
                {...(chrome.podcastsCurrent ? { 'aria-current': 'page' } : {})}
              >
                {t.podcastsNavLink}
              </a>
            </li>
          )}
        </ul>
      </nav>
    </header>
  );
}

function Footer({ chrome, t }: { chrome: Chrome; t: Messages }) {
  const { edition } = chrome;
  return (
    <footer class="footer">
      <div class="wrap">
        {edition.social.length > 0 && (
          <section aria-labelledby="find-us">
            <h2 id="find-us">{t.findUs}</h2>
            <ul class="social">
              {edition.social.map((s) => {
                const network = t.networks[s.network as keyof Messages['networks']] ?? s.network;
                return (
                  <li>
                    <a
                      href={s.url}
                      rel="me noopener"
                      aria-label={format(t.followOn, { name: edition.name, network })}
                    >
                      {network}
                    </a>
                  </li>
                );
              })}
            </ul>
          </section>
        )}
        <section aria-labelledby="feeds">
          <h2 id="feeds">{t.feeds}</h2>
          <ul>
            <li>
              <a href={`/${edition.code}/newsletters`}>{t.newsletterNavLink}</a>
            </li>
            <li>
              <a href={`/${edition.code}/events`}>{t.eventsNavLink}</a>
            </li>
            <li>
              <a href={`/${edition.code}/events.ics`}>{t.eventsSubscribe}</a>
            </li>
            <li>
              <a href={`/${edition.code}/feed.xml`}>{t.rssFeed}</a>
            </li>
            <li>
              <a href={`/${edition.code}/atom.xml`}>{t.atomFeed}</a>
            </li>
            {chrome.ads && <ConsentLink language={edition.language} />}
          </ul>
        </section>
        {edition.description && <p>{edition.description}</p>}
        {/* A localized line with the name isolated: a Latin name must not reorder an Arabic sentence. */}
        <p class="footer-copyright">{fillParts(t.footerCopyright, { name: <bdi>{edition.name}</bdi> })}</p>
      </div>
    </footer>
  );
}
