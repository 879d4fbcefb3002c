import type {
  AutoMapOptions,
  AutoMapReport,
  ImportPlan,
  ImportReport,
  RefreshOptions,
  RefreshReport,
} from '@psa-bridge/core';

/** The kinds of job. */
export type JobKind = 'import' | 'auto-map' | 'refresh';

/** Options of an import job: those of `bridge.imports.run` that survive a trip through the database. */
export interface ImportJobOptions {
  /** Contacts per GoTo create request. */
  readonly batchSize?: number;
  /** Create users even when licenses lack seats. */
  readonly allowSeatShortage?: boolean;
}

/** Options of an auto-map job: those of `bridge.mappings.autoMapAll` that survive a trip through the database. */
export type AutoMapJobOptions = Pick<
  AutoMapOptions,
  'filter' | 'dryRun' | 'save' | 'onlyUnmapped' | 'accountDomains' | 'domainsFromUsers'
>;

/** Options of a refresh job: those of `bridge.refresh` that survive a trip through the database. */
export type RefreshJobOptions = Pick<RefreshOptions, 'mode' | 'parts' | 'fullEveryMs' | 'allowMassRemoval'>;

/** What a refresh job holds. */
export interface RefreshJobData {
  readonly kind: 'refresh';
  readonly tenant: string;
  readonly connectionId: string;
  readonly options: RefreshJobOptions;
}

/** The minute tick of the refresh schedules (no tenant: it serves them all). */
export interface RefreshTickData {
  readonly kind: 'refresh-tick';
}

/** What an import job holds. */
export interface ImportJobData {
  readonly kind: 'import';
  readonly tenant: string;
  readonly plan: ImportPlan;
  readonly options: ImportJobOptions;
}

/** What an auto-map job holds. */
export interface AutoMapJobData {
  readonly kind: 'auto-map';
  readonly tenant: string;
  readonly connectionId: string;
  readonly options: AutoMapJobOptions;
}

/** What any job holds. */
export type JobData = ImportJobData | AutoMapJobData | RefreshJobData;

/** Where a job is. */
export type JobState = 'queued' | 'running' | 'retrying' | 'done' | 'failed' | 'cancelled';

/** How far a running job is. */
export interface JobProgress {
  /** Contacts (import) or accounts (auto-map) done. */
  readonly done: number;
  /** All of them, when known. */
  readonly total?: number;
  /** Estimated time left, in milliseconds, once there is a rate to go by. */
  readonly etaMs?: number;
}

/** A job's status, for a progress screen. */
export interface JobStatus {
  /** The job id. */
  readonly id: string;
  /** Import or auto-map. */
  readonly kind: JobKind;
  /** The tenant it runs for. */
  readonly tenant: string;
  /** Where it is. */
  readonly state: JobState;
  /** Attempts so far beyond the first (a worker that died, a lease that was held). */
  readonly retries: number;
  /** Progress, once a worker has started it. */
  readonly progress?: JobProgress;
  /** The report, when done: an `ImportReport`, an `AutoMapReport` or a `RefreshReport`. */
  readonly report?: ImportReport | AutoMapReport | RefreshReport;
  /** Why the last attempt failed, when it did. */
  readonly error?: string;
}
