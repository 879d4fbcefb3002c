import {
  type AnyPsaProvider,
  type ConnectionService,
  createConnectionService,
} from '../connections/connection-service.js';
import type { CallOptions } from '../contracts/call-options.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { GotoProduct } from '../contracts/goto-products.js';
import type { ConnectOptions, PsaProvider } from '../contracts/psa-provider.js';
import type { RateLimiter } from '../contracts/rate-limiter.js';
import type { DisplayNameRule } from '../email/display-name-from-email.js';
import { createEndUserService, type EndUserService } from '../end-users/end-user-service.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { withArgumentChecks } from '../guard/check-arguments.js';
import { guardMethods } from '../guard/guard-methods.js';
import { type Clock, systemClock } from '../http/clock.js';
import { combineHooks } from '../http/combine-hooks.js';
import type { HttpHooks } from '../http/http-events.js';
import { type BridgeLogger, hooksFromLogger } from '../http/logger-hooks.js';
import type { ImportHooks } from '../import/import-events.js';
import { createImportService, type ImportService } from '../import/import-service.js';
import { randomPlanKey } from '../import/plan-seal.js';
import { createMappingService, type MappingService } from '../matching/mapping-service.js';
import type { MatchOptions } from '../matching/match-account.js';
import type { AccountPage, AccountPageOptions } from '../read-model/account-view.js';
import { localCompanyClient } from '../read-model/local-company-client.js';
import {
  createReadModel,
  type RefreshOptions,
  type RefreshReport,
} from '../read-model/read-model-service.js';
import { createMemoryReadModelStore } from '../read-model/read-model-store-memory.js';
import { createMemoryStores, type Stores } from '../stores/create-stores.js';
import { bindGotoClient, type CallDefaults } from './bind-call-context.js';
import { checkBridgeOptions } from './check-bridge-options.js';
import {
  accountPageOptionsSchema,
  accountSchema,
  autoMapOptionsSchema,
  callOptionsSchema,
  companySearchSchema,
  connectionChangesSchema,
  idSchema,
  inboundRequestSchema,
  listOptionsSchema,
  mappingInputSchema,
  newConnectionSchema,
  planRequestSchema,
  planSchema,
  promoteOptionsSchema,
  refreshOptionsSchema,
  runOptionsSchema,
  searchOptionsSchema,
  suggestOptionsSchema,
  weakEndUserSchema,
} from './input-schemas.js';
import { createMappingColumn } from './mapping-column.js';

/** Hooks of a bridge: every vendor request (to GoTo and each PSA) and every import batch. */
export interface BridgeHooks extends HttpHooks, ImportHooks {}

/**
 * Options of {@link createBridge}.
 *
 * @typeParam Providers - the providers' types, so `testAndSave` checks credentials by `providerId`.
 */
export interface BridgeOptions<
  Providers extends readonly AnyPsaProvider[] = readonly AnyPsaProvider[],
  Products extends string = GotoProduct,
> {
  /** The PSA providers partners can connect (SPEC C1), like `[connectwise(), datto()]`. */
  readonly providers: Providers;
  /** The GoTo side: accounts, licenses, users. */
  readonly goto: GotoClient;
  /** Where connections, mappings, the import journal and weak end users live. @default in memory */
  readonly stores?: Stores;
  /** Passed to every provider's `connect` (fetch, hooks, clock). */
  readonly connectOptions?: ConnectOptions;
  /**
   * Secret-free logging and metrics hooks for every request the bridge makes: to every PSA it
   * connects and to GoTo (through the GoTo client's `addHooks`). Set them here once.
   */
  readonly hooks?: BridgeHooks;
  /** A logger (`console` fits) for requests, retries and unreadable vendor records; secret-free. */
  readonly logger?: BridgeLogger;
  /**
   * Vendor limits shared with other bridges and worker processes (SPEC S3), passed to every PSA
   * connection; give the same limiter to `goto({ rateLimiter })`. @default pacing per client only
   */
  readonly rateLimiter?: RateLimiter;
  /** Thresholds of the name matcher. */
  readonly matching?: MatchOptions;
  /**
   * Where the automatic search (M1), manual search (M2), auto-map (M4), mapping health (M6) and
   * the search filters read companies: from the read model's copy once a connection's companies
   * were refreshed (no vendor request; the PSA's own order and literal name matching, so the
   * answers are the same), or always from the PSA. Saving a mapping re-reads the company from
   * the PSA either way (SPEC R3). @default 'read-model'
   */
  readonly searchFrom?: 'read-model' | 'psa';
  /**
   * How long this process keeps the mapping column built from the read model (SPEC R2) before
   * reading the mappings again, in milliseconds. Writes through this bridge and a new copy take
   * effect at once; this bounds how late another process's mapping writes show. @default 2000
   */
  readonly viewCacheMs?: number;
  /**
   * How long a read-model refresh holds its list without progress (it renews after every page)
   * before another process may take it over and go on from the page in flight: a refresh killed
   * mid-way blocks the next one at most this long. @default 60000
   */
  readonly refreshLeaseMs?: number;
  /** Time, for timestamps. @default systemClock */
  readonly clock?: Clock;
  /**
   * How names are derived from an email address (SPEC E3) for weak end users and for contacts
   * without names, where the articles leave room. @default the built-in E3 rule
   */
  readonly nameRule?: DisplayNameRule;
  /**
   * The GoTo products a connection may be for (SPEC C2); any other name is refused.
   * @default GOTO_PRODUCTS (resolve, rescue, connect, central, meeting, webinar, training, pro)
   */
  readonly products?: readonly Products[];
  /**
   * The key import plans are sealed with, so `imports.run` refuses a plan changed after planning
   * (32 bytes, like `derivePlanKey(secretKey, tenant)`). @default the stores' `planKey` (derived
   * from their secret key: bridges and workers over the same stores accept each other's plans),
   * else a random key (plans then run only on this bridge)
   */
  readonly planKey?: Uint8Array;
  /**
   * Defaults for every vendor call the bridge makes, to GoTo and to every PSA: the time limit of
   * each request attempt and the retries. A call's own `timeoutMs` and `retry` win.
   * @default each adapter's own (30 s per attempt, 4 retries)
   */
  readonly defaults?: Pick<CallOptions, 'timeoutMs' | 'retry'>;
  /**
   * The app's product token for the `User-Agent` of every PSA request (`my-msp-tool/2.1`), after
   * `psa-bridge/<version>`; give the same to `goto({ userAgent })`. @default none
   */
  readonly userAgent?: string;
}

/** The bridge's mapping service: {@link MappingService} with the paged mapping column (SPEC R2). */
export type BridgeMappings = Omit<MappingService, 'accounts'> & {
  /**
   * A page of the mapping column (C5): accounts with their mapping, searched (`q`), filtered
   * (`unmapped`, `mapped`, `needs-attention`) and sorted, with counts per filter and
   * `refreshedAt`. From the read model after `bridge.refresh`: no vendor request; before the
   * first refresh, GoTo's accounts are read for the call.
   */
  accounts(connectionId: string, options?: AccountPageOptions): Promise<AccountPage>;
};

/** The SDK's entry point: connections, mappings, imports and helpdesk end users. */
export interface Bridge<
  Providers extends readonly AnyPsaProvider[] = readonly AnyPsaProvider[],
  Products extends string = string,
> {
  /** Connections between GoTo products and PSA accounts (SPEC C2-C7). */
  readonly connections: ConnectionService<Providers, Products>;
  /**
   * Mappings of GoTo accounts to PSA companies (SPEC C5, M1-M4). `accounts` serves the mapping
   * column a page at a time, searched and filtered, from the read model once it was refreshed.
   */
  readonly mappings: BridgeMappings;
  /**
   * Reads a connection's lists into the read model (SPEC R1): the partner's GoTo accounts, the
   * PSA's companies and the contacts of mapped companies. Views then read the copy, not the
   * vendors; writes never trust it (saving a mapping re-reads the company).
   */
  refresh(connectionId: string, options?: RefreshOptions): Promise<RefreshReport>;
  /** Importing PSA contacts as GoTo users, once and one way (SPEC I1-I6). */
  readonly imports: ImportService;
  /** Helpdesk end users: strong from the PSA, weak from inbound mail (SPEC E1-E6). */
  readonly endUsers: EndUserService;
  /**
   * The GoTo side the bridge was given: accounts, licenses for the import screen
   * (`bridge.goto.listLicenses(accountKey)`), users.
   */
  readonly goto: GotoClient;
  /** The registered providers, by id. */
  readonly providers: ReadonlyMap<string, PsaProvider<unknown>>;
  /** The stores in use. */
  readonly stores: Stores;
}

/**
 * Creates a bridge between GoTo and PSA providers.
 *
 * @example
 * ```ts
 * const bridge = createBridge({ providers: [connectwise(), datto()], goto: goto({ auth }) });
 * const result = await bridge.connections.testAndSave({ providerId: 'connectwise', product: 'resolve', credentials });
 * if (!result.saved) console.log(result.failure.reason, result.failure.message);
 * ```
 */
export function createBridge<
  const Providers extends readonly AnyPsaProvider[],
  const Products extends string = GotoProduct,
>(options: BridgeOptions<Providers, Products>): Bridge<Providers, Products> {
  checkBridgeOptions(options);
  const providers = new Map<string, PsaProvider<unknown>>();
  for (const provider of options.providers) {
    if (providers.has(provider.id)) {
      throw new PsaBridgeError('CONFIGURATION', `Two providers have the id "${provider.id}"`);
    }
    providers.set(provider.id, provider);
  }
  const stores = options.stores ?? createMemoryStores();
  const clock = options.clock ?? systemClock;
  const planKey = options.planKey ?? stores.planKey?.reveal() ?? randomPlanKey();
  const bridgeHooks =
    options.hooks || options.logger
      ? combineHooks(options.hooks, options.logger ? hooksFromLogger(options.logger) : undefined)
      : undefined;
  if (bridgeHooks) options.goto.addHooks?.(bridgeHooks);
  const callDefaults: CallDefaults = {
    ...(options.defaults?.timeoutMs !== undefined ? { timeoutMs: options.defaults.timeoutMs } : {}),
    ...(options.defaults?.retry ? { retry: options.defaults.retry } : {}),
  };
  const tenant = stores.tenant;
  const goto = bindGotoClient(options.goto, callDefaults, tenant ? { tenant } : {});
  const connectOptions: ConnectOptions = {
    ...options.connectOptions,
    ...(bridgeHooks ? { hooks: combineHooks(options.connectOptions?.hooks, bridgeHooks) } : {}),
    ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  };
  const column = createMappingColumn({
    mappings: stores.mappings,
    goto,
    clock,
    viewCacheMs: options.viewCacheMs ?? 2_000,
  });
  const mappingStore = column.mappingStore;
  const connections = createConnectionService({
    providers,
    connections: stores.connections,
    mappings: mappingStore,
    connectOptions,
    clock,
    ...(options.products ? { products: options.products } : {}),
    tenant,
    callDefaults,
  });
  const readModel = createReadModel({
    store: stores.readModel ?? createMemoryReadModelStore(),
    goto,
    mappings: mappingStore,
    clock,
    client: (connectionId, call) => connections.client(connectionId, call),
    ...(options.refreshLeaseMs ? { leaseMs: options.refreshLeaseMs } : {}),
  });
  // Searches read the copy once there is one (SPEC R2); the refresh itself reads the PSA.
  const searching: ConnectionService = {
    ...connections,
    async client(connectionId, call) {
      const client = await connections.client(connectionId, call);
      if (options.searchFrom === 'psa') return client;
      const copy = await readModel.companies(connectionId, call);
      return copy
        ? localCompanyClient(client, {
            records: copy.records,
            extras: copy.state.extras,
            refreshedAt: copy.state.refreshedAt,
          })
        : client;
    },
  };
  const mappings = createMappingService({
    connections: searching,
    mappings: mappingStore,
    goto,
    ...(options.searchFrom === 'psa'
      ? {}
      : {
          accounts: async (call: CallOptions) =>
            (await readModel.accounts(call))?.records ?? goto.listAccounts(call),
        }),
    clock,
    ...(options.matching ? { matching: options.matching } : {}),
  });
  // Deleting a connection also forgets what the read model holds of it.
  const forgetting: typeof connections = {
    ...connections,
    async delete(id, call) {
      const result = await connections.delete(id, call);
      await readModel.forget(id, call);
      return result;
    },
  };
  const accounts = column.accounts(connections, readModel);
  const imports = createImportService({
    connections,
    mappings: mappingStore,
    goto,
    journal: stores.journal,
    clock,
    nameRule: options.nameRule,
    planKey,
    hooks: options.hooks,
    context: tenant ? { tenant } : {},
  });
  const endUsers = createEndUserService({
    connections,
    mappings: mappingStore,
    goto,
    journal: stores.journal,
    weakEndUsers: stores.weakEndUsers,
    clock,
    nameRule: options.nameRule,
    planKey,
    hooks: options.hooks,
    context: tenant ? { tenant } : {},
  });
  return {
    connections: guardMethods(
      withArgumentChecks(forgetting, 'connections', {
        testAndSave: [newConnectionSchema, callOptionsSchema],
        list: [callOptionsSchema],
        get: [idSchema, callOptionsSchema],
        update: [idSchema, connectionChangesSchema, callOptionsSchema],
        delete: [idSchema, callOptionsSchema],
        client: [idSchema, callOptionsSchema],
      }),
      'connections',
    ),
    refresh: guardMethods(
      withArgumentChecks({ refresh: readModel.refresh }, 'bridge', {
        refresh: [idSchema, refreshOptionsSchema],
      }),
      'bridge',
    ).refresh,
    mappings: guardMethods(
      withArgumentChecks({ ...mappings, accounts }, 'mappings', {
        accounts: [idSchema, accountPageOptionsSchema],
        suggest: [idSchema, accountSchema, suggestOptionsSchema],
        filters: [idSchema, callOptionsSchema],
        search: [idSchema, companySearchSchema, searchOptionsSchema],
        save: [mappingInputSchema, callOptionsSchema],
        update: [mappingInputSchema, callOptionsSchema],
        delete: [idSchema, idSchema, callOptionsSchema],
        get: [idSchema, idSchema, callOptionsSchema],
        list: [idSchema, listOptionsSchema],
        autoMapAll: [idSchema, autoMapOptionsSchema],
        verify: [idSchema, callOptionsSchema],
      }),
      'mappings',
    ),
    imports: guardMethods(
      withArgumentChecks(imports, 'imports', {
        plan: [planRequestSchema],
        run: [planSchema, runOptionsSchema],
        report: [planSchema, callOptionsSchema],
      }),
      'imports',
    ),
    endUsers: guardMethods(
      withArgumentChecks(endUsers, 'endUsers', {
        provisionFromPsa: [planRequestSchema, runOptionsSchema],
        planProvisioning: [planRequestSchema],
        resolveInbound: [inboundRequestSchema],
        promote: [weakEndUserSchema, idSchema, promoteOptionsSchema],
      }),
      'endUsers',
    ),
    goto,
    providers,
    stores,
  };
}
