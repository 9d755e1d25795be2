// The desk's editor script: progressive enhancement of the article form.
// - The body <textarea> (HTML) becomes a Tiptap editor with a toolbar; without JavaScript it works as is.
// - Links, embeds and body images are asked for in the page's <dialog>s, not window.prompt.
// - Nothing typed is lost: autosave shows its state, every change is also kept in localStorage until
//   the server has it, a newer unsaved copy is offered back on load, and leaving with unsaved changes asks.
// - Publish, schedule, submit and update are buttons of the same form: what is on screen is what is acted on,
//   once (buttons are disabled while the request is in flight, and wait for an autosave already under way).
import { Editor, Extension, Node } from '@tiptap/core';
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

const BODY_SIZES = '(min-width: 42rem) 42rem, 100vw';

/** Images written before figures existed: a plain <img> inside a paragraph, with its widths. */
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

/**
 * A body image as readers get it: <figure><picture> with AVIF and WebP sources and a JPEG
 * fallback, then a caption and credit. One block the editor moves as a whole.
 */
const Figure = Node.create({
  name: 'figure',
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes() {
    // Read by parseHTML below from the figure's children, written by renderHTML.
    const attribute = { default: null, rendered: false };
    return {
      src: attribute,
      srcset: attribute,
      avif: attribute,
      webp: attribute,
      width: attribute,
      height: attribute,
      alt: attribute,
      caption: attribute,
      credit: attribute,
    };
  },
  parseHTML() {
    return [
      {
        tag: 'figure',
        getAttrs: (element) => {
          const img = element.querySelector('img');
          if (!img) return false;
          const credit = element.querySelector('figcaption small');
          const caption = element.querySelector('figcaption');
          let captionText = '';
          if (caption)
            for (const child of caption.childNodes)
              if (child !== credit) captionText += child.textContent ?? '';
          return {
            src: img.getAttribute('src'),
            srcset: img.getAttribute('srcset'),
            avif: element.querySelector('source[type="image/avif"]')?.getAttribute('srcset') ?? null,
            webp: element.querySelector('source[type="image/webp"]')?.getAttribute('srcset') ?? null,
            width: img.getAttribute('width'),
            height: img.getAttribute('height'),
            alt: img.getAttribute('alt') ?? '',
            caption: captionText.trim(),
            credit: credit?.textContent?.trim() ?? '',
          };
        },
      },
    ];
  },
  renderHTML({ node }) {
    const a = node.attrs as Record<string, string | null>;
    const sources: unknown[] = [];
    if (a.avif) sources.push(['source', { type: 'image/avif', srcset: a.avif, sizes: BODY_SIZES }]);
    if (a.webp) sources.push(['source', { type: 'image/webp', srcset: a.webp, sizes: BODY_SIZES }]);
    const img = [
      'img',
      {
        src: a.src,
        srcset: a.srcset,
        sizes: a.srcset ? BODY_SIZES : null,
        alt: a.alt ?? '',
        width: a.width,
        height: a.height,
      },
    ];
    const caption: unknown[] = [];
    if (a.caption) caption.push(a.caption);
    if (a.caption && a.credit) caption.push(' ');
    if (a.credit) caption.push(['small', {}, a.credit]);
    const spec: unknown[] = ['figure', {}, ['picture', {}, ...sources, img]];
    if (caption.length > 0) spec.push(['figcaption', {}, ...caption]);
    // ProseMirror's DOMOutputSpec, built from plain arrays.
    return spec as unknown as [string, Record<string, string>];
  },
});

/**
 * Opens one of the page's <dialog>s with `values` in its inputs; resolves with what was
 * entered when confirmed, or undefined when cancelled or closed. Focus returns where it was.
 */
function ask(id: string, values: Record<string, string> = {}): Promise<Record<string, string> | undefined> {
  const dialog = document.getElementById(id);
  if (!(dialog instanceof HTMLDialogElement)) return Promise.resolve(undefined);
  const form = dialog.querySelector('form');
  if (!form) return Promise.resolve(undefined);
  const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  for (const input of form.querySelectorAll<HTMLInputElement>('input[name]'))
    input.value = values[input.name] ?? '';
  for (const [key, value] of Object.entries(values)) {
    const slot = form.querySelector<HTMLElement>(`[data-${key}]`);
    if (slot) slot.textContent = value;
  }
  dialog.returnValue = '';
  dialog.showModal();
  form.querySelector<HTMLInputElement>('input[name]')?.focus();
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        returnTo?.focus();
        if (dialog.returnValue !== 'ok') return resolve(undefined);
        const entered: Record<string, string> = {};
        for (const input of form.querySelectorAll<HTMLInputElement>('input[name]'))
          entered[input.name] = input.value.trim();
        resolve(entered);
      },
      { once: true },
    );
  });
}

const asHref = (url: string | undefined) => {
  if (!url) return undefined;
  return /^(https?:|mailto:|\/)/i.test(url) ? url : `https://${url}`;
};

interface ToolbarButton {
  name: string;
  run: (editor: Editor) => unknown;
  active?: (editor: Editor) => boolean;
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
    run: async (e) => {
      if (e.isActive('link')) return void e.chain().focus().unsetLink().run();
      const { from, to } = e.state.selection;
      const answer = await ask('desk-link-dialog');
      const href = asHref(answer?.url);
      e.commands.setTextSelection({ from, to });
      if (href) e.chain().focus().extendMarkRange('link').setLink({ href }).run();
      else e.commands.focus();
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
    run: async (e) => {
      const { from, to } = e.state.selection;
      const href = asHref((await ask('desk-embed-dialog'))?.url);
      e.commands.setTextSelection({ from, to });
      if (!href) return void e.commands.focus();
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
const labelsOf = (editor: Editor): Labels => labelsByEditor.get(editor) ?? {};

interface UploadedImage {
  src: string;
  srcset: string;
  avif: string;
  webp: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
}

/**
 * A hidden file input: choosing a file asks (in a dialog) for its description, caption and
 * credit, uploads it to `url` with the form's CSRF token and inserts the stored image as a figure.
 */
function imageUploader(editor: Editor, textarea: HTMLTextAreaElement, url: string): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = 'image/*';
  input.hidden = true;
  input.tabIndex = -1;
  // Not a field of the article: the form must not send it.
  input.setAttribute('form', 'desk-no-form');
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const labels = labelsOf(editor);
    const { from, to } = editor.state.selection;
    const answer = await ask('desk-image-dialog', { 'file-name': file.name });
    editor.commands.setTextSelection({ from, to });
    if (!answer?.alt) return void editor.commands.focus();
    const body = new FormData();
    body.set('file', file);
    body.set('alt', answer.alt);
    body.set('caption', answer.caption ?? '');
    body.set('credit', answer.credit ?? '');
    body.set('_csrf', textarea.form?.querySelector<HTMLInputElement>('input[name=_csrf]')?.value ?? '');
    const status = textarea.form?.querySelector<HTMLElement>('[data-autosave-status]');
    if (status) status.textContent = labels.uploading ?? '';
    try {
      const response = await fetch(url, { method: 'POST', body, headers: { accept: 'application/json' } });
      const result = (await response.json()) as Partial<UploadedImage> & { message?: string };
      if (!response.ok || !result.src) throw new Error(result.message ?? labels.uploadFailed);
      editor
        .chain()
        .focus()
        .insertContent({
          type: 'figure',
          attrs: {
            src: result.src,
            srcset: result.srcset ?? null,
            avif: result.avif || null,
            webp: result.webp || null,
            width: result.width ?? null,
            height: result.height ?? null,
            alt: result.alt ?? answer.alt,
            caption: result.caption ?? answer.caption ?? '',
            credit: result.credit ?? answer.credit ?? '',
          },
        })
        .run();
      if (status) status.textContent = '';
    } catch (error) {
      const message = error instanceof Error && error.message ? error.message : (labels.uploadFailed ?? '');
      if (status) status.textContent = message;
    }
  });
  textarea.after(input);
  return input;
}

function enhance(textarea: HTMLTextAreaElement): Editor {
  const labels: Labels = JSON.parse(textarea.dataset.labels ?? '{}');
  const toolbar = document.createElement('div');
  toolbar.className = 'editor-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', labels.toolbar ?? 'Formatting');
  toolbar.setAttribute('aria-controls', textarea.id || 'body');
  const surface = document.createElement('div');
  surface.className = 'editor-surface';
  textarea.after(toolbar, surface);
  textarea.hidden = true;

  const editor = new Editor({
    element: surface,
    extensions: [
      StarterKit.configure({ link: { openOnClick: false } }),
      ResponsiveImage,
      Figure,
      AutoDirection,
    ],
    content: textarea.value,
    // Tiptap's own <style> element is inline style, which the CSP refuses: desk.css carries those rules.
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

  // A field may offer fewer tools than the article body (`data-tools="bold italic link"`: show notes).
  const tools = textarea.dataset.tools?.split(' ');
  const buttons = BUTTONS.filter((spec) => !tools || tools.includes(spec.name)).map((spec) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = labels[spec.name] ?? spec.name;
    button.dataset.command = spec.name;
    button.className = `editor-button editor-button-${spec.name}`;
    button.addEventListener('click', () => void spec.run(editor));
    toolbar.append(button);
    return { spec, button };
  });
  const refresh = () => {
    for (const { spec, button } of buttons)
      if (spec.active) button.setAttribute('aria-pressed', String(spec.active(editor)));
  };
  refresh();
  editor.on('selectionUpdate', refresh);
  editor.on('transaction', refresh);
  textarea.form?.addEventListener('submit', () => {
    textarea.value = editor.getHTML();
  });
  return editor;
}

// ---------------------------------------------------------------------------------------------
// Keeping the editor's work

/** The fields worth keeping in the browser: everything typed (not the CSRF token, version or files). */
function typedFields(form: HTMLFormElement): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const element of form.elements) {
    if (
      !(
        element instanceof HTMLInputElement ||
        element instanceof HTMLTextAreaElement ||
        element instanceof HTMLSelectElement
      )
    )
      continue;
    const { name } = element;
    if (!name || name.startsWith('_') || name === 'version' || name === 'intent' || name === 'edition')
      continue;
    if (element instanceof HTMLInputElement) {
      if (element.type === 'file' || element.type === 'submit' || element.type === 'hidden') continue;
      if ((element.type === 'checkbox' || element.type === 'radio') && !element.checked) continue;
    }
    fields[name] = element.value;
  }
  return fields;
}

const sameFields = (a: Record<string, string>, b: Record<string, string>) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if ((a[key] ?? '') !== (b[key] ?? '')) return false;
  return true;
};

/** Which kept copy the form last sent, for the next page to clear once the server has it. */
const SENT = 'sahifa:desk:sent';

interface Kept {
  savedAt: number;
  version: string;
  fields: Record<string, string>;
}

function readKept(key: string): Kept | undefined {
  try {
    const raw = window.localStorage.getItem(key);
    if (!raw) return undefined;
    const kept = JSON.parse(raw) as Kept;
    return kept && typeof kept.fields === 'object' ? kept : undefined;
  } catch {
    return undefined;
  }
}

function writeKept(key: string, kept: Kept | undefined): void {
  try {
    if (kept) window.localStorage.setItem(key, JSON.stringify(kept));
    else window.localStorage.removeItem(key);
  } catch {
    // Private mode or a full store: the page itself still holds the text.
  }
}

function fillFields(form: HTMLFormElement, fields: Record<string, string>, editor: Editor | undefined): void {
  for (const [name, value] of Object.entries(fields)) {
    const controls = form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
      `[name="${CSS.escape(name)}"]`,
    );
    for (const control of controls) {
      if (control instanceof HTMLInputElement && (control.type === 'radio' || control.type === 'checkbox'))
        control.checked = control.value === value;
      else control.value = value;
    }
    if (name === 'body' && editor) editor.commands.setContent(value, { emitUpdate: false });
  }
  for (const box of form.querySelectorAll<HTMLInputElement>('input[type=checkbox][name]'))
    if (!(box.name in fields)) box.checked = false;
}

/**
 * The form's life: changes are "unsaved" until a save (autosave or a button) succeeds; until
 * then they are kept in localStorage too, and leaving the page asks first.
 */
function keepWork(form: HTMLFormElement, editor: Editor | undefined): void {
  const labels: Labels = JSON.parse(form.dataset.labels ?? '{}');
  const key = form.dataset.draftKey ?? '';
  const status = form.querySelector<HTMLElement>('[data-autosave-status]');
  const version = form.querySelector<HTMLInputElement>('input[name=version]');
  const autosaveUrl = form.dataset.autosave;
  const say = (text: string) => {
    if (status && status.textContent !== text) status.textContent = text;
  };

  /** Changes since the server last had the form; starts at 1 when the page shows a refused save. */
  let edits = form.hasAttribute('data-unsaved') ? 1 : 0;
  let savedAt: number | undefined;
  let saving: Promise<void> | undefined;
  let submitting = false;
  let blocked = false;

  const savedText = () => {
    if (savedAt === undefined) return '';
    const seconds = Math.round((Date.now() - savedAt) / 1000);
    if (seconds < 5) return labels.savedNow ?? '';
    if (seconds < 60) return (labels.savedSeconds ?? '').replace('{n}', String(Math.floor(seconds / 5) * 5));
    return (labels.savedMinutes ?? '').replace('{n}', String(Math.floor(seconds / 60)));
  };

  const keep = () => {
    if (key)
      writeKept(key, { savedAt: Date.now(), version: version?.value ?? '', fields: typedFields(form) });
  };

  // The last page sent the form; this page is not a refusal, so the server has what was kept.
  const sentKey = window.sessionStorage.getItem(SENT);
  window.sessionStorage.removeItem(SENT);
  if (sentKey && edits === 0) writeKept(sentKey, undefined);

  // A copy this browser kept and the server never got: offer it back.
  const kept = key ? readKept(key) : undefined;
  const restore = form.querySelector<HTMLElement>('[data-restore]');
  if (kept && sameFields(kept.fields, typedFields(form)) && edits === 0) writeKept(key, undefined);
  else if (kept && restore) {
    restore.hidden = false;
    restore.querySelector('[data-restore-accept]')?.addEventListener('click', () => {
      fillFields(form, kept.fields, editor);
      restore.hidden = true;
      edits += 1;
      keep();
      say(labels.unsaved ?? '');
    });
    restore.querySelector('[data-restore-discard]')?.addEventListener('click', () => {
      restore.hidden = true;
      if (edits === 0) writeKept(key, undefined);
    });
  }
  if (edits > 0) {
    keep();
    say(labels.unsaved ?? '');
  }

  form.addEventListener('input', (event) => {
    // The body's hidden image chooser is no field of the form.
    if (event.target instanceof HTMLInputElement && event.target.form !== form) return;
    edits += 1;
    keep();
    if (!saving) say(blocked ? (labels.conflict ?? '') : (labels.unsaved ?? ''));
  });

  async function autosave(): Promise<void> {
    if (!autosaveUrl || !version || edits === 0 || saving || submitting || blocked) return;
    const sent = edits;
    say(labels.saving ?? '');
    const body = new FormData(form);
    body.delete('image');
    body.set('intent', 'save');
    saving = (async () => {
      try {
        const response = await fetch(autosaveUrl, {
          method: 'POST',
          body,
          headers: { accept: 'application/json' },
        });
        const result = (await response.json().catch(() => ({}))) as { version?: number; message?: string };
        if (response.ok && result.version) {
          version.value = String(result.version);
          savedAt = Date.now();
          edits -= sent;
          if (edits === 0) writeKept(key, undefined);
          else keep();
          say(savedText());
        } else if (response.status === 409) {
          // Someone else saved: stop autosaving; the text stays here and in the browser until a save shows both.
          blocked = true;
          say(labels.conflict ?? result.message ?? '');
        } else {
          say(result.message ? `${labels.failed ?? ''}: ${result.message}` : (labels.failed ?? ''));
        }
      } catch {
        say(labels.offline ?? '');
      }
    })();
    await saving;
    saving = undefined;
  }
  if (autosaveUrl) {
    window.setInterval(() => {
      void autosave();
      if (!saving && edits === 0 && savedAt !== undefined) say(savedText());
    }, 5000);
    window.addEventListener('offline', () => {
      if (edits > 0) say(labels.offline ?? '');
    });
  }

  const actionButtons = () =>
    form.querySelectorAll<HTMLButtonElement>('button[type=submit]:not([data-preview])');
  form.addEventListener('submit', (event) => {
    const submitter = event.submitter;
    // The preview opens in a new tab and saves nothing: the form stays as it is.
    if (submitter instanceof HTMLButtonElement && submitter.hasAttribute('data-preview')) return;
    if (submitting) {
      event.preventDefault();
      return;
    }
    if (saving) {
      // An autosave is under way: wait for its new version, then send this with it.
      event.preventDefault();
      const again = submitter instanceof HTMLButtonElement ? submitter : undefined;
      void saving.then(() => form.requestSubmit(again));
      return;
    }
    submitting = true;
    if (key) window.sessionStorage.setItem(SENT, key);
    // Disabled after the browser has read the pressed button's name and value.
    window.setTimeout(() => {
      for (const button of actionButtons()) button.disabled = true;
      say(labels.working ?? '');
    }, 0);
  });
  // Back from the next page (the browser's page cache): the form can be used again.
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    submitting = false;
    for (const button of actionButtons()) button.disabled = false;
  });

  window.addEventListener('beforeunload', (event) => {
    if (submitting || edits === 0) return;
    event.preventDefault();
    // Older browsers ask only when returnValue is set.
    event.returnValue = '';
  });
}

const editors = new Map<HTMLFormElement | null, Editor>();
for (const textarea of document.querySelectorAll<HTMLTextAreaElement>('textarea[data-rich-text]'))
  editors.set(textarea.form, enhance(textarea));
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-draft-key]'))
  keepWork(form, editors.get(form));
