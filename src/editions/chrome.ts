import type { Context } from 'hono';
import { staleIn } from '../front/freshness.js';
import { type BreakingLine, findBreakingLine, liveBreakingLine } from '../front/queries.js';
import { cacheTags, editionPageTags, tagIf } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { notFound } from '../http/errors.js';
import { findCoverageLink } from '../live/queries.js';
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

/** A breaking line with where its live coverage is (undefined: it points to none readers can see). */
interface BreakingWithLive {
  line: BreakingLine | undefined;
  live: { url: string; open: boolean } | undefined;
}

/**
 * An edition's breaking line as stored (expired or not), with its live coverage's address and state,
 * from memory until the edition's pages are purged (or the coverage's article or entries change).
 */
function cachedBreakingLine(
  deps: Pick<AppDeps, 'db' | 'cache' | 'clock'>,
  edition: Edition,
): Promise<BreakingWithLive> {
  // The front-page workflow logs the edition's tag when the line is set or cleared; the live door
  // logs it when the coverage the line points to closes or reopens.
  return deps.cache.remember(
    `breaking:${edition.code}`,
    async () => {
      const line = await findBreakingLine(deps.db, edition.code);
      const liveId = line?.liveArticleId;
      const live = liveId ? await findCoverageLink(deps.db, edition, liveId, deps.clock.now()) : undefined;
      return { line, live };
    },
    ({ line }) => [
      cacheTags.edition(edition.code),
      ...tagIf(line?.liveArticleId, cacheTags.article),
      ...tagIf(line?.liveArticleId, cacheTags.live),
    ],
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
    cachedBreakingLine(deps, edition),
    cachedHasPodcasts(deps, edition.code),
  ]);
  const line = liveBreakingLine(breaking.line, now);
  if (line && c) staleIn(c, Date.parse(line.expiresAt) - now.getTime());
  return {
    edition,
    editions,
    sections: edition.sections,
    publicUrl: deps.config.publicUrl,
    breaking: line && {
      text: line.text,
      linkUrl: breaking.live?.url ?? line.linkUrl,
      live: breaking.live?.open ?? false,
    },
    podcasts,
  };
}
