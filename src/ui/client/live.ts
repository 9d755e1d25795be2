// A live coverage's page with JavaScript (src/live/views.tsx): while the coverage is open and the tab
// is visible, ask its updates endpoint (cached, one answer for every reader) every 10–15 s; new
// entries wait behind "N new updates" and are put in only when the reader asks, so nothing moves
// under what they are reading. Without JavaScript the page is whole, with links to older updates.

interface Updates {
  open: boolean;
  entries: { id: string; html: string }[];
  more: boolean;
}

type Labels = Partial<Record<Intl.LDMLPluralRule, string>> & { digits?: string };

const SECONDS = 1000;

export function followLive(stream: HTMLElement): void {
  const url = stream.dataset.liveUpdates;
  const list = stream.querySelector<HTMLOListElement>('.live-entries');
  const button = stream.querySelector<HTMLButtonElement>('.live-new button');
  if (!url || !list || !button) return;
  const labels: Labels = JSON.parse(stream.dataset.liveLabels ?? '{}');
  const language = document.documentElement.lang || 'en';
  const plural = new Intl.PluralRules(language);
  const numbers = new Intl.NumberFormat(language, { numberingSystem: labels.digits ?? 'latn' });
  let latest = stream.dataset.liveLatest ?? '';
  /** Fetched, not yet shown: newest first. */
  let waiting: { id: string; html: string }[] = [];
  let reload = false;
  let timer: number | undefined;
  let stopped = false;

  const say = () => {
    const n = waiting.length;
    const template = labels[plural.select(n)] ?? labels.other ?? '{n}';
    button.textContent = template.replace('{n}', numbers.format(n));
    button.hidden = n === 0;
  };

  const schedule = () => {
    window.clearTimeout(timer);
    if (stopped || document.visibilityState !== 'visible') return;
    timer = window.setTimeout(poll, (10 + Math.random() * 5) * SECONDS);
  };

  async function poll() {
    try {
      const response = await fetch(`${url}${latest ? `?after=${latest}` : ''}`, {
        headers: { accept: 'application/json' },
      });
      if (response.ok) {
        const answer = (await response.json()) as Updates;
        const fresh = answer.entries.filter((e) => !waiting.some((w) => w.id === e.id));
        if (fresh[0]) latest = fresh[0].id;
        waiting = [...fresh, ...waiting];
        reload ||= answer.more;
        say();
        // Closed: the page keeps what it has, is no longer "LIVE", and stops asking.
        if (!answer.open) {
          stopped = true;
          for (const label of document.querySelectorAll('.live-label')) label.remove();
        }
      }
    } catch {
      // Offline for a moment: ask again next time.
    }
    schedule();
  }

  button.addEventListener('click', () => {
    // More new entries than one answer holds: the page itself, reloaded, has them all.
    if (reload) return void location.reload();
    const template = document.createElement('template');
    template.innerHTML = waiting.map((e) => e.html).join('');
    const items = [...template.content.children];
    list.prepend(...items);
    waiting = [];
    say();
    items[0]?.querySelector<HTMLElement>('.live-entry')?.focus();
  });

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') schedule();
    else window.clearTimeout(timer);
  });
  schedule();
}
