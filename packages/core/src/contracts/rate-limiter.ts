import type { CallOptions } from './call-options.js';

/** A vendor's rate: `requests` per `perMs` milliseconds, with `burst` requests allowed at once. */
export interface RateLimitRule {
  /** Requests allowed per window, like 10 (GoTo) or 10,000 (Autotask). */
  readonly requests: number;
  /** The window in milliseconds, like 1,000 or 3,600,000. */
  readonly perMs: number;
  /** Requests that may start at once before pacing sets in. @default 1 (evenly spaced) */
  readonly burst?: number;
}

/**
 * Vendor limits shared by everything that uses one limiter (SPEC S3): every client in a process
 * (`createMemoryRateLimiter`), or every worker process on one database
 * (`createPostgresRateLimiter` in `@psa-bridge/postgres`). Keys name what a vendor counts, like
 * `goto:<client id>` or `autotask:<API user>`.
 */
export interface RateLimiter {
  /**
   * Waits until one request under `key` may start: by `rule` when given, and never before a
   * pause of the key ends.
   */
  take(key: string, rule: RateLimitRule | undefined, options?: CallOptions): Promise<void>;
  /** Waits for one of `limit` concurrent slots of `key`; the function it returns frees the slot. */
  hold(key: string, limit: number, options?: CallOptions): Promise<() => Promise<void>>;
  /** Makes every `take` of `key` wait `forMs` from now (a 429 with `Retry-After`). */
  pause(key: string, forMs: number): Promise<void>;
}

/** How one HTTP client uses a {@link RateLimiter}; adapters fill it in from their vendor's limits. */
export interface SharedRateLimit {
  /** The limiter. */
  readonly limiter: RateLimiter;
  /** What the vendor counts, like `goto:<client id>`. */
  readonly key: string;
  /** The vendor's rate, when it publishes one. */
  readonly rule?: RateLimitRule;
  /** Concurrent requests per endpoint (Autotask: 3), keyed `<key>:<endpoint>`. */
  readonly concurrentPerEndpoint?: number;
  /** Which requests count (GoTo's token endpoint does not). @default every request */
  readonly counts?: (url: URL) => boolean;
}
