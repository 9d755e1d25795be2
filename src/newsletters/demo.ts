import type { Db } from '../db/schema.js';
import { listEditions } from '../editions/queries.js';
import { bookDailyIssue } from './jobs.js';
import { findNewsletter, insertNewsletter } from './queries.js';

/** Two newsletters per demo edition: a daily briefing and breaking news (sent by hand). */
const DEMO_NEWSLETTERS: Record<string, { name: string; description: string; daily?: string }[]> = {
  ar: [
    { name: 'الموجز الصباحي', description: 'أهم أخبار الليل والصباح، كل يوم قبل القهوة.', daily: '07:00' },
    { name: 'عاجل', description: 'الأخبار الكبرى لحظة وقوعها، ولا شيء سواها.' },
  ],
  en: [
    {
      name: 'Morning briefing',
      description: 'The night’s and the morning’s top stories, every day.',
      daily: '07:00',
    },
    { name: 'Breaking news', description: 'The big stories as they happen, and nothing else.' },
  ],
};

/** Seeds the demo newsletters of the demo editions that exist; the daily ones get their first job. */
export async function seedDemoNewsletters(db: Db, now: Date, mailDomain = 'localhost'): Promise<number> {
  const editions = await listEditions(db);
  let count = 0;
  for (const edition of editions) {
    for (const demo of DEMO_NEWSLETTERS[edition.code] ?? []) {
      const id = await insertNewsletter(
        db,
        {
          editionCode: edition.code,
          name: demo.name,
          description: demo.description,
          language: edition.code,
          sender: `${edition.name} <newsletters@${mailDomain}>`,
          schedule: demo.daily ? 'daily' : 'manual',
          sendTime: demo.daily ?? null,
        },
        now,
      );
      const row = await findNewsletter(db, id);
      if (row) await bookDailyIssue(db, row, edition.timeZone, now);
      count++;
    }
  }
  return count;
}
