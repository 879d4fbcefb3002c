import type { EventContext } from '../http/http-events.js';

/** One batch of an import run, as hooks see it after it ended: counts and times, no emails. */
export interface ImportBatchEvent extends EventContext {
  /** The plan's id (the import's identity in the journal). */
  readonly importId: string;
  /** The GoTo account users are created in. */
  readonly accountKey: string;
  /** The run of the import this batch belongs to (1 for the first). */
  readonly run: number;
  /** The batch's number in this run, from 1. */
  readonly batch: number;
  /** Users sent in the batch. */
  readonly size: number;
  /** Users GoTo created (or had already created for this import). */
  readonly created: number;
  /** Users GoTo refused. */
  readonly failed: number;
  /** When the batch started, in epoch milliseconds. */
  readonly startedAt: number;
  /** How long it took, in milliseconds. */
  readonly durationMs: number;
  /** The error code when the batch stopped the run (`CONFLICT` for a lost lease, `ABORTED`…). */
  readonly errorCode?: string;
}

/** Hooks an import run tells of its batches. A hook that throws is ignored. */
export interface ImportHooks {
  /** After each batch of users was sent (or failed to be), for traces and metrics. */
  readonly onImportBatch?: (event: ImportBatchEvent) => void;
}
