/**
 * The podcast desk (/admin/podcasts): shows (editors and admins of the
 * edition) and episodes (everyone who works in it prepares them; editors
 * publish, schedule, unpublish and delete). Files come with the forms; they
 * are checked, and written only when the rest of the form is valid, and
 * removed again when the door refuses the write. Every write goes through ./workflow.ts.
 */
import { type Context, Hono } from 'hono';
import { refuse, requireUser, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import {
  canEditPodcastEpisode,
  canManagePodcastShows,
  canPublishPodcastEpisode,
  type SignedInUser,
  worksInEdition,
} from '../accounts/policy.js';
import { sanitizeShowNotes } from '../articles/sanitize.js';
import { cachedEditions } from '../editions/chrome.js';
import type { Edition } from '../editions/queries.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { formatLocalDateTime, parseLocalDateTime } from '../i18n/local-datetime.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { deskScript } from '../ui/assets.js';
import type { FieldErrors } from '../ui/forms.js';
import {
  DESK,
  type EpisodeActions,
  type EpisodeFormValues,
  EpisodePage,
  episodeDeskPath,
  PodcastsDeskPage,
  type ShowFormValues,
  ShowPage,
  showDeskPath,
} from './admin-views.js';
import { readCategoryChoice } from './categories.js';
import { ChaptersError, parseChapters } from './chapters.js';
import { PodcastFileError, removePodcastFiles } from './files.js';
import {
  type EpisodeForm,
  episodeForm,
  fieldErrors,
  newEpisodeValues,
  newShowValues,
  relatedLines,
  type ShowForm,
  showForm,
  storedEpisodeValues,
  storedShowValues,
  typedEpisodeValues,
  typedShowValues,
} from './forms.js';
import {
  articleAddresses,
  articlesAtAddresses,
  type Episode,
  type EpisodeFields,
  feedPath,
  findEpisode,
  findShow,
  listDeskEpisodes,
  listDeskShows,
  listPodcastRevisions,
  type Show,
  type ShowFields,
  showEverPublished,
} from './queries.js';
import { parseTranscript, TranscriptError, tidyTranscript } from './transcripts.js';
import {
  discardPrepared,
  type PreparedAudio,
  type PreparedImage,
  prepareAudio,
  prepareImage,
} from './uploads.js';
import {
  type Act,
  actOnEpisodeScreen,
  createEpisode,
  createShow,
  deleteEpisode,
  PodcastConflictError,
  type PodcastRefusal,
  PodcastWorkflowError,
  publishEpisode,
  saveShow,
  scheduleEpisode,
  unpublishEpisode,
} from './workflow.js';

const id = /^[0-9a-z]{1,32}$/;
const DONE = ['created', 'saved', 'published', 'scheduled', 'unpublished', 'unscheduled', 'deleted'] as const;
type Done = (typeof DONE)[number];
const DONE_NOTICES: Record<Done, (t: Messages) => string> = {
  created: (t) => t.podcastDeskDoneCreated,
  saved: (t) => t.podcastDeskDoneSaved,
  published: (t) => t.podcastDeskDonePublished,
  scheduled: (t) => t.podcastDeskDoneScheduled,
  unpublished: (t) => t.podcastDeskDoneUnpublished,
  unscheduled: (t) => t.podcastDeskDoneUnscheduled,
  deleted: (t) => t.podcastDeskDoneDeleted,
};

/** Where a refusal of the door shows: on a field, or above the form. */
const REFUSAL_FIELDS: Partial<Record<PodcastRefusal, string>> = {
  chapters_after_end: 'chapters',
  address_taken: 'slug',
  show_address_fixed: 'slug',
  episode_address_fixed: 'slug',
  schedule_in_past: 'at',
};
const REFUSAL_MESSAGES: Record<PodcastRefusal, (t: Messages) => string> = {
  not_found: (t) => t.podcastDeskErrorNotFound,
  no_audio: (t) => t.podcastDeskErrorNoAudio,
  no_artwork: (t) => t.podcastDeskErrorNoArtwork,
  already_published: (t) => t.podcastDeskErrorAlreadyPublished,
  schedule_in_past: (t) => t.deskErrorScheduleTime,
  not_live: (t) => t.podcastDeskErrorNotLive,
  published_cannot_be_deleted: (t) => t.podcastDeskErrorPublishedDelete,
  chapters_after_end: (t) => t.podcastDeskErrorChaptersAfterEnd,
  show_address_fixed: (t) => t.podcastDeskErrorAddressFixed,
  episode_address_fixed: (t) => t.podcastDeskErrorAddressFixed,
  address_taken: (t) => t.podcastDeskErrorAddressTaken,
};

/** A refused file, in the desk's words. */
function fileMessage(t: Messages, error: PodcastFileError): string {
  switch (error.code) {
    case 'empty':
      return t.podcastDeskErrorAudioEmpty;
    case 'too_large':
      return error.params.file === 'image'
        ? t.podcastDeskErrorImageTooLarge
        : t.podcastDeskErrorAudioTooLarge;
    case 'not_audio':
      return t.podcastDeskErrorNotAudio;
    case 'damaged_audio':
      return t.podcastDeskErrorDamagedAudio;
    case 'too_short':
      return t.podcastDeskErrorTooShort;
    case 'not_artwork':
      return t.podcastDeskErrorNotArtwork;
    case 'artwork_not_square':
      return format(t.podcastDeskErrorNotSquare, error.params);
    case 'artwork_size':
      return format(t.podcastDeskErrorArtworkSize, error.params);
    case 'artwork_not_rgb':
      return t.podcastDeskErrorNotRgb;
    case 'damaged_image':
      return t.podcastDeskErrorDamagedImage;
    case 'transcript_invalid':
      return format(t.podcastDeskErrorTranscript, { line: '1' });
  }
}

const withDone = (path: string, done: Done) => `${path}?done=${done}`;

export function podcastAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock, config } = deps;

  for (const path of [DESK, `${DESK}/*`]) app.use(path, requireUser());
  // Readers see a change at once on this instance too (others catch up through the change log).
  app.use(`${DESK}/*`, async (c, next) => {
    await next();
    if (c.req.method === 'POST') await deps.cache.syncFromChangeLog(db);
  });

  const forbidden = (c: Context<AppEnv>) =>
    refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.adminForbiddenText }));
  const notFound = (c: Context<AppEnv>) =>
    refuse(c, 404, (t) => ({ title: t.podcastDeskErrorNotFound, text: t.podcastDeskErrorNotFound }));
  const actOf = (user: SignedInUser): Act => ({ userId: user.id, now: clock.now() });
  const doneNotice = (c: Context<AppEnv>, t: Messages) => {
    const done = c.req.query('done');
    return DONE.includes(done as Done) ? DONE_NOTICES[done as Done](t) : undefined;
  };
  async function editionOf(code: string): Promise<Edition | undefined> {
    return (await cachedEditions(deps)).find((e) => e.code === code);
  }

  app.get(DESK, async (c) => {
    const user = signedInUser(c);
    const editions = (await cachedEditions(deps)).filter((e) => worksInEdition(user, e.code));
    if (editions.length === 0) return forbidden(c);
    const shows = await listDeskShows(
      db,
      editions.map((e) => e.code),
    );
    const page = (
      <PodcastsDeskPage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        notice={doneNotice(c, messagesFor(user.language))}
        editions={editions.map((edition) => ({
          edition,
          shows: shows.filter((s) => s.editionCode === edition.code),
          manages: canManagePodcastShows(user, edition.code),
        }))}
      />
    );
    return sendAdminPage(c, page);
  });

  // ------------------------------------------------------------------------------------------ shows

  interface ShowScreen {
    edition: Edition;
    show?: Show | undefined;
    values: ShowFormValues;
    errors?: FieldErrors;
    formError?: string | undefined;
    notice?: string | undefined;
    status?: 200 | 409 | 422;
  }

  async function showPage(c: Context<AppEnv>, screen: ShowScreen) {
    const user = signedInUser(c);
    const { show, edition } = screen;
    const [episodes, history, addressFixed] = show
      ? await Promise.all([
          listDeskEpisodes(db, show.id),
          listPodcastRevisions(db, 'show', show.id),
          showEverPublished(db, show.id),
        ])
      : [[], [], false];
    const page = (
      <ShowPage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        notice={screen.notice}
        formError={screen.formError}
        edition={edition}
        show={show}
        values={screen.values}
        errors={screen.errors ?? {}}
        addressFixed={addressFixed}
        manages={canManagePodcastShows(user, edition.code)}
        episodes={episodes}
        history={history}
        startsEpisodes={worksInEdition(user, edition.code)}
      />
    );
    return sendAdminPage(c, page, screen.status ?? 200);
  }

  app.get(`${DESK}/shows/new`, async (c) => {
    const user = signedInUser(c);
    const edition = await editionOf(c.req.query('edition') ?? '');
    if (!edition) return notFound(c);
    if (!canManagePodcastShows(user, edition.code)) return forbidden(c);
    return showPage(c, { edition, values: newShowValues(edition) });
  });

  app.get(`${DESK}/shows/:id`, async (c) => {
    const user = signedInUser(c);
    const show = id.test(c.req.param('id')) ? await findShow(db, c.req.param('id')) : undefined;
    const edition = show && (await editionOf(show.editionCode));
    if (!show || !edition) return notFound(c);
    if (!worksInEdition(user, show.editionCode)) return forbidden(c);
    const notice = doneNotice(c, messagesFor(user.language));
    return showPage(c, { edition, show, values: storedShowValues(show), notice });
  });

  /** The show form read into fields, or the errors to show it again with. */
  function showFieldsOf(form: ShowForm, current: Show | undefined): ShowFields {
    const category = readCategoryChoice(form.category) ?? { category: 'News', subcategory: '' };
    return {
      slug: form.slug,
      title: form.title,
      description: form.description,
      language: form.language,
      ...category,
      explicit: form.explicit,
      author: form.author,
      ownerName: form.ownerName,
      ownerEmail: form.ownerEmail,
      copyright: form.copyright,
      showType: form.showType,
      locked: form.locked,
      artworkId: current?.artworkId ?? null,
      appleUrl: form.appleUrl,
      spotifyUrl: form.spotifyUrl,
    };
  }

  /** Checks and writes new artwork; a refusal is the artwork field's error. */
  async function artworkOf(
    file: File | undefined,
    t: Messages,
  ): Promise<{ image?: PreparedImage; errors?: FieldErrors }> {
    if (!file) return {};
    try {
      return {
        image: await prepareImage(deps.media, Buffer.from(await file.arrayBuffer()), clock.now()),
      };
    } catch (error) {
      if (!(error instanceof PodcastFileError)) throw error;
      return { errors: { artwork: fileMessage(t, error) } };
    }
  }

  /** A refusal of the door: on its field, or above the form. */
  function refusalOf(
    error: unknown,
    t: Messages,
  ): { errors: FieldErrors; formError: string; status: 409 | 422 } | undefined {
    if (error instanceof PodcastConflictError)
      return {
        errors: {},
        formError: format(t.podcastDeskErrorConflict, { version: String(error.current) }),
        status: 409,
      };
    if (!(error instanceof PodcastWorkflowError)) return undefined;
    const message = REFUSAL_MESSAGES[error.code](t);
    const field = REFUSAL_FIELDS[error.code];
    return {
      errors: field ? { [field]: message } : {},
      formError: field ? t.adminFormHasErrors : message,
      status: 422,
    };
  }

  app.post(`${DESK}/shows`, async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const body = await c.req.parseBody();
    const edition = await editionOf(typeof body.edition === 'string' ? body.edition : '');
    if (!edition) return notFound(c);
    if (!canManagePodcastShows(user, edition.code)) return forbidden(c);
    const values = typedShowValues(body);
    const form = showForm.safeParse(body);
    if (!form.success)
      return showPage(c, {
        edition,
        values,
        errors: fieldErrors(form.error, t),
        formError: t.adminFormHasErrors,
        status: 422,
      });
    const artwork = await artworkOf(form.data.artwork, t);
    if (artwork.errors)
      return showPage(c, {
        edition,
        values,
        errors: artwork.errors,
        formError: t.adminFormHasErrors,
        status: 422,
      });
    try {
      const showId = await createShow(
        db,
        {
          editionCode: edition.code,
          fields: showFieldsOf(form.data, undefined),
          feedUrlOf: (slug) => `${config.publicUrl}${feedPath(edition.code, slug)}`,
        },
        actOf(user),
        artwork.image,
      );
      return c.redirect(withDone(showDeskPath(showId), 'created'), 303);
    } catch (error) {
      await discardPrepared(deps.media, [artwork.image]);
      const refusal = refusalOf(error, t);
      if (!refusal) throw error;
      return showPage(c, { edition, values, ...refusal });
    }
  });

  app.post(`${DESK}/shows/:id`, async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const show = id.test(c.req.param('id')) ? await findShow(db, c.req.param('id')) : undefined;
    const edition = show && (await editionOf(show.editionCode));
    if (!show || !edition) return notFound(c);
    if (!canManagePodcastShows(user, show.editionCode)) return forbidden(c);
    const body = await c.req.parseBody();
    const values = typedShowValues(body);
    const form = showForm.safeParse(body);
    if (!form.success)
      return showPage(c, {
        edition,
        show,
        values,
        errors: fieldErrors(form.error, t),
        formError: t.adminFormHasErrors,
        status: 422,
      });
    const artwork = await artworkOf(form.data.artwork, t);
    if (artwork.errors)
      return showPage(c, {
        edition,
        show,
        values,
        errors: artwork.errors,
        formError: t.adminFormHasErrors,
        status: 422,
      });
    try {
      const change = { expectedVersion: form.data.version ?? 0, fields: showFieldsOf(form.data, show) };
      await saveShow(db, show.id, change, actOf(user), artwork.image);
      return c.redirect(withDone(showDeskPath(show.id), 'saved'), 303);
    } catch (error) {
      await discardPrepared(deps.media, [artwork.image]);
      const refusal = refusalOf(error, t);
      if (!refusal) throw error;
      // After a conflict the form carries the current version: sending it again saves over theirs.
      const current = (await findShow(db, show.id)) ?? show;
      return showPage(c, { edition, show: current, values, ...refusal });
    }
  });

  // --------------------------------------------------------------------------------------- episodes

  interface EpisodeScreen {
    edition: Edition;
    show: Show;
    episode?: Episode | undefined;
    values: EpisodeFormValues;
    errors?: FieldErrors;
    formError?: string | undefined;
    notice?: string | undefined;
    status?: 200 | 409 | 422;
  }

  function actionsFor(user: SignedInUser, edition: Edition, episode: Episode | undefined): EpisodeActions {
    const publishes = canPublishPodcastEpisode(user, edition.code);
    const status = episode?.status ?? 'draft';
    return {
      save: canEditPodcastEpisode(user, { editionCode: edition.code, status }),
      publish: publishes && status !== 'published',
      schedule: publishes && status !== 'published',
      unpublish: publishes && (status === 'published' || status === 'scheduled'),
      delete: publishes && episode !== undefined && status !== 'published',
    };
  }

  async function episodePage(c: Context<AppEnv>, screen: EpisodeScreen) {
    const user = signedInUser(c);
    const { episode, edition } = screen;
    const history = episode ? await listPodcastRevisions(db, 'episode', episode.id) : [];
    const page = (
      <EpisodePage
        language={user.language}
        user={user}
        csrf={c.get('csrfToken') ?? ''}
        notice={screen.notice}
        formError={screen.formError}
        edition={edition}
        show={screen.show}
        episode={episode}
        values={screen.values}
        errors={screen.errors ?? {}}
        actions={actionsFor(user, edition, episode)}
        history={history}
        deskScriptPath={deskScript().path}
      />
    );
    return sendAdminPage(c, page, screen.status ?? 200);
  }

  /** The show of the URL and its edition, if this user works in it. */
  async function loadShow(c: Context<AppEnv>) {
    const show = id.test(c.req.param('id') ?? '') ? await findShow(db, c.req.param('id') ?? '') : undefined;
    const edition = show && (await editionOf(show.editionCode));
    return show && edition ? { show, edition } : undefined;
  }

  async function loadEpisode(c: Context<AppEnv>) {
    const episode = id.test(c.req.param('id') ?? '')
      ? await findEpisode(db, c.req.param('id') ?? '')
      : undefined;
    const show = episode && (await findShow(db, episode.showId));
    const edition = show && (await editionOf(show.editionCode));
    return episode && show && edition ? { episode, show, edition } : undefined;
  }

  app.get(`${DESK}/shows/:id/episodes/new`, async (c) => {
    const user = signedInUser(c);
    const loaded = await loadShow(c);
    if (!loaded) return notFound(c);
    if (!canEditPodcastEpisode(user, { editionCode: loaded.show.editionCode, status: 'draft' }))
      return forbidden(c);
    const episodes = await listDeskEpisodes(db, loaded.show.id);
    const highest = Math.max(0, ...episodes.map((e) => e.episodeNumber ?? 0));
    return episodePage(c, { ...loaded, values: newEpisodeValues(highest + 1) });
  });

  app.get(`${DESK}/episodes/:id`, async (c) => {
    const user = signedInUser(c);
    const loaded = await loadEpisode(c);
    if (!loaded) return notFound(c);
    if (!worksInEdition(user, loaded.show.editionCode)) return forbidden(c);
    const { episode, edition } = loaded;
    const addresses = await articleAddresses(db, edition, episode.relatedArticleIds, clock.now());
    const related = episode.relatedArticleIds.flatMap((articleId) => {
      const path = addresses.get(articleId);
      return path ? [`${config.publicUrl}${path}`] : [];
    });
    const at = episode.scheduledAt
      ? formatLocalDateTime(new Date(episode.scheduledAt), edition.timeZone)
      : '';
    const notice = doneNotice(c, messagesFor(user.language));
    return episodePage(c, { ...loaded, values: storedEpisodeValues(episode, related, at), notice });
  });

  /**
   * The episode form read into fields, with its files checked and written:
   * everything typed is checked first (so a refused form writes no file),
   * then the audio and the image. Errors are per field.
   */
  async function readEpisodeForm(
    form: EpisodeForm,
    edition: Edition,
    current: Episode | undefined,
    t: Messages,
  ): Promise<
    { fields: EpisodeFields; audio?: PreparedAudio; image?: PreparedImage } | { errors: FieldErrors }
  > {
    const errors: FieldErrors = {};
    let chapters: EpisodeFields['chapters'] = [];
    try {
      chapters = parseChapters(form.chapters);
    } catch (error) {
      if (!(error instanceof ChaptersError)) throw error;
      errors.chapters = format(t.podcastDeskErrorChapters, { line: String(error.line) });
    }
    const { ids, missing } = await articlesAtAddresses(db, edition, relatedLines(form.related), clock.now());
    if (missing.length > 0)
      errors.related = format(t.podcastDeskErrorRelated, { address: missing.join(', ') });
    let transcript = form.removeTranscript ? null : (current?.transcript ?? null);
    if (form.transcript) {
      const text = await readText(form.transcript);
      try {
        if (text === undefined) throw new TranscriptError(1, 'not UTF-8 text');
        const parsed = parseTranscript(text);
        transcript = { text: tidyTranscript(text), format: parsed.format };
      } catch (error) {
        if (!(error instanceof TranscriptError)) throw error;
        errors.transcript = format(t.podcastDeskErrorTranscript, { line: String(error.line) });
      }
    }
    if (Object.keys(errors).length > 0) return { errors };
    const now = clock.now();
    let audio: PreparedAudio | undefined;
    let image: PreparedImage | undefined;
    try {
      if (form.audio)
        audio = await prepareAudio(deps.media, Buffer.from(await form.audio.arrayBuffer()), now);
    } catch (error) {
      if (!(error instanceof PodcastFileError)) throw error;
      return { errors: { audio: fileMessage(t, error) } };
    }
    try {
      if (form.image)
        image = await prepareImage(deps.media, Buffer.from(await form.image.arrayBuffer()), now);
    } catch (error) {
      await discardPrepared(deps.media, [audio]);
      if (!(error instanceof PodcastFileError)) throw error;
      return { errors: { image: fileMessage(t, error) } };
    }
    const fields: EpisodeFields = {
      slug: form.slug,
      title: form.title,
      notesHtml: sanitizeShowNotes(form.notes),
      episodeType: form.episodeType,
      episodeNumber: form.episodeNumber,
      seasonNumber: form.seasonNumber,
      explicit: form.explicit,
      audioId: current?.audioId ?? null,
      imageId: current?.imageId ?? null,
      transcript,
      chapters,
      relatedArticleIds: ids,
    };
    return { fields, ...(audio && { audio }), ...(image && { image }) };
  }

  app.post(`${DESK}/shows/:id/episodes`, async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const loaded = await loadShow(c);
    if (!loaded) return notFound(c);
    if (!canEditPodcastEpisode(user, { editionCode: loaded.show.editionCode, status: 'draft' }))
      return forbidden(c);
    const body = await c.req.parseBody();
    const values = typedEpisodeValues(body);
    const refused = (errors: FieldErrors, formError: string, status: 409 | 422 = 422) =>
      episodePage(c, { ...loaded, values, errors, formError, status });
    const form = episodeForm.safeParse(body);
    if (!form.success) return refused(fieldErrors(form.error, t), t.adminFormHasErrors);
    const read = await readEpisodeForm(form.data, loaded.edition, undefined, t);
    if ('errors' in read) return refused(read.errors, t.adminFormHasErrors);
    if (form.data.intent !== 'save' && !canPublishPodcastEpisode(user, loaded.edition.code))
      return forbidden(c);
    const at =
      form.data.intent === 'schedule' ? parseLocalDateTime(form.data.at, loaded.edition.timeZone) : undefined;
    let episodeId: string;
    try {
      if (form.data.intent === 'schedule' && (!at || at.getTime() <= clock.now().getTime()))
        throw new PodcastWorkflowError('schedule_in_past');
      // Made and, when the button says so, published or scheduled: one transaction, all or nothing.
      episodeId = await db.transaction().execute(async (trx) => {
        const act = actOf(user);
        const created = await createEpisode(trx, loaded.show.id, read.fields, act, read);
        if (form.data.intent === 'publish') await publishEpisode(trx, created, act);
        if (form.data.intent === 'schedule' && at) await scheduleEpisode(trx, created, at, act);
        return created;
      });
    } catch (error) {
      await discardPrepared(deps.media, [read.audio, read.image]);
      const refusal = refusalOf(error, t);
      if (!refusal) throw error;
      return refused(refusal.errors, refusal.formError, refusal.status);
    }
    const done: Done =
      form.data.intent === 'publish'
        ? 'published'
        : form.data.intent === 'schedule'
          ? 'scheduled'
          : 'created';
    return c.redirect(withDone(episodeDeskPath(episodeId), done), 303);
  });

  /** Saves the screen and does what the button asked, through the door; a refusal shows the form again. */
  async function actOnEpisode(
    c: Context<AppEnv>,
    loaded: { episode: Episode; show: Show; edition: Edition },
    form: EpisodeForm,
    values: EpisodeFormValues,
    read: { fields: EpisodeFields; audio?: PreparedAudio | undefined; image?: PreparedImage | undefined },
    expectedVersion: number,
  ) {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const { episode, edition } = loaded;
    const at = form.intent === 'schedule' ? parseLocalDateTime(form.at, edition.timeZone) : undefined;
    try {
      if (form.intent === 'schedule' && (!at || at.getTime() <= clock.now().getTime()))
        throw new PodcastWorkflowError('schedule_in_past');
      const screen = { expectedVersion, fields: read.fields, intent: form.intent, at };
      await actOnEpisodeScreen(db, episode.id, screen, actOf(user), read);
    } catch (error) {
      await discardPrepared(deps.media, [read.audio, read.image]);
      const refusal = refusalOf(error, t);
      if (!refusal) throw error;
      const current = (await findEpisode(db, episode.id)) ?? episode;
      return episodePage(c, { ...loaded, episode: current, values, ...refusal });
    }
    const done: Done =
      form.intent === 'publish' ? 'published' : form.intent === 'schedule' ? 'scheduled' : 'saved';
    return c.redirect(withDone(episodeDeskPath(episode.id), done), 303);
  }

  app.post(`${DESK}/episodes/:id`, async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const loaded = await loadEpisode(c);
    if (!loaded) return notFound(c);
    const { episode, edition } = loaded;
    if (!canEditPodcastEpisode(user, { editionCode: edition.code, status: episode.status }))
      return forbidden(c);
    const body = await c.req.parseBody();
    const values = typedEpisodeValues(body);
    const form = episodeForm.safeParse(body);
    if (!form.success)
      return episodePage(c, {
        ...loaded,
        values,
        errors: fieldErrors(form.error, t),
        formError: t.adminFormHasErrors,
        status: 422,
      });
    if (form.data.intent !== 'save' && !canPublishPodcastEpisode(user, edition.code)) return forbidden(c);
    const read = await readEpisodeForm(form.data, edition, episode, t);
    if ('errors' in read)
      return episodePage(c, {
        ...loaded,
        values,
        errors: read.errors,
        formError: t.adminFormHasErrors,
        status: 422,
      });
    return actOnEpisode(c, loaded, form.data, values, read, form.data.version ?? 0);
  });

  /** A workflow button of an episode's page (unpublish, delete): editors of the edition. */
  function episodeStep(path: string, work: (episode: Episode, user: SignedInUser) => Promise<Done>) {
    app.post(`${DESK}/episodes/:id/${path}`, async (c) => {
      const user = signedInUser(c);
      const loaded = await loadEpisode(c);
      if (!loaded) return notFound(c);
      if (!canPublishPodcastEpisode(user, loaded.edition.code)) return forbidden(c);
      try {
        const done = await work(loaded.episode, user);
        const back = done === 'deleted' ? showDeskPath(loaded.show.id) : episodeDeskPath(loaded.episode.id);
        return c.redirect(withDone(back, done), 303);
      } catch (error) {
        const t = messagesFor(user.language);
        const refusal = refusalOf(error, t);
        if (!refusal) throw error;
        const values = storedEpisodeValues(loaded.episode, [], '');
        return episodePage(c, { ...loaded, values, formError: refusal.formError, status: 409 });
      }
    });
  }

  episodeStep('unpublish', async (episode, user) => {
    await unpublishEpisode(db, episode.id, actOf(user));
    return episode.status === 'scheduled' ? 'unscheduled' : 'unpublished';
  });

  episodeStep('delete', async (episode, user) => {
    const files = await deleteEpisode(db, episode.id, actOf(user));
    await removePodcastFiles(deps.media, files);
    return 'deleted';
  });

  return app;
}

/** A file's text, or undefined when it is not UTF-8. */
async function readText(file: File): Promise<string | undefined> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return undefined;
  }
}
