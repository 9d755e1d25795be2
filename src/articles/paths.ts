import { localParts } from '../i18n/dates.js';

/**
 * Public URL path of an article: /{edition}/{yyyy}/{mm}/{dd}/{slug}, dated by
 * first publication in the edition's time zone, as news sites do.
 */
export function articlePath(
  editionCode: string,
  slug: string,
  firstPublishedAt: string,
  timeZone: string,
): string {
  const p = localParts(new Date(firstPublishedAt), timeZone);
  const mm = String(p.month).padStart(2, '0');
  const dd = String(p.day).padStart(2, '0');
  return `/${editionCode}/${p.year}/${mm}/${dd}/${encodeURIComponent(slug)}`;
}

export const editionPath = (code: string) => `/${code}`;
export const sectionPath = (code: string, slug: string) => `/${code}/section/${encodeURIComponent(slug)}`;
export const topicPath = (code: string, slug: string) => `/${code}/topic/${encodeURIComponent(slug)}`;
export const contributorPath = (code: string, slug: string) => `/${code}/author/${encodeURIComponent(slug)}`;
export const agencyPath = (code: string, slug: string) => `/${code}/agency/${encodeURIComponent(slug)}`;
