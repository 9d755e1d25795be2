/** The admin pages for news agencies (/admin/agencies). */
import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout } from '../accounts/views.js';
import { editionLabel } from '../editions/label.js';
import type { Edition } from '../editions/queries.js';
import { format, messagesFor } from '../i18n/messages.js';
import { type FieldErrors, Notice, PostForm, TextField } from '../ui/forms.js';
import type { AgencySummary } from './queries.js';

interface PageBase {
  language: string;
  user: SignedInUser;
  csrf: string;
}

/** The form field of the agency's name in `language` (a BCP-47 tag: letters, digits, hyphens). */
export const nameField = (language: string) => `nameIn-${language}`;

/** An edition language with the editions written in it (their names label its field). */
export interface EditionLanguage {
  language: string;
  editions: Pick<Edition, 'name' | 'language'>[];
}

/** The form as sent (or as stored), every field a string, shown again after a refusal. */
export interface AgencyForm {
  name: string;
  /** The name per edition language, '' where none. */
  names: Record<string, string>;
  slug: string;
  copyrightLine: string;
  url: string;
}

export function AgenciesPage(props: PageBase & { agencies: AgencySummary[]; notice?: string | undefined }) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.agenciesTitle}>
      <Notice text={props.notice} kind="info" />
      <p>{t.agenciesIntro}</p>
      <p>
        <a class="button" href="/admin/agencies/new">
          {t.agenciesAdd}
        </a>
      </p>
      {props.agencies.length === 0 ? (
        <p>{t.agenciesEmpty}</p>
      ) : (
        <table class="admin-table admin-agencies-table">
          <thead>
            <tr>
              <th scope="col">{t.agenciesName}</th>
              <th scope="col">{t.agenciesNames}</th>
              <th scope="col">{t.agenciesSlug}</th>
              <th scope="col">{t.agenciesCopyright}</th>
              <th scope="col">{t.agenciesUrl}</th>
              <th scope="col">{t.agenciesArticles}</th>
              <th scope="col">{t.agenciesFeeds}</th>
            </tr>
          </thead>
          <tbody>
            {props.agencies.map((a) => (
              <tr>
                <td>
                  <a href={`/admin/agencies/${a.id}`} dir="auto">
                    {a.name}
                  </a>
                </td>
                <td>
                  {Object.entries(a.names).map(([language, name]) => (
                    <span class="agency-name-in">
                      <bdi>{language}</bdi>: <bdi>{name}</bdi>{' '}
                    </span>
                  ))}
                </td>
                <td dir="auto">{a.slug}</td>
                <td dir="auto">{a.copyrightLine}</td>
                <td dir="ltr">{a.url}</td>
                <td>{a.articles}</td>
                <td>{a.feeds}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

/** The new-agency form (no `agency`) or an agency's edit form. */
export function AgencyFormPage(
  props: PageBase & {
    agency?: { id: string; name: string } | undefined;
    /** The edition languages: one name field each. */
    languages: EditionLanguage[];
    form: AgencyForm;
    errors: FieldErrors;
    notice?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  const { agency, form, errors } = props;
  const title = agency ? format(t.agenciesEditTitle, { name: agency.name }) : t.agenciesAdd;
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={title}>
      <Notice text={props.notice} kind="info" />
      <Notice text={Object.keys(errors).length > 0 ? t.adminFormHasErrors : undefined} kind="error" />
      <PostForm
        action={agency ? `/admin/agencies/${agency.id}` : '/admin/agencies/new'}
        csrf={props.csrf}
        submit={agency ? t.agenciesSave : t.agenciesAddSubmit}
      >
        <TextField
          name="name"
          label={t.agenciesName}
          value={form.name}
          errors={errors}
          maxlength={120}
          required
        />
        {props.languages.map(({ language, editions }) => (
          <TextField
            name={nameField(language)}
            label={format(t.agenciesNameIn, {
              editions: editions.map(editionLabel).join(props.language.startsWith('ar') ? '، ' : ', '),
            })}
            hint={t.agenciesNameInHint}
            value={form.names[language] ?? ''}
            errors={errors}
            maxlength={120}
          />
        ))}
        <TextField
          name="slug"
          label={t.agenciesSlug}
          hint={t.agenciesSlugHint}
          value={form.slug}
          errors={errors}
          maxlength={80}
        />
        <TextField
          name="copyrightLine"
          label={t.agenciesCopyright}
          hint={t.agenciesCopyrightHint}
          value={form.copyrightLine}
          errors={errors}
          maxlength={200}
        />
        <TextField
          name="url"
          label={t.agenciesUrl}
          hint={t.agenciesUrlHint}
          value={form.url}
          errors={errors}
          maxlength={2000}
          type="url"
        />
      </PostForm>
      <p>
        <a href="/admin/agencies">{t.agenciesBack}</a>
      </p>
    </AdminLayout>
  );
}
