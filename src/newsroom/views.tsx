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
import type { Edition } from '../editions/queries.js';
import { formatDateTime } from '../i18n/dates.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { type Image, mediaUrl, renditionNear } from '../media/images.js';
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
              {format(t.deskNewArticleIn, { edition: e.name })}
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
                {e.name}
              </option>
            ))}
          </select>
        </p>
        <p class="admin-field">
          <label for="section">{t.deskSection}</label>
          <select id="section" name="section">
            <option value="">{t.deskAny}</option>
            {props.editions.map((e) => (
              <optgroup label={e.name}>
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
            <table class="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t.deskHeadline}</th>
                  <th scope="col">{t.deskEdition}</th>
                  <th scope="col">{t.deskSection}</th>
                  <th scope="col">{t.deskStatus}</th>
                  <th scope="col">{t.deskUpdated}</th>
                  <th scope="col">{t.deskAuthor}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((item) => (
                  <tr>
                    <td dir="auto">
                      {item.editable ? (
                        <a href={`/admin/articles/${item.id}`}>{item.headline || t.deskUntitled}</a>
                      ) : (
                        item.headline || t.deskUntitled
                      )}
                    </td>
                    <td>
                      {props.editions.find((e) => e.code === item.editionCode)?.name ?? item.editionCode}
                    </td>
                    <td dir="auto">{item.sectionName ?? '—'}</td>
                    <td>{statusName(t, item.status)}</td>
                    <td>
                      <time datetime={item.modifiedAt}>
                        {when(item.modifiedAt, props.language, timeZones.get(item.editionCode) ?? 'UTC')}
                      </time>
                    </td>
                    <td dir="ltr">{item.author ?? '—'}</td>
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
}) {
  const t = messagesFor(props.language);
  const { article, edition } = props;
  const title = props.conflict
    ? t.deskConflictTitle
    : article
      ? t.deskEditArticle
      : format(t.deskNewArticleIn, { edition: edition.name });
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={title}>
      <div class={props.sources.length > 0 ? 'desk-editor desk-editor-with-sources' : 'desk-editor'}>
        <div class="desk-editor-main">
          <Notice text={props.notice} kind="info" />
          <Notice text={props.formError} kind="error" />
          {props.conflict && <ConflictView t={t} conflict={props.conflict} edition={edition} />}
          {props.wireOrigin && <WireOriginNotice t={t} origin={props.wireOrigin} />}
          <AgencyUpdateNotice language={props.language} update={props.agencyUpdate} edition={edition} />
          {article && <ArticleFacts t={t} article={article} edition={edition} language={props.language} />}
          <EditorForm {...props} t={t} />
          {article && <WorkflowForms {...props} article={article} t={t} />}
        </div>
        {props.sources.length > 0 && (
          <aside class="desk-editor-sources">
            <TranslationSources sources={props.sources} language={props.language} />
          </aside>
        )}
      </div>
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
      <dl class="admin-facts">
        <dt>{t.deskEdition}</dt>
        <dd>{edition.name}</dd>
        <dt>{t.deskStatus}</dt>
        <dd data-status={article.status}>{statusName(t, article.status)}</dd>
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

function TextField({
  name,
  label,
  value,
  error,
  help,
  required = false,
  multiline = false,
  dir,
}: {
  name: string;
  label: string;
  value: string;
  error: string | undefined;
  help?: string;
  required?: boolean;
  multiline?: boolean;
  dir?: string;
}) {
  const helpId = help ? { 'aria-describedby': `${name}-help` } : {};
  const attrs = { id: name, name, ...helpId, ...invalidAttributes(name, error), ...(dir ? { dir } : {}) };
  return (
    <p class="admin-field">
      <label for={name}>{label}</label>
      {multiline ? (
        <textarea {...attrs} rows={3}>
          {value}
        </textarea>
      ) : (
        <input type="text" value={value} required={required} {...attrs} />
      )}
      {help && (
        <span class="desk-help" id={`${name}-help`}>
          {help}
        </span>
      )}
      <FieldError name={name} error={error} />
    </p>
  );
}

function editorLabels(t: Messages): string {
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
    linkPrompt: t.deskLinkPrompt,
    uploadFailed: t.deskUploadFailed,
    altPrompt: t.deskAltPrompt,
    embedPrompt: t.deskEmbedPrompt,
  });
}

function EditorForm(props: {
  t: Messages;
  csrf: string;
  edition: Edition;
  article: EditorArticle | undefined;
  values: EditorValues;
  errors: FieldErrors;
  agencies: NamedRef[];
  image: Image | null;
  conflict?: EditorConflict | undefined;
}) {
  const { t, values, errors, article, edition } = props;
  const action = article ? `/admin/articles/${article.id}` : '/admin/articles';
  // Autosave would put half-typed edits of a live story on the site: only articles not live autosave.
  const autosave = article && article.status !== 'published' ? { 'data-autosave': action } : {};
  const expectedVersion = props.conflict?.version ?? article?.version;
  const thumbnail = props.image ? renditionNear(props.image, 480) : undefined;
  return (
    <form
      id="desk-editor-form"
      method="post"
      action={action}
      enctype="multipart/form-data"
      class="desk-form"
      data-saved-label={t.deskAutosaved}
      data-failed-label={t.deskAutosaveFailed}
      {...autosave}
    >
      <Csrf token={props.csrf} />
      {!article && <input type="hidden" name="edition" value={edition.code} />}
      {expectedVersion !== undefined && (
        <input type="hidden" name="expectedVersion" value={String(expectedVersion)} />
      )}
      <input type="hidden" name="leadMediaId" value={values.leadMediaId} />
      <div lang={edition.language} dir={edition.direction} class="desk-form-fields">
        <TextField
          name="headline"
          label={t.deskHeadline}
          value={values.headline}
          error={errors.headline}
          required
        />
        <TextField
          name="standfirst"
          label={t.deskStandfirst}
          value={values.standfirst}
          error={errors.standfirst}
          multiline
        />
        <p class="admin-field">
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
        <p class="admin-field">
          <label for="sectionId">{t.deskSection}</label>
          <select id="sectionId" name="sectionId" {...invalidAttributes('sectionId', errors.sectionId)}>
            <option value="">{t.deskNoSection}</option>
            {edition.sections.map((s) => (
              <option value={s.id} selected={values.sectionId === s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <FieldError name="sectionId" error={errors.sectionId} />
        </p>
        <TextField
          name="topics"
          label={t.deskTopics}
          value={values.topics}
          error={errors.topics}
          help={t.deskCommaHelp}
        />
        <TextField
          name="people"
          label={t.deskPeople}
          value={values.people}
          error={errors.people}
          help={t.deskCommaHelp}
        />
        <p class="admin-field">
          <label for="agencyId">{t.deskAgency}</label>
          <select id="agencyId" name="agencyId" {...invalidAttributes('agencyId', errors.agencyId)}>
            <option value="">{t.deskNoAgency}</option>
            {props.agencies.map((a) => (
              <option value={a.id} selected={values.agencyId === a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <FieldError name="agencyId" error={errors.agencyId} />
        </p>
        <TextField
          name="copyright"
          label={t.deskCopyright}
          value={values.copyright}
          error={errors.copyright}
        />
        <TextField
          name="slug"
          label={t.deskSlug}
          value={values.slug}
          error={errors.slug}
          dir="auto"
          help={article?.everPublished ? t.deskSlugHelpPublished : t.deskSlugHelpDraft}
        />
      </div>
      <fieldset class="desk-image">
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
          <TextField name="imageAlt" label={t.deskImageAlt} value={values.imageAlt} error={errors.imageAlt} />
          <TextField
            name="imageCaption"
            label={t.deskImageCaption}
            value={values.imageCaption}
            error={errors.imageCaption}
          />
          <TextField
            name="imageCredit"
            label={t.deskImageCredit}
            value={values.imageCredit}
            error={errors.imageCredit}
          />
        </div>
      </fieldset>
      {article?.status === 'published' && (
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
      <p class="desk-submit">
        <button type="submit" class="button">
          {article ? t.deskSave : t.deskCreate}
        </button>{' '}
        <span data-autosave-status="" role="status"></span>
      </p>
    </form>
  );
}

function WorkflowForms(props: {
  t: Messages;
  csrf: string;
  article: EditorArticle;
  actions: EditorActions;
  scheduleValue: string;
  edition: Edition;
}) {
  const { t, article, actions, csrf } = props;
  const base = `/admin/articles/${article.id}`;
  const buttons: Child[] = [];
  // Submit, publish and schedule send the editor's form (what is on the screen) with an intent.
  const intent = (value: string, label: string) => (
    <button type="submit" class="button" form="desk-editor-form" name="intent" value={value}>
      {label}
    </button>
  );
  if (actions.submit) buttons.push(<p>{intent('submit', t.deskSubmitForReview)}</p>);
  if (actions.publish) buttons.push(<p>{intent('publish', t.deskPublishNow)}</p>);
  if (actions.schedule)
    buttons.push(
      <div>
        <p class="admin-field">
          <label for="at">{format(t.deskScheduleAt, { zone: props.edition.timeZone })}</label>
          <input
            id="at"
            name="at"
            type="datetime-local"
            value={props.scheduleValue}
            form="desk-editor-form"
          />
        </p>
        <p>{intent('schedule', t.deskSchedule)}</p>
      </div>,
    );
  if (actions.unpublish)
    buttons.push(<PostForm action={`${base}/unpublish`} csrf={csrf} submit={t.deskUnpublish} />);
  if (actions.delete)
    buttons.push(
      <details class="desk-delete">
        <summary>{t.deskDelete}</summary>
        <PostForm action={`${base}/delete`} csrf={csrf} submit={t.deskDeleteConfirm}>
          <p>{t.deskDeleteWarning}</p>
        </PostForm>
      </details>,
    );
  if (buttons.length === 0) return null;
  return (
    <section class="desk-workflow" aria-labelledby="desk-workflow">
      <h2 id="desk-workflow">{t.deskWorkflow}</h2>
      {buttons}
    </section>
  );
}
