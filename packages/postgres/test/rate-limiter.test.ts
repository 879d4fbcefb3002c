import { createMemoryRateLimiter, type RateLimiter } from '@psa-bridge/core';
import { createPostgresRateLimiter, migrate, type PostgresRateLimiter } from '@psa-bridge/postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './support/databases.js';

let url: string;
beforeAll(async () => {
  url = await freshDatabase();
  await migrate({ connectionString: url });
});

/** Most start times within any window of `ms`. */
function busiestWindow(starts: readonly number[], ms: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to += 1) {
    while ((sorted[to] as number) - (sorted[from] as number) >= ms) from += 1;
    most = Math.max(most, to - from + 1);
  }
  return most;
}

/** Runs the limiter properties on `limiters`: several sharers of one limit (processes, or clients). */
function limiterProperties(
  name: string,
  open: () => Promise<{ limiters: RateLimiter[]; close(): Promise<void> }>,
) {
  describe(`shared rate limits: ${name}`, () => {
    it('keeps 10 a second across all sharers together, however many take at once', async () => {
      const { limiters, close } = await open();
      try {
        const key = `goto:${Math.random()}`;
        const starts: number[] = [];
        await Promise.all(
          Array.from({ length: 32 }, async (_, i) => {
            await limiters[i % limiters.length]?.take(key, { requests: 10, perMs: 1000 });
            starts.push(performance.now());
          }),
        );
        expect(starts).toHaveLength(32);
        // Never more than 10 in a second: checked over 900 ms, so timer and event-loop delays of up
        // to 100 ms on a busy machine cannot make a kept limit look broken (an unlimited one gives 32).
        expect(busiestWindow(starts, 900)).toBeLessThanOrEqual(10);
        expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(2_900);
      } finally {
        await close();
      }
    });

    it('a pause (a 429 with Retry-After) holds back every sharer', async () => {
      const { limiters, close } = await open();
      try {
        const key = `cw:${Math.random()}`;
        const [first, second] = limiters;
        await first?.pause(key, 400);
        const started = performance.now();
        await (second ?? first)?.take(key, undefined);
        expect(performance.now() - started).toBeGreaterThanOrEqual(350);
      } finally {
        await close();
      }
    });

    it('gives out at most N concurrent slots of a key, across sharers', async () => {
      const { limiters, close } = await open();
      try {
        const key = `autotask:${Math.random()}:companies`;
        let inFlight = 0;
        let peak = 0;
        await Promise.all(
          Array.from({ length: 12 }, async (_, i) => {
            const release = await (limiters[i % limiters.length] as RateLimiter).hold(key, 3);
            inFlight += 1;
            peak = Math.max(peak, inFlight);
            await new Promise((resolve) => setTimeout(resolve, 30));
            inFlight -= 1;
            await release();
          }),
        );
        expect(peak).toBe(3);
      } finally {
        await close();
      }
    });

    it('lets a burst through at once, then paces (Autotask: 10,000 an hour, 100 at once)', async () => {
      const { limiters, close } = await open();
      try {
        const key = `autotask:${Math.random()}`;
        const rule = { requests: 10_000, perMs: 3_600_000, burst: 100 };
        // A take that would wait rejects at once under an aborted signal: count who waits, not how long.
        const aborted = AbortSignal.abort();
        const outcomes: string[] = [];
        for (let i = 0; i < 110; i += 1) {
          outcomes.push(
            await (limiters[i % limiters.length] as NonNullable<(typeof limiters)[number]>)
              .take(key, rule, { signal: aborted })
              .then(
                () => 'at once',
                (error: { code?: string }) => error.code ?? 'error',
              ),
          );
        }
        // The burst of 100 goes at once (and one more, since the first starts the schedule); then
        // each take waits its 360 ms share.
        expect(outcomes.filter((outcome) => outcome === 'at once').length).toBeGreaterThanOrEqual(100);
        expect(outcomes.slice(102)).toEqual(Array(8).fill('ABORTED'));
      } finally {
        await close();
      }
    });
  });
}

limiterProperties('in one process (createMemoryRateLimiter)', async () => {
  const limiter = createMemoryRateLimiter();
  return { limiters: [limiter, limiter], close: async () => {} };
});

limiterProperties('on PostgreSQL, three processes (createPostgresRateLimiter, a pool each)', async () => {
  const limiters: PostgresRateLimiter[] = Array.from({ length: 3 }, () =>
    createPostgresRateLimiter({ connectionString: url }),
  );
  return {
    limiters,
    close: async () => void (await Promise.all(limiters.map((limiter) => limiter.close()))),
  };
});
