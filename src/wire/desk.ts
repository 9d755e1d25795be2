import { recordAudit } from '../accounts/audit.js';
import { agencyNamed } from '../articles/resolve.js';
import { type ArticleSnapshot, diffSnapshots, type FieldDiff } from '../articles/revisions.js';
import { type Act, createDraft } from '../articles/workflow.js';
import type { Db } from '../db/schema.js';
import { findFeed } from './feeds.js';
import { listAgencies } from './queries.js';
import { findTake, findWireItem, recordTake, type StoredVersionText, versionText } from './store.js';

/** Where the wire desk shows an item. */
export const wireItemHref = (itemId: string) => `/admin/wire/${itemId}`;

/**
 * "Take": a new draft in `editionCode` from the item's current version, with
 * the agency's byline and copyright line, remembered as taken from that
 * version so a later version shows up as an update for the editor.
 */
export async function takeItem(
  db: Db,
  itemId: string,
  editionCode: string,
  act: Act,
): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    const item = await findWireItem(trx, itemId);
    if (!item) return undefined;
    const agency = item.agency ?? agencyNamed(await listAgencies(trx), item.byline);
    const feed = item.feedId ? await findFeed(trx, item.feedId) : undefined;
    const articleId = await createDraft(
      trx,
      editionCode,
      {
        headline: item.headline,
        standfirst: item.standfirst,
        bodyHtml: item.bodyHtml,
        copyright: item.copyright || agency?.copyrightLine || '',
        sectionId: feed?.editionCode === editionCode ? feed.sectionId : null,
        leadMediaId: null,
        topicIds: [],
        byline: agency ? [{ agencyId: agency.id }] : [],
      },
      act,
    );
    await recordTake(
      trx,
      { articleId, itemId, versionId: item.currentVersionId, userId: act.userId },
      act.now,
    );
    await recordAudit(
      trx,
      {
        userId: act.userId,
        action: 'wire.take',
        subjectType: 'article',
        subjectId: articleId,
        details: { itemId, uri: item.uri, versionId: item.currentVersionId },
      },
      act.now,
    );
    return articleId;
  });
}

export interface AgencyUpdate {
  itemId: string;
  /** The item on the wire desk. */
  itemHref: string;
  headline: string;
  pubStatus: 'usable' | 'withheld' | 'canceled';
  /** The agency sent a newer version since the draft was taken. */
  updateAvailable: boolean;
  /** From the version taken to the current one: headline, standfirst and body. */
  diff: FieldDiff[];
}

/**
 * For the editor of an article taken from the wire: the item it came from,
 * and whether (and how) the agency has updated it since. Undefined for
 * articles not taken from the wire.
 */
export async function agencyUpdateFor(db: Db, articleId: string): Promise<AgencyUpdate | undefined> {
  const take = await findTake(db, articleId);
  if (!take) return undefined;
  const updateAvailable = take.version_id !== take.current_version_id;
  const [taken, current] = updateAvailable
    ? await Promise.all([versionText(db, take.version_id), versionText(db, take.current_version_id)])
    : [undefined, undefined];
  return {
    itemId: take.item_id,
    itemHref: wireItemHref(take.item_id),
    headline: take.headline,
    pubStatus: take.pub_status,
    updateAvailable,
    diff: taken && current ? diffVersions(taken, current) : [],
  };
}

/** What changed between two versions of an item, in the newsroom's revision-diff terms. */
export function diffVersions(before: StoredVersionText, after: StoredVersionText): FieldDiff[] {
  const snapshot = (v: StoredVersionText): ArticleSnapshot => ({
    slug: '',
    headline: v.headline,
    standfirst: v.standfirst,
    bodyHtml: v.bodyHtml,
    copyright: '',
    sectionId: null,
    leadMediaId: null,
    topicIds: [],
    byline: [],
  });
  return diffSnapshots(snapshot(before), snapshot(after));
}
