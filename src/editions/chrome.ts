import type { Db } from '../db/schema.js';
import { notFound } from '../http/errors.js';
import type { Chrome } from '../ui/Layout.js';
import { listEditions, listSections } from './queries.js';

/** The edition named in the URL with its navigation, or a 404. */
export async function loadChrome(db: Db, editionCode: string, publicUrl: string): Promise<Chrome> {
  const editions = await listEditions(db);
  const edition = editions.find((e) => e.code === editionCode);
  if (!edition) throw notFound(`No edition ${editionCode}`);
  const sections = await listSections(db, edition.code);
  return { edition, editions, sections, publicUrl };
}

/** Tags every page of an edition carries: its settings and navigation, and the list of editions. */
export const editionTags = (code: string) => [`edition:${code}`, 'site'];
