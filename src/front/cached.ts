/**
 * What the front pages read on every render and editors change seldom, kept in
 * memory (deps.cache.remember) until the front-page workflow logs the edition's
 * front tag (or a change to the edition's settings and sections). One entry per
 * page of an edition: its home and each section page.
 */

import type { Edition, SectionRef } from '../editions/queries.js';
import { cacheTags } from '../http/cache-tags.js';
import type { AppDeps } from '../http/env.js';
import { type FrontScope, listPins, type Pin, scopeKey, sectionOrder } from './queries.js';

type Deps = Pick<AppDeps, 'db' | 'cache'>;

/** The pins of one page, as `listPins` reads them. */
export function cachedPins(deps: Deps, editionCode: string, scope: FrontScope): Promise<Pin[]> {
  return deps.cache.remember(
    `front-pins:${editionCode}:${scopeKey(scope)}`,
    () => listPins(deps.db, editionCode, scope),
    () => [cacheTags.front(editionCode), cacheTags.edition(editionCode)],
  );
}

/** The order of the home's section blocks, as `sectionOrder` reads it. */
export function cachedSectionOrder(deps: Deps, edition: Edition): Promise<SectionRef[]> {
  // Keyed by edition: its sections come from `edition`, which is itself kept until the edition's tag.
  return deps.cache.remember(
    `front-sections:${edition.code}`,
    () => sectionOrder(deps.db, edition),
    () => [cacheTags.front(edition.code), cacheTags.edition(edition.code)],
  );
}
