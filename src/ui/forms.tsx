import type { Child } from 'hono/jsx';

/**
 * The admin's form kit: every admin form builds its fields from these, so a
 * field always has its label, its hint, the value that was typed shown back,
 * and its error tied to it for screen readers.
 */

/** Field id → message shown next to the field. */
export type FieldErrors = Partial<Record<string, string>>;

/** Marks a field invalid and points it at its message (`FieldError`), for screen readers. */
export const invalidAttributes = (name: string, error: string | undefined) =>
  error ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-error` } : {};

/** What describes a field: its hint and its error, by id. */
function describedBy(id: string, hint: string | undefined, error: string | undefined) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { ...(error ? { 'aria-invalid': 'true' } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
}

/** A field's error message, under the field; its id is what `invalidAttributes` points at. */
export function FieldError({ name, error }: { name: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <span class="admin-error" id={`${name}-error`}>
      {error}
    </span>
  );
}

/** What every field takes. `id` defaults to the name and is also the key of its error in `errors`. */
interface FieldBase {
  name: string;
  id?: string;
  label: string;
  /** A line under the label saying what to enter. */
  hint?: string | undefined;
  errors?: FieldErrors | undefined;
  required?: boolean;
  /** Classes besides `admin-field` on the field's paragraph (e.g. the desk's large headline). */
  class?: string;
}

/** Label, hint, the control, then its error. */
function FieldFrame(props: {
  id: string;
  class?: string | undefined;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: Child;
}) {
  return (
    <p class={props.class ? `admin-field ${props.class}` : 'admin-field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <span class="admin-hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.children}
      <FieldError name={props.id} error={props.error} />
    </p>
  );
}

/** A one-line field showing back `value` (what was typed, after a refused submission). */
export function TextField(
  props: FieldBase & {
    value: string;
    type?: 'text' | 'url' | 'number' | 'email' | 'password' | 'time' | 'datetime-local';
    maxlength?: number;
    /** Addresses, numbers and times read left to right; text follows its own script. */
    dir?: 'ltr' | 'auto';
    autocomplete?: string;
    inputmode?: 'numeric';
    /** The id of a <datalist> of suggestions (anything else may still be typed). */
    list?: string;
  },
) {
  const id = props.id ?? props.name;
  const type = props.type ?? 'text';
  const error = props.errors?.[id];
  return (
    <FieldFrame id={id} class={props.class} label={props.label} hint={props.hint} error={error}>
      <input
        id={id}
        name={props.name}
        type={type}
        value={props.value}
        maxlength={props.maxlength}
        dir={props.dir ?? (type === 'text' ? 'auto' : 'ltr')}
        required={props.required ?? false}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        list={props.list}
        {...(type === 'number' ? { min: 0, max: 1000, step: 1 } : {})}
        {...describedBy(id, props.hint, error)}
      />
    </FieldFrame>
  );
}

/** A text area showing back `value`. */
export function TextArea(
  props: FieldBase & { value: string; rows?: number; maxlength?: number; dir?: 'ltr' | 'auto' },
) {
  const id = props.id ?? props.name;
  const error = props.errors?.[id];
  return (
    <FieldFrame id={id} class={props.class} label={props.label} hint={props.hint} error={error}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        maxlength={props.maxlength}
        dir={props.dir ?? 'auto'}
        required={props.required ?? false}
        {...describedBy(id, props.hint, error)}
      >
        {props.value}
      </textarea>
    </FieldFrame>
  );
}

export interface SelectChoice {
  value: string;
  label: string;
}

/** A drop-down with `value` selected. */
export function Select(
  props: FieldBase & {
    choices: readonly SelectChoice[];
    value: string;
    /** A first, empty choice with this label ("any", "none"). */
    empty?: string;
  },
) {
  const id = props.id ?? props.name;
  const error = props.errors?.[id];
  return (
    <FieldFrame id={id} class={props.class} label={props.label} hint={props.hint} error={error}>
      <select
        id={id}
        name={props.name}
        required={props.required ?? false}
        {...describedBy(id, props.hint, error)}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {props.choices.map((choice) => (
          <option value={choice.value} selected={choice.value === props.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** Tick boxes sharing one name (the form sends one value per ticked box), in a fieldset with a legend. */
export function CheckboxGroup(props: {
  name: string;
  legend: string;
  hint?: string | undefined;
  choices: readonly { value: string; label: Child }[];
  values: readonly string[];
  errors?: FieldErrors | undefined;
}) {
  const error = props.errors?.[props.name];
  return (
    <fieldset class="admin-choices" {...describedBy(props.name, props.hint, error)}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <span class="admin-hint" id={`${props.name}-hint`}>
          {props.hint}
        </span>
      )}
      {props.choices.map((choice) => (
        <label>
          <input
            type="checkbox"
            name={props.name}
            value={choice.value}
            checked={props.values.includes(choice.value)}
          />{' '}
          {choice.label}
        </label>
      ))}
      <FieldError name={props.name} error={error} />
    </fieldset>
  );
}

/** The token every admin form sends back as `_csrf` (checked by the admin area's guard). */
export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

/** A CSRF-protected POST form of the admin with one submit button. */
export function PostForm({
  action,
  csrf,
  submit,
  children,
}: {
  action: string;
  csrf: string;
  submit: string;
  children?: Child;
}) {
  return (
    <form method="post" action={action} class="admin-form">
      <CsrfField token={csrf} />
      {children}
      <p>
        <button type="submit" class="button">
          {submit}
        </button>
      </p>
    </form>
  );
}

/** A line above a form: what just happened (info) or why nothing did (error). */
export function Notice({ text, kind }: { text: string | undefined; kind: 'info' | 'error' }) {
  if (!text) return null;
  return (
    <p class={`admin-notice admin-notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}
