/**
 * The reader's podcast pages: the edition's shows, a show with its episodes
 * and subscribe links, and an episode with its player (a plain <audio>: it
 * plays without JavaScript; the script makes chapters seek and remembers the
 * position), chapters, notes, transcript and related stories. Views take plain data.
 */
import type { ArticleCard } from '../articles/queries.js';
import type { Edition } from '../editions/queries.js';
import { localizeDigits } from '../i18n/dates.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { ArticleCardItem } from '../ui/ArticleCards.js';
import { DateTime } from '../ui/DateTime.js';
import { type Chrome, Layout, type PageMeta } from '../ui/Layout.js';
import { StoredHtml } from '../ui/StoredHtml.js';
import { fillParts } from '../ui/template.js';
import { clockTime } from './chapters.js';
import { podcastFileUrl } from './files.js';
import {
  type Episode,
  episodePath,
  feedPath,
  type PodcastImage,
  type PublicShow,
  type Show,
  showPath,
} from './queries.js';
import { type Cue, transcriptParagraphs } from './transcripts.js';

/** Square artwork at the size the page shows it, from the page renditions (WebP, JPEG). */
export function Artwork({
  image,
  size,
  eager = false,
}: {
  image: PodcastImage;
  size: number;
  eager?: boolean;
}) {
  const of = (format: 'webp' | 'jpeg') =>
    image.renditions
      .filter((r) => r.format === format)
      .map((r) => `${podcastFileUrl(r.file)} ${r.width}w`)
      .join(', ');
  const fallback = image.renditions.find((r) => r.format === 'jpeg' && r.width >= size * 2) ??
    image.renditions.filter((r) => r.format === 'jpeg').at(-1) ?? { file: image.file };
  const sizes = `${size}px`;
  return (
    <picture class="podcast-art">
      <source type="image/webp" srcset={of('webp')} sizes={sizes} />
      <img
        src={podcastFileUrl(fallback.file)}
        srcset={of('jpeg')}
        sizes={sizes}
        width={size}
        height={size}
        alt=""
        loading={eager ? 'eager' : 'lazy'}
        decoding="async"
      />
    </picture>
  );
}

/** "12:30" or "1:02:03", in the edition's digits. */
export const durationText = (ms: number, edition: Edition) =>
  localizeDigits(clockTime(ms / 1000), edition.digits);

function EpisodeLabel({ episode, t, edition }: { episode: Episode; t: Messages; edition: Edition }) {
  const digits = (n: number) => localizeDigits(String(n), edition.digits);
  const number =
    episode.episodeNumber === null
      ? ''
      : episode.seasonNumber === null
        ? format(t.podcastsEpisodeNumber, { number: digits(episode.episodeNumber) })
        : format(t.podcastsSeasonEpisode, {
            season: digits(episode.seasonNumber),
            number: digits(episode.episodeNumber),
          });
  const type =
    episode.episodeType === 'trailer'
      ? t.podcastsTrailer
      : episode.episodeType === 'bonus'
        ? t.podcastsBonus
        : '';
  return (
    <>
      {[number, type].filter(Boolean).join(' · ')}
      {(number || type) && ' · '}
    </>
  );
}

function EpisodeMeta({ episode, edition, t }: { episode: Episode; edition: Edition; t: Messages }) {
  return (
    <span class="meta">
      <EpisodeLabel episode={episode} t={t} edition={edition} />
      {episode.publishedAt && <DateTime iso={episode.publishedAt} edition={edition} />}
      {episode.audio && (
        <>
          {' · '}
          {t.podcastsDuration}{' '}
          <time datetime={`PT${Math.round(episode.audio.durationMs / 1000)}S`} dir="ltr">
            {durationText(episode.audio.durationMs, edition)}
          </time>
        </>
      )}
      {episode.explicit && <> · {t.podcastsExplicit}</>}
    </span>
  );
}

export function ShowsPage({ chrome, meta, shows }: { chrome: Chrome; meta: PageMeta; shows: PublicShow[] }) {
  const { edition } = chrome;
  const t = messagesFor(edition.language);
  return (
    <Layout chrome={chrome} meta={meta}>
      <h1 class="page-title">{t.podcastsTitle}</h1>
      <p>{t.podcastsIntro}</p>
      {shows.length === 0 && <p>{t.podcastsNone}</p>}
      <ul class="podcast-shows">
        {shows.map((show, index) => (
          <li class="card">
            {show.artwork && <Artwork image={show.artwork} size={120} eager={index === 0} />}
            <div>
              <h2>
                <a href={showPath(edition.code, show.slug)}>{show.title}</a>
              </h2>
              <p>{show.description}</p>
              <span class="meta">
                {fillParts(t.podcastsLatest, { date: <DateTime iso={show.latestAt} edition={edition} /> })}
                {' · '}
                {format(t.podcastsEpisodeCount, {
                  count: localizeDigits(String(show.episodeCount), edition.digits),
                })}
              </span>
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** Where to follow a show: its feed for any app, and Apple's and Spotify's pages when the show has them. */
function Subscribe({ show, publicUrl, t }: { show: Show; publicUrl: string; t: Messages }) {
  const feed = `${publicUrl}${feedPath(show.editionCode, show.slug)}`;
  return (
    <section class="subscribe" aria-labelledby="subscribe">
      <h2 id="subscribe">{t.podcastsSubscribe}</h2>
      <ul>
        <li>
          <a href={feed} type="application/rss+xml">
            {t.podcastsRss}
          </a>{' '}
          <code dir="ltr">{feed}</code>
          <br />
          <small>{t.podcastsRssHint}</small>
        </li>
        {show.appleUrl && (
          <li>
            <a href={show.appleUrl} rel="noopener">
              {t.podcastsApple}
            </a>
          </li>
        )}
        {show.spotifyUrl && (
          <li>
            <a href={show.spotifyUrl} rel="noopener">
              {t.podcastsSpotify}
            </a>
          </li>
        )}
      </ul>
    </section>
  );
}

export function ShowPage({
  chrome,
  meta,
  show,
  episodes,
  page,
  pages,
}: {
  chrome: Chrome;
  meta: PageMeta;
  show: Show;
  episodes: Episode[];
  page: number;
  pages: number;
}) {
  const { edition, publicUrl } = chrome;
  const t = messagesFor(edition.language);
  const here = showPath(edition.code, show.slug);
  return (
    <Layout chrome={chrome} meta={meta}>
      <article class="article podcast">
        <header class="podcast-head">
          {show.artwork && <Artwork image={show.artwork} size={200} eager />}
          <div>
            <a class="kicker" href={`/${edition.code}/podcasts`}>
              {t.podcastsTitle}
            </a>
            <h1>{show.title}</h1>
            <p class="byline">{fillParts(t.podcastsBy, { name: <bdi>{show.author}</bdi> })}</p>
          </div>
        </header>
        <p class="podcast-description">{show.description}</p>
        <Subscribe show={show} publicUrl={publicUrl} t={t} />
        <section aria-labelledby="episodes">
          <h2 id="episodes">{t.podcastsEpisodes}</h2>
          <ol class="podcast-episodes">
            {episodes.map((episode) => (
              <li>
                <h3>
                  <a href={episodePath(edition.code, show.slug, episode.slug)}>{episode.title}</a>
                </h3>
                <EpisodeMeta episode={episode} edition={edition} t={t} />
              </li>
            ))}
          </ol>
          {pages > 1 && (
            <nav class="search-pages" aria-label={t.podcastsEpisodes}>
              {page > 1 && (
                <a href={page === 2 ? here : `${here}?page=${page - 1}`} rel="prev">
                  {t.podcastsNewer}
                </a>
              )}
              {page < pages && (
                <a href={`${here}?page=${page + 1}`} rel="next">
                  {t.podcastsOlder}
                </a>
              )}
            </nav>
          )}
        </section>
      </article>
    </Layout>
  );
}

const megabytes = (bytes: number, edition: Edition) =>
  localizeDigits((bytes / 1024 / 1024).toFixed(1), edition.digits);

export function EpisodePage({
  chrome,
  meta,
  show,
  episode,
  cues,
  related,
  transcriptUrl,
  captionsUrl,
}: {
  chrome: Chrome;
  meta: PageMeta;
  show: Show;
  episode: Episode;
  /** The transcript's cues, when it has one. */
  cues: Cue[];
  related: ArticleCard[];
  transcriptUrl: string | undefined;
  /** A WebVTT transcript, which players show as captions (SRT they cannot read). */
  captionsUrl: string | undefined;
}) {
  const { edition } = chrome;
  const t = messagesFor(edition.language);
  const audio = episode.audio;
  const audioUrl = audio ? podcastFileUrl(audio.file) : '';
  const image = episode.image ?? show.artwork;
  // Without the script, a chapter or transcript time opens the audio there (a media fragment).
  const seek = (seconds: number) => ({ href: `${audioUrl}#t=${seconds}`, 'data-seek': String(seconds) });
  return (
    <Layout chrome={chrome} meta={meta}>
      <article class="article podcast">
        <header class="podcast-head">
          {image && <Artwork image={image} size={200} eager />}
          <div>
            <a class="kicker" href={showPath(edition.code, show.slug)}>
              {show.title}
            </a>
            <h1>{episode.title}</h1>
            <EpisodeMeta episode={episode} edition={edition} t={t} />
          </div>
        </header>
        {audio && (
          <div class="player">
            {/* biome-ignore lint/a11y/useMediaCaption: a WebVTT transcript is its track; any transcript is on the page below. */}
            <audio
              id="player"
              controls
              preload="none"
              src={audioUrl}
              data-episode={episode.id}
              aria-label={format(t.podcastsPlayerLabel, { title: episode.title })}
            >
              {captionsUrl && (
                <track
                  kind="captions"
                  src={captionsUrl}
                  srclang={show.language}
                  label={t.podcastsTranscript}
                />
              )}
              <a href={audioUrl}>{t.podcastsDownload}</a>
            </audio>
            <a class="podcast-download" href={audioUrl} download>
              {fillParts(t.podcastsDownloadSize, {
                format: <bdi>{audio.contentType === 'audio/mpeg' ? 'MP3' : 'M4A'}</bdi>,
                size: megabytes(audio.bytes, edition),
              })}
            </a>
          </div>
        )}
        {episode.chapters.length > 0 && (
          <section aria-labelledby="chapters">
            <h2 id="chapters">{t.podcastsChapters}</h2>
            <ol class="chapters">
              {episode.chapters.map((chapter) => (
                <li>
                  <a {...seek(chapter.startTime)}>
                    <time dir="ltr">{localizeDigits(clockTime(chapter.startTime), edition.digits)}</time>{' '}
                    <span dir="auto">{chapter.title}</span>
                  </a>
                </li>
              ))}
            </ol>
          </section>
        )}
        {episode.notesHtml && (
          <section aria-labelledby="notes">
            <h2 id="notes">{t.podcastsNotes}</h2>
            <StoredHtml class="body" html={episode.notesHtml} />
          </section>
        )}
        {cues.length > 0 && (
          <section class="transcript" aria-labelledby="transcript">
            <h2 id="transcript">{t.podcastsTranscript}</h2>
            {transcriptParagraphs(cues).map((paragraph) => (
              <p>
                <a class="transcript-time" {...seek(Math.floor(paragraph.start))}>
                  <time dir="ltr">{localizeDigits(clockTime(paragraph.start), edition.digits)}</time>
                </a>{' '}
                {paragraph.speaker && (
                  <>
                    <b>
                      <bdi>{paragraph.speaker}</bdi>
                    </b>
                    {t.podcastsSpeakerColon}{' '}
                  </>
                )}
                <span dir="auto">{paragraph.text}</span>
              </p>
            ))}
            {transcriptUrl && (
              <p class="meta">
                <a href={transcriptUrl}>
                  {fillParts(t.podcastsTranscriptFile, {
                    format: <bdi>{episode.transcript?.format === 'srt' ? 'SRT' : 'WebVTT'}</bdi>,
                  })}
                </a>
              </p>
            )}
          </section>
        )}
        <p class="meta">
          <a href={showPath(edition.code, show.slug)}>
            {format(t.podcastsAllEpisodes, { show: show.title })}
          </a>
        </p>
      </article>
      {related.length > 0 && (
        <section class="related" aria-labelledby="related">
          <h2 id="related">{t.podcastsRelated}</h2>
          <ul class="cards">
            {related.map((card) => (
              <ArticleCardItem card={card} edition={edition} heading="h3" />
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
