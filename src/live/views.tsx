/**
 * Live coverage as readers see it: the "LIVE" label, the key points and key
 * events, the pinned entry, the stream of entries with pages that work
 * without JavaScript, and the hooks the reader script polls from. Views take
 * plain data; every string comes from the locale files.
 */
import { contributorPath } from '../articles/paths.js';
import type { Edition } from '../editions/queries.js';
import { formatDateTime, isoInZone, localizeDigits, localParts } from '../i18n/dates.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
import { StoredHtml } from '../ui/StoredHtml.js';
import { fillParts } from '../ui/template.js';
import type { LiveEntry } from './queries.js';
import { excerpt } from './text.js';

export const entryAnchor = (id: string) => `entry-${id}`;
/** An entry's lasting address: it answers with the page the entry is on (what readers share). */
export const entryPath = (articleUrl: string, entryId: string) => `${articleUrl}/entries/${entryId}`;
/** What the reader script polls for entries newer than the one it has. */
export const updatesPath = (articleUrl: string) => `${articleUrl}/updates`;
/** A page of the stream: the first, or the one of the entries below entry `before`. */
export const livePagePath = (articleUrl: string, before: string | null) =>
  before ? `${articleUrl}?before=${before}` : articleUrl;

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (iso: string, edition: Edition) => {
  const p = localParts(new Date(iso), edition.timeZone);
  return `${p.year}-${p.month}-${p.day}`;
};

/** What the entries of one list are dated against: an entry of another day shows its date too. */
export interface EntryContext {
  edition: Edition;
  articleUrl: string;
  /** The local day (edition's zone) of the coverage's newest entry. */
  newestDay: string;
  /** Public addresses of articles entries were turned into, by article id. */
  spunOff: ReadonlyMap<string, string>;
  /** The page the entry is shown on: key events on it link to their anchor. */
  onPage?: ReadonlySet<string>;
}

/** The local day of an entry's time, to build an `EntryContext`. */
export const newestDayOf = (entries: LiveEntry[], edition: Edition) => {
  const newest = entries.reduce<string | undefined>(
    (latest, e) => (latest && latest > e.publishedAt ? latest : e.publishedAt),
    undefined,
  );
  return newest ? dayOf(newest, edition) : '';
};

/** "15:04" (in the edition's zone and digits), with the date before it when it is not the newest entry's day. */
function EntryTime({ iso, ctx }: { iso: string; ctx: EntryContext }) {
  const date = new Date(iso);
  const { edition } = ctx;
  const p = localParts(date, edition.timeZone);
  const text =
    dayOf(iso, edition) === ctx.newestDay
      ? localizeDigits(`${pad(p.hour)}:${pad(p.minute)}`, edition.digits)
      : formatDateTime(date, edition);
  return (
    <time datetime={isoInZone(date, edition.timeZone)} dir="auto">
      {text}
    </time>
  );
}

/** "LIVE" / "مباشر", beside the section above the headline while the coverage is open. */
export function LiveLabel({ language }: { language: string }) {
  return <span class="live-label">{messagesFor(language).liveLabel}</span>;
}

/** One entry: its time (a link to itself), flags, title, text, author, and its lasting address. */
export function EntryItem({ entry, ctx }: { entry: LiveEntry; ctx: EntryContext }) {
  const t = messagesFor(ctx.edition.language);
  const fullStory = entry.spunOffArticleId ? ctx.spunOff.get(entry.spunOffArticleId) : undefined;
  const classes = [
    'live-entry',
    entry.keyEvent ? 'live-entry-key' : '',
    entry.pinned ? 'live-entry-pinned' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <article class={classes} id={entryAnchor(entry.id)} tabindex={-1}>
      <p class="live-entry-meta">
        <a class="live-entry-time" href={`#${entryAnchor(entry.id)}`}>
          <EntryTime iso={entry.publishedAt} ctx={ctx} />
        </a>
        {entry.pinned && <span class="live-flag">{t.livePinned}</span>}
        {entry.keyEvent && <span class="live-flag">{t.liveKeyEvent}</span>}
      </p>
      {entry.title && <h3 dir="auto">{entry.title}</h3>}
      <StoredHtml class="body" html={entry.bodyHtml} />
      <p class="live-entry-foot">
        {entry.author && (
          <span class="byline">
            {t.by}{' '}
            <a href={contributorPath(ctx.edition.code, entry.author.slug)} rel="author">
              <bdi>{entry.author.name}</bdi>
            </a>
          </span>
        )}
        {fullStory && <a href={fullStory}>{t.liveFullStory}</a>}
        <a class="live-entry-link" href={entryPath(ctx.articleUrl, entry.id)}>
          {t.liveEntryLink}
        </a>
      </p>
    </article>
  );
}

/** The counts a reader's script shows ("2 new updates"), by plural category, in the page's language. */
function newUpdatesLabels(t: Messages, edition: Edition): string {
  return JSON.stringify({
    one: t.liveNewUpdatesOne,
    two: t.liveNewUpdatesTwo,
    few: t.liveNewUpdatesFew,
    many: t.liveNewUpdatesMany,
    other: t.liveNewUpdatesOther,
    digits: edition.digits,
  });
}

export interface LiveCoverageData {
  open: boolean;
  endedAt: string | null;
  /** The article's body: the editors' summary of key points ('' for none). */
  summaryHtml: string;
  keyEvents: LiveEntry[];
  /** Shown first, on the first page only. */
  pinned: LiveEntry | undefined;
  entries: LiveEntry[];
  /** `before` of the page above (null: the first page); undefined on the first page. */
  newer: string | null | undefined;
  /** `before` of the page below, when there is one. */
  older: string | undefined;
  /** The newest entry of the coverage (pinned or not): where polling starts. */
  latestId: string | null;
  ctx: EntryContext;
}

/** What replaces the article's body on a live coverage's page. */
export function LiveCoverage({ data }: { data: LiveCoverageData }) {
  const { ctx } = data;
  const { edition } = ctx;
  const t = messagesFor(edition.language);
  const firstPage = data.newer === undefined;
  const polling = data.open && firstPage;
  return (
    <div class="live">
      {!data.open && data.endedAt && (
        <p class="live-ended">
          {fillParts(t.liveEnded, {
            time: (
              <time datetime={isoInZone(new Date(data.endedAt), edition.timeZone)} dir="auto">
                {formatDateTime(new Date(data.endedAt), edition)}
              </time>
            ),
          })}
        </p>
      )}
      {data.summaryHtml && (
        <section class="live-summary" aria-labelledby="live-summary">
          <h2 id="live-summary">{t.liveSummary}</h2>
          <StoredHtml class="body" html={data.summaryHtml} />
        </section>
      )}
      {data.keyEvents.length > 0 && (
        <nav class="live-key-events" aria-labelledby="live-key-events">
          <h2 id="live-key-events">{t.liveKeyEvents}</h2>
          <ol>
            {data.keyEvents.map((entry) => (
              <li>
                <a
                  href={
                    ctx.onPage?.has(entry.id)
                      ? `#${entryAnchor(entry.id)}`
                      : entryPath(ctx.articleUrl, entry.id)
                  }
                >
                  <EntryTime iso={entry.publishedAt} ctx={ctx} />{' '}
                  <span dir="auto">{entry.title || excerpt(entry.bodyHtml)}</span>
                </a>
              </li>
            ))}
          </ol>
        </nav>
      )}
      {firstPage && data.pinned && (
        <div class="live-pinned">
          <EntryItem entry={data.pinned} ctx={ctx} />
        </div>
      )}
      <section
        class="live-stream"
        aria-labelledby="live-updates"
        {...(polling
          ? {
              'data-live-updates': updatesPath(ctx.articleUrl),
              'data-live-latest': data.latestId ?? '',
              'data-live-labels': newUpdatesLabels(t, edition),
            }
          : {})}
      >
        <h2 id="live-updates">{t.liveUpdates}</h2>
        {!firstPage && (
          <p class="live-pages">
            <a href={livePagePath(ctx.articleUrl, data.newer ?? null)}>{t.liveNewer}</a>
            {data.newer && <a href={ctx.articleUrl}>{t.liveLatest}</a>}
          </p>
        )}
        {polling && (
          <p class="live-new" aria-live="polite">
            <button type="button" class="button" hidden></button>
          </p>
        )}
        <ol class="live-entries">
          {data.entries.map((entry) => (
            <li>
              <EntryItem entry={entry} ctx={ctx} />
            </li>
          ))}
        </ol>
        {data.entries.length === 0 && !data.pinned && <p class="live-none">{t.liveNoUpdates}</p>}
        {data.older && (
          <p class="live-pages">
            <a href={livePagePath(ctx.articleUrl, data.older)} rel="next">
              {t.liveOlder}
            </a>
          </p>
        )}
      </section>
    </div>
  );
}
