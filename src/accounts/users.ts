import { z } from 'zod';
import { newId } from '../db/ids.js';
import type { Db, UserRole } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { format, messagesFor } from '../i18n/messages.js';
import type { Mailer } from '../mail/mailer.js';
import { type AuditAction, recordAudit } from './audit.js';
import { ROLES } from './policy.js';
import {
  deleteSessionsOfUser,
  editionLanguages,
  editionsOfUser,
  findUserByEmail,
  insertAccountToken,
  insertUser,
  replaceUserEditions,
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

/** Why a user was not added: `error` in words for the command line, `code` for the admin pages' messages. */
export type AddUserResult =
  | { ok: true; userId: string }
  | { ok: false; error: string; code: 'unknown_edition' | 'needs_edition' | 'exists' };

/**
 * Creates a user. The language of their pages and mail is that of their first
 * edition (for admins, of the first edition of the site), English without one.
 * `actorId`: the admin adding them (null: command line).
 */
export async function addUser(
  db: Db,
  input: NewUserInput,
  now: Date,
  actorId: string | null = null,
): Promise<AddUserResult> {
  const editions = await editionLanguages(db);
  const unknown = input.editions.filter((code) => !editions.some((e) => e.code === code));
  if (unknown.length > 0) {
    return { ok: false, error: `no edition ${unknown.join(', ')}`, code: 'unknown_edition' };
  }
  if (input.role !== 'admin' && input.editions.length === 0) {
    return { ok: false, error: `an ${input.role} needs at least one --edition`, code: 'needs_edition' };
  }
  if (await findUserByEmail(db, input.email)) {
    return { ok: false, error: `${input.email} exists already`, code: 'exists' };
  }
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
        userId: actorId,
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

/**
 * Mails a new password-reset link to `email` if it belongs to an active user;
 * does nothing otherwise. Run after the answer to the form (see BackgroundWork).
 */
export async function mailResetLink(
  deps: { db: Db; mailer: Mailer; publicUrl: string },
  email: string,
  now: Date,
): Promise<boolean> {
  const user = await findUserByEmail(deps.db, email);
  if (user?.status !== 'active') return false;
  const t = messagesFor(user.language);
  const link = resetLink(deps.publicUrl, await issueAccountToken(deps.db, user.id, 'password_reset', now));
  await deps.mailer.send({
    to: user.email,
    subject: t.mailResetSubject,
    text: format(t.mailResetText, { email: user.email, link }),
  });
  return true;
}

export const signInLink = (publicUrl: string, token: string) =>
  `${publicUrl}/admin/sign-in/link?token=${encodeURIComponent(token)}`;
export const resetLink = (publicUrl: string, token: string) =>
  `${publicUrl}/admin/password/reset?token=${encodeURIComponent(token)}`;

/** Disables a user and ends every session they have. `actorId`: the admin doing it (null: command line). */
export async function disableUser(db: Db, email: string, now: Date, actorId: string | null = null) {
  const user = await findUserByEmail(db, email);
  if (!user) return false;
  await inTransaction(db, async (trx) => {
    await setUserStatus(trx, user.id, 'disabled', now);
    const ended = await deleteSessionsOfUser(trx, user.id);
    await audit(trx, actorId, 'user.disable', user.id, { sessionsEnded: ended }, now);
  });
  return true;
}

/** Lets a disabled user sign in again (with their password, or a new one-time link). */
export async function enableUser(db: Db, email: string, now: Date, actorId: string | null = null) {
  const user = await findUserByEmail(db, email);
  if (!user) return false;
  await inTransaction(db, async (trx) => {
    await setUserStatus(trx, user.id, 'active', now);
    await audit(trx, actorId, 'user.enable', user.id, {}, now);
  });
  return true;
}

/** Changes a user's role (their editions stay; admins simply ignore them). */
export async function changeRole(
  db: Db,
  email: string,
  role: UserRole,
  now: Date,
  actorId: string | null = null,
): Promise<boolean> {
  const user = await findUserByEmail(db, email);
  if (!user) return false;
  await inTransaction(db, async (trx) => {
    await setUserRole(trx, user.id, role, now);
    await audit(trx, actorId, 'user.role_change', user.id, { from: user.role, to: role }, now);
  });
  return true;
}

export type SetEditionsResult = { ok: true } | { ok: false; error: 'no_user' | 'unknown_edition' };

/** Replaces the editions a user works in; every code must name an edition of the site. */
export async function setUserEditions(
  db: Db,
  email: string,
  editions: string[],
  now: Date,
  actorId: string | null = null,
): Promise<SetEditionsResult> {
  const user = await findUserByEmail(db, email);
  if (!user) return { ok: false, error: 'no_user' };
  const known = (await editionLanguages(db)).map((e) => e.code);
  if (editions.some((code) => !known.includes(code))) return { ok: false, error: 'unknown_edition' };
  const wanted = [...new Set(editions)].sort();
  await inTransaction(db, async (trx) => {
    const before = await editionsOfUser(trx, user.id);
    await replaceUserEditions(trx, user.id, wanted, now);
    await audit(trx, actorId, 'user.editions_change', user.id, { from: before, to: wanted }, now);
  });
  return { ok: true };
}

export type ChangeAccessResult =
  | { ok: true; changed: boolean }
  | { ok: false; error: 'no_user' | 'unknown_edition' | 'needs_edition' };

/**
 * Sets a user's role and editions together (the admin's user page), in one transaction; only what
 * actually changes is written and recorded.
 */
export async function changeAccess(
  db: Db,
  email: string,
  access: { role: UserRole; editions: string[] },
  now: Date,
  actorId: string | null,
): Promise<ChangeAccessResult> {
  if (access.role !== 'admin' && access.editions.length === 0) return { ok: false, error: 'needs_edition' };
  const user = await findUserByEmail(db, email);
  if (!user) return { ok: false, error: 'no_user' };
  const wanted = [...new Set(access.editions)].sort();
  const before = (await editionsOfUser(db, user.id)).sort();
  const editionsChange = wanted.join() !== before.join();
  const roleChange = user.role !== access.role;
  return inTransaction(db, async (trx): Promise<ChangeAccessResult> => {
    if (editionsChange) {
      const set = await setUserEditions(trx, email, wanted, now, actorId);
      if (!set.ok) return set;
    }
    if (roleChange) await changeRole(trx, email, access.role, now, actorId);
    return { ok: true, changed: editionsChange || roleChange };
  });
}

const audit = (
  db: Db,
  actorId: string | null,
  action: AuditAction,
  userId: string,
  details: Record<string, unknown>,
  now: Date,
) => recordAudit(db, { userId: actorId, action, subjectType: 'user', subjectId: userId, details }, now);
