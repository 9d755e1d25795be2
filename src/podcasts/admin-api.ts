/**
 * The admin API's podcasts (/api/admin/v1/podcasts): read shows and
 * episodes, start and change episodes, upload their audio, publish,
 * schedule and unpublish them. An integration is held to the desk's
 * predicates for its role and editions; every write goes through ./workflow.ts.
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { MAX_PODCAST_BODY_BYTES } from '../accounts/middleware.js';
import { canEditPodcastEpisode, canPublishPodcastEpisode, worksInEdition } from '../accounts/policy.js';
import { sanitizeShowNotes } from '../articles/sanitize.js';
import { isConnectionError, isInvalidTextError } from '../db/connect.js';
import { cachedEditions } from '../editions/chrome.js';
import type { Edition } from '../editions/queries.js';
import type { AppDeps } from '../http/env.js';
import { textInput } from '../http/input-guard.js';
import {
  ADMIN_API_BASE,
  authenticate,
  type IntegrationApiEnv,
  readJson,
  tooLarge,
} from '../integrations/api.js';
import { ApiError, sendApiError, sendJson } from '../integrations/api-errors.js';
import { MAX_JSON_BYTES, parseBody } from '../integrations/api-input.js';
import { viaOf } from '../integrations/integrations.js';
import { ChaptersError, parseChapters } from './chapters.js';
import { PodcastFileError, podcastFileUrl } from './files.js';
import {
  articlesAtAddresses,
  type Episode,
  type EpisodeFields,
  episodePath,
  findEpisode,
  findShow,
  listDeskEpisodes,
  listDeskShows,
  type Show,
} from './queries.js';
import { parseTranscript, TranscriptError, tidyTranscript } from './transcripts.js';
import { discardPrepared, type PreparedAudio, prepareAudio } from './uploads.js';
import {
  type Act,
  createEpisode,
  PodcastConflictError,
  PodcastWorkflowError,
  publishEpisode,
  saveEpisode,
  scheduleEpisode,
  unpublishEpisode,
} from './workflow.js';

const BASE = `${ADMIN_API_BASE}/podcasts`;

const text = (max: number) => textInput().max(max);
const number = z.int().min(1).max(999_999).nullable();
/** An episode's fields as the API takes them; chapters in the JSON chapters format (the document or its array). */
const episodeFields = {
  title: text(300).trim().min(1),
  slug: text(80).trim(),
  notesHtml: text(200_000),
  episodeType: z.enum(['full', 'trailer', 'bonus']),
  episodeNumber: number,
  seasonNumber: number,
  explicit: z.boolean(),
  chapters: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).nullable(),
  transcript: z.strictObject({ text: text(2 * 1024 * 1024) }).nullable(),
  relatedArticleUrls: z.array(text(500)).max(20),
};
const createBody = z.strictObject({
  title: episodeFields.title,
  slug: episodeFields.slug.default(''),
  notesHtml: episodeFields.notesHtml.default(''),
  episodeType: episodeFields.episodeType.default('full'),
  episodeNumber: episodeFields.episodeNumber.default(null),
  seasonNumber: episodeFields.seasonNumber.default(null),
  explicit: episodeFields.explicit.default(false),
  chapters: episodeFields.chapters.default(null),
  transcript: episodeFields.transcript.default(null),
  relatedArticleUrls: episodeFields.relatedArticleUrls.default([]),
});
const patchBody = z.strictObject({
  version: z.int().positive(),
  title: episodeFields.title.optional(),
  slug: episodeFields.slug.optional(),
  notesHtml: episodeFields.notesHtml.optional(),
  episodeType: episodeFields.episodeType.optional(),
  episodeNumber: episodeFields.episodeNumber.optional(),
  seasonNumber: episodeFields.seasonNumber.optional(),
  explicit: episodeFields.explicit.optional(),
  chapters: episodeFields.chapters.optional(),
  transcript: episodeFields.transcript.optional(),
  relatedArticleUrls: episodeFields.relatedArticleUrls.optional(),
});
type EpisodeInput = Partial<z.infer<typeof createBody>>;
const scheduleBody = z.strictObject({ at: z.iso.datetime({ offset: true }) });
const emptyBody = z.strictObject({});
const audioForm = z.strictObject({
  file: z.instanceof(File, { message: 'expected a file' }),
  version: z.coerce.number().int().positive(),
});
const listQuery = z.strictObject({
  edition: z
    .string()
    .regex(/^[a-z0-9-]{1,16}$/, 'an edition code')
    .optional(),
});
const idParam = z.string().regex(/^[0-9a-z]{1,32}$/);

const invalid = (path: string, message: string) =>
  new ApiError(400, 'invalid_fields', `${path}: ${message}`, { fields: [{ path, message }] });
const forbidden = (message: string) => new ApiError(403, 'forbidden', message);

/** A show for integrations: the public fields and the counts. */
function showApiJson(show: Show & { episodes?: number; published?: number }, publicUrl: string) {
  return {
    id: show.id,
    edition: show.editionCode,
    slug: show.slug,
    title: show.title,
    description: show.description,
    language: show.language,
    category: show.category,
    subcategory: show.subcategory || null,
    explicit: show.explicit,
    type: show.showType,
    author: show.author,
    guid: show.guid,
    hasArtwork: show.artwork !== null,
    version: show.version,
    ...(show.episodes !== undefined ? { episodes: show.episodes, published: show.published } : {}),
    feedUrl: `${publicUrl}/${show.editionCode}/podcasts/${encodeURIComponent(show.slug)}/feed.xml`,
  };
}

/** An episode for integrations: everything the desk shows, with its state and version. */
function episodeApiJson(show: Show, episode: Episode, publicUrl: string) {
  const { audio } = episode;
  return {
    id: episode.id,
    showId: show.id,
    edition: episode.editionCode,
    status: episode.status,
    version: episode.version,
    guid: episode.guid,
    slug: episode.slug,
    title: episode.title,
    notesHtml: episode.notesHtml,
    episodeType: episode.episodeType,
    episodeNumber: episode.episodeNumber,
    seasonNumber: episode.seasonNumber,
    explicit: episode.explicit,
    audio: audio && {
      url: `${publicUrl}${podcastFileUrl(audio.file)}`,
      type: audio.contentType,
      length: audio.bytes,
      durationSeconds: audio.durationMs / 1000,
      bitrate: audio.bitrate,
      codec: audio.codec,
    },
    chapters: episode.chapters,
    transcript: episode.transcript,
    relatedArticleIds: episode.relatedArticleIds,
    publishedAt: episode.publishedAt,
    scheduledAt: episode.scheduledAt,
    url:
      episode.status === 'published'
        ? `${publicUrl}${episodePath(show.editionCode, show.slug, episode.slug)}`
        : null,
  };
}

/** Mounted before the integrations' API (whose catch-all answers 404 for any path it does not know). */
export function podcastApiRoutes(deps: AppDeps) {
  const app = new Hono<IntegrationApiEnv>();
  const { db, clock, config } = deps;
  const jsonLimit = bodyLimit({ maxSize: MAX_JSON_BYTES, onError: tooLarge(MAX_JSON_BYTES) });
  const audioLimit = bodyLimit({
    maxSize: MAX_PODCAST_BODY_BYTES,
    onError: tooLarge(MAX_PODCAST_BODY_BYTES),
  });

  for (const path of [BASE, `${BASE}/*`]) app.use(path, authenticate(deps));

  const actOf = (c: Context<IntegrationApiEnv>): Act => {
    const integration = c.get('integration');
    return { userId: integration.id, now: clock.now(), source: 'api', via: viaOf(integration) };
  };

  async function showOf(c: Context<IntegrationApiEnv>): Promise<{ show: Show; edition: Edition }> {
    const id = idParam.safeParse(c.req.param('id'));
    const show = id.success ? await findShow(db, id.data) : undefined;
    const edition = show && (await cachedEditions(deps)).find((e) => e.code === show.editionCode);
    if (!show || !edition) throw new ApiError(404, 'not_found', 'No such show');
    if (!worksInEdition(c.get('principal'), show.editionCode))
      throw forbidden(`This integration does not work in edition "${show.editionCode}"`);
    return { show, edition };
  }

  async function episodeOf(c: Context<IntegrationApiEnv>) {
    const id = idParam.safeParse(c.req.param('id'));
    const episode = id.success ? await findEpisode(db, id.data) : undefined;
    if (!episode) throw new ApiError(404, 'not_found', 'No such episode');
    const show = await findShow(db, episode.showId);
    const edition = (await cachedEditions(deps)).find((e) => e.code === episode.editionCode);
    if (!show || !edition) throw new ApiError(404, 'not_found', 'No such episode');
    if (!worksInEdition(c.get('principal'), episode.editionCode))
      throw forbidden(`This integration does not work in edition "${episode.editionCode}"`);
    return { episode, show, edition };
  }

  /** The fields a write sends, over `base`; chapters, transcript and related articles read and checked. */
  async function fieldsOf(
    input: EpisodeInput,
    base: EpisodeFields,
    edition: Edition,
  ): Promise<EpisodeFields> {
    let chapters = base.chapters;
    if (input.chapters !== undefined) {
      try {
        const document = Array.isArray(input.chapters) ? { chapters: input.chapters } : input.chapters;
        chapters = document === null ? [] : parseChapters(JSON.stringify(document));
      } catch (error) {
        if (error instanceof ChaptersError) throw invalid('chapters', error.message);
        throw error;
      }
    }
    let transcript = base.transcript;
    if (input.transcript !== undefined) {
      try {
        transcript =
          input.transcript === null
            ? null
            : {
                text: tidyTranscript(input.transcript.text),
                format: parseTranscript(input.transcript.text).format,
              };
      } catch (error) {
        if (error instanceof TranscriptError) throw invalid('transcript', error.message);
        throw error;
      }
    }
    let relatedArticleIds = base.relatedArticleIds;
    if (input.relatedArticleUrls !== undefined) {
      const found = await articlesAtAddresses(db, edition, input.relatedArticleUrls, clock.now());
      if (found.missing.length > 0)
        throw invalid(
          'relatedArticleUrls',
          `not published articles of ${edition.code}: ${found.missing.join(', ')}`,
        );
      relatedArticleIds = found.ids;
    }
    return {
      ...base,
      ...(input.title !== undefined && { title: input.title }),
      ...(input.slug !== undefined && { slug: input.slug }),
      ...(input.notesHtml !== undefined && { notesHtml: sanitizeShowNotes(input.notesHtml) }),
      ...(input.episodeType !== undefined && { episodeType: input.episodeType }),
      ...(input.episodeNumber !== undefined && { episodeNumber: input.episodeNumber }),
      ...(input.seasonNumber !== undefined && { seasonNumber: input.seasonNumber }),
      ...(input.explicit !== undefined && { explicit: input.explicit }),
      chapters,
      transcript,
      relatedArticleIds,
    };
  }

  async function sendEpisode(c: Context<IntegrationApiEnv>, id: string, status: 200 | 201 = 200) {
    const episode = await findEpisode(db, id);
    const show = episode && (await findShow(db, episode.showId));
    if (!episode || !show) throw new ApiError(404, 'not_found', 'No such episode');
    return sendJson(c, { episode: episodeApiJson(show, episode, config.publicUrl) }, status);
  }

  app.get(`${BASE}/shows`, async (c) => {
    const query = parseBody(listQuery, c.req.query());
    const principal = c.get('principal');
    if (query.edition && !worksInEdition(principal, query.edition))
      throw forbidden(`This integration does not work in edition "${query.edition}"`);
    const editions = query.edition ? [query.edition] : principal.editions;
    const shows = await listDeskShows(db, editions);
    return sendJson(c, { shows: shows.map((show) => showApiJson(show, config.publicUrl)) });
  });

  app.get(`${BASE}/shows/:id`, async (c) => {
    const { show } = await showOf(c);
    const episodes = await listDeskEpisodes(db, show.id);
    return sendJson(c, {
      show: showApiJson(show, config.publicUrl),
      episodes: episodes.map((episode) => episodeApiJson(show, episode, config.publicUrl)),
    });
  });

  app.post(`${BASE}/shows/:id/episodes`, jsonLimit, async (c) => {
    const { show, edition } = await showOf(c);
    if (!canEditPodcastEpisode(c.get('principal'), { editionCode: show.editionCode, status: 'draft' }))
      throw forbidden('This integration may not start episodes in this edition');
    const body = parseBody(createBody, await readJson(c));
    const empty: EpisodeFields = {
      slug: '',
      title: '',
      notesHtml: '',
      episodeType: 'full',
      episodeNumber: null,
      seasonNumber: null,
      explicit: false,
      audioId: null,
      imageId: null,
      transcript: null,
      chapters: [],
      relatedArticleIds: [],
    };
    const id = await createEpisode(db, show.id, await fieldsOf(body, empty, edition), actOf(c));
    c.header('location', `${BASE}/episodes/${id}`);
    return sendEpisode(c, id, 201);
  });

  app.get(`${BASE}/episodes/:id`, async (c) => {
    const { episode } = await episodeOf(c);
    return sendEpisode(c, episode.id);
  });

  app.patch(`${BASE}/episodes/:id`, jsonLimit, async (c) => {
    const { episode, edition } = await episodeOf(c);
    if (!canEditPodcastEpisode(c.get('principal'), { editionCode: edition.code, status: episode.status }))
      throw forbidden('This integration may not change this episode');
    const { version, ...input } = parseBody(patchBody, await readJson(c));
    const fields = await fieldsOf(input, { ...episode, slug: input.slug ?? '' }, edition);
    await saveEpisode(db, episode.id, { expectedVersion: version, fields }, actOf(c));
    return sendEpisode(c, episode.id);
  });

  // A new audio file: a new URL and a new enclosure (the old file keeps answering).
  app.post(`${BASE}/episodes/:id/audio`, audioLimit, async (c) => {
    const { episode } = await episodeOf(c);
    if (
      !canEditPodcastEpisode(c.get('principal'), { editionCode: episode.editionCode, status: episode.status })
    )
      throw forbidden('This integration may not change this episode');
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data'))
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send the audio as multipart/form-data (file, version)',
      );
    const form = parseBody(audioForm, await c.req.parseBody());
    let audio: PreparedAudio | undefined;
    try {
      audio = await prepareAudio(deps.media, Buffer.from(await form.file.arrayBuffer()), clock.now());
      await saveEpisode(
        db,
        episode.id,
        { expectedVersion: form.version, fields: { ...episode, slug: '' } },
        actOf(c),
        { audio },
      );
    } catch (error) {
      await discardPrepared(deps.media, [audio]);
      throw error;
    }
    return sendEpisode(c, episode.id);
  });

  for (const step of ['publish', 'schedule', 'unpublish'] as const) {
    app.post(`${BASE}/episodes/:id/${step}`, jsonLimit, async (c) => {
      const { episode } = await episodeOf(c);
      if (!canPublishPodcastEpisode(c.get('principal'), episode.editionCode))
        throw forbidden(`This integration may not ${step} episodes in this edition`);
      const act = actOf(c);
      if (step === 'schedule') {
        const body = parseBody(scheduleBody, await readJson(c));
        await scheduleEpisode(db, episode.id, new Date(body.at), act);
      } else {
        parseBody(emptyBody, await readJson(c));
        if (step === 'publish') await publishEpisode(db, episode.id, act);
        else await unpublishEpisode(db, episode.id, act);
      }
      return sendEpisode(c, episode.id);
    });
  }

  app.onError((error, c) => {
    if (error instanceof ApiError) return sendApiError(c, error);
    if (error instanceof PodcastConflictError) {
      return sendApiError(
        c,
        new ApiError(409, 'conflict', error.message, { current: { version: error.current } }),
      );
    }
    if (error instanceof PodcastWorkflowError)
      return sendApiError(c, new ApiError(422, 'invalid_state', error.message, { reason: error.code }));
    if (error instanceof PodcastFileError) {
      const status = error.code === 'too_large' ? 413 : 400;
      return sendApiError(c, new ApiError(status, error.code, error.message));
    }
    if (isInvalidTextError(error))
      return sendApiError(
        c,
        new ApiError(400, 'invalid_text', 'The request contains text that cannot be stored'),
      );
    if (isConnectionError(error)) {
      c.header('retry-after', '5');
      return sendApiError(
        c,
        new ApiError(503, 'unavailable', 'The database is unavailable just now; try again'),
      );
    }
    deps.logger.error({ err: error, method: c.req.method, url: c.req.url }, 'podcasts API request failed');
    return sendJson(c, { error: { code: 'internal_error', message: 'Internal error' } }, 500);
  });

  return app;
}
