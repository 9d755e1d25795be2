import { messagesFor } from '../i18n/messages.js';
import type { MostReadItem } from './queries.js';
import { VIEWS_PATH, viewPixelPath } from './routes.js';

/**
 * "Most read": the edition's (or a section's) most read headlines over the
 * rolling day, numbered. Nothing at all when nothing has been read yet.
 */
export function MostRead({ items, language }: { items: MostReadItem[]; language: string }) {
  if (items.length === 0) return null;
  const t = messagesFor(language);
  return (
    <section class="most-read" aria-labelledby="most-read">
      <h2 id="most-read">{t.mostRead}</h2>
      <ol>
        {items.map((item) => (
          <li>
            <a href={item.url}>{item.headline}</a>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * Counts a view of the article page it is on. The page itself stays fully
 * cacheable: only the id is in it. With JavaScript, the reader script sends a
 * beacon to `data-views` once the page is shown (not while prerendered or in a
 * background tab); without, the image inside `<noscript>` is the hit. Both
 * answer `no-store` and set no cookie.
 */
export function ViewBeacon({ articleId }: { articleId: string }) {
  return (
    <noscript data-views={VIEWS_PATH} data-article={articleId}>
      <img src={viewPixelPath(articleId)} alt="" width="1" height="1" class="view-pixel" />
    </noscript>
  );
}
