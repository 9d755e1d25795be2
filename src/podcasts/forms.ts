/**
 * The podcast desk's forms: their fields, how they are read, and what a
 * refusal says. Error messages are keys of the UI strings, so they are shown
 * in the desk's language; every text field refuses NUL and broken characters.
 */
import { z } from 'zod';
import { textInput } from '../http/input-guard.js';
import type { Messages } from '../i18n/messages.js';
import type { FieldErrors } from '../ui/forms.js';
import type { EpisodeFormValues, ShowFormValues } from './admin-views.js';
import { categoryChoice, readCategoryChoice } from './categories.js';
import { chaptersAsText } from './chapters.js';
import type { Episode, Show } from './queries.js';
import { EPISODE_INTENTS } from './workflow.js';

const stored = () => textInput('deskErrorInvalidCharacters');
const text = (max: number) => stored().max(max, 'deskErrorTooLong');
const required = (max: number) => stored().trim().min(1, 'adminErrorRequired').max(max, 'deskErrorTooLong');
/** A ticked box sends "1"; an unticked one nothing. */
const tick = z
  .string()
  .optional()
  .transform((value) => value === '1');
/** A chosen file; a file input left empty sends a nameless empty file, which is no file. */
const upload = z
  .union([z.instanceof(File), z.string()])
  .optional()
  .transform((value) => (value instanceof File && (value.size > 0 || value.name !== '') ? value : undefined));
/** An https address on `host`, or nothing. */
const linkOn = (host: string) =>
  text(500)
    .trim()
    .refine((value) => {
      if (value === '') return true;
      try {
        const url = new URL(value);
        return url.protocol === 'https:' && url.hostname === host;
      } catch {
        return false;
      }
    }, 'podcastDeskErrorLink');
/** A whole number from 1, or nothing. */
const wholeNumber = stored()
  .trim()
  .refine((value) => value === '' || /^[1-9][0-9]{0,5}$/.test(value), 'podcastDeskErrorNumber')
  .transform((value) => (value === '' ? null : Number(value)));
/** BCP-47 as feeds write it: "ar", "en-GB". */
const LANGUAGE = /^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/;

export const showForm = z.object({
  edition: stored().max(16).optional(),
  version: z.coerce.number().int().positive().optional(),
  title: required(300),
  slug: text(80).trim().default(''),
  description: required(4000),
  language: stored().trim().regex(LANGUAGE, 'podcastDeskErrorLanguage'),
  category: stored().refine((value) => readCategoryChoice(value) !== undefined, 'podcastDeskErrorCategory'),
  showType: z.enum(['episodic', 'serial'], { message: 'podcastDeskErrorChoice' }),
  explicit: tick,
  locked: tick,
  author: required(200),
  ownerName: required(200),
  ownerEmail: stored().trim().pipe(z.email('podcastDeskErrorEmail').max(320, 'deskErrorTooLong')),
  copyright: text(300).trim().default(''),
  appleUrl: linkOn('podcasts.apple.com'),
  spotifyUrl: linkOn('open.spotify.com'),
  artwork: upload,
});
export type ShowForm = z.infer<typeof showForm>;

export const episodeForm = z.object({
  version: z.coerce.number().int().positive().optional(),
  intent: z.enum(EPISODE_INTENTS).default('save'),
  /** For intent=schedule: the time on the edition's wall clock (datetime-local). */
  at: stored().max(40).default(''),
  title: required(300),
  slug: text(80).trim().default(''),
  notes: text(200_000).default(''),
  episodeType: z.enum(['full', 'trailer', 'bonus'], { message: 'podcastDeskErrorChoice' }),
  episodeNumber: wholeNumber,
  seasonNumber: wholeNumber,
  explicit: tick,
  chapters: text(100_000).default(''),
  related: text(10_000).default(''),
  removeTranscript: tick,
  audio: upload,
  image: upload,
  transcript: upload,
});
export type EpisodeForm = z.infer<typeof episodeForm>;

function messageOf(t: Messages, key: string): string {
  const found = (t as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : t.deskErrorInvalid;
}

/** Each field's first problem, in the desk's words. */
export function fieldErrors(error: z.ZodError, t: Messages): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? 'form')] ??= messageOf(t, issue.message);
  return errors;
}

const typed = (body: Record<string, unknown>, name: string) => {
  const value = body[name];
  return typeof value === 'string' ? value : '';
};

export function typedShowValues(body: Record<string, unknown>): ShowFormValues {
  const s = (name: string) => typed(body, name);
  return {
    title: s('title'),
    slug: s('slug'),
    description: s('description'),
    language: s('language'),
    category: s('category'),
    explicit: s('explicit') === '1',
    author: s('author'),
    ownerName: s('ownerName'),
    ownerEmail: s('ownerEmail'),
    copyright: s('copyright'),
    showType: s('showType'),
    locked: s('locked') === '1',
    appleUrl: s('appleUrl'),
    spotifyUrl: s('spotifyUrl'),
  };
}

export function storedShowValues(show: Show): ShowFormValues {
  return {
    title: show.title,
    slug: show.slug,
    description: show.description,
    language: show.language,
    category: categoryChoice(show.category, show.subcategory),
    explicit: show.explicit,
    author: show.author,
    ownerName: show.ownerName,
    ownerEmail: show.ownerEmail,
    copyright: show.copyright,
    showType: show.showType,
    locked: show.locked,
    appleUrl: show.appleUrl,
    spotifyUrl: show.spotifyUrl,
  };
}

/** A new show's form: the edition's language and name, News › Daily News, locked. */
export function newShowValues(edition: { language: string; name: string }): ShowFormValues {
  return {
    title: '',
    slug: '',
    description: '',
    language: edition.language,
    category: categoryChoice('News', 'Daily News'),
    explicit: false,
    author: edition.name,
    ownerName: edition.name,
    ownerEmail: '',
    copyright: '',
    showType: 'episodic',
    locked: true,
    appleUrl: '',
    spotifyUrl: '',
  };
}

export function typedEpisodeValues(body: Record<string, unknown>): EpisodeFormValues {
  const s = (name: string) => typed(body, name);
  return {
    title: s('title'),
    slug: s('slug'),
    notes: s('notes'),
    episodeType: s('episodeType') || 'full',
    episodeNumber: s('episodeNumber'),
    seasonNumber: s('seasonNumber'),
    explicit: s('explicit') === '1',
    chapters: s('chapters'),
    related: s('related'),
    removeTranscript: s('removeTranscript') === '1',
    at: s('at'),
  };
}

export function storedEpisodeValues(
  episode: Episode,
  relatedAddresses: string[],
  at: string,
): EpisodeFormValues {
  return {
    title: episode.title,
    slug: episode.slug,
    notes: episode.notesHtml,
    episodeType: episode.episodeType,
    episodeNumber: episode.episodeNumber === null ? '' : String(episode.episodeNumber),
    seasonNumber: episode.seasonNumber === null ? '' : String(episode.seasonNumber),
    explicit: episode.explicit,
    chapters: chaptersAsText(episode.chapters),
    related: relatedAddresses.join('\n'),
    removeTranscript: false,
    at,
  };
}

export const newEpisodeValues = (episodeNumber: number | null): EpisodeFormValues => ({
  title: '',
  slug: '',
  notes: '',
  episodeType: 'full',
  episodeNumber: episodeNumber === null ? '' : String(episodeNumber),
  seasonNumber: '',
  explicit: false,
  chapters: '',
  related: '',
  removeTranscript: false,
  at: '',
});

/** The related-articles field's lines: one address each. */
export const relatedLines = (value: string) =>
  value
    .split(/\s+/)
    .map((line) => line.trim())
    .filter(Boolean);
