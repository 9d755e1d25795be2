import type { Edition, SectionRef } from '../editions/queries.js';
import { format, messagesFor } from '../i18n/messages.js';
import type { Image } from '../media/images.js';
import { DateTime } from '../ui/DateTime.js';
import { type Chrome, Layout, type PageMeta } from '../ui/Layout.js';
import { Picture } from '../ui/Picture.js';
import { fillParts } from '../ui/template.js';
import type { Segment, Snippet } from './text.js';

/** One result, highlighted on the words the reader wrote. */
export interface SearchResult {
  id: string;
  url: string;
  headline: Segment[];
  snippet: Snippet;
  section: string | undefined;
  publishedAt: string;
  image: Image | null;
  /** The result's edition (dates in its style); named when results span editions. */
  edition: Edition;
}

export interface SearchForm {
  action: string;
  q: string;
  section: string;
  from: string;
  to: string;
  sort: 'relevance' | 'newest';
  /** Null when searching every edition (sections belong to one). */
  sections: SectionRef[] | null;
}

export interface NoResultsHelp {
  allEditions?: { href: string; total: number } | undefined;
  words: { text: string; href: string }[];
  clearFiltersHref?: string | undefined;
}

export interface SearchPageProps {
  chrome: Chrome;
  meta: PageMeta;
  heading: string;
  form: SearchForm;
  /** The query had words to search for. */
  asked: boolean;
  trimmed: { chars: number; terms: number } | undefined;
  results: SearchResult[];
  total: number;
  /** More matched than were ranked. */
  capped: boolean;
  page: number;
  pageCount: number;
  pageHref: (page: number) => string;
  help: NoResultsHelp;
  acrossEditions: boolean;
}

export function SearchPage(props: SearchPageProps) {
  const { chrome, form } = props;
  const t = messagesFor(chrome.edition.language);
  return (
    <Layout chrome={chrome} meta={props.meta}>
      <h1 class="page-title">{props.heading}</h1>
      <SearchFilters form={form} language={chrome.edition.language} />
      {props.trimmed && (
        <p class="search-note" role="note">
          {format(t.searchTrimmed, {
            chars: String(props.trimmed.chars),
            terms: String(props.trimmed.terms),
          })}
        </p>
      )}
      {!props.asked && <p>{t.searchEmpty}</p>}
      {props.asked && props.total === 0 && (
        <NoResults query={form.q} help={props.help} language={chrome.edition.language} />
      )}
      {props.total > 0 && (
        <>
          <p class="search-count" role="status">
            {format(props.capped ? t.searchResultCountCapped : t.searchResultCount, {
              count: String(props.total),
            })}
          </p>
          <ol class="cards search-results">
            {props.results.map((r) => (
              <ResultItem result={r} acrossEditions={props.acrossEditions} />
            ))}
          </ol>
          <Pagination
            page={props.page}
            pageCount={props.pageCount}
            href={props.pageHref}
            language={chrome.edition.language}
          />
        </>
      )}
    </Layout>
  );
}

function Marked({ segments }: { segments: Segment[] }) {
  return <>{segments.map((s) => (s.marked ? <mark>{s.text}</mark> : s.text))}</>;
}

function ResultItem({ result, acrossEditions }: { result: SearchResult; acrossEditions: boolean }) {
  const lang = result.edition.language;
  return (
    <li class="card" {...(acrossEditions ? { lang, dir: result.edition.direction } : {})}>
      {result.image && <Picture image={result.image} sizes="(min-width: 48rem) 12rem, 7.5rem" />}
      <div>
        <h2>
          <a href={result.url}>
            <Marked segments={result.headline} />
          </a>
        </h2>
        {result.snippet.segments.length > 0 && (
          <p class="snippet">
            {result.snippet.before && '… '}
            <Marked segments={result.snippet.segments} />
            {result.snippet.after && ' …'}
          </p>
        )}
        <span class="meta">
          {acrossEditions && (
            <>
              <bdi>{result.edition.name}</bdi> ·{' '}
            </>
          )}
          {result.section && <>{result.section} · </>}
          <DateTime iso={result.publishedAt} edition={result.edition} />
        </span>
      </div>
    </li>
  );
}

/** A plain GET form: works without JavaScript. */
export function SearchFilters({ form, language }: { form: SearchForm; language: string }) {
  const t = messagesFor(language);
  return (
    <search class="search-filters">
      <form method="get" action={form.action}>
        <p>
          <label for="search-q">{t.searchLabel}</label>
          <input id="search-q" type="search" name="q" value={form.q} maxlength={1000} />
          <button type="submit">{t.searchButton}</button>
        </p>
        <fieldset>
          <legend>{t.searchFilters}</legend>
          {form.sections && (
            <p>
              <label for="search-section">{t.searchSection}</label>
              <select id="search-section" name="section">
                <option value="">{t.searchAllSections}</option>
                {form.sections.map((s) => (
                  <option value={s.slug} selected={s.slug === form.section}>
                    {s.name}
                  </option>
                ))}
              </select>
            </p>
          )}
          <p>
            <label for="search-from">{t.searchFrom}</label>
            <input id="search-from" type="date" name="from" value={form.from} />
          </p>
          <p>
            <label for="search-to">{t.searchTo}</label>
            <input id="search-to" type="date" name="to" value={form.to} />
          </p>
          <p>
            <label for="search-sort">{t.searchSort}</label>
            <select id="search-sort" name="sort">
              <option value="relevance" selected={form.sort === 'relevance'}>
                {t.searchSortRelevance}
              </option>
              <option value="newest" selected={form.sort === 'newest'}>
                {t.searchSortNewest}
              </option>
            </select>
          </p>
        </fieldset>
      </form>
    </search>
  );
}

function NoResults({ query, help, language }: { query: string; help: NoResultsHelp; language: string }) {
  const t = messagesFor(language);
  return (
    <section class="search-none" aria-labelledby="search-none">
      <h2 id="search-none">{fillParts(t.searchNoResults, { query: <bdi>{query}</bdi> })}</h2>
      <h3>{t.searchSuggestions}</h3>
      <ul>
        <li>{t.searchTipSpelling}</li>
        {help.words.map((w) => (
          <li>
            <a href={w.href}>{fillParts(t.searchTryWord, { word: <bdi>{w.text}</bdi> })}</a>
          </li>
        ))}
        {help.clearFiltersHref && (
          <li>
            <a href={help.clearFiltersHref}>{t.searchClearFilters}</a>
          </li>
        )}
        {help.allEditions && (
          <li>
            <a href={help.allEditions.href}>
              {fillParts(t.searchTryAllEditions, { query: <bdi>{query}</bdi> })}
            </a>{' '}
            ({format(t.searchResultCount, { count: String(help.allEditions.total) })})
          </li>
        )}
      </ul>
    </section>
  );
}

function Pagination({
  page,
  pageCount,
  href,
  language,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  language: string;
}) {
  if (pageCount <= 1) return null;
  const t = messagesFor(language);
  return (
    <nav class="search-pages" aria-label={t.searchPagination}>
      {page > 1 && (
        <a href={href(page - 1)} rel="prev">
          {t.searchPrevious}
        </a>
      )}
      <span>{format(t.searchPageOf, { page: String(page), pages: String(pageCount) })}</span>
      {page < pageCount && (
        <a href={href(page + 1)} rel="next">
          {t.searchNext}
        </a>
      )}
    </nav>
  );
}
