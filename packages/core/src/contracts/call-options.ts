/** Options every port method accepts. */
export interface CallOptions {
  /** Aborts the call; it then rejects with a `PsaBridgeError` of code `ABORTED`. */
  readonly signal?: AbortSignal | undefined;
}
