import { type Bridge, type ImportPlan, isPsaBridgeError, PsaBridgeError } from '@psa-bridge/core';
import type { RunRegistry, RunRegistryOptions, RunStatus } from './run-types.js';

export type { HttpJobQueue, RunRegistry, RunRegistryOptions, RunStatus } from './run-types.js';

interface Entry {
  status: RunStatus;
  readonly jobId?: string;
  readonly listeners: Set<(status: RunStatus) => void>;
  /** In-process runs: asks the run to stop after the batch in flight. */
  cancel?: () => void;
  /** For import runs: the report after a cancel is read from the plan's journal. */
  readonly plan?: ImportPlan;
  readonly bridge: Bridge;
  /** The connection the run works on, so deleting it ends the run (SPEC C6). */
  readonly connectionId: string;
}

const ENDED: ReadonlySet<RunStatus['state']> = new Set(['done', 'failed', 'cancelled']);

const failure = (error: unknown) =>
  isPsaBridgeError(error)
    ? { code: error.code, message: error.message }
    : { code: 'INTERNAL', message: 'Internal error' };

const JOB_STATES: Readonly<Record<string, RunStatus['state']>> = {
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  queued: 'queued',
};

/** A {@link RunRegistry}: in this process, or on `jobs` when given. */
export function createRunRegistry(options: RunRegistryOptions = {}): RunRegistry {
  const { jobs } = options;
  const maxPerTenant = options.maxPerTenant ?? 100;
  const retentionMs = options.retentionMs ?? 900_000;
  const now = options.now ?? Date.now;
  const tenants = new Map<string, Map<string, Entry>>();
  const runsOf = (tenant: string): Map<string, Entry> => {
    let runs = tenants.get(tenant);
    if (!runs) {
      runs = new Map();
      tenants.set(tenant, runs);
    }
    return runs;
  };
  const iso = () => new Date(now()).toISOString();

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
  const end = (entry: Entry, fields: Partial<RunStatus> & Pick<RunStatus, 'state'>): void =>
    update(entry, { ...entry.status, ...fields, endedAt: iso() });

  /** Drops ended runs past their time, then the oldest ended ones past the cap; refuses when all run. */
  const makeRoom = (tenant: string): void => {
    const runs = runsOf(tenant);
    for (const [id, entry] of runs) {
      const endedAt = entry.status.endedAt ? Date.parse(entry.status.endedAt) : undefined;
      if (endedAt !== undefined && now() - endedAt > retentionMs && entry.listeners.size === 0)
        runs.delete(id);
    }
    for (const [id, entry] of runs) {
      if (runs.size < maxPerTenant) return;
      if (ENDED.has(entry.status.state)) runs.delete(id);
    }
    if (runs.size >= maxPerTenant) {
      throw new PsaBridgeError(
        'RATE_LIMITED',
        `This partner has ${maxPerTenant} runs in flight already: wait for one to end, or cancel one`,
        { details: { limit: 'runs', max: maxPerTenant } },
      );
    }
  };

  const begin = (
    tenant: string,
    fields: Pick<Entry, 'bridge' | 'connectionId'> & { plan?: ImportPlan; jobId?: string },
    status: Omit<RunStatus, 'startedAt' | 'state'>,
  ): Entry => {
    const entry: Entry = {
      ...fields,
      status: { ...status, state: fields.jobId ? 'queued' : 'running', startedAt: iso() },
      listeners: new Set(),
    };
    runsOf(tenant).set(status.id, entry);
    return entry;
  };

  /** With jobs, a run's state lives in the database: read it, and tell watchers of a change. */
  const fromJob = async (tenant: string, entry: Entry): Promise<RunStatus> => {
    if (!jobs || !entry.jobId) return entry.status;
    const job = await jobs.status(tenant, entry.jobId);
    if (!job) return entry.status;
    const state = JOB_STATES[job.state] ?? 'running';
    const cancelledReport =
      state === 'cancelled' && entry.plan
        ? await entry.bridge.imports.report(entry.plan).catch(() => undefined)
        : undefined;
    const report = (job.report as RunStatus['report']) ?? cancelledReport;
    const next: RunStatus = {
      ...entry.status,
      state,
      ...(job.progress ? { progress: job.progress } : {}),
      ...(report ? { report } : {}),
      ...(state === 'failed' ? { error: { code: 'UPSTREAM', message: job.error ?? 'the job failed' } } : {}),
      ...(ENDED.has(state) ? { endedAt: entry.status.endedAt ?? iso() } : {}),
    };
    if (JSON.stringify(next) !== JSON.stringify(entry.status)) update(entry, next);
    return next;
  };

  /** A job this process did not start (another process of the app did): read it by its id. */
  const foreignJob = async (tenant: string, id: string): Promise<RunStatus | undefined> => {
    if (!jobs) return undefined;
    const job = await jobs.status(tenant, id).catch(() => null);
    if (!job) return undefined;
    const state = JOB_STATES[job.state] ?? 'running';
    const report = job.report as RunStatus['report'];
    return {
      id,
      kind:
        job.kind === 'refresh' || job.kind === 'auto-map' || job.kind === 'import'
          ? job.kind
          : report && 'review' in report
            ? 'auto-map'
            : 'import',
      state,
      startedAt: iso(),
      ...(job.progress ? { progress: job.progress } : {}),
      ...(report ? { report } : {}),
      ...(state === 'failed' ? { error: { code: 'UPSTREAM', message: job.error ?? 'the job failed' } } : {}),
    };
  };

  return {
    async startImport(tenant, bridge, plan, planId) {
      makeRoom(tenant);
      const fields = { bridge, plan, connectionId: plan.connectionId };
      if (jobs) {
        const jobId = await jobs.enqueueImport({ tenant, plan });
        const known = runsOf(tenant).get(jobId);
        if (known && !ENDED.has(known.status.state)) return known.status;
        return begin(tenant, { ...fields, jobId }, { id: jobId, kind: 'import', planId }).status;
      }
      const entry = begin(tenant, fields, { id: `run_${crypto.randomUUID()}`, kind: 'import', planId });
      // A cancel stops the run between batches (never a create request in flight), so the report
      // read afterwards says exactly what was created before it.
      const controller = new AbortController();
      let cancelled = false;
      entry.cancel = () => {
        cancelled = true;
      };
      void bridge.imports
        .run(plan, {
          signal: controller.signal,
          ...(options.importBatchSize ? { batchSize: options.importBatchSize } : {}),
          onProgress: (progress) => {
            if (cancelled) controller.abort();
            update(entry, {
              ...entry.status,
              progress: {
                done: progress.done,
                total: progress.total,
                ...(progress.etaMs === undefined ? {} : { etaMs: progress.etaMs }),
                totals: progress.totals,
              },
            });
          },
        })
        .then(
          (report) => end(entry, { state: 'done', report }),
          async (error: unknown) => {
            if (cancelled && isPsaBridgeError(error, 'ABORTED')) {
              const report = await bridge.imports.report(plan).catch(() => undefined);
              end(entry, { state: 'cancelled', ...(report ? { report } : {}) });
            } else end(entry, { state: 'failed', error: failure(error) });
          },
        );
      return entry.status;
    },
    async startAutoMap(tenant, bridge, connectionId, autoMapOptions) {
      makeRoom(tenant);
      if (jobs) {
        const jobId = await jobs.enqueueAutoMap({ tenant, connectionId, options: autoMapOptions });
        const known = runsOf(tenant).get(jobId);
        if (known && !ENDED.has(known.status.state)) return known.status;
        return begin(tenant, { bridge, connectionId, jobId }, { id: jobId, kind: 'auto-map' }).status;
      }
      const entry = begin(
        tenant,
        { bridge, connectionId },
        { id: `run_${crypto.randomUUID()}`, kind: 'auto-map' },
      );
      const controller = new AbortController();
      entry.cancel = () => controller.abort();
      void bridge.mappings
        .autoMapAll(connectionId, {
          ...autoMapOptions,
          signal: controller.signal,
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
          (report) => end(entry, { state: 'done', report }),
          (error: unknown) =>
            controller.signal.aborted
              ? end(entry, { state: 'cancelled' })
              : end(entry, { state: 'failed', error: failure(error) }),
        );
      return entry.status;
    },
    async startRefresh(tenant, bridge, connectionId, refreshOptions) {
      makeRoom(tenant);
      if (jobs?.enqueueRefresh) {
        const jobId = await jobs.enqueueRefresh({ tenant, connectionId, options: refreshOptions });
        const known = runsOf(tenant).get(jobId);
        if (known && !ENDED.has(known.status.state)) return known.status;
        return begin(tenant, { bridge, connectionId, jobId }, { id: jobId, kind: 'refresh' }).status;
      }
      const entry = begin(
        tenant,
        { bridge, connectionId },
        { id: `run_${crypto.randomUUID()}`, kind: 'refresh' },
      );
      const controller = new AbortController();
      entry.cancel = () => controller.abort();
      let done = 0;
      void bridge
        .refresh(connectionId, {
          ...refreshOptions,
          signal: controller.signal,
          onProgress: (progress) => {
            done = progress.read;
            update(entry, {
              ...entry.status,
              progress: { done, totals: { [progress.part]: progress.read } },
            });
          },
        })
        .then(
          (report) => end(entry, { state: 'done', report }),
          (error: unknown) =>
            controller.signal.aborted
              ? end(entry, { state: 'cancelled' })
              : end(entry, { state: 'failed', error: failure(error) }),
        );
      return entry.status;
    },
    async status(tenant, id) {
      const entry = tenants.get(tenant)?.get(id);
      return entry ? fromJob(tenant, entry) : foreignJob(tenant, id);
    },
    async list(tenant) {
      const runs = [...(tenants.get(tenant)?.values() ?? [])];
      const statuses = await Promise.all(runs.map((entry) => fromJob(tenant, entry)));
      return statuses.reverse();
    },
    async cancel(tenant, id) {
      const entry = tenants.get(tenant)?.get(id);
      if (!entry) {
        if (!jobs || !(await foreignJob(tenant, id))) return undefined;
        await jobs.cancel(tenant, id);
        return foreignJob(tenant, id);
      }
      if (ENDED.has(entry.status.state)) return entry.status;
      if (entry.jobId && jobs) {
        await jobs.cancel(tenant, entry.jobId);
        return fromJob(tenant, entry);
      }
      entry.cancel?.();
      return entry.status;
    },
    async endConnection(tenant, connectionId) {
      for (const [id, entry] of tenants.get(tenant) ?? []) {
        if (entry.connectionId === connectionId && !ENDED.has(entry.status.state)) {
          await this.cancel(tenant, id).catch(() => undefined);
        }
      }
    },
    watch(tenant, id, listener) {
      const entry = tenants.get(tenant)?.get(id);
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
