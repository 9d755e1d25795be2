import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout, Csrf, Notice, PostForm } from '../accounts/views.js';
import type { ArticleSnapshot, FieldDiff, RevisionKind, RevisionSource } from '../articles/revisions.js';
import { editionLabel } from '../editions/label.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import type { CorrectionEntry, RevisionSummary, StoryVersion } from './history-queries.js';

interface PageBase {
  language: string;
  user: SignedInUser;
  csrf: string;
}

/** The article a desk page is about, as its pages show it. */
export interface DeskArticleSummary {
  id: string;
  headline: string;
  version: number;
  /** The language and direction of the article's edition (the admin page may be in another). */
  language: string;
  direction: 'rtl' | 'ltr';
}

export const editorPath = (id: string) => `/admin/articles/${encodeURIComponent(id)}`;
export const revisionsPath = (id: string) => `${editorPath(id)}/revisions`;
export const correctionsPath = (id: string) => `${editorPath(id)}/corrections`;
export const translatePath = (id: string) => `${editorPath(id)}/translate`;

function ArticleContext({ article, t }: { article: DeskArticleSummary; t: Messages }) {
  return (
    <p class="desk-context">
      <strong lang={article.language} dir={article.direction}>
        {article.headline}
      </strong>{' '}
      · <a href={editorPath(article.id)}>{t.deskBackToArticle}</a>
    </p>
  );
}

/** Admin times: unambiguous and the same for every reader of the log. */
function AdminTime({ iso }: { iso: string }) {
  return (
    <time datetime={iso} dir="ltr">
      {`${iso.slice(0, 16).replace('T', ' ')} UTC`}
    </time>
  );
}

function kindLabel(t: Messages, kind: string): string {
  const labels: Record<RevisionKind, string> = {
    create: t.deskRevKindCreate,
    draft: t.deskRevKindDraft,
    update: t.deskRevKindUpdate,
    typo: t.deskRevKindTypo,
    restore: t.deskRevKindRestore,
    submit: t.deskRevKindSubmit,
    publish: t.deskRevKindPublish,
    schedule: t.deskRevKindSchedule,
    unpublish: t.deskRevKindUnpublish,
    correction: t.deskRevKindCorrection,
    withdraw: t.deskRevKindWithdraw,
    format: t.deskRevKindFormat,
  };
  return labels[kind as RevisionKind] ?? kind;
}

/** The door a revision came through, as the history names it. */
export function sourceLabel(t: Messages, source: string): string {
  const labels: Record<RevisionSource, string> = {
    desk: t.deskRevSourceDesk,
    api: t.deskRevSourceApi,
    wire: t.deskRevSourceWire,
    scheduler: t.deskRevSourceScheduler,
    cli: t.deskRevSourceCli,
    demo: t.deskRevSourceDemo,
    restore: t.deskRevSourceRestore,
  };
  return labels[source as RevisionSource] ?? source;
}

export function RevisionsPage(
  props: PageBase & {
    article: DeskArticleSummary;
    revisions: RevisionSummary[];
    canRestore: boolean;
    notice?: string | undefined;
    error?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  const { article, revisions } = props;
  const newest = revisions[0]?.version;
  const previous = revisions[1]?.version ?? newest;
  const restorable = (version: number) => props.canRestore && version !== article.version;
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.deskRevisionsTitle}>
      <ArticleContext article={article} t={t} />
      <Notice text={props.notice} kind="info" />
      <Notice text={props.error} kind="error" />
      <p>{t.deskRevisionsIntro}</p>
      <form method="get" action={`${revisionsPath(article.id)}/diff`} class="desk-revisions">
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.deskRevVersion}</th>
              <th scope="col">{t.deskRevKind}</th>
              <th scope="col">{t.deskRevAuthor}</th>
              <th scope="col">{t.deskRevTime}</th>
              <th scope="col">{t.deskRevFrom}</th>
              <th scope="col">{t.deskRevTo}</th>
              {props.canRestore && <td />}
            </tr>
          </thead>
          <tbody>
            {revisions.map((r) => (
              <tr>
                <td>
                  {r.version}
                  {r.version === article.version && ` (${t.deskRevCurrent})`}
                </td>
                <td>
                  {kindLabel(t, r.kind)} <small>({sourceLabel(t, r.source)})</small>
                </td>
                <td dir={r.authorEmail ? 'ltr' : undefined}>{r.authorEmail ?? t.deskRevNoAuthor}</td>
                <td>
                  <AdminTime iso={r.createdAt} />
                </td>
                <td>
                  <input
                    type="radio"
                    name="from"
                    value={String(r.version)}
                    checked={r.version === previous}
                    aria-label={`${t.deskRevFrom} ${r.version}`}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name="to"
                    value={String(r.version)}
                    checked={r.version === newest}
                    aria-label={`${t.deskRevTo} ${r.version}`}
                  />
                </td>
                {props.canRestore && (
                  <td>
                    {restorable(r.version) && (
                      // The restore forms sit after the table: forms cannot nest in the compare form.
                      <button type="submit" class="button" form={`restore-${r.version}`}>
                        {t.deskRevRestore}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <button type="submit" class="button">
            {t.deskRevCompare}
          </button>
        </p>
      </form>
      {revisions
        .filter((r) => restorable(r.version))
        .map((r) => (
          <RestoreForm id={`restore-${r.version}`} article={article} version={r.version} csrf={props.csrf} />
        ))}
    </AdminLayout>
  );
}

/** Restores `version`, naming the version the user saw as current so a save in between is caught. */
function RestoreForm(props: { id: string; article: DeskArticleSummary; version: number; csrf: string }) {
  return (
    <form
      id={props.id}
      method="post"
      action={`${revisionsPath(props.article.id)}/${props.version}/restore`}
      class="desk-restore-form"
    >
      <Csrf token={props.csrf} />
      <input type="hidden" name="version" value={String(props.article.version)} />
    </form>
  );
}

function fieldLabel(t: Messages, field: keyof ArticleSnapshot): string {
  const labels: Record<keyof ArticleSnapshot, string> = {
    slug: t.deskFieldSlug,
    headline: t.deskFieldHeadline,
    standfirst: t.deskFieldStandfirst,
    bodyHtml: t.deskFieldBody,
    copyright: t.deskFieldCopyright,
    sectionId: t.deskFieldSection,
    leadMediaId: t.deskFieldLeadMedia,
    topicIds: t.deskFieldTopics,
    byline: t.deskFieldByline,
  };
  return labels[field];
}

/** What changed, field by field, word by word: added text underlined, removed text struck through. */
export function FieldDiffList(props: {
  t: Messages;
  diffs: FieldDiff[];
  language: string;
  direction: string;
}) {
  return (
    <dl class="desk-diff">
      {props.diffs.map((d) => (
        <>
          <dt>{fieldLabel(props.t, d.field)}</dt>
          <dd lang={props.language} dir={props.direction}>
            {d.parts.map((p) =>
              p.added ? <ins>{p.value}</ins> : p.removed ? <del>{p.value}</del> : p.value,
            )}
          </dd>
        </>
      ))}
    </dl>
  );
}

export function RevisionDiffPage(
  props: PageBase & {
    article: DeskArticleSummary;
    from: number;
    to: number;
    diffs: FieldDiff[];
    canRestore: boolean;
  },
) {
  const t = messagesFor(props.language);
  const { article } = props;
  const title = format(t.deskRevDiffTitle, { from: String(props.from), to: String(props.to) });
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={title}>
      <ArticleContext article={article} t={t} />
      <p>
        <a href={revisionsPath(article.id)}>{t.deskRevisionsTitle}</a>
      </p>
      {props.diffs.length === 0 ? (
        <p>{t.deskRevDiffNone}</p>
      ) : (
        <>
          <p class="desk-diff-legend">{t.deskRevDiffLegend}</p>
          <FieldDiffList
            t={t}
            diffs={props.diffs}
            language={article.language}
            direction={article.direction}
          />
        </>
      )}
      {props.canRestore && props.from !== article.version && (
        <PostForm
          action={`${revisionsPath(article.id)}/${props.from}/restore`}
          csrf={props.csrf}
          submit={`${t.deskRevRestore} (${props.from})`}
        >
          <input type="hidden" name="version" value={String(article.version)} />
        </PostForm>
      )}
    </AdminLayout>
  );
}

export function CorrectionsPage(
  props: PageBase & {
    article: DeskArticleSummary;
    corrections: CorrectionEntry[];
    published: boolean;
    text?: string | undefined;
    error?: string | undefined;
    notice?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  const { article } = props;
  const errorId = 'correction-error';
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.deskCorrectionsTitle}>
      <ArticleContext article={article} t={t} />
      <Notice text={props.notice} kind="info" />
      <p>{t.deskCorrectionsIntro}</p>
      {props.corrections.length === 0 ? (
        <p>{t.deskCorrectionsNone}</p>
      ) : (
        <ul class="desk-corrections">
          {props.corrections.map((c) => (
            <li>
              <AdminTime iso={c.createdAt} />
              {c.authorEmail && <span dir="ltr"> ({c.authorEmail})</span>}:{' '}
              <span lang={article.language} dir={article.direction}>
                {c.text}
              </span>
            </li>
          ))}
        </ul>
      )}
      {props.published ? (
        <PostForm action={correctionsPath(article.id)} csrf={props.csrf} submit={t.deskCorrectionAdd}>
          <p class="admin-field">
            <label for="correction">{t.deskCorrectionText}</label>
            <textarea
              id="correction"
              name="text"
              rows={4}
              maxlength={2000}
              required
              lang={article.language}
              dir={article.direction}
              {...(props.error ? { 'aria-invalid': 'true', 'aria-describedby': errorId } : {})}
            >
              {props.text ?? ''}
            </textarea>
            {props.error && (
              <span class="admin-error" id={errorId}>
                {props.error}
              </span>
            )}
          </p>
        </PostForm>
      ) : (
        <Notice text={props.error ?? t.deskCorrectionNotPublished} kind="error" />
      )}
    </AdminLayout>
  );
}

export function TranslatePage(
  props: PageBase & {
    article: DeskArticleSummary;
    /** Editions the user may start the translation in. */
    editions: { code: string; name: string; language: string }[];
    /** The story's versions, the article's own included, with their editions' names. */
    versions: (StoryVersion & { editionName: string })[];
    error?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  const { article } = props;
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.deskTranslateTitle}>
      <ArticleContext article={article} t={t} />
      <Notice text={props.error} kind="error" />
      {props.versions.length > 1 && (
        <>
          <h2>{t.deskTranslateExisting}</h2>
          <ul>
            {props.versions.map((v) => (
              <li>
                {v.editionName}:{' '}
                <a href={editorPath(v.articleId)} dir="auto">
                  {v.headline}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.editions.length === 0 ? (
        <p>{t.deskTranslateNone}</p>
      ) : (
        <>
          <p>{t.deskTranslateIntro}</p>
          <PostForm action={translatePath(article.id)} csrf={props.csrf} submit={t.deskTranslateSubmit}>
            <p class="admin-field">
              <label for="edition">{t.deskTranslateEdition}</label>
              <select id="edition" name="edition" required>
                {props.editions.map((e) => (
                  <option value={e.code}>{editionLabel(e)}</option>
                ))}
              </select>
            </p>
          </PostForm>
        </>
      )}
    </AdminLayout>
  );
}
