/**
 * A contract-faithful simulator of the ConnectWise PSA REST API, for tests (msw handlers) and
 * for examples and benchmarks (a loopback port). It checks credentials and the `clientId`
 * header as ConnectWise does, serves `/login/companyinfo`, `/system/info`, companies (with a
 * real parser of the `conditions` grammar), statuses, types, contacts and `count`, pages with
 * `Link` headers (navigable and forward-only), and has fault switches.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
 * import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
 * const fake = createConnectWiseFake({ companies: 500 });
 * const server = setupServer(...mswHandlers(fake));
 * server.listen({ onUnhandledRequest: 'error' });
 * const client = await connectwise().connect(fake.credentials);
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
import type { ConnectWiseCredentials } from '../credentials.js';
import {
  type ConnectWiseData,
  type ConnectWiseDataOptions,
  generateConnectWiseData,
} from './connectwise-data.js';
import { type ConnectWiseServerState, createConnectWiseRoutes } from './connectwise-routes.js';

export {
  type Condition,
  ConditionsSyntaxError,
  LITERAL_RULES,
  type Literal,
  type Operator,
  parseConditions,
} from './conditions-parser.js';
export {
  type ConnectWiseData,
  type ConnectWiseDataOptions,
  type CwCommunicationItem,
  type CwCompany,
  type CwCompanyStatus,
  type CwCompanyType,
  type CwContact,
  type CwReference,
  defaultStatuses,
  defaultTypes,
  emailItem,
  generateConnectWiseData,
  type Info,
} from './connectwise-data.js';
export type { ConnectWiseServerState } from './connectwise-routes.js';
export { evaluateCondition } from './evaluate-condition.js';

/** Options of {@link createConnectWiseFake}. */
export interface ConnectWiseFakeOptions extends ConnectWiseDataOptions {
  /** Data to serve instead of generated data. */
  readonly data?: ConnectWiseData;
  /** Accepted company id. @default 'simulated' */
  readonly companyId?: string;
  /** Accepted public key. @default 'sim-public-key' */
  readonly publicKey?: string;
  /** Accepted private key. @default 'sim-private-key' */
  readonly privateKey?: string;
  /** Accepted client id. @default '00000000-0000-4000-8000-000000000001' */
  readonly clientId?: string;
  /** Codebase companyinfo reports. @default 'v2025_1/' */
  readonly codebase?: string;
  /** Origin the msw handlers answer on. @default 'https://api-na.myconnectwise.net' */
  readonly origin?: string;
  /** Answer bad credentials with 404, as cloud instances do. @default false */
  readonly badAuthAs404?: boolean;
  /**
   * How `contains` reads `%`, `_` and `[…]`: ConnectWise does not say, so both are served
   * (`like`: SQL `LIKE` wildcards; the adapter must stay literal either way). @default 'literal'
   */
  readonly containsMode?: ContainsMode;
  /**
   * The name conditions accept for a record's last change: `lastUpdated` or only
   * `_info/lastUpdated` (unconfirmed for companies; serve both in tests). @default 'lastUpdated'
   */
  readonly changedField?: 'lastUpdated' | '_info/lastUpdated';
  /** Latency, a per-second rate limit (429 with `Retry-After`), random faults. */
  readonly host?: SimulatorHostOptions;
}

/** What `connectwise()` needs to reach a listening simulator: nothing, the site says it all. */
export type ConnectWiseFakeClientOptions = Record<string, never>;

/** A running ConnectWise simulator. */
export interface ConnectWiseFake extends MswRoutable {
  /** Credentials that work against the msw handlers (site `na.myconnectwise.net`). */
  readonly credentials: ConnectWiseCredentials;
  /** The data served; change it freely. */
  readonly data: ConnectWiseData;
  /** Switches read on every request: codebase, permissions, cloud-style 404s. */
  readonly state: ConnectWiseServerState;
  /** Fault switches and counters. */
  readonly host: SimulatorHost;
  /**
   * Serves the same behaviour on a loopback port (no msw needed); `credentials.site` there is the
   * server's URL and `clientOptions` is empty: `connectwise()` needs nothing more.
   */
  listen(
    options?: LoopbackOptions,
  ): Promise<RunningSimulator<ConnectWiseCredentials, ConnectWiseFakeClientOptions>>;
}

/**
 * Creates a ConnectWise simulator with seeded, deterministic data (or `options.data`). It holds
 * 100,000 companies and contacts: lists are id-ordered and forward-only pages start by binary
 * search, contacts of a company come from an index.
 */
export function createConnectWiseFake(options: ConnectWiseFakeOptions = {}): ConnectWiseFake {
  const data = options.data ?? generateConnectWiseData(options);
  const state: ConnectWiseServerState = {
    data,
    companyId: options.companyId ?? 'simulated',
    publicKey: options.publicKey ?? 'sim-public-key',
    privateKey: options.privateKey ?? 'sim-private-key',
    clientId: options.clientId ?? '00000000-0000-4000-8000-000000000001',
    codebase: options.codebase ?? 'v2025_1/',
    permissions: { companies: true, contacts: true },
    badAuthAs404: options.badAuthAs404 ?? false,
    containsMode: options.containsMode ?? 'literal',
    changedField: options.changedField ?? 'lastUpdated',
    onAuthFailure: () => {
      host.stats.authFailures += 1;
    },
  };
  const host = createSimulatorHost(createConnectWiseRoutes(state), {
    faultBody: (status) => ({
      code: status === 429 ? 'TooManyRequests' : 'ServerError',
      message: `Simulated ${status}`,
    }),
    ...options.host,
  });
  const origin = options.origin ?? 'https://api-na.myconnectwise.net';
  const credentialsFor = (site: string): ConnectWiseCredentials => ({
    site,
    companyId: state.companyId,
    publicKey: state.publicKey,
    privateKey: state.privateKey,
    clientId: state.clientId,
  });
  return {
    mswRoutes: [{ method: 'all', url: `${origin}/*` }],
    handle: (request) => host.handle(request),
    credentials: credentialsFor(new URL(origin).host.replace(/^api-/, '')),
    data,
    state,
    host,
    async listen(listenOptions) {
      const server = await serveOnLoopback((request) => host.handle(request), listenOptions);
      return runningSimulator(server, credentialsFor(server.url), {});
    },
  };
}
