import { z } from 'zod';
import type { Db, EditionRow } from '../db/schema.js';

export interface SocialLink {
  network: string;
  url: string;
}

/** An edition as pages use it. */
export interface Edition {
  code: string;
  language: string;
  direction: 'rtl' | 'ltr';
  name: string;
  description: string;
  dateStyle: string;
  digits: string;
  /** How the 'levant' date style joins its two month names (src/i18n/dates.ts MONTH_SEPARATORS). */
  monthSeparator: string;
  timeZone: string;
  social: SocialLink[];
  position: number;
  /** In navigation order. */
  sections: SectionRef[];
}

export interface SectionRef {
  id: string;
  slug: string;
  name: string;
}

export interface TopicRef {
  id: string;
  slug: string;
  name: string;
}

const socialLinks = z.array(z.object({ network: z.string(), url: z.url() }));

function toEdition(row: EditionRow, sections: SectionRef[]): Edition {
  const social = socialLinks.safeParse(JSON.parse(row.social_links || '[]'));
  return {
    code: row.code,
    language: row.language,
    direction: row.direction,
    name: row.name,
    description: row.description,
    dateStyle: row.date_style,
    digits: row.digits,
    monthSeparator: row.month_separator,
    timeZone: row.time_zone,
    social: social.success ? social.data : [],
    position: row.position,
    sections,
  };
}

/** Every edition with its sections: two queries, whatever the number of editions. */
export async function listEditions(db: Db): Promise<Edition[]> {
  const [rows, sections] = await Promise.all([
    db.selectFrom('editions').selectAll().orderBy('position').orderBy('code').execute(),
    db
      .selectFrom('sections')
      .select(['id', 'slug', 'name', 'edition_code'])
      .orderBy('position')
      .orderBy('name')
      .execute(),
  ]);
  return rows.map((row) =>
    toEdition(
      row,
      sections.filter((s) => s.edition_code === row.code).map(({ id, slug, name }) => ({ id, slug, name })),
    ),
  );
}

export async function findSection(
  db: Db,
  editionCode: string,
  slug: string,
): Promise<SectionRef | undefined> {
  return db
    .selectFrom('sections')
    .select(['id', 'slug', 'name'])
    .where('edition_code', '=', editionCode)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function findTopic(db: Db, editionCode: string, slug: string): Promise<TopicRef | undefined> {
  return db
    .selectFrom('topics')
    .select(['id', 'slug', 'name'])
    .where('edition_code', '=', editionCode)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function findContributor(db: Db, slug: string) {
  return db
    .selectFrom('contributors')
    .select(['id', 'slug', 'name', 'bio'])
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function findAgency(db: Db, slug: string) {
  return db
    .selectFrom('agencies')
    .select(['id', 'slug', 'name', 'copyright_line', 'url'])
    .where('slug', '=', slug)
    .executeTakeFirst();
}

/**
 * The edition a visitor to `/` should land on: the first language in
 * Accept-Language (by q) that an edition serves, else the first edition.
 */
export function negotiateEdition(
  editions: Edition[],
  acceptLanguage: string | undefined,
): Edition | undefined {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of wanted) {
    const primary = tag.split('-')[0];
    const match =
      editions.find((e) => e.language.toLowerCase() === tag) ??
      editions.find((e) => e.language.toLowerCase().split('-')[0] === primary);
    if (match) return match;
  }
  return editions[0];
}

/** One line of the admin's list of editions. */
export interface EditionSummary {
  code: string;
  name: string;
  language: string;
  direction: 'rtl' | 'ltr';
  timeZone: string;
  sections: number;
  publishedArticles: number;
}

/** Every edition with how many sections and published articles it has: three queries. */
export async function listEditionSummaries(db: Db): Promise<EditionSummary[]> {
  const [rows, sections, published] = await Promise.all([
    db
      .selectFrom('editions')
      .select(['code', 'name', 'language', 'direction', 'time_zone'])
      .orderBy('position')
      .orderBy('code')
      .execute(),
    db
      .selectFrom('sections')
      .select(['edition_code', (eb) => eb.fn.countAll().as('n')])
      .groupBy('edition_code')
      .execute(),
    db
      .selectFrom('articles')
      .select(['edition_code', (eb) => eb.fn.countAll().as('n')])
      .where('status', '=', 'published')
      .groupBy('edition_code')
      .execute(),
  ]);
  const countOf = (counts: { edition_code: string; n: unknown }[], code: string) =>
    Number(counts.find((c) => c.edition_code === code)?.n ?? 0);
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    language: row.language,
    direction: row.direction,
    timeZone: row.time_zone,
    sections: countOf(sections, row.code),
    publishedArticles: countOf(published, row.code),
  }));
}

export async function findEdition(db: Db, code: string): Promise<Edition | undefined> {
  return (await listEditions(db)).find((e) => e.code === code);
}

/** A section as the admin's edition page shows it: with how many articles file under it. */
export interface SectionUse extends SectionRef {
  articles: number;
}

/** An edition's sections in navigation order, each with its number of articles (any status). */
export async function listSectionsInUse(db: Db, editionCode: string): Promise<SectionUse[]> {
  const [sections, counts] = await Promise.all([
    db
      .selectFrom('sections')
      .select(['id', 'slug', 'name'])
      .where('edition_code', '=', editionCode)
      .orderBy('position')
      .orderBy('name')
      .execute(),
    db
      .selectFrom('articles')
      .select(['section_id', (eb) => eb.fn.countAll().as('n')])
      .where('edition_code', '=', editionCode)
      .where('section_id', 'is not', null)
      .groupBy('section_id')
      .execute(),
  ]);
  return sections.map((s) => ({
    ...s,
    articles: Number(counts.find((c) => c.section_id === s.id)?.n ?? 0),
  }));
}
