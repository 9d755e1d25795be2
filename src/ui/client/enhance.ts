// Progressive enhancement for reader pages. Everything here is optional: the
// pages work as plain links and forms without it.
import { countAdsSeen, enhanceConsent } from './ads.js';
import { enhanceComments } from './comments.js';
import { followLive } from './live.js';
import { enhancePlayer } from './podcast.js';

function enhanceLoadMore(link: HTMLAnchorElement): void {
  const list = document.getElementById(link.dataset.more ?? '');
  const loader = link.parentElement?.querySelector<HTMLElement>('.loader');
  const status = link.parentElement?.querySelector<HTMLElement>('[role=status]');
  if (!list) return;
  link.addEventListener('click', async (event) => {
    event.preventDefault();
    if (link.getAttribute('aria-busy') === 'true') return;
    link.setAttribute('aria-busy', 'true');
    loader?.removeAttribute('hidden');
    // The address of the page being loaded: after it is appended, the URL bar shows it,
    // so a reload or a shared link starts where the reader is.
    const loadedHref = link.href;
    try {
      const url = new URL(loadedHref);
      url.searchParams.set('partial', '1');
      const response = await fetch(url, { headers: { accept: 'text/html' } });
      if (!response.ok) throw new Error(String(response.status));
      const template = document.createElement('template');
      template.innerHTML = await response.text();
      const items = template.content.querySelectorAll('li');
      for (const item of items) list.append(item);
      const next = template.content.querySelector<HTMLAnchorElement>('a[data-next]');
      history.replaceState(null, '', loadedHref);
      if (next) link.href = next.href;
      else link.parentElement?.remove();
      const first = items[0]?.querySelector('a');
      first?.focus({ preventScroll: true });
      if (status) status.textContent = '';
    } catch {
      if (status) status.textContent = link.dataset.failed ?? '';
    } finally {
      link.removeAttribute('aria-busy');
      loader?.setAttribute('hidden', '');
    }
  });
}

function enhanceCopyLink(button: HTMLButtonElement): void {
  const item = button.closest('li');
  if (!navigator.clipboard || !item) return;
  item.hidden = false;
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(button.dataset.copy ?? location.href);
    const done = button.dataset.done;
    if (done) button.textContent = done;
  });
}

/**
 * Counts one view of the article page (src/readership/MostRead.tsx `ViewBeacon`)
 * once it is shown: not while prerendered nor in a tab opened in the background.
 */
function countView(marker: HTMLElement): void {
  const { views, article } = marker.dataset;
  if (!views || !article || !navigator.sendBeacon) return;
  let sent = false;
  const send = () => {
    if (sent || document.visibilityState !== 'visible') return;
    if ((document as Document & { prerendering?: boolean }).prerendering) return;
    sent = true;
    navigator.sendBeacon(views, new URLSearchParams({ article }));
  };
  send();
  document.addEventListener('visibilitychange', send);
  document.addEventListener('prerenderingchange', send);
}

for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-more]')) enhanceLoadMore(link);
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]'))
  enhanceCopyLink(button);
const commentForm = document.querySelector<HTMLFormElement>('#comments form[data-comment-form]');
if (commentForm) enhanceComments(commentForm);
const liveStream = document.querySelector<HTMLElement>('.live-stream[data-live-updates]');
if (liveStream) followLive(liveStream);
const viewMarker = document.querySelector<HTMLElement>('noscript[data-views]');
if (viewMarker) countView(viewMarker);
const consent = document.getElementById('consent');
if (consent) enhanceConsent(consent);
const houseAds = document.querySelectorAll<HTMLElement>('a[data-ad]');
if (houseAds.length > 0) countAdsSeen(houseAds, '/ads/seen');

// The section bar scrolls sideways on a phone: bring the current section into view.
const current = document.querySelector<HTMLElement>('.sections [aria-current]');
const bar = current?.closest<HTMLElement>('.sections');
if (current && bar && bar.scrollWidth > bar.clientWidth) {
  const item = current.getBoundingClientRect();
  const box = bar.getBoundingClientRect();
  if (item.left < box.left || item.right > box.right) {
    bar.scrollBy({ left: item.left + item.width / 2 - (box.left + box.width / 2) });
  }
}
const player = document.querySelector<HTMLAudioElement>('audio[data-episode]');
if (player) enhancePlayer(player);
