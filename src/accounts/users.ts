import { z } from 'zod';
import { newId } from '../db/ids.js';
import type { Db, UserRole } from '../db/schema.js';
import { type AuditAction, recordAudit } from './audit.js';
import { ROLES } from './policy.js';
import {
  deleteSessionsOfUser,
  editionLanguages,
  findUserByEmail,
  insertAccountToken,
  insertUser,
  setUserRole,
  setUserStatus,
} from './queries.js';
import { hashPassword, passwordSchema, randomToken, tokenHash } from './secrets.js';

export const SIGN_IN_LINK_HOURS = 24;
export const RESET_LINK_HOURS = 1;

/** Emails are compared lowercased; the schema lowercases before checking. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'not an email address' }).max(254));

export const newUserSchema = z.object({
  email: emailSchema,
  role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }),
  editions: z.array(z.string()).default([]),
  password: passwordSchema.optional(),
});

export type NewUserInput = z.infer<typeof newUserSchema>;

export type AddUserResult = { ok: true; userId: string } | { ok: false; error: string };

/**
 * Creates a user. The language of their pages and mail is that of their first
 * edition (for admins, of the first edition of the site), English without one.
 */
export async function addUser(db: Db, input: NewUserInput, now: Date): Promise<AddUserResult> {
  const editions = await editionLanguages(db);
  const unknown = input.editions.filter((code) => !editions.some((e) => e.code === code));
  if (unknown.length > 0) return { ok: false, error: `no edition ${unknown.join(', ')}` };
  if (input.role !== 'admin' && input.editions.length === 0) {
    return { ok: false, error: `an ${input.role} needs at least one --edition` };
  }
  if (await findUserByEmail(db, input.email)) return { ok: false, error: `${input.email} exists already` };
  const first = input.editions[0] ?? editions[0]?.code;
  const language = editions.find((e) => e.code === first)?.language ?? 'en';
  const id = newId(now);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const assigned = input.role === 'admin' ? [] : [...new Set(input.editions)];
  await db.transaction().execute(async (trx) => {
    await insertUser(
      trx,
      { id, email: input.email, role: input.role, language, passwordHash, editions: assigned },
      now,
    );
    await recordAudit(
      trx,
      {
        userId: null,
        action: 'user.add',
        subjectType: 'user',
        subjectId: id,
        details: { role: input.role, editions: assigned },
      },
      now,
    );
  });
  return { ok: true, userId: id };
}

/** A new one-time token for `purpose`, stored hashed; returns the token for the link. */
export async function issueAccountToken(
  db: Db,
  userId: string,
  purpose: 'sign_in' | 'password_reset',
  now: Date,
): Promise<string> {
  const token = randomToken();
  const hours = purpose === 'sign_in' ? SIGN_IN_LINK_HOURS : RESET_LINK_HOURS;
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  await insertAccountToken(db, { hash: tokenHash(token), userId, purpose, expiresAt }, now);
  return token;
}

export const signInLink = (publicUrl: string, token: string) =>
  `${publicUrl}/admin/sign-in/link?token=${encodeURIComponent(token)}`;
export const resetLink = (publicUrl: string, token: string) =>
  `${publicUrl}/admin/password/reset?token=${encodeURIComponent(token)}`;

/** Disables a user and ends every session they have. */
export async function disableUser(db: Db, email: string, now: Date): Promise<boolean> {
  const user = await findUserByEmail(db, email);
  if (!user) return false;
  await db.transaction().execute(async (trx) => {
    await setUserStatus(trx, user.id, 'disabled', now);
    const ended = await deleteSessionsOfUser(trx, user.id);
    await audit(trx, 'user.disable', user.id, { sessionsEnded: ended }, now);
  });
  return true;
}

/** Changes a user's role (their editions stay; admins simply ignore them). */
export async function changeRole(db: Db, email: string, role: UserRole, now: Date): Promise<boolean> {
  const user = await findUserByEmail(db, email);
  if (!user) return false;
  await db.transaction().execute(async (trx) => {
    await setUserRole(trx, user.id, role, now);
    await audit(trx, 'user.role_change', user.id, { from: user.role, to: role }, now);
  });
  return true;
}

const audit = (db: Db, action: AuditAction, userId: string, details: Record<string, unknown>, now: Date) =>
  recordAudit(db, { userId: null, action, subjectType: 'user', subjectId: userId, details }, now);
