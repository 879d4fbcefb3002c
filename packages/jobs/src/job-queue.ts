import { type ImportPlan, isPsaBridgeError, PsaBridgeError } from '@psa-bridge/core';
import { migrate } from '@psa-bridge/postgres';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { checkJobId, checkJobQueueOptions, checkTenantArgument, requireObject } from './check-input.js';
import { canonicalJson, jobIdOf } from './job-ids.js';
import { createJobTable } from './job-table.js';
import type { AutoMapJobOptions, ImportJobOptions, JobData, JobState, JobStatus } from './job-types.js';
import { createProgressStore } from './progress-store.js';
import { QUEUES } from './queues.js';
import { createRefreshJobs, type RefreshJobs } from './refresh-jobs.js';
import { createRefreshSchedules } from './refresh-schedules.js';
import { type JobWorker, startJobWorker, type WorkerOptions } from './worker.js';

/** Options of {@link createJobQueue}. */
export interface JobQueueOptions {
  /** The PostgreSQL database of the stores and the jobs, like `postgres://user:password@host/db`. */
  readonly connectionString: string;
  /** Schema of pg-boss's tables: lower-case letters, digits and `_`. @default 'psa_bridge_jobs' */
  readonly schema?: string;
  /**
   * pg-boss's last resort for a job nobody finishes, in seconds. Workers put back the jobs of a
   * dead or frozen worker themselves within `staleAfterMs` (see `WorkerOptions`), so this only
   * matters when no worker runs at all. @default 3600
   */
  readonly expireInSeconds?: number;
  /** How often pg-boss's maintenance runs, in seconds (at least 1). @default 60 */
  readonly maintenanceIntervalSeconds?: number;
  /** Attempts after the first. @default 10 */
  readonly retryLimit?: number;
  /** Seconds before the first retry; later ones back off. @default 5 */
  readonly retryDelaySeconds?: number;
  /** Connections of the queue's pools (at least 1). @default 5 */
  readonly maxConnections?: number;
  /**
   * How often pg-boss looks at its schedules, in seconds (1 to 45): the refresh schedules' minute
   * tick comes at most this late. @default 30
   */
  readonly scheduleCheckSeconds?: number;
}

/** Options of {@link JobQueue.list}. */
export interface JobListOptions {
  /** Only jobs in this state. */
  readonly state?: JobState;
  /** At most this many, newest first (1 to 1000). @default 100 */
  readonly limit?: number;
}

/** Durable imports, auto-maps and read-model refreshes (SPEC S2, R1), on pg-boss in the stores' PostgreSQL. */
export interface JobQueue extends RefreshJobs {
  /**
   * Queues an import of `plan` for `tenant`; resolves the job id. A job is what it does: the same
   * plan with the same options (in any key order) of the same tenant is one job while it is
   * queued or running (enqueueing it again resolves the same id). Once it has ended, enqueueing
   * it again is a new job with a new id, and the ended job's status and report stay readable.
   */
  enqueueImport(request: { tenant: string; plan: ImportPlan; options?: ImportJobOptions }): Promise<string>;
  /** Queues `autoMapAll` for a connection of `tenant`; one job per tenant, connection and options (any key order) at a time. */
  enqueueAutoMap(request: {
    tenant: string;
    connectionId: string;
    options?: AutoMapJobOptions;
  }): Promise<string>;
  /** A job of `tenant`: its state, progress and (when done) report; `null` for an unknown id or another tenant's. */
  status(tenant: string, jobId: string): Promise<JobStatus | null>;
  /** Cancels a job of `tenant`: a queued one never runs, a running one stops before its next batch. `NOT_FOUND` for another tenant's. */
  cancel(tenant: string, jobId: string): Promise<void>;
  /** The jobs of `tenant`, newest first. */
  list(tenant: string, options?: JobListOptions): Promise<readonly JobStatus[]>;
  /** Runs jobs on this process until `stop()`. */
  startWorker(options: WorkerOptions): Promise<JobWorker>;
  /** Stops this queue's workers (handing their jobs back), pg-boss and the pools. */
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
const PGBOSS_STATES = Object.fromEntries(Object.entries(STATES).map(([boss, ours]) => [ours, boss]));

const ENDED = new Set(['completed', 'cancelled', 'failed']);

/** Lets one process at a time start pg-boss and create the queues ("psabjobs", cut to 31 bits). */
const START_LOCK = 0x70736162;

/** Turns a driver or pg-boss failure into `STORAGE`, naming what was being done, never the input. */
async function storage<T>(doing: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isPsaBridgeError(error)) throw error;
    const code = (error as { code?: unknown }).code;
    throw new PsaBridgeError('STORAGE', `${doing} failed: the job database did not answer as expected`, {
      details: { doing, ...(typeof code === 'string' ? { sqlState: code } : {}) },
    });
  }
}

/** Starts pg-boss and creates the queues under one advisory lock, so workers starting together never deadlock. */
async function startBoss(boss: PgBoss, pool: pg.Pool, options: JobQueueOptions): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [START_LOCK]);
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
      // pg-boss's own schedule: one tick a minute for all workers, which enqueues the due refreshes.
      await boss.schedule(QUEUES['refresh-tick'], '* * * * *', { kind: 'refresh-tick' }, { retryLimit: 0 });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [START_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

/**
 * Opens the job queue: runs psa-bridge's `migrate()` (for the progress and rate-limit tables) and
 * starts pg-boss, which creates and upgrades its own schema. Workers and producers each open one;
 * many may start at once.
 *
 * @example
 * ```ts
 * import { createJobQueue } from '@psa-bridge/jobs';
 * const jobs = await createJobQueue({ connectionString: process.env.DATABASE_URL! });
 * const jobId = await jobs.enqueueImport({ tenant: partnerId, plan });
 * console.log(await jobs.status(partnerId, jobId)); // { state: 'queued', ... } then 'running', 'done'
 * ```
 */
export async function createJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  checkJobQueueOptions(options);
  const schema = options.schema ?? 'psa_bridge_jobs';
  await migrate({ connectionString: options.connectionString });
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: Math.min(options.maxConnections ?? 5, 3),
  });
  pool.on('error', () => {});
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema,
    max: options.maxConnections ?? 5,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    cronMonitorIntervalSeconds: options.scheduleCheckSeconds ?? 30,
    cronWorkerIntervalSeconds: Math.min(options.scheduleCheckSeconds ?? 5, 5),
    application_name: 'psa-bridge-jobs',
  });
  // pg-boss reports background errors as events; they must not crash the app.
  boss.on('error', () => {});
  try {
    await startBoss(boss, pool, options);
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    await pool.end().catch(() => undefined);
    const code = (error as { code?: unknown }).code;
    throw new PsaBridgeError('STORAGE', 'createJobQueue(): pg-boss could not start on the database', {
      details: typeof code === 'string' ? { sqlState: code } : {},
    });
  }
  const progress = createProgressStore(pool);
  const table = createJobTable(pool, schema);

  /** A job of `tenant` by id, in whichever queue it is; `undefined` for another tenant's. */
  const find = async (tenant: string, jobId: string) => {
    for (const name of Object.values(QUEUES)) {
      const job = await boss.getJobById<JobData>(name, jobId, { includeArchive: true });
      if (job) return job.data?.tenant === tenant ? { name, job } : undefined;
    }
    return undefined;
  };

  const statusOf = async (job: PgBoss.JobWithMetadata<JobData>): Promise<JobStatus> => {
    const state = STATES[job.state] ?? 'queued';
    const output = job.output as { message?: string; value?: { message?: string } } | null;
    const reading = await progress.read(job.id);
    return {
      id: job.id,
      kind: job.data.kind,
      tenant: job.data.tenant,
      state,
      retries: job.retryCount,
      ...(reading ? { progress: reading } : {}),
      ...(state === 'done' && output
        ? { report: output as unknown as NonNullable<JobStatus['report']> }
        : {}),
      ...((state === 'failed' || state === 'retrying') && output?.message ? { error: output.message } : {}),
      ...((state === 'failed' || state === 'retrying') && output?.value?.message
        ? { error: output.value.message }
        : {}),
    } satisfies JobStatus;
  };

  /**
   * Sends a job under the id of what it does: the first id of its series that is free, or that of
   * its queued or running job. An ended job keeps its id (and report); a new run gets the next id.
   */
  const send = async (name: string, identity: readonly string[], data: JobData): Promise<string> => {
    for (let run = 0; run < 10_000; run += 1) {
      const id = jobIdOf(...identity, String(run));
      if (await boss.send(name, data, { id })) return id;
      const existing = await boss.getJobById<JobData>(name, id, { includeArchive: true });
      if (existing && !ENDED.has(existing.state)) return id;
    }
    throw new PsaBridgeError('CONFLICT', 'This job was run 10,000 times; plan again for a new import');
  };

  const refreshes = createRefreshJobs(
    (name, identity, data) => storage('Enqueueing a refresh', () => send(name, identity, data)),
    createRefreshSchedules(pool),
  );
  const workers = new Set<JobWorker>();
  return {
    ...refreshes,
    async enqueueImport(request) {
      const {
        tenant,
        plan,
        options: jobOptions = {},
      } = requireObject(request, 'enqueueImport()', '{ tenant, plan }');
      checkTenantArgument(tenant, 'enqueueImport()');
      if (
        typeof plan !== 'object' ||
        plan === null ||
        typeof plan.id !== 'string' ||
        !Array.isArray(plan.rows)
      ) {
        throw new PsaBridgeError(
          'VALIDATION',
          'enqueueImport(): plan must be a plan from bridge.imports.plan',
          {
            details: { field: 'plan' },
          },
        );
      }
      const options = requireObject(
        jobOptions,
        'enqueueImport()',
        'options as an object',
      ) as ImportJobOptions;
      return storage('Enqueueing an import', () =>
        send(QUEUES.import, ['import', tenant, plan.id, canonicalJson(options)], {
          kind: 'import',
          tenant,
          plan,
          options,
        }),
      );
    },
    async enqueueAutoMap(request) {
      const {
        tenant,
        connectionId,
        options: jobOptions = {},
      } = requireObject(request, 'enqueueAutoMap()', '{ tenant, connectionId }');
      checkTenantArgument(tenant, 'enqueueAutoMap()');
      if (typeof connectionId !== 'string' || connectionId.trim() === '') {
        throw new PsaBridgeError('VALIDATION', 'enqueueAutoMap(): connectionId must be a connection id', {
          details: { field: 'connectionId' },
        });
      }
      const options = requireObject(
        jobOptions,
        'enqueueAutoMap()',
        'options as an object',
      ) as AutoMapJobOptions;
      return storage('Enqueueing an auto-map', () =>
        send(QUEUES['auto-map'], ['auto-map', tenant, connectionId, canonicalJson(options)], {
          kind: 'auto-map',
          tenant,
          connectionId,
          options,
        }),
      );
    },
    async status(tenant, jobId) {
      checkTenantArgument(tenant, 'status()');
      checkJobId(jobId, 'status()');
      return storage('Reading a job', async () => {
        const found = await find(tenant, jobId);
        return found ? statusOf(found.job) : null;
      });
    },
    async cancel(tenant, jobId) {
      checkTenantArgument(tenant, 'cancel()');
      checkJobId(jobId, 'cancel()');
      await storage('Cancelling a job', async () => {
        const found = await find(tenant, jobId);
        if (!found) throw new PsaBridgeError('NOT_FOUND', 'No job with this id for this tenant');
        await boss.cancel(found.name, jobId);
      });
    },
    async list(tenant, listOptions = {}) {
      checkTenantArgument(tenant, 'list()');
      const { state, limit = 100 } = requireObject(listOptions, 'list()', '{ state?, limit? }');
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new PsaBridgeError('VALIDATION', 'list(): limit must be a whole number from 1 to 1000', {
          details: { field: 'limit' },
        });
      }
      if (state !== undefined && !(state in PGBOSS_STATES)) {
        throw new PsaBridgeError(
          'VALIDATION',
          `list(): state must be one of ${Object.keys(PGBOSS_STATES).join(', ')}`,
          {
            details: { field: 'state' },
          },
        );
      }
      return storage('Listing jobs', async () => {
        const result = await pool.query<{ id: string; name: string }>(
          `SELECT id, name FROM "${schema}".job
           WHERE name = ANY($1::text[]) AND data->>'tenant' = $2 AND ($3::text IS NULL OR state::text = $3)
           ORDER BY created_on DESC, id LIMIT $4`,
          [Object.values(QUEUES), tenant, state === undefined ? null : PGBOSS_STATES[state], limit],
        );
        const statuses: JobStatus[] = [];
        for (const row of result.rows) {
          const job = await boss.getJobById<JobData>(row.name, row.id);
          if (job) statuses.push(await statusOf(job));
        }
        return statuses;
      });
    },
    async startWorker(workerOptions) {
      const checked = requireObject(workerOptions, 'startWorker()', '{ bridgeFor }') as WorkerOptions;
      if (typeof checked.bridgeFor !== 'function') {
        throw new PsaBridgeError(
          'VALIDATION',
          'startWorker(): bridgeFor must be a function (tenant) => bridge',
          {
            details: { field: 'bridgeFor' },
          },
        );
      }
      for (const field of ['concurrency', 'leaseTtlMs', 'staleAfterMs', 'pollingIntervalSeconds'] as const) {
        const value = checked[field];
        if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
          throw new PsaBridgeError('VALIDATION', `startWorker(): ${field} must be a positive number`, {
            details: { field },
          });
        }
      }
      const worker = await startJobWorker(
        { boss, progress, table, tick: () => refreshes.runDueRefreshes() },
        checked,
      );
      workers.add(worker);
      return worker;
    },
    async close() {
      for (const worker of workers) await worker.stop({ graceful: false });
      await boss.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
