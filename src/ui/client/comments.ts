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
function listFor(parentId: string, section: Element): Element | null {
  if (!parentId) return section.querySelector('.comment-list');
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

export function enhanceComments(form: HTMLFormElement): void {
  const section = form.closest('#comments');
  const status = form.querySelector<HTMLElement>('.comment-status');
  const parent = form.querySelector<HTMLInputElement>('input[name=parent]');
  const text = form.querySelector<HTMLTextAreaElement>('textarea');
  if (!section || !status || !parent || !text) return;

  for (const link of section.querySelectorAll<HTMLAnchorElement>('a[data-reply]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      parent.value = link.dataset.reply ?? '';
      link.closest('li')?.append(form);
      text.focus();
    });
  }

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
      const list = answer.html ? listFor(parent.value, section) : null;
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
