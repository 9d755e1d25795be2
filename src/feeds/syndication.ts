import path from 'node:path';
import { type Category, type Enclosure, Feed, type Item } from 'feed';
import { sectionPath } from '../articles/paths.js';
import type { ArticleCard } from '../articles/queries.js';
import type { Edition } from '../editions/queries.js';
import { messagesFor } from '../i18n/messages.js';
import { mediaUrl, renditionNear } from '../media/images.js';
import type { MediaStorage } from '../media/storage.js';
import { xmlText } from './xml.js';

export type FeedFormat = 'rss' | 'atom';

/** Each feed format with the file name it has under a listing's path. */
export const FEED_FORMATS = [
  { format: 'rss', file: 'feed.xml', contentType: 'application/rss+xml; charset=utf-8' },
  { format: 'atom', file: 'atom.xml', contentType: 'application/atom+xml; charset=utf-8' },
] as const;

/** The listing a feed follows. */
export interface FeedSubject {
  edition: Edition;
  title: string;
  /** config.publicUrl: absolute, without a trailing slash. */
  publicUrl: string;
  /** Path of the listing page, under which its feeds are, e.g. /ar/section/world */
  path: string;
}

/** Width of the lead image offered to feed readers: the size Open Graph and Google News want. */
const FEED_IMAGE_WIDTH = 1200;

/**
 * The JPEG lead image of each card that has one, by card id, as an enclosure.
 * RSS wants its size in bytes: read from the media store, 0 ("unknown") if it is missing or the store fails.
 */
export async function leadImageEnclosures(
  cards: ArticleCard[],
  publicUrl: string,
  storage: MediaStorage,
): Promise<Map<string, Enclosure>> {
  const enclosures = new Map<string, Enclosure>();
  await Promise.all(
    cards.map(async (card) => {
      const rendition = card.image && renditionNear(card.image, FEED_IMAGE_WIDTH, 'jpeg');
      if (!rendition) return;
      // basename: a file name read from the database never names another folder's object.
      const length = await storage.stat(path.basename(rendition.file)).then(
        (found) => found?.size ?? 0,
        () => 0,
      );
      enclosures.set(card.id, { url: `${publicUrl}${mediaUrl(rendition.file)}`, type: 'image/jpeg', length });
    }),
  );
  return enclosures;
}

/** An RSS 2.0 or Atom document of `cards` (newest first), each linking to its article page. */
export function renderFeed(
  subject: FeedSubject,
  cards: ArticleCard[],
  enclosures: Map<string, Enclosure>,
  format: FeedFormat,
  now: Date,
): string {
  const items = cards.map((card) => feedItem(card, subject, enclosures.get(card.id), format));
  const feedUrl = (file: string) => `${subject.publicUrl}${subject.path}/${file}`;
  const newest = items.reduce<Date | undefined>((latest, item) => {
    return latest && latest >= item.date ? latest : item.date;
  }, undefined);
  const feed = new Feed({
    id: feedUrl('atom.xml'),
    title: xmlText(subject.title),
    link: `${subject.publicUrl}${subject.path}`,
    language: subject.edition.language,
    description: xmlText(subject.edition.description),
    // The newest change rather than the time of rendering, so an unchanged feed keeps its ETag.
    updated: newest ?? now,
    generator: false,
    feedLinks: { rss: feedUrl('feed.xml'), atom: feedUrl('atom.xml') },
  });
  for (const item of items) feed.addItem(item);
  return format === 'rss' ? feed.rss2() : withAtomLanguage(feed.atom1(), subject.edition.language);
}

const ATOM_ROOT = '<feed xmlns="http://www.w3.org/2005/Atom">';

/**
 * `feed` writes no language into Atom, where it is the root's xml:lang; readers
 * use it to pick fonts and right-to-left layout, so it is added here.
 */
function withAtomLanguage(atom: string, language: string): string {
  return atom.replace(ATOM_ROOT, () => `${ATOM_ROOT.slice(0, -1)} xml:lang="${escapeHtml(language)}">`);
}

function feedItem(
  card: ArticleCard,
  subject: FeedSubject,
  enclosure: Enclosure | undefined,
  format: FeedFormat,
): Item {
  const { publicUrl } = subject;
  const link = `${publicUrl}${card.url}`;
  const item: Item = {
    // RSS titles are plain text; Atom's are declared type="html" by the library, so they are escaped.
    title: format === 'rss' ? cdataText(card.headline) : escapeHtml(card.headline),
    // No `guid` or `id`: both formats then use the link, a permanent URL (isPermaLink="true" in RSS).
    link,
    date: new Date(card.lastUpdatedAt ?? card.firstPublishedAt),
    published: new Date(card.firstPublishedAt),
    // RSS descriptions and Atom summaries (type="html") are HTML; standfirsts are plain text.
    // A sponsored article says so first, as its card and page do.
    description: escapeHtml(
      card.sponsor
        ? `${messagesFor(subject.edition.language).sponsoredBy} ${card.sponsor}. ${card.standfirst}`.trim()
        : card.standfirst,
    ),
  };
  if (card.section) {
    const sectionUrl = `${publicUrl}${sectionPath(card.editionCode, card.section.slug)}`;
    const category: Category =
      format === 'rss'
        ? { name: xmlText(card.section.name), domain: sectionUrl }
        : { term: attributeText(card.section.name) };
    item.category = [category];
  }
  // Feed readers and aggregators that filter paid content look for this category.
  if (card.sponsor) {
    const sponsored: Category = format === 'rss' ? { name: 'sponsored' } : { term: 'sponsored' };
    item.category = [...(item.category ?? []), sponsored];
  }
  if (enclosure) item.enclosure = enclosure;
  return item;
}

/**
 * Text for a CDATA section written by `feed`, which splits only the first "]]>":
 * a second would end the section early and what follows would be read as markup.
 */
function cdataText(text: string): string {
  return xmlText(text).replaceAll(']]>', ']] >');
}

/**
 * Text for an attribute written by `feed`, which escapes only "&" and '"' there:
 * "<" is not allowed in attribute values, so it becomes the full-width "＜".
 */
function attributeText(text: string): string {
  return xmlText(text).replaceAll('<', '\uFF1C');
}

function escapeHtml(text: string): string {
  return xmlText(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
