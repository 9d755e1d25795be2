/**
 * The one door for podcast writes. The desk, the admin API and the
 * scheduled-publish job call these functions; the row writers in ./store.ts
 * are private to this folder (biome.json forbids importing them elsewhere).
 *
 * Every write, in one transaction: claims the next version of the show or
 * episode (the one the editor had, for saves; the current one, for workflow
 * steps and the scheduler), writes the row and any new file's row, records
 * a revision (kind, source, actor), appends an audit entry and logs the
 * content change for every instance's page cache.
 */

import { createHash, randomUUID } from 'node:crypto';
import { type AuditAction, recordAudit } from '../accounts/audit.js';
import { slugify } from '../articles/slugs.js';
import { requestUrgentPurge } from '../cdn/purger.js';
import { newId } from '../db/ids.js';
import type { Db, EpisodeStatus } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { type CacheTag, cacheTags } from '../http/cache-tags.js';
import { logContentChange } from '../http/page-cache.js';
import { cancelPendingJobs, enqueueJob } from '../jobs/runner.js';
import {
  type Episode,
  type EpisodeFields,
  editionHasPodcasts,
  episodeSlugTaken,
  findEpisode,
  findShow,
  type Show,
  type ShowFields,
  showEverPublished,
  showSlugTaken,
} from './queries.js';
import {
  claimNextVersion,
  claimVersion,
  deleteEpisodeRows,
  type EpisodeState,
  insertAudio,
  insertEpisode,
  insertImage,
  insertRevision,
  insertShow,
  updateEpisodeRow,
  updateShowRow,
} from './store.js';
import type { PreparedAudio, PreparedImage } from './uploads.js';

export const PUBLISH_EPISODE_JOB = 'publish-podcast-episode';

/** Who does something, when, and through which door (desk by default, api, scheduler). */
export interface Act {
  userId: string | null;
  now: Date;
  source?: 'desk' | 'api' | 'scheduler';
  /** The integration acting (kept in the audit log's details). */
  via?: string;
}

export type PodcastRefusal =
  | 'not_found'
  | 'no_audio'
  | 'no_artwork'
  | 'already_published'
  | 'schedule_in_past'
  | 'not_live'
  | 'published_cannot_be_deleted'
  | 'chapters_after_end'
  | 'show_address_fixed'
  | 'episode_address_fixed'
  | 'address_taken';

const REFUSALS: Record<PodcastRefusal, string> = {
  not_found: 'No such show or episode',
  no_audio: 'The episode has no audio yet',
  no_artwork: 'The show needs its artwork before an episode can go out',
  already_published: 'The episode is already published',
  schedule_in_past: 'The scheduled time must be in the future',
  not_live: 'The episode is neither published nor scheduled',
  published_cannot_be_deleted: 'A published episode is unpublished before it is deleted',
  chapters_after_end: 'A chapter starts after the end of the audio',
  show_address_fixed:
    "The show's address is fixed once an episode has been published (podcast apps follow its feed)",
  episode_address_fixed: "The episode's address is fixed once it has been published",
  address_taken: 'That address is taken',
};

/** A write the door refuses: nothing was written. */
export class PodcastWorkflowError extends Error {
  constructor(readonly code: PodcastRefusal) {
    super(REFUSALS[code]);
    this.name = 'PodcastWorkflowError';
  }
}

/** Someone saved in between: nothing was written; `current` is the version now stored. */
export class PodcastConflictError extends Error {
  constructor(readonly current: number) {
    super(`Saved by someone else in the meantime (now version ${current})`);
    this.name = 'PodcastConflictError';
  }
}

const sourceOf = (act: Act) => act.source ?? 'desk';

function audit(
  db: Db,
  action: AuditAction,
  subject: { kind: 'show' | 'episode'; id: string },
  act: Act,
  details: Record<string, unknown>,
) {
  return recordAudit(
    db,
    {
      userId: act.userId,
      action,
      subjectType: subject.kind === 'show' ? 'podcast_show' : 'podcast_episode',
      subjectId: subject.id,
      details: { ...details, source: sourceOf(act), ...(act.via ? { via: act.via } : {}) },
    },
    act.now,
  );
}

/**
 * podcast:guid: a UUID v5 of the feed's URL without its scheme and trailing
 * slashes, in the namespace the Podcasting 2.0 specification gives.
 */
export function podcastGuid(feedUrl: string): string {
  const namespace = Buffer.from('ead4c236bf5858c6a2c6a6b28d128cb6', 'hex');
  const name = feedUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A slug not yet taken: `wanted`, else `wanted-2`, `wanted-3`… */
async function freeSlug(wanted: string, taken: (slug: string) => Promise<boolean>): Promise<string> {
  let slug = wanted;
  for (let n = 2; await taken(slug); n++) slug = `${wanted.slice(0, 90)}-${n}`;
  return slug;
}

// ------------------------------------------------------------------------------------------- shows

async function loadShow(trx: Db, id: string): Promise<Show> {
  const show = await findShow(trx, id);
  if (!show) throw new PodcastWorkflowError('not_found');
  return show;
}

const showTags = (show: { id: string; editionCode: string }): CacheTag[] => [
  cacheTags.podcastShow(show.id),
  cacheTags.podcasts(show.editionCode),
];

/**
 * A new show of an edition. An empty slug comes from the title (made free);
 * one given that is taken is refused. `feedUrl` fixes its podcast:guid.
 */
export async function createShow(
  db: Db,
  show: { editionCode: string; fields: ShowFields; feedUrlOf: (slug: string) => string },
  act: Act,
  artwork?: PreparedImage,
): Promise<string> {
  return inTransaction(db, async (trx) => {
    const { editionCode } = show;
    const given = slugify(show.fields.slug);
    const taken = (slug: string) => showSlugTaken(trx, editionCode, slug);
    if (show.fields.slug && (await taken(given))) throw new PodcastWorkflowError('address_taken');
    const slug = show.fields.slug ? given : await freeSlug(slugify(show.fields.title), taken);
    const id = newId(act.now);
    if (artwork) await insertImage(trx, artwork, id, act.now);
    const fields = { ...show.fields, slug, artworkId: artwork?.id ?? show.fields.artworkId };
    const guid = podcastGuid(show.feedUrlOf(slug));
    await insertShow(trx, { id, editionCode, guid, fields, createdBy: act.userId }, act.now);
    await insertRevision(
      trx,
      {
        subjectKind: 'show',
        subjectId: id,
        version: 1,
        kind: 'create',
        source: sourceOf(act),
        authorId: act.userId,
        snapshot: fields,
      },
      act.now,
    );
    await audit(trx, 'podcast.show_create', { kind: 'show', id }, act, {
      edition: editionCode,
      slug,
      version: 1,
    });
    await logContentChange(trx, showTags({ id, editionCode }), act.now);
    return id;
  });
}

/**
 * Saves a show's fields if nobody saved since `expectedVersion` (else
 * PodcastConflictError, nothing written). Its address is fixed once an episode has been out.
 */
export async function saveShow(
  db: Db,
  id: string,
  change: { expectedVersion: number; fields: ShowFields },
  act: Act,
  artwork?: PreparedImage,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const version = await claimVersion(trx, 'podcast_shows', id, change.expectedVersion);
    const current = await loadShow(trx, id);
    if (version === undefined) throw new PodcastConflictError(current.version);
    // An empty slug keeps the stored one.
    const slug = change.fields.slug ? slugify(change.fields.slug) : current.slug;
    if (slug !== current.slug) {
      if (await showEverPublished(trx, id)) throw new PodcastWorkflowError('show_address_fixed');
      if (await showSlugTaken(trx, current.editionCode, slug, id))
        throw new PodcastWorkflowError('address_taken');
    }
    if (artwork) await insertImage(trx, artwork, id, act.now);
    const fields = { ...change.fields, slug, artworkId: artwork?.id ?? change.fields.artworkId };
    await updateShowRow(trx, id, fields, act.now);
    await insertRevision(
      trx,
      {
        subjectKind: 'show',
        subjectId: id,
        version,
        kind: 'save',
        source: sourceOf(act),
        authorId: act.userId,
        snapshot: fields,
      },
      act.now,
    );
    await audit(trx, 'podcast.show_save', { kind: 'show', id }, act, { version });
    // The show page, its feed and every episode page show the show.
    await logContentChange(trx, showTags(current), act.now);
    return version;
  });
}

// ---------------------------------------------------------------------------------------- episodes

async function loadEpisode(trx: Db, id: string): Promise<Episode> {
  const episode = await findEpisode(trx, id);
  if (!episode) throw new PodcastWorkflowError('not_found');
  return episode;
}

const episodeTags = (episode: { id: string; showId: string; editionCode: string }): CacheTag[] => [
  cacheTags.podcastEpisode(episode.id),
  cacheTags.podcastShow(episode.showId),
  cacheTags.podcasts(episode.editionCode),
];

/** New files for an episode: audio (a new URL, a new enclosure) and an image. */
export interface EpisodeFiles {
  audio?: PreparedAudio | undefined;
  image?: PreparedImage | undefined;
}

/** Records the new files' rows and points the fields at them; checks chapters against the audio's length. */
async function withFiles(
  trx: Db,
  episodeId: string,
  fields: EpisodeFields,
  files: EpisodeFiles,
  act: Act,
  currentDurationMs: number | undefined,
): Promise<EpisodeFields> {
  if (files.audio) await insertAudio(trx, files.audio, episodeId, act.userId, act.now);
  if (files.image) await insertImage(trx, files.image, episodeId, act.now);
  const durationMs = files.audio?.facts.durationMs ?? currentDurationMs;
  if (durationMs !== undefined && fields.chapters.some((c) => c.startTime * 1000 >= durationMs))
    throw new PodcastWorkflowError('chapters_after_end');
  return {
    ...fields,
    audioId: files.audio?.id ?? fields.audioId,
    imageId: files.image?.id ?? fields.imageId,
  };
}

/** What a revision keeps: the fields and the state, nothing read along with them. */
function snapshotOf(fields: EpisodeFields, state: EpisodeState) {
  const { slug, title, notesHtml, episodeType, episodeNumber, seasonNumber, explicit } = fields;
  const { audioId, imageId, transcript, chapters, relatedArticleIds } = fields;
  return {
    slug,
    title,
    notesHtml,
    episodeType,
    episodeNumber,
    seasonNumber,
    explicit,
    audioId,
    imageId,
    transcript,
    chapters,
    relatedArticleIds,
    ...state,
  };
}

async function record(
  trx: Db,
  episode: { id: string; showId: string; editionCode: string },
  version: number,
  change: {
    kind: string;
    action: AuditAction;
    snapshot: unknown;
    details?: Record<string, unknown>;
    tags?: CacheTag[];
  },
  act: Act,
) {
  await insertRevision(
    trx,
    {
      subjectKind: 'episode',
      subjectId: episode.id,
      version,
      kind: change.kind,
      source: sourceOf(act),
      authorId: act.userId,
      snapshot: change.snapshot,
    },
    act.now,
  );
  await audit(trx, change.action, { kind: 'episode', id: episode.id }, act, {
    version,
    kind: change.kind,
    ...change.details,
  });
  await logContentChange(trx, [...episodeTags(episode), ...(change.tags ?? [])], act.now);
}

/** A new draft episode of a show; an empty slug comes from the title. */
export async function createEpisode(
  db: Db,
  showId: string,
  fields: EpisodeFields,
  act: Act,
  files: EpisodeFiles = {},
): Promise<string> {
  return inTransaction(db, async (trx) => {
    const show = await loadShow(trx, showId);
    const id = newId(act.now);
    const slug = await freeSlug(slugify(fields.slug || fields.title), (s) =>
      episodeSlugTaken(trx, showId, s),
    );
    const withFileRows = await withFiles(trx, id, { ...fields, slug }, files, act, undefined);
    const episode = { id, showId, editionCode: show.editionCode };
    await insertEpisode(
      trx,
      { ...episode, guid: randomUUID(), fields: withFileRows, createdBy: act.userId },
      act.now,
    );
    const state: EpisodeState = { status: 'draft', publishedAt: null, scheduledAt: null };
    await record(
      trx,
      episode,
      1,
      {
        kind: 'create',
        action: 'podcast.episode_create',
        snapshot: snapshotOf(withFileRows, state),
        details: { show: showId },
      },
      act,
    );
    return id;
  });
}

/** The slug a save ends with: the title's until first publication (unless set by hand), then fixed. */
async function slugFor(trx: Db, current: Episode, wanted: string, title: string): Promise<string> {
  if (current.publishedAt !== null) {
    if (wanted && slugify(wanted) !== current.slug) throw new PodcastWorkflowError('episode_address_fixed');
    return current.slug;
  }
  const slug = slugify(wanted || title);
  if (slug === current.slug) return slug;
  const taken = (s: string) => episodeSlugTaken(trx, current.showId, s, current.id);
  if (wanted && (await taken(slug))) throw new PodcastWorkflowError('address_taken');
  return freeSlug(slug, taken);
}

const stateOf = (episode: Episode): EpisodeState => ({
  status: episode.status,
  publishedAt: episode.publishedAt,
  scheduledAt: episode.scheduledAt,
});

/** Saves an episode's fields (and new files) if nobody saved since `expectedVersion`. */
export async function saveEpisode(
  db: Db,
  id: string,
  change: { expectedVersion: number; fields: EpisodeFields },
  act: Act,
  files: EpisodeFiles = {},
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const version = await claimVersion(trx, 'podcast_episodes', id, change.expectedVersion);
    const current = await loadEpisode(trx, id);
    if (version === undefined) throw new PodcastConflictError(current.version);
    const slug = await slugFor(trx, current, change.fields.slug, change.fields.title);
    const fields = await withFiles(
      trx,
      id,
      { ...change.fields, slug },
      files,
      act,
      current.audio?.durationMs,
    );
    await updateEpisodeRow(trx, id, { fields }, act.now);
    const kind = current.status === 'published' ? 'update' : 'save';
    const details = files.audio ? { audio: files.audio.file } : {};
    await record(
      trx,
      current,
      version,
      { kind, action: 'podcast.episode_save', snapshot: snapshotOf(fields, stateOf(current)), details },
      act,
    );
    return version;
  });
}

/** Whether the edition's header links to podcasts changes with `work`: then every page of the edition is purged. */
async function headerChange(trx: Db, editionCode: string, work: () => Promise<void>): Promise<CacheTag[]> {
  const before = await editionHasPodcasts(trx, editionCode);
  await work();
  const after = await editionHasPodcasts(trx, editionCode);
  return before === after ? [] : [cacheTags.edition(editionCode)];
}

/** What an episode needs before it goes out: its audio, and its show's artwork. */
async function assertReady(trx: Db, episode: Episode): Promise<void> {
  if (!episode.audio) throw new PodcastWorkflowError('no_audio');
  const show = await loadShow(trx, episode.showId);
  if (!show.artwork) throw new PodcastWorkflowError('no_artwork');
}

async function goLive(trx: Db, episode: Episode, at: Date, act: Act, details: Record<string, unknown> = {}) {
  await assertReady(trx, episode);
  const version = await claimNextVersion(trx, 'podcast_episodes', episode.id);
  if (version === undefined) throw new PodcastWorkflowError('not_found');
  await cancelPendingJobs(trx, PUBLISH_EPISODE_JOB, episode.id);
  const state: EpisodeState = {
    status: 'published',
    publishedAt: episode.publishedAt ?? at.toISOString(),
    scheduledAt: null,
  };
  const tags = await headerChange(trx, episode.editionCode, () =>
    updateEpisodeRow(trx, episode.id, { state }, act.now),
  );
  await record(
    trx,
    episode,
    version,
    {
      kind: 'publish',
      action: 'podcast.episode_publish',
      snapshot: snapshotOf(episode, state),
      details,
      tags,
    },
    act,
  );
  return version;
}

/** Publishes now (first publication dates it; publishing again keeps that date). A repeated press publishes once. */
export async function publishEpisode(db: Db, id: string, act: Act): Promise<number> {
  return inTransaction(db, async (trx) => {
    const episode = await loadEpisode(trx, id);
    if (episode.status === 'published') return episode.version;
    return goLive(trx, episode, act.now, act);
  });
}

/** Publishes at `at` through a durable job, so a restart in between changes nothing. */
export async function scheduleEpisode(db: Db, id: string, at: Date, act: Act): Promise<number> {
  if (at.getTime() <= act.now.getTime()) throw new PodcastWorkflowError('schedule_in_past');
  return inTransaction(db, async (trx) => {
    const episode = await loadEpisode(trx, id);
    if (episode.status === 'published') throw new PodcastWorkflowError('already_published');
    await assertReady(trx, episode);
    const version = await claimNextVersion(trx, 'podcast_episodes', id);
    if (version === undefined) throw new PodcastWorkflowError('not_found');
    await cancelPendingJobs(trx, PUBLISH_EPISODE_JOB, id);
    await enqueueJob(trx, { kind: PUBLISH_EPISODE_JOB, subjectId: id, runAt: at }, act.now);
    const state: EpisodeState = {
      status: 'scheduled',
      publishedAt: episode.publishedAt,
      scheduledAt: at.toISOString(),
    };
    await updateEpisodeRow(trx, id, { state }, act.now);
    await record(
      trx,
      episode,
      version,
      {
        kind: 'schedule',
        action: 'podcast.episode_schedule',
        snapshot: snapshotOf(episode, state),
        details: { at: at.toISOString() },
      },
      act,
    );
    return version;
  });
}

/**
 * The scheduled-publish job: the scheduled time becomes the publication
 * date, even when the job runs late. No actor; source scheduler.
 */
export async function publishScheduledEpisode(db: Db, id: string, at: Date, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    const episode = await findEpisode(trx, id);
    if (episode?.status !== 'scheduled') return;
    const act: Act = { userId: null, now, source: 'scheduler' };
    await goLive(trx, episode, at, act, { scheduledFor: at.toISOString() });
  });
}

/** Takes a published episode off the site and out of the feed, or a scheduled one back to draft. */
export async function unpublishEpisode(db: Db, id: string, act: Act): Promise<number> {
  return inTransaction(db, async (trx) => {
    const episode = await loadEpisode(trx, id);
    if (episode.status !== 'published' && episode.status !== 'scheduled')
      throw new PodcastWorkflowError('not_live');
    const version = await claimNextVersion(trx, 'podcast_episodes', id);
    if (version === undefined) throw new PodcastWorkflowError('not_found');
    await cancelPendingJobs(trx, PUBLISH_EPISODE_JOB, id);
    const status: EpisodeStatus = episode.status === 'published' ? 'unpublished' : 'draft';
    const state: EpisodeState = { status, publishedAt: episode.publishedAt, scheduledAt: null };
    const tags = await headerChange(trx, episode.editionCode, () =>
      updateEpisodeRow(trx, id, { state }, act.now),
    );
    await record(
      trx,
      episode,
      version,
      { kind: 'unpublish', action: 'podcast.episode_unpublish', snapshot: snapshotOf(episode, state), tags },
      act,
    );
    // Out of the feed and off the site: the CDN drops its pages at once, ahead of any backlog.
    if (episode.status === 'published')
      await requestUrgentPurge(trx, [...episodeTags(episode), ...tags], act.now);
    return version;
  });
}

/**
 * Deletes an episode that is not out, with its files' rows, revisions and
 * pending job. Returns the files to remove from disk once this has committed.
 */
export async function deleteEpisode(db: Db, id: string, act: Act): Promise<string[]> {
  return inTransaction(db, async (trx) => {
    const episode = await loadEpisode(trx, id);
    if (episode.status === 'published') throw new PodcastWorkflowError('published_cannot_be_deleted');
    await cancelPendingJobs(trx, PUBLISH_EPISODE_JOB, id);
    const files = await deleteEpisodeRows(trx, id);
    await audit(trx, 'podcast.episode_delete', { kind: 'episode', id }, act, {
      show: episode.showId,
      title: episode.title,
      slug: episode.slug,
      status: episode.status,
    });
    await logContentChange(trx, episodeTags(episode), act.now);
    return files;
  });
}

// ------------------------------------------------------------------------------------------- desk

export const EPISODE_INTENTS = ['save', 'publish', 'schedule'] as const;
export type EpisodeIntent = (typeof EPISODE_INTENTS)[number];

/**
 * One press on the episode's desk page: saves what is on the screen (with
 * the version check), then publishes or schedules it, in one transaction. A
 * stale version with exactly the stored content and the press already done
 * (a double click) writes nothing.
 */
export async function actOnEpisodeScreen(
  db: Db,
  id: string,
  screen: { expectedVersion: number; fields: EpisodeFields; intent: EpisodeIntent; at?: Date | undefined },
  act: Act,
  files: EpisodeFiles = {},
): Promise<{ version: number; repeated: boolean }> {
  if (screen.intent === 'schedule' && (!screen.at || screen.at.getTime() <= act.now.getTime()))
    throw new PodcastWorkflowError('schedule_in_past');
  return inTransaction(db, async (trx) => {
    const current = await loadEpisode(trx, id);
    const unchanged = !files.audio && !files.image && sameFields(current, screen.fields);
    if (current.version !== screen.expectedVersion) {
      const done =
        screen.intent === 'save' ||
        (screen.intent === 'publish' && current.status === 'published') ||
        (screen.intent === 'schedule' &&
          current.status === 'scheduled' &&
          current.scheduledAt === screen.at?.toISOString());
      if (unchanged && done) return { version: current.version, repeated: true };
      throw new PodcastConflictError(current.version);
    }
    let version = current.version;
    if (!unchanged || screen.intent === 'save')
      version = await saveEpisode(trx, id, { expectedVersion: version, fields: screen.fields }, act, files);
    if (screen.intent === 'publish') version = await publishEpisode(trx, id, act);
    if (screen.intent === 'schedule' && screen.at) version = await scheduleEpisode(trx, id, screen.at, act);
    return { version, repeated: false };
  });
}

/** The screen holds what is stored (an empty slug means "the stored one"). */
function sameFields(stored: EpisodeFields, screen: EpisodeFields): boolean {
  const canonical = (f: EpisodeFields) =>
    JSON.stringify([
      f.title,
      f.notesHtml,
      f.episodeType,
      f.episodeNumber,
      f.seasonNumber,
      f.explicit,
      f.audioId,
      f.imageId,
      f.transcript,
      f.chapters,
      f.relatedArticleIds,
    ]);
  const slugSame = screen.slug === '' || slugify(screen.slug) === stored.slug;
  return slugSame && canonical(stored) === canonical(screen);
}
