import type { EventContext } from '../http/http-events.js';
import type { RecordSkippedEvent } from '../http/parse-records.js';

/** Retry settings of one call, over the adapter's and the bridge's. */
export interface CallRetryOptions {
  /** Retries after the first attempt (0 turns retrying off). @default 4 */
  readonly retries?: number | undefined;
  /** A vendor asking to wait longer than this fails at once with `RATE_LIMITED`. @default 120000 */
  readonly maxRetryAfterMs?: number | undefined;
}

/**
 * Options every method that may call a vendor accepts. Bridge-wide defaults for `timeoutMs` and
 * `retry` are set with `createBridge({ defaults })`; what a call passes wins.
 */
export interface CallOptions {
  /** Aborts the call; it then rejects with a `PsaBridgeError` of code `ABORTED`. */
  readonly signal?: AbortSignal | undefined;
  /** Time limit of each vendor request attempt of this call, in milliseconds. @default 30000 */
  readonly timeoutMs?: number | undefined;
  /** Retry settings for the vendor requests of this call. */
  readonly retry?: CallRetryOptions | undefined;
  /**
   * Who the call is for, copied into every hook event and span of its requests. The bridge fills
   * in provider, connection, tenant and operation; an app may add to it.
   */
  readonly context?: EventContext | undefined;
  /**
   * Told of each vendor record this call left out because it could not be read (a listing goes
   * on without it). The bridge counts them into `skippedRecords` of search pages and matches.
   */
  readonly onRecordSkipped?: ((event: RecordSkippedEvent) => void) | undefined;
}
