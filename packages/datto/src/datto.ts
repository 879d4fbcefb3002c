import {
  type ConnectOptions,
  createHttpClient,
  PsaBridgeError,
  type PsaClient,
  type PsaProvider,
  parseCredentials,
  type RetryOptions,
  transportOptions,
} from '@psa-bridge/core';
import { createAutotaskClient } from './autotask-client.js';
import { AUTOTASK_SECRET_FIELDS, type AutotaskCredentials, autotaskCredentials } from './credentials.js';
import { interpretAutotaskError } from './interpret-error.js';
import { MAX_RECORDS } from './queries.js';
import { AUTOTASK_DISCOVERY_URL, type AutotaskZone, lookUpZone } from './zone.js';

/** Options of {@link datto}. */
export interface DattoOptions {
  /** Records per page; Autotask's maximum is 500. @default 500 */
  readonly pageSize?: number;
  /**
   * Requests in flight at once per endpoint; Autotask allows 3 per integration code and endpoint.
   * @default 3
   * @see https://ww1.autotask.net/help/DeveloperHelp/Content/APIs/General/ThreadLimiting.htm
   */
  readonly maxConcurrentPerEndpoint?: number;
  /** Where zone lookups go. @default https://webservices.autotask.net/ATServicesRest/ */
  readonly discoveryUrl?: string;
  /** Time limit of one request attempt, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Retry policy; 429, 5xx and the thread-limit error `Itgenatr005` are retried. @default 4 retries */
  readonly retry?: Partial<RetryOptions>;
}

/**
 * The Datto Autotask PSA provider (SPEC C1, C3): credentials are the API user name, secret and
 * integration code; the zone is found through `zoneInformation` (cached per user name by this
 * provider) on the first call. The client only reads (SPEC I5).
 *
 * @example
 * ```ts
 * import { datto } from '@psa-bridge/datto';
 * const client = await datto().connect({ userName, secret, integrationCode });
 * for await (const company of client.searchCompanies({ name: 'acme', statusIds: ['active'] })) console.log(company.name);
 * ```
 */
export function datto(options: DattoOptions = {}): PsaProvider<AutotaskCredentials> {
  const pageSize = options.pageSize ?? MAX_RECORDS;
  const concurrency = options.maxConcurrentPerEndpoint ?? 3;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_RECORDS || !(concurrency >= 1)) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'datto(): pageSize must be 1 to 500 and maxConcurrentPerEndpoint at least 1',
    );
  }
  const zones = new Map<string, Promise<AutotaskZone>>();
  const provider: PsaProvider<AutotaskCredentials> = {
    id: 'datto',
    displayName: 'Datto Autotask PSA',
    credentials: autotaskCredentials,
    secretFields: AUTOTASK_SECRET_FIELDS,
    async connect(input, connectOptions: ConnectOptions = {}): Promise<PsaClient> {
      const credentials = parseCredentials(provider, input);
      const http = createHttpClient({
        service: 'Autotask',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        authorize: async () => ({
          ApiIntegrationCode: credentials.integrationCode,
          UserName: credentials.userName,
          Secret: credentials.secret,
        }),
        secrets: () => [credentials.secret],
        interpretError: interpretAutotaskError,
        // The thread limit is per integration code and object endpoint (Companies, Contacts, …).
        pacing: { maxConcurrentPerKey: concurrency },
        concurrencyKey: (url) => /\/V1\.0\/([^/]+)/i.exec(url.pathname)?.[1]?.toLowerCase() ?? url.pathname,
        ...transportOptions(options, connectOptions),
      });
      const zone = (signal: AbortSignal | undefined): Promise<AutotaskZone> => {
        if (credentials.zoneUrl) return Promise.resolve({ url: credentials.zoneUrl });
        let found = zones.get(credentials.userName);
        if (!found) {
          found = lookUpZone(
            http,
            options.discoveryUrl ?? AUTOTASK_DISCOVERY_URL,
            credentials.userName,
            signal,
          );
          zones.set(credentials.userName, found);
          found.catch(() => zones.delete(credentials.userName));
        }
        return found;
      };
      return createAutotaskClient({ http, zone, pageSize });
    },
  };
  return provider;
}
