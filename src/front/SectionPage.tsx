import type { Child } from 'hono/jsx';
import type { ArticleCard } from '../articles/queries.js';
import type { SectionRef } from '../editions/queries.js';
import { type Chrome, Layout, type PageMeta } from '../ui/Layout.js';
import { FeedLinks, LatestStories, LeadAndTopStories } from './FrontParts.js';
import type { FrontArrangement } from './queries.js';

/**
 * A section's page: its lead and top stories (pinned or newest), then its
 * newest stories not shown above with load-more. `aside` is a region beside
 * that list for other features' blocks (most read).
 */
export function SectionPage({
  chrome,
  meta,
  section,
  front,
  latest,
  nextHref,
  now,
  aside,
}: {
  chrome: Chrome;
  meta: PageMeta;
  section: SectionRef;
  front: FrontArrangement;
  latest: ArticleCard[];
  nextHref: string | undefined;
  now: Date;
  aside?: Child;
}) {
  const { edition } = chrome;
  return (
    <Layout chrome={chrome} meta={meta}>
      <h1 class="page-title">{section.name}</h1>
      <LeadAndTopStories front={front} edition={edition} now={now} />
      <div class={aside ? 'front-body front-body-aside' : 'front-body'}>
        <div class="front-blocks">
          <LatestStories cards={latest} edition={edition} nextHref={nextHref} now={now} />
        </div>
        {aside && <div class="front-aside">{aside}</div>}
      </div>
      <FeedLinks feeds={meta.feeds} language={edition.language} />
    </Layout>
  );
}
