import { PsaBridgeError, type PsaProvider } from '@psa-bridge/core';
import {
  type ConnectOptions,
  createHttpClient,
  guardMethods,
  guardPsaClient,
  isSafeServiceUrl,
  type PsaClient,
  parseCredentials,
  type RetryOptions,
  transportOptions,
} from '@psa-bridge/core/adapter';
import { createAutotaskClient } from './autotask-client.js';
import { AUTOTASK_SECRET_FIELDS, type AutotaskCredentials, autotaskCredentials } from './credentials.js';
import { interpretAutotaskError } from './interpret-error.js';
import { MAX_RECORDS } from './queries.js';
import {
  AUTOTASK_DISCOVERY_URL,
  type AutotaskZone,
  isAllowedZone,
  lookUpZone,
  unpinnedZoneError,
  type ZonePolicy,
} from './zone.js';

/**
 * Autotask's budget: 10,000 requests an hour per database, 100 of them at once before pacing.
 * @see https://ww1.autotask.net/help/DeveloperHelp/Content/APIs/General/API_Limits.htm
 */
const AUTOTASK_HOURLY_RULE = { requests: 10_000, perMs: 3_600_000, burst: 100 } as const;

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
  /** Where zone lookups go; its origin is trusted for zone answers too. @default https://webservices.autotask.net/ATServicesRest/ */
  readonly discoveryUrl?: string;
  /**
   * Zone origins the credentials may go to besides `https://*.autotask.net` (SPEC C8), like a
   * simulator's `http://127.0.0.1:4100`. A zone answer elsewhere fails before any secret is sent.
   * @default []
   */
  readonly allowedZoneOrigins?: readonly string[];
  /** Time limit of one request attempt, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Retry policy; 429, 5xx and the thread-limit error `Itgenatr005` are retried. @default 4 retries */
  readonly retry?: Partial<RetryOptions>;
  /**
   * Most pages one query reads before it stops with `RESPONSE_SHAPE`: the second line of defence,
   * after the repeated-link check, against a server that never stops naming pages. @default 10000
   */
  readonly maxPages?: number;
  /**
   * The company time fields an incremental read filters on (or-ed, `gte` the time): a company
   * changed when either moved. Which of them Autotask moves on a rename, and whether both are
   * queryable, is unconfirmed: when the server refuses the filter, the read falls back to every
   * company. @default ['lastActivityDate', 'lastTrackedModifiedDateTime']
   * @see https://ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/Entities/CompaniesEntity.htm
   */
  readonly changedFields?: readonly AutotaskChangeField[];
}

/** A company time field Autotask can filter on. */
export type AutotaskChangeField = 'lastActivityDate' | 'lastTrackedModifiedDateTime';

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
export function datto(options: DattoOptions = {}): PsaProvider<AutotaskCredentials, 'datto'> {
  if (typeof options !== 'object' || options === null) {
    throw new PsaBridgeError('CONFIGURATION', 'datto(): options must be an object');
  }
  const pageSize = options.pageSize ?? MAX_RECORDS;
  const concurrency = options.maxConcurrentPerEndpoint ?? 3;
  const maxPages = options.maxPages;
  if (
    !Number.isInteger(pageSize) ||
    pageSize < 1 ||
    pageSize > MAX_RECORDS ||
    !(concurrency >= 1) ||
    (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages >= 1))
  ) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'datto(): pageSize must be 1 to 500, maxConcurrentPerEndpoint at least 1 and maxPages a positive integer',
    );
  }
  const changedFields = options.changedFields ?? ['lastActivityDate', 'lastTrackedModifiedDateTime'];
  if (
    !Array.isArray(changedFields) ||
    changedFields.length === 0 ||
    !changedFields.every((field) => field === 'lastActivityDate' || field === 'lastTrackedModifiedDateTime')
  ) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'datto(): changedFields must list lastActivityDate and/or lastTrackedModifiedDateTime',
      { details: { field: 'changedFields' } },
    );
  }
  const discoveryUrl = options.discoveryUrl ?? AUTOTASK_DISCOVERY_URL;
  if (!isSafeServiceUrl(discoveryUrl) || !(options.allowedZoneOrigins ?? []).every(isSafeServiceUrl)) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'datto(): discoveryUrl and allowedZoneOrigins must be https URLs without user info (plain http only to localhost)',
    );
  }
  const policy: ZonePolicy = {
    allowedOrigins: [
      new URL(discoveryUrl).origin,
      ...(options.allowedZoneOrigins ?? []).map((origin) => new URL(origin).origin),
    ],
  };
  const zones = new Map<string, Promise<AutotaskZone>>();
  const provider: PsaProvider<AutotaskCredentials, 'datto'> = {
    id: 'datto',
    displayName: 'Datto Autotask PSA',
    credentials: autotaskCredentials,
    secretFields: AUTOTASK_SECRET_FIELDS,
    async connect(input, connectOptions: ConnectOptions = {}): Promise<PsaClient> {
      const credentials = parseCredentials(provider, input);
      if (credentials.zoneUrl !== undefined && !isAllowedZone(credentials.zoneUrl, policy)) {
        throw new PsaBridgeError(
          'VALIDATION',
          'Invalid Datto Autotask PSA credentials: zoneUrl (must be an https autotask.net URL, or an origin allowed with allowedZoneOrigins)',
          { details: { provider: 'datto', fields: ['zoneUrl'] } },
        );
      }
      /** The origin of the zone in use: the only place the credentials go (SPEC C8). */
      let zoneOrigin: string | undefined;
      const http = createHttpClient({
        service: 'Autotask',
        guide: 'docs/vendors/onboarding-autotask.md',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        authorize: async () => ({
          ApiIntegrationCode: credentials.integrationCode,
          UserName: credentials.userName,
          Secret: credentials.secret,
        }),
        secrets: () => [credentials.secret],
        trustsOrigin: (url) => zoneOrigin !== undefined && url.origin === zoneOrigin,
        interpretError: interpretAutotaskError,
        // The thread limit is per integration code and object endpoint (Companies, Contacts, …).
        pacing: { maxConcurrentPerKey: concurrency },
        concurrencyKey: (url) => /\/V1\.0\/([^/]+)/i.exec(url.pathname)?.[1]?.toLowerCase() ?? url.pathname,
        ...transportOptions(options, connectOptions),
        // Shared by every worker: 10,000 requests an hour and 3 at once per endpoint, per API user.
        ...(connectOptions.rateLimiter
          ? {
              sharedRateLimit: {
                limiter: connectOptions.rateLimiter,
                key: `autotask:${credentials.userName.toLowerCase()}`,
                rule: AUTOTASK_HOURLY_RULE,
                concurrentPerEndpoint: concurrency,
                // The zone lookup is another service, not counted against the database's budget.
                counts: (url: URL) => /\/V1\.0\//i.test(url.pathname),
              },
            }
          : {}),
      });
      const zone = async (signal: AbortSignal | undefined): Promise<AutotaskZone> => {
        if (credentials.zoneUrl) {
          zoneOrigin = new URL(credentials.zoneUrl).origin;
          return { url: credentials.zoneUrl };
        }
        let found = zones.get(credentials.userName);
        if (!found) {
          found = lookUpZone(http, discoveryUrl, credentials.userName, signal).then((answer) => {
            if (!isAllowedZone(answer.url, policy)) throw unpinnedZoneError(answer.url);
            return answer;
          });
          zones.set(credentials.userName, found);
          found.catch(() => zones.delete(credentials.userName));
        }
        const answer = await found;
        zoneOrigin = new URL(answer.url).origin;
        return answer;
      };
      return guardPsaClient(
        createAutotaskClient({ http, zone, pageSize, hooks: connectOptions.hooks, maxPages, changedFields }),
        'Autotask client',
      );
    },
  };
  return guardMethods(provider, 'datto()');
}
