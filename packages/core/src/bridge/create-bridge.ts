import { type ConnectionService, createConnectionService } from '../connections/connection-service.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { ConnectOptions, PsaProvider } from '../contracts/psa-provider.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { type Clock, systemClock } from '../http/clock.js';
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
}

/** The SDK's entry point: connections and mappings (imports and end users build on them). */
export interface Bridge {
  /** Connections between GoTo products and PSA accounts (SPEC C2-C7). */
  readonly connections: ConnectionService;
  /** Mappings of GoTo accounts to PSA companies (SPEC C5, M1-M4). */
  readonly mappings: MappingService;
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
  return { connections, mappings, providers, stores };
}
