// The episode page's player (src/podcasts/views.tsx): a plain <audio> that plays without this script.
// With it, chapter and transcript times seek the player instead of opening the file, the chapter
// playing is marked, and the position is kept in localStorage so the episode resumes where it was left.

const KEEP_EVERY_S = 5;
/** Near the end, the episode counts as heard: it starts from the beginning next time. */
const HEARD_WITHIN_S = 10;

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function enhancePlayer(audio: HTMLAudioElement): void {
  const key = `sahifa:podcast-position:${audio.dataset.episode ?? ''}`;
  const store = storage();
  let chose = false;
  let kept = 0;

  // Back where the reader left off, unless they chose a place first.
  const saved = Number(store?.getItem(key) ?? '');
  const resume = () => {
    if (chose || !(saved > 0)) return;
    if (Number.isFinite(audio.duration) && saved > audio.duration - HEARD_WITHIN_S) return;
    audio.currentTime = saved;
  };
  if (audio.readyState >= 1) resume();
  else audio.addEventListener('loadedmetadata', resume, { once: true });

  const keep = () => {
    if (!store || audio.currentTime === 0) return;
    kept = audio.currentTime;
    store.setItem(key, String(Math.floor(kept)));
  };

  const links = [...document.querySelectorAll<HTMLAnchorElement>('a[data-seek]')];
  const chapters = links.filter((link) => link.closest('.chapters'));
  const mark = () => {
    const now = audio.currentTime;
    let current: HTMLAnchorElement | undefined;
    for (const link of chapters) if (Number(link.dataset.seek) <= now) current = link;
    for (const link of chapters) {
      if (link === current) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    }
  };

  audio.addEventListener('timeupdate', () => {
    mark();
    if (Math.abs(audio.currentTime - kept) >= KEEP_EVERY_S) keep();
  });
  audio.addEventListener('pause', keep);
  audio.addEventListener('ended', () => store?.removeItem(key));

  for (const link of links) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      chose = true;
      audio.currentTime = Number(link.dataset.seek);
      void audio.play().catch(() => {});
      mark();
    });
  }
}
