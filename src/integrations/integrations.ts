import { z } from 'zod';
import { recordAudit } from '../accounts/audit.js';
import type { SignedInUser } from '../accounts/policy.js';
import { randomToken, tokenHash } from '../accounts/secrets.js';
import { newId } from '../db/ids.js';
import type { Db } from '../db/schema.js';
import {
  editionCodes,
  findIntegration,
  type Integration,
  insertIntegration,
  markRevoked,
} from './queries.js';

/** Every token starts with this, so a leaked one is easy to recognise (and to search for in code). */
export const TOKEN_PREFIX = 'sahifa_';
export const INTEGRATION_ROLES = ['editor', 'writer'] as const;

export const newIntegrationSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'a name is required')
    .max(100, 'the name is too long (100 characters at most)'),
  role: z.enum(INTEGRATION_ROLES, { message: `role must be one of ${INTEGRATION_ROLES.join(', ')}` }),
  editions: z
    .array(z.string().trim().min(1).max(16))
    .min(1, 'at least one edition is required')
    .transform((codes) => [...new Set(codes)]),
});

export type NewIntegrationInput = z.infer<typeof newIntegrationSchema>;

export type CreateIntegrationResult =
  | { ok: true; integration: Integration; token: string }
  | { ok: false; error: string };

/**
 * Creates an integration and its token. The token is returned here and
 * nowhere else: only its SHA-256 is stored.
 */
export async function createIntegration(
  db: Db,
  input: NewIntegrationInput,
  createdBy: string | null,
  now: Date,
): Promise<CreateIntegrationResult> {
  const known = await editionCodes(db);
  const unknown = input.editions.filter((code) => !known.includes(code));
  if (unknown.length > 0) return { ok: false, error: `no edition ${unknown.join(', ')}` };
  const id = newId(now);
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  await db.transaction().execute(async (trx) => {
    await insertIntegration(trx, { id, tokenHash: tokenHash(token), ...input }, createdBy, now);
    await recordAudit(
      trx,
      {
        userId: createdBy,
        action: 'integration.add',
        subjectType: 'integration',
        subjectId: id,
        details: { name: input.name, role: input.role, editions: input.editions },
      },
      now,
    );
  });
  const integration = await findIntegration(db, id);
  if (!integration) throw new Error(`integration ${id} vanished after its creation`);
  return { ok: true, integration, token };
}

export type RevokeResult = 'revoked' | 'already_revoked' | 'not_found';

/** Revokes an integration: its token stops working at once, on every instance (it is checked on each call). */
export async function revokeIntegration(
  db: Db,
  id: string,
  revokedBy: string | null,
  now: Date,
): Promise<RevokeResult> {
  return db.transaction().execute(async (trx) => {
    const integration = await findIntegration(trx, id);
    if (!integration) return 'not_found';
    if (!(await markRevoked(trx, id, now))) return 'already_revoked';
    await recordAudit(
      trx,
      {
        userId: revokedBy,
        action: 'integration.revoke',
        subjectType: 'integration',
        subjectId: id,
        details: { name: integration.name },
      },
      now,
    );
    return 'revoked';
  });
}

/**
 * The integration as a principal the policy predicates understand: its id
 * stands where a user's would (ids come from the same generator, so they never
 * collide), and articles it starts record that id as their `created_by`.
 */
export function principalOf(integration: Integration): SignedInUser {
  return {
    id: integration.id,
    email: `integration:${integration.id}`,
    role: integration.role,
    language: 'en',
    editions: integration.editions,
    hasPassword: false,
  };
}

/** What the workflow records as the actor's channel (audit log details). */
export const viaOf = (integration: Integration) => `integration:${integration.id}`;
