/**
 * Imports, auto-mapping and read-model refreshes (one per connection at a time, on a schedule of
 * pg-boss's) as durable jobs on several worker processes (SPEC S2, R1), on pg-boss in
 * the stores' PostgreSQL database. A job whose worker dies is retried on another worker and
 * resumes from the import journal; the journal's lease keeps one plan on one worker at a time.
 * Give every bridge a `createPostgresRateLimiter` from `@psa-bridge/postgres` so that vendor
 * limits hold across workers (SPEC S3).
 *
 * @module
 */
export {
  createJobQueue,
  type JobListOptions,
  type JobQueue,
  type JobQueueOptions,
} from './job-queue.js';
export type {
  AutoMapJobData,
  AutoMapJobOptions,
  ImportJobData,
  ImportJobOptions,
  JobData,
  JobKind,
  JobProgress,
  JobState,
  JobStatus,
  RefreshJobData,
  RefreshJobOptions,
} from './job-types.js';
export { QUEUES } from './queues.js';
export type { RefreshJobs } from './refresh-jobs.js';
export type { RefreshSchedule, RefreshScheduleRequest } from './refresh-schedules.js';
export type { JobWorker, WorkerEvent, WorkerOptions } from './worker.js';
