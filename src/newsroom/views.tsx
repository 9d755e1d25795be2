import type { Child } from 'hono/jsx';
import type { SignedInUser } from '../accounts/policy.js';
import {
  AdminLayout,
  Csrf,
  FieldError,
  type FieldErrors,
  invalidAttributes,
  Notice,
  PostForm,
  roleName,
} from '../accounts/views.js';
import type { AgencyUpdateSinceDesk, ArticleSnapshot, FieldDiff } from '../articles/revisions.js';
import type { ArticleStatus } from '../db/schema.js';
import { editionLabel } from '../editions/label.js';
import type { Edition } from '../editions/queries.js';
import { formatDateTime } from '../i18n/dates.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { type Image, mediaUrl, renditionNear } from '../media/images.js';
import { ViewsCell } from '../readership/DeskViews.js';
import type { ArticleViews } from '../readership/queries.js';
import { Select, TextArea, TextField } from '../ui/forms.js';
import { StoredHtml } from '../ui/StoredHtml.js';
import { AgencyUpdateNotice } from './AgencyUpdateNotice.js';
import { FieldDiffList } from './history-views.js';
import type { DeskListItem, NamedRef } from './queries.js';
import { type TranslationSource, TranslationSources } from './translations.js';

export const ARTICLE_STATUSES = [
  'draft',
  'in_review',
  'scheduled',
  'published',
  'unpublished',
] as const satisfies readonly ArticleStatus[];

export function statusName(t: Messages, status: ArticleStatus): string {
  const names: Record<ArticleStatus, string> = {
    draft: t.deskStatusDraft,
    in_review: t.deskStatusInReview,
    scheduled: t.deskStatusScheduled,
    published: t.deskStatusPublished,
    unpublished: t.deskStatusUnpublished,
  };
  return names[status];
}

/** Comma-separated lists read in the page's script: "، " in Arabic. */
const listJoin = (t: Messages, items: string[]) => items.join(t.direction === 'rtl' ? '، ' : ', ');

const when = (iso: string, language: string, timeZone: string) =>
  formatDateTime(new Date(iso), { language, dateStyle: 'gregorian', digits: 'latn', timeZone });

// ---------------------------------------------------------------------------------------------
// Dashboard

export interface DashboardFilters {
  q: string;
  edition: string;
  section: string;
  status: string;
}

export interface DeskList {
  title: string;
  /** Each with whether this user may open it in the editor. */
  items: (DeskListItem & { editable: boolean })[];
}

export function DeskDashboardPage(props: {
  language: string;
  user: SignedInUser;
  csrf: string;
  /** The editions the user works in, in navigation order. */
  editions: Edition[];
  filters: DashboardFilters;
  lists: DeskList[];
  canReadOutbox: boolean;
  notice?: string | undefined;
  /** Agency kills and withholds waiting for an editor (rendered by the wire desk's component). */
  wireAlerts?: Child;
  /** Readers' views of the listed articles (src/readership), by id. */
  views?: Map<string, ArticleViews>;
}) {
  const t = messagesFor(props.language);
  const { user } = props;
  const timeZones = new Map(props.editions.map((e) => [e.code, e.timeZone]));
  return (
    <AdminLayout language={props.language} user={user} csrf={props.csrf} title={t.adminDashboard}>
      <Notice text={props.notice} kind="info" />
      {props.wireAlerts}
      <p>{format(t.adminGreeting, { email: user.email })}</p>
      <dl class="admin-facts">
        <dt>{t.adminYourRole}</dt>
        <dd>{roleName(t, user.role)}</dd>
        <dt>{t.adminYourEditions}</dt>
        <dd>
          {user.role === 'admin'
            ? t.adminAllEditions
            : listJoin(
                t,
                props.editions.map((e) => e.name),
              )}
        </dd>
      </dl>
      {!user.hasPassword && (
        <p class="admin-notice admin-notice-info">
          {t.adminNoPasswordYet} <a href="/admin/password/forgot">{t.adminChoosePassword}</a>
        </p>
      )}
      <ul class="desk-actions">
        {props.editions.map((e) => (
          <li>
            <a class="button" href={`/admin/articles/new?edition=${encodeURIComponent(e.code)}`}>
              {format(t.deskNewArticleIn, { edition: editionLabel(e) })}
            </a>
          </li>
        ))}
        {props.canReadOutbox && (
          <li>
            <a href="/admin/outbox">{t.adminOutbox}</a>
          </li>
        )}
      </ul>
      <form method="get" action="/admin" class="desk-search" aria-label={t.deskSearch}>
        <p class="admin-field">
          <label for="q">{t.deskSearchLabel}</label>
          <input id="q" name="q" type="search" value={props.filters.q} dir="auto" />
        </p>
        <p class="admin-field">
          <label for="edition">{t.deskEdition}</label>
          <select id="edition" name="edition">
            <option value="">{t.deskAny}</option>
            {props.editions.map((e) => (
              <option value={e.code} selected={props.filters.edition === e.code}>
                {editionLabel(e)}
              </option>
            ))}
          </select>
        </p>
        <p class="admin-field">
          <label for="section">{t.deskSection}</label>
          <select id="section" name="section">
            <option value="">{t.deskAny}</option>
            {props.editions.map((e) => (
              <optgroup label={editionLabel(e)}>
                {e.sections.map((s) => (
                  <option value={s.id} selected={props.filters.section === s.id}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </p>
        <p class="admin-field">
          <label for="status">{t.deskStatus}</label>
          <select id="status" name="status">
            <option value="">{t.deskAny}</option>
            {ARTICLE_STATUSES.map((s) => (
              <option value={s} selected={props.filters.status === s}>
                {statusName(t, s)}
              </option>
            ))}
          </select>
        </p>
        <p>
          <button type="submit" class="button">
            {t.deskSearch}
          </button>
        </p>
      </form>
      {props.lists.map((list) => (
        <section class="desk-list" aria-label={list.title}>
          <h2>{list.title}</h2>
          {list.items.length === 0 ? (
            <p>{t.deskNothingHere}</p>
          ) : (
            <table class="admin-table admin-table-cards">
              <thead>
                <tr>
                  <th scope="col">{t.deskHeadline}</th>
                  <th scope="col">{t.deskEdition}</th>
                  <th scope="col">{t.deskSection}</th>
                  <th scope="col">{t.deskStatus}</th>
                  <th scope="col">{t.deskUpdated}</th>
                  <th scope="col">{t.deskAuthor}</th>
                  <th scope="col">{t.deskViews}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((item) => (
                  <tr>
                    <td dir="auto" data-label={t.deskHeadline}>
                      {item.editable ? (
                        <a href={`/admin/articles/${item.id}`}>{item.headline || t.deskUntitled}</a>
                      ) : (
                        item.headline || t.deskUntitled
                      )}
                    </td>
                    <td data-label={t.deskEdition}>
                      {props.editions.find((e) => e.code === item.editionCode)?.name ?? item.editionCode}
                    </td>
                    <td dir="auto" data-label={t.deskSection}>
                      {item.sectionName ?? '—'}
                    </td>
                    <td data-label={t.deskStatus}>{statusName(t, item.status)}</td>
                    <td data-label={t.deskUpdated}>
                      <time datetime={item.modifiedAt} dir="auto">
                        {when(item.modifiedAt, props.language, timeZones.get(item.editionCode) ?? 'UTC')}
                      </time>
                    </td>
                    <td dir="ltr" data-label={t.deskAuthor}>
                      {item.author ?? '—'}
                    </td>
                    <td data-label={t.deskViews}>
                      <ViewsCell views={props.views?.get(item.id)} language={props.language} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </AdminLayout>
  );
}

// ---------------------------------------------------------------------------------------------
// Editor

/** The editor form's fields as typed (strings), so a refused form comes back with nothing lost. */
export interface EditorValues {
  headline: string;
  standfirst: string;
  body: string;
  sectionId: string;
  topics: string;
  people: string;
  agencyId: string;
  copyright: string;
  slug: string;
  imageAlt: string;
  imageCaption: string;
  imageCredit: string;
  leadMediaId: string;
  removeImage: boolean;
  saveKind: 'update' | 'typo';
}

/** What the editor shows about an article that exists already. */
export interface EditorArticle {
  id: string;
  status: ArticleStatus;
  version: number;
  everPublished: boolean;
  publicUrl: string | null;
  scheduledAt: string | null;
  firstPublishedAt: string | null;
  lastUpdatedAt: string | null;
}

/** Where an article taken from the wire came from, and whether the agency has moved on since. */
export interface WireOrigin {
  itemHref: string;
  headline: string;
  pubStatus: 'usable' | 'withheld' | 'canceled';
  updateAvailable: boolean;
}

/** The workflow buttons the user may use on this article. */
export interface EditorActions {
  submit: boolean;
  publish: boolean;
  schedule: boolean;
  unpublish: boolean;
  delete: boolean;
}

/** Someone else's save that this one ran into. */
export interface EditorConflict {
  version: number;
  snapshot: ArticleSnapshot;
  names: { topics: NamedRef[]; people: NamedRef[]; agencies: NamedRef[] };
  sectionName: string | null;
  /** Field by field, from theirs (saved) to yours (typed). */
  diff?: FieldDiff[] | undefined;
}

export function ArticleEditorPage(props: {
  language: string;
  user: SignedInUser;
  csrf: string;
  edition: Edition;
  /** Undefined for a new article. */
  article: EditorArticle | undefined;
  values: EditorValues;
  errors: FieldErrors;
  formError?: string | undefined;
  notice?: string | undefined;
  agencies: NamedRef[];
  image: Image | null;
  actions: EditorActions;
  scheduleValue: string;
  sources: TranslationSource[];
  conflict?: EditorConflict | undefined;
  deskScriptPath: string;
  wireOrigin?: WireOrigin | undefined;
  agencyUpdate?: AgencyUpdateSinceDesk | undefined;
  /** Readers' views of a published article (src/readership's box). */
  views?: Child;
}) {
  const t = messagesFor(props.language);
  const { article, edition } = props;
  const title = props.conflict
    ? t.deskConflictTitle
    : article
      ? t.deskEditArticle
      : format(t.deskNewArticleIn, { edition: editionLabel(edition) });
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={title}>
      <Notice text={props.notice} kind="info" />
      <Notice text={props.formError} kind="error" />
      {props.conflict && <ConflictView t={t} conflict={props.conflict} edition={edition} />}
      {props.wireOrigin && <WireOriginNotice t={t} origin={props.wireOrigin} />}
      <AgencyUpdateNotice language={props.language} update={props.agencyUpdate} edition={edition} />
      <EditorForm
        {...props}
        t={t}
        refused={Boolean(props.formError || props.conflict || Object.keys(props.errors).length > 0)}
      />
      {props.views}
      {article && <SideForms t={t} csrf={props.csrf} article={article} actions={props.actions} />}
      <EditorDialogs t={t} edition={edition} />
      <script src={props.deskScriptPath} defer></script>
    </AdminLayout>
  );
}

function WireOriginNotice({ t, origin }: { t: Messages; origin: WireOrigin }) {
  const warning = origin.pubStatus !== 'usable' || origin.updateAvailable;
  return (
    <p class={`admin-notice ${warning ? 'admin-notice-error' : 'admin-notice-info'}`}>
      {t.deskFromTheWire}{' '}
      <a href={origin.itemHref} dir="auto">
        {origin.headline}
      </a>
      {origin.pubStatus !== 'usable' && <strong> {t.deskAgencyWithdrew}</strong>}
      {origin.pubStatus === 'usable' && origin.updateAvailable && (
        <>
          {' '}
          <strong>{t.wireUpdateAvailable}</strong>: <a href={origin.itemHref}>{t.deskSeeAgencyChanges}</a>
        </>
      )}
    </p>
  );
}

function ArticleFacts({
  t,
  article,
  edition,
  language,
}: {
  t: Messages;
  article: EditorArticle;
  edition: Edition;
  language: string;
}) {
  return (
    <>
      <dl class="admin-facts desk-facts">
        <dt>{t.deskStatus}</dt>
        <dd data-status={article.status}>
          <span class={`desk-status desk-status-${article.status}`}>{statusName(t, article.status)}</span>
        </dd>
        <dt>{t.deskEdition}</dt>
        <dd>{editionLabel(edition)}</dd>
        {article.scheduledAt && article.status === 'scheduled' && (
          <>
            <dt>{t.deskScheduledFor}</dt>
            <dd>{when(article.scheduledAt, language, edition.timeZone)}</dd>
          </>
        )}
        {article.firstPublishedAt && (
          <>
            <dt>{t.deskFirstPublished}</dt>
            <dd>{when(article.firstPublishedAt, language, edition.timeZone)}</dd>
          </>
        )}
        {article.lastUpdatedAt && (
          <>
            <dt>{t.deskLastUpdated}</dt>
            <dd>{when(article.lastUpdatedAt, language, edition.timeZone)}</dd>
          </>
        )}
        <dt>{t.deskVersion}</dt>
        <dd>{String(article.version)}</dd>
      </dl>
      <ul class="desk-links">
        {article.publicUrl && (
          <li>
            <a href={article.publicUrl}>{t.deskViewOnSite}</a>
          </li>
        )}
        <li>
          <a href={`/admin/articles/${article.id}/revisions`}>{t.deskRevisions}</a>
        </li>
        <li>
          <a href={`/admin/articles/${article.id}/corrections`}>{t.deskCorrections}</a>
        </li>
        <li>
          <a href={`/admin/articles/${article.id}/translate`}>{t.deskTranslate}</a>
        </li>
        <li>
          <a href={`/admin/live/${article.id}`}>{t.deskLiveCoverage}</a>
        </li>
      </ul>
    </>
  );
}

function ConflictView({ t, conflict, edition }: { t: Messages; conflict: EditorConflict; edition: Edition }) {
  const { snapshot, names } = conflict;
  const byline = [...names.people, ...names.agencies].map((n) => n.name);
  return (
    <section class="desk-conflict" aria-labelledby="desk-conflict-theirs">
      <p class="admin-notice admin-notice-error" role="alert">
        {format(t.deskConflictText, { version: String(conflict.version) })}
      </p>
      <h2 id="desk-conflict-theirs">{t.deskConflictTheirs}</h2>
      <div class="desk-conflict-theirs" lang={edition.language} dir={edition.direction}>
        <dl class="admin-facts">
          <dt>{t.deskHeadline}</dt>
          <dd>{snapshot.headline}</dd>
          <dt>{t.deskStandfirst}</dt>
          <dd>{snapshot.standfirst}</dd>
          <dt>{t.deskSection}</dt>
          <dd>{conflict.sectionName ?? '—'}</dd>
          <dt>{t.deskTopics}</dt>
          <dd>
            {listJoin(
              t,
              names.topics.map((n) => n.name),
            ) || '—'}
          </dd>
          <dt>{t.deskByline}</dt>
          <dd>{listJoin(t, byline) || '—'}</dd>
          <dt>{t.deskCopyright}</dt>
          <dd>{snapshot.copyright || '—'}</dd>
          <dt>{t.deskSlug}</dt>
          <dd dir="auto">{snapshot.slug}</dd>
        </dl>
        <StoredHtml class="body" html={snapshot.bodyHtml} />
      </div>
      <h2>{t.deskConflictYours}</h2>
      <p>{t.deskConflictYoursHelp}</p>
      {conflict.diff && conflict.diff.length > 0 && <h3>{t.deskConflictDiffTitle}</h3>}
      {conflict.diff && (
        <FieldDiffList
          t={t}
          diffs={conflict.diff}
          language={edition.language}
          direction={edition.direction}
        />
      )}
    </section>
  );
}

export function editorLabels(t: Messages): string {
  return JSON.stringify({
    toolbar: t.deskToolbar,
    body: t.deskBody,
    bold: t.deskBold,
    italic: t.deskItalic,
    heading: t.deskHeading,
    subheading: t.deskSubheading,
    bulletList: t.deskBulletList,
    orderedList: t.deskOrderedList,
    quote: t.deskQuote,
    link: t.deskLink,
    image: t.deskInlineImage,
    embed: t.deskEmbed,
    uploadFailed: t.deskUploadFailed,
    uploading: t.deskUploading,
  });
}

/** What the page's script says about autosave and unsaved work, in the page's language. */
function autosaveLabels(t: Messages): string {
  return JSON.stringify({
    saving: t.deskAutosaveSaving,
    savedNow: t.deskAutosaveSavedNow,
    savedSeconds: t.deskAutosaveSavedSeconds,
    savedMinutes: t.deskAutosaveSavedMinutes,
    offline: t.deskAutosaveOffline,
    failed: t.deskAutosaveFailed,
    unsaved: t.deskAutosaveUnsaved,
    conflict: t.deskAutosaveConflict,
    working: t.deskWorking,
  });
}

function EditorForm(props: {
  t: Messages;
  language: string;
  csrf: string;
  edition: Edition;
  article: EditorArticle | undefined;
  values: EditorValues;
  errors: FieldErrors;
  agencies: NamedRef[];
  image: Image | null;
  actions: EditorActions;
  scheduleValue: string;
  sources: TranslationSource[];
  conflict?: EditorConflict | undefined;
  /** The page shows a save that was refused: what is in the form is not saved. */
  refused: boolean;
}) {
  const { t, values, errors, article, edition } = props;
  const action = article ? `/admin/articles/${article.id}` : '/admin/articles';
  // Autosave would put half-typed edits of a live story on the site: only articles not live autosave.
  const autosave = article && article.status !== 'published' ? { 'data-autosave': action } : {};
  const version = props.conflict?.version ?? article?.version;
  const draftKey = `sahifa:desk:${article ? article.id : `new:${edition.code}`}`;
  return (
    <form
      method="post"
      action={action}
      enctype="multipart/form-data"
      class="desk-form"
      id="desk-form"
      data-draft-key={draftKey}
      data-labels={autosaveLabels(t)}
      {...autosave}
      {...(props.refused ? { 'data-unsaved': '' } : {})}
    >
      <Csrf token={props.csrf} />
      {!article && <input type="hidden" name="edition" value={edition.code} />}
      {version !== undefined && <input type="hidden" name="version" value={String(version)} />}
      <input type="hidden" name="leadMediaId" value={values.leadMediaId} />
      <div class="desk-restore" data-restore="" hidden role="alert">
        <p>{t.deskRestoreOffer}</p>
        <p class="desk-restore-actions">
          <button type="button" class="button" data-restore-accept="">
            {t.deskRestoreAccept}
          </button>
          <button type="button" class="button button-quiet" data-restore-discard="">
            {t.deskRestoreDiscard}
          </button>
        </p>
      </div>
      <div class="desk-editor">
        <div class="desk-column" lang={edition.language} dir={edition.direction}>
          <TextField
            name="headline"
            label={t.deskHeadline}
            value={values.headline}
            errors={errors}
            required
            class="desk-headline"
          />
          <TextArea
            name="standfirst"
            label={t.deskStandfirst}
            value={values.standfirst}
            errors={errors}
            class="desk-standfirst"
          />
          <p class="admin-field desk-body">
            <label for="body">{t.deskBody}</label>
            <textarea
              id="body"
              name="body"
              rows={16}
              data-rich-text=""
              data-labels={editorLabels(t)}
              data-upload="/admin/media"
              {...invalidAttributes('body', errors.body)}
            >
              {values.body}
            </textarea>
            <span class="desk-help">{t.deskBodyHelp}</span>
            <FieldError name="body" error={errors.body} />
          </p>
        </div>
        <aside class="desk-panel" aria-label={t.deskPanel}>
          <PublishBox {...props} />
          <MetadataBox {...props} />
          <LeadImageBox {...props} />
          {props.sources.length > 0 && (
            <details class="desk-box desk-editor-sources">
              <summary>{t.deskTrSourcesTitle}</summary>
              <TranslationSources sources={props.sources} language={props.language} />
            </details>
          )}
        </aside>
      </div>
    </form>
  );
}

/** Status, autosave state and every action, acting on the fields as they are on screen. */
function PublishBox(props: {
  t: Messages;
  language: string;
  edition: Edition;
  article: EditorArticle | undefined;
  values: EditorValues;
  actions: EditorActions;
  scheduleValue: string;
}) {
  const { t, article, actions, values } = props;
  const published = article?.status === 'published';
  const previewAction = article ? `/admin/articles/${article.id}/preview` : '/admin/articles/new/preview';
  return (
    <section class="desk-box desk-publish" aria-labelledby="desk-publish-title">
      <h2 id="desk-publish-title">{t.deskWorkflow}</h2>
      {article && <ArticleFacts t={t} article={article} edition={props.edition} language={props.language} />}
      <p class="desk-autosave" data-autosave-status="" role="status" aria-live="polite"></p>
      {published && (
        <fieldset class="desk-save-kind">
          <legend>{t.deskSaveKind}</legend>
          <label>
            <input type="radio" name="saveKind" value="update" checked={values.saveKind === 'update'} />{' '}
            {t.deskSaveKindUpdate}
          </label>
          <label>
            <input type="radio" name="saveKind" value="typo" checked={values.saveKind === 'typo'} />{' '}
            {t.deskSaveKindTypo}
          </label>
        </fieldset>
      )}
      <p class="desk-buttons">
        {!article && (
          <button type="submit" class="button">
            {t.deskCreate}
          </button>
        )}
        {article && !published && (
          <button type="submit" class="button button-quiet" name="intent" value="save">
            {t.deskSave}
          </button>
        )}
        {published && (
          <button type="submit" class="button button-primary" name="intent" value="update">
            {t.deskUpdateLive}
          </button>
        )}
        <button
          type="submit"
          class="button button-quiet"
          formaction={previewAction}
          formtarget="_blank"
          formnovalidate
          data-preview=""
        >
          {t.deskPreview}
        </button>
        {actions.submit && (
          <button type="submit" class="button" name="intent" value="submit">
            {t.deskSubmitForReview}
          </button>
        )}
        {actions.publish && (
          <button type="submit" class="button button-primary" name="intent" value="publish">
            {t.deskPublishNow}
          </button>
        )}
      </p>
      {actions.schedule && (
        <div class="desk-schedule">
          <p class="admin-field">
            <label for="at">{format(t.deskScheduleAt, { zone: props.edition.timeZone })}</label>
            <input id="at" name="at" type="datetime-local" value={props.scheduleValue} />
          </p>
          <p>
            <button type="submit" class="button" name="intent" value="schedule">
              {t.deskSchedule}
            </button>
          </p>
        </div>
      )}
      {article && actions.unpublish && (
        <p class="desk-buttons desk-buttons-secondary">
          <button type="submit" class="button button-quiet" form="desk-unpublish">
            {t.deskUnpublish}
          </button>
        </p>
      )}
    </section>
  );
}

function MetadataBox(props: {
  t: Messages;
  edition: Edition;
  article: EditorArticle | undefined;
  values: EditorValues;
  errors: FieldErrors;
  agencies: NamedRef[];
}) {
  const { t, values, errors, edition, article } = props;
  return (
    <section
      class="desk-box"
      aria-labelledby="desk-meta-title"
      lang={edition.language}
      dir={edition.direction}
    >
      <h2 id="desk-meta-title">{t.deskDetails}</h2>
      <Select
        name="sectionId"
        label={t.deskSection}
        value={values.sectionId}
        empty={t.deskNoSection}
        choices={edition.sections.map((s) => ({ value: s.id, label: s.name }))}
        errors={errors}
      />
      <TextField
        name="topics"
        label={t.deskTopics}
        value={values.topics}
        errors={errors}
        hint={t.deskCommaHelp}
      />
      <TextField
        name="people"
        label={t.deskPeople}
        value={values.people}
        errors={errors}
        hint={t.deskCommaHelp}
      />
      <Select
        name="agencyId"
        label={t.deskAgency}
        value={values.agencyId}
        empty={t.deskNoAgency}
        choices={props.agencies.map((a) => ({ value: a.id, label: a.name }))}
        errors={errors}
      />
      <TextField name="copyright" label={t.deskCopyright} value={values.copyright} errors={errors} />
      <TextField
        name="slug"
        label={t.deskSlug}
        value={values.slug}
        errors={errors}
        dir="auto"
        hint={article?.everPublished ? t.deskSlugHelpPublished : t.deskSlugHelpDraft}
      />
    </section>
  );
}

function LeadImageBox(props: {
  t: Messages;
  edition: Edition;
  values: EditorValues;
  errors: FieldErrors;
  image: Image | null;
}) {
  const { t, values, errors, edition } = props;
  const thumbnail = props.image ? renditionNear(props.image, 480) : undefined;
  return (
    <fieldset class="desk-box desk-image">
      <legend>{t.deskLeadImage}</legend>
      {props.image && thumbnail && (
        <figure>
          <img
            src={mediaUrl(thumbnail.file)}
            alt={props.image.alt}
            width={thumbnail.width}
            height={Math.round((props.image.height * thumbnail.width) / props.image.width)}
          />
          <figcaption dir="auto">{props.image.caption || props.image.alt}</figcaption>
        </figure>
      )}
      {props.image && (
        <p>
          <label>
            <input type="checkbox" name="removeImage" value="1" checked={values.removeImage} />{' '}
            {t.deskRemoveImage}
          </label>
        </p>
      )}
      <p class="admin-field">
        <label for="image">{props.image ? t.deskReplaceImage : t.deskUploadImage}</label>
        <input
          id="image"
          name="image"
          type="file"
          accept="image/*"
          {...invalidAttributes('image', errors.image)}
        />
        <span class="desk-help">{t.deskImageHelp}</span>
        <FieldError name="image" error={errors.image} />
      </p>
      <div lang={edition.language} dir={edition.direction}>
        <TextField name="imageAlt" label={t.deskImageAlt} value={values.imageAlt} errors={errors} />
        <TextField
          name="imageCaption"
          label={t.deskImageCaption}
          value={values.imageCaption}
          errors={errors}
        />
        <TextField name="imageCredit" label={t.deskImageCredit} value={values.imageCredit} errors={errors} />
      </div>
    </fieldset>
  );
}

/**
 * Unpublish and delete are forms of their own (a form cannot hold another):
 * their buttons sit in the side panel and point here with `form=`.
 */
function SideForms(props: { t: Messages; csrf: string; article: EditorArticle; actions: EditorActions }) {
  const { t, article, actions, csrf } = props;
  const base = `/admin/articles/${article.id}`;
  return (
    <>
      {actions.unpublish && (
        <form method="post" action={`${base}/unpublish`} id="desk-unpublish" hidden>
          <Csrf token={csrf} />
        </form>
      )}
      {actions.delete && (
        <details class="desk-delete">
          <summary>{t.deskDelete}</summary>
          <PostForm action={`${base}/delete`} csrf={csrf} submit={t.deskDeleteConfirm}>
            <p>{t.deskDeleteWarning}</p>
          </PostForm>
        </details>
      )}
    </>
  );
}

/** A dialog asking for one web address (a link's, an embed's); its id is `desk-${name}-dialog`. */
export function UrlDialog(props: { t: Messages; name: string; title: string; prompt: string }) {
  const id = `desk-${props.name}`;
  return (
    <dialog class="desk-dialog" id={`${id}-dialog`} aria-labelledby={`${id}-dialog-title`}>
      <form method="dialog">
        <h2 id={`${id}-dialog-title`}>{props.title}</h2>
        <p class="admin-field">
          <label for={`${id}-url`}>{props.prompt}</label>
          <input id={`${id}-url`} name="url" type="url" dir="ltr" inputmode="url" required />
        </p>
        <DialogButtons t={props.t} />
      </form>
    </dialog>
  );
}

/** OK and Cancel; Cancel closes the dialog without checking its fields. */
function DialogButtons({ t, ok = t.deskDialogOk }: { t: Messages; ok?: string }) {
  return (
    <p class="desk-dialog-buttons">
      <button type="submit" class="button button-primary" value="ok">
        {ok}
      </button>
      <button type="submit" class="button button-quiet" value="cancel" formnovalidate>
        {t.deskDialogCancel}
      </button>
    </p>
  );
}

/** The editor's questions (a link's address, an image's description, caption and credit) as dialogs. */
export function EditorDialogs({ t, edition }: { t: Messages; edition: Edition }) {
  return (
    <>
      <UrlDialog t={t} name="link" title={t.deskLink} prompt={t.deskLinkPrompt} />
      <UrlDialog t={t} name="embed" title={t.deskEmbed} prompt={t.deskEmbedPrompt} />
      <dialog class="desk-dialog" id="desk-image-dialog" aria-labelledby="desk-image-dialog-title">
        <form method="dialog" lang={edition.language} dir={edition.direction}>
          <h2 id="desk-image-dialog-title">{t.deskInlineImage}</h2>
          <p class="desk-dialog-file" data-file-name="" dir="auto"></p>
          <p class="admin-field">
            <label for="desk-image-alt">{t.deskImageAlt}</label>
            <input id="desk-image-alt" name="alt" type="text" required maxlength={300} />
            <span class="desk-help">{t.deskAltPrompt}</span>
          </p>
          <p class="admin-field">
            <label for="desk-image-caption">{t.deskImageCaption}</label>
            <input id="desk-image-caption" name="caption" type="text" maxlength={500} />
          </p>
          <p class="admin-field">
            <label for="desk-image-credit">{t.deskImageCredit}</label>
            <input id="desk-image-credit" name="credit" type="text" maxlength={200} />
          </p>
          <DialogButtons t={t} ok={t.deskDialogInsert} />
        </form>
      </dialog>
    </>
  );
}
