import type { JobHandlers } from '../jobs/runner.js';
import { PUBLISH_EPISODE_JOB, publishScheduledEpisode } from './workflow.js';

/** Podcasts' durable jobs: scheduled episodes go out through the door (source scheduler). */
export const podcastJobs: JobHandlers = {
  [PUBLISH_EPISODE_JOB]: (db, job, now) => publishScheduledEpisode(db, job.subjectId, job.runAt, now),
};
