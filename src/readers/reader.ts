import type { ReaderStatus } from '../db/schema.js';

/** A reader signed in on the public site (never a newsroom user: readers cannot reach /admin). */
export interface SignedInReader {
  id: string;
  email: string;
  /** Null until chosen, once, after the first sign-in. */
  displayName: string | null;
  editionCode: string;
  language: string;
  status: ReaderStatus;
  suspendedUntil: string | null;
  notifyReplies: boolean;
}

/** A suspension ends by itself; a ban does not. */
export function isBarred(reader: Pick<SignedInReader, 'status' | 'suspendedUntil'>, now: Date): boolean {
  if (reader.status === 'banned') return true;
  if (reader.status !== 'suspended') return false;
  return reader.suspendedUntil === null || reader.suspendedUntil > now.toISOString();
}
