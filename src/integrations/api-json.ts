import type { Db } from '../db/schema.js';
import type { DeskArticle } from '../newsroom/queries.js';
import { relationNames } from './queries.js';

/** An article as the admin API returns it: in the terms a request sends (slugs and names), with its version. */
export interface DeskArticleJson {
  id: string;
  edition: string;
  status: string;
  version: number;
  slug: string;
  headline: string;
  standfirst: string;
  /** As stored: sanitized on write. */
  bodyHtml: string;
  copyright: string;
  section: string | null;
  topics: string[];
  byline: { people: string[]; agency: string | null };
  leadImageId: string | null;
  createdAt: string;
  modifiedAt: string;
  firstPublishedAt: string | null;
  lastUpdatedAt: string | null;
  scheduledAt: string | null;
}

export async function deskArticleJson(db: Db, article: DeskArticle): Promise<DeskArticleJson> {
  const { row, snapshot } = article;
  const contributorIds = snapshot.byline.flatMap((b) => ('contributorId' in b ? [b.contributorId] : []));
  const agencyIds = snapshot.byline.flatMap((b) => ('agencyId' in b ? [b.agencyId] : []));
  const names = await relationNames(db, {
    sectionId: snapshot.sectionId,
    topicIds: snapshot.topicIds,
    contributorIds,
    agencyIds,
  });
  const agency = agencyIds[0];
  return {
    id: row.id,
    edition: row.edition_code,
    status: row.status,
    version: row.version,
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    bodyHtml: row.body_html,
    copyright: row.copyright,
    section: names.section,
    topics: snapshot.topicIds.flatMap((id) => names.topics.get(id) ?? []),
    byline: {
      people: contributorIds.flatMap((id) => names.people.get(id) ?? []),
      agency: agency === undefined ? null : (names.agencies.get(agency) ?? null),
    },
    leadImageId: row.lead_media_id,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    firstPublishedAt: row.first_published_at,
    lastUpdatedAt: row.last_updated_at,
    scheduledAt: row.scheduled_at,
  };
}
