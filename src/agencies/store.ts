/** Adding and changing news agencies, for the admin pages and the CLI alike. */
import { z } from 'zod';
import { recordAudit } from '../accounts/audit.js';
import { slugify } from '../articles/slugs.js';
import { isUniqueViolation } from '../db/connect.js';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import { cacheTags } from '../http/cache-tags.js';
import { logContentChange } from '../http/page-cache.js';
import { rememberListingSlug } from '../listings/slug-redirects.js';

const isWebAddress = (text: string) => {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};

/** A slug is what slugify() makes of it: lowercase words joined by hyphens (Arabic letters kept). */
export const agencySlugSchema = z
  .string()
  .min(1, 'give a slug')
  .max(80, 'at most 80 characters')
  .refine((slug) => slugify(slug) === slug, 'lowercase letters, digits and hyphens, e.g. reuters');

/**
 * What an operator sets on an agency. The messages are the CLI's; the admin pages show their own
 * by field. An empty slug is made from the name.
 */
export const agencyInputSchema = z
  .object({
    name: z.string().trim().min(1, 'give a name').max(120, 'at most 120 characters'),
    slug: z.string().trim().default(''),
    copyrightLine: z.string().trim().max(200, 'at most 200 characters').default(''),
    url: z
      .string()
      .trim()
      .max(2000, 'at most 2000 characters')
      .refine((url) => url === '' || isWebAddress(url), 'an http:// or https:// address')
      .default(''),
  })
  .transform((input, ctx) => {
    // A name without letters or digits makes no slug (slugify would fall back to "article").
    const fromName = /[\p{L}\p{N}]/u.test(input.name) ? slugify(input.name) : '';
    const slug = agencySlugSchema.safeParse(input.slug || fromName);
    if (!slug.success) {
      for (const issue of slug.error.issues)
        ctx.addIssue({ code: 'custom', path: ['slug'], message: issue.message });
      return z.NEVER;
    }
    return { ...input, slug: slug.data };
  });

export type AgencyInput = z.output<typeof agencyInputSchema>;

export type AgencyWriteResult =
  | { ok: true; id: string; changed: boolean }
  | { ok: false; error: 'slug_taken' | 'no_agency' };

const agencyColumns = (input: AgencyInput) => ({
  slug: input.slug,
  name: input.name,
  copyright_line: input.copyrightLine,
  url: input.url,
});

/** Its name and copyright line show on its agency page and on every article crediting it. */
const agencyTags = (id: string) => [cacheTags.agency(id), cacheTags.site];

const slugTaken = async (db: Db, slug: string, exceptId: string) =>
  (await db
    .selectFrom('agencies')
    .select('id')
    .where('slug', '=', slug)
    .where('id', '!=', exceptId)
    .executeTakeFirst()) !== undefined;

/** Two operators taking the same slug at once: the constraint refuses the second, which then hears why. */
function slugRaceAsTaken(write: Promise<AgencyWriteResult>): Promise<AgencyWriteResult> {
  return write.catch((error: unknown) => {
    if (isUniqueViolation(error)) return { ok: false, error: 'slug_taken' } as const;
    throw error;
  });
}

/** Adds an agency; refused when its slug is taken. `actorId` is the admin, or null for the command line. */
export function addAgency(
  db: Db,
  input: AgencyInput,
  now: Date,
  actorId: string | null = null,
): Promise<AgencyWriteResult> {
  const adding = db.transaction().execute(async (trx): Promise<AgencyWriteResult> => {
    if (await slugTaken(trx, input.slug, '')) return { ok: false, error: 'slug_taken' };
    const id = newId(now);
    await trx
      .insertInto('agencies')
      .values({ id, ...agencyColumns(input) })
      .execute();
    await logContentChange(trx, agencyTags(id), now);
    await recordAudit(
      trx,
      { userId: actorId, action: 'agency.add', subjectType: 'agency', subjectId: id, details: { ...input } },
      now,
    );
    return { ok: true, id, changed: true };
  });
  return slugRaceAsTaken(adding);
}

/**
 * Changes an agency; only what differs is written and recorded (a new slug moves its agency page).
 * Pages showing it are purged.
 */
export function updateAgency(
  db: Db,
  id: string,
  input: AgencyInput,
  now: Date,
  actorId: string | null = null,
): Promise<AgencyWriteResult> {
  const updating = db.transaction().execute(async (trx): Promise<AgencyWriteResult> => {
    const row = await trx.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return { ok: false, error: 'no_agency' };
    const wanted = agencyColumns(input);
    const changed = Object.fromEntries(
      Object.entries(wanted).filter(([column, value]) => row[column as keyof typeof wanted] !== value),
    );
    if (Object.keys(changed).length === 0) return { ok: true, id, changed: false };
    if (await slugTaken(trx, input.slug, id)) return { ok: false, error: 'slug_taken' };
    await trx.updateTable('agencies').set(wanted).where('id', '=', id).execute();
    if (row.slug !== wanted.slug) {
      const target = { kind: 'agency', scope: '', id } as const;
      await rememberListingSlug(trx, target, { from: row.slug, to: wanted.slug }, now);
    }
    await logContentChange(trx, agencyTags(id), now);
    const was = Object.fromEntries(
      Object.keys(changed).map((column) => [column, row[column as keyof typeof row]]),
    );
    await recordAudit(
      trx,
      {
        userId: actorId,
        action: 'agency.update',
        subjectType: 'agency',
        subjectId: id,
        details: { from: was, to: changed },
      },
      now,
    );
    return { ok: true, id, changed: true };
  });
  return slugRaceAsTaken(updating);
}
