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
}

/** An agency with how much depends on it: articles crediting it and wire feeds choosing it. */
export interface AgencySummary extends Agency {
  articles: number;
  feeds: number;
}

const agencyColumns = ['id', 'slug', 'name', 'copyright_line', 'url'] as const;

const agencyOf = (row: { id: string; slug: string; name: string; copyright_line: string; url: string }) => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  copyrightLine: row.copyright_line,
  url: row.url,
});

export async function findAgencyById(db: Db, id: string): Promise<Agency | undefined> {
  const row = await db.selectFrom('agencies').select(agencyColumns).where('id', '=', id).executeTakeFirst();
  return row && agencyOf(row);
}

/** Every agency by slug, with its counts (grouped separately: a handful of agencies, no join fan-out). */
export async function listAgencySummaries(db: Db): Promise<AgencySummary[]> {
  const [rows, credited, feeds] = await Promise.all([
    db.selectFrom('agencies').select(agencyColumns).orderBy('slug').execute(),
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
    ...agencyOf(row),
    articles: countOf(credited, row.id),
    feeds: countOf(feeds, row.id),
  }));
}
