import type { AppDeps } from '../http/env.js';
import { notFound } from '../http/errors.js';
import type { Chrome } from '../ui/Layout.js';
import { type Edition, listEditions } from './queries.js';

/** Tags every page of an edition carries: its settings and navigation, and the list of editions. */
export const editionTags = (code: string) => [`edition:${code}`, 'site'];

/** Every edition with its sections, from memory until a change to any edition or section. */
export function cachedEditions(deps: Pick<AppDeps, 'db' | 'cache'>): Promise<Edition[]> {
  return deps.cache.remember(
    'editions',
    () => listEditions(deps.db),
    (editions) => ['site', ...editions.flatMap((e) => editionTags(e.code))],
  );
}

/** The edition named in the URL with its navigation, or a 404. */
export async function loadChrome(
  deps: Pick<AppDeps, 'db' | 'cache' | 'config'>,
  editionCode: string,
): Promise<Chrome> {
  const editions = await cachedEditions(deps);
  const edition = editions.find((e) => e.code === editionCode);
  if (!edition) throw notFound(`No edition ${editionCode}`);
  return { edition, editions, sections: edition.sections, publicUrl: deps.config.publicUrl };
}
