import type { RecordSkippedEvent } from '../http/parse-records.js';

/** Options every port method accepts. */
export interface CallOptions {
  /** Aborts the call; it then rejects with a `PsaBridgeError` of code `ABORTED`. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Told of each vendor record this call left out because it could not be read (a listing goes
   * on without it). The bridge counts them into `skippedRecords` of search pages and matches.
   */
  readonly onRecordSkipped?: ((event: RecordSkippedEvent) => void) | undefined;
}
