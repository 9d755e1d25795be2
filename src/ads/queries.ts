/** Reads of advertising: settings, campaigns, counts and the ads.txt files. */
import { articlePath } from '../articles/paths.js';
import { imagesById } from '../articles/queries.js';
import type { Db } from '../db/schema.js';
import type { Edition } from '../editions/queries.js';
import { cacheTags } from '../http/cache-tags.js';
import type { AppDeps } from '../http/env.js';
import type { AdTextName } from './ads-txt.js';
import type { HouseAd } from './choose.js';
import { type AdSettings, parseSettings } from './settings.js';

export async function loadAdSettings(db: Db, editionCode: string): Promise<AdSettings> {
  const row = await db
    .selectFrom('ad_settings')
    .select(['slots', 'min_words', 'tag_scripts', 'allowed_hosts'])
    .where('edition_code', '=', editionCode)
    .executeTakeFirst();
  return parseSettings(editionCode, row);
}

const stringList = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
};

/** Every campaign (newest first), or those not ended by `notEndedAt`, with their images. */
export async function listHouseAds(db: Db, options: { notEndedAt?: Date } = {}): Promise<HouseAd[]> {
  let query = db.selectFrom('ad_campaigns').selectAll();
  const at = options.notEndedAt?.toISOString();
  if (at) query = query.where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', at)]));
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  const images = await imagesById(
    db,
    rows.map((r) => r.media_id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    text: r.text,
    image: (r.media_id && images.get(r.media_id)) || null,
    linkUrl: r.link_url,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    editions: stringList(r.editions),
    sections: stringList(r.sections),
    weight: r.weight,
    maxPerPage: r.max_per_page,
    active: r.active === 1,
  }));
}

export async function findHouseAd(db: Db, id: string): Promise<HouseAd | undefined> {
  return (await listHouseAds(db)).find((ad) => ad.id === id);
}

/** What a public page needs to place ads in an edition. */
export interface AdSetup {
  settings: AdSettings;
  /** The edition's campaigns not ended yet (started or not: pages are re-rendered when one starts). */
  ads: HouseAd[];
}

/** An edition's ad setup, from memory until the desk changes its advertising. */
export function cachedAdSetup(
  deps: Pick<AppDeps, 'db' | 'cache' | 'clock'>,
  editionCode: string,
): Promise<AdSetup> {
  return deps.cache.remember(
    `ads:${editionCode}`,
    async () => {
      const [settings, ads] = await Promise.all([
        loadAdSettings(deps.db, editionCode),
        listHouseAds(deps.db, { notEndedAt: deps.clock.now() }),
      ]);
      return { settings, ads: ads.filter((ad) => ad.editions.includes(editionCode)) };
    },
    () => [cacheTags.ads(editionCode)],
  );
}

/** Where a click on a campaign goes, if it exists. */
export async function campaignLink(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('ad_campaigns').select('link_url').where('id', '=', id).executeTakeFirst();
  return row?.link_url;
}

export interface DayCount {
  day: string;
  impressions: number;
  clicks: number;
}

/** A campaign's counts per day, newest first. */
export function campaignDays(db: Db, id: string, limit = 90): Promise<DayCount[]> {
  return db
    .selectFrom('ad_counts')
    .select(['day', 'impressions', 'clicks'])
    .where('campaign_id', '=', id)
    .orderBy('day', 'desc')
    .limit(limit)
    .execute();
}

/** Every campaign's totals, by id. */
export async function campaignTotals(db: Db): Promise<Map<string, { impressions: number; clicks: number }>> {
  const rows = await db
    .selectFrom('ad_counts')
    .select((eb) => [
      'campaign_id',
      eb.fn.sum<number | string>('impressions').as('impressions'),
      eb.fn.sum<number | string>('clicks').as('clicks'),
    ])
    .groupBy('campaign_id')
    .execute();
  return new Map(
    rows.map((r) => [r.campaign_id, { impressions: Number(r.impressions), clicks: Number(r.clicks) }]),
  );
}

/** The saved text of /ads.txt or /app-ads.txt ('' when never saved). */
export async function adText(db: Db, name: AdTextName): Promise<string> {
  const row = await db.selectFrom('ad_texts').select('body').where('name', '=', name).executeTakeFirst();
  return row?.body ?? '';
}

export interface SponsoredArticle {
  id: string;
  headline: string;
  /** Its public address, or its desk page while unpublished. */
  url: string;
  sponsor: string;
}

/** The sponsored articles of these editions, newest first (read only: the label is written through the article door). */
export async function listSponsoredArticles(
  db: Db,
  editions: Edition[],
  limit = 200,
): Promise<SponsoredArticle[]> {
  if (editions.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'edition_code', 'slug', 'headline', 'sponsor', 'first_published_at'])
    .where('sponsor', 'is not', null)
    .where(
      'edition_code',
      'in',
      editions.map((e) => e.code),
    )
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const zone = editions.find((e) => e.code === r.edition_code)?.timeZone ?? 'UTC';
    return {
      id: r.id,
      headline: r.headline,
      url: r.first_published_at
        ? articlePath(r.edition_code, r.slug, r.first_published_at, zone)
        : `/admin/articles/${r.id}`,
      sponsor: r.sponsor ?? '',
    };
  });
}

/** The article an address names (`/ar/2026/12/01/slug`, with or without the site's origin), if any. */
export async function findArticleByAddress(
  db: Db,
  address: string,
): Promise<{ id: string; editionCode: string } | undefined> {
  let path = address.trim();
  try {
    path = new URL(path, 'http://x').pathname;
  } catch {
    return undefined;
  }
  const match = /^\/([a-z]{2,3})\/\d{4}\/\d{2}\/\d{2}\/([^/]+)\/?$/.exec(path);
  if (!match) return undefined;
  const [, editionCode = '', encoded = ''] = match;
  let slug: string;
  try {
    slug = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  const row = await db
    .selectFrom('articles')
    .select(['id', 'edition_code'])
    .where('edition_code', '=', editionCode)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row && { id: row.id, editionCode: row.edition_code };
}
