import { PUBLISH_JOB, publishScheduled } from '../articles/workflow.js';
import type { JobHandlers } from '../jobs/runner.js';

/** The newsroom's durable jobs: scheduled publishing, through the articles' door (source scheduler). */
export const newsroomJobs: JobHandlers = {
  [PUBLISH_JOB]: (db, job, now) => publishScheduled(db, job.subjectId, job.runAt, now),
};
