/**
 * Reads of podcasts. The public site, feeds and the content API see only
 * published episodes (`status = 'published'`: a scheduled one turns
 * published when its job runs) and shows that have at least one.
 */
import type { Selectable } from 'kysely';
import { articlePath } from '../articles/paths.js';
import { publicArticles } from '../articles/queries.js';
import type {
  Db,
  EpisodeStatus,
  EpisodeType,
  PodcastAudioTable,
  PodcastEpisodeTable,
  PodcastImageTable,
  PodcastShowTable,
  PodcastShowType,
} from '../db/schema.js';
import type { Edition } from '../editions/queries.js';
import { cacheTags } from '../http/cache-tags.js';
import type { AppDeps } from '../http/env.js';
import type { ArtworkRendition } from './artwork.js';
import { type Chapter, storedChapters } from './chapters.js';
import type { TranscriptFormat } from './transcripts.js';

export interface PodcastImage {
  id: string;
  file: string;
  contentType: string;
  width: number;
  height: number;
  bytes: number;
  renditions: ArtworkRendition[];
}

export interface PodcastAudio {
  id: string;
  file: string;
  contentType: string;
  bytes: number;
  durationMs: number;
  bitrate: number;
  codec: string;
  createdAt: string;
}

/** A show's fields: what a save writes and a revision keeps. */
export interface ShowFields {
  slug: string;
  title: string;
  description: string;
  language: string;
  category: string;
  subcategory: string;
  explicit: boolean;
  author: string;
  ownerName: string;
  ownerEmail: string;
  copyright: string;
  showType: PodcastShowType;
  locked: boolean;
  artworkId: string | null;
  appleUrl: string;
  spotifyUrl: string;
}

export interface Show extends ShowFields {
  id: string;
  editionCode: string;
  guid: string;
  artwork: PodcastImage | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** An episode's fields: what a save writes and a revision keeps. */
export interface EpisodeFields {
  slug: string;
  title: string;
  notesHtml: string;
  episodeType: EpisodeType;
  episodeNumber: number | null;
  seasonNumber: number | null;
  explicit: boolean;
  audioId: string | null;
  imageId: string | null;
  transcript: { text: string; format: TranscriptFormat } | null;
  chapters: Chapter[];
  relatedArticleIds: string[];
}

export interface Episode extends EpisodeFields {
  id: string;
  showId: string;
  editionCode: string;
  guid: string;
  status: EpisodeStatus;
  audio: PodcastAudio | null;
  image: PodcastImage | null;
  publishedAt: string | null;
  scheduledAt: string | null;
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export const showPath = (editionCode: string, slug: string) =>
  `/${editionCode}/podcasts/${encodeURIComponent(slug)}`;
export const showsPath = (editionCode: string) => `/${editionCode}/podcasts`;
export const feedPath = (editionCode: string, slug: string) => `${showPath(editionCode, slug)}/feed.xml`;
export const episodePath = (editionCode: string, showSlug: string, slug: string) =>
  `${showPath(editionCode, showSlug)}/${encodeURIComponent(slug)}`;

function parseJson<T>(json: string, fallback: T): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

function toImage(row: Selectable<PodcastImageTable>): PodcastImage {
  return {
    id: row.id,
    file: row.file,
    contentType: row.content_type,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    renditions: parseJson<ArtworkRendition[]>(row.renditions, []),
  };
}

function toAudio(row: Selectable<PodcastAudioTable>): PodcastAudio {
  return {
    id: row.id,
    file: row.file,
    contentType: row.content_type,
    bytes: row.bytes,
    durationMs: row.duration_ms,
    bitrate: row.bitrate,
    codec: row.codec,
    createdAt: row.created_at,
  };
}

async function imagesById(db: Db, ids: (string | null)[]): Promise<Map<string, PodcastImage>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('podcast_images').selectAll().where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [row.id, toImage(row)]));
}

async function audioById(db: Db, ids: (string | null)[]): Promise<Map<string, PodcastAudio>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('podcast_audio').selectAll().where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [row.id, toAudio(row)]));
}

export function showFieldsOf(row: Selectable<PodcastShowTable>): ShowFields {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    language: row.language,
    category: row.category,
    subcategory: row.subcategory,
    explicit: row.explicit === 1,
    author: row.author,
    ownerName: row.owner_name,
    ownerEmail: row.owner_email,
    copyright: row.copyright,
    showType: row.show_type,
    locked: row.locked === 1,
    artworkId: row.artwork_id,
    appleUrl: row.apple_url,
    spotifyUrl: row.spotify_url,
  };
}

async function toShows(db: Db, rows: Selectable<PodcastShowTable>[]): Promise<Show[]> {
  const images = await imagesById(
    db,
    rows.map((r) => r.artwork_id),
  );
  return rows.map((row) => ({
    ...showFieldsOf(row),
    id: row.id,
    editionCode: row.edition_code,
    guid: row.guid,
    artwork: (row.artwork_id && images.get(row.artwork_id)) || null,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export function episodeFieldsOf(row: Selectable<PodcastEpisodeTable>): EpisodeFields {
  return {
    slug: row.slug,
    title: row.title,
    notesHtml: row.notes_html,
    episodeType: row.episode_type,
    episodeNumber: row.episode_number,
    seasonNumber: row.season_number,
    explicit: row.explicit === 1,
    audioId: row.audio_id,
    imageId: row.image_id,
    transcript:
      row.transcript !== null && row.transcript_format !== null
        ? { text: row.transcript, format: row.transcript_format }
        : null,
    chapters: storedChapters(row.chapters),
    relatedArticleIds: parseJson<string[]>(row.related_article_ids, []),
  };
}

async function toEpisodes(db: Db, rows: Selectable<PodcastEpisodeTable>[]): Promise<Episode[]> {
  const [images, audio] = await Promise.all([
    imagesById(
      db,
      rows.map((r) => r.image_id),
    ),
    audioById(
      db,
      rows.map((r) => r.audio_id),
    ),
  ]);
  return rows.map((row) => ({
    ...episodeFieldsOf(row),
    id: row.id,
    showId: row.show_id,
    editionCode: row.edition_code,
    guid: row.guid,
    status: row.status,
    audio: (row.audio_id && audio.get(row.audio_id)) || null,
    image: (row.image_id && images.get(row.image_id)) || null,
    publishedAt: row.published_at,
    scheduledAt: row.scheduled_at,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

// ------------------------------------------------------------------------------------------- shows

export async function findShow(db: Db, id: string): Promise<Show | undefined> {
  const row = await db.selectFrom('podcast_shows').selectAll().where('id', '=', id).executeTakeFirst();
  return row && (await toShows(db, [row]))[0];
}

/** The shows of these editions for the desk, by title, with their episodes counted. */
export async function listDeskShows(
  db: Db,
  editionCodes: string[],
): Promise<(Show & { episodes: number; published: number })[]> {
  if (editionCodes.length === 0) return [];
  const rows = await db
    .selectFrom('podcast_shows')
    .selectAll()
    .where('edition_code', 'in', editionCodes)
    .orderBy('edition_code')
    .orderBy('title')
    .execute();
  const counts = await db
    .selectFrom('podcast_episodes')
    .select(['show_id', 'status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('edition_code', 'in', editionCodes)
    .groupBy(['show_id', 'status'])
    .execute();
  const countOf = (showId: string, status?: EpisodeStatus) =>
    counts
      .filter((c) => c.show_id === showId && (!status || c.status === status))
      .reduce((sum, c) => sum + Number(c.n), 0);
  return (await toShows(db, rows)).map((show) => ({
    ...show,
    episodes: countOf(show.id),
    published: countOf(show.id, 'published'),
  }));
}

/** A show of the edition by its address, if it has a published episode (else readers do not see it). */
export async function findPublicShow(db: Db, editionCode: string, slug: string): Promise<Show | undefined> {
  const row = await db
    .selectFrom('podcast_shows')
    .selectAll()
    .where('edition_code', '=', editionCode)
    .where('slug', '=', slug)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('podcast_episodes')
          .select('podcast_episodes.id')
          .whereRef('podcast_episodes.show_id', '=', 'podcast_shows.id')
          .where('podcast_episodes.status', '=', 'published'),
      ),
    )
    .executeTakeFirst();
  return row && (await toShows(db, [row]))[0];
}

export interface PublicShow extends Show {
  episodeCount: number;
  latestAt: string;
}

/** The edition's shows readers see (each with a published episode), the most recently published first. */
export async function listPublicShows(db: Db, editionCode: string): Promise<PublicShow[]> {
  const stats = await db
    .selectFrom('podcast_episodes')
    .select([
      'show_id',
      (eb) => eb.fn.countAll<string | number>().as('n'),
      (eb) => eb.fn.max('published_at').as('latest'),
    ])
    .where('edition_code', '=', editionCode)
    .where('status', '=', 'published')
    .groupBy('show_id')
    .execute();
  if (stats.length === 0) return [];
  const rows = await db
    .selectFrom('podcast_shows')
    .selectAll()
    .where(
      'id',
      'in',
      stats.map((s) => s.show_id),
    )
    .execute();
  const shows = await toShows(db, rows);
  return shows
    .map((show) => {
      const stat = stats.find((s) => s.show_id === show.id);
      return { ...show, episodeCount: Number(stat?.n ?? 0), latestAt: String(stat?.latest ?? '') };
    })
    .sort((a, b) => (a.latestAt < b.latestAt ? 1 : a.latestAt > b.latestAt ? -1 : a.id < b.id ? -1 : 1));
}

/** Whether readers of the edition have a podcast to find (its header then links to them). */
export async function editionHasPodcasts(db: Db, editionCode: string): Promise<boolean> {
  const row = await db
    .selectFrom('podcast_episodes')
    .select('id')
    .where('edition_code', '=', editionCode)
    .where('status', '=', 'published')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * `editionHasPodcasts` from memory until the edition's podcasts change (the
 * door logs the edition's own tag too when the answer flips, for the pages showing the link).
 */
export function cachedHasPodcasts(
  deps: Pick<AppDeps, 'db' | 'cache'>,
  editionCode: string,
): Promise<boolean> {
  return deps.cache.remember(
    `podcasts-nav:${editionCode}`,
    () => editionHasPodcasts(deps.db, editionCode),
    () => [cacheTags.podcasts(editionCode), cacheTags.edition(editionCode)],
  );
}

/** Whether any episode of the show has ever been out: its address (and its feed's) is then fixed. */
export async function showEverPublished(db: Db, showId: string): Promise<boolean> {
  const row = await db
    .selectFrom('podcast_episodes')
    .select('id')
    .where('show_id', '=', showId)
    .where('published_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function showSlugTaken(db: Db, editionCode: string, slug: string, exceptId?: string) {
  let query = db
    .selectFrom('podcast_shows')
    .select('id')
    .where('edition_code', '=', editionCode)
    .where('slug', '=', slug);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

// ---------------------------------------------------------------------------------------- episodes

export async function findEpisode(db: Db, id: string): Promise<Episode | undefined> {
  const row = await db.selectFrom('podcast_episodes').selectAll().where('id', '=', id).executeTakeFirst();
  return row && (await toEpisodes(db, [row]))[0];
}

/** Every episode of a show for the desk: unpublished work first, then the newest. */
export async function listDeskEpisodes(db: Db, showId: string): Promise<Episode[]> {
  const rows = await db
    .selectFrom('podcast_episodes')
    .selectAll()
    .where('show_id', '=', showId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const episodes = await toEpisodes(db, rows);
  const rank = (e: Episode) => (e.status === 'published' ? 1 : 0);
  return episodes.sort(
    (a, b) => rank(a) - rank(b) || (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''),
  );
}

/** A show's published episodes, newest first, `limit` from `offset`, and how many there are. */
export async function listPublishedEpisodes(
  db: Db,
  showId: string,
  page: { limit: number; offset: number },
): Promise<{ episodes: Episode[]; total: number }> {
  const base = db
    .selectFrom('podcast_episodes')
    .where('show_id', '=', showId)
    .where('status', '=', 'published');
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst(),
  ]);
  return { episodes: await toEpisodes(db, rows), total: Number(count?.n ?? 0) };
}

/** A published episode of a show by its address. */
export async function findPublishedEpisode(
  db: Db,
  showId: string,
  slug: string,
): Promise<Episode | undefined> {
  const row = await db
    .selectFrom('podcast_episodes')
    .selectAll()
    .where('show_id', '=', showId)
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return row && (await toEpisodes(db, [row]))[0];
}

export async function episodeSlugTaken(db: Db, showId: string, slug: string, exceptId?: string) {
  let query = db
    .selectFrom('podcast_episodes')
    .select('id')
    .where('show_id', '=', showId)
    .where('slug', '=', slug);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The audio files an episode has had (the current one and those it replaced). */
export async function listEpisodeAudio(db: Db, episodeId: string): Promise<PodcastAudio[]> {
  const rows = await db
    .selectFrom('podcast_audio')
    .selectAll()
    .where('episode_id', '=', episodeId)
    .orderBy('created_at')
    .execute();
  return rows.map(toAudio);
}

export async function findPodcastImage(db: Db, id: string): Promise<PodcastImage | undefined> {
  return (await imagesById(db, [id])).get(id);
}

export async function findAudio(db: Db, id: string): Promise<PodcastAudio | undefined> {
  return (await audioById(db, [id])).get(id);
}

export interface RevisionEntry {
  version: number;
  kind: string;
  source: string;
  authorId: string | null;
  authorEmail: string | null;
  createdAt: string;
}

/** A show's or an episode's history, newest first. */
export async function listPodcastRevisions(
  db: Db,
  kind: 'show' | 'episode',
  subjectId: string,
): Promise<RevisionEntry[]> {
  const rows = await db
    .selectFrom('podcast_revisions')
    .leftJoin('users', 'users.id', 'podcast_revisions.author_id')
    .select([
      'podcast_revisions.version',
      'podcast_revisions.kind',
      'podcast_revisions.source',
      'podcast_revisions.author_id',
      'podcast_revisions.created_at',
      'users.email',
    ])
    .where('podcast_revisions.subject_kind', '=', kind)
    .where('podcast_revisions.subject_id', '=', subjectId)
    .orderBy('podcast_revisions.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    kind: r.kind,
    source: r.source,
    authorId: r.author_id,
    authorEmail: r.email,
    createdAt: r.created_at,
  }));
}

// ---------------------------------------------------------------------------------------- articles

/**
 * The published articles of the edition that these addresses name (full URLs
 * or paths, as copied from the site), in order; `missing` lists the ones that
 * name none.
 */
export async function articlesAtAddresses(
  db: Db,
  edition: Edition,
  addresses: string[],
  now: Date,
): Promise<{ ids: string[]; missing: string[] }> {
  const ids: string[] = [];
  const missing: string[] = [];
  for (const address of addresses) {
    const pathname = (() => {
      try {
        return new URL(address, 'http://site.invalid').pathname;
      } catch {
        return '';
      }
    })();
    const m = /^\/([a-z]{2,3})\/\d{4}\/\d{2}\/\d{2}\/([^/]+)\/?$/.exec(pathname);
    const slug = m && m[1] === edition.code ? safeDecode(m[2] ?? '') : undefined;
    const row =
      slug === undefined
        ? undefined
        : await publicArticles(db, now)
            .select(['articles.id'])
            .where('articles.edition_code', '=', edition.code)
            .where('articles.slug', '=', slug)
            .executeTakeFirst();
    if (row) {
      if (!ids.includes(row.id)) ids.push(row.id);
    } else missing.push(address);
  }
  return { ids, missing };
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** The addresses of articles by id (for the desk's related-articles field), published ones only. */
export async function articleAddresses(
  db: Db,
  edition: Edition,
  ids: string[],
  now: Date,
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await publicArticles(db, now)
    .select(['articles.id', 'articles.slug', 'articles.first_published_at', 'articles.edition_code'])
    .where('articles.id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      articlePath(r.edition_code, r.slug, r.first_published_at ?? '', edition.timeZone),
    ]),
  );
}
