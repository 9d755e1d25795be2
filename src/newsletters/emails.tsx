import { format, messagesFor } from '../i18n/messages.js';
import type { EmailArticle } from './queries.js';

/** Stand-ins for each recipient's own links: the issue is rendered once, then filled per message. */
export const PREFERENCES_URL = '__SAHIFA_PREFERENCES_URL__';
export const UNSUBSCRIBE_URL = '__SAHIFA_UNSUBSCRIBE_URL__';

export interface IssueContent {
  newsletterName: string;
  editionName: string;
  language: string;
  direction: 'rtl' | 'ltr';
  subject: string;
  intro: string;
  /** Article URLs are paths; `publicUrl` makes them absolute. */
  articles: EmailArticle[];
  publicUrl: string;
}

export interface RenderedIssue {
  subject: string;
  html: string;
  text: string;
}

const FONT = "Tahoma, 'Segoe UI', Arial, sans-serif";

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The issue as an email, with the recipient's links still to fill in (see `personalize`). */
export async function renderIssue(content: IssueContent): Promise<RenderedIssue> {
  const html = `<!doctype html>${await (<IssueEmail content={content} />).toString()}`;
  return { subject: content.subject, html, text: issueText(content) };
}

/** One recipient's copy: their preference and unsubscribe links in both parts. */
export function personalize(issue: RenderedIssue, links: { preferences: string; unsubscribe: string }) {
  return {
    subject: issue.subject,
    html: issue.html
      .replaceAll(PREFERENCES_URL, escapeHtml(links.preferences))
      .replaceAll(UNSUBSCRIBE_URL, escapeHtml(links.unsubscribe)),
    text: issue.text
      .replaceAll(PREFERENCES_URL, links.preferences)
      .replaceAll(UNSUBSCRIBE_URL, links.unsubscribe),
  };
}

const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

/**
 * Hand-written table layout: mail clients (Outlook above all) ignore most CSS
 * layout, and some ignore `dir` on <html>, so direction and alignment are
 * repeated on the tables and cells. Physical `align`/`text-align` values are
 * deliberate here: mail clients do not know logical properties.
 */
function IssueEmail({ content }: { content: IssueContent }) {
  const t = messagesFor(content.language);
  const dir = content.direction;
  const start = dir === 'rtl' ? 'right' : 'left';
  const cell = `font-family:${FONT};color:#1a1a1a;text-align:${start};`;
  return (
    <html lang={content.language} dir={dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{content.subject}</title>
      </head>
      <body dir={dir} style="margin:0;padding:0;background:#f2f2ef;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border={0} dir={dir}>
          <tr>
            <td align="center" style="padding:16px 8px;">
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                border={0}
                dir={dir}
                style="max-width:600px;background:#ffffff;border-collapse:collapse;"
              >
                <tr>
                  <td dir={dir} align={start} style={`${cell}padding:24px 24px 8px;`}>
                    <p style="margin:0;font-size:14px;color:#8a1c1c;font-weight:bold;">
                      {content.editionName} · {content.newsletterName}
                    </p>
                    <h1 style="margin:8px 0 0;font-size:24px;line-height:1.4;">{content.subject}</h1>
                  </td>
                </tr>
                {paragraphs(content.intro).length > 0 && (
                  <tr>
                    <td
                      dir={dir}
                      align={start}
                      style={`${cell}padding:8px 24px;font-size:16px;line-height:1.7;`}
                    >
                      {paragraphs(content.intro).map((p) => (
                        <p style="margin:0 0 12px;">{p}</p>
                      ))}
                    </td>
                  </tr>
                )}
                {content.articles.map((a) => (
                  <tr>
                    <td
                      dir={dir}
                      align={start}
                      style={`${cell}padding:16px 24px;border-top:1px solid #e5e5e0;line-height:1.6;`}
                    >
                      <h2 style="margin:0 0 6px;font-size:19px;line-height:1.4;">
                        <a href={`${content.publicUrl}${a.url}`} style="color:#1a1a1a;text-decoration:none;">
                          {a.headline}
                        </a>
                      </h2>
                      {a.standfirst && (
                        <p style="margin:0 0 8px;font-size:15px;color:#444;">{a.standfirst}</p>
                      )}
                      <a href={`${content.publicUrl}${a.url}`} style="font-size:14px;color:#8a1c1c;">
                        {t.newsletterEmailReadMore}
                      </a>
                    </td>
                  </tr>
                ))}
                <tr>
                  <td
                    dir={dir}
                    align={start}
                    style={`${cell}padding:16px 24px 24px;border-top:1px solid #e5e5e0;font-size:12px;color:#666;line-height:1.6;`}
                  >
                    <p style="margin:0 0 8px;">
                      {format(t.newsletterEmailWhy, { name: content.newsletterName })}
                    </p>
                    <p style="margin:0;">
                      <a href={PREFERENCES_URL} style="color:#666;">
                        {t.newsletterEmailPreferences}
                      </a>
                      {' · '}
                      <a href={UNSUBSCRIBE_URL} style="color:#666;">
                        {t.newsletterEmailUnsubscribe}
                      </a>
                    </p>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}

function issueText(content: IssueContent): string {
  const t = messagesFor(content.language);
  const lines = [`${content.editionName} · ${content.newsletterName}`, content.subject, ''];
  for (const p of paragraphs(content.intro)) lines.push(p, '');
  for (const a of content.articles) {
    lines.push(`* ${a.headline}`);
    if (a.standfirst) lines.push(`  ${a.standfirst}`);
    lines.push(`  ${content.publicUrl}${a.url}`, '');
  }
  lines.push(
    '--',
    format(t.newsletterEmailWhy, { name: content.newsletterName }),
    `${t.newsletterEmailPreferences}: ${PREFERENCES_URL}`,
    `${t.newsletterEmailUnsubscribe}: ${UNSUBSCRIBE_URL}`,
  );
  return lines.join('\n');
}

/** The double opt-in mail: one link, nothing sent until it is opened. */
export function confirmationMail(input: { language: string; editionName: string; link: string }) {
  const t = messagesFor(input.language);
  return {
    subject: format(t.newsletterConfirmSubject, { name: input.editionName }),
    text: format(t.newsletterConfirmText, { name: input.editionName, link: input.link }),
  };
}

/**
 * The site's Content-Security-Policy (style-src 'self') blocks inline styles,
 * so the browser preview moves each distinct `style` attribute into a
 * stylesheet served from the site, keyed by a data attribute.
 */
export function previewWithoutInlineStyles(
  html: string,
  stylesheetHref: string,
): { html: string; css: string } {
  const styles = new Map<string, number>();
  const unescapeHtml = (s: string) =>
    s
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const body = html.replace(/ style="([^"]*)"/g, (_, style: string) => {
    const css = unescapeHtml(style).replace(/[<>{}]/g, '');
    const n = styles.get(css) ?? styles.size;
    styles.set(css, n);
    return ` data-preview-style="${n}"`;
  });
  const css = [...styles].map(([style, n]) => `[data-preview-style="${n}"]{${style}}`).join('\n');
  const link = `<link rel="stylesheet" href="${escapeHtml(stylesheetHref)}"/>`;
  return { html: body.replace('</head>', `${link}</head>`), css };
}
