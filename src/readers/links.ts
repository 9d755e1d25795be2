import { ensureSecret } from '../accounts/queries.js';
import { randomToken } from '../accounts/secrets.js';
import type { Db } from '../db/schema.js';
import { signLink, validSignature } from '../newsletters/links.js';

/**
 * The key readers' mail links are signed with: not the newsletters' key, so a
 * newsletter link never passes for a reader's and the other way round.
 */
export const loadReaderLinkKey = (db: Db, now: Date) => ensureSecret(db, 'reader-links', randomToken, now);

/** What is signed: the link's use and the reader; one reader's link never stops another's mail. */
const REPLIES = 'reader-replies';

export const signReplyUnsubscribe = (key: string, readerId: string) =>
  signLink(key, 'unsubscribe', REPLIES, readerId);

export const validReplyUnsubscribe = (key: string, signature: string, readerId: string) =>
  validSignature(key, signature, 'unsubscribe', REPLIES, readerId);

export const readerAccountPath = (editionCode: string) => `/${editionCode}/account`;

/** The RFC 8058 one-click URL for reply notifications (the List-Unsubscribe header of a reply mail). */
export function replyUnsubscribeUrl(publicUrl: string, key: string, editionCode: string, readerId: string) {
  const query = new URLSearchParams({ r: readerId, sig: signReplyUnsubscribe(key, readerId) });
  return `${publicUrl}${readerAccountPath(editionCode)}/replies/unsubscribe?${query}`;
}

/** The link a sign-in mail carries. */
export const signInLinkUrl = (publicUrl: string, editionCode: string, token: string) =>
  `${publicUrl}${readerAccountPath(editionCode)}/link?${new URLSearchParams({ token })}`;
