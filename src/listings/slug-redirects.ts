import type { Db } from '../db/schema.js';

export type ListingKind = 'section' | 'agency';

/**
 * Keeps a renamed section's or agency's old slug pointing at it; a slug taken
 * back (by it or by another) stops redirecting. Call in the renaming transaction.
 */
export async function rememberListingSlug(
  db: Db,
  target: { kind: ListingKind; scope: string; id: string },
  slugs: { from: string; to: string },
  now: Date,
): Promise<void> {
  const { kind, scope } = target;
  await db
    .deleteFrom('listing_slug_redirects')
    .where('kind', '=', kind)
    .where('scope', '=', scope)
    .where('slug', 'in', [slugs.from, slugs.to])
    .execute();
  await db
    .insertInto('listing_slug_redirects')
    .values({ kind, scope, slug: slugs.from, target_id: target.id, created_at: now.toISOString() })
    .execute();
}

/** The current slug of the section or agency a retired slug belonged to, if any. */
export async function findMovedSlug(
  db: Db,
  kind: ListingKind,
  scope: string,
  slug: string,
): Promise<string | undefined> {
  const redirect = await db
    .selectFrom('listing_slug_redirects')
    .select('target_id')
    .where('kind', '=', kind)
    .where('scope', '=', scope)
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!redirect) return undefined;
  const row =
    kind === 'section'
      ? await db.selectFrom('sections').select('slug').where('id', '=', redirect.target_id).executeTakeFirst()
      : await db
          .selectFrom('agencies')
          .select('slug')
          .where('id', '=', redirect.target_id)
          .executeTakeFirst();
  return row?.slug;
}

/** Forgets the old slugs of a deleted section or agency. */
export async function forgetListingSlugs(db: Db, kind: ListingKind, id: string): Promise<void> {
  await db
    .deleteFrom('listing_slug_redirects')
    .where('kind', '=', kind)
    .where('target_id', '=', id)
    .execute();
}
