/** The article editor's form: its fields, how they are read, and how refusals are worded. */
import { z } from 'zod';
import type { FieldErrors } from '../accounts/views.js';
import { DESK_INTENTS } from '../articles/workflow.js';
import { format, type Messages } from '../i18n/messages.js';
import type { EditorValues } from './views.js';

// Messages are keys of the UI strings, so errors are shown in the page's language.
const text = (max: number) => z.string().max(max, 'deskErrorTooLong');
const upload = z.union([z.instanceof(File), z.string()]).optional();

/** Every field the editor form has; anything else is refused (`strict`). */
export const editorForm = z.strictObject({
  _csrf: z.string(),
  edition: z.string().max(16).optional(),
  /** The version the editor loaded; a save on another one is a conflict. */
  version: z.coerce.number().int().positive().optional(),
  /** The same, under the name the editor's form used before `version` (autosave still sends it). */
  expectedVersion: z.coerce.number().int().positive().optional(),
  /** What the pressed button asks for after saving: save, update, submit, publish, schedule. */
  intent: z.enum(DESK_INTENTS).default('save'),
  /** For intent=schedule: the publication time, on the edition's wall clock (datetime-local). */
  at: z.string().max(40).default(''),
  headline: z.string().trim().min(1, 'deskErrorHeadlineRequired').max(300, 'deskErrorTooLong'),
  standfirst: text(1000).trim().default(''),
  body: text(500_000).default(''),
  sectionId: z.string().max(40).default(''),
  topics: text(1000).default(''),
  people: text(1000).default(''),
  agencyId: z.string().max(40).default(''),
  copyright: text(300).trim().default(''),
  slug: text(120).trim().default(''),
  image: upload,
  imageAlt: text(300).default(''),
  imageCaption: text(500).default(''),
  imageCredit: text(200).default(''),
  leadMediaId: z.string().max(40).default(''),
  removeImage: z.literal('1').optional(),
  saveKind: z.enum(['update', 'typo']).default('update'),
});
export type EditorForm = z.infer<typeof editorForm>;

/** "a, b، c" → ["a", "b", "c"]: Arabic and Latin commas both separate. */
export const splitNames = (value: string) => [
  ...new Set(
    value
      .split(/[,،]/)
      .map((s) => s.trim().replace(/\s+/g, ' '))
      .filter(Boolean),
  ),
];

function messageOf(t: Messages, key: string): string {
  const found = (t as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : t.deskErrorInvalid;
}

export function fieldErrors(error: z.ZodError, t: Messages): { errors: FieldErrors; formError?: string } {
  const errors: FieldErrors = {};
  let formError: string | undefined;
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      formError = format(t.deskErrorUnknownFields, { fields: issue.keys.join(', ') });
      continue;
    }
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= messageOf(t, issue.message);
  }
  return { errors, formError: formError ?? t.adminFormHasErrors };
}

/** What was typed, as strings, to show the form again. */
export function typedValues(body: Record<string, unknown>): EditorValues {
  const s = (name: string) => {
    const value = body[name];
    return typeof value === 'string' ? value : '';
  };
  return {
    headline: s('headline'),
    standfirst: s('standfirst'),
    body: s('body'),
    sectionId: s('sectionId'),
    topics: s('topics'),
    people: s('people'),
    agencyId: s('agencyId'),
    copyright: s('copyright'),
    slug: s('slug'),
    imageAlt: s('imageAlt'),
    imageCaption: s('imageCaption'),
    imageCredit: s('imageCredit'),
    leadMediaId: s('leadMediaId'),
    removeImage: s('removeImage') === '1',
    saveKind: s('saveKind') === 'typo' ? 'typo' : 'update',
  };
}

export const emptyValues = (): EditorValues => ({
  headline: '',
  standfirst: '',
  body: '',
  sectionId: '',
  topics: '',
  people: '',
  agencyId: '',
  copyright: '',
  slug: '',
  imageAlt: '',
  imageCaption: '',
  imageCredit: '',
  leadMediaId: '',
  removeImage: false,
  saveKind: 'update',
});
