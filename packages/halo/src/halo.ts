import {
  type ConnectOptions,
  createHttpClient,
  guardMethods,
  guardPsaClient,
  PsaBridgeError,
  type PsaClient,
  type PsaProvider,
  parseCredentials,
  type RetryOptions,
  systemClock,
  transportOptions,
} from '@psa-bridge/core/adapter';
import { HALO_SECRET_FIELDS, type HaloCredentials, haloCredentials } from './credentials.js';
import { createHaloClient } from './halo-client.js';
import { interpretHaloError } from './interpret-error.js';
import { createTokenSource } from './token-source.js';

/**
 * Hosted Halo's limit: 300 requests per rolling 5 minutes (answered with 429 "Rate Limit Reached -
 * 300 Requests per rolling 5 minute window").
 * @see https://github.com/homotechsual/HaloAPI/issues/31
 */
export const HALO_RATE_LIMIT = { requests: 300, perMs: 300_000 } as const;

/** Options of {@link halo}. */
export interface HaloOptions {
  /** Records per page. @default 100 */
  readonly pageSize?: number;
  /** Time limit of one request attempt, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Retry policy; 429 and 5xx are retried. @default 4 retries */
  readonly retry?: Partial<RetryOptions>;
  /** Most pages one listing reads before it stops with `RESPONSE_SHAPE`. @default 10000 */
  readonly maxPages?: number;
  /**
   * Requests per rolling window this client keeps to, and shares through the app's `RateLimiter`
   * with every other client of the same Halo instance. On-premise instances may allow more.
   * @default 300 per 5 minutes (hosted Halo)
   */
  readonly rateLimit?: { readonly requests: number; readonly perMs: number };
}

/**
 * The HaloPSA provider (SPEC C1, C3), written with `@psa-bridge/core/adapter` alone: customers
 * (`/api/client`) are companies, with active and inactive as statuses and top levels as types
 * (SPEC M2); users (`/api/users`) are contacts. OAuth 2 client credentials, the token endpoint
 * found through `/api/authinfo`. The client only reads (SPEC I5).
 *
 * @example
 * ```ts
 * import { halo } from '@psa-bridge/halo';
 * const client = await halo().connect({ url: 'https://msp.halopsa.com', clientId, clientSecret });
 * for await (const company of client.searchCompanies({ name: 'acme' })) console.log(company.name);
 * ```
 */
export function halo(options: HaloOptions = {}): PsaProvider<HaloCredentials, 'halo'> {
  if (typeof options !== 'object' || options === null) {
    throw new PsaBridgeError('CONFIGURATION', 'halo(): options must be an object');
  }
  const pageSize = options.pageSize ?? 100;
  const rate = options.rateLimit ?? HALO_RATE_LIMIT;
  if (
    !Number.isInteger(pageSize) ||
    pageSize < 1 ||
    pageSize > 1000 ||
    !(Number.isInteger(rate.requests) && rate.requests >= 1) ||
    !(Number.isFinite(rate.perMs) && rate.perMs >= 1) ||
    (options.maxPages !== undefined && !(Number.isInteger(options.maxPages) && options.maxPages >= 1))
  ) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'halo(): pageSize must be 1 to 1000, rateLimit whole requests per positive milliseconds, and maxPages a positive integer',
    );
  }
  const provider: PsaProvider<HaloCredentials, 'halo'> = {
    id: 'halo',
    displayName: 'HaloPSA',
    credentials: haloCredentials,
    secretFields: HALO_SECRET_FIELDS,
    async connect(input, connectOptions: ConnectOptions = {}): Promise<PsaClient> {
      const credentials = parseCredentials(provider, input);
      const instance = new URL(credentials.url).origin;
      const transport = transportOptions(options, connectOptions);
      const limiterKey = `halo:${instance}`;
      // The limiter's rule is a rate with a burst: at most `burst + rate × window` requests start
      // in any window. Half the budget as the burst and half as the rate keeps every rolling
      // window (Halo's) to the budget, whichever way the requests of all sharers fall.
      const half = Math.max(1, Math.floor(rate.requests / 2));
      const shared = connectOptions.rateLimiter
        ? {
            sharedRateLimit: {
              limiter: connectOptions.rateLimiter,
              key: limiterKey,
              rule: { requests: half, perMs: rate.perMs, burst: half },
            },
          }
        : {};
      const pacing = { window: { requests: rate.requests, windowMs: rate.perMs } };
      /** The authorization server's origin, once found and checked: the only other place the secret goes. */
      let authOrigin: string | undefined;
      let accessToken: () => string | undefined = () => undefined;
      const secrets = () => [credentials.clientSecret, accessToken()].filter((value) => value !== undefined);
      const authHttp = createHttpClient({
        service: 'HaloPSA',
        guide: 'docs/vendors/onboarding-halo.md',
        headers: { accept: 'application/json' },
        secrets,
        trustsOrigin: (url) => url.origin === instance || url.origin === authOrigin,
        interpretError: interpretHaloError,
        pacing,
        ...transport,
        ...shared,
      });
      const tokens = createTokenSource(
        credentials,
        authHttp,
        connectOptions.clock ?? systemClock,
        (origin) => {
          authOrigin = origin;
        },
      );
      accessToken = tokens.current;
      const http = createHttpClient({
        service: 'HaloPSA',
        guide: 'docs/vendors/onboarding-halo.md',
        baseUrl: `${credentials.url.replace(/\/+$/, '')}/api`,
        headers: { accept: 'application/json' },
        authorize: async (signal) => ({ authorization: `Bearer ${await tokens.get(signal)}` }),
        onUnauthorized: async (_signal, sent) => tokens.renew(sent.authorization?.replace(/^Bearer /, '')),
        secrets,
        trustsOrigin: (url) => url.origin === instance,
        interpretError: interpretHaloError,
        pacing,
        ...transport,
        ...shared,
      });
      return guardPsaClient(
        createHaloClient({ http, tokens, pageSize, hooks: connectOptions.hooks, maxPages: options.maxPages }),
        'HaloPSA client',
      );
    },
  };
  return guardMethods(provider, 'halo()');
}
