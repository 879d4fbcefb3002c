import { type ConnectionService, createConnectionService } from '../connections/connection-service.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { ConnectOptions, PsaProvider } from '../contracts/psa-provider.js';
import type { DisplayNameRule } from '../end-users/display-name-from-email.js';
import { createEndUserService, type EndUserService } from '../end-users/end-user-service.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { type Clock, systemClock } from '../http/clock.js';
import { createImportService, type ImportService } from '../import/import-service.js';
import { createMappingService, type MappingService } from '../matching/mapping-service.js';
import type { MatchOptions } from '../matching/match-account.js';
import { createMemoryStores, type Stores } from '../stores/create-stores.js';

/** Options of {@link createBridge}. */
export interface BridgeOptions {
  /** The PSA providers partners can connect (SPEC C1), like `[connectwise(), datto()]`. */
  readonly providers: readonly PsaProvider<unknown>[];
  /** The GoTo side: accounts, licenses, users. */
  readonly goto: GotoClient;
  /** Where connections, mappings, the import journal and weak end users live. @default in memory */
  readonly stores?: Stores;
  /** Passed to every provider's `connect` (fetch, hooks, clock). */
  readonly connectOptions?: ConnectOptions;
  /** Thresholds of the name matcher. */
  readonly matching?: MatchOptions;
  /** Time, for timestamps. @default systemClock */
  readonly clock?: Clock;
  /**
   * How names are derived from an email address (SPEC E3) for weak end users and for contacts
   * without names, where the articles leave room. @default the built-in E3 rule
   */
  readonly nameRule?: DisplayNameRule;
}

/** The SDK's entry point: connections, mappings, imports and helpdesk end users. */
export interface Bridge {
  /** Connections between GoTo products and PSA accounts (SPEC C2-C7). */
  readonly connections: ConnectionService;
  /** Mappings of GoTo accounts to PSA companies (SPEC C5, M1-M4). */
  readonly mappings: MappingService;
  /** Importing PSA contacts as GoTo users, once and one way (SPEC I1-I6). */
  readonly imports: ImportService;
  /** Helpdesk end users: strong from the PSA, weak from inbound mail (SPEC E1-E6). */
  readonly endUsers: EndUserService;
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
export function createBridge(options: BridgeOptions): Bridge {
  const providers = new Map<string, PsaProvider<unknown>>();
  for (const provider of options.providers) {
    if (providers.has(provider.id)) {
      throw new PsaBridgeError('CONFIGURATION', `Two providers have the id "${provider.id}"`);
    }
    providers.set(provider.id, provider);
  }
  if (!options.goto) throw new PsaBridgeError('CONFIGURATION', 'createBridge needs a GoTo client (goto)');
  const stores = options.stores ?? createMemoryStores();
  const clock = options.clock ?? systemClock;
  const connections = createConnectionService({
    providers,
    connections: stores.connections,
    mappings: stores.mappings,
    connectOptions: options.connectOptions ?? {},
    clock,
  });
  const mappings = createMappingService({
    connections,
    mappings: stores.mappings,
    goto: options.goto,
    clock,
    ...(options.matching ? { matching: options.matching } : {}),
  });
  const imports = createImportService({
    connections,
    mappings: stores.mappings,
    goto: options.goto,
    journal: stores.journal,
    clock,
    nameRule: options.nameRule,
  });
  const endUsers = createEndUserService({
    connections,
    mappings: stores.mappings,
    goto: options.goto,
    journal: stores.journal,
    weakEndUsers: stores.weakEndUsers,
    clock,
    nameRule: options.nameRule,
  });
  return { connections, mappings, imports, endUsers, providers, stores };
}
