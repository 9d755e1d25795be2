import sharp from 'sharp';
import { slugify } from '../articles/slugs.js';
import { createArticleThroughDoor } from '../articles/workflow.js';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import type { MediaStorage } from '../media/storage.js';
import { createImage } from '../media/store.js';
import { seedDemoNewsletters } from '../newsletters/demo.js';
import {
  type DemoArticle,
  demoAgencies,
  demoArticles,
  demoContributors,
  demoEditions,
  demoImages,
  demoSections,
  demoTopics,
} from './content.js';
import { demoImageSvg } from './images.js';

const HOUR = 3_600_000;

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Fills an empty database with the demo newsroom: two editions, their
 * sections and topics, people, agencies, generated illustrations and
 * articles dated relative to `now`. Does nothing when any edition exists.
 */
export async function seedDemoContent(
  db: Db,
  media: MediaStorage,
  now: Date,
  options: { images?: boolean } = {},
): Promise<{ editions: number; articles: number; images: number } | undefined> {
  const existing = await db.selectFrom('editions').select('code').limit(1).executeTakeFirst();
  if (existing) return undefined;
  const at = now.toISOString();

  await db
    .insertInto('editions')
    .values(
      demoEditions.map((e, position) => ({
        code: e.code,
        language: e.language,
        direction: e.direction,
        name: e.name,
        description: e.description,
        date_style: e.dateStyle,
        digits: e.digits,
        time_zone: e.timeZone,
        social_links: JSON.stringify(e.social),
        position,
        created_at: at,
      })),
    )
    .execute();

  const sectionIds = new Map<string, string>();
  for (const [position, s] of demoSections.entries()) {
    const id = newId(now);
    sectionIds.set(`${s.edition}/${s.slug}`, id);
    await db
      .insertInto('sections')
      .values({ id, edition_code: s.edition, slug: s.slug, name: s.name, position })
      .execute();
  }
  const topicIds = new Map<string, string>();
  for (const t of demoTopics) {
    const id = newId(now);
    topicIds.set(`${t.edition}/${t.slug}`, id);
    await db
      .insertInto('topics')
      .values({ id, edition_code: t.edition, slug: t.slug, name: t.name })
      .execute();
  }
  const contributorIds = new Map<string, string>();
  for (const p of demoContributors) {
    const id = newId(now);
    contributorIds.set(p.slug, id);
    await db.insertInto('contributors').values({ id, slug: p.slug, name: p.name, bio: p.bio }).execute();
  }
  const agencyIds = new Map<string, string>();
  for (const a of demoAgencies) {
    const id = newId(now);
    agencyIds.set(a.slug, id);
    await db
      .insertInto('agencies')
      .values({ id, slug: a.slug, name: a.name, copyright_line: a.copyrightLine, url: a.url })
      .execute();
    for (const [language, name] of Object.entries(a.names)) {
      await db.insertInto('agency_names').values({ agency_id: id, language, name }).execute();
    }
  }

  const imageIds = new Map<string, string>();
  if (options.images !== false) {
    for (const image of demoImages) {
      const source = await sharp(Buffer.from(demoImageSvg(image.key)))
        .png()
        .toBuffer();
      for (const edition of demoEditions) {
        const id = await createImage(
          db,
          media,
          {
            source,
            alt: image.alt[edition.code],
            caption: image.caption[edition.code],
            credit: image.credit,
            copyright: image.copyright,
          },
          now,
        );
        imageIds.set(`${edition.code}/${image.key}`, id);
      }
    }
  }

  const groups = translationGroups(demoArticles, now);
  // Oldest first, so ids and change-log order follow publication order.
  const ordered = [...demoArticles].sort((a, b) => b.publishedHoursAgo - a.publishedHoursAgo);
  for (const article of ordered) {
    const edition = demoEditions.find((e) => e.code === article.edition);
    const agency = article.agency ? demoAgencies.find((a) => a.slug === article.agency) : undefined;
    const published = new Date(now.getTime() - article.publishedHoursAgo * HOUR);
    const updated =
      article.updatedHoursAgo === undefined
        ? published
        : new Date(now.getTime() - article.updatedHoursAgo * HOUR);
    await createArticleThroughDoor(
      db,
      {
        editionCode: article.edition,
        snapshot: {
          slug: article.slug || slugify(article.headline),
          headline: article.headline,
          standfirst: article.standfirst,
          bodyHtml: article.body.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
          // Agency copy: empty, so the page credits the agency in the edition's language
          // (its name there, else its copyright line); see ArticlePage's copyrightLine.
          copyright:
            article.copyright ??
            (agency ? '' : `© ${published.getUTCFullYear()} ${edition?.name ?? ''}`.trim()),
          sectionId: sectionIds.get(`${article.edition}/${article.section}`) ?? null,
          leadMediaId: (article.image && imageIds.get(`${article.edition}/${article.image}`)) || null,
          topicIds: article.topics.flatMap((slug) => topicIds.get(`${article.edition}/${slug}`) ?? []),
          byline: [
            ...article.contributors.flatMap((slug) => {
              const id = contributorIds.get(slug);
              return id ? [{ contributorId: id }] : [];
            }),
            ...(article.agency && agencyIds.get(article.agency)
              ? [{ agencyId: agencyIds.get(article.agency) ?? '' }]
              : []),
          ],
        },
        status: 'published',
        translationGroup: groups.get(article.key) ?? null,
        firstPublishedAt: published.toISOString(),
        lastUpdatedAt: updated.toISOString(),
      },
      { userId: null, now, source: 'demo' },
    );
  }
  await seedDemoNewsletters(db, now);
  return { editions: demoEditions.length, articles: demoArticles.length, images: imageIds.size };
}

/** One group id per translation pair (or chain): both sides share it. */
function translationGroups(articles: DemoArticle[], now: Date): Map<string, string> {
  const groups = new Map<string, string>();
  for (const article of articles) {
    if (!article.translationOf) continue;
    const group = groups.get(article.translationOf) ?? newId(now);
    groups.set(article.translationOf, group);
    groups.set(article.key, group);
  }
  return groups;
}
