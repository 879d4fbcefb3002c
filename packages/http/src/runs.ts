import {
  type AutoMapReport,
  type Bridge,
  type ImportPlan,
  type ImportReport,
  isPsaBridgeError,
} from '@psa-bridge/core';

/** Where a long run is, as `GET …/{id}` and the event stream tell it. */
export interface RunStatus {
  /** The run's id: the plan id for imports, the auto-map id for auto-maps. */
  readonly id: string;
  /** What runs. */
  readonly kind: 'import' | 'auto-map';
  /** `queued` (jobs only), `running`, `done` or `failed`. */
  readonly state: 'queued' | 'running' | 'done' | 'failed';
  /** Contacts (import) or accounts (auto-map) done, of `total`, and the time left when known. */
  readonly progress?: {
    readonly done: number;
    readonly total?: number;
    readonly etaMs?: number;
    readonly totals?: Readonly<Record<string, number>>;
  };
  /** The report, once done. */
  readonly report?: ImportReport | AutoMapReport;
  /** Why it failed. */
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * The job queue of `@psa-bridge/jobs` as the handler uses it (structurally, so this package does
 * not depend on it): give `createJobQueue(...)` to run imports and auto-maps on workers.
 */
export interface HttpJobQueue {
  enqueueImport(request: { tenant: string; plan: ImportPlan }): Promise<string>;
  enqueueAutoMap(request: {
    tenant: string;
    connectionId: string;
    options?: { dryRun?: boolean; save?: 'safe' | 'found'; onlyUnmapped?: boolean };
  }): Promise<string>;
  status(
    tenant: string,
    jobId: string,
  ): Promise<{
    readonly state: string;
    readonly progress?: { readonly done: number; readonly total?: number; readonly etaMs?: number };
    readonly report?: unknown;
    readonly error?: string;
  } | null>;
}

interface Entry {
  status: RunStatus;
  readonly jobId?: string;
  readonly listeners: Set<(status: RunStatus) => void>;
}

/** Long runs of every tenant: started off the request, read by polling or as events. */
export interface RunRegistry {
  /** Starts an import of `plan` (or queues it), unless one of that plan runs already. */
  startImport(tenant: string, bridge: Bridge, plan: ImportPlan): Promise<RunStatus>;
  /** Starts (or queues) an auto-map of a connection. */
  startAutoMap(
    tenant: string,
    bridge: Bridge,
    connectionId: string,
    options: { dryRun?: boolean; save?: 'safe' | 'found'; onlyUnmapped?: boolean },
  ): Promise<RunStatus>;
  /** A run of `tenant`, or `undefined`. */
  status(tenant: string, kind: RunStatus['kind'], id: string): Promise<RunStatus | undefined>;
  /** Calls `listener` on every change of a run of `tenant` until the returned function is called. */
  watch(
    tenant: string,
    kind: RunStatus['kind'],
    id: string,
    listener: (status: RunStatus) => void,
  ): () => void;
}

const failure = (error: unknown) =>
  isPsaBridgeError(error)
    ? { code: error.code, message: error.message }
    : { code: 'INTERNAL', message: 'Internal error' };

/** A {@link RunRegistry}: in this process, or on `jobs` when given. */
export function createRunRegistry(jobs?: HttpJobQueue): RunRegistry {
  const runs = new Map<string, Entry>();
  const key = (tenant: string, kind: string, id: string) => `${tenant}\u0000${kind}\u0000${id}`;
  const update = (entry: Entry, status: RunStatus): void => {
    entry.status = status;
    for (const listener of entry.listeners) {
      try {
        listener(status);
      } catch {
        // A closed stream's listener never stops the run.
      }
    }
  };
  const fromJob = async (tenant: string, entry: Entry): Promise<RunStatus> => {
    if (!jobs || !entry.jobId) return entry.status;
    const job = await jobs.status(tenant, entry.jobId);
    if (!job) return entry.status;
    const state: RunStatus['state'] =
      job.state === 'done'
        ? 'done'
        : job.state === 'failed' || job.state === 'cancelled'
          ? 'failed'
          : job.state === 'queued'
            ? 'queued'
            : 'running';
    const next: RunStatus = {
      id: entry.status.id,
      kind: entry.status.kind,
      state,
      ...(job.progress ? { progress: job.progress } : {}),
      ...(job.report ? { report: job.report as ImportReport | AutoMapReport } : {}),
      ...(state === 'failed' ? { error: { code: 'UPSTREAM', message: job.error ?? 'the job failed' } } : {}),
    };
    if (JSON.stringify(next) !== JSON.stringify(entry.status)) update(entry, next);
    return next;
  };
  const begin = (tenant: string, kind: RunStatus['kind'], id: string, jobId?: string): Entry => {
    const entry: Entry = {
      status: { id, kind, state: jobId ? 'queued' : 'running' },
      ...(jobId ? { jobId } : {}),
      listeners: new Set(),
    };
    runs.set(key(tenant, kind, id), entry);
    return entry;
  };
  const running = (tenant: string, kind: RunStatus['kind'], id: string) => {
    const entry = runs.get(key(tenant, kind, id));
    return entry && (entry.status.state === 'running' || entry.status.state === 'queued') ? entry : undefined;
  };

  return {
    async startImport(tenant, bridge, plan) {
      const current = running(tenant, 'import', plan.id);
      if (current) return current.status;
      if (jobs) return begin(tenant, 'import', plan.id, await jobs.enqueueImport({ tenant, plan })).status;
      const entry = begin(tenant, 'import', plan.id);
      void bridge.imports
        .run(plan, {
          onProgress: (progress) =>
            update(entry, {
              ...entry.status,
              progress: {
                done: progress.done,
                total: progress.total,
                ...(progress.etaMs === undefined ? {} : { etaMs: progress.etaMs }),
                totals: progress.totals,
              },
            }),
        })
        .then(
          (report) => update(entry, { ...entry.status, state: 'done', report }),
          (error: unknown) => update(entry, { ...entry.status, state: 'failed', error: failure(error) }),
        );
      return entry.status;
    },
    async startAutoMap(tenant, bridge, connectionId, options) {
      const id = `${connectionId}:${globalThis.crypto.randomUUID()}`;
      if (jobs) {
        return begin(tenant, 'auto-map', id, await jobs.enqueueAutoMap({ tenant, connectionId, options }))
          .status;
      }
      const entry = begin(tenant, 'auto-map', id);
      void bridge.mappings
        .autoMapAll(connectionId, {
          ...options,
          onProgress: (progress) =>
            update(entry, {
              ...entry.status,
              progress: {
                done: progress.done,
                ...(progress.total === undefined ? {} : { total: progress.total }),
              },
            }),
        })
        .then(
          (report) => update(entry, { ...entry.status, state: 'done', report }),
          (error: unknown) => update(entry, { ...entry.status, state: 'failed', error: failure(error) }),
        );
      return entry.status;
    },
    async status(tenant, kind, id) {
      const entry = runs.get(key(tenant, kind, id));
      return entry ? fromJob(tenant, entry) : undefined;
    },
    watch(tenant, kind, id, listener) {
      const entry = runs.get(key(tenant, kind, id));
      if (!entry) return () => undefined;
      entry.listeners.add(listener);
      // With jobs, progress lives in the database: look every second while someone watches.
      const timer = entry.jobId
        ? setInterval(() => void fromJob(tenant, entry).catch(() => undefined), 1_000)
        : undefined;
      return () => {
        entry.listeners.delete(listener);
        if (timer) clearInterval(timer);
      };
    },
  };
}
