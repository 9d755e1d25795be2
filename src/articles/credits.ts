/** What an article page says about whose its text is: the copyright line, shown under the text and in JSON-LD. */
import type { Edition } from '../editions/queries.js';
import { localizeDigits, localParts } from '../i18n/dates.js';
import { format, messagesFor } from '../i18n/messages.js';
import type { ArticleDetail } from './queries.js';

/**
 * The article's own line as the desk or the wire stored it; else, for agency copy, the agency's
 * copyright line, or the edition language's "© {year} {agency}" where the agency has a name in
 * that language (its stored line is written in its main language) or has no line at all.
 * Empty for other articles without a line.
 */
export function copyrightLine(
  article: Pick<ArticleDetail, 'copyright' | 'byline' | 'firstPublishedAt'>,
  edition: Pick<Edition, 'language' | 'timeZone' | 'digits'>,
): string {
  if (article.copyright) return article.copyright;
  const agency = article.byline.find((entry) => entry.kind === 'agency');
  if (!agency?.agency) return '';
  if (agency.agency.copyrightLine && !agency.agency.localName) return agency.agency.copyrightLine;
  const year = localParts(new Date(article.firstPublishedAt), edition.timeZone).year;
  return format(messagesFor(edition.language).copyrightAgency, {
    year: localizeDigits(String(year), edition.digits),
    agency: agency.name,
  });
}
