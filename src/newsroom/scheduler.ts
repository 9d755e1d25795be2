import { updateArticle } from '../articles/store.js';
import type { Db } from '../db/schema.js';
import type { JobHandlers } from '../jobs/runner.js';
import { findDeskArticle, inputOf } from './queries.js';
import { PUBLISH_JOB } from './workflow.js';

/** The newsroom's durable jobs: scheduled publishing. */
export const newsroomJobs: JobHandlers = {
  [PUBLISH_JOB]: (db, job, now) => publishScheduled(db, job.subjectId, job.runAt, now),
};

/** The scheduled time becomes the publication time, even when the job runs late (after a restart). */
async function publishScheduled(db: Db, id: string, at: Date, now: Date): Promise<void> {
  const article = await findDeskArticle(db, id);
  if (article?.row.status !== 'scheduled') return;
  const iso = at.toISOString();
  await updateArticle(
    db,
    id,
    inputOf(article.row, article.snapshot, {
      status: 'published',
      firstPublishedAt: article.row.first_published_at ?? iso,
      lastUpdatedAt: article.row.last_updated_at ?? iso,
    }),
    now,
  );
}
