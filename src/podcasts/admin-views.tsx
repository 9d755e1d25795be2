/**
 * The podcast desk (/admin/podcasts): the shows of the editions one works
 * in, a show's settings and episodes, and an episode's editor (text, audio,
 * image, transcript, chapters, related stories, publishing). Views take plain data.
 */
import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout } from '../accounts/views.js';
import type { EpisodeStatus } from '../db/schema.js';
import { editionLabel } from '../editions/label.js';
import type { Edition } from '../editions/queries.js';
import { formatDateTime } from '../i18n/dates.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { editorLabels, UrlDialog } from '../newsroom/views.js';
import {
  CsrfField,
  FieldError,
  type FieldErrors,
  invalidAttributes,
  Notice,
  Select,
  TextArea,
  TextField,
} from '../ui/forms.js';
import { CATEGORY_CHOICES } from './categories.js';
import { clockTime } from './chapters.js';
import { podcastFileUrl } from './files.js';
import { type Episode, episodePath, feedPath, type RevisionEntry, type Show, showPath } from './queries.js';

export const DESK = '/admin/podcasts';
export const showDeskPath = (id: string) => `${DESK}/shows/${id}`;
export const episodeDeskPath = (id: string) => `${DESK}/episodes/${id}`;

interface DeskBase {
  language: string;
  user: SignedInUser;
  csrf: string;
  notice?: string | undefined;
  formError?: string | undefined;
}

const STATUS_NAMES: Record<EpisodeStatus, (t: Messages) => string> = {
  draft: (t) => t.deskStatusDraft,
  scheduled: (t) => t.deskStatusScheduled,
  published: (t) => t.deskStatusPublished,
  unpublished: (t) => t.deskStatusUnpublished,
};

const REVISION_KINDS: Record<string, (t: Messages) => string> = {
  create: (t) => t.deskRevKindCreate,
  save: (t) => t.deskRevKindDraft,
  update: (t) => t.deskRevKindUpdate,
  publish: (t) => t.deskRevKindPublish,
  schedule: (t) => t.deskRevKindSchedule,
  unpublish: (t) => t.deskRevKindUnpublish,
};
const REVISION_SOURCES: Record<string, (t: Messages) => string> = {
  desk: (t) => t.deskRevSourceDesk,
  api: (t) => t.deskRevSourceApi,
  scheduler: (t) => t.deskRevSourceScheduler,
};

const when = (iso: string, edition: Edition, language: string) =>
  formatDateTime(new Date(iso), { ...edition, language });

function Status({ status, t }: { status: EpisodeStatus; t: Messages }) {
  return <span class={`desk-status desk-status-${status}`}>{STATUS_NAMES[status](t)}</span>;
}

/** A checkbox with its label (and a hint under it); sends "1" when ticked. */
function Checkbox({
  name,
  label,
  checked,
  hint,
}: {
  name: string;
  label: string;
  checked: boolean;
  hint?: string;
}) {
  return (
    <p>
      <label>
        <input type="checkbox" name={name} value="1" checked={checked} /> {label}
      </label>
      {hint && (
        <>
          <br />
          <span class="admin-hint">{hint}</span>
        </>
      )}
    </p>
  );
}

/** A file input with its label, hint and error. */
function FileField(props: {
  name: string;
  label: string;
  hint: string;
  accept: string;
  errors: FieldErrors;
}) {
  const error = props.errors[props.name];
  return (
    <p class="admin-field">
      <label for={props.name}>{props.label}</label>
      <span class="admin-hint" id={`${props.name}-hint`}>
        {props.hint}
      </span>
      <input
        id={props.name}
        name={props.name}
        type="file"
        accept={props.accept}
        aria-describedby={error ? `${props.name}-hint ${props.name}-error` : `${props.name}-hint`}
        {...(error ? { 'aria-invalid': 'true' } : {})}
      />
      <FieldError name={props.name} error={error} />
    </p>
  );
}

function History({
  entries,
  edition,
  language,
  t,
}: {
  entries: RevisionEntry[];
  edition: Edition;
  language: string;
  t: Messages;
}) {
  if (entries.length === 0) return null;
  return (
    <details class="desk-box">
      <summary>{t.deskRevisions}</summary>
      <div class="admin-hscroll">
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.podcastDeskVersion}</th>
              <th scope="col">{t.deskRevKind}</th>
              <th scope="col">{t.podcastDeskWho}</th>
              <th scope="col">{t.podcastDeskWhen}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr>
                <td>{String(entry.version)}</td>
                <td>{REVISION_KINDS[entry.kind]?.(t) ?? entry.kind}</td>
                <td>
                  <bdi>{entry.authorEmail ?? REVISION_SOURCES[entry.source]?.(t) ?? entry.source}</bdi>
                </td>
                <td>{when(entry.createdAt, edition, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

// ----------------------------------------------------------------------------------------- the list

export interface DeskEdition {
  edition: Edition;
  shows: (Show & { episodes: number; published: number })[];
  /** May add and change this edition's shows. */
  manages: boolean;
}

export function PodcastsDeskPage(props: DeskBase & { editions: DeskEdition[] }) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.podcastDeskTitle}>
      <Notice text={props.notice} kind="info" />
      <p>{t.podcastDeskIntro}</p>
      {props.editions.map(({ edition, shows, manages }) => (
        <section aria-labelledby={`edition-${edition.code}`}>
          <h2 id={`edition-${edition.code}`}>{editionLabel(edition)}</h2>
          {shows.length === 0 ? (
            <p>{t.podcastDeskNoShows}</p>
          ) : (
            <div class="admin-hscroll">
              <table class="admin-table">
                <thead>
                  <tr>
                    <th scope="col">{t.podcastDeskShow}</th>
                    <th scope="col">{t.podcastDeskEpisodes}</th>
                    <th scope="col">{t.deskStatusPublished}</th>
                    <th scope="col">{t.podcastDeskFeed}</th>
                  </tr>
                </thead>
                <tbody>
                  {shows.map((show) => (
                    <tr>
                      <td>
                        <a href={showDeskPath(show.id)} dir="auto">
                          {show.title}
                        </a>
                      </td>
                      <td>{String(show.episodes)}</td>
                      <td>{String(show.published)}</td>
                      <td>
                        {show.published > 0 ? (
                          <a href={feedPath(show.editionCode, show.slug)}>{t.podcastsRss}</a>
                        ) : (
                          t.podcastDeskNotYetPublic
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {manages && (
            <p>
              <a class="button" href={`${DESK}/shows/new?edition=${edition.code}`}>
                {format(t.podcastDeskNewShowIn, { edition: editionLabel(edition) })}
              </a>
            </p>
          )}
        </section>
      ))}
    </AdminLayout>
  );
}

// ------------------------------------------------------------------------------------------ a show

/** The show form's fields as typed (strings and ticks), shown back after a refusal. */
export interface ShowFormValues {
  title: string;
  slug: string;
  description: string;
  language: string;
  category: string;
  explicit: boolean;
  author: string;
  ownerName: string;
  ownerEmail: string;
  copyright: string;
  showType: string;
  locked: boolean;
  appleUrl: string;
  spotifyUrl: string;
}

/** A show's or an episode's address: a field until its first publication, then fixed (kept in the form). */
function AddressField(props: {
  t: Messages;
  slug: string;
  fixed: boolean;
  fixedText: string;
  hint: string;
  errors: FieldErrors;
}) {
  const { t, slug } = props;
  if (props.fixed)
    return (
      <p class="admin-field">
        {t.podcastDeskAddress}: <bdi>{slug}</bdi>
        <span class="admin-hint">{props.fixedText}</span>
        <input type="hidden" name="slug" value={slug} />
      </p>
    );
  return (
    <TextField
      name="slug"
      label={t.podcastDeskAddress}
      hint={props.hint}
      value={slug}
      errors={props.errors}
      maxlength={80}
      dir="auto"
    />
  );
}

function ShowFields({
  values,
  errors,
  t,
  addressFixed,
}: {
  values: ShowFormValues;
  errors: FieldErrors;
  t: Messages;
  addressFixed: boolean;
}) {
  return (
    <>
      <TextField
        name="title"
        label={t.podcastDeskTitleField}
        value={values.title}
        errors={errors}
        maxlength={300}
        required
      />
      <AddressField
        t={t}
        slug={values.slug}
        fixed={addressFixed}
        fixedText={t.podcastDeskAddressFixed}
        hint={t.podcastDeskAddressHint}
        errors={errors}
      />
      <TextArea
        name="description"
        label={t.podcastDeskDescription}
        hint={t.podcastDeskDescriptionHint}
        value={values.description}
        errors={errors}
        rows={5}
        maxlength={4000}
        required
      />
      <TextField
        name="language"
        label={t.podcastDeskLanguage}
        hint={t.podcastDeskLanguageHint}
        value={values.language}
        errors={errors}
        maxlength={35}
        dir="ltr"
        required
      />
      <Select
        name="category"
        label={t.podcastDeskCategory}
        hint={t.podcastDeskCategoryHint}
        choices={CATEGORY_CHOICES.map((choice) => ({ value: choice, label: choice }))}
        value={values.category}
        errors={errors}
        required
      />
      <Select
        name="showType"
        label={t.podcastDeskType}
        choices={[
          { value: 'episodic', label: t.podcastDeskTypeEpisodic },
          { value: 'serial', label: t.podcastDeskTypeSerial },
        ]}
        value={values.showType}
        errors={errors}
      />
      <Checkbox name="explicit" label={t.podcastDeskExplicit} checked={values.explicit} />
      <TextField
        name="author"
        label={t.podcastDeskAuthor}
        hint={t.podcastDeskAuthorHint}
        value={values.author}
        errors={errors}
        maxlength={200}
        required
      />
      <TextField
        name="ownerName"
        label={t.podcastDeskOwnerName}
        value={values.ownerName}
        errors={errors}
        maxlength={200}
        required
      />
      <TextField
        name="ownerEmail"
        label={t.podcastDeskOwnerEmail}
        hint={t.podcastDeskOwnerEmailHint}
        type="email"
        value={values.ownerEmail}
        errors={errors}
        maxlength={320}
        required
      />
      <TextField
        name="copyright"
        label={t.podcastDeskCopyright}
        value={values.copyright}
        errors={errors}
        maxlength={300}
      />
      <Checkbox
        name="locked"
        label={t.podcastDeskLocked}
        hint={t.podcastDeskLockedHint}
        checked={values.locked}
      />
      <TextField
        name="appleUrl"
        label={t.podcastDeskAppleUrl}
        hint={t.podcastDeskAppleUrlHint}
        type="url"
        value={values.appleUrl}
        errors={errors}
        maxlength={500}
      />
      <TextField
        name="spotifyUrl"
        label={t.podcastDeskSpotifyUrl}
        hint={t.podcastDeskSpotifyUrlHint}
        type="url"
        value={values.spotifyUrl}
        errors={errors}
        maxlength={500}
      />
    </>
  );
}

export function ShowPage(
  props: DeskBase & {
    edition: Edition;
    /** Absent: a new show. */
    show?: Show | undefined;
    values: ShowFormValues;
    errors: FieldErrors;
    addressFixed: boolean;
    manages: boolean;
    episodes: Episode[];
    history: RevisionEntry[];
    /** May start an episode of this show. */
    startsEpisodes: boolean;
  },
) {
  const t = messagesFor(props.language);
  const { show, edition } = props;
  const title = show ? show.title : format(t.podcastDeskNewShowIn, { edition: editionLabel(edition) });
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={title}>
      <Notice text={props.notice} kind="info" />
      <Notice text={props.formError} kind="error" />
      <p>
        <a href={DESK}>{t.podcastDeskBack}</a>
        {show && props.episodes.some((e) => e.status === 'published') && (
          <>
            {' · '}
            <a href={showPath(show.editionCode, show.slug)}>{t.podcastDeskOnSite}</a>
            {' · '}
            <a href={feedPath(show.editionCode, show.slug)}>{t.podcastsRss}</a>
          </>
        )}
      </p>
      {show && (
        <section aria-labelledby="episodes">
          <h2 id="episodes">{t.podcastDeskEpisodes}</h2>
          {props.startsEpisodes && (
            <p>
              <a class="button button-primary" href={`${showDeskPath(show.id)}/episodes/new`}>
                {t.podcastDeskNewEpisode}
              </a>
            </p>
          )}
          {props.episodes.length === 0 ? (
            <p>{t.podcastDeskNoEpisodes}</p>
          ) : (
            <div class="admin-hscroll">
              <table class="admin-table">
                <thead>
                  <tr>
                    <th scope="col">{t.podcastDeskEpisode}</th>
                    <th scope="col">{t.deskStatus}</th>
                    <th scope="col">{t.podcastDeskDate}</th>
                  </tr>
                </thead>
                <tbody>
                  {props.episodes.map((episode) => (
                    <tr>
                      <td>
                        <a href={episodeDeskPath(episode.id)} dir="auto">
                          {episode.title}
                        </a>
                      </td>
                      <td>
                        <Status status={episode.status} t={t} />
                      </td>
                      <td>
                        {episode.status === 'scheduled' && episode.scheduledAt
                          ? when(episode.scheduledAt, edition, props.language)
                          : episode.publishedAt
                            ? when(episode.publishedAt, edition, props.language)
                            : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      <section aria-labelledby="settings">
        <h2 id="settings">{t.podcastDeskSettings}</h2>
        {show?.artwork && (
          <p class="podcast-desk-art">
            <img
              src={podcastFileUrl(
                show.artwork.renditions.find((r) => r.format === 'jpeg')?.file ?? show.artwork.file,
              )}
              width={150}
              height={150}
              alt={t.podcastDeskArtwork}
            />
          </p>
        )}
        {show && !show.artwork && <Notice text={t.podcastDeskNeedsArtwork} kind="error" />}
        {props.manages ? (
          <form
            method="post"
            action={show ? showDeskPath(show.id) : `${DESK}/shows`}
            enctype="multipart/form-data"
            class="admin-form"
          >
            <CsrfField token={props.csrf} />
            {show ? (
              <input type="hidden" name="version" value={String(show.version)} />
            ) : (
              <input type="hidden" name="edition" value={edition.code} />
            )}
            <FileField
              name="artwork"
              label={t.podcastDeskArtwork}
              hint={t.podcastDeskArtworkHint}
              accept="image/jpeg,image/png"
              errors={props.errors}
            />
            <ShowFields values={props.values} errors={props.errors} t={t} addressFixed={props.addressFixed} />
            <p>
              <button type="submit" class="button button-primary">
                {show ? t.deskSave : t.podcastDeskCreateShow}
              </button>
            </p>
          </form>
        ) : (
          <dl class="admin-facts">
            <dt>{t.podcastDeskDescription}</dt>
            <dd dir="auto">{props.values.description}</dd>
            <dt>{t.podcastDeskCategory}</dt>
            <dd>{props.values.category}</dd>
            <dt>{t.podcastDeskAuthor}</dt>
            <dd dir="auto">{props.values.author}</dd>
          </dl>
        )}
        {show && <History entries={props.history} edition={edition} language={props.language} t={t} />}
      </section>
    </AdminLayout>
  );
}

// --------------------------------------------------------------------------------------- an episode

/** The episode form's fields as typed, shown back after a refusal. */
export interface EpisodeFormValues {
  title: string;
  slug: string;
  notes: string;
  episodeType: string;
  episodeNumber: string;
  seasonNumber: string;
  explicit: boolean;
  chapters: string;
  related: string;
  removeTranscript: boolean;
  at: string;
}

export interface EpisodeActions {
  /** Change its fields and files (writers: drafts only). */
  save: boolean;
  publish: boolean;
  schedule: boolean;
  unpublish: boolean;
  delete: boolean;
}

const notesLabels = (t: Messages) =>
  JSON.stringify({ ...JSON.parse(editorLabels(t)), body: t.podcastDeskNotes });

function AudioFacts({
  episode,
  edition,
  language,
  t,
}: {
  episode: Episode;
  edition: Edition;
  language: string;
  t: Messages;
}) {
  const { audio } = episode;
  if (!audio) return <Notice text={t.podcastDeskNoAudio} kind="error" />;
  return (
    <div class="desk-box">
      <p>
        <strong>{t.podcastDeskCurrentAudio}</strong>
      </p>
      {/* biome-ignore lint/a11y/useMediaCaption: the desk's check of the uploaded file; readers get the transcript. */}
      <audio controls preload="none" src={podcastFileUrl(audio.file)} />
      <dl class="admin-facts">
        <dt>{t.podcastsDuration}</dt>
        <dd dir="ltr">{clockTime(audio.durationMs / 1000)}</dd>
        <dt>{t.podcastDeskFormat}</dt>
        <dd dir="ltr">
          {audio.contentType === 'audio/mpeg' ? 'MP3' : 'M4A'} · {audio.codec} ·{' '}
          {Math.round(audio.bitrate / 1000)} kbit/s
        </dd>
        <dt>{t.podcastDeskSize}</dt>
        <dd dir="ltr">{audio.bytes.toLocaleString('en')} B</dd>
        <dt>{t.podcastDeskUploaded}</dt>
        <dd>{when(audio.createdAt, edition, language)}</dd>
        <dt>{t.podcastDeskAudioUrl}</dt>
        <dd>
          <code dir="ltr">{podcastFileUrl(audio.file)}</code>
        </dd>
      </dl>
    </div>
  );
}

export function EpisodePage(
  props: DeskBase & {
    edition: Edition;
    show: Show;
    /** Absent: a new episode. */
    episode?: Episode | undefined;
    values: EpisodeFormValues;
    errors: FieldErrors;
    actions: EpisodeActions;
    history: RevisionEntry[];
    deskScriptPath: string;
    /** The version the form saves over (after a conflict: the current one, so sending again overwrites). */
    version?: number | undefined;
  },
) {
  const t = messagesFor(props.language);
  const { show, episode, edition, values, errors, actions } = props;
  const title = episode ? episode.title : format(t.podcastDeskNewEpisodeOf, { show: show.title });
  const action = episode ? episodeDeskPath(episode.id) : `${showDeskPath(show.id)}/episodes`;
  const addressFixed = episode?.publishedAt != null;
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={title}>
      <Notice text={props.notice} kind="info" />
      <Notice text={props.formError} kind="error" />
      <p>
        <a href={showDeskPath(show.id)} dir="auto">
          {show.title}
        </a>
        {episode?.status === 'published' && (
          <>
            {' · '}
            <a href={episodePath(show.editionCode, show.slug, episode.slug)}>{t.podcastDeskOnSite}</a>
          </>
        )}
        {episode && (
          <>
            {' · '}
            <Status status={episode.status} t={t} />
            {episode.status === 'scheduled' && episode.scheduledAt && (
              <>
                {' '}
                {format(t.podcastDeskScheduledFor, {
                  when: when(episode.scheduledAt, edition, props.language),
                })}
              </>
            )}
          </>
        )}
      </p>
      {episode && <AudioFacts episode={episode} edition={edition} language={props.language} t={t} />}
      {!actions.save && <p>{t.podcastDeskReadOnly}</p>}
      {actions.save && (
        <form
          method="post"
          action={action}
          enctype="multipart/form-data"
          class="admin-form podcast-desk-episode"
          lang={edition.language}
          dir={edition.direction}
        >
          <CsrfField token={props.csrf} />
          {episode && <input type="hidden" name="version" value={String(props.version ?? episode.version)} />}
          <TextField
            name="title"
            label={t.podcastDeskTitleField}
            value={values.title}
            errors={errors}
            maxlength={300}
            required
            class="desk-headline"
          />
          <AddressField
            t={t}
            slug={values.slug}
            fixed={addressFixed}
            fixedText={t.podcastDeskEpisodeAddressFixed}
            hint={t.podcastDeskEpisodeAddressHint}
            errors={errors}
          />
          <FileField
            name="audio"
            label={episode?.audio ? t.podcastDeskReplaceAudio : t.podcastDeskAudio}
            hint={t.podcastDeskAudioHint}
            accept="audio/mpeg,audio/mp4,audio/x-m4a,.mp3,.m4a"
            errors={errors}
          />
          <p class="admin-field desk-body">
            <label for="notes">{t.podcastDeskNotes}</label>
            <textarea
              id="notes"
              name="notes"
              rows={10}
              data-rich-text=""
              data-tools="bold italic bulletList orderedList link"
              data-labels={notesLabels(t)}
              {...invalidAttributes('notes', errors.notes)}
            >
              {values.notes}
            </textarea>
            <FieldError name="notes" error={errors.notes} />
          </p>
          <Select
            name="episodeType"
            label={t.podcastDeskEpisodeType}
            choices={[
              { value: 'full', label: t.podcastDeskTypeFull },
              { value: 'trailer', label: t.podcastsTrailer },
              { value: 'bonus', label: t.podcastsBonus },
            ]}
            value={values.episodeType}
            errors={errors}
          />
          <TextField
            name="episodeNumber"
            label={t.podcastDeskEpisodeNumber}
            value={values.episodeNumber}
            errors={errors}
            inputmode="numeric"
            dir="ltr"
            maxlength={6}
          />
          <TextField
            name="seasonNumber"
            label={t.podcastDeskSeasonNumber}
            value={values.seasonNumber}
            errors={errors}
            inputmode="numeric"
            dir="ltr"
            maxlength={6}
          />
          <Checkbox name="explicit" label={t.podcastDeskExplicit} checked={values.explicit} />
          <FileField
            name="image"
            label={t.podcastDeskEpisodeImage}
            hint={t.podcastDeskEpisodeImageHint}
            accept="image/jpeg,image/png"
            errors={errors}
          />
          <TextArea
            name="chapters"
            label={t.podcastsChapters}
            hint={t.podcastDeskChaptersHint}
            value={values.chapters}
            errors={errors}
            rows={6}
            dir="auto"
          />
          <FileField
            name="transcript"
            label={episode?.transcript ? t.podcastDeskReplaceTranscript : t.podcastsTranscript}
            hint={t.podcastDeskTranscriptHint}
            accept=".vtt,.srt,text/vtt,application/x-subrip"
            errors={errors}
          />
          {episode?.transcript && (
            <Checkbox
              name="removeTranscript"
              label={format(t.podcastDeskRemoveTranscript, {
                format: episode.transcript.format === 'srt' ? 'SRT' : 'WebVTT',
              })}
              checked={values.removeTranscript}
            />
          )}
          <TextArea
            name="related"
            label={t.podcastsRelated}
            hint={t.podcastDeskRelatedHint}
            value={values.related}
            errors={errors}
            rows={3}
            dir="ltr"
          />
          {actions.schedule && (
            <TextField
              name="at"
              type="datetime-local"
              label={format(t.deskScheduleAt, { zone: edition.timeZone })}
              value={values.at}
              errors={errors}
            />
          )}
          <p class="desk-buttons">
            <button type="submit" class="button" name="intent" value="save">
              {episode ? t.deskSave : t.podcastDeskCreateEpisode}
            </button>
            {actions.publish && (
              <button type="submit" class="button button-primary" name="intent" value="publish">
                {t.deskPublishNow}
              </button>
            )}
            {actions.schedule && (
              <button type="submit" class="button" name="intent" value="schedule">
                {t.deskSchedule}
              </button>
            )}
          </p>
          <p class="admin-hint">{t.podcastDeskFilesAgain}</p>
        </form>
      )}
      {episode && (actions.unpublish || actions.delete) && (
        <div class="desk-actions">
          {actions.unpublish && (
            <form method="post" action={`${episodeDeskPath(episode.id)}/unpublish`} class="admin-inline-form">
              <CsrfField token={props.csrf} />
              <button type="submit" class="button">
                {episode.status === 'scheduled' ? t.podcastDeskUnschedule : t.podcastDeskUnpublish}
              </button>
            </form>
          )}
          {actions.delete && (
            <form method="post" action={`${episodeDeskPath(episode.id)}/delete`} class="admin-inline-form">
              <CsrfField token={props.csrf} />
              <button type="submit" class="button desk-delete">
                {t.podcastDeskDelete}
              </button>
            </form>
          )}
        </div>
      )}
      {episode && <History entries={props.history} edition={edition} language={props.language} t={t} />}
      <UrlDialog t={t} name="link" title={t.deskLink} prompt={t.deskLinkPrompt} />
      <script src={props.deskScriptPath} defer></script>
    </AdminLayout>
  );
}
