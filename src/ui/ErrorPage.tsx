import { editionPath } from '../articles/paths.js';
import { messagesFor } from '../i18n/messages.js';
import { MostRead } from '../readership/MostRead.js';
import type { MostReadItem } from '../readership/queries.js';
import { siteAssets } from './assets.js';
import { type Chrome, Layout } from './Layout.js';

/**
 * A 404 inside an edition's chrome (masthead with search, navigation, footer), so a reader
 * who followed a dead link can search or browse on. Its chrome comes from the database:
 * when that fails, app.tsx falls back to the bare ErrorPage.
 */
export function NotFoundPage({
  chrome,
  mostRead,
  gone = false,
}: {
  chrome: Chrome;
  mostRead: MostReadItem[];
  /** 410: an article the newsroom took down (withdrawn, killed, unpublished). */
  gone?: boolean;
}) {
  const { edition } = chrome;
  const t = messagesFor(edition.language);
  const home = editionPath(edition.code);
  const title = gone ? t.goneTitle : t.notFoundTitle;
  const text = gone ? t.goneText : t.notFoundText;
  const meta = {
    title: `${title} · ${edition.name}`,
    description: text,
    canonical: `${chrome.publicUrl}${home}`,
    ogType: 'website' as const,
    noindex: true,
  };
  return (
    <Layout chrome={chrome} meta={meta}>
      <div class="error-page">
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <a class="button" href={home}>
            {t.backHome}
          </a>
        </p>
      </div>
      <MostRead items={mostRead} language={edition.language} />
    </Layout>
  );
}

/**
 * 400, 500 and 503 pages, and 404 when the edition's chrome cannot be loaded. They query
 * nothing, so they render even when the database is the thing that failed; the language
 * comes from the URL.
 */
export function ErrorPage({
  language,
  status,
  homeHref,
  detail,
}: {
  language: string;
  status: 404 | 500 | 400 | 503;
  homeHref: string;
  detail?: string;
}) {
  const t = messagesFor(language);
  const title =
    status === 404
      ? t.notFoundTitle
      : status === 400
        ? t.badRequestTitle
        : status === 503
          ? t.unavailableTitle
          : t.serverErrorTitle;
  const text = status === 404 ? t.notFoundText : status === 503 ? t.unavailableText : t.serverErrorText;
  return (
    <html lang={language} dir={t.direction}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <link rel="stylesheet" href={siteAssets().css.path} />
        <link rel="icon" type="image/svg+xml" href={siteAssets().icon.path} />
      </head>
      <body>
        <main id="main" class="wrap error-page">
          <h1>{title}</h1>
          <p>{status === 400 ? detail : text}</p>
          <p>
            <a class="button" href={homeHref}>
              {t.backHome}
            </a>
          </p>
        </main>
      </body>
    </html>
  );
}
