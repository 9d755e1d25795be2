/** The admin pages for editions, their settings and sections (/admin/editions). */
import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout } from '../accounts/views.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { CsrfField, type FieldErrors, Notice, PostForm, Select, TextArea, TextField } from '../ui/forms.js';
import type { EditionSummary, SectionUse } from './queries.js';

interface PageBase {
  language: string;
  user: SignedInUser;
  csrf: string;
}

/** The settings form as sent (or as stored), every field a string, shown again after a refusal. */
export interface EditionForm {
  name: string;
  description: string;
  direction: string;
  dateStyle: string;
  digits: string;
  monthSeparator: string;
  timeZone: string;
  /** `network=url` lines. */
  social: string;
  position: string;
}

/** What only the new-edition form asks. */
export interface NewEditionForm extends EditionForm {
  code: string;
  language: string;
}

export interface SectionForm {
  name: string;
  slug: string;
}

/** A section form that was refused: which one, what was sent, and why. */
export interface SectionFormState {
  /** The section renamed, or 'new' for the add form. */
  id: string;
  form: SectionForm;
  errors: FieldErrors;
}

/** Set when the edition's language has no locale file: its interface falls back to English. */
export interface LocaleNote {
  language: string;
  available: string[];
}

export function EditionsPage(props: PageBase & { editions: EditionSummary[] }) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.adminEditionsTitle}>
      <p>{t.adminEditionsIntro}</p>
      <p>
        <a class="button" href="/admin/editions/new">
          {t.adminEditionsAdd}
        </a>
      </p>
      {props.editions.length === 0 ? (
        <p>{t.adminEditionsEmpty}</p>
      ) : (
        <table class="admin-table admin-editions-table">
          <thead>
            <tr>
              <th scope="col">{t.adminEditionsCode}</th>
              <th scope="col">{t.adminEditionsName}</th>
              <th scope="col">{t.adminEditionsLanguage}</th>
              <th scope="col">{t.adminEditionsDirection}</th>
              <th scope="col">{t.adminEditionsTimeZone}</th>
              <th scope="col">{t.adminEditionsSections}</th>
              <th scope="col">{t.adminEditionsPublished}</th>
            </tr>
          </thead>
          <tbody>
            {props.editions.map((e) => (
              <tr>
                <td>
                  <a href={`/admin/editions/${e.code}`} dir="ltr">
                    {e.code}
                  </a>
                </td>
                <td>
                  <a href={`/admin/editions/${e.code}`} dir="auto">
                    {e.name}
                  </a>
                </td>
                <td dir="ltr">{e.language}</td>
                <td>{e.direction === 'rtl' ? t.adminEditionsDirectionRtl : t.adminEditionsDirectionLtr}</td>
                <td dir="ltr">{e.timeZone}</td>
                <td>{e.sections}</td>
                <td>{e.publishedArticles}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

export function NewEditionPage(
  props: PageBase & {
    form: NewEditionForm;
    errors: FieldErrors;
    available: string[];
    networks: readonly string[];
  },
) {
  const t = messagesFor(props.language);
  const { form, errors } = props;
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.adminEditionsAdd}>
      <Notice text={Object.keys(errors).length > 0 ? t.adminFormHasErrors : undefined} kind="error" />
      <PostForm action="/admin/editions/new" csrf={props.csrf} submit={t.adminEditionsAddSubmit}>
        <TextField
          name="code"
          label={t.adminEditionsCode}
          hint={t.adminEditionsCodeHint}
          value={form.code}
          errors={errors}
          maxlength={3}
          dir="ltr"
          required
        />
        <TextField
          name="language"
          label={t.adminEditionsLanguage}
          hint={`${t.adminEditionsLanguageHint} ${format(t.adminEditionsLanguagesAvailable, {
            available: props.available.join(', '),
          })}`}
          value={form.language}
          errors={errors}
          maxlength={35}
          dir="ltr"
          required
        />
        <SettingsFields t={t} form={form} errors={errors} networks={props.networks} />
      </PostForm>
      <p>
        <a href="/admin/editions">{t.adminEditionsBack}</a>
      </p>
    </AdminLayout>
  );
}

export function EditionPage(
  props: PageBase & {
    edition: { code: string; language: string; name: string };
    form: EditionForm;
    errors: FieldErrors;
    sections: SectionUse[];
    /** The section form that was refused, if any. */
    refused?: SectionFormState | undefined;
    notice?: { text: string; kind: 'info' | 'error' } | undefined;
    localeNote?: LocaleNote | undefined;
    networks: readonly string[];
  },
) {
  const t = messagesFor(props.language);
  const { edition, errors } = props;
  const base = `/admin/editions/${edition.code}`;
  const refusedNew = props.refused?.id === 'new' ? props.refused : undefined;
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={format(t.adminEditionsEditionTitle, { name: edition.name })}
    >
      <Notice text={props.notice?.text} kind={props.notice?.kind ?? 'info'} />
      <p>
        <a href={`/${edition.code}`}>{t.adminEditionsView}</a>
      </p>
      <p class="admin-editions-fixed">
        {format(t.adminEditionsFixedNote, { code: edition.code, language: edition.language })}
      </p>
      {props.localeNote && (
        <p class="admin-notice admin-notice-info">
          {format(t.adminEditionsLocaleNote, {
            language: props.localeNote.language,
            available: props.localeNote.available.join(', '),
          })}
        </p>
      )}

      <h2>{t.adminEditionsSettingsTitle}</h2>
      <Notice text={Object.keys(errors).length > 0 ? t.adminFormHasErrors : undefined} kind="error" />
      <PostForm action={base} csrf={props.csrf} submit={t.adminEditionsSave}>
        <SettingsFields t={t} form={props.form} errors={errors} networks={props.networks} />
      </PostForm>

      <h2 id="sections">{t.adminEditionsSections}</h2>
      <p>{t.adminEditionsSectionsIntro}</p>
      {props.sections.length === 0 ? (
        <p>{t.adminEditionsSectionsEmpty}</p>
      ) : (
        <ol class="admin-editions-sections">
          {props.sections.map((section, index) => {
            const refused = props.refused?.id === section.id ? props.refused : undefined;
            const action = `${base}/sections/${section.id}`;
            return (
              <li>
                <form method="post" action={action} class="admin-editions-section-form">
                  <CsrfField token={props.csrf} />
                  <SectionFields
                    t={t}
                    prefix={section.id}
                    form={refused?.form ?? section}
                    errors={refused?.errors ?? {}}
                  />
                  <button
                    type="submit"
                    class="button"
                    aria-label={`${t.adminEditionsSectionSave}: ${section.name}`}
                  >
                    {t.adminEditionsSectionSave}
                  </button>
                </form>
                <div class="admin-editions-section-actions">
                  <span>
                    {t.adminEditionsSectionArticles}: {section.articles}
                  </span>
                  {index > 0 && (
                    <MoveButton t={t} csrf={props.csrf} section={section} action={action} direction="up" />
                  )}
                  {index < props.sections.length - 1 && (
                    <MoveButton t={t} csrf={props.csrf} section={section} action={action} direction="down" />
                  )}
                  <form method="post" action={`${action}/delete`} class="admin-inline-form">
                    <CsrfField token={props.csrf} />
                    <button
                      type="submit"
                      class="button"
                      aria-label={`${t.adminEditionsSectionDelete}: ${section.name}`}
                    >
                      {t.adminEditionsSectionDelete}
                    </button>
                  </form>
                </div>
              </li>
            );
          })}
        </ol>
      )}

      <h3>{t.adminEditionsSectionAddTitle}</h3>
      <Notice text={refusedNew ? t.adminFormHasErrors : undefined} kind="error" />
      <PostForm action={`${base}/sections`} csrf={props.csrf} submit={t.adminEditionsSectionAdd}>
        <SectionFields
          t={t}
          prefix="section"
          form={refusedNew?.form ?? { name: '', slug: '' }}
          errors={refusedNew?.errors ?? {}}
          hint={format(t.adminEditionsSectionSlugHint, { code: edition.code })}
        />
      </PostForm>
      <p>
        <a href="/admin/editions">{t.adminEditionsBack}</a>
      </p>
    </AdminLayout>
  );
}

/** Every row has these buttons: their accessible names say which section they move. */
function MoveButton(props: {
  t: Messages;
  csrf: string;
  section: SectionUse;
  action: string;
  direction: 'up' | 'down';
}) {
  const label = props.direction === 'up' ? props.t.adminEditionsSectionUp : props.t.adminEditionsSectionDown;
  return (
    <form method="post" action={`${props.action}/move`} class="admin-inline-form">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="direction" value={props.direction} />
      <button type="submit" class="button" aria-label={`${label}: ${props.section.name}`}>
        {label}
      </button>
    </form>
  );
}

/** Name and slug of a section; field ids (and error keys) are `${prefix}-name` and `${prefix}-slug`. */
function SectionFields(props: {
  t: Messages;
  prefix: string;
  form: SectionForm;
  errors: FieldErrors;
  hint?: string;
}) {
  const { t, prefix, form, errors } = props;
  return (
    <>
      <TextField
        id={`${prefix}-name`}
        name="name"
        label={t.adminEditionsSectionName}
        value={form.name}
        errors={errors}
        maxlength={100}
        dir="auto"
        required
      />
      <TextField
        id={`${prefix}-slug`}
        name="slug"
        label={t.adminEditionsSectionSlug}
        hint={props.hint}
        value={form.slug}
        errors={errors}
        maxlength={80}
        dir="auto"
      />
    </>
  );
}

/** The settings both the new-edition form and the edition page edit. */
function SettingsFields(props: {
  t: Messages;
  form: EditionForm;
  errors: FieldErrors;
  networks: readonly string[];
}) {
  const { t, form, errors } = props;
  return (
    <>
      <TextField
        name="name"
        label={t.adminEditionsName}
        value={form.name}
        errors={errors}
        maxlength={100}
        required
      />
      <TextField
        name="description"
        label={t.adminEditionsDescription}
        value={form.description}
        errors={errors}
        maxlength={500}
      />
      <Select
        name="direction"
        label={t.adminEditionsDirection}
        value={form.direction}
        errors={errors}
        choices={[
          { value: 'rtl', label: t.adminEditionsDirectionRtl },
          { value: 'ltr', label: t.adminEditionsDirectionLtr },
        ]}
      />
      <Select
        name="dateStyle"
        label={t.adminEditionsDateStyle}
        hint={t.adminEditionsDateStyleHint}
        value={form.dateStyle}
        errors={errors}
        choices={[
          { value: 'levant', label: t.adminEditionsDateStyleLevant },
          { value: 'gregorian', label: t.adminEditionsDateStyleGregorian },
          { value: 'syriac', label: t.adminEditionsDateStyleSyriac },
        ]}
      />
      <Select
        name="digits"
        label={t.adminEditionsDigits}
        value={form.digits}
        errors={errors}
        choices={[
          { value: 'latn', label: t.adminEditionsDigitsLatn },
          { value: 'arab', label: t.adminEditionsDigitsArab },
        ]}
      />
      <Select
        name="monthSeparator"
        label={t.adminEditionsMonthSeparator}
        hint={t.adminEditionsMonthSeparatorHint}
        value={form.monthSeparator}
        errors={errors}
        choices={[
          { value: 'space', label: t.adminEditionsMonthSeparatorSpace },
          { value: 'slash', label: t.adminEditionsMonthSeparatorSlash },
          { value: 'parentheses', label: t.adminEditionsMonthSeparatorParentheses },
        ]}
      />
      <TextField
        name="timeZone"
        label={t.adminEditionsTimeZone}
        hint={t.adminEditionsTimeZoneHint}
        value={form.timeZone}
        errors={errors}
        maxlength={64}
        dir="ltr"
        required
      />
      <TextArea
        name="social"
        label={t.adminEditionsSocial}
        hint={format(t.adminEditionsSocialHint, { networks: props.networks.join(', ') })}
        value={form.social}
        errors={errors}
        rows={4}
        dir="ltr"
      />
      <TextField
        name="position"
        label={t.adminEditionsPosition}
        hint={t.adminEditionsPositionHint}
        value={form.position}
        errors={errors}
        type="number"
        dir="ltr"
        required
      />
    </>
  );
}
