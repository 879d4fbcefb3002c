import { createHash } from 'node:crypto';
import { type CallOptions, PsaBridgeError, type RateLimiter, wokeTooLate } from '@psa-bridge/core';
import { type RateLimitRule, systemClock } from '@psa-bridge/core/adapter';
import { type DatabaseOptions, openDatabase, schemaCheck } from './database.js';
import { databaseError } from './database-error.js';

/** The database's clock in milliseconds: one clock for every worker, whatever the machines' say. */
const NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/** How often a waiting `hold` tries the slots again, in milliseconds. */
const HOLD_RETRY_MS = 20;

/** A `RateLimiter` (from `@psa-bridge/core`) shared by every process on the database, and `close()`. */
export interface PostgresRateLimiter extends RateLimiter {
  /** Ends the pool when it was made from a connection string. */
  close(): Promise<void>;
}

/**
 * What a key is stored as: a hash, so the table and the statement log never hold an Autotask API
 * user name, a GoTo client id or any other identifier in plain text.
 */
const storedKey = (key: string): string => `sha256:${createHash('sha256').update(key).digest('hex')}`;

const invalid = (where: string, field: string, rule: string): PsaBridgeError =>
  new PsaBridgeError('VALIDATION', `rateLimiter.${where}(): ${field} ${rule}`, { details: { field } });

function checkKey(where: string, key: unknown): string {
  if (typeof key !== 'string' || key === '') throw invalid(where, 'key', 'must be non-empty text');
  return key;
}

function checkRule(rule: unknown): RateLimitRule | undefined {
  if (rule === undefined) return undefined;
  const candidate = rule as Partial<RateLimitRule> | null;
  const positive = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !positive(candidate.requests) ||
    !positive(candidate.perMs) ||
    (candidate.burst !== undefined && !positive(candidate.burst))
  ) {
    throw invalid('take', 'rule', 'must be { requests, perMs, burst? } with positive numbers');
  }
  return candidate as RateLimitRule;
}

/** Two 31-bit numbers from a key, for `pg_try_advisory_lock(int, int)` (the slot is added to the second). */
function lockKeys(key: string): [number, number] {
  const digest = createHash('sha256').update(key).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4) & 0x3fffffff];
}

/**
 * Vendor limits shared by every worker process on one database (SPEC S3). `take` reserves the
 * next start time of a key in one statement (a generic cell rate on the database's clock), so
 * workers on several machines together keep GoTo's 10 requests a second or Autotask's 10,000 an
 * hour; `pause` moves that time forward for everyone (a 429's `Retry-After`); `hold` takes one
 * of N session advisory locks, so a worker that dies frees its slot with its connection.
 *
 * @example
 * ```ts
 * const rateLimiter = createPostgresRateLimiter({ pool });
 * const bridge = createBridge({ providers, goto: goto({ auth, rateLimiter }), stores, rateLimiter });
 * ```
 */
export function createPostgresRateLimiter(options: DatabaseOptions): PostgresRateLimiter {
  const database = openDatabase(options, 'createPostgresRateLimiter()');
  const ready = schemaCheck(database);
  return {
    async take(key: string, rule: RateLimitRule | undefined, call: CallOptions = {}) {
      checkKey('take', key);
      checkRule(rule);
      await ready();
      const interval = rule ? rule.perMs / rule.requests : 0;
      const tolerance = rule ? interval * Math.max(0, (rule.burst ?? 1) - 1) : 0;
      for (let tries = 1; ; tries += 1) {
        // The wait is measured against the database's clock read after the row lock was won (in
        // RETURNING), not before: a take that queued behind others does not send late by its wait
        // for the lock, which would bunch sends of several workers into one second.
        const result = await database.query<{ wait_ms: string }>(
          'Taking a shared rate limit',
          `WITH now AS (SELECT ${NOW_MS} AS ms)
           INSERT INTO psa_bridge_rate_limits AS held (key, next_start)
           SELECT $1, now.ms + $2 FROM now
           ON CONFLICT (key) DO UPDATE SET next_start = greatest(held.next_start, ${NOW_MS}) + $2
           RETURNING greatest(0, held.next_start - $2 - $3 - ${NOW_MS}) AS wait_ms`,
          [storedKey(key), Math.ceil(interval), Math.floor(tolerance)],
        );
        const answeredAt = Date.now();
        const wait = Number(result.rows[0]?.wait_ms ?? 0);
        if (wait <= 0) return;
        await systemClock.sleep(wait, call.signal);
        // Late past its slot (at least by this much: the slot was no earlier than the answer plus
        // the wait): a new slot, or this send would bunch with the ones granted after it.
        if (!wokeTooLate(Date.now() - (answeredAt + wait), interval, tries)) return;
      }
    },
    async hold(key: string, limit: number, call: CallOptions = {}) {
      checkKey('hold', key);
      // A limit below 1 would wait for a slot that can never exist.
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw invalid('hold', 'limit', 'must be a whole number from 1 to 1000');
      await ready();
      const [first, second] = lockKeys(key);
      for (;;) {
        const client = await database.pool.connect().catch((error: unknown) => {
          throw databaseError(error, 'Holding a shared slot');
        });
        try {
          for (let slot = 0; slot < limit; slot += 1) {
            const got = await client.query<{ locked: boolean }>(
              'SELECT pg_try_advisory_lock($1, $2) AS locked',
              [first, second + slot],
            );
            if (got.rows[0]?.locked) {
              return async () => {
                try {
                  await client.query('SELECT pg_advisory_unlock($1, $2)', [first, second + slot]);
                } finally {
                  client.release();
                }
              };
            }
          }
        } catch (error) {
          client.release();
          throw databaseError(error, 'Holding a shared slot');
        }
        client.release();
        await systemClock.sleep(HOLD_RETRY_MS + Math.random() * HOLD_RETRY_MS, call.signal);
      }
    },
    async pause(key: string, forMs: number) {
      checkKey('pause', key);
      if (typeof forMs !== 'number' || !Number.isFinite(forMs) || forMs < 0)
        throw invalid('pause', 'forMs', 'must be a finite number of milliseconds, 0 or more');
      await ready();
      await database.query(
        'Pausing a shared rate limit',
        `INSERT INTO psa_bridge_rate_limits AS held (key, next_start) VALUES ($1, ${NOW_MS} + $2)
         ON CONFLICT (key) DO UPDATE SET next_start = greatest(held.next_start, excluded.next_start)`,
        [storedKey(key), Math.ceil(forMs)],
      );
    },
    close: () => database.close(),
  };
}
