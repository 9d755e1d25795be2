import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

/** A new random token for a cookie or a link: 32 bytes, base64url. */
export const randomToken = () => randomBytes(32).toString('base64url');

/** What is stored for a token: its SHA-256, so the table alone opens nothing. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Compares two strings in constant time (for CSRF tokens). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 hashes whatever it is given; the cap keeps a megabyte "password" from costing CPU. */
export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(256);

/**
 * `Algorithm` is a const enum, which isolated modules cannot read at run time:
 * the member's value, checked against the enum by the type.
 */
const ARGON2ID: Algorithm.Argon2id = 2;

export const hashPassword = (password: string) => hash(password, { algorithm: ARGON2ID });

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Verifying against this when the email is unknown takes as long as a real
 * check, so the response time does not tell which addresses have accounts.
 */
let decoy: Promise<string> | undefined;
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(randomToken());
  await verifyPassword(await decoy, password);
  return false;
}
