/**
 * Reading agencies for their admin page and the CLI. The short lists other features need
 * stay where they are used: wire/queries.ts listAgencies (slug, name, copyright line) and
 * newsroom/queries.ts listAgencies (id and name for the byline picker).
 */
import type { Db } from '../db/schema.js';

export interface Agency {
  id: string;
  slug: string;
  name: string;
  copyrightLine: string;
  url: string;
  /** Its name per edition language ({ ar: 'وكالة أنباء المشرق' }); `name` where none. */
  names: Record<string, string>;
}

/** An agency with how much depends on it: articles crediting it and wire feeds choosing it. */
export interface AgencySummary extends Agency {
  articles: number;
  feeds: number;
}

const agencyColumns = ['id', 'slug', 'name', 'copyright_line', 'url'] as const;

interface NameRow {
  agency_id: string;
  language: string;
  name: string;
}

const agencyOf = (
  row: { id: string; slug: string; name: string; copyright_line: string; url: string },
  names: NameRow[],
): Agency => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  copyrightLine: row.copyright_line,
  url: row.url,
  names: Object.fromEntries(names.filter((n) => n.agency_id === row.id).map((n) => [n.language, n.name])),
});

/** The agency_names rows of these agencies (every agency when `ids` is undefined). */
function nameRows(db: Db, ids?: string[]): Promise<NameRow[]> {
  if (ids?.length === 0) return Promise.resolve([]);
  let query = db.selectFrom('agency_names').select(['agency_id', 'language', 'name']);
  if (ids) query = query.where('agency_id', 'in', ids);
  return query.orderBy('language').execute();
}

/**
 * The name an agency is credited by in `language`: its name in that language, else in the
 * language's primary tag (en for en-GB), else its main name.
 */
export function agencyNameIn(names: Record<string, string>, language: string, mainName: string): string {
  const primary = language.split('-')[0] ?? language;
  return names[language] || names[primary] || mainName;
}

/** Agencies' names in `language` by id, for bylines and agency pages: one query. */
export async function agencyNamesIn(
  db: Db,
  agencies: { id: string; name: string }[],
  language: string,
): Promise<Map<string, string>> {
  const rows = await nameRows(
    db,
    agencies.map((a) => a.id),
  );
  return new Map(
    agencies.map((a) => {
      const names = Object.fromEntries(
        rows.filter((r) => r.agency_id === a.id).map((r) => [r.language, r.name]),
      );
      return [a.id, agencyNameIn(names, language, a.name)];
    }),
  );
}

export async function findAgencyById(db: Db, id: string): Promise<Agency | undefined> {
  const [row, names] = await Promise.all([
    db.selectFrom('agencies').select(agencyColumns).where('id', '=', id).executeTakeFirst(),
    nameRows(db, [id]),
  ]);
  return row && agencyOf(row, names);
}

export async function findAgencyBySlug(db: Db, slug: string): Promise<Agency | undefined> {
  const row = await db
    .selectFrom('agencies')
    .select(agencyColumns)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row && agencyOf(row, await nameRows(db, [row.id]));
}

/** Every agency by slug, with its counts (grouped separately: a handful of agencies, no join fan-out). */
export async function listAgencySummaries(db: Db): Promise<AgencySummary[]> {
  const [rows, names, credited, feeds] = await Promise.all([
    db.selectFrom('agencies').select(agencyColumns).orderBy('slug').execute(),
    nameRows(db),
    db
      .selectFrom('article_bylines')
      .select((eb) => ['agency_id', eb.fn.count<number | string>('article_id').distinct().as('n')])
      .where('agency_id', 'is not', null)
      .groupBy('agency_id')
      .execute(),
    db
      .selectFrom('wire_feeds')
      .select((eb) => ['agency_id', eb.fn.countAll<number | string>().as('n')])
      .where('agency_id', 'is not', null)
      .groupBy('agency_id')
      .execute(),
  ]);
  // PostgreSQL returns counts as strings (bigint).
  const countOf = (counts: { agency_id: string | null; n: number | string }[], id: string) =>
    Number(counts.find((c) => c.agency_id === id)?.n ?? 0);
  return rows.map((row) => ({
    ...agencyOf(row, names),
    articles: countOf(credited, row.id),
    feeds: countOf(feeds, row.id),
  }));
}
