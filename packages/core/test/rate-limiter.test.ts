import { createMemoryRateLimiter } from '@psa-bridge/core';
import type { Clock } from '@psa-bridge/core/adapter';
import { describe, expect, it } from 'vitest';

/**
 * A virtual clock with a scheduler: `sleep` wakes at its deadline, or later for the sleeps
 * `late` picks (a busy event loop, a paused process). `run` drives time until nobody sleeps.
 */
function schedulerClock(late: (sleep: number) => number) {
  let now = 0;
  let sleeps = 0;
  const waiting: { at: number; wake: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        sleeps += 1;
        waiting.push({ at: now + ms + late(sleeps), wake: resolve });
      }),
  };
  const settle = async () => {
    for (let i = 0; i < 20; i += 1) await Promise.resolve();
  };
  return {
    clock,
    async run() {
      await settle();
      while (waiting.length > 0) {
        waiting.sort((a, b) => a.at - b.at);
        const next = waiting.shift() as (typeof waiting)[number];
        now = Math.max(now, next.at);
        next.wake();
        await settle();
      }
    },
  };
}

/** The most of `times` in any window of `ms`. */
const mostInWindow = (times: readonly number[], ms: number) => {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i += 1) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= ms) j += 1;
    most = Math.max(most, i - j + 1);
  }
  return most;
};

describe('the shared rate limiter holds when timers fire late (SPEC S3)', () => {
  it.each([0, 1, 2, 3])(
    '10 a second from 60 waiters, every 4th timer %i late by 80-400 ms: never 11 sends in a second',
    async (seed) => {
      let state = seed + 1;
      const random = () => {
        state = (state * 16_807) % 2_147_483_647;
        return state / 2_147_483_647;
      };
      const { clock, run } = schedulerClock((sleep) => (sleep % 4 === seed % 4 ? 80 + random() * 320 : 0));
      const limiter = createMemoryRateLimiter(clock);
      const sends: number[] = [];
      const takes = Array.from({ length: 60 }, () =>
        limiter.take('goto:client', { requests: 10, perMs: 1_000 }).then(() => sends.push(clock.now())),
      );
      await run();
      await Promise.all(takes);
      expect(sends).toHaveLength(60);
      expect(mostInWindow(sends, 1_000)).toBeLessThanOrEqual(10);
    },
  );

  it('sends on time when timers are on time: 10 a second, evenly spaced', async () => {
    const { clock, run } = schedulerClock(() => 0);
    const limiter = createMemoryRateLimiter(clock);
    const sends: number[] = [];
    const takes = Array.from({ length: 30 }, () =>
      limiter.take('k', { requests: 10, perMs: 1_000 }).then(() => sends.push(clock.now())),
    );
    await run();
    await Promise.all(takes);
    expect(sends).toEqual(Array.from({ length: 30 }, (_, i) => i * 100));
  });
});
