import { Feed, type Item } from 'feed';
import type { Edition } from '../editions/queries.js';
import { xmlText } from '../feeds/xml.js';
import type { LiveEntry, PublicCoverage } from './queries.js';
import { excerpt } from './text.js';
import { entryPath } from './views.js';

export type LiveFeedFormat = 'rss' | 'atom';

const escapeHtml = (text: string) =>
  xmlText(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/** HTML for a CDATA section (`feed` splits only the first "]]>"), with site paths made absolute for feed readers. */
function feedHtml(html: string, publicUrl: string): string {
  return xmlText(html)
    .replace(/\b(src|href)="\/(?!\/)/g, `$1="${publicUrl}/`)
    .replace(
      /\bsrcset="([^"]*)"/g,
      (_whole, set: string) =>
        `srcset="${set
          .split(',')
          .map((candidate) => candidate.trim())
          .map((candidate) => (candidate.startsWith('/') ? `${publicUrl}${candidate}` : candidate))
          .join(', ')}"`,
    )
    .replaceAll(']]>', ']]&gt;');
}

/**
 * RSS 2.0 or Atom of a live coverage: its entries, newest first, each with its
 * lasting address as link and id, its text as content.
 */
export function renderLiveFeed(
  coverage: PublicCoverage,
  entries: LiveEntry[],
  options: { edition: Edition; publicUrl: string; title: string; format: LiveFeedFormat; now: Date },
): string {
  const { publicUrl, format, edition } = options;
  const page = `${publicUrl}${coverage.url}`;
  const newest = entries.reduce<string | undefined>(
    (latest, e) => (latest && latest > e.updatedAt ? latest : e.updatedAt),
    undefined,
  );
  const feed = new Feed({
    id: `${page}/atom.xml`,
    title: xmlText(options.title),
    link: page,
    language: edition.language,
    description: xmlText(coverage.standfirst),
    copyright: xmlText(coverage.copyright),
    // The newest change, not the time of rendering: an unchanged feed keeps its ETag.
    updated: new Date(newest ?? coverage.lastUpdatedAt ?? coverage.firstPublishedAt ?? options.now),
    generator: false,
    feedLinks: { rss: `${page}/feed.xml`, atom: `${page}/atom.xml` },
  });
  for (const entry of entries) {
    const link = `${publicUrl}${entryPath(coverage.url, entry.id)}`;
    const title = entry.title || excerpt(entry.bodyHtml, 110);
    const item: Item = {
      title: format === 'rss' ? xmlText(title).replaceAll(']]>', ']] >') : escapeHtml(title),
      id: link,
      link,
      date: new Date(entry.updatedAt),
      published: new Date(entry.publishedAt),
      description: escapeHtml(excerpt(entry.bodyHtml, 300)),
      content: feedHtml(entry.bodyHtml, publicUrl),
      ...(entry.author ? { author: [{ name: xmlText(entry.author.name) }] } : {}),
    };
    feed.addItem(item);
  }
  const xml = format === 'rss' ? feed.rss2() : feed.atom1();
  return format === 'rss'
    ? xml
    : xml.replace(
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        () => `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeHtml(edition.language)}">`,
      );
}
