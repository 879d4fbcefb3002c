import { abortedError } from './clock.js';

/** Gives out at most `limit` permits at once, first come first served. */
export interface Semaphore {
  /** Waits for a permit; the returned function gives it back (calling it twice is harmless). */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Permits in use now. */
  readonly inUse: number;
  /** Callers waiting now. */
  readonly waiting: number;
}

/** A {@link Semaphore} with `limit` permits (`Infinity` for no limit). */
export function createSemaphore(limit: number): Semaphore {
  let inUse = 0;
  const queue: Array<() => void> = [];

  const release = (): void => {
    inUse -= 1;
    const next = queue.shift();
    if (next) next();
  };
  const permit = (): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };

  return {
    get inUse() {
      return inUse;
    },
    get waiting() {
      return queue.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(abortedError(signal));
      if (inUse < limit) {
        inUse += 1;
        return Promise.resolve(permit());
      }
      return new Promise((resolve, reject) => {
        const grant = (): void => {
          signal?.removeEventListener('abort', onAbort);
          inUse += 1;
          resolve(permit());
        };
        const onAbort = (): void => {
          const index = queue.indexOf(grant);
          if (index >= 0) queue.splice(index, 1);
          reject(abortedError(signal));
        };
        queue.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
