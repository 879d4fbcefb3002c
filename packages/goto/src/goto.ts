import { type GotoClient, type HttpHooks, PsaBridgeError, type RateLimiter } from '@psa-bridge/core';
import {
  type Clock,
  createHookRelay,
  createHttpClient,
  type GotoTokenStore,
  guardGotoClient,
  isSafeServiceUrl,
  parseJsonKeepingBigIntegers,
  type RetryOptions,
  systemClock,
} from '@psa-bridge/core/adapter';
import { checkClientCredentials } from './auth/check-auth.js';
import {
  createStoredTokenManager,
  DEFAULT_REFRESH_LEASE_MS,
  type StoredGotoAuth,
} from './auth/stored-token-manager.js';
import { createIdentityClient, GOTO_AUTH_BASE_URL } from './auth/token-endpoint.js';
import { createTokenManager, type GotoAuth } from './auth/token-manager.js';
import { createGotoClient } from './goto-client.js';
import { interpretGotoError } from './interpret-error.js';

/** Share of the configured rate the client uses, leaving room for network jitter. */
const PACING_MARGIN = 0.95;
/**
 * Share of the rate the workers sharing one limit use together: a grant and its send are apart by
 * however long the sender's event loop and network take, so up to about 100 ms of such jitter
 * must not bunch ten sends into GoTo's one-second window.
 */
const SHARED_MARGIN = 0.9;

/** The GoTo Admin API. @see https://developer.goto.com/admin/ */
export const GOTO_API_BASE_URL = 'https://api.getgo.com/admin/rest/v1';

/** Options of {@link goto}. */
export interface GotoOptions {
  /** How to get access tokens: an app-supplied function, or client id + secret + refresh token. */
  readonly auth: GotoAuth;
  /** Admin API base URL. @default https://api.getgo.com/admin/rest/v1 */
  readonly apiBaseUrl?: string;
  /** OAuth server base URL. @default https://authentication.logmeininc.com */
  readonly authBaseUrl?: string;
  /**
   * Requests per second, for this client. GoTo allows 10 per API by default and answers 429
   * without `Retry-After` beyond that.
   * @default 10
   * @see https://developer.goto.com/guides/References/Ref-Rate-Limits
   */
  readonly requestsPerSecond?: number;
  /** Users per page when listing. @default 100 */
  readonly pageSize?: number;
  /** Users per create request. @default 50 */
  readonly createBatchSize?: number;
  /**
   * GoTo's `allOrNothing` on create requests. `false` (sent by default) lets GoTo create the users
   * it can and list an email it already holds without a key; psa-bridge then looks it up.
   * `true` is GoTo's own default: one existing email refuses the whole batch with a 409, and
   * psa-bridge splits the batch until the user stands alone. Both keep every user created once.
   * @default false
   * @see https://goto-developer.logmeininc.com (Admin API reference, create users)
   */
  readonly allOrNothing?: boolean;
  /**
   * Most pages one users listing reads before it stops with `RESPONSE_SHAPE` (a `total` that
   * never ends). @default 10000
   */
  readonly maxPages?: number;
  /** Time limit of one request attempt, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Retry policy; 429 backs off exponentially with jitter. @default 4 retries */
  readonly retry?: Partial<RetryOptions>;
  /** `fetch` to use, for tests and proxies. */
  readonly fetch?: typeof fetch;
  /** Clock for waits and token expiry, for tests. */
  readonly clock?: Clock;
  /** Secret-free logging hooks. */
  readonly hooks?: HttpHooks;
  /**
   * GoTo's limit shared with other clients and worker processes (SPEC S3), like
   * `createPostgresRateLimiter(...)` from `@psa-bridge/postgres`. @default pacing in this client only
   */
  readonly rateLimiter?: RateLimiter;
  /**
   * What the shared limit counts by. GoTo does not document whether its limit is per OAuth
   * client, per token or per account. @default `goto:<OAuth client id>` (`goto` with an
   * `accessToken` function)
   */
  readonly rateLimitKey?: string;
  /**
   * The app's product token for the `User-Agent` header (`my-msp-tool/2.1`), after
   * `psa-bridge/<version>`. @default none
   */
  readonly userAgent?: string;
}

/**
 * A `GotoClient` (from `@psa-bridge/core`) for the GoTo Admin API: accounts from `/me`, licenses, users (offset
 * paging, lookup by email), batched creates that tell new users from existing ones, and license
 * assignment. OAuth tokens are refreshed before they expire and once after a 401, one refresh
 * at a time; requests are paced at 10 per second.
 *
 * @example
 * ```ts
 * import { goto } from '@psa-bridge/goto';
 * const client = goto({
 *   auth: { clientId, clientSecret, refreshToken, onTokens: (t) => saveRefreshToken(t.refreshToken) },
 * });
 * const accounts = await client.listAccounts();
 * ```
 */
export function goto(options: GotoOptions): GotoClient {
  if (typeof options !== 'object' || options === null) {
    throw new PsaBridgeError('CONFIGURATION', 'goto(): needs an options object with auth');
  }
  const valid = (value: number | undefined, max: number) =>
    value === undefined || (Number.isInteger(value) && value >= 1 && value <= max);
  if (
    !valid(options.pageSize, 1000) ||
    !valid(options.createBatchSize, 1000) ||
    !valid(options.maxPages, Number.MAX_SAFE_INTEGER) ||
    !((options.requestsPerSecond ?? 10) > 0)
  ) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'goto(): pageSize and createBatchSize must be 1 to 1000, maxPages a positive integer, requestsPerSecond positive',
    );
  }
  const auth = options.auth as GotoAuth | undefined;
  if (
    typeof auth !== 'object' ||
    auth === null ||
    (!('accessToken' in auth) && !('refreshToken' in auth) && !('tokens' in auth))
  ) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      "goto(): auth needs the tenant's token store with clientId and clientSecret ({ tokens: stores.gotoTokens, clientId, clientSecret }), an accessToken function, or clientId, clientSecret and refreshToken",
    );
  }
  if ('tokens' in auth) {
    const store = auth.tokens as Partial<GotoTokenStore> | null | undefined;
    if (typeof store?.get !== 'function' || typeof store.compareAndSet !== 'function') {
      throw new PsaBridgeError(
        'CONFIGURATION',
        'goto(): auth.tokens must be a GoTo token store, like stores.gotoTokens',
      );
    }
    checkClientCredentials('goto()', auth, false);
    const lease = auth.refreshLeaseMs ?? DEFAULT_REFRESH_LEASE_MS;
    if (!Number.isInteger(lease) || lease < 1_000) {
      throw new PsaBridgeError(
        'CONFIGURATION',
        'goto(): auth.refreshLeaseMs must be a whole number of at least 1000 ms',
      );
    }
  }
  if ('accessToken' in auth && typeof auth.accessToken !== 'function') {
    throw new PsaBridgeError('CONFIGURATION', 'goto(): auth.accessToken must be a function');
  }
  if ('refreshToken' in auth) checkClientCredentials('goto()', auth, true);
  const apiBaseUrl = (options.apiBaseUrl ?? GOTO_API_BASE_URL).replace(/\/+$/, '');
  const authBaseUrl = options.authBaseUrl ?? GOTO_AUTH_BASE_URL;
  if (!isSafeServiceUrl(apiBaseUrl) || !isSafeServiceUrl(authBaseUrl)) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'goto(): apiBaseUrl and authBaseUrl must be https URLs without user info (plain http only to localhost)',
    );
  }
  const clock = options.clock ?? systemClock;
  // A bridge adds its hooks later (addHooks); the relay hands every request to all of them.
  const relay = createHookRelay(options.hooks);
  const shared = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    hooks: relay.hooks,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    clock,
  };
  const stored = 'tokens' in auth ? auth : undefined;
  const leaseMs = stored?.refreshLeaseMs ?? DEFAULT_REFRESH_LEASE_MS;
  const identity = createIdentityClient({
    ...shared,
    // With stored tokens a refresh must end well inside the tenant's refresh lease.
    ...(stored
      ? {
          timeoutMs: Math.min(options.timeoutMs ?? 30_000, Math.floor(leaseMs / 3)),
          retry: { ...options.retry, retries: 1, maxDelayMs: Math.floor(leaseMs / 6) },
        }
      : {}),
    clientId: 'clientId' in auth ? auth.clientId : '',
    clientSecret: 'clientSecret' in auth ? auth.clientSecret : '',
    authBaseUrl,
    secrets: () => tokens.secrets(),
  });
  const tokens = stored
    ? createStoredTokenManager(stored, {
        http: identity,
        authBaseUrl,
        now: () => clock.now(),
        clock,
        owner: `goto-${globalThis.crypto.randomUUID()}`,
      })
    : createTokenManager(auth as Exclude<GotoAuth, StoredGotoAuth>, {
        http: identity,
        authBaseUrl,
        now: () => clock.now(),
      });
  const apiOrigin = new URL(apiBaseUrl).origin;
  const http = createHttpClient({
    service: 'GoTo',
    guide: 'docs/vendors/onboarding-goto.md',
    ...shared,
    headers: { accept: 'application/json' },
    authorize: async (signal) => ({ authorization: `Bearer ${await tokens.token(signal)}` }),
    onUnauthorized: (signal, sent) => tokens.renew(signal, sent.authorization?.replace(/^Bearer /, '')),
    secrets: () => tokens.secrets(),
    trustsOrigin: (url) => url.origin === apiOrigin,
    // 95% of the rate, and never more than the rate in any second and a bit of starts: a start the
    // event loop delays cannot make the next ones bunch up inside GoTo's exact window.
    pacing: {
      requestsPerSecond: (options.requestsPerSecond ?? 10) * PACING_MARGIN,
      window: { requests: Math.max(1, Math.floor(options.requestsPerSecond ?? 10)), windowMs: 1_060 },
    },
    ...(options.rateLimiter
      ? {
          sharedRateLimit: {
            limiter: options.rateLimiter,
            key: options.rateLimitKey ?? ('clientId' in auth ? `goto:${auth.clientId}` : 'goto'),
            rule: { requests: (options.requestsPerSecond ?? 10) * SHARED_MARGIN, perMs: 1000 },
            // The token endpoint is another service; only the Admin API counts.
            counts: (url: URL) => url.origin === apiOrigin,
          },
        }
      : {}),
    interpretError: interpretGotoError,
    parseJson: parseJsonKeepingBigIntegers,
  });
  const client = createGotoClient({
    http,
    apiBaseUrl,
    pageSize: options.pageSize ?? 100,
    createBatchSize: options.createBatchSize ?? 50,
    allOrNothing: options.allOrNothing ?? false,
    maxPages: options.maxPages,
  });
  return guardGotoClient({ ...client, addHooks: (hooks: HttpHooks) => relay.add(hooks) }, 'GoTo client');
}
