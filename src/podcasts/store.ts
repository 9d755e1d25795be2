/**
 * The rows of podcasts, written only by the door (./workflow.ts), which
 * claims versions and records revisions, the audit log and the change log
 * around these. Private to src/podcasts (biome.json forbids importing it elsewhere).
 */

import { newId } from '../db/ids.js';
import type { Db, EpisodeStatus } from '../db/schema.js';
import type { EpisodeFields, ShowFields } from './queries.js';
import type { PreparedAudio, PreparedImage } from './uploads.js';

const flag = (value: boolean) => (value ? 1 : 0);

function showColumns(fields: ShowFields) {
  return {
    slug: fields.slug,
    title: fields.title,
    description: fields.description,
    language: fields.language,
    category: fields.category,
    subcategory: fields.subcategory,
    explicit: flag(fields.explicit),
    author: fields.author,
    owner_name: fields.ownerName,
    owner_email: fields.ownerEmail,
    copyright: fields.copyright,
    show_type: fields.showType,
    locked: flag(fields.locked),
    artwork_id: fields.artworkId,
    apple_url: fields.appleUrl,
    spotify_url: fields.spotifyUrl,
  };
}

export async function insertShow(
  trx: Db,
  show: { id: string; editionCode: string; guid: string; fields: ShowFields; createdBy: string | null },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('podcast_shows')
    .values({
      id: show.id,
      edition_code: show.editionCode,
      guid: show.guid,
      ...showColumns(show.fields),
      version: 1,
      created_by: show.createdBy,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .execute();
}

export async function updateShowRow(trx: Db, id: string, fields: ShowFields, now: Date): Promise<void> {
  await trx
    .updateTable('podcast_shows')
    .set({ ...showColumns(fields), updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

function episodeColumns(fields: EpisodeFields) {
  return {
    slug: fields.slug,
    title: fields.title,
    notes_html: fields.notesHtml,
    episode_type: fields.episodeType,
    episode_number: fields.episodeNumber,
    season_number: fields.seasonNumber,
    explicit: flag(fields.explicit),
    audio_id: fields.audioId,
    image_id: fields.imageId,
    transcript: fields.transcript?.text ?? null,
    transcript_format: fields.transcript?.format ?? null,
    chapters: JSON.stringify(fields.chapters),
    related_article_ids: JSON.stringify(fields.relatedArticleIds),
  };
}

export async function insertEpisode(
  trx: Db,
  episode: {
    id: string;
    showId: string;
    editionCode: string;
    guid: string;
    fields: EpisodeFields;
    createdBy: string | null;
  },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('podcast_episodes')
    .values({
      id: episode.id,
      show_id: episode.showId,
      edition_code: episode.editionCode,
      guid: episode.guid,
      ...episodeColumns(episode.fields),
      status: 'draft',
      published_at: null,
      scheduled_at: null,
      version: 1,
      created_by: episode.createdBy,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .execute();
}

export interface EpisodeState {
  status: EpisodeStatus;
  publishedAt: string | null;
  scheduledAt: string | null;
}

export async function updateEpisodeRow(
  trx: Db,
  id: string,
  change: { fields?: EpisodeFields; state?: EpisodeState },
  now: Date,
): Promise<void> {
  await trx
    .updateTable('podcast_episodes')
    .set({
      ...(change.fields ? episodeColumns(change.fields) : {}),
      ...(change.state
        ? {
            status: change.state.status,
            published_at: change.state.publishedAt,
            scheduled_at: change.state.scheduledAt,
          }
        : {}),
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

type Versioned = 'podcast_shows' | 'podcast_episodes';

/** Takes the version after `expected` if it is still the current one (one writer wins); the new version, or undefined. */
export async function claimVersion(trx: Db, table: Versioned, id: string, expected: number) {
  const result = await trx
    .updateTable(table)
    .set({ version: expected + 1 })
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? expected + 1 : undefined;
}

/** Takes the next version whatever it is (the scheduler and workflow steps act on the current one). */
export async function claimNextVersion(trx: Db, table: Versioned, id: string): Promise<number | undefined> {
  const result = await trx
    .updateTable(table)
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  const row = await trx.selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
  return row?.version;
}

export async function insertAudio(
  trx: Db,
  audio: PreparedAudio,
  episodeId: string,
  createdBy: string | null,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('podcast_audio')
    .values({
      id: audio.id,
      episode_id: episodeId,
      file: audio.file,
      content_type: audio.facts.contentType,
      bytes: audio.facts.bytes,
      duration_ms: audio.facts.durationMs,
      bitrate: audio.facts.bitrate,
      codec: audio.facts.codec,
      sha256: audio.facts.sha256,
      created_by: createdBy,
      created_at: now.toISOString(),
    })
    .execute();
}

export async function insertImage(trx: Db, image: PreparedImage, ownerId: string, now: Date): Promise<void> {
  await trx
    .insertInto('podcast_images')
    .values({
      id: image.id,
      owner_id: ownerId,
      file: image.file,
      content_type: image.contentType,
      width: image.width,
      height: image.height,
      bytes: image.bytes,
      renditions: JSON.stringify(image.renditions),
      created_at: now.toISOString(),
    })
    .execute();
}

export async function insertRevision(
  trx: Db,
  revision: {
    subjectKind: 'show' | 'episode';
    subjectId: string;
    version: number;
    kind: string;
    source: string;
    authorId: string | null;
    snapshot: unknown;
  },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('podcast_revisions')
    .values({
      id: newId(now),
      subject_kind: revision.subjectKind,
      subject_id: revision.subjectId,
      version: revision.version,
      kind: revision.kind,
      source: revision.source,
      author_id: revision.authorId,
      snapshot: JSON.stringify(revision.snapshot),
      created_at: now.toISOString(),
    })
    .execute();
}

/** Deletes an episode with its audio, images and revisions; returns the files they named. */
export async function deleteEpisodeRows(trx: Db, id: string): Promise<string[]> {
  const [audio, images] = await Promise.all([
    trx.selectFrom('podcast_audio').select('file').where('episode_id', '=', id).execute(),
    trx.selectFrom('podcast_images').select(['file', 'renditions']).where('owner_id', '=', id).execute(),
  ]);
  await trx.deleteFrom('podcast_audio').where('episode_id', '=', id).execute();
  await trx.deleteFrom('podcast_images').where('owner_id', '=', id).execute();
  await trx
    .deleteFrom('podcast_revisions')
    .where('subject_kind', '=', 'episode')
    .where('subject_id', '=', id)
    .execute();
  await trx.deleteFrom('podcast_episodes').where('id', '=', id).execute();
  const renditionFiles = images.flatMap((image) => {
    try {
      return (JSON.parse(image.renditions) as { file: string }[]).map((r) => r.file);
    } catch {
      return [];
    }
  });
  return [...audio.map((a) => a.file), ...images.map((i) => i.file), ...renditionFiles];
}
