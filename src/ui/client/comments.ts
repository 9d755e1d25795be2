// The conversation with JavaScript (src/comments/views.tsx): the form posts in
// place and reply links open it under their comment. Without it, the same
// form and links work as plain pages.

interface CommentAnswer {
  status: 'approved' | 'pending' | 'refused';
  error?: string;
  message?: string;
  html?: string;
}

/** Where a new comment goes: under its top-level comment when it answers one, else at the end of the thread. */
function listFor(parentId: string, section: Element, form: HTMLFormElement): Element | null {
  if (!parentId) {
    let list = section.querySelector('.comment-list');
    if (!list) {
      // The first comment, or the thread not brought in yet: a list of its own above the form.
      list = document.createElement('ol');
      list.className = 'comment-list';
      form.before(list);
    }
    return list;
  }
  const top = document.getElementById(`comment-${parentId}`)?.closest('.comment-list > li');
  if (!top) return null;
  let replies = top.querySelector(':scope > .comment-replies');
  if (!replies) {
    replies = document.createElement('ol');
    replies.className = 'comment-replies';
    top.append(replies);
  }
  return replies;
}

/**
 * The article page links to its thread rather than carrying it: the first
 * page is brought in (a cached fragment) when the reader nears the end of the
 * article. Without JavaScript, or if that fails, the link stays.
 */
function bringInThread(holder: HTMLElement): void {
  const src = holder.dataset.threadSrc;
  if (!src) return;
  const load = async () => {
    const response = await fetch(src, { headers: { accept: 'text/html' } });
    if (!response.ok) return;
    holder.innerHTML = await response.text();
  };
  if (!('IntersectionObserver' in window)) {
    load().catch(() => undefined);
    return;
  }
  const watcher = new IntersectionObserver(
    (seen) => {
      if (!seen.some((entry) => entry.isIntersecting)) return;
      watcher.disconnect();
      load().catch(() => undefined);
    },
    { rootMargin: '800px 0px' },
  );
  watcher.observe(holder);
}

export function enhanceComments(form: HTMLFormElement): void {
  const section = form.closest('#comments');
  const status = form.querySelector<HTMLElement>('.comment-status');
  const parent = form.querySelector<HTMLInputElement>('input[name=parent]');
  const text = form.querySelector<HTMLTextAreaElement>('textarea');
  if (!section || !status || !parent || !text) return;

  const holder = section.querySelector<HTMLElement>('[data-thread-src]');
  if (holder) bringInThread(holder);

  // One listener for the reply links, those of the thread brought in later too.
  section.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest<HTMLAnchorElement>('a[data-reply]');
    if (!link) return;
    event.preventDefault();
    parent.value = link.dataset.reply ?? '';
    link.closest('li')?.append(form);
    text.focus();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    form.setAttribute('aria-busy', 'true');
    status.textContent = '';
    try {
      const body = new URLSearchParams();
      for (const [name, value] of new FormData(form)) if (typeof value === 'string') body.append(name, value);
      const response = await fetch(form.action, {
        method: 'POST',
        body,
        headers: { accept: 'application/json' },
      });
      const answer = (await response.json()) as CommentAnswer;
      // Signing in or choosing a name happens on their own pages, which show the text back.
      if (answer.error === 'sign_in' || answer.error === 'no_name') return form.submit();
      status.textContent = answer.message ?? '';
      if (answer.status === 'refused') return;
      text.value = '';
      const list = answer.html ? listFor(parent.value, section, form) : null;
      if (list && answer.html) {
        const template = document.createElement('template');
        template.innerHTML = answer.html;
        list.append(template.content);
      }
    } catch {
      status.textContent = status.dataset.failed ?? '';
    } finally {
      form.removeAttribute('aria-busy');
    }
  });
}
