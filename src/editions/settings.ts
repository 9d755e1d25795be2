import { z } from 'zod';
import { recordAudit } from '../accounts/audit.js';
import { slugify } from '../articles/slugs.js';
import { isUniqueViolation } from '../db/connect.js';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import { cacheTags, editionPageTags } from '../http/cache-tags.js';
import { logContentChange } from '../http/page-cache.js';
import { MONTH_SEPARATORS } from '../i18n/dates.js';
import { forgetListingSlugs, rememberListingSlug } from '../listings/slug-redirects.js';

export const NETWORKS = [
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
  monthSeparator: z.enum(MONTH_SEPARATORS),
  timeZone,
  social: z.array(socialLinkSchema).max(20),
  position: z.number().int().min(0).max(1000),
});

export type EditionSettings = z.infer<typeof editionSettingsSchema>;
export const editionCodeSchema = z.string().regex(/^[a-z]{2,3}$/, 'two or three lowercase letters, e.g. ar');

/** `network=url` lines or pairs (the CLI's --social, the admin's textarea), before validation. */
export function parseSocialPairs(pairs: string[]): { network: string; url: string }[] {
  return pairs.map((pair) => {
    const at = pair.indexOf('=');
    return at < 0
      ? { network: pair.trim(), url: '' }
      : { network: pair.slice(0, at).trim(), url: pair.slice(at + 1).trim() };
  });
}

function editionColumns(settings: EditionSettings) {
  return {
    name: settings.name,
    description: settings.description,
    language: settings.language,
    direction: settings.direction,
    date_style: settings.dateStyle,
    digits: settings.digits,
    month_separator: settings.monthSeparator,
    time_zone: settings.timeZone,
    social_links: JSON.stringify(settings.social),
    position: settings.position,
  };
}

/** Who made a change: the admin's user id, or null for the command line. */
type ActorId = string | null;

const auditEdition =
  (db: Db, actorId: ActorId, action: 'edition.add' | 'edition.update', code: string) =>
  (details: Record<string, unknown>, now: Date) =>
    recordAudit(db, { userId: actorId, action, subjectType: 'edition', subjectId: code, details }, now);

/**
 * Creates an edition; pages of every edition are purged (their edition switchers change).
 * Refused when the code is taken.
 */
export async function addEdition(
  db: Db,
  code: string,
  settings: EditionSettings,
  now: Date,
  actorId: ActorId = null,
): Promise<{ ok: true } | { ok: false; error: 'exists' }> {
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('editions').select('code').where('code', '=', code).executeTakeFirst();
    if (taken) return { ok: false, error: 'exists' } as const;
    await trx
      .insertInto('editions')
      .values({ code, created_at: now.toISOString(), ...editionColumns(settings) })
      .execute();
    await logContentChange(trx, editionPageTags(code), now);
    await auditEdition(
      trx,
      actorId,
      'edition.add',
      code,
    )({ name: settings.name, language: settings.language }, now);
    return { ok: true } as const;
  });
}

/**
 * Changes an edition's settings; its pages (and the switchers of others) are purged.
 * Only what differs is written and recorded; returns the names of the changed settings
 * (empty: nothing to do, or no such edition).
 */
export async function updateEdition(
  db: Db,
  code: string,
  settings: EditionSettings,
  now: Date,
  actorId: ActorId = null,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('editions').selectAll().where('code', '=', code).executeTakeFirst();
    if (!row) return [];
    const wanted = editionColumns(settings);
    const changed = Object.fromEntries(
      Object.entries(wanted).filter(([column, value]) => row[column as keyof typeof wanted] !== value),
    );
    if (Object.keys(changed).length === 0) return [];
    await trx.updateTable('editions').set(wanted).where('code', '=', code).execute();
    await logContentChange(trx, editionPageTags(code), now);
    await auditEdition(trx, actorId, 'edition.update', code)({ changed }, now);
    return Object.keys(changed);
  });
}

/** A section slug is what slugify() makes of it: lowercase words joined by hyphens. */
export const sectionSlugSchema = z
  .string()
  .min(1)
  .max(80)
  .refine((slug) => slugify(slug) === slug, 'lowercase letters, digits and hyphens');

export interface SectionInput {
  name: string;
  slug: string;
}

export type SectionResult =
  | { ok: true; id: string; changed: boolean }
  | { ok: false; error: 'no_section' }
  | { ok: false; error: 'slug_taken' }
  | { ok: false; error: 'in_use'; articles: number; wireFeeds: number };

const auditSection = (
  db: Db,
  actorId: ActorId,
  action: 'section.add' | 'section.update' | 'section.delete',
  id: string,
  details: Record<string, unknown>,
  now: Date,
) => recordAudit(db, { userId: actorId, action, subjectType: 'section', subjectId: id, details }, now);

/** The sections of an edition in navigation order (the order listEditions() gives). */
const sectionsInOrder = (db: Db, editionCode: string) =>
  db
    .selectFrom('sections')
    .select(['id', 'slug', 'name', 'position'])
    .where('edition_code', '=', editionCode)
    .orderBy('position')
    .orderBy('name')
    .execute();

const slugTaken = async (db: Db, editionCode: string, slug: string, exceptId: string) =>
  (await db
    .selectFrom('sections')
    .select('id')
    .where('edition_code', '=', editionCode)
    .where('slug', '=', slug)
    .where('id', '!=', exceptId)
    .executeTakeFirst()) !== undefined;

/** Adds a section at the end of an edition's navigation; the slug must be free in that edition. */
export async function addSection(
  db: Db,
  editionCode: string,
  input: SectionInput,
  now: Date,
  actorId: ActorId,
): Promise<SectionResult> {
  const adding = db.transaction().execute(async (trx): Promise<SectionResult> => {
    if (await slugTaken(trx, editionCode, input.slug, '')) return { ok: false, error: 'slug_taken' };
    const sections = await sectionsInOrder(trx, editionCode);
    const id = newId(now);
    const position = Math.max(-1, ...sections.map((s) => s.position)) + 1;
    await trx
      .insertInto('sections')
      .values({ id, edition_code: editionCode, slug: input.slug, name: input.name, position })
      .execute();
    await logContentChange(trx, editionPageTags(editionCode), now);
    await auditSection(trx, actorId, 'section.add', id, { edition: editionCode, ...input }, now);
    return { ok: true, id, changed: true };
  });
  return slugRaceAsTaken(adding);
}

/** Two admins taking the same slug at once: the constraint refuses the second, which then hears why. */
function slugRaceAsTaken(write: Promise<SectionResult>): Promise<SectionResult> {
  return write.catch((error: unknown) => {
    if (isUniqueViolation(error)) return { ok: false, error: 'slug_taken' } as const;
    throw error;
  });
}

/** Renames a section (its name and slug; a new slug moves its page to a new address). */
export async function updateSection(
  db: Db,
  editionCode: string,
  id: string,
  input: SectionInput,
  now: Date,
  actorId: ActorId,
): Promise<SectionResult> {
  const renaming = db.transaction().execute(async (trx): Promise<SectionResult> => {
    const section = (await sectionsInOrder(trx, editionCode)).find((s) => s.id === id);
    if (!section) return { ok: false, error: 'no_section' };
    if (section.name === input.name && section.slug === input.slug) return { ok: true, id, changed: false };
    if (await slugTaken(trx, editionCode, input.slug, id)) return { ok: false, error: 'slug_taken' };
    await trx.updateTable('sections').set(input).where('id', '=', id).execute();
    if (section.slug !== input.slug) {
      const target = { kind: 'section', scope: editionCode, id } as const;
      await rememberListingSlug(trx, target, { from: section.slug, to: input.slug }, now);
    }
    await logContentChange(trx, [...editionPageTags(editionCode), cacheTags.section(id)], now);
    const details = { edition: editionCode, from: { name: section.name, slug: section.slug }, to: input };
    await auditSection(trx, actorId, 'section.update', id, details, now);
    return { ok: true, id, changed: true };
  });
  return slugRaceAsTaken(renaming);
}

/** Swaps a section with its neighbour in the navigation; positions are renumbered 0, 1, 2… */
export async function moveSection(
  db: Db,
  editionCode: string,
  id: string,
  direction: 'up' | 'down',
  now: Date,
  actorId: ActorId,
): Promise<SectionResult> {
  return db.transaction().execute(async (trx): Promise<SectionResult> => {
    const sections = await sectionsInOrder(trx, editionCode);
    const from = sections.findIndex((s) => s.id === id);
    if (from < 0) return { ok: false, error: 'no_section' };
    const to = direction === 'up' ? from - 1 : from + 1;
    const [moving, neighbour] = [sections[from], sections[to]];
    if (!moving || !neighbour) return { ok: true, id, changed: false };
    sections[to] = moving;
    sections[from] = neighbour;
    for (const [position, section] of sections.entries()) {
      if (section.position === position) continue;
      await trx.updateTable('sections').set({ position }).where('id', '=', section.id).execute();
    }
    await logContentChange(trx, editionPageTags(editionCode), now);
    await auditSection(trx, actorId, 'section.update', id, { edition: editionCode, moved: direction }, now);
    return { ok: true, id, changed: true };
  });
}

/** Deletes a section no article and no wire feed uses; otherwise says how many do. */
export async function deleteSection(
  db: Db,
  editionCode: string,
  id: string,
  now: Date,
  actorId: ActorId,
): Promise<SectionResult> {
  return db.transaction().execute(async (trx): Promise<SectionResult> => {
    const section = (await sectionsInOrder(trx, editionCode)).find((s) => s.id === id);
    if (!section) return { ok: false, error: 'no_section' };
    const count = (table: 'articles' | 'wire_feeds') =>
      trx
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('section_id', '=', id)
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.n));
    const [articles, wireFeeds] = [await count('articles'), await count('wire_feeds')];
    if (articles > 0 || wireFeeds > 0) return { ok: false, error: 'in_use', articles, wireFeeds };
    await trx.deleteFrom('sections').where('id', '=', id).execute();
    await forgetListingSlugs(trx, 'section', id);
    await logContentChange(trx, [...editionPageTags(editionCode), cacheTags.section(id)], now);
    const details = { edition: editionCode, name: section.name, slug: section.slug };
    await auditSection(trx, actorId, 'section.delete', id, details, now);
    return { ok: true, id, changed: true };
  });
}
