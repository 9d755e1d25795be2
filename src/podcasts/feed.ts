/**
 * A show's feed: RSS 2.0 with the tags Apple Podcasts requires and Spotify
 * reads (itunes:), and the Podcasting 2.0 namespace (podcast:guid, locked,
 * transcript, chapters). Only published episodes, newest first.
 */
import { attr, buildXml, xmlText } from '../feeds/xml.js';
import { CHAPTERS_TYPE } from './chapters.js';
import { podcastFileUrl } from './files.js';
import { type Episode, episodePath, feedPath, type Show, showPath } from './queries.js';
import { TRANSCRIPT_TYPES } from './transcripts.js';

export const NAMESPACES = {
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  podcast: 'https://podcastindex.org/namespace/1.0',
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
} as const;

/** Apple wants "true" or "false" (it no longer takes "yes", "clean"). */
const explicit = (value: boolean) => (value ? 'true' : 'false');

/** Show notes for podcast apps: links made absolute (apps have no base URL), text XML can carry. */
function notesForApps(html: string, publicUrl: string): string {
  return xmlText(html).replace(/\b(href|src)="\/(?!\/)/g, (_whole, name: string) => `${name}="${publicUrl}/`);
}

export const episodeChaptersPath = (show: Show, episode: Episode) =>
  `${episodePath(show.editionCode, show.slug, episode.slug)}/chapters.json`;
export const episodeTranscriptPath = (show: Show, episode: Episode) =>
  `${episodePath(show.editionCode, show.slug, episode.slug)}/transcript.${episode.transcript?.format ?? 'vtt'}`;

function item(show: Show, episode: Episode, publicUrl: string): Record<string, unknown> | undefined {
  const { audio } = episode;
  if (!audio || !episode.publishedAt) return undefined;
  const link = `${publicUrl}${episodePath(show.editionCode, show.slug, episode.slug)}`;
  const notes = notesForApps(episode.notesHtml, publicUrl);
  return {
    title: xmlText(episode.title),
    link,
    description: notes,
    'content:encoded': notes,
    guid: { [attr('isPermaLink')]: 'false', '#text': episode.guid },
    pubDate: new Date(episode.publishedAt).toUTCString(),
    enclosure: {
      [attr('url')]: `${publicUrl}${podcastFileUrl(audio.file)}`,
      [attr('length')]: String(audio.bytes),
      [attr('type')]: audio.contentType,
    },
    'itunes:title': xmlText(episode.title),
    'itunes:duration': String(Math.round(audio.durationMs / 1000)),
    ...(episode.episodeNumber !== null ? { 'itunes:episode': String(episode.episodeNumber) } : {}),
    ...(episode.seasonNumber !== null ? { 'itunes:season': String(episode.seasonNumber) } : {}),
    'itunes:episodeType': episode.episodeType,
    'itunes:explicit': explicit(episode.explicit),
    ...(episode.image
      ? { 'itunes:image': { [attr('href')]: `${publicUrl}${podcastFileUrl(episode.image.file)}` } }
      : {}),
    ...(episode.transcript
      ? {
          'podcast:transcript': {
            [attr('url')]: `${publicUrl}${episodeTranscriptPath(show, episode)}`,
            [attr('type')]: TRANSCRIPT_TYPES[episode.transcript.format],
            [attr('language')]: show.language,
            [attr('rel')]: 'captions',
          },
        }
      : {}),
    ...(episode.chapters.length > 0
      ? {
          'podcast:chapters': {
            [attr('url')]: `${publicUrl}${episodeChaptersPath(show, episode)}`,
            [attr('type')]: CHAPTERS_TYPE,
          },
        }
      : {}),
  };
}

/** The RSS document of a show and its published episodes (newest first). */
export function renderPodcastFeed(show: Show, episodes: Episode[], publicUrl: string): string {
  const page = `${publicUrl}${showPath(show.editionCode, show.slug)}`;
  const self = `${publicUrl}${feedPath(show.editionCode, show.slug)}`;
  const artwork = show.artwork;
  const small =
    artwork?.renditions.find((r) => r.format === 'jpeg' && r.width >= 600) ?? artwork?.renditions.at(-1);
  const items = episodes.flatMap((episode) => item(show, episode, publicUrl) ?? []);
  // The newest episode rather than the time of rendering: an unchanged feed keeps its ETag.
  const newest = episodes.find((e) => e.publishedAt)?.publishedAt;
  const category = show.subcategory
    ? { [attr('text')]: show.category, 'itunes:category': { [attr('text')]: show.subcategory } }
    : { [attr('text')]: show.category };
  return buildXml({
    rss: {
      [attr('version')]: '2.0',
      [attr('xmlns:itunes')]: NAMESPACES.itunes,
      [attr('xmlns:podcast')]: NAMESPACES.podcast,
      [attr('xmlns:atom')]: NAMESPACES.atom,
      [attr('xmlns:content')]: NAMESPACES.content,
      channel: {
        'atom:link': { [attr('href')]: self, [attr('rel')]: 'self', [attr('type')]: 'application/rss+xml' },
        title: xmlText(show.title),
        link: page,
        description: xmlText(show.description),
        language: show.language,
        ...(show.copyright ? { copyright: xmlText(show.copyright) } : {}),
        ...(newest ? { lastBuildDate: new Date(newest).toUTCString() } : {}),
        generator: 'Sahifa',
        ...(artwork
          ? {
              image: {
                url: `${publicUrl}${podcastFileUrl(small?.file ?? artwork.file)}`,
                title: xmlText(show.title),
                link: page,
              },
              'itunes:image': { [attr('href')]: `${publicUrl}${podcastFileUrl(artwork.file)}` },
            }
          : {}),
        'itunes:category': category,
        'itunes:explicit': explicit(show.explicit),
        'itunes:author': xmlText(show.author),
        'itunes:owner': { 'itunes:name': xmlText(show.ownerName), 'itunes:email': show.ownerEmail },
        'itunes:type': show.showType,
        'podcast:guid': show.guid,
        'podcast:locked': { [attr('owner')]: show.ownerEmail, '#text': show.locked ? 'yes' : 'no' },
        item: items,
      },
    },
  });
}
