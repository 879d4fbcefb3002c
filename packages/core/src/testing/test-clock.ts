import type { Clock } from '../http/clock.js';
import { throwIfAborted } from '../http/clock.js';

/**
 * A {@link Clock} for tests: waits return at once and move virtual time forward to the
 * sleeper's deadline; waits that start together overlap, as with real timers.
 */
export interface TestClock extends Clock {
  /** Every wait asked for, in milliseconds, in order. */
  readonly sleeps: readonly number[];
  /** Moves virtual time forward. */
  advance(ms: number): void;
}

/** A {@link TestClock} starting at `start` (ms since the epoch). */
export function createTestClock(start = Date.UTC(2026, 0, 1)): TestClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms, signal) {
      throwIfAborted(signal);
      sleeps.push(ms);
      const deadline = now + ms;
      // Yield first, so sleepers that start together overlap as with real timers; then wake at
      // this sleeper's own deadline (never moving time backwards).
      await Promise.resolve();
      now = Math.max(now, deadline);
      throwIfAborted(signal);
    },
  };
}
