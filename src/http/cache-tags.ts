/**
 * The names of page-cache tags, in one place. A cached response carries the
 * tags of everything it shows; a content change logs the tags it affects
 * (`logContentChange`), and exactly the responses carrying one of them are
 * purged, in every instance. A tag written by hand in one place and read in
 * another would silently never purge: build them here.
 */
export type CacheTag =
  | 'site'
  | 'assets'
  | `edition:${string}`
  | `list:${string}`
  | `section:${string}`
  | `topic:${string}`
  | `contributor:${string}`
  | `agency:${string}`
  | `article:${string}`
  | `story:${string}`
  | `newsletters:${string}`
  | `front:${string}`
  | `comments:${string}`
  | `live:${string}`
  | `events:${string}`
  | `event:${string}`
  | 'ads-txt'
  | `ads:${string}`
  | `podcasts:${string}`
  | `podcast-show:${string}`
  | `podcast-episode:${string}`;

/** Tags travel space-separated through the change log: an empty or spaced id would break that. */
function id<T extends string>(value: T): T {
  if (value === '' || /\s/.test(value))
    throw new Error(`Not usable in a cache tag: ${JSON.stringify(value)}`);
  return value;
}

export const cacheTags = {
  /** Whatever shows the list of editions (switchers, sitemaps, robots.txt, the editions API). */
  site: 'site',
  /** Static files under /assets (they change only with a deploy). */
  assets: 'assets',
  /** An edition's settings and navigation: on every page of that edition. */
  edition: (code: string) => `edition:${id(code)}` as const,
  /** An edition's article lists: its home page, feeds, sitemaps, API listing. */
  list: (editionCode: string) => `list:${id(editionCode)}` as const,
  section: (sectionId: string) => `section:${id(sectionId)}` as const,
  topic: (topicId: string) => `topic:${id(topicId)}` as const,
  /** An author's page (a person in bylines). */
  contributor: (contributorId: string) => `contributor:${id(contributorId)}` as const,
  agency: (agencyId: string) => `agency:${id(agencyId)}` as const,
  /** One article's page (and the API's copy of it). */
  article: (articleId: string) => `article:${id(articleId)}` as const,
  /** Every translation of one story: their hreflang links name each other. */
  story: (translationGroup: string) => `story:${id(translationGroup)}` as const,
  /** An edition's newsletters sign-up page. */
  newsletters: (editionCode: string) => `newsletters:${id(editionCode)}` as const,
  /** How editors arranged an edition's home and section pages (pins, section order): those pages. */
  front: (editionCode: string) => `front:${id(editionCode)}` as const,
  /** One article's conversation (its thread, its count): purged when a comment is shown or taken down. */
  comments: (articleId: string) => `comments:${id(articleId)}` as const,
  /** One live coverage's entries and state: its page, its updates endpoint, its feeds. */
  live: (articleId: string) => `live:${id(articleId)}` as const,
  /** An edition's events: its events pages, calendars, the events sitemap and the API's listing. */
  events: (editionCode: string) => `events:${id(editionCode)}` as const,
  /** One event: its page, its calendar file, the API's copy, and the article pages linking back to it. */
  event: (eventId: string) => `event:${id(eventId)}` as const,
  /** /ads.txt and /app-ads.txt. */
  adsTxt: 'ads-txt',
  /** An edition's advertising (slots, house ads, tags, allowed hosts): its pages that carry ads. */
  ads: (editionCode: string) => `ads:${id(editionCode)}` as const,
  /** An edition's podcasts: its shows page, the API's list, and whether its header links to podcasts. */
  podcasts: (editionCode: string) => `podcasts:${id(editionCode)}` as const,
  /** One show: its page, its feed, and its episodes' pages (they show the show). */
  podcastShow: (showId: string) => `podcast-show:${id(showId)}` as const,
  /** One episode: its page, chapters, transcript and the API's copy. */
  podcastEpisode: (episodeId: string) => `podcast-episode:${id(episodeId)}` as const,
} as const satisfies Record<string, CacheTag | ((value: string) => CacheTag)>;

/** Tags every page of an edition carries: its settings and navigation, and the list of editions. */
export const editionPageTags = (code: string): CacheTag[] => [cacheTags.edition(code), cacheTags.site];

/** `tag(value)` when there is a value (an optional section, translation group…), else nothing. */
export const tagIf = <T>(value: T | null | undefined, tag: (value: T) => CacheTag): CacheTag[] =>
  value === null || value === undefined || value === '' ? [] : [tag(value)];
