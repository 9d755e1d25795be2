import { textOf } from '../articles/sanitize.js';
import type { Edition } from '../editions/queries.js';
import { isoInZone } from '../i18n/dates.js';
import { podcastFileUrl } from './files.js';
import { type Episode, feedPath, type Show, showPath } from './queries.js';

/** ISO-8601 duration ("PT1H2M3S") of milliseconds. */
export function isoDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/** schema.org PodcastEpisode for an episode page, part of its PodcastSeries. */
export function podcastEpisodeJsonLd(show: Show, episode: Episode, edition: Edition, publicUrl: string) {
  const url = `${publicUrl}${showPath(show.editionCode, show.slug)}/${encodeURIComponent(episode.slug)}`;
  const image = episode.image ?? show.artwork;
  const description = textOf(episode.notesHtml);
  return {
    '@context': 'https://schema.org',
    '@type': 'PodcastEpisode',
    '@id': url,
    url,
    name: episode.title,
    ...(description ? { description } : {}),
    inLanguage: show.language,
    ...(episode.publishedAt
      ? { datePublished: isoInZone(new Date(episode.publishedAt), edition.timeZone) }
      : {}),
    ...(episode.episodeNumber !== null ? { episodeNumber: episode.episodeNumber } : {}),
    ...(image ? { image: `${publicUrl}${podcastFileUrl(image.file)}` } : {}),
    ...(episode.audio
      ? {
          timeRequired: isoDuration(episode.audio.durationMs),
          associatedMedia: {
            '@type': 'MediaObject',
            contentUrl: `${publicUrl}${podcastFileUrl(episode.audio.file)}`,
            encodingFormat: episode.audio.contentType,
            contentSize: String(episode.audio.bytes),
            duration: isoDuration(episode.audio.durationMs),
          },
        }
      : {}),
    ...(episode.seasonNumber !== null
      ? { partOfSeason: { '@type': 'PodcastSeason', seasonNumber: episode.seasonNumber } }
      : {}),
    partOfSeries: {
      '@type': 'PodcastSeries',
      name: show.title,
      url: `${publicUrl}${showPath(show.editionCode, show.slug)}`,
      webFeed: `${publicUrl}${feedPath(show.editionCode, show.slug)}`,
      author: { '@type': 'Organization', name: show.author },
    },
    publisher: { '@type': 'NewsMediaOrganization', name: edition.name, url: `${publicUrl}/${edition.code}` },
    isAccessibleForFree: true,
  };
}
