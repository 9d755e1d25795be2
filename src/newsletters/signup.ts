import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from '../db/schema.js';
import type { Mailer } from '../mail/mailer.js';
import { confirmationMail } from './emails.js';
import { CONFIRM_LINK_MS, confirmUrl, loadLinkKey } from './links.js';
import {
  claimConfirmationMail,
  countSignupAttempts,
  ensureSubscriber,
  recordSignupAttempt,
  releaseConfirmationMail,
  subscriptionsOf,
  upsertSubscriptions,
} from './queries.js';

const HOUR = 3_600_000;

/** A bot at the form gets nowhere: per address and per client, within an hour. */
export const SIGNUP_LIMITS = {
  windowMs: HOUR,
  perEmail: 5,
  perIp: 20,
  /** A pending address gets at most one confirmation mail this often. */
  confirmationEveryMs: HOUR,
} as const;

/** Throw-away mailbox services; a subdomain counts too. Short on purpose: the double opt-in does the rest. */
export const DISPOSABLE_DOMAINS = [
  '10minutemail.com',
  'discard.email',
  'dispostable.com',
  'emailondeck.com',
  'fakeinbox.com',
  'getnada.com',
  'guerrillamail.com',
  'maildrop.cc',
  'mailinator.com',
  'mailnesia.com',
  'mintemail.com',
  'moakt.com',
  'sharklasers.com',
  'temp-mail.org',
  'tempmail.com',
  'throwawaymail.com',
  'trashmail.com',
  'yopmail.com',
] as const;

export function isDisposable(email: string): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return DISPOSABLE_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** Messages are keys of the UI strings. */
export const subscriberEmail = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'newsletterErrorEmailRequired')
  .max(254, 'newsletterErrorEmail')
  .pipe(z.email('newsletterErrorEmail'))
  .refine((email) => !isDisposable(email), 'newsletterErrorDisposable');

export type SignupOutcome = 'confirmation-sent' | 'recently-sent' | 'nothing-to-confirm';

export interface SignupDeps {
  db: Db;
  mailer: Mailer;
  logger: Logger;
  publicUrl: string;
}

/**
 * Counts a sign-up form against the limits of its address and its client;
 * false when either is over them (the form is refused). Looks only at past
 * forms, never at whether the address subscribes, so it may run before the answer.
 */
export async function admitSignup(db: Db, attempt: { email: string; ip: string }, now: Date) {
  const since = new Date(now.getTime() - SIGNUP_LIMITS.windowMs);
  const [byEmail, byIp] = await Promise.all([
    countSignupAttempts(db, { email: attempt.email }, since),
    countSignupAttempts(db, { ip: attempt.ip }, since),
  ]);
  if (byEmail >= SIGNUP_LIMITS.perEmail || byIp >= SIGNUP_LIMITS.perIp) return false;
  await recordSignupAttempt(db, attempt, now);
  return true;
}

/**
 * A sign-up from the public form (admitted by `admitSignup`): the chosen
 * newsletters become pending (an active one stays active) and one confirmation
 * mail goes out, unless the address had one within the hour. Its time depends
 * on the address's state, so the route runs it after answering.
 */
export async function requestSubscription(
  deps: SignupDeps,
  input: {
    email: string;
    newsletterIds: string[];
    edition: { code: string; name: string; language: string };
    sender: string;
  },
  now: Date,
): Promise<SignupOutcome> {
  const { db } = deps;
  const subscriberId = await ensureSubscriber(db, input.email, now);
  await upsertSubscriptions(db, subscriberId, input.newsletterIds, 'pending', now, { keepActive: true });
  const pending = (await subscriptionsOf(db, subscriberId)).some((s) => s.status === 'pending');
  if (!pending) return 'nothing-to-confirm';
  if (!(await claimConfirmationMail(db, subscriberId, now, SIGNUP_LIMITS.confirmationEveryMs))) {
    return 'recently-sent';
  }
  const key = await loadLinkKey(db, now);
  const link = confirmUrl(
    deps.publicUrl,
    key,
    input.edition.code,
    subscriberId,
    new Date(now.getTime() + CONFIRM_LINK_MS),
  );
  const mail = confirmationMail({ language: input.edition.language, editionName: input.edition.name, link });
  try {
    await deps.mailer.send({ to: input.email, from: input.sender, ...mail });
  } catch (err) {
    deps.logger.error({ err }, 'newsletter confirmation mail failed');
    await releaseConfirmationMail(db, subscriberId);
  }
  return 'confirmation-sent';
}
