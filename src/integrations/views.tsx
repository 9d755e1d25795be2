import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout, roleName } from '../accounts/views.js';
import { editionLabel } from '../editions/label.js';
import { format, messagesFor } from '../i18n/messages.js';
import {
  CheckboxGroup,
  CsrfField,
  type FieldErrors,
  Notice,
  PostForm,
  Select,
  TextField,
} from '../ui/forms.js';
import { INTEGRATION_ROLES } from './integrations.js';
import type { Integration } from './queries.js';

interface PageBase {
  language: string;
  user: SignedInUser;
  csrf: string;
}

export interface EditionChoice {
  code: string;
  name: string;
  language: string;
}

export interface IntegrationForm {
  name: string;
  role: string;
  editions: string[];
}

/** Stored times are UTC ISO strings; admins see them to the minute. */
const utcMinute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function IntegrationsPage(
  props: PageBase & {
    integrations: Integration[];
    editions: EditionChoice[];
    form: IntegrationForm;
    errors: FieldErrors;
    notice?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  const editionName = (code: string) => props.editions.find((e) => e.code === code)?.name ?? code;
  const separator = t.direction === 'rtl' ? '، ' : ', ';
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.integrationsTitle}>
      <Notice text={props.notice} kind="info" />
      <p>{t.integrationsIntro}</p>
      {props.integrations.length === 0 ? (
        <p>{t.integrationsEmpty}</p>
      ) : (
        <table class="admin-table integrations-table">
          <thead>
            <tr>
              <th scope="col">{t.integrationsName}</th>
              <th scope="col">{t.integrationsRole}</th>
              <th scope="col">{t.integrationsEditions}</th>
              <th scope="col">{t.integrationsCreated}</th>
              <th scope="col">{t.integrationsLastUsed}</th>
              <th scope="col">{t.integrationsStatus}</th>
            </tr>
          </thead>
          <tbody>
            {props.integrations.map((i) => (
              <tr>
                <td dir="auto">{i.name}</td>
                <td>{roleName(t, i.role)}</td>
                <td>{i.editions.map(editionName).join(separator)}</td>
                <td dir="ltr">{utcMinute(i.createdAt)}</td>
                {i.lastUsedAt ? <td dir="ltr">{utcMinute(i.lastUsedAt)}</td> : <td>{t.integrationsNever}</td>}
                <td>
                  {i.revokedAt ? (
                    format(t.integrationsRevokedOn, { date: utcMinute(i.revokedAt) })
                  ) : (
                    <form
                      method="post"
                      action={`/admin/integrations/${i.id}/revoke`}
                      class="admin-inline-form"
                    >
                      <CsrfField token={props.csrf} />
                      <span>{t.integrationsActive}</span>{' '}
                      <button type="submit" class="button">
                        {t.integrationsRevoke}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t.integrationsCreateTitle}</h2>
      <Notice text={Object.keys(props.errors).length > 0 ? t.adminFormHasErrors : undefined} kind="error" />
      <PostForm action="/admin/integrations" csrf={props.csrf} submit={t.integrationsCreateSubmit}>
        <TextField
          name="name"
          label={t.integrationsName}
          value={props.form.name}
          errors={props.errors}
          maxlength={100}
          required
        />
        <Select
          name="role"
          label={t.integrationsRole}
          value={props.form.role}
          errors={props.errors}
          choices={INTEGRATION_ROLES.map((role) => ({ value: role, label: roleName(t, role) }))}
        />
        <CheckboxGroup
          name="editions"
          legend={t.integrationsEditions}
          values={props.form.editions}
          errors={props.errors}
          choices={props.editions.map((e) => ({
            value: e.code,
            label: (
              <>
                {editionLabel(e)} <span dir="ltr">({e.code})</span>
              </>
            ),
          }))}
        />
      </PostForm>
    </AdminLayout>
  );
}

/** The only place the token is ever shown. */
export function IntegrationCreatedPage(props: PageBase & { integration: Integration; token: string }) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={t.integrationsCreatedTitle}
    >
      <p dir="auto">
        <strong>{props.integration.name}</strong> · {roleName(t, props.integration.role)}
      </p>
      <p class="admin-notice admin-notice-info">{t.integrationsTokenOnce}</p>
      <p>
        <code class="integrations-token" dir="ltr">
          {props.token}
        </code>
      </p>
      <p>
        {t.integrationsTokenUse} <code dir="ltr">Authorization: Bearer …</code>
      </p>
      <p>
        <a href="/admin/integrations">{t.integrationsBack}</a>
      </p>
    </AdminLayout>
  );
}
