import type { Child } from 'hono/jsx';
import type { HomeAds } from '../ads/page.js';
import { AdSlot } from '../ads/views.js';
import { sectionPath } from '../articles/paths.js';
import type { ArticleCard } from '../articles/queries.js';
import { format, messagesFor } from '../i18n/messages.js';
import { type Chrome, Layout, type PageMeta } from '../ui/Layout.js';
import {
  FeedLinks,
  GROUP_SIZES,
  GROUP_SIZES_BESIDE_ASIDE,
  LatestStories,
  LeadAndTopStories,
  StoryGroup,
} from './FrontParts.js';
import type { FrontArrangement, SectionBlock } from './queries.js';

/**
 * An edition's home: the lead story, the top stories, a block per section in
 * the editors' order, then the latest stories (all but the lead and top ones) with load-more.
 * `aside` is a region beside the section blocks for other features' blocks (most read).
 */
export function HomePage({
  chrome,
  meta,
  front,
  blocks,
  more,
  nextHref,
  now,
  aside,
  ads,
}: {
  chrome: Chrome;
  meta: PageMeta;
  front: FrontArrangement;
  blocks: SectionBlock[];
  more: ArticleCard[];
  nextHref: string | undefined;
  now: Date;
  aside?: Child;
  /** Ad slots above the lead story and between section blocks (src/ads). */
  ads?: HomeAds | undefined;
}) {
  const { edition } = chrome;
  const t = messagesFor(edition.language);
  return (
    <Layout chrome={chrome} meta={meta}>
      <h1 class="front-title">{edition.name}</h1>
      {ads?.top && <AdSlot slot={ads.top} language={edition.language} eager />}
      <LeadAndTopStories front={front} edition={edition} now={now} />
      <div class={aside ? 'front-body front-body-aside' : 'front-body'}>
        <div class="front-blocks">
          {blocks.map((block, i) => (
            <>
              <StoryGroup
                id={`section-${block.section.id}`}
                heading={block.section.name}
                href={sectionPath(edition.code, block.section.slug)}
                linkLabel={format(t.frontMoreIn, { name: block.section.name })}
                cards={block.cards}
                edition={edition}
                now={now}
                sizes={aside ? GROUP_SIZES_BESIDE_ASIDE : GROUP_SIZES}
              />
              {ads?.between && i + 1 === ads.afterBlock && (
                <AdSlot slot={ads.between} language={edition.language} />
              )}
            </>
          ))}
          <LatestStories cards={more} edition={edition} nextHref={nextHref} now={now} />
        </div>
        {aside && <div class="front-aside">{aside}</div>}
      </div>
      <FeedLinks feeds={meta.feeds} language={edition.language} />
    </Layout>
  );
}
