import { type AutoMapReport, type ImportPlan, type ImportReport, PsaBridgeError } from '@psa-bridge/core';
import { migrate } from '@psa-bridge/postgres';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { jobIdOf } from './job-ids.js';
import type { AutoMapJobOptions, ImportJobOptions, JobData, JobState, JobStatus } from './job-types.js';
import { createProgressStore } from './progress-store.js';
import { QUEUES } from './queues.js';
import { type JobWorker, startJobWorker, type WorkerOptions } from './worker.js';

/** Options of {@link createJobQueue}. */
export interface JobQueueOptions {
  /** The PostgreSQL database of the stores and the jobs, like `postgres://user:password@host/db`. */
  readonly connectionString: string;
  /** Schema of pg-boss's tables. @default 'psa_bridge_jobs' */
  readonly schema?: string;
  /**
   * How long a job may run before it counts as lost (its worker died) and is retried on another
   * worker, in seconds. Set it above your longest import: a job still running past it is retried
   * while it runs, and the import's lease makes the retry wait. @default 3600
   */
  readonly expireInSeconds?: number;
  /** How often lost jobs are looked for, in seconds (pg-boss maintenance). @default 60 */
  readonly maintenanceIntervalSeconds?: number;
  /** Attempts after the first. @default 10 */
  readonly retryLimit?: number;
  /** Seconds before the first retry; later ones back off. @default 5 */
  readonly retryDelaySeconds?: number;
  /** Connections of the queue's pools. @default 5 */
  readonly maxConnections?: number;
}

/** Durable imports and auto-maps (SPEC S2), on pg-boss in the stores' PostgreSQL. */
export interface JobQueue {
  /**
   * Queues an import of `plan` for `tenant`; resolves the job id. The same plan of the same tenant
   * is one job while it is queued or running (enqueueing it again resolves the same id); once it
   * has ended, enqueueing it again starts a new run of it (the journal makes that resume or do
   * nothing).
   */
  enqueueImport(request: { tenant: string; plan: ImportPlan; options?: ImportJobOptions }): Promise<string>;
  /** Queues `autoMapAll` for a connection of `tenant`; one job per tenant, connection and options at a time. */
  enqueueAutoMap(request: {
    tenant: string;
    connectionId: string;
    options?: AutoMapJobOptions;
  }): Promise<string>;
  /** A job's state, progress and (when done) report; `null` for an unknown id. */
  status(jobId: string): Promise<JobStatus | null>;
  /** Cancels a job: a queued one never runs, a running one stops before its next batch. */
  cancel(jobId: string): Promise<void>;
  /** Runs jobs on this process until `stop()`. */
  startWorker(options: WorkerOptions): Promise<JobWorker>;
  /** Stops pg-boss and ends the pools (stop workers first). */
  close(): Promise<void>;
}

const STATES: Record<string, JobState> = {
  created: 'queued',
  retry: 'retrying',
  active: 'running',
  completed: 'done',
  cancelled: 'cancelled',
  failed: 'failed',
};

const ENDED = new Set(['completed', 'cancelled', 'failed']);

/**
 * Opens the job queue: runs psa-bridge's `migrate()` (for the progress and rate-limit tables) and
 * starts pg-boss, which creates and upgrades its own schema. Workers and producers each open one.
 *
 * @example
 * ```ts
 * import { createJobQueue } from '@psa-bridge/jobs';
 * const jobs = await createJobQueue({ connectionString: process.env.DATABASE_URL! });
 * const jobId = await jobs.enqueueImport({ tenant: partnerId, plan });
 * console.log(await jobs.status(jobId)); // { state: 'queued', ... } then 'running', 'done'
 * ```
 */
export async function createJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  if (typeof options?.connectionString !== 'string' || options.connectionString.trim() === '') {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'createJobQueue(): needs { connectionString } of the PostgreSQL database',
    );
  }
  await migrate({ connectionString: options.connectionString });
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: options.schema ?? 'psa_bridge_jobs',
    max: options.maxConnections ?? 5,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    application_name: 'psa-bridge-jobs',
  });
  // pg-boss reports background errors as events; they must not crash the app.
  boss.on('error', () => {});
  try {
    await boss.start();
    for (const name of Object.values(QUEUES)) {
      await boss.createQueue(name, {
        name,
        retryLimit: options.retryLimit ?? 10,
        retryDelay: options.retryDelaySeconds ?? 5,
        retryBackoff: true,
        expireInSeconds: options.expireInSeconds ?? 3600,
      });
    }
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    throw new PsaBridgeError('STORAGE', 'createJobQueue(): pg-boss could not start on the database', {
      cause: new Error((error as { code?: string }).code ?? 'pg-boss start failed'),
    });
  }
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 2 });
  pool.on('error', () => {});
  const progress = createProgressStore(pool);

  /** Finds which queue a job id is in. */
  const find = async (jobId: string) => {
    for (const name of Object.values(QUEUES)) {
      const job = await boss.getJobById<JobData>(name, jobId, { includeArchive: true });
      if (job) return { name, job };
    }
    return undefined;
  };

  /** Sends a job under its id; an ended job of the same id makes way for the new one. */
  const send = async (name: string, id: string, data: JobData): Promise<string> => {
    if (await boss.send(name, data, { id })) return id;
    const existing = await boss.getJobById<JobData>(name, id, { includeArchive: true });
    if (existing && !ENDED.has(existing.state)) return id;
    await boss.deleteJob(name, id);
    await boss.send(name, data, { id });
    return id;
  };

  const workers = new Set<JobWorker>();
  return {
    async enqueueImport({ tenant, plan, options: jobOptions = {} }) {
      if (typeof tenant !== 'string' || tenant === '' || typeof plan?.id !== 'string') {
        throw new PsaBridgeError(
          'VALIDATION',
          'enqueueImport(): needs { tenant, plan } with a plan from bridge.imports.plan',
        );
      }
      return send(QUEUES.import, jobIdOf('import', tenant, plan.id), {
        kind: 'import',
        tenant,
        plan,
        options: jobOptions,
      });
    },
    async enqueueAutoMap({ tenant, connectionId, options: jobOptions = {} }) {
      if (
        typeof tenant !== 'string' ||
        tenant === '' ||
        typeof connectionId !== 'string' ||
        connectionId === ''
      ) {
        throw new PsaBridgeError('VALIDATION', 'enqueueAutoMap(): needs { tenant, connectionId }');
      }
      return send(QUEUES['auto-map'], jobIdOf('auto-map', tenant, connectionId, JSON.stringify(jobOptions)), {
        kind: 'auto-map',
        tenant,
        connectionId,
        options: jobOptions,
      });
    },
    async status(jobId) {
      const found = await find(jobId);
      if (!found) return null;
      const { job } = found;
      const state = STATES[job.state] ?? 'queued';
      const output = job.output as { message?: string; value?: { message?: string } } | null;
      const reading = await progress.read(jobId);
      return {
        id: jobId,
        kind: job.data.kind,
        tenant: job.data.tenant,
        state,
        retries: job.retryCount,
        ...(reading ? { progress: reading } : {}),
        ...(state === 'done' && output ? { report: output as unknown as ImportReport | AutoMapReport } : {}),
        ...((state === 'failed' || state === 'retrying') && output
          ? { error: output.message ?? output.value?.message ?? 'failed' }
          : {}),
      } satisfies JobStatus;
    },
    async cancel(jobId) {
      const found = await find(jobId);
      if (!found) throw new PsaBridgeError('NOT_FOUND', `No job with id "${jobId}"`);
      await boss.cancel(found.name, jobId);
    },
    async startWorker(workerOptions) {
      const worker = await startJobWorker(boss, progress, workerOptions);
      workers.add(worker);
      return worker;
    },
    async close() {
      for (const worker of workers) await worker.stop({ graceful: false });
      await boss.stop({ graceful: false, wait: true, timeout: 5_000 });
      await pool.end();
    },
  };
}
