import type { Context } from 'hono';
import { staleIn } from '../front/freshness.js';
import { type BreakingLine, findBreakingLine, liveBreakingLine } from '../front/queries.js';
import { cacheTags, editionPageTags } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import { cachedHasPodcasts } from '../podcasts/queries.js';
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

/** An edition's breaking line as stored (expired or not), from memory until the edition's pages are purged. */
function cachedBreakingLine(
  deps: Pick<AppDeps, 'db' | 'cache'>,
  editionCode: string,
): Promise<BreakingLine | undefined> {
  // The front-page workflow logs the edition's tag when the line is set or cleared.
  return deps.cache.remember(
    `breaking:${editionCode}`,
    () => findBreakingLine(deps.db, editionCode),
    () => [cacheTags.edition(editionCode)],
  );
}

/**
 * The edition named in the URL with its navigation and breaking line, or a 404.
 * With the request's context, a page showing a breaking line is cached only until the line expires.
 */
export async function loadChrome(
  deps: Pick<AppDeps, 'db' | 'cache' | 'config' | 'clock'>,
  editionCode: string,
  c?: Context<AppEnv>,
): Promise<Chrome> {
  const editions = await cachedEditions(deps);
  const edition = editions.find((e) => e.code === editionCode);
  if (!edition) throw notFound(`No edition ${editionCode}`);
  const now = deps.clock.now();
  const [breaking, podcasts] = await Promise.all([
    cachedBreakingLine(deps, edition.code),
    cachedHasPodcasts(deps, edition.code),
  ]);
  const line = liveBreakingLine(breaking, now);
  if (line && c) staleIn(c, Date.parse(line.expiresAt) - now.getTime());
  return {
    edition,
    editions,
    sections: edition.sections,
    publicUrl: deps.config.publicUrl,
    breaking: line && { text: line.text, linkUrl: line.linkUrl },
    podcasts,
  };
}
