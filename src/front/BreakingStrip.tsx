import { messagesFor } from '../i18n/messages.js';

/** What the strip shows: set by editors on the desk (/admin/front), only while it has not expired. */
export interface BreakingNews {
  text: string;
  /** A site path or an https address; '' for none. */
  linkUrl: string;
  /** It points to a live coverage that is still open (src/live): the strip says "LIVE". */
  live?: boolean;
}

/** The breaking line at the top of every page of an edition. */
export function BreakingStrip({ breaking, language }: { breaking: BreakingNews; language: string }) {
  const t = messagesFor(language);
  return (
    <aside class={breaking.live ? 'breaking breaking-live' : 'breaking'} aria-label={t.frontBreakingLabel}>
      <p class="wrap">
        <strong class="breaking-label">{breaking.live ? t.liveLabel : t.frontBreakingLabel}</strong>{' '}
        {breaking.linkUrl ? (
          <a href={breaking.linkUrl} dir="auto">
            {breaking.text}
          </a>
        ) : (
          <span dir="auto">{breaking.text}</span>
        )}
      </p>
    </aside>
  );
}
