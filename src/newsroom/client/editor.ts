// The desk's rich-text editor: progressive enhancement of a <textarea> that
// holds the article body as HTML. Without JavaScript the textarea works as is;
// with it, Tiptap edits the same HTML and writes it back before every submit.
import { Editor, Extension } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import StarterKit from '@tiptap/starter-kit';

/** Every block carries dir="auto", so Arabic and Latin paragraphs each run in their own direction. */
const AutoDirection = Extension.create({
  name: 'autoDirection',
  addGlobalAttributes() {
    return [
      {
        types: ['paragraph', 'heading', 'blockquote', 'listItem'],
        attributes: {
          dir: {
            default: 'auto',
            parseHTML: (element) => element.getAttribute('dir') ?? 'auto',
            renderHTML: (attributes) => ({ dir: attributes.dir }),
          },
        },
      },
    ];
  },
});

type Labels = Record<string, string>;

interface ToolbarButton {
  name: string;
  run: (editor: Editor) => void;
  active?: (editor: Editor) => boolean;
}

function askUrl(label: string): string | undefined {
  const url = window.prompt(label)?.trim();
  if (!url) return undefined;
  return /^(https?:|mailto:|\/)/i.test(url) ? url : `https://${url}`;
}

const BUTTONS: ToolbarButton[] = [
  { name: 'bold', run: (e) => e.chain().focus().toggleBold().run(), active: (e) => e.isActive('bold') },
  { name: 'italic', run: (e) => e.chain().focus().toggleItalic().run(), active: (e) => e.isActive('italic') },
  {
    name: 'heading',
    run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
    active: (e) => e.isActive('heading', { level: 2 }),
  },
  {
    name: 'subheading',
    run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
    active: (e) => e.isActive('heading', { level: 3 }),
  },
  {
    name: 'bulletList',
    run: (e) => e.chain().focus().toggleBulletList().run(),
    active: (e) => e.isActive('bulletList'),
  },
  {
    name: 'orderedList',
    run: (e) => e.chain().focus().toggleOrderedList().run(),
    active: (e) => e.isActive('orderedList'),
  },
  {
    name: 'quote',
    run: (e) => e.chain().focus().toggleBlockquote().run(),
    active: (e) => e.isActive('blockquote'),
  },
  {
    name: 'link',
    run: (e) => {
      if (e.isActive('link')) return void e.chain().focus().unsetLink().run();
      const href = askUrl(labelsOf(e).linkPrompt ?? 'URL');
      if (href) e.chain().focus().extendMarkRange('link').setLink({ href }).run();
    },
    active: (e) => e.isActive('link'),
  },
  {
    name: 'image',
    // Uploaded, not linked: the site's CSP shows readers only images it serves itself.
    run: (e) => uploaders.get(e)?.click(),
  },
  {
    name: 'embed',
    run: (e) => {
      const href = askUrl(labelsOf(e).embedPrompt ?? 'URL');
      if (!href) return;
      // Embeds are stored as links: no third-party frame or script reaches readers.
      e.chain()
        .focus()
        .insertContent({
          type: 'paragraph',
          content: [{ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }],
        })
        .run();
    },
  },
];

const labelsByEditor = new WeakMap<Editor, Labels>();
/** Each editor's hidden file input for body images. */
const uploaders = new WeakMap<Editor, HTMLInputElement>();

/** Images keep the widths and size our renditions come in, so the browser picks one and keeps the layout. */
const ResponsiveImage = Image.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      srcset: { default: null },
      sizes: { default: null },
      width: { default: null },
      height: { default: null },
    };
  },
});

interface UploadedImage {
  src: string;
  srcset: string;
  width: number;
  height: number;
  alt: string;
}

/**
 * A hidden file input: choosing a file asks for its description, uploads it
 * to `url` (with the form's CSRF token) and inserts the stored image.
 */
function imageUploader(editor: Editor, textarea: HTMLTextAreaElement, url: string): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = 'image/*';
  input.hidden = true;
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const labels = labelsOf(editor);
    const alt = window.prompt(labels.altPrompt ?? 'Description')?.trim();
    if (!alt) return;
    const body = new FormData();
    body.set('file', file);
    body.set('alt', alt);
    body.set('_csrf', textarea.form?.querySelector<HTMLInputElement>('input[name=_csrf]')?.value ?? '');
    const status = textarea.form?.querySelector<HTMLElement>('[data-autosave-status]');
    try {
      const response = await fetch(url, { method: 'POST', body, headers: { accept: 'application/json' } });
      const result = (await response.json()) as Partial<UploadedImage> & { message?: string };
      if (!response.ok || !result.src) throw new Error(result.message ?? labels.uploadFailed);
      editor
        .chain()
        .focus()
        .setImage({ src: result.src, alt: result.alt ?? alt })
        .updateAttributes('image', {
          srcset: result.srcset,
          sizes: '(max-width: 45rem) 100vw, 45rem',
          width: result.width,
          height: result.height,
        })
        .run();
    } catch (error) {
      const message = error instanceof Error && error.message ? error.message : (labels.uploadFailed ?? '');
      if (status) status.textContent = message;
      else window.alert(message);
    }
  });
  textarea.after(input);
  return input;
}
const labelsOf = (editor: Editor): Labels => labelsByEditor.get(editor) ?? {};

function enhance(textarea: HTMLTextAreaElement): void {
  const labels: Labels = JSON.parse(textarea.dataset.labels ?? '{}');
  const toolbar = document.createElement('div');
  toolbar.className = 'editor-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', labels.toolbar ?? 'Formatting');
  const surface = document.createElement('div');
  surface.className = 'editor-surface';
  textarea.after(toolbar, surface);
  textarea.hidden = true;

  const editor = new Editor({
    element: surface,
    extensions: [StarterKit.configure({ link: { openOnClick: false } }), ResponsiveImage, AutoDirection],
    content: textarea.value,
    // Tiptap's own <style> element is inline style, which the CSP refuses: site.css carries those rules.
    injectCSS: false,
    editorProps: {
      attributes: {
        class: 'body',
        'aria-label': labels.body ?? 'Body',
        role: 'textbox',
        'aria-multiline': 'true',
      },
    },
    onUpdate: ({ editor: e }) => {
      textarea.value = e.getHTML();
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    },
  });
  labelsByEditor.set(editor, labels);
  if (textarea.dataset.upload)
    uploaders.set(editor, imageUploader(editor, textarea, textarea.dataset.upload));

  const buttons = BUTTONS.map((spec) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = labels[spec.name] ?? spec.name;
    button.dataset.command = spec.name;
    button.addEventListener('click', () => spec.run(editor));
    toolbar.append(button);
    return { spec, button };
  });
  const refresh = () => {
    for (const { spec, button } of buttons)
      button.setAttribute('aria-pressed', String(spec.active?.(editor) ?? false));
  };
  editor.on('selectionUpdate', refresh);
  editor.on('transaction', refresh);
  textarea.form?.addEventListener('submit', () => {
    textarea.value = editor.getHTML();
  });
}

/**
 * Saves the form in the background while someone types, with the version it
 * started from, so a conflicting save by someone else is reported, not overwritten.
 */
function autosave(form: HTMLFormElement): void {
  const url = form.dataset.autosave;
  const status = form.querySelector<HTMLElement>('[data-autosave-status]');
  const version = form.querySelector<HTMLInputElement>('input[name=expectedVersion]');
  if (!url || !version) return;
  let dirty = false;
  let saving = false;
  form.addEventListener('input', () => {
    dirty = true;
  });
  window.setInterval(async () => {
    if (!dirty || saving) return;
    saving = true;
    dirty = false;
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: new FormData(form),
        headers: { accept: 'application/json' },
      });
      const result: { version?: number; message?: string } = await response.json();
      if (response.ok && result.version) {
        version.value = String(result.version);
        if (status) status.textContent = form.dataset.savedLabel ?? 'Saved';
      } else {
        if (status) status.textContent = result.message ?? form.dataset.failedLabel ?? 'Not saved';
        if (response.status !== 409) dirty = true;
      }
    } catch {
      dirty = true;
      if (status) status.textContent = form.dataset.failedLabel ?? 'Not saved';
    } finally {
      saving = false;
    }
  }, 5000);
}

for (const textarea of document.querySelectorAll<HTMLTextAreaElement>('textarea[data-rich-text]'))
  enhance(textarea);
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-autosave]')) autosave(form);
