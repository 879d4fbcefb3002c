/**
 * A contract-faithful simulator of the Datto Autotask PSA REST API (V1.0), for tests (msw
 * handlers) and for examples and benchmarks (a loopback port). It serves `zoneInformation`
 * (unauthenticated, pointing at itself), checks the three auth headers with Autotask's status
 * codes, counts requests for `ThresholdInformation` and the hourly budget, serves picklists,
 * queries with the filter language, `nextPageUrl` (POST only), counts, the thread limit
 * (`Itgenatr005` on a non-429 status) and fault switches.
 *
 * @example
 * ```ts
 * import { createAutotaskFake } from '@psa-bridge/datto/fake';
 * const fake = createAutotaskFake({ companies: 500 });
 * const { credentials, clientOptions, close } = await fake.listen();
 * const client = await datto(clientOptions).connect(credentials);
 * ```
 *
 * @module
 */
import {
  type ContainsMode,
  createSimulatorHost,
  type LoopbackOptions,
  type MswRoutable,
  type RunningSimulator,
  runningSimulator,
  type SimulatorHost,
  type SimulatorHostOptions,
  serveOnLoopback,
} from '@psa-bridge/core/testing';
import type { AutotaskCredentials } from '../credentials.js';
import {
  type AutotaskData,
  type AutotaskDataOptions,
  defaultClassifications,
  generateAutotaskData,
} from './autotask-data.js';
import { type AutotaskServerState, createAutotaskRoutes } from './autotask-routes.js';

export {
  type AtCompany,
  type AtContact,
  type AtPicklistValue,
  type AutotaskData,
  type AutotaskDataOptions,
  defaultClassifications,
  defaultCompanyTypes,
  generateAutotaskData,
  ownerCompany,
} from './autotask-data.js';
export { AT_FIELDS, type AtField, type AtFieldType } from './autotask-fields.js';
export type { AutotaskServerState } from './autotask-routes.js';
export { checkFilter, FilterError, matchesFilter } from './evaluate-filter.js';

/** Options of {@link createAutotaskFake}. */
export interface AutotaskFakeOptions extends AutotaskDataOptions {
  /** Data to serve instead of generated data (keep company 0 in it). */
  readonly data?: AutotaskData;
  /** Accepted API user name. @default 'api-user@msp.example' */
  readonly userName?: string;
  /** Accepted secret. @default 'sim-autotask-secret' */
  readonly secret?: string;
  /** Accepted integration code. @default 'SIMINTEGRATIONCODE0000000001' */
  readonly integrationCode?: string;
  /** Time each request holds one of the 3 threads, in ms. @default 0 */
  readonly latencyMs?: number;
  /** Origin the msw handlers answer zone lookups on. @default 'https://webservices.autotask.net' */
  readonly origin?: string;
  /**
   * Origin of the zone the lookup points at, on a numbered host as real zones are; the msw
   * handlers answer on it too. The loopback server answers on one port, so there the zone
   * points back at it. @default 'https://webservices5.autotask.net'
   */
  readonly zoneOrigin?: string;
  /** How `entityInformation/fields` spells field names (unconfirmed). @default 'camel' */
  readonly fieldNameCasing?: 'camel' | 'pascal';
  /** Current time, for the hourly budget. @default Date.now */
  readonly now?: () => number;
  /** Faults, extra latency, a per-second limit. */
  readonly host?: SimulatorHostOptions;
  /**
   * How `contains` reads `%`, `_` and `[…]`: Autotask does not say, so both are served (`like`:
   * SQL `LIKE` wildcards; the adapter must stay literal either way). @default 'literal'
   */
  readonly containsMode?: ContainsMode;
  /**
   * Company fields the server refuses in filters (answered 500, "not queryable"): which change-time
   * fields Autotask lets a query filter on is unconfirmed, so tests serve both. @default []
   */
  readonly unqueryable?: readonly ('lastActivityDate' | 'lastTrackedModifiedDateTime')[];
}

/** What `datto()` needs to reach a listening simulator. */
export interface AutotaskFakeClientOptions {
  /** The simulator's zone lookup URL; its zone is the same server. */
  readonly discoveryUrl: string;
}

/** A running Autotask simulator. */
export interface AutotaskFake extends MswRoutable {
  /** Credentials that work against the msw handlers (with the default `discoveryUrl`). */
  readonly credentials: AutotaskCredentials;
  /** The data served; change it freely. */
  readonly data: AutotaskData;
  /** Switches and counters: permissions, budget, latency, threads in flight. */
  readonly state: AutotaskServerState;
  /** Fault switches and request counters. */
  readonly host: SimulatorHost;
  /**
   * Serves the same behaviour on a loopback port (no msw needed); pass `clientOptions` (the
   * server's `discoveryUrl`) to `datto()`.
   */
  listen(
    options?: LoopbackOptions,
  ): Promise<RunningSimulator<AutotaskCredentials, AutotaskFakeClientOptions>>;
}

/**
 * Creates an Autotask simulator with seeded, deterministic data (or `options.data`). It holds
 * 100,000 companies and contacts: lists are id-ordered, next pages start by binary search, and
 * contacts of a company come from an index.
 */
export function createAutotaskFake(options: AutotaskFakeOptions = {}): AutotaskFake {
  const data = options.data ?? generateAutotaskData(options);
  const state: AutotaskServerState = {
    data,
    userName: options.userName ?? 'api-user@msp.example',
    secret: options.secret ?? 'sim-autotask-secret',
    integrationCode: options.integrationCode ?? 'SIMINTEGRATIONCODE0000000001',
    permissions: { companies: true, contacts: true },
    requestCount: 0,
    hourlyBudget: 10_000,
    latencyMs: options.latencyMs ?? 0,
    threadLimitStatus: 500,
    inFlight: new Map(),
    peakInFlight: 0,
    onAuthFailure: () => {
      host.stats.authFailures += 1;
    },
    zoneOrigin: options.zoneOrigin ?? 'https://webservices5.autotask.net',
    fieldNameCasing: options.fieldNameCasing ?? 'camel',
    classifications: defaultClassifications(),
    now: options.now ?? Date.now,
    budgetWindowStart: (options.now ?? Date.now)(),
    containsMode: options.containsMode ?? 'literal',
    unqueryable: new Set(options.unqueryable ?? []),
  };
  const host = createSimulatorHost(createAutotaskRoutes(state), {
    faultBody: (status) => ({ errors: [`Simulated status ${status}`] }),
    ...options.host,
  });
  const origin = options.origin ?? 'https://webservices.autotask.net';
  const credentials: AutotaskCredentials = {
    userName: state.userName,
    secret: state.secret,
    integrationCode: state.integrationCode,
  };
  const zoneOrigin = state.zoneOrigin;
  return {
    mswRoutes: [
      { method: 'all', url: `${origin}/ATServicesRest/*` },
      { method: 'all', url: `${zoneOrigin}/ATServicesRest/*` },
    ],
    handle: (request) => host.handle(request),
    credentials,
    data,
    state,
    host,
    async listen(listenOptions) {
      // One port answers both the lookup and the zone, so the zone points back at it.
      state.zoneOrigin = undefined;
      const server = await serveOnLoopback((request) => host.handle(request), listenOptions);
      return runningSimulator(server, credentials, { discoveryUrl: `${server.url}/ATServicesRest/` });
    },
  };
}
