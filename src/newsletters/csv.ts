import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { Db, SubscriptionStatus } from '../db/schema.js';
import { ensureSubscriber, exportSubscribers, upsertSubscriptions } from './queries.js';
import { subscriberEmail } from './signup.js';

const parsedRecords = z.array(
  z.object({ record: z.array(z.string()), info: z.object({ lines: z.number() }) }),
);

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const STATUSES: readonly SubscriptionStatus[] = ['active', 'pending', 'unsubscribed'];

export interface ImportProblem {
  line: number;
  /** A key of the UI strings, or CSV parser text. */
  error: string;
}

export interface ParsedImport {
  rows: { line: number; email: string; status: SubscriptionStatus }[];
  problems: ImportProblem[];
}

/** Reads `email[,status]` lines; bad rows are reported by line and the good ones kept. Throws on unreadable CSV. */
export function parseSubscriberCsv(text: string): ParsedImport {
  const records = parsedRecords.parse(
    parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }),
  );
  const rows: ParsedImport['rows'] = [];
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  for (const [index, { record, info }] of records.entries()) {
    const [rawEmail = '', rawStatus = ''] = record;
    if (index === 0 && rawEmail.toLowerCase().startsWith('email')) continue;
    const email = subscriberEmail.safeParse(rawEmail);
    if (!email.success) {
      problems.push({ line: info.lines, error: email.error.issues[0]?.message ?? 'newsletterErrorEmail' });
      continue;
    }
    const status = (rawStatus.toLowerCase() || 'active') as SubscriptionStatus;
    if (!STATUSES.includes(status)) {
      problems.push({ line: info.lines, error: 'newsletterAdminImportBadStatus' });
      continue;
    }
    if (seen.has(email.data)) continue;
    seen.add(email.data);
    rows.push({ line: info.lines, email: email.data, status });
  }
  return { rows, problems };
}

/** Applies parsed rows to a newsletter; imported addresses are taken as already consented (their status says). */
export async function importSubscribers(db: Db, newsletterId: string, parsed: ParsedImport, now: Date) {
  await db.transaction().execute(async (trx) => {
    for (const row of parsed.rows) {
      const subscriberId = await ensureSubscriber(trx, row.email, now);
      await upsertSubscriptions(trx, subscriberId, [newsletterId], row.status, now, { keepActive: false });
    }
  });
  return parsed.rows.length;
}

export async function subscribersCsv(db: Db, newsletterId: string): Promise<string> {
  const rows = await exportSubscribers(db, newsletterId);
  return stringify(
    rows.map((r) => [r.email, r.status, r.created_at, r.confirmed_at ?? '']),
    { header: true, columns: ['email', 'status', 'subscribed_at', 'confirmed_at'] },
  );
}
