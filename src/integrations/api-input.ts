import { z } from 'zod';
import { resolveContributors, resolveTopics } from '../articles/resolve.js';
import type { ArticleSnapshot, BylinePart } from '../articles/revisions.js';
import type { Db } from '../db/schema.js';
import { MAX_UPLOAD_BYTES } from '../media/upload.js';
import { mediaExists } from '../newsroom/queries.js';
import { ApiError } from './api-errors.js';
import { findAgencyId, findSectionId } from './queries.js';

/** JSON bodies: an article with a long body is well under this. */
export const MAX_JSON_BYTES = 2 * 1024 * 1024;
/** Multipart uploads: the image limit plus room for the other fields and the boundaries. */
export const MAX_MULTIPART_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;

const name = z.string().trim().min(1).max(200);
const slug = z.string().trim().min(1).max(100);

/** The fields of an article as the API takes them: sections and agencies by slug, topics and people by name. */
const articleFields = {
  headline: z.string().trim().min(1).max(300),
  standfirst: z.string().max(2000),
  bodyHtml: z.string().max(MAX_JSON_BYTES),
  copyright: z.string().max(300),
  section: slug.nullable(),
  topics: z.array(name).max(30),
  byline: z.strictObject({ people: z.array(name).max(20).optional(), agency: slug.nullable().optional() }),
  slug: z.string().trim().min(1).max(80),
  leadImageId: z.string().min(1).max(32).nullable(),
};

export const createArticleBody = z.strictObject({
  edition: z.string().min(1).max(16),
  headline: articleFields.headline,
  standfirst: articleFields.standfirst.default(''),
  bodyHtml: articleFields.bodyHtml.default(''),
  copyright: articleFields.copyright.default(''),
  section: articleFields.section.default(null),
  topics: articleFields.topics.default([]),
  byline: articleFields.byline.default({}),
  slug: articleFields.slug.optional(),
  leadImageId: articleFields.leadImageId.default(null),
});

export const patchArticleBody = z.strictObject({
  version: z.int().positive(),
  kind: z.enum(['update', 'typo', 'draft']),
  headline: articleFields.headline.optional(),
  standfirst: articleFields.standfirst.optional(),
  bodyHtml: articleFields.bodyHtml.optional(),
  copyright: articleFields.copyright.optional(),
  section: articleFields.section.optional(),
  topics: articleFields.topics.optional(),
  byline: articleFields.byline.optional(),
  slug: articleFields.slug.optional(),
  leadImageId: articleFields.leadImageId.optional(),
});

export const scheduleBody = z.strictObject({ at: z.iso.datetime({ offset: true }) });
export const emptyBody = z.strictObject({});

export const imageUploadForm = z.strictObject({
  file: z.instanceof(File, { message: 'expected a file' }),
  alt: z.string().trim().min(1, 'describe the image for readers who cannot see it').max(300),
  caption: z.string().trim().max(500).default(''),
  credit: z.string().trim().max(200).default(''),
  copyright: z.string().trim().max(200).default(''),
});

export type ArticleFields = Partial<z.infer<typeof patchArticleBody>>;

/**
 * A body that passes `schema`, else a 400: `unknown_fields` naming every field
 * the API does not know (a typo must not be silently ignored), or
 * `invalid_fields` with the path and problem of each wrong value.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const unknown = parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key].join('.')) : [],
  );
  if (unknown.length > 0) {
    throw new ApiError(400, 'unknown_fields', `Unknown fields: ${unknown.join(', ')}`, { fields: unknown });
  }
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new ApiError(
    400,
    'invalid_fields',
    issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '),
    { fields: issues },
  );
}

/** A reference in the body that names nothing: a 400 on that field. */
const unknownReference = (path: string, message: string) =>
  new ApiError(400, 'invalid_fields', `${path}: ${message}`, { fields: [{ path, message }] });

/**
 * The snapshot the workflow saves: `fields` over `base`, with sections,
 * agencies and images checked and topics and people found or created. Run it
 * in the transaction of the save, so a refused save creates nothing.
 */
export async function resolveSnapshot(
  db: Db,
  editionCode: string,
  base: ArticleSnapshot,
  fields: ArticleFields,
  now: Date,
): Promise<ArticleSnapshot> {
  const snapshot: ArticleSnapshot = {
    ...base,
    ...(fields.headline !== undefined && { headline: fields.headline }),
    ...(fields.standfirst !== undefined && { standfirst: fields.standfirst }),
    ...(fields.bodyHtml !== undefined && { bodyHtml: fields.bodyHtml }),
    ...(fields.copyright !== undefined && { copyright: fields.copyright }),
  };
  if (fields.section !== undefined) {
    const id = fields.section === null ? null : await findSectionId(db, editionCode, fields.section);
    if (id === undefined)
      throw unknownReference('section', `no section "${fields.section}" in ${editionCode}`);
    snapshot.sectionId = id;
  }
  if (fields.leadImageId !== undefined) {
    if (fields.leadImageId !== null && !(await mediaExists(db, fields.leadImageId))) {
      throw unknownReference('leadImageId', `no image ${fields.leadImageId}`);
    }
    snapshot.leadMediaId = fields.leadImageId;
  }
  if (fields.topics !== undefined) {
    snapshot.topicIds = await resolveTopics(db, editionCode, fields.topics, now);
  }
  if (fields.byline !== undefined) snapshot.byline = await resolveByline(db, fields.byline, now);
  return snapshot;
}

async function resolveByline(
  db: Db,
  byline: { people?: string[] | undefined; agency?: string | null | undefined },
  now: Date,
): Promise<BylinePart[]> {
  const people = await resolveContributors(db, byline.people ?? [], now);
  const parts: BylinePart[] = people.map((contributorId) => ({ contributorId }));
  if (byline.agency) {
    const agencyId = await findAgencyId(db, byline.agency);
    if (!agencyId) throw unknownReference('byline.agency', `no agency "${byline.agency}"`);
    parts.push({ agencyId });
  }
  return parts;
}
