import type { z } from 'zod';
import type { Clock } from '../http/clock.js';
import type { EventContext, HttpHooks } from '../http/http-events.js';
import type { PsaClient } from './psa-client.js';
import type { RateLimiter } from './rate-limiter.js';

/** Options every provider's `connect` accepts. */
export interface ConnectOptions {
  /** `fetch` to use, for tests and proxies. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Clock for waits, for tests. @default systemClock */
  readonly clock?: Clock;
  /** Secret-free logging hooks for every HTTP request. */
  readonly hooks?: HttpHooks;
  /**
   * Vendor limits shared with other clients and worker processes (SPEC S3), like
   * `createPostgresRateLimiter(...)` from `@psa-bridge/postgres`. @default pacing per client only
   */
  readonly rateLimiter?: RateLimiter;
  /** Aborts discovery. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The app's product token for the `User-Agent` header (`my-msp-tool/2.1`), after
   * `psa-bridge/<version>`: vendors see whose calls they are. @default none
   */
  readonly userAgent?: string;
  /**
   * Who the client's requests are for (provider, connection, tenant), named in every hook event,
   * discovery requests included. The bridge sets it. @default none
   */
  readonly context?: EventContext | undefined;
}

/**
 * A PSA provider (SPEC C1): declares its credentials (C3) and connects. Third parties add a PSA
 * by writing one of these; core needs no change.
 *
 * @typeParam Credentials - the parsed credentials type, as produced by {@link PsaProvider.credentials}.
 * @typeParam Id - the provider's id as a literal type, so a bridge can check credentials by `providerId`.
 */
export interface PsaProvider<Credentials = unknown, Id extends string = string> {
  /** Stable id stored with connections, like `connectwise`. Lower case, no spaces. */
  readonly id: Id;
  /** Name shown to partners, like `ConnectWise PSA`. */
  readonly displayName: string;
  /**
   * Schema of the credentials. Core validates with it before any request (C3); parse errors
   * name fields, never values.
   */
  readonly credentials: z.ZodType<Credentials>;
  /** Credential fields that are secret: never shown, logged or stored unsealed (C7). */
  readonly secretFields: readonly string[];
  /**
   * Makes a client for these credentials. It should send nothing: vendor discovery (ConnectWise
   * codebase, Autotask zone) happens on the first call, so that
   * {@link PsaClient.testConnection} reports every failure (dead host, unknown company id or API
   * user) as a result. Rejects only with `VALIDATION` for credentials that fail the schema.
   */
  connect(credentials: Credentials, options?: ConnectOptions): Promise<PsaClient>;
}
