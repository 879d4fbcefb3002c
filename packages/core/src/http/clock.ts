import { PsaBridgeError } from '../errors/psa-bridge-error.js';

/**
 * Time as psa-bridge sees it. Inject one in tests to make waits instant and observable;
 * production code uses {@link systemClock}.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with code `ABORTED` when `signal` fires first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The error thrown when a caller's `AbortSignal` fires. */
export function abortedError(signal: AbortSignal | undefined): PsaBridgeError {
  return new PsaBridgeError('ABORTED', 'The operation was aborted by the caller', {
    cause: signal?.reason,
  });
}

/** Throws code `ABORTED` when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal);
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortedError(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortedError(signal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
