/**
 * The reader's podcasts: /{edition}/podcasts (shows), a show's page and
 * feed, an episode's page, chapters and transcript, and the files
 * themselves under /media/podcasts (byte ranges, cached for good).
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { findArticleCards } from '../articles/queries.js';
import { textOf } from '../articles/sanitize.js';
import { loadChrome } from '../editions/chrome.js';
import { type CacheTag, cacheTags, editionPageTags } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import { renderPage } from '../http/render.js';
import { isoInZone } from '../i18n/dates.js';
import { messagesFor } from '../i18n/messages.js';
import { serveStoredMedia } from '../media/serve.js';
import type { PageMeta } from '../ui/Layout.js';
import { chaptersDocument } from './chapters.js';
import { episodeTranscriptPath, renderPodcastFeed } from './feed.js';
import { CONTENT_TYPES, PODCAST_FILE, podcastFileUrl, podcastKey } from './files.js';
import {
  type Episode,
  episodePath,
  feedPath,
  findPublicShow,
  findPublishedEpisode,
  listPublicShows,
  listPublishedEpisodes,
  type Show,
  showPath,
  showsPath,
} from './queries.js';
import { podcastEpisodeJsonLd } from './structured-data.js';
import { parseTranscript, TRANSCRIPT_TYPES, TranscriptError } from './transcripts.js';
import { EpisodePage, ShowPage, ShowsPage } from './views.js';

/** Episodes on a show's page; its feed carries them all (up to FEED_EPISODES). */
export const EPISODES_PER_PAGE = 50;
/** Podcast apps read a show's whole catalogue from its feed. */
export const FEED_EPISODES = 3000;
const RSS = 'application/rss+xml; charset=utf-8';

const slug = z.string().min(1).max(300);
const pageParam = z.coerce.number().int().min(1).max(10_000).catch(1);

export function podcastRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config } = deps;

  /** The show named by the URL, if readers may see it; 404 otherwise. */
  async function showOf(c: Context<AppEnv>): Promise<Show> {
    const name = slug.safeParse(c.req.param('show'));
    const show = name.success ? await findPublicShow(db, c.req.param('edition') ?? '', name.data) : undefined;
    if (!show) throw notFound('No such podcast');
    return show;
  }

  async function episodeOf(c: Context<AppEnv>, show: Show): Promise<Episode> {
    const name = slug.safeParse(c.req.param('episode'));
    const episode = name.success ? await findPublishedEpisode(db, show.id, name.data) : undefined;
    if (!episode) throw notFound('No such episode');
    return episode;
  }

  const showTags = (show: Show): CacheTag[] => [
    cacheTags.podcastShow(show.id),
    ...editionPageTags(show.editionCode),
  ];

  app.get('/:edition{[a-z]{2,3}}/podcasts', async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const { edition } = chrome;
    const t = messagesFor(edition.language);
    const shows = await listPublicShows(db, edition.code);
    const meta: PageMeta = {
      title: `${t.podcastsTitle} | ${edition.name}`,
      description: t.podcastsIntro,
      canonical: `${config.publicUrl}${showsPath(edition.code)}`,
      ogType: 'website',
      feeds: shows.map((show) => ({
        title: show.title,
        href: `${config.publicUrl}${feedPath(edition.code, show.slug)}`,
        type: 'application/rss+xml',
      })),
    };
    const tags = [
      cacheTags.podcasts(edition.code),
      ...shows.map((s) => cacheTags.podcastShow(s.id)),
      ...editionPageTags(edition.code),
    ];
    return renderPage(
      c,
      <ShowsPage chrome={{ ...chrome, podcastsCurrent: true }} meta={meta} shows={shows} />,
      tags,
    );
  });

  app.get('/:edition{[a-z]{2,3}}/podcasts/:show/feed.xml', async (c) => {
    const show = await showOf(c);
    const { episodes } = await listPublishedEpisodes(db, show.id, { limit: FEED_EPISODES, offset: 0 });
    c.set('cacheTags', [cacheTags.podcastShow(show.id)]);
    return c.body(renderPodcastFeed(show, episodes, config.publicUrl), 200, { 'content-type': RSS });
  });

  app.get('/:edition{[a-z]{2,3}}/podcasts/:show', async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const show = await showOf(c);
    const page = pageParam.parse(c.req.query('page'));
    c.set('cacheQuery', ['page']);
    const { episodes, total } = await listPublishedEpisodes(db, show.id, {
      limit: EPISODES_PER_PAGE,
      offset: (page - 1) * EPISODES_PER_PAGE,
    });
    const pages = Math.max(1, Math.ceil(total / EPISODES_PER_PAGE));
    if (page > pages) throw notFound('No such page of episodes');
    const path = showPath(show.editionCode, show.slug);
    const meta: PageMeta = {
      title: `${show.title} | ${chrome.edition.name}`,
      description: show.description,
      canonical: `${config.publicUrl}${path}${page > 1 ? `?page=${page}` : ''}`,
      ogType: 'website',
      image: artworkMeta(show, config.publicUrl),
      feeds: [
        {
          title: show.title,
          href: `${config.publicUrl}${feedPath(show.editionCode, show.slug)}`,
          type: 'application/rss+xml',
        },
      ],
    };
    const view = (
      <ShowPage
        chrome={{ ...chrome, podcastsCurrent: true }}
        meta={meta}
        show={show}
        episodes={episodes}
        page={page}
        pages={pages}
      />
    );
    return renderPage(c, view, showTags(show));
  });

  app.get('/:edition{[a-z]{2,3}}/podcasts/:show/:episode', async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const { edition } = chrome;
    const show = await showOf(c);
    const episode = await episodeOf(c, show);
    const related = await findArticleCards(db, edition, episode.relatedArticleIds, { now: deps.clock.now() });
    const cards = episode.relatedArticleIds.flatMap((id) => related.get(id) ?? []);
    const path = episodePath(edition.code, show.slug, episode.slug);
    const description = textOf(episode.notesHtml).slice(0, 300) || show.description;
    const meta: PageMeta = {
      title: `${episode.title} | ${show.title}`,
      description,
      canonical: `${config.publicUrl}${path}`,
      ogType: 'website',
      image: artworkMeta(show, config.publicUrl, episode),
      jsonLd: podcastEpisodeJsonLd(show, episode, edition, config.publicUrl),
      feeds: [
        {
          title: show.title,
          href: `${config.publicUrl}${feedPath(show.editionCode, show.slug)}`,
          type: 'application/rss+xml',
        },
      ],
      ...(episode.publishedAt && {
        article: {
          publishedTime: isoInZone(new Date(episode.publishedAt), edition.timeZone),
          modifiedTime: isoInZone(new Date(episode.updatedAt), edition.timeZone),
          tags: [],
        },
      }),
    };
    const cues = transcriptCues(episode);
    const view = (
      <EpisodePage
        chrome={{ ...chrome, podcastsCurrent: true }}
        meta={meta}
        show={show}
        episode={episode}
        cues={cues}
        related={cards}
        transcriptUrl={episode.transcript ? episodeTranscriptPath(show, episode) : undefined}
        captionsUrl={episode.transcript?.format === 'vtt' ? episodeTranscriptPath(show, episode) : undefined}
      />
    );
    const tags = [
      cacheTags.podcastEpisode(episode.id),
      ...cards.map((card) => cacheTags.article(card.id)),
      ...showTags(show),
    ];
    return renderPage(c, view, tags);
  });

  app.get('/:edition{[a-z]{2,3}}/podcasts/:show/:episode/chapters.json', async (c) => {
    const show = await showOf(c);
    const episode = await episodeOf(c, show);
    if (episode.chapters.length === 0) throw notFound('This episode has no chapters');
    c.set('cacheTags', [cacheTags.podcastEpisode(episode.id), cacheTags.podcastShow(show.id)]);
    const document = chaptersDocument(episode.chapters, { title: episode.title, podcastName: show.title });
    return c.body(JSON.stringify(document), 200, {
      'content-type': 'application/json+chapters; charset=utf-8',
      'access-control-allow-origin': '*',
    });
  });

  app.get('/:edition{[a-z]{2,3}}/podcasts/:show/:episode/:file{transcript\\.(vtt|srt)}', async (c) => {
    const show = await showOf(c);
    const episode = await episodeOf(c, show);
    if (!episode.transcript || c.req.param('file') !== `transcript.${episode.transcript.format}`)
      throw notFound('No such transcript');
    c.set('cacheTags', [cacheTags.podcastEpisode(episode.id), cacheTags.podcastShow(show.id)]);
    return c.body(episode.transcript.text, 200, {
      'content-type': `${TRANSCRIPT_TYPES[episode.transcript.format]}; charset=utf-8`,
      'access-control-allow-origin': '*',
    });
  });

  // The files: audio answers byte ranges (players seek, apps resume downloads); HEAD gives the headers.
  app.get('/media/podcasts/:file', async (c) => {
    const file = c.req.param('file');
    if (!PODCAST_FILE.test(file)) throw notFound('No such file');
    return serveStoredMedia(c, deps.media, podcastKey(file), {
      contentType: CONTENT_TYPES[file.slice(file.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
      mediaOrigin: config.mediaOrigin,
      // Players on other sites and podcast web apps fetch these too.
      headers: { 'access-control-allow-origin': '*' },
    });
  });

  return app;
}

/** The image a page shares: the episode's own, else the show's artwork (the 600 px JPEG). */
function artworkMeta(show: Show, publicUrl: string, episode?: Episode): PageMeta['image'] {
  const image = episode?.image ?? show.artwork;
  const jpeg = image?.renditions.find((r) => r.format === 'jpeg' && r.width >= 600);
  if (!image || !jpeg) return undefined;
  return {
    url: `${publicUrl}${podcastFileUrl(jpeg.file)}`,
    width: jpeg.width,
    height: jpeg.width,
    alt: show.title,
  };
}

/** The stored transcript's cues (it was read through when uploaded; none if that ever fails). */
function transcriptCues(episode: Episode) {
  if (!episode.transcript) return [];
  try {
    return parseTranscript(episode.transcript.text).cues;
  } catch (error) {
    if (error instanceof TranscriptError) return [];
    throw error;
  }
}
