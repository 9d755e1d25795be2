import { z } from 'zod';
import type { Db } from '../db/schema.js';
import { logContentChange } from '../http/page-cache.js';

const NETWORKS = [
  'facebook',
  'x',
  'instagram',
  'youtube',
  'telegram',
  'whatsapp',
  'tiktok',
  'linkedin',
] as const;

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'unknown time zone (use an IANA name such as Asia/Beirut)' },
);

export const socialLinkSchema = z.object({
  network: z.enum(NETWORKS),
  url: z.url({ protocol: /^https$/, message: 'must be an https:// URL' }),
});

/** Everything an edition row holds that an operator may set. */
export const editionSettingsSchema = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP-47 language tag such as ar, en or en-GB'),
  direction: z.enum(['rtl', 'ltr']),
  dateStyle: z.enum(['levant', 'gregorian', 'syriac']),
  digits: z.enum(['latn', 'arab']),
  timeZone,
  social: z.array(socialLinkSchema).max(20),
  position: z.number().int().min(0).max(1000),
});

export type EditionSettings = z.infer<typeof editionSettingsSchema>;
export const editionCodeSchema = z.string().regex(/^[a-z]{2,3}$/, 'two or three lowercase letters, e.g. ar');

function editionColumns(settings: EditionSettings) {
  return {
    name: settings.name,
    description: settings.description,
    language: settings.language,
    direction: settings.direction,
    date_style: settings.dateStyle,
    digits: settings.digits,
    time_zone: settings.timeZone,
    social_links: JSON.stringify(settings.social),
    position: settings.position,
  };
}

/** Creates an edition; pages of every edition are purged (their edition switchers change). */
export async function addEdition(db: Db, code: string, settings: EditionSettings, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('editions')
      .values({ code, created_at: now.toISOString(), ...editionColumns(settings) })
      .execute();
    await logContentChange(trx, ['site'], now);
  });
}

/** Changes an edition's settings; its pages (and the switchers of others) are purged. */
export async function updateEdition(
  db: Db,
  code: string,
  settings: EditionSettings,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('editions').set(editionColumns(settings)).where('code', '=', code).execute();
    await logContentChange(trx, ['site', `edition:${code}`], now);
  });
}
