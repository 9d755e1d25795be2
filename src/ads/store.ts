/**
 * The one door for advertising writes (campaigns, edition settings, ads.txt),
 * each in one transaction with its audit entry and the change-log entry that
 * purges the pages showing it. Counts are written by ./counter.ts only.
 */
import { z } from 'zod';
import { type AuditAction, recordAudit } from '../accounts/audit.js';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { type CacheTag, cacheTags } from '../http/cache-tags.js';
import { logContentChange } from '../http/page-cache.js';
import { type AdTextName, normalizeAdsTxt } from './ads-txt.js';
import type { AdSettings } from './settings.js';

/** A link readers may follow: http or https, nothing else (no `javascript:`, no `data:`). */
export const linkUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === ''
      );
    } catch {
      return false;
    }
  }, 'adsErrorLink');

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'adsErrorDate')
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(d);
  }, 'adsErrorDate');

/** A campaign as the desk sends it; dates are whole UTC days, the end day included. */
export const campaignInputSchema = z
  .object({
    name: z.string().trim().min(1, 'adsErrorName').max(200, 'adsErrorName'),
    kind: z.enum(['image', 'text'], 'adsErrorKind'),
    text: z.string().trim().max(300, 'adsErrorText'),
    linkUrl: linkUrlSchema,
    startDay: day,
    endDay: day.or(z.literal('')),
    editions: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1, 'adsErrorEditions'),
    sections: z.array(z.string().regex(/^[\w-]{1,32}$/)),
    weight: z.coerce
      .number('adsErrorWeight')
      .int('adsErrorWeight')
      .min(1, 'adsErrorWeight')
      .max(1000, 'adsErrorWeight'),
    maxPerPage: z.coerce
      .number('adsErrorFrequency')
      .int('adsErrorFrequency')
      .min(1, 'adsErrorFrequency')
      .max(10, 'adsErrorFrequency'),
    active: z.boolean(),
  })
  .refine((c) => c.endDay === '' || c.endDay >= c.startDay, {
    path: ['endDay'],
    message: 'adsErrorEndBeforeStart',
  })
  .refine((c) => c.kind !== 'text' || c.text !== '', { path: ['text'], message: 'adsErrorText' });
export type CampaignInput = z.infer<typeof campaignInputSchema>;

const startOf = (d: string) => `${d}T00:00:00.000Z`;
/** The end day is included: the campaign stops at the start of the next UTC day. */
const endAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString();

export interface Actor {
  userId: string;
  now: Date;
}

async function logged(
  trx: Db,
  act: Actor,
  audit: {
    action: AuditAction;
    subjectType: string;
    subjectId: string | null;
    details?: Record<string, unknown>;
  },
  tags: CacheTag[],
) {
  await recordAudit(trx, { userId: act.userId, ...audit }, act.now);
  await logContentChange(trx, tags, act.now);
}

/** Adds a campaign (`id` undefined) or replaces one's fields. Returns its id, or undefined when there is no such campaign. */
export async function saveCampaign(
  db: Db,
  id: string | undefined,
  input: CampaignInput & { mediaId: string | null },
  act: Actor,
): Promise<string | undefined> {
  return inTransaction(db, async (trx) => {
    const values = {
      name: input.name,
      kind: input.kind,
      text: input.text,
      media_id: input.kind === 'image' ? input.mediaId : null,
      link_url: input.linkUrl,
      starts_at: startOf(input.startDay),
      ends_at: input.endDay === '' ? null : endAfter(input.endDay),
      editions: JSON.stringify([...new Set(input.editions)]),
      sections: JSON.stringify([...new Set(input.sections)]),
      weight: input.weight,
      max_per_page: input.maxPerPage,
      active: input.active ? 1 : 0,
      updated_at: act.now.toISOString(),
    };
    let editions = input.editions;
    const created = id === undefined;
    if (id === undefined) {
      id = newId(act.now);
      await trx
        .insertInto('ad_campaigns')
        .values({ id, ...values, created_by: act.userId, created_at: act.now.toISOString() })
        .execute();
    } else {
      const before = await trx
        .selectFrom('ad_campaigns')
        .select('editions')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!before) return undefined;
      editions = [...new Set([...editions, ...(JSON.parse(before.editions) as string[])])];
      await trx.updateTable('ad_campaigns').set(values).where('id', '=', id).execute();
    }
    await logged(
      trx,
      act,
      {
        action: created ? 'ad.campaign_add' : 'ad.campaign_update',
        subjectType: 'ad_campaign',
        subjectId: id,
        details: { name: input.name, active: input.active },
      },
      editions.map(cacheTags.ads),
    );
    return id;
  });
}

/** Replaces an edition's advertising settings. */
export async function saveAdSettings(db: Db, settings: AdSettings, act: Actor): Promise<void> {
  await inTransaction(db, async (trx) => {
    const values = {
      slots: JSON.stringify(settings.slots),
      min_words: settings.minWords,
      tag_scripts: JSON.stringify(settings.tagScripts),
      allowed_hosts: JSON.stringify(settings.allowedHosts),
      updated_by: act.userId,
      updated_at: act.now.toISOString(),
    };
    await trx
      .insertInto('ad_settings')
      .values({ edition_code: settings.editionCode, ...values })
      .onConflict((oc) => oc.column('edition_code').doUpdateSet(values))
      .execute();
    await logged(
      trx,
      act,
      {
        action: 'ad.settings',
        subjectType: 'edition',
        subjectId: settings.editionCode,
        details: {
          slots: Object.keys(settings.slots),
          tags: settings.tagScripts.length,
          hosts: settings.allowedHosts,
        },
      },
      [cacheTags.ads(settings.editionCode)],
    );
  });
}

/** Saves /ads.txt or /app-ads.txt (already checked line by line: ./ads-txt.ts). */
export async function saveAdText(db: Db, name: AdTextName, text: string, act: Actor): Promise<void> {
  await inTransaction(db, async (trx) => {
    const values = { body: normalizeAdsTxt(text), updated_by: act.userId, updated_at: act.now.toISOString() };
    await trx
      .insertInto('ad_texts')
      .values({ name, ...values })
      .onConflict((oc) => oc.column('name').doUpdateSet(values))
      .execute();
    await logged(trx, act, { action: 'ad.text', subjectType: 'ad_text', subjectId: name }, [
      cacheTags.adsTxt,
    ]);
  });
}
