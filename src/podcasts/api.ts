/**
 * Podcasts in the content API (src/api/routes.ts): what readers can see,
 * with absolute URLs and dates in the edition's zone like the rest of the API.
 */
import type { ArticleCard } from '../articles/queries.js';
import type { Edition } from '../editions/queries.js';
import { isoInZone } from '../i18n/dates.js';
import type { Chapter } from './chapters.js';
import { episodeChaptersPath, episodeTranscriptPath } from './feed.js';
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
import { TRANSCRIPT_TYPES } from './transcripts.js';

export const apiPodcastsPath = (editionCode: string) => `/api/v1/${editionCode}/podcasts`;

export interface ArtworkJson {
  /** The original (1400 to 3000 px, what podcast apps take). */
  url: string;
  width: number;
  height: number;
  /** Smaller copies for lists, by format, widest last. */
  srcset: { webp: string; jpeg: string };
}

export interface ShowJson {
  id: string;
  url: string;
  feedUrl: string;
  apiUrl: string;
  slug: string;
  title: string;
  description: string;
  language: string;
  author: string;
  copyright: string;
  category: { name: string; subcategory: string | null };
  explicit: boolean;
  type: 'episodic' | 'serial';
  /** podcast:guid */
  guid: string;
  artwork: ArtworkJson | null;
  links: { apple: string | null; spotify: string | null };
}

export interface EpisodeJson {
  id: string;
  /** The feed item's guid: never changes. */
  guid: string;
  url: string;
  slug: string;
  title: string;
  notesHtml: string;
  publishedAt: string;
  type: 'full' | 'trailer' | 'bonus';
  episodeNumber: number | null;
  seasonNumber: number | null;
  explicit: boolean;
  /** Its URL never changes; a new file would have a new one. */
  audio: { url: string; type: string; length: number; durationSeconds: number; bitrate: number } | null;
  image: ArtworkJson | null;
  chapters: Chapter[];
  chaptersUrl: string | null;
  transcript: { url: string; type: string } | null;
  related: { headline: string; url: string }[];
}

function artworkJson(image: PodcastImage | null, publicUrl: string): ArtworkJson | null {
  if (!image) return null;
  const srcset = (format: 'webp' | 'jpeg') =>
    image.renditions
      .filter((r) => r.format === format)
      .map((r) => `${publicUrl}${podcastFileUrl(r.file)} ${r.width}w`)
      .join(', ');
  return {
    url: `${publicUrl}${podcastFileUrl(image.file)}`,
    width: image.width,
    height: image.height,
    srcset: { webp: srcset('webp'), jpeg: srcset('jpeg') },
  };
}

export function showJson(show: Show, publicUrl: string): ShowJson {
  return {
    id: show.id,
    url: `${publicUrl}${showPath(show.editionCode, show.slug)}`,
    feedUrl: `${publicUrl}${feedPath(show.editionCode, show.slug)}`,
    apiUrl: `${publicUrl}${apiPodcastsPath(show.editionCode)}/${encodeURIComponent(show.slug)}`,
    slug: show.slug,
    title: show.title,
    description: show.description,
    language: show.language,
    author: show.author,
    copyright: show.copyright,
    category: { name: show.category, subcategory: show.subcategory || null },
    explicit: show.explicit,
    type: show.showType,
    guid: show.guid,
    artwork: artworkJson(show.artwork, publicUrl),
    links: { apple: show.appleUrl || null, spotify: show.spotifyUrl || null },
  };
}

/** A show in the edition's list: its fields, how many episodes, the newest's date. */
export function publicShowJson(show: PublicShow, edition: Edition, publicUrl: string) {
  return {
    ...showJson(show, publicUrl),
    episodeCount: show.episodeCount,
    latestEpisodeAt: isoInZone(new Date(show.latestAt), edition.timeZone),
  };
}

export function episodeJson(
  show: Show,
  episode: Episode,
  edition: Edition,
  publicUrl: string,
  related: ArticleCard[] = [],
): EpisodeJson {
  const { audio } = episode;
  return {
    id: episode.id,
    guid: episode.guid,
    url: `${publicUrl}${episodePath(show.editionCode, show.slug, episode.slug)}`,
    slug: episode.slug,
    title: episode.title,
    notesHtml: episode.notesHtml,
    publishedAt: isoInZone(new Date(episode.publishedAt ?? episode.createdAt), edition.timeZone),
    type: episode.episodeType,
    episodeNumber: episode.episodeNumber,
    seasonNumber: episode.seasonNumber,
    explicit: episode.explicit,
    audio: audio && {
      url: `${publicUrl}${podcastFileUrl(audio.file)}`,
      type: audio.contentType,
      length: audio.bytes,
      durationSeconds: Math.round(audio.durationMs / 1000),
      bitrate: audio.bitrate,
    },
    image: artworkJson(episode.image, publicUrl),
    chapters: episode.chapters,
    chaptersUrl: episode.chapters.length > 0 ? `${publicUrl}${episodeChaptersPath(show, episode)}` : null,
    transcript: episode.transcript && {
      url: `${publicUrl}${episodeTranscriptPath(show, episode)}`,
      type: TRANSCRIPT_TYPES[episode.transcript.format],
    },
    related: related.map((card) => ({ headline: card.headline, url: `${publicUrl}${card.url}` })),
  };
}
