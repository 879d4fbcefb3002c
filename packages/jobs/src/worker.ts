import { randomUUID } from 'node:crypto';
import type { AutoMapReport, Bridge, ImportReport } from '@psa-bridge/core';
import type PgBoss from 'pg-boss';
import type { JobData, JobKind } from './job-types.js';
import type { ProgressStore } from './progress-store.js';
import { QUEUES } from './queues.js';

/** What a worker tells about its jobs. */
export type WorkerEvent =
  | { readonly type: 'started'; readonly jobId: string; readonly kind: JobKind; readonly tenant: string }
  | { readonly type: 'progress'; readonly jobId: string; readonly done: number; readonly total?: number }
  | { readonly type: 'finished'; readonly jobId: string; readonly kind: JobKind }
  | { readonly type: 'failed'; readonly jobId: string; readonly code: string; readonly message: string };

/** Options of `startWorker`. */
export interface WorkerOptions {
  /**
   * The bridge of a tenant: its PSA providers, GoTo client and (PostgreSQL) stores. Called once
   * per job; cache bridges if building one is costly.
   */
  bridgeFor(tenant: string): Bridge | Promise<Bridge>;
  /** Jobs of each kind this process runs at once. @default 2 */
  readonly concurrency?: number;
  /**
   * Lease of a running import, in milliseconds: when a worker dies, another may take its import
   * over this long after its last renewal. @default 60000
   */
  readonly leaseTtlMs?: number;
  /** How often an idle worker asks for jobs, in seconds. @default 1 */
  readonly pollingIntervalSeconds?: number;
  /** Started, progress, finished and failed events, for logs. Secret-free. */
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** A worker running jobs on this process. */
export interface JobWorker {
  /** Identifies this worker, like the runner id of its imports. */
  readonly id: string;
  /**
   * Stops taking jobs. `graceful` (the default) lets running jobs finish within `timeoutMs`;
   * after that, or with `graceful: false`, they stop before their next batch and are handed back
   * to the queue, where another worker resumes them from the journal.
   */
  stop(options?: { readonly graceful?: boolean; readonly timeoutMs?: number }): Promise<void>;
}

/** How often a running job writes its progress and looks for a cancel, in milliseconds. */
const PROGRESS_EVERY_MS = 500;

/** Starts a worker on `boss` (see `JobQueue.startWorker`). */
export async function startJobWorker(
  boss: PgBoss,
  progress: ProgressStore,
  options: WorkerOptions,
): Promise<JobWorker> {
  const id = `worker-${randomUUID()}`;
  const running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  const emit = (event: WorkerEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A logging callback never breaks a job.
    }
  };

  /** Writes progress now and then, and aborts the job once it was cancelled. */
  const tracker = (queue: string, jobId: string, controller: AbortController) => {
    let last = 0;
    return (done: number, total: number | undefined): void => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      emit({ type: 'progress', jobId, done, ...(total === undefined ? {} : { total }) });
      void progress.update(jobId, done, total).catch(() => undefined);
      void boss
        .getJobById(queue, jobId)
        .then((job) => {
          if (job?.state === 'cancelled') controller.abort(new Error('the job was cancelled'));
        })
        .catch(() => undefined);
    };
  };

  const runJob = async (job: PgBoss.Job<JobData>): Promise<ImportReport | AutoMapReport> => {
    const controller = new AbortController();
    const data = job.data;
    const work = (async () => {
      emit({ type: 'started', jobId: job.id, kind: data.kind, tenant: data.tenant });
      const bridge = await options.bridgeFor(data.tenant);
      const report = tracker(QUEUES[data.kind], job.id, controller);
      if (data.kind === 'import') {
        // Progress in the run's own counts (every row it accounts for), so done reaches total.
        let last = { done: 0, total: data.plan.rows.length };
        await progress.start(job.id, data.tenant, 'import', last.total);
        const result = await bridge.imports.run(data.plan, {
          ...data.options,
          leaseTtlMs: options.leaseTtlMs ?? 60_000,
          runnerId: id,
          signal: controller.signal,
          onProgress: ({ done, total }) => {
            last = { done, total };
            report(done, total);
          },
        });
        await progress.update(job.id, last.total, last.total);
        return result;
      }
      await progress.start(job.id, data.tenant, 'auto-map', undefined);
      const result = await bridge.mappings.autoMapAll(data.connectionId, {
        ...data.options,
        signal: controller.signal,
        onProgress: ({ phase, done, total }) => {
          if (phase === 'matching') report(done, total);
        },
      });
      await progress.update(job.id, result.rows.length, result.rows.length);
      return result;
    })();
    running.set(job.id, { controller, done: work.catch(() => undefined) });
    try {
      const result = await work;
      emit({ type: 'finished', jobId: job.id, kind: data.kind });
      return result;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      emit({
        type: 'failed',
        jobId: job.id,
        code: typeof code === 'string' ? code : 'INTERNAL',
        message: error instanceof Error ? error.message : 'failed',
      });
      // pg-boss records the failure and retries the job, on this worker or another.
      throw error;
    } finally {
      running.delete(job.id);
    }
  };

  const workIds: string[] = [];
  const concurrency = options.concurrency ?? 2;
  for (const name of Object.values(QUEUES)) {
    for (let i = 0; i < concurrency; i += 1) {
      workIds.push(
        await boss.work<JobData>(
          name,
          { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
          async ([job]) => (job ? runJob(job) : undefined),
        ),
      );
    }
  }

  let stopped = false;
  return {
    id,
    async stop(stopOptions = {}) {
      if (stopped) return;
      stopped = true;
      await Promise.all(workIds.map((workId) => boss.offWork({ id: workId }).catch(() => undefined)));
      const inFlight = [...running.values()];
      const finished = Promise.all(inFlight.map((entry) => entry.done));
      if (stopOptions.graceful !== false) {
        const timeout = new Promise((resolve) =>
          setTimeout(resolve, stopOptions.timeoutMs ?? 30_000).unref(),
        );
        await Promise.race([finished, timeout]);
      }
      // Whatever still runs stops before its next batch and goes back to the queue.
      for (const entry of running.values()) entry.controller.abort(new Error('the worker is stopping'));
      await finished;
    },
  };
}
