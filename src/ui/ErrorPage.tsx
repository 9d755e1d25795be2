import { messagesFor } from '../i18n/messages.js';
import { siteAssets } from './assets.js';

/**
 * 400, 404, 500 and 503 pages. They query nothing, so they render even when
 * the database is the thing that failed; the language comes from the URL.
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
