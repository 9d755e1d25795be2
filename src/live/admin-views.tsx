/**
 * The live desk (/admin/live): the coverages of the user's editions, and one
 * coverage's page: its state, the form for a new entry (the article editor's
 * rich text), its entries with their actions, and an entry's edit form.
 * Every button is a plain form; the editor script only adds the toolbar.
 */
import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout } from '../accounts/views.js';
import type { ArticleStatus } from '../db/schema.js';
import { editionLabel } from '../editions/label.js';
import type { Edition } from '../editions/queries.js';
import { formatDateTime } from '../i18n/dates.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { EditorDialogs, editorLabels, statusName } from '../newsroom/views.js';
import {
  CsrfField,
  FieldError,
  type FieldErrors,
  invalidAttributes,
  Notice,
  PostForm,
  TextField,
} from '../ui/forms.js';
import { StoredHtml } from '../ui/StoredHtml.js';
import type { Coverage, DeskCoverage, LiveEntry } from './queries.js';
import { AUTHOR_MAX, TITLE_MAX } from './workflow.js';

export const liveDeskPath = (articleId: string) => `/admin/live/${articleId}`;
export const entryDeskPath = (articleId: string, entryId: string) =>
  `/admin/live/${articleId}/entries/${entryId}`;

/** An entry's form as typed (or as stored, to edit), shown again after a refusal. */
export interface EntryForm {
  title: string;
  body: string;
  author: string;
  keyEvent: boolean;
  pinned: boolean;
}

export const emptyEntryForm = (author = ''): EntryForm => ({
  title: '',
  body: '',
  author,
  keyEvent: false,
  pinned: false,
});

/** Desk times: the edition's zone, Western digits, in the user's language. */
const when = (iso: string, language: string, edition: Edition) =>
  formatDateTime(new Date(iso), {
    language,
    dateStyle: 'gregorian',
    digits: 'latn',
    timeZone: edition.timeZone,
    monthSeparator: 'space',
  });

export function LiveDeskListPage(props: {
  language: string;
  user: SignedInUser;
  csrf: string;
  editions: Edition[];
  coverages: DeskCoverage[];
}) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.liveDeskTitle}>
      <p>{t.liveDeskIntro}</p>
      {props.coverages.length === 0 ? (
        <p>{t.liveDeskNone}</p>
      ) : (
        <table class="admin-table admin-table-cards">
          <thead>
            <tr>
              <th scope="col">{t.deskHeadline}</th>
              <th scope="col">{t.deskEdition}</th>
              <th scope="col">{t.liveDeskState}</th>
              <th scope="col">{t.liveDeskEntries}</th>
              <th scope="col">{t.liveDeskNewest}</th>
            </tr>
          </thead>
          <tbody>
            {props.coverages.map((coverage) => {
              const edition = props.editions.find((e) => e.code === coverage.editionCode);
              return (
                <tr>
                  <td data-label={t.deskHeadline}>
                    <a href={liveDeskPath(coverage.articleId)} dir="auto">
                      {coverage.headline}
                    </a>
                  </td>
                  <td data-label={t.deskEdition}>{edition ? editionLabel(edition) : coverage.editionCode}</td>
                  <td data-label={t.liveDeskState}>{stateName(t, coverage)}</td>
                  <td data-label={t.liveDeskEntries}>{String(coverage.entries)}</td>
                  <td data-label={t.liveDeskNewest}>
                    {coverage.newestEntryAt && edition
                      ? when(coverage.newestEntryAt, props.language, edition)
                      : '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

const stateName = (t: Messages, coverage: Pick<Coverage, 'state'>) =>
  coverage.state === 'open' ? t.liveDeskOpen : t.liveDeskClosed;

/** What a user may do on a coverage's desk page. */
export interface LiveDeskActions {
  /** Start, close, reopen, pin, turn an entry into an article. */
  manage: boolean;
  add: boolean;
  /** Per entry: edit and delete. */
  edit: (entry: LiveEntry) => boolean;
}

export interface LiveDeskArticle {
  id: string;
  headline: string;
  status: ArticleStatus;
  /** The public page, once published. */
  publicUrl: string | null;
}

export function LiveDeskPage(props: {
  language: string;
  user: SignedInUser;
  csrf: string;
  edition: Edition;
  article: LiveDeskArticle;
  /** Undefined: the article is not a live coverage (yet). */
  coverage: Coverage | undefined;
  entries: LiveEntry[];
  /** `before` of the desk's next page of older entries. */
  older: string | undefined;
  actions: LiveDeskActions;
  form: EntryForm;
  errors: FieldErrors;
  formError?: string | undefined;
  notice?: string | undefined;
  deskScriptPath: string;
}) {
  const t = messagesFor(props.language);
  const { article, coverage, edition, actions } = props;
  const base = liveDeskPath(article.id);
  const open = coverage?.state === 'open';
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={format(t.liveDeskCoverageTitle, { headline: article.headline })}
    >
      <Notice text={props.notice} kind="info" />
      <Notice text={props.formError} kind="error" />
      <dl class="admin-facts">
        <dt>{t.deskEdition}</dt>
        <dd>{editionLabel(edition)}</dd>
        <dt>{t.deskStatus}</dt>
        <dd>{statusName(t, article.status)}</dd>
        {coverage && (
          <>
            <dt>{t.liveDeskState}</dt>
            <dd data-live-state={coverage.state}>{stateName(t, coverage)}</dd>
            <dt>{t.liveDeskStarted}</dt>
            <dd>{when(coverage.startedAt, props.language, edition)}</dd>
            {coverage.endedAt && (
              <>
                <dt>{t.liveDeskEnded}</dt>
                <dd>{when(coverage.endedAt, props.language, edition)}</dd>
              </>
            )}
          </>
        )}
      </dl>
      <ul class="desk-links">
        <li>
          <a href={`/admin/articles/${article.id}`}>{t.liveDeskEditArticle}</a>
        </li>
        {article.publicUrl && (
          <li>
            <a href={article.publicUrl}>{t.deskViewOnSite}</a>
          </li>
        )}
      </ul>
      {!coverage && (
        <section class="desk-box">
          <p>{t.liveDeskNotLive}</p>
          {actions.manage && (
            <PostForm action={`${base}/start`} csrf={props.csrf} submit={t.liveDeskStart}>
              <p class="admin-hint">{t.liveDeskStartHint}</p>
            </PostForm>
          )}
        </section>
      )}
      {coverage && actions.manage && (
        <PostForm
          action={`${base}/${open ? 'close' : 'reopen'}`}
          csrf={props.csrf}
          submit={open ? t.liveDeskClose : t.liveDeskReopen}
        >
          <p class="admin-hint">{open ? t.liveDeskCloseHint : t.liveDeskReopenHint}</p>
        </PostForm>
      )}
      {coverage && !open && <p class="admin-notice admin-notice-info">{t.liveDeskClosedText}</p>}
      {open && actions.add && (
        <section class="desk-box live-desk-new" aria-labelledby="live-desk-new">
          <h2 id="live-desk-new">{t.liveDeskNewEntry}</h2>
          <EntryFields
            t={t}
            action={`${base}/entries`}
            csrf={props.csrf}
            edition={edition}
            form={props.form}
            errors={props.errors}
            canPin={actions.manage}
            submit={t.liveDeskPublishEntry}
          />
        </section>
      )}
      {coverage && (
        <section aria-labelledby="live-desk-entries">
          <h2 id="live-desk-entries">{t.liveUpdates}</h2>
          {props.entries.length === 0 && <p>{t.liveNoUpdates}</p>}
          {props.entries.map((entry) => (
            <EntryCard
              t={t}
              language={props.language}
              csrf={props.csrf}
              edition={edition}
              entry={entry}
              open={open}
              manage={actions.manage}
              edit={actions.edit(entry)}
            />
          ))}
          {props.older && (
            <p>
              <a href={`${base}?before=${props.older}`}>{t.liveOlder}</a>
            </p>
          )}
        </section>
      )}
      <EditorDialogs t={t} edition={edition} />
      <script src={props.deskScriptPath} defer></script>
    </AdminLayout>
  );
}

/** An entry on the desk: what readers see, its facts and the buttons this user may use. */
function EntryCard(props: {
  t: Messages;
  language: string;
  csrf: string;
  edition: Edition;
  entry: LiveEntry;
  open: boolean;
  manage: boolean;
  edit: boolean;
}) {
  const { t, entry, edition, csrf } = props;
  const path = entryDeskPath(entry.articleId, entry.id);
  return (
    <article class="comments-desk-item live-desk-entry" id={`entry-${entry.id}`}>
      <p class="comments-desk-meta">
        <time datetime={entry.publishedAt}>{when(entry.publishedAt, props.language, edition)}</time>
        {entry.author && (
          <>
            {' · '}
            <bdi>{entry.author.name}</bdi>
          </>
        )}
        {' · '}
        {format(t.liveDeskVersion, { version: String(entry.version) })}
        {entry.pinned && <span class="comments-desk-badge"> {t.livePinned}</span>}
        {entry.keyEvent && <span class="comments-desk-badge"> {t.liveKeyEvent}</span>}
      </p>
      <div lang={edition.language} dir={edition.direction}>
        {entry.title && <h3 dir="auto">{entry.title}</h3>}
        <StoredHtml class="body" html={entry.bodyHtml} />
      </div>
      <div class="comments-desk-actions">
        {props.open && props.edit && <a href={path}>{t.liveDeskEdit}</a>}
        {props.open && props.manage && (
          <form method="post" action={`${path}/${entry.pinned ? 'unpin' : 'pin'}`} class="admin-inline-form">
            <CsrfField token={csrf} />
            <button type="submit" class="button button-quiet">
              {entry.pinned ? t.liveDeskUnpin : t.liveDeskPin}
            </button>
          </form>
        )}
        {props.manage &&
          (entry.spunOffArticleId ? (
            <a href={`/admin/articles/${entry.spunOffArticleId}`}>{t.liveDeskItsArticle}</a>
          ) : (
            <form method="post" action={`${path}/article`} class="admin-inline-form">
              <CsrfField token={csrf} />
              <button type="submit" class="button button-quiet">
                {t.liveDeskToArticle}
              </button>
            </form>
          ))}
        {props.open && props.edit && (
          <details>
            <summary>{t.liveDeskDelete}</summary>
            <PostForm action={`${path}/delete`} csrf={csrf} submit={t.liveDeskDeleteConfirm}>
              <input type="hidden" name="version" value={String(entry.version)} />
              <p>{t.liveDeskDeleteWarning}</p>
            </PostForm>
          </details>
        )}
      </div>
    </article>
  );
}

/** Title, text (rich text with the editor script), author, key event and (editors) pinned. */
function EntryFields(props: {
  t: Messages;
  action: string;
  csrf: string;
  edition: Edition;
  form: EntryForm;
  errors: FieldErrors;
  canPin: boolean;
  submit: string;
  version?: number;
}) {
  const { t, form, errors, edition } = props;
  return (
    <PostForm action={props.action} csrf={props.csrf} submit={props.submit}>
      {props.version !== undefined && <input type="hidden" name="version" value={String(props.version)} />}
      <div lang={edition.language} dir={edition.direction}>
        <TextField
          name="title"
          label={t.liveDeskEntryTitle}
          hint={t.liveDeskEntryTitleHint}
          value={form.title}
          errors={errors}
          maxlength={TITLE_MAX}
        />
        <p class="admin-field desk-body">
          <label for="body">{t.deskBody}</label>
          <textarea
            id="body"
            name="body"
            rows={8}
            data-rich-text=""
            data-labels={editorLabels(t)}
            data-upload="/admin/media"
            {...invalidAttributes('body', errors.body)}
          >
            {form.body}
          </textarea>
          <span class="desk-help">{t.deskBodyHelp}</span>
          <FieldError name="body" error={errors.body} />
        </p>
        <TextField
          name="author"
          label={t.liveDeskAuthor}
          hint={t.liveDeskAuthorHint}
          value={form.author}
          errors={errors}
          maxlength={AUTHOR_MAX}
        />
      </div>
      <p>
        <label>
          <input type="checkbox" name="keyEvent" value="1" checked={form.keyEvent} /> {t.liveDeskKeyEvent}
        </label>
      </p>
      {props.canPin && (
        <p>
          <label>
            <input type="checkbox" name="pinned" value="1" checked={form.pinned} /> {t.liveDeskPinned}
          </label>
        </p>
      )}
    </PostForm>
  );
}

/** An entry's edit form; after a conflict, the entry as it now is above the form (which holds yours). */
export function EntryEditPage(props: {
  language: string;
  user: SignedInUser;
  csrf: string;
  edition: Edition;
  articleHeadline: string;
  entry: LiveEntry;
  form: EntryForm;
  errors: FieldErrors;
  canPin: boolean;
  formError?: string | undefined;
  /** The entry as someone else saved it, when this save ran into theirs. */
  theirs?: LiveEntry | undefined;
  deskScriptPath: string;
}) {
  const t = messagesFor(props.language);
  const { entry, edition, theirs } = props;
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={format(t.liveDeskEditTitle, { headline: props.articleHeadline })}
    >
      <p>
        <a href={liveDeskPath(entry.articleId)}>{t.liveDeskBack}</a>
      </p>
      <Notice text={props.formError} kind="error" />
      {theirs && (
        <section class="desk-conflict" aria-labelledby="live-desk-theirs">
          <h2 id="live-desk-theirs">{t.deskConflictTheirs}</h2>
          <div class="desk-conflict-theirs" lang={edition.language} dir={edition.direction}>
            {theirs.title && <h3 dir="auto">{theirs.title}</h3>}
            <StoredHtml class="body" html={theirs.bodyHtml} />
          </div>
          <h2>{t.deskConflictYours}</h2>
        </section>
      )}
      <EntryFields
        t={t}
        action={entryDeskPath(entry.articleId, entry.id)}
        csrf={props.csrf}
        edition={edition}
        form={props.form}
        errors={props.errors}
        canPin={props.canPin}
        submit={t.liveDeskSaveEntry}
        version={theirs?.version ?? entry.version}
      />
      <EditorDialogs t={t} edition={edition} />
      <script src={props.deskScriptPath} defer></script>
    </AdminLayout>
  );
}
