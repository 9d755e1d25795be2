import { describe, expect, it } from 'vitest';
import { CheckboxGroup, CsrfField, Select, TextArea, TextField } from './forms.js';

const html = async (element: unknown) => String(await element);

describe('the admin form kit', () => {
  it('shows a text field with its label, hint, the value typed and its error, tied together', async () => {
    const out = await html(
      <TextField
        name="slug"
        label="Slug"
        hint="lowercase"
        value="<b>x"
        errors={{ slug: 'Taken' }}
        required
      />,
    );
    expect(out).toContain('<label for="slug">Slug</label>');
    expect(out).toContain('<span class="admin-hint" id="slug-hint">lowercase</span>');
    expect(out).toContain('value="&lt;b&gt;x"');
    expect(out).toContain('aria-invalid="true" aria-describedby="slug-hint slug-error"');
    expect(out).toContain('<span class="admin-error" id="slug-error">Taken</span>');
    expect(out).toContain('required=""');
  });

  it('keeps a text area, a select and tick boxes as they were sent', async () => {
    expect(await html(<TextArea name="intro" label="Intro" value="a & b" />)).toContain(
      '>a &amp; b</textarea>',
    );
    const select = await html(
      <Select
        name="role"
        label="Role"
        value="editor"
        empty="—"
        choices={[
          { value: 'admin', label: 'Admin' },
          { value: 'editor', label: 'Editor' },
        ]}
      />,
    );
    expect(select).toContain('<option value="">—</option>');
    expect(select).toContain('<option value="editor" selected="">Editor</option>');
    const boxes = await html(
      <CheckboxGroup
        name="editions"
        legend="Editions"
        values={['en']}
        errors={{ editions: 'Pick one' }}
        choices={[
          { value: 'ar', label: 'ar' },
          { value: 'en', label: 'en' },
        ]}
      />,
    );
    expect(boxes).toContain('<input type="checkbox" name="editions" value="en" checked=""/>');
    expect(boxes).toContain('aria-describedby="editions-error"');
    expect(await html(<CsrfField token="t0k" />)).toBe('<input type="hidden" name="_csrf" value="t0k"/>');
  });
});
