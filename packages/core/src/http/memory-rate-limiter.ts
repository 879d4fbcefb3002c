import type { CallOptions } from '../contracts/call-options.js';
import type { RateLimiter, RateLimitRule } from '../contracts/rate-limiter.js';
import { type Clock, systemClock } from './clock.js';
import { createSemaphore, type Semaphore } from './semaphore.js';

/** How late past its slot a waiter may wake and still send: later, its send would bunch with the slots after it. */
export const lateAfterMs = (interval: number): number => Math.max(5, interval / 4);

/**
 * Whether a waiter that woke `lateMs` after its slot must take a new slot (SPEC S3): a timer that
 * fired late (a busy event loop, a paused process) would otherwise send together with the
 * requests granted after it, one more in a second than the vendor allows. Three tries at most.
 */
export const wokeTooLate = (lateMs: number, interval: number, tries: number): boolean =>
  tries < 3 && lateMs > lateAfterMs(interval);

/**
 * A {@link RateLimiter} in this process's memory: every client given it shares its limits. The
 * schedule is a generic cell rate: each `take` reserves the next start time of its key
 * (`requests` per `perMs`, `burst` at once), and a pause moves that time forward.
 */
export function createMemoryRateLimiter(clock: Clock = systemClock): RateLimiter {
  const nextStart = new Map<string, number>();
  const slots = new Map<string, Semaphore>();
  return {
    async take(key: string, rule: RateLimitRule | undefined, options: CallOptions = {}) {
      const interval = rule ? rule.perMs / rule.requests : 0;
      const tolerance = rule ? interval * Math.max(0, (rule.burst ?? 1) - 1) : 0;
      for (let tries = 1; ; tries += 1) {
        const now = clock.now();
        const start = Math.max(now, nextStart.get(key) ?? now);
        nextStart.set(key, start + interval);
        const wait = start - tolerance - now;
        if (wait <= 0) return;
        await clock.sleep(wait, options.signal);
        if (!wokeTooLate(clock.now() - (start - tolerance), interval, tries)) return;
      }
    },
    async hold(key: string, limit: number, options: CallOptions = {}) {
      let semaphore = slots.get(key);
      if (!semaphore) {
        semaphore = createSemaphore(limit);
        slots.set(key, semaphore);
      }
      const release = await semaphore.acquire(options.signal);
      return async () => release();
    },
    async pause(key: string, forMs: number) {
      const until = clock.now() + forMs;
      nextStart.set(key, Math.max(nextStart.get(key) ?? 0, until));
    },
  };
}
