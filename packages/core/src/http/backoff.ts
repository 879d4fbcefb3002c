/** How long to wait between retries when the vendor does not say. */
export interface BackoffOptions {
  /** First wait, in milliseconds. @default 500 */
  readonly minDelayMs: number;
  /** Longest wait, in milliseconds. @default 30000 */
  readonly maxDelayMs: number;
  /** Growth per attempt. @default 2 */
  readonly factor: number;
  /** Spread waits randomly between half and all of the exponential value. @default true */
  readonly jitter: boolean;
}

/** Defaults for {@link BackoffOptions}. */
export const DEFAULT_BACKOFF: BackoffOptions = {
  minDelayMs: 500,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: true,
};

/**
 * The wait before retry number `retry` (1 for the first retry): exponential, capped, and with
 * "equal jitter" (half fixed, half random) so many clients do not retry in step.
 */
export function backoffDelay(
  retry: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(
    options.maxDelayMs,
    options.minDelayMs * options.factor ** Math.max(0, retry - 1),
  );
  if (!options.jitter) return Math.round(exponential);
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
