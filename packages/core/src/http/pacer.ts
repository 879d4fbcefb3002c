import type { Clock } from './clock.js';
import { createSemaphore, type Semaphore } from './semaphore.js';

/** Client-side pacing, configured per adapter from the vendor's published limits. */
export interface PacingOptions {
  /** Most requests started per second; starts are spread evenly. @default unlimited */
  readonly requestsPerSecond?: number;
  /** Most requests in flight at once. @default unlimited */
  readonly maxConcurrent?: number;
  /** Most requests in flight at once for one concurrency key (for example one endpoint). @default unlimited */
  readonly maxConcurrentPerKey?: number;
  /**
   * A vendor's window, enforced on the real start times: at most `requests` starts in any
   * `windowMs`. With `requestsPerSecond` just under the vendor's rate, a start delayed by a busy
   * event loop can never make the next ones bunch up inside the vendor's window. @default none
   */
  readonly window?: { readonly requests: number; readonly windowMs: number };
}

/** Runs tasks within the pacing limits. Each client owns one: two clients never share state. */
export interface Pacer {
  /** Runs `task` once a slot is free for `key`; rejects with code `ABORTED` if `signal` fires first. */
  schedule<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** A {@link Pacer} for `options`, timing its waits with `clock`. */
export function createPacer(options: PacingOptions, clock: Clock): Pacer {
  const rate = options.requestsPerSecond;
  const interval = rate && rate > 0 ? 1000 / rate : 0;
  const global = createSemaphore(options.maxConcurrent ?? Number.POSITIVE_INFINITY);
  const perKeyLimit = options.maxConcurrentPerKey;
  const perKey = new Map<string, Semaphore>();
  let nextStart = 0;
  const window = options.window;
  /** Real start times of the last `window.requests` requests, oldest first. */
  const starts: number[] = [];

  const keySemaphore = (key: string): Semaphore | undefined => {
    if (perKeyLimit === undefined) return undefined;
    let semaphore = perKey.get(key);
    if (!semaphore) {
      semaphore = createSemaphore(perKeyLimit);
      perKey.set(key, semaphore);
    }
    return semaphore;
  };

  return {
    async schedule(key, task, signal) {
      const semaphore = keySemaphore(key);
      const releaseKey = semaphore ? await semaphore.acquire(signal) : undefined;
      try {
        const releaseGlobal = await global.acquire(signal);
        try {
          if (interval > 0 || window) {
            const now = clock.now();
            let start = Math.max(now, nextStart);
            if (window && starts.length >= window.requests) {
              start = Math.max(start, (starts[starts.length - window.requests] ?? 0) + window.windowMs);
            }
            nextStart = start + interval;
            if (window) {
              starts.push(start);
              if (starts.length > window.requests) starts.shift();
            }
            if (start > now) await clock.sleep(start - now, signal);
          }
          return await task();
        } finally {
          releaseGlobal();
        }
      } finally {
        releaseKey?.();
        if (semaphore && semaphore.inUse === 0 && semaphore.waiting === 0) perKey.delete(key);
      }
    },
  };
}
