// Ads on reader pages (src/ads): the consent banner, the third-party tags it
// allows, and the count of house ads seen. Pages are the same for every reader
// (cached), so everything that depends on the reader is decided here.

const COOKIE = 'sahifa_consent';
/** Six months, in seconds: how long a choice is kept. */
const KEPT_FOR = 183 * 24 * 60 * 60;

type Choice = 'ads' | 'none';

function storedChoice(): Choice | undefined {
  const match = document.cookie.match(/(?:^|;\s*)sahifa_consent=(ads|none)(?:;|$)/);
  return match ? (match[1] as Choice) : undefined;
}

function store(choice: Choice): void {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from older Safari and Firefox; the value is one of two constants.
  document.cookie = `${COOKIE}=${choice}; Max-Age=${KEPT_FOR}; Path=/; SameSite=Lax${secure}`;
}

let loaded = false;
/** Asks the server for the edition's tag scripts (it answers none without consent or under GPC) and adds them. */
async function loadTags(path: string): Promise<void> {
  if (loaded) return;
  loaded = true;
  const response = await fetch(path, { credentials: 'same-origin' });
  if (!response.ok) return;
  const { scripts } = (await response.json()) as { scripts: string[] };
  for (const src of scripts) {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    document.head.append(script);
  }
}

/** The banner (src/ads/views.tsx `ConsentBanner`): shown while no choice is stored; never under Global Privacy Control. */
export function enhanceConsent(banner: HTMLElement): void {
  if ((navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true) return;
  const path = banner.dataset.tags ?? '';
  const settings = banner.querySelector<HTMLElement>('.consent-settings');
  const box = banner.querySelector<HTMLInputElement>('input[name="consent-ads"]');
  const save = banner.querySelector<HTMLElement>('[data-consent="save"]');
  const choose = (choice: Choice) => {
    store(choice);
    banner.hidden = true;
    if (choice === 'ads') void loadTags(path);
  };
  banner.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('[data-consent]');
    const action = button?.dataset.consent;
    if (action === 'accept') choose('ads');
    else if (action === 'reject') choose('none');
    else if (action === 'save') choose(box?.checked ? 'ads' : 'none');
    else if (action === 'settings' && settings && save) {
      settings.hidden = false;
      save.hidden = false;
      if (box) box.checked = storedChoice() === 'ads';
      box?.focus();
    }
  });
  const open = document.querySelector<HTMLButtonElement>('button.consent-open');
  const item = open?.closest('li');
  if (open && item) {
    item.hidden = false;
    open.addEventListener('click', () => {
      banner.hidden = false;
      banner.querySelector<HTMLElement>('[data-consent="accept"]')?.focus();
    });
  }
  const choice = storedChoice();
  if (choice === 'ads') void loadTags(path);
  else if (!choice) banner.hidden = false;
}

/**
 * Counts house ads once at least half of each has been in view, in one beacon
 * a second after the last one seen (and when the page is hidden).
 */
export function countAdsSeen(links: NodeListOf<HTMLElement>, endpoint: string): void {
  if (!('IntersectionObserver' in window) || !navigator.sendBeacon) return;
  const seen: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    clearTimeout(timer);
    if (seen.length === 0) return;
    const body = new URLSearchParams();
    for (const id of seen.splice(0)) body.append('c', id);
    navigator.sendBeacon(endpoint, body);
  };
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting || document.visibilityState !== 'visible') continue;
        const id = (entry.target as HTMLElement).dataset.ad;
        if (id) seen.push(id);
        observer.unobserve(entry.target);
        clearTimeout(timer);
        timer = setTimeout(send, 1000);
      }
    },
    { threshold: 0.5 },
  );
  for (const link of links) observer.observe(link);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') send();
  });
}
