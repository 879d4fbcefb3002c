import { randomUUID } from 'node:crypto';
import {
  type AutoMapReport,
  type Bridge,
  type ImportReport,
  isPsaBridgeError,
  type RefreshReport,
} from '@psa-bridge/core';
import type PgBoss from 'pg-boss';
import type { JobTable } from './job-table.js';
import type { JobData, JobKind, RefreshTickData } from './job-types.js';
import type { ProgressStore } from './progress-store.js';
import { QUEUES } from './queues.js';

/** What a worker tells about its jobs. */
export type WorkerEvent =
  | { readonly type: 'started'; readonly jobId: string; readonly kind: JobKind; readonly tenant: string }
  | { readonly type: 'progress'; readonly jobId: string; readonly done: number; readonly total?: number }
  | { readonly type: 'finished'; readonly jobId: string; readonly kind: JobKind }
  | { readonly type: 'failed'; readonly jobId: string; readonly code: string; readonly message: string }
  | {
      /**
       * The job went back to the queue, not counted as a retry: this worker is stopping
       * (`stopping`), or another runner holds the import's lease (`lease-held`).
       */
      readonly type: 'handed-back';
      readonly jobId: string;
      readonly reason: 'stopping' | 'lease-held';
    }
  | {
      /** A job whose worker stopped answering (killed, frozen) was put back by this worker's watchdog. */
      readonly type: 'requeued';
      readonly jobId: string;
    }
  | { readonly type: 'cancelled'; readonly jobId: string };

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
  /**
   * How long a running job may go without its worker's heartbeat (sent every second) before any
   * worker's watchdog puts it back in the queue: a killed or frozen worker's job resumes after
   * this, not after pg-boss's `expireInSeconds`. @default 10000
   */
  readonly staleAfterMs?: number;
  /** How often an idle worker asks for jobs, in seconds. @default 1 */
  readonly pollingIntervalSeconds?: number;
  /** Started, progress, finished, failed, handed-back, requeued and cancelled events, for logs. Secret-free. */
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** A worker running jobs on this process. */
export interface JobWorker {
  /** Identifies this worker, like the runner id of its imports. */
  readonly id: string;
  /**
   * Stops taking jobs. `graceful` (the default) lets running jobs finish within `timeoutMs`;
   * after that, or with `graceful: false`, they stop before their next batch and are handed back
   * to the queue at once (durably, before `stop` resolves), where another worker resumes them
   * from the journal within its polling interval.
   */
  stop(options?: { readonly graceful?: boolean; readonly timeoutMs?: number }): Promise<void>;
}

/** What the worker needs from the queue. */
export interface WorkerDeps {
  readonly boss: PgBoss;
  readonly progress: ProgressStore;
  readonly table: JobTable;
  /** Enqueues the refreshes that are due (what a schedule tick does). */
  readonly tick: () => Promise<readonly string[]>;
}

/** What a fetched job holds: a tenant's job, or the schedule's tick. */
type FetchedData = JobData | RefreshTickData;

/** How often a running job writes its heartbeat, progress and looks for a cancel, in milliseconds. */
const HEARTBEAT_MS = 1_000;
/** How long a job whose import lease another runner holds waits before it is tried again. */
const LEASE_HELD_DELAY_MS = 2_000;

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** Why a running job was stopped from outside its own work. */
type StopReason = 'stopping' | 'cancelled' | 'superseded';

/** Starts a worker (see `JobQueue.startWorker`). */
export async function startJobWorker(deps: WorkerDeps, options: WorkerOptions): Promise<JobWorker> {
  const { boss, progress, table } = deps;
  const id = `worker-${randomUUID()}`;
  const running = new Map<string, { stop: (reason: StopReason) => void; done: Promise<unknown> }>();
  const stopping = new AbortController();
  const staleAfterMs = options.staleAfterMs ?? 10_000;
  const emit = (event: WorkerEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A logging callback never breaks a job.
    }
  };

  /** The schedule's minute tick: enqueues what is due; a failed tick is simply the next one's work. */
  const runTick = async (queue: string, job: PgBoss.Job<FetchedData>): Promise<void> => {
    const attempt = randomUUID();
    await progress.start(job.id, '', 'refresh', undefined, attempt).catch(() => undefined);
    const enqueued = await deps.tick().catch(() => [] as readonly string[]);
    await table.complete(queue, job.id, attempt, { enqueued: enqueued.length }).catch(() => false);
  };

  const runJob = async (queue: string, job: PgBoss.Job<JobData>): Promise<void> => {
    const controller = new AbortController();
    const attempt = randomUUID();
    const data = job.data;
    let stopReason: StopReason | undefined;
    const stop = (reason: StopReason) => {
      stopReason ??= reason;
      controller.abort(new Error(`the job stopped: ${reason}`));
    };
    let last = { done: 0, total: undefined as number | undefined };
    const beat = async () => {
      if (!(await progress.heartbeat(job.id, attempt).catch(() => true))) {
        // Another attempt runs the job now (this worker was frozen or cut off): leave it alone.
        stop('superseded');
        return;
      }
      void progress.update(job.id, last.done, last.total).catch(() => undefined);
      const state = (await boss.getJobById(queue, job.id).catch(() => null))?.state;
      if (state === 'cancelled') stop('cancelled');
    };
    const heart = setInterval(() => void beat(), HEARTBEAT_MS);
    heart.unref();
    const work = (async (): Promise<ImportReport | AutoMapReport | RefreshReport> => {
      emit({ type: 'started', jobId: job.id, kind: data.kind, tenant: data.tenant });
      const total = data.kind === 'import' ? data.plan.rows.length : undefined;
      last = { done: 0, total };
      // An attempt before this one (handed back, re-queued, retried) left progress: this run goes on with it.
      const continues = (await progress.read(job.id)) !== undefined;
      await progress.start(job.id, data.tenant, data.kind, total, attempt);
      const bridge = await options.bridgeFor(data.tenant);
      let lastEmit = 0;
      const report = (done: number, of: number | undefined) => {
        last = { done, total: of };
        if (Date.now() - lastEmit < HEARTBEAT_MS / 2) return;
        lastEmit = Date.now();
        emit({ type: 'progress', jobId: job.id, done, ...(of === undefined ? {} : { total: of }) });
      };
      if (data.kind === 'import') {
        const result = await bridge.imports.run(data.plan, {
          ...data.options,
          leaseTtlMs: options.leaseTtlMs ?? 60_000,
          runnerId: `${id}:${attempt}`,
          continues,
          signal: controller.signal,
          // Progress in the run's own counts (every row it accounts for), so done reaches total.
          onProgress: ({ done, total: of }) => report(done, of),
        });
        await progress.update(job.id, last.total ?? 0, last.total);
        return result;
      }
      if (data.kind === 'refresh') {
        const refreshed = await bridge.refresh(data.connectionId, {
          ...data.options,
          signal: controller.signal,
          onProgress: ({ read, expected }) => report(read, expected),
        });
        return refreshed;
      }
      const result = await bridge.mappings.autoMapAll(data.connectionId, {
        ...data.options,
        signal: controller.signal,
        onProgress: ({ phase, done, total: of }) => {
          if (phase === 'matching') report(done, of);
        },
      });
      await progress.update(job.id, result.rows.length, result.rows.length);
      return result;
    })();
    running.set(job.id, { stop, done: work.catch(() => undefined) });
    try {
      const result = await work;
      await table.complete(queue, job.id, attempt, result);
      emit({ type: 'finished', jobId: job.id, kind: data.kind });
    } catch (error) {
      await settleFailure(queue, job.id, attempt, error, stopReason);
    } finally {
      clearInterval(heart);
      running.delete(job.id);
    }
  };

  /** Records why a job did not finish; every write is for this attempt only. */
  const settleFailure = async (
    queue: string,
    jobId: string,
    attempt: string,
    error: unknown,
    stopReason: StopReason | undefined,
  ): Promise<void> => {
    if (stopReason === 'cancelled') {
      emit({ type: 'cancelled', jobId });
      return;
    }
    if (stopReason === 'superseded') return;
    if (stopReason === 'stopping') {
      // Durable before stop() resolves: the job is queued again at once, not after expireInSeconds.
      if (await table.handBack(queue, jobId, attempt, 0, 'the worker running it stopped').catch(() => false))
        emit({ type: 'handed-back', jobId, reason: 'stopping' });
      return;
    }
    if (isPsaBridgeError(error, 'CONFLICT')) {
      // Another runner holds the import's lease (or just took it over): try again shortly.
      if (
        await table
          .handBack(queue, jobId, attempt, LEASE_HELD_DELAY_MS, 'another runner holds the import')
          .catch(() => false)
      )
        emit({ type: 'handed-back', jobId, reason: 'lease-held' });
      return;
    }
    const code = isPsaBridgeError(error) ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : 'failed';
    emit({ type: 'failed', jobId, code, message });
    await table.fail(queue, jobId, attempt, message).catch(() => undefined);
  };

  /** One slot: asks for a job, runs it, asks again; sleeps while the queue is empty. */
  const slot = async (queue: string): Promise<void> => {
    while (!stopping.signal.aborted) {
      let jobs: PgBoss.Job<FetchedData>[] = [];
      try {
        jobs = (await boss.fetch<FetchedData>(queue, { batchSize: 1 })) ?? [];
      } catch {
        jobs = [];
      }
      const [job] = jobs;
      if (!job) {
        await sleep((options.pollingIntervalSeconds ?? 1) * 1000, stopping.signal);
        continue;
      }
      if (job.data.kind === 'refresh-tick') {
        await runTick(queue, job);
        continue;
      }
      if (stopping.signal.aborted) {
        // Fetched while stopping: never started, so it goes straight back.
        await progress
          .start(job.id, job.data.tenant, job.data.kind, undefined, 'returned')
          .catch(() => undefined);
        await table
          .handBack(queue, job.id, 'returned', 0, 'the worker stopped before starting it')
          .catch(() => false);
        return;
      }
      await runJob(queue, job as PgBoss.Job<JobData>);
    }
  };

  /** Puts back jobs whose worker stopped answering; every worker runs it, so any survivor recovers them. */
  const watchdog = setInterval(
    () => {
      void table
        .requeueStale(Object.values(QUEUES), staleAfterMs)
        .then((ids) => {
          for (const jobId of ids) emit({ type: 'requeued', jobId });
        })
        .catch(() => undefined);
    },
    Math.max(500, Math.min(staleAfterMs / 2, 5_000)),
  );
  watchdog.unref();

  const concurrency = options.concurrency ?? 2;
  const slots: Promise<void>[] = [];
  for (const queue of Object.values(QUEUES)) {
    // One slot takes the schedule's ticks: a tick only enqueues.
    const count = queue === QUEUES['refresh-tick'] ? 1 : concurrency;
    for (let i = 0; i < count; i += 1) slots.push(slot(queue));
  }

  let stopped: Promise<void> | undefined;
  return {
    id,
    stop(stopOptions = {}) {
      stopped ??= (async () => {
        stopping.abort();
        clearInterval(watchdog);
        const finished = Promise.all([...running.values()].map((entry) => entry.done));
        if (stopOptions.graceful !== false) {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise((resolve) => {
            timer = setTimeout(resolve, stopOptions.timeoutMs ?? 30_000);
          });
          await Promise.race([finished, timeout]);
          clearTimeout(timer);
        }
        // Whatever still runs stops before its next batch and is handed back, durably, before stop resolves.
        for (const entry of running.values()) entry.stop('stopping');
        await Promise.all(slots);
      })();
      return stopped;
    },
  };
}
