import type {
  AutoMapReport,
  Bridge,
  ImportPlan,
  ImportReport,
  RefreshOptions,
  RefreshReport,
} from '@psa-bridge/core';

/** Where a long run is, as `GET /runs/{runId}` and its event stream tell it. */
export interface RunStatus {
  /** The run's own id: every run has one, also two runs of one plan. */
  readonly id: string;
  /** What runs. */
  readonly kind: 'import' | 'auto-map' | 'refresh';
  /** `queued` (jobs only), `running`, then `done`, `failed` or `cancelled`. */
  readonly state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  /** For imports: the plan (`POST /imports`) it was started from. */
  readonly planId?: string;
  /** When it was started (ISO 8601). */
  readonly startedAt: string;
  /** When it ended (ISO 8601), once it has. */
  readonly endedAt?: string;
  /** Contacts (import), accounts (auto-map) or records (refresh) done, of `total`, and the time left when known. */
  readonly progress?: {
    readonly done: number;
    readonly total?: number;
    readonly etaMs?: number;
    readonly totals?: Readonly<Record<string, number>>;
  };
  /** The report, once done; after a cancel, what was created before it (import runs). */
  readonly report?: ImportReport | AutoMapReport | RefreshReport;
  /** Why it failed. */
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * The job queue of `@psa-bridge/jobs` as the handler uses it (structurally, so this package does
 * not depend on it): give `createJobQueue(...)` to run imports and auto-maps on workers. A run's
 * id is then its job id, so every process of the app can answer for it.
 */
export interface HttpJobQueue {
  enqueueImport(request: { tenant: string; plan: ImportPlan }): Promise<string>;
  enqueueAutoMap(request: {
    tenant: string;
    connectionId: string;
    options?: { dryRun?: boolean; save?: 'safe' | 'found'; onlyUnmapped?: boolean };
  }): Promise<string>;
  /** Queues a read-model refresh (optional: without it, refreshes run in the handler's process). */
  enqueueRefresh?(request: {
    tenant: string;
    connectionId: string;
    options?: Pick<RefreshOptions, 'mode' | 'parts' | 'allowMassRemoval'>;
  }): Promise<string>;
  status(
    tenant: string,
    jobId: string,
  ): Promise<{
    readonly kind?: string;
    readonly state: string;
    readonly progress?: { readonly done: number; readonly total?: number; readonly etaMs?: number };
    readonly report?: unknown;
    readonly error?: string;
  } | null>;
  cancel(tenant: string, jobId: string): Promise<void>;
}

/** Bounds of the run registry (per tenant: one tenant never evicts or starves another's runs). */
export interface RunRegistryOptions {
  /** Run on these workers instead of in this process. */
  readonly jobs?: HttpJobQueue | undefined;
  /** Runs kept per tenant, in flight and ended; past it the oldest ended run is dropped. @default 100 */
  readonly maxPerTenant?: number | undefined;
  /** How long an ended run stays readable, in ms. @default 900000 (15 minutes) */
  readonly retentionMs?: number | undefined;
  /** Users per GoTo create call of an in-process import (smaller: finer progress and cancel). @default 50 */
  readonly importBatchSize?: number | undefined;
  /** The clock. @default Date.now */
  readonly now?: (() => number) | undefined;
}

/** Long runs of every tenant: started off the request, read by polling or as events, cancelled. */
export interface RunRegistry {
  /** Starts an import of `plan` (or queues it) as a new run. */
  startImport(tenant: string, bridge: Bridge, plan: ImportPlan, planId: string): Promise<RunStatus>;
  /** Starts (or queues) an auto-map of a connection. */
  startAutoMap(
    tenant: string,
    bridge: Bridge,
    connectionId: string,
    options: { dryRun?: boolean; save?: 'safe' | 'found'; onlyUnmapped?: boolean },
  ): Promise<RunStatus>;
  /** Starts (or queues, on jobs that can) a read-model refresh of a connection (SPEC R1). */
  startRefresh(
    tenant: string,
    bridge: Bridge,
    connectionId: string,
    options: Pick<RefreshOptions, 'mode' | 'parts' | 'allowMassRemoval'>,
  ): Promise<RunStatus>;
  /** A run of `tenant`, or `undefined`. */
  status(tenant: string, id: string): Promise<RunStatus | undefined>;
  /** The runs of `tenant` this process knows, newest first. */
  list(tenant: string): Promise<RunStatus[]>;
  /** Cancels a run of `tenant`: it stops after the batch in flight. `undefined` for an unknown id. */
  cancel(tenant: string, id: string): Promise<RunStatus | undefined>;
  /** Cancels every run of `tenant` on this connection (it was deleted). */
  endConnection(tenant: string, connectionId: string): Promise<void>;
  /** Calls `listener` on every change of a run of `tenant` until the returned function is called. */
  watch(tenant: string, id: string, listener: (status: RunStatus) => void): () => void;
}
