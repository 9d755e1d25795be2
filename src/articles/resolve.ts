/**
 * The one resolver for what every door names by text: a free slug, topics by
 * name, bylines by name. The desk, the admin API, the wire and the demo all
 * match the same way, so the same name finds the same topic or person
 * whichever door it came through.
 */
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import type { BylinePart } from './revisions.js';
import { slugify } from './slugs.js';

/**
 * `wanted`, or `wanted-2`, `wanted-3`… whichever no other article of the
 * edition uses. The article's own slug (`ownId`) counts as free.
 */
export async function freeSlug(
  db: Db,
  editionCode: string,
  wanted: string,
  ownId: string | null = null,
): Promise<string> {
  // The common case, a free slug, is one indexed lookup; the LIKE below cannot use the index on SQLite.
  let exact = db
    .selectFrom('articles')
    .select('id')
    .where('edition_code', '=', editionCode)
    .where('slug', '=', wanted);
  if (ownId) exact = exact.where('id', '!=', ownId);
  if (!(await exact.executeTakeFirst())) return wanted;
  // Slugs hold only letters, digits and "-", so the LIKE pattern has no wildcards of its own.
  let query = db
    .selectFrom('articles')
    .select('slug')
    .where('edition_code', '=', editionCode)
    .where((eb) => eb.or([eb('slug', '=', wanted), eb('slug', 'like', `${wanted}-%`)]));
  if (ownId) query = query.where('id', '!=', ownId);
  const taken = new Set((await query.execute()).map((row) => row.slug));
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

/** A name as typed or sent: trimmed, inner runs of spaces made one. */
const tidy = (name: string) => name.trim().replace(/\s+/g, ' ');

/**
 * The edition's topics for these names, in order, one per slug: a topic of
 * that exact name, else of that slug, else a new one under the name.
 */
export async function resolveTopics(
  db: Db,
  editionCode: string,
  names: string[],
  now: Date,
): Promise<string[]> {
  const bySlug = new Map<string, string>();
  for (const raw of names) {
    const name = tidy(raw);
    if (!name) continue;
    const slug = slugify(name);
    if (!bySlug.has(slug)) bySlug.set(slug, name);
  }
  const ids: string[] = [];
  for (const [slug, name] of bySlug) {
    const rows = await db
      .selectFrom('topics')
      .select(['id', 'name'])
      .where('edition_code', '=', editionCode)
      .where((eb) => eb.or([eb('name', '=', name), eb('slug', '=', slug)]))
      .execute();
    const known = rows.find((row) => row.name === name) ?? rows[0];
    if (known) {
      if (!ids.includes(known.id)) ids.push(known.id);
      continue;
    }
    const id = newId(now);
    await db.insertInto('topics').values({ id, edition_code: editionCode, slug, name }).execute();
    ids.push(id);
  }
  return ids;
}

/** A contributor of that exact name, else of that slug, else a new one (with a free slug). */
export async function resolveContributor(db: Db, rawName: string, now: Date): Promise<string> {
  const name = tidy(rawName);
  const slug = slugify(name);
  const rows = await db
    .selectFrom('contributors')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('name', '=', name), eb('slug', '=', slug)]))
    .execute();
  const known = rows.find((row) => row.name === name) ?? rows[0];
  if (known) return known.id;
  const id = newId(now);
  await db
    .insertInto('contributors')
    .values({ id, slug: await freeContributorSlug(db, slug), name, bio: '' })
    .execute();
  return id;
}

/** Contributors for these names, in order, without repeats. */
export async function resolveContributors(db: Db, names: string[], now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    if (!tidy(name)) continue;
    const id = await resolveContributor(db, name, now);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

export interface AgencyRef {
  id: string;
  slug: string;
  name: string;
  copyrightLine: string;
  /** Its names in edition languages (agency_names), which a wire byline may use too. */
  names?: string[];
}

/** Every agency: a handful of rows, matched in code because SQLite's lower() only folds ASCII. */
export async function listAgencyRefs(db: Db): Promise<AgencyRef[]> {
  const [rows, names] = await Promise.all([
    db.selectFrom('agencies').select(['id', 'slug', 'name', 'copyright_line']).orderBy('slug').execute(),
    db.selectFrom('agency_names').select(['agency_id', 'name']).orderBy('language').execute(),
  ]);
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    copyrightLine: row.copyright_line,
    names: names.filter((n) => n.agency_id === row.id).map((n) => n.name),
  }));
}

/** The agency a byline names, by name (its main one or one in a language) or slug in any case. */
export function agencyNamed(agencies: AgencyRef[], byline: string): AgencyRef | undefined {
  const wanted = tidy(byline).toLowerCase();
  if (!wanted) return undefined;
  return agencies.find(
    (a) =>
      a.name.toLowerCase() === wanted ||
      a.slug.toLowerCase() === wanted ||
      (a.names ?? []).some((name) => name.toLowerCase() === wanted),
  );
}

/**
 * A byline written as one name (the wire's): the agency of that name, else a
 * contributor (found or created). Empty when there is no name.
 */
export async function resolveBylineName(
  db: Db,
  agencies: AgencyRef[],
  name: string,
  now: Date,
): Promise<{ parts: BylinePart[]; agency?: AgencyRef | undefined }> {
  if (!tidy(name)) return { parts: [] };
  const agency = agencyNamed(agencies, name);
  if (agency) return { parts: [{ agencyId: agency.id }], agency };
  return { parts: [{ contributorId: await resolveContributor(db, name, now) }] };
}

/** A byline given as people's names and an agency id (the desk's and the API's). */
export async function resolveByline(
  db: Db,
  people: string[],
  agencyId: string | null,
  now: Date,
): Promise<BylinePart[]> {
  const parts: BylinePart[] = (await resolveContributors(db, people, now)).map((contributorId) => ({
    contributorId,
  }));
  if (agencyId) parts.push({ agencyId });
  return parts;
}

async function freeContributorSlug(db: Db, wanted: string): Promise<string> {
  const taken = new Set(
    (
      await db
        .selectFrom('contributors')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', wanted), eb('slug', 'like', `${wanted}-%`)]))
        .execute()
    ).map((r) => r.slug),
  );
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}
