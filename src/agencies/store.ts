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

/** A BCP-47 language tag as editions store theirs (ar, en, en-GB). */
export const agencyLanguageSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as ar, en or en-GB');

/**
 * The agency's name in edition languages, as (language, name) pairs; an empty name removes that
 * language's name (the main name is credited there again). A language given twice: the last wins.
 */
export const agencyNamesSchema = z
  .array(
    z.object({
      language: agencyLanguageSchema,
      name: z.string().trim().max(120, 'at most 120 characters'),
    }),
  )
  .max(50, 'at most 50 languages')
  .transform((pairs) => Object.fromEntries(pairs.map((p) => [p.language, p.name])) as Record<string, string>);

/**
 * What an operator sets on an agency. The messages are the CLI's; the admin pages show their own
 * by field. An empty slug is made from the name. `names` changes only the languages it lists.
 */
export const agencyInputSchema = z
  .object({
    name: z.string().trim().min(1, 'give a name').max(120, 'at most 120 characters'),
    names: agencyNamesSchema.default({}),
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

/** The columns of the agencies row (its names per language are rows of agency_names). */
const agencyColumns = (input: AgencyInput) => ({
  slug: input.slug,
  name: input.name,
  copyright_line: input.copyrightLine,
  url: input.url,
});

/**
 * Writes the names `names` lists (an empty one is deleted) and returns what changed,
 * as { language: [was, now] } with '' for none.
 */
async function writeNames(
  trx: Db,
  id: string,
  names: Record<string, string>,
): Promise<Record<string, [string, string]>> {
  const languages = Object.keys(names);
  if (languages.length === 0) return {};
  const rows = await trx
    .selectFrom('agency_names')
    .select(['language', 'name'])
    .where('agency_id', '=', id)
    .where('language', 'in', languages)
    .execute();
  const changed: Record<string, [string, string]> = {};
  for (const [language, name] of Object.entries(names)) {
    const was = rows.find((r) => r.language === language)?.name ?? '';
    if (was === name) continue;
    changed[language] = [was, name];
    if (name === '') {
      await trx
        .deleteFrom('agency_names')
        .where('agency_id', '=', id)
        .where('language', '=', language)
        .execute();
    } else if (was === '') {
      await trx.insertInto('agency_names').values({ agency_id: id, language, name }).execute();
    } else {
      await trx
        .updateTable('agency_names')
        .set({ name })
        .where('agency_id', '=', id)
        .where('language', '=', language)
        .execute();
    }
  }
  return changed;
}

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
    await writeNames(trx, id, input.names);
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
    const changed: Record<string, unknown> = Object.fromEntries(
      Object.entries(wanted).filter(([column, value]) => row[column as keyof typeof wanted] !== value),
    );
    if (Object.keys(changed).length > 0 && (await slugTaken(trx, input.slug, id)))
      return { ok: false, error: 'slug_taken' };
    const names = await writeNames(trx, id, input.names);
    if (Object.keys(changed).length === 0 && Object.keys(names).length === 0)
      return { ok: true, id, changed: false };
    await trx.updateTable('agencies').set(wanted).where('id', '=', id).execute();
    if (row.slug !== wanted.slug) {
      const target = { kind: 'agency', scope: '', id } as const;
      await rememberListingSlug(trx, target, { from: row.slug, to: wanted.slug }, now);
    }
    await logContentChange(trx, agencyTags(id), now);
    const was: Record<string, unknown> = Object.fromEntries(
      Object.keys(changed).map((column) => [column, row[column as keyof typeof row]]),
    );
    if (Object.keys(names).length > 0) {
      was.names = Object.fromEntries(Object.entries(names).map(([language, [from]]) => [language, from]));
      changed.names = Object.fromEntries(Object.entries(names).map(([language, [, to]]) => [language, to]));
    }
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
