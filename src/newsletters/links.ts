import { createHmac } from 'node:crypto';
import { ensureSecret } from '../accounts/queries.js';
import { randomToken, sameSecret } from '../accounts/secrets.js';
import type { Db } from '../db/schema.js';

/** A confirmation link is good for this long; preference and unsubscribe links do not expire. */
export const CONFIRM_LINK_MS = 7 * 24 * 3_600_000;

/** The key every instance signs subscriber links with (made by whichever asks first). */
export const loadLinkKey = (db: Db, now: Date) => ensureSecret(db, 'newsletter-links', randomToken, now);

/** What a link is for is part of what is signed, so one kind of link never opens another. */
type Purpose = 'confirm' | 'preferences' | 'unsubscribe';

export function signLink(key: string, purpose: Purpose, ...parts: string[]): string {
  return createHmac('sha256', key)
    .update([purpose, ...parts].join('\n'))
    .digest('base64url');
}

export function validSignature(
  key: string,
  signature: string,
  purpose: Purpose,
  ...parts: string[]
): boolean {
  return sameSecret(signature, signLink(key, purpose, ...parts));
}

/** Absolute URLs of the signed pages; `base` is PUBLIC_URL. */
export function confirmUrl(base: string, key: string, edition: string, subscriberId: string, expires: Date) {
  const e = String(Math.floor(expires.getTime() / 1000));
  const sig = signLink(key, 'confirm', subscriberId, e);
  return `${base}/${edition}/newsletters/confirm?${new URLSearchParams({ s: subscriberId, e, sig })}`;
}

export function preferencesUrl(base: string, key: string, edition: string, subscriberId: string) {
  const sig = signLink(key, 'preferences', subscriberId);
  return `${base}/${edition}/newsletters/preferences?${new URLSearchParams({ s: subscriberId, sig })}`;
}

/** The RFC 8058 one-click URL: it alone says who leaves which newsletter. */
export function unsubscribeUrl(base: string, key: string, subscriberId: string, newsletterId: string) {
  const sig = signLink(key, 'unsubscribe', subscriberId, newsletterId);
  return `${base}/newsletters/unsubscribe?${new URLSearchParams({ s: subscriberId, n: newsletterId, sig })}`;
}
