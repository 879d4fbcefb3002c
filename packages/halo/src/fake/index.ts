/**
 * A simulator of the HaloPSA API, for tests (msw, through `@psa-bridge/halo/fake/msw`) and for
 * examples and benchmarks (a loopback port). It serves `/api/authinfo`, the client-credentials
 * token endpoint (with a hosted tenant when set), `/api/client` and `/api/users` with Halo's
 * paging, filters and error bodies, the hosted limit of 300 requests per rolling 5 minutes, and
 * switches for what public sources leave open.
 *
 * @example
 * ```ts
 * import { createHaloFake } from '@psa-bridge/halo/fake';
 * const fake = createHaloFake({ clients: 200 });
 * const { credentials, close } = await fake.listen();
 * const client = await halo().connect(credentials);
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
import type { HaloCredentials } from '../credentials.js';
import { generateHaloData, type HaloData } from './halo-data.js';
import { createHaloRoutes, type HaloServerState } from './halo-routes.js';

export {
  defaultTopLevels,
  generateHaloData,
  type HaloClientRecord,
  type HaloData,
  type HaloDataOptions,
  type HaloTopLevel,
  type HaloUserRecord,
  haloClient,
  haloUser,
} from './halo-data.js';
export { type HaloServerState, RATE_LIMIT_TEXT } from './halo-routes.js';

/** Options of {@link createHaloFake}. */
export interface HaloFakeOptions {
  /** The data; generated from `clients`, `usersPerClient` and `seed` when absent. */
  readonly data?: HaloData;
  /** Generated clients. @default 60 */
  readonly clients?: number;
  /** Generated users per client. @default 3 */
  readonly usersPerClient?: number;
  /** Seed of the generated data. @default 1 */
  readonly seed?: number;
  /** Accepted client id. @default 'sim-halo-client-id' */
  readonly clientId?: string;
  /** Accepted client secret. @default 'sim-halo-client-secret' */
  readonly clientSecret?: string;
  /** A hosted instance's tenant (the token endpoint then needs it). @default none */
  readonly tenant?: string;
  /** Whether `/api/authinfo` answers. @default true */
  readonly authInfo?: boolean;
  /** Lifetime of tokens, in seconds. @default 3600 */
  readonly tokenTtlSeconds?: number;
  /** The rolling-window limit; `null` for none. @default 300 per 5 minutes (hosted Halo) */
  readonly rateLimit?: { readonly requests: number; readonly windowMs: number } | null;
  /** `Retry-After` seconds with a 429 (unconfirmed for Halo). @default none */
  readonly retryAfterSeconds?: number;
  /** How `search` reads `%`, `_` and `[…]` (unconfirmed). @default 'literal' */
  readonly containsMode?: ContainsMode;
  /** Whether `search` also matches the website (unconfirmed). @default false */
  readonly searchAlsoMatchesWebsite?: boolean;
  /** Origin the msw handlers answer on. @default 'https://msp.halopsa.com' */
  readonly origin?: string;
  /** Time as the simulator sees it. @default Date.now */
  readonly now?: () => number;
  /** Faults, latency. */
  readonly host?: SimulatorHostOptions;
}

/** What `halo()` needs to reach a listening simulator: nothing, the URL says it all. */
export type HaloFakeClientOptions = Record<string, never>;

/** A running Halo simulator. */
export interface HaloFake extends MswRoutable {
  /** Credentials that work against the msw handlers (`url` is the msw origin). */
  readonly credentials: HaloCredentials;
  /** The data served; change it freely. */
  readonly data: HaloData;
  /** Switches and counters: permissions, tenant, tokens, the rate limit. */
  readonly state: HaloServerState;
  /** Fault switches and request counters. */
  readonly host: SimulatorHost;
  /** Makes every token handed out so far expire now. */
  expireTokens(): void;
  /**
   * Serves the same behaviour on a loopback port (no msw needed); `credentials.url` there is the
   * server's URL and `clientOptions` is empty: `halo()` needs nothing more.
   */
  listen(options?: LoopbackOptions): Promise<RunningSimulator<HaloCredentials, HaloFakeClientOptions>>;
}

/** Creates a Halo simulator with seeded, deterministic data (or `options.data`). */
export function createHaloFake(options: HaloFakeOptions = {}): HaloFake {
  const data = options.data ?? generateHaloData(options);
  let tokenCount = 0;
  const state: HaloServerState = {
    data,
    clientId: options.clientId ?? 'sim-halo-client-id',
    clientSecret: options.clientSecret ?? 'sim-halo-client-secret',
    grantedScopes: ['all'],
    tenant: options.tenant,
    authInfo: options.authInfo ?? true,
    permissions: { clients: true, users: true },
    tokens: new Map(),
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    tokenRequests: 0,
    rateLimit:
      options.rateLimit === null ? undefined : (options.rateLimit ?? { requests: 300, windowMs: 300_000 }),
    retryAfterSeconds: options.retryAfterSeconds,
    requestTimes: [],
    containsMode: options.containsMode ?? 'literal',
    searchAlsoMatchesWebsite: options.searchAlsoMatchesWebsite ?? false,
    now: options.now ?? Date.now,
    onAuthFailure: () => {
      host.stats.authFailures += 1;
    },
    nextToken: () => {
      tokenCount += 1;
      return `sim-halo-token-${tokenCount}-${Math.random().toString(36).slice(2, 10)}`;
    },
  };
  const host = createSimulatorHost(createHaloRoutes(state), {
    faultBody: (status) => ({ ClassName: 'HaloException', Message: `Simulated ${status}` }),
    ...options.host,
  });
  const origin = options.origin ?? 'https://msp.halopsa.com';
  const credentialsFor = (url: string): HaloCredentials => ({
    url,
    clientId: state.clientId,
    clientSecret: state.clientSecret,
    ...(state.tenant === undefined ? {} : { tenant: state.tenant }),
  });
  return {
    mswRoutes: [
      { method: 'all', url: `${origin}/api/*` },
      { method: 'all', url: `${origin}/auth/*` },
    ],
    handle: (request) => host.handle(request),
    credentials: credentialsFor(origin),
    data,
    state,
    host,
    expireTokens() {
      for (const token of state.tokens.keys()) state.tokens.set(token, 0);
    },
    async listen(listenOptions) {
      const server = await serveOnLoopback((request) => host.handle(request), listenOptions);
      return runningSimulator(server, credentialsFor(server.url), {});
    },
  };
}
