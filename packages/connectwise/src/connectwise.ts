import { PsaBridgeError, type PsaProvider } from '@psa-bridge/core';
import {
  basicCredentials,
  type ConnectOptions,
  createHttpClient,
  guardMethods,
  guardPsaClient,
  type PacingOptions,
  type PsaClient,
  parseCredentials,
  type RetryOptions,
  transportOptions,
} from '@psa-bridge/core/adapter';
import { z } from 'zod';
import { apiOrigin } from './api-origin.js';
import { discoverApiBase } from './codebase.js';
import { createConnectWiseClient } from './connectwise-client.js';
import {
  CONNECTWISE_SECRET_FIELDS,
  type ConnectWiseCredentials,
  connectWiseCredentials,
} from './credentials.js';

/** Options of {@link connectwise}. */
export interface ConnectWiseOptions {
  /**
   * Records per page; ConnectWise's maximum is 1000.
   * @default 1000
   * @see https://developer.connectwise.com/Best_Practices/PSA_Pagination
   */
  readonly pageSize?: number;
  /** Time limit of one request attempt, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Retry policy; 429 answers are retried after their `Retry-After`. @default 4 retries */
  readonly retry?: Partial<RetryOptions>;
  /** Client-side pacing. ConnectWise publishes no numeric limit, so none by default. */
  readonly pacing?: PacingOptions;
  /**
   * Most pages one listing reads before it stops with `RESPONSE_SHAPE`: the second line of
   * defence, after the repeated-link check, against a server that never stops naming pages.
   * @default 10000
   */
  readonly maxPages?: number;
  /**
   * How an incremental read names a company's last change in `conditions`: `lastUpdated` (as
   * ConnectWise's conditions guide writes it) or `_info/lastUpdated`. Unconfirmed for companies;
   * when the server refuses the one chosen, the read falls back to every company.
   * @default 'lastUpdated'
   * @see https://developer.connectwise.com/Best_Practices/PSA_API_Requests
   */
  readonly changedField?: 'lastUpdated' | '_info/lastUpdated';
}

const optionsSchema = z.object({
  pageSize: z.number().int().min(1).max(1000).optional(),
  timeoutMs: z.number().int().positive().optional(),
  maxPages: z.number().int().positive().optional(),
  changedField: z.enum(['lastUpdated', '_info/lastUpdated']).optional(),
});

/** Default API version of the Accept header. */
const DEFAULT_API_VERSION = '2021.1';

/**
 * The ConnectWise PSA (Manage) provider (SPEC C1, C3): credentials are site, company id, public
 * and private keys and client id. `connect` sends nothing; the first call finds the codebase
 * through `/login/companyinfo`. The client it returns only reads (SPEC I5).
 *
 * @example
 * ```ts
 * import { connectwise } from '@psa-bridge/connectwise';
 * const provider = connectwise();
 * const client = await provider.connect({
 *   site: 'na.myconnectwise.net', companyId: 'mymsp', publicKey, privateKey, clientId,
 * });
 * for await (const company of client.searchCompanies({ name: 'acme' })) console.log(company.name);
 * ```
 */
export function connectwise(
  options: ConnectWiseOptions = {},
): PsaProvider<ConnectWiseCredentials, 'connectwise'> {
  if (typeof options !== 'object' || options === null) {
    throw new PsaBridgeError('CONFIGURATION', 'connectwise(): options must be an object');
  }
  const parsed = optionsSchema.safeParse({
    pageSize: options.pageSize,
    timeoutMs: options.timeoutMs,
    maxPages: options.maxPages,
    changedField: options.changedField,
  });
  if (!parsed.success) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'connectwise(): pageSize must be 1 to 1000, timeoutMs and maxPages positive integers, changedField lastUpdated or _info/lastUpdated',
    );
  }
  const provider: PsaProvider<ConnectWiseCredentials, 'connectwise'> = {
    id: 'connectwise',
    displayName: 'ConnectWise PSA',
    credentials: connectWiseCredentials,
    secretFields: CONNECTWISE_SECRET_FIELDS,
    async connect(input, connectOptions: ConnectOptions = {}): Promise<PsaClient> {
      const credentials = parseCredentials(provider, input);
      const basic = basicCredentials(
        `${credentials.companyId}+${credentials.publicKey}`,
        credentials.privateKey,
      );
      const origin = apiOrigin(credentials.site);
      const http = createHttpClient({
        service: 'ConnectWise',
        guide: 'docs/vendors/onboarding-connectwise.md',
        headers: {
          accept: `application/vnd.connectwise.com+json; version=${credentials.apiVersion ?? DEFAULT_API_VERSION}`,
        },
        // The client id travels with the keys, so it goes only where they go (SPEC C8).
        authorize: async () => ({ authorization: `Basic ${basic}`, clientId: credentials.clientId }),
        trustsOrigin: (url) => url.origin === origin,
        secrets: () => [credentials.publicKey, credentials.privateKey, basic],
        ...transportOptions(options, connectOptions),
        ...(options.pacing ? { pacing: options.pacing } : {}),
        // ConnectWise publishes no rate; a 429's Retry-After pauses every worker of this site and company.
        ...(connectOptions.rateLimiter
          ? {
              sharedRateLimit: {
                limiter: connectOptions.rateLimiter,
                key: `connectwise:${origin}:${credentials.companyId.toLowerCase()}`,
              },
            }
          : {}),
      });
      const base = discoverApiBase(http, origin, credentials.companyId, credentials.codebase);
      return guardPsaClient(
        createConnectWiseClient({
          http,
          base,
          pageSize: options.pageSize ?? 1000,
          hooks: connectOptions.hooks,
          maxPages: options.maxPages,
          changedField: options.changedField ?? 'lastUpdated',
        }),
        'ConnectWise client',
      );
    },
  };
  return guardMethods(provider, 'connectwise()');
}
