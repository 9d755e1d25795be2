import { cacheTags, editionPageTags } from '../http/cache-tags.js';
import type { AppDeps } from '../http/env.js';
import { notFound } from '../http/errors.js';
import type { Chrome } from '../ui/Layout.js';
import { type Edition, listEditions } from './queries.js';

/** Every edition with its sections, from memory until a change to any edition or section. */
export function cachedEditions(deps: Pick<AppDeps, 'db' | 'cache'>): Promise<Edition[]> {
  return deps.cache.remember(
    'editions',
    () => listEditions(deps.db),
    (editions) => [cacheTags.site, ...editions.flatMap((e) => editionPageTags(e.code))],
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
