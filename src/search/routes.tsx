import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { articlePath } from '../articles/paths.js';
import { cachedEditions, loadChrome } from '../editions/chrome.js';
import { type Edition, negotiateEdition } from '../editions/queries.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import { renderPage } from '../http/render.js';
import { format, messagesFor } from '../i18n/messages.js';
import type { Chrome } from '../ui/Layout.js';
import { analyzerFor } from './analyzer.js';
import { loadResultArticles } from './queries.js';
import { cleanQueryText, highlightTerms, MAX_QUERY_CHARS, MAX_QUERY_TERMS, parseQuery } from './query.js';
import { type SearchForm, SearchPage, type SearchPageProps, type SearchResult } from './SearchPage.js';
import { searchEditions } from './search.js';
import { highlight, htmlToText, mentions, snippet } from './text.js';

export const SEARCH_PAGE_SIZE = 10;
/** Deeper pages are not offered: nobody reads them, and OFFSET gets dearer with depth. */
export const SEARCH_MAX_PAGES = 50;

/**
 * Search pages stay out of the in-process page cache: their URLs are as many
 * as readers can type, and would push article and listing pages out of its
 * bounded space. Browsers and CDNs may keep one for a minute, as long as
 * listings (s-maxage) stay stale after a change anyway.
 */
export const SEARCH_CACHE_CONTROL = 'public, max-age=60';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z
  .string()
  .regex(DAY)
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
  )
  .catch('');

/** Every parameter falls back to its default when malformed: a search page never errors. */
const searchParams = z.object({
  q: z.string().catch(''),
  section: z.string().max(200).catch(''),
  from: day,
  to: day,
  sort: z.enum(['relevance', 'newest']).catch('relevance'),
  page: z.coerce.number().int().min(1).max(SEARCH_MAX_PAGES).catch(1),
  edition: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .catch(''),
});
type SearchParams = z.infer<typeof searchParams>;

/** `/{edition}/search` for one edition, `/search` across all of them. */
export function searchRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/:edition{[a-z]{2,3}}/search', async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const params = searchParams.parse(c.req.query());
    return sendSearch(c, deps, chrome, params, [chrome.edition]);
  });

  app.get('/search', async (c) => {
    const params = searchParams.parse(c.req.query());
    const editions = await cachedEditions(deps);
    const chosen = editions.find((e) => e.code === params.edition);
    if (!chosen) {
      // The page's language is named in its URL, so caches never mix languages.
      const negotiated = negotiateEdition(editions, c.req.header('accept-language'));
      if (!negotiated) throw notFound('No editions yet');
      c.header('vary', 'Accept-Language');
      c.header('cache-control', 'public, max-age=0, s-maxage=300');
      return c.redirect(
        searchHref('/search', { ...params, q: cleanQueryText(params.q) }, negotiated.code),
        302,
      );
    }
    const chrome = await loadChrome(deps, chosen.code, c);
    return sendSearch(c, deps, chrome, { ...params, section: '' }, editions);
  });

  return app;
}

async function sendSearch(
  c: Context<AppEnv>,
  deps: AppDeps,
  chrome: Chrome,
  params: SearchParams,
  editions: Edition[],
) {
  const { edition } = chrome;
  const t = messagesFor(edition.language);
  const acrossEditions = editions.length !== 1 || editions[0]?.code !== edition.code;
  const section = acrossEditions ? undefined : chrome.sections.find((s) => s.slug === params.section);
  const text = cleanQueryText(params.q);
  const options = {
    visibility: { kind: 'public' } as const,
    sectionId: section?.id,
    from: params.from ? `${params.from}T00:00:00.000Z` : undefined,
    to: params.to ? nextDay(params.to) : undefined,
    sort: params.sort,
    now: deps.clock.now(),
  };
  const found = await searchEditions(deps.db, text, editions, {
    ...options,
    limit: SEARCH_PAGE_SIZE,
    offset: (params.page - 1) * SEARCH_PAGE_SIZE,
  });
  const ownQuery = found.queries.get(edition.language) ?? parseQuery(text, analyzerFor(edition.language));
  const asked = [...found.queries.values()].some((q) => q.include.length > 0);

  const path = acrossEditions ? '/search' : `/${edition.code}/search`;
  const href = (changes: Partial<SearchParams>) =>
    searchHref(path, { ...params, q: text, ...changes }, acrossEditions ? edition.code : '');
  const form: SearchForm = {
    action: path,
    q: text,
    section: section?.slug ?? '',
    from: params.from,
    to: params.to,
    sort: params.sort,
    sections: acrossEditions ? null : chrome.sections,
  };
  const results = await resultsFor(deps, found, editions);
  const help =
    asked && found.total === 0
      ? await noResultsHelp(deps, chrome, params, text, ownQuery.includeText, options, href, acrossEditions)
      : { words: [] };

  const props: SearchPageProps = {
    // The page's own form (with its filters) is the search box: the masthead's is left out.
    chrome: { ...chrome, searchPage: true },
    meta: {
      title: `${text ? `${text} | ` : ''}${acrossEditions ? t.searchAllEditionsTitle : t.searchTitle} | ${edition.name}`,
      description: edition.description,
      canonical: `${chrome.publicUrl}${path}`,
      ogType: 'website',
      noindex: true,
    },
    heading: text
      ? format(t.searchResultsFor, { query: text })
      : acrossEditions
        ? t.searchAllEditionsTitle
        : t.searchTitle,
    form,
    asked,
    trimmed: wasTrimmed(params.q, edition.language)
      ? { chars: MAX_QUERY_CHARS, terms: MAX_QUERY_TERMS }
      : undefined,
    results,
    total: found.total,
    capped: found.capped,
    page: params.page,
    pageCount: Math.min(SEARCH_MAX_PAGES, Math.ceil(found.total / SEARCH_PAGE_SIZE)),
    pageHref: (page) => href({ page }),
    help,
    acrossEditions,
  };
  c.header('cache-control', SEARCH_CACHE_CONTROL);
  return renderPage(c, <SearchPage {...props} />);
}

/** Results with their headline and a snippet highlighted on the original words. */
async function resultsFor(
  deps: AppDeps,
  found: Awaited<ReturnType<typeof searchEditions>>,
  editions: Edition[],
): Promise<SearchResult[]> {
  const articles = await loadResultArticles(
    deps.db,
    found.hits.map((h) => h.id),
  );
  return articles.flatMap((article) => {
    const edition = editions.find((e) => e.code === article.editionCode);
    const query = edition && found.queries.get(edition.language);
    if (!edition || !query) return [];
    const analyzer = analyzerFor(edition.language);
    const terms = highlightTerms(query);
    const body = htmlToText(article.bodyHtml);
    const from = mentions(body, analyzer, terms) || !article.standfirst ? body : article.standfirst;
    const publishedAt = article.firstPublishedAt ?? article.modifiedAt;
    return [
      {
        id: article.id,
        url: articlePath(article.editionCode, article.slug, publishedAt, edition.timeZone),
        headline: highlight(article.headline, analyzer, terms),
        snippet: snippet(from, analyzer, terms),
        section: edition.sections.find((s) => s.id === article.sectionId)?.name,
        publishedAt,
        image: article.image,
        edition,
      },
    ];
  });
}

/** Cheap ways out of an empty page: fewer words, no filters, every edition. */
async function noResultsHelp(
  deps: AppDeps,
  chrome: Chrome,
  params: SearchParams,
  text: string,
  words: string[],
  options: Omit<Parameters<typeof searchEditions>[3], 'limit' | 'offset'>,
  href: (changes: Partial<SearchParams>) => string,
  acrossEditions: boolean,
): Promise<SearchPageProps['help']> {
  const scope = acrossEditions ? chrome.editions : [chrome.edition];
  const count = async (q: string, filtered: boolean) => {
    const base = filtered ? options : { ...options, sectionId: undefined, from: undefined, to: undefined };
    return (await searchEditions(deps.db, q, scope, { ...base, limit: 1, offset: 0 })).total;
  };
  const filtered = Boolean(params.section || params.from || params.to);
  const single =
    words.length > 1 ? await Promise.all(words.map(async (w) => ({ w, n: await count(w, true) }))) : [];
  const unfiltered = filtered ? await count(text, false) : 0;
  const everywhere =
    !acrossEditions && chrome.editions.length > 1
      ? (
          await searchEditions(deps.db, text, chrome.editions, {
            ...options,
            sectionId: undefined,
            limit: 1,
            offset: 0,
          })
        ).total
      : 0;
  return {
    words: single.filter((s) => s.n > 0).map((s) => ({ text: s.w, href: href({ q: s.w, page: 1 }) })),
    clearFiltersHref: unfiltered > 0 ? href({ section: '', from: '', to: '', page: 1 }) : undefined,
    allEditions:
      everywhere > 0
        ? {
            href: searchHref('/search', { ...params, q: text, section: '', page: 1 }, chrome.edition.code),
            total: everywhere,
          }
        : undefined,
  };
}

function searchHref(path: string, params: SearchParams, edition: string): string {
  const query = new URLSearchParams();
  query.set('q', params.q);
  if (params.section) query.set('section', params.section);
  if (params.from) query.set('from', params.from);
  if (params.to) query.set('to', params.to);
  if (params.sort !== 'relevance') query.set('sort', params.sort);
  if (params.page > 1) query.set('page', String(params.page));
  if (edition) query.set('edition', edition);
  return `${path}?${query}`;
}

/** The start of the day after `day` (the "to" date is inclusive). */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
}

/** The reader's query went past the limits and was shortened. */
function wasTrimmed(raw: string, language: string): boolean {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (Array.from(text).length > MAX_QUERY_CHARS) return true;
  return analyzerFor(language).terms(cleanQueryText(text)).length > MAX_QUERY_TERMS;
}
