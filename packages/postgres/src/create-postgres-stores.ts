import { derivePlanKey, PsaBridgeError, Secret, type Stores } from '@psa-bridge/core';
import { guardStores } from '@psa-bridge/core/adapter';
import { createPostgresConnectionStore, type UnreadableRowEvent } from './connection-store.js';
import { type DatabaseOptions, openDatabase, schemaCheck } from './database.js';
import { createPostgresGotoTokenStore } from './goto-token-store.js';
import { createPostgresImportJournal } from './import-journal.js';
import { createKeyRing, type KeyOption, named } from './key-ring.js';
import { createPostgresMappingStore } from './mapping-store.js';
import { createPostgresReadModelStore } from './read-model-store.js';
import { checkTenant } from './tenant.js';
import { createPostgresWeakEndUserStore } from './weak-end-user-store.js';

/** Options of {@link createPostgresStores}. */
export type PostgresStoresOptions = DatabaseOptions & {
  /** The app's partner id: every row read or written carries it, and no query reads another's. */
  readonly tenant: string;
  /** The key that seals credentials (AES-256-GCM): 32 bytes, or `{ id, key }` to name it. */
  readonly secretKey: KeyOption;
  /** Older keys, to open credentials sealed before a rotation; see `resealCredentials`. */
  readonly previousKeys?: readonly KeyOption[];
  /**
   * Told of a stored row that cannot be read (damaged, or sealed with a key not given), by id:
   * listings leave such a row out instead of failing the whole tenant.
   */
  readonly onUnreadableRow?: (event: UnreadableRowEvent) => void;
};

/** The stores of one tenant, and `close()`. */
export interface PostgresStores extends Stores {
  /** The tenant these stores read and write. */
  readonly tenant: string;
  /** Ends the pool when it was made from a connection string; the app's own pool is left open. */
  close(): Promise<void>;
}

/**
 * The core store ports (connections, mappings, import journal with its run lease, weak end users,
 * GoTo tokens, the read model) on PostgreSQL, for one tenant. Many tenants share one pool: pass the app's `pool` to each.
 * The first call checks the schema version and fails with `CONFIGURATION` naming `migrate()`
 * when the tables are missing or old.
 *
 * @example
 * ```ts
 * import { createBridge } from '@psa-bridge/core';
 * import { createPostgresStores, migrate } from '@psa-bridge/postgres';
 *
 * await migrate({ connectionString: process.env.DATABASE_URL! });
 * const stores = createPostgresStores({ pool, tenant: partnerId, secretKey: process.env.PSA_BRIDGE_KEY! });
 * const bridge = createBridge({ providers, goto: gotoClient, stores });
 * ```
 */
export function createPostgresStores(options: PostgresStoresOptions): PostgresStores {
  const tenant = checkTenant(
    (options as Partial<PostgresStoresOptions> | null)?.tenant,
    'createPostgresStores()',
  );
  const given = options as Partial<PostgresStoresOptions>;
  if (given.previousKeys !== undefined && !Array.isArray(given.previousKeys)) {
    throw new PsaBridgeError('CONFIGURATION', 'createPostgresStores(): previousKeys must be a list of keys', {
      details: { field: 'previousKeys' },
    });
  }
  const keys = createKeyRing(given.secretKey as KeyOption, given.previousKeys ?? []);
  const database = openDatabase(options, 'createPostgresStores()');
  const ready = schemaCheck(database);
  return guardStores(
    {
      tenant,
      connections: createPostgresConnectionStore(database, tenant, keys, ready, given.onUnreadableRow),
      mappings: createPostgresMappingStore(database, tenant, ready),
      journal: createPostgresImportJournal(database, tenant, ready),
      weakEndUsers: createPostgresWeakEndUserStore(database, tenant, ready),
      gotoTokens: createPostgresGotoTokenStore(database, tenant, keys, ready),
      readModel: createPostgresReadModelStore(database, tenant, ready),
      // Plans sealed for this tenant only: another tenant's bridge refuses them.
      planKey: new Secret(derivePlanKey(named(given.secretKey as KeyOption).key, `postgres:${tenant}`)),
      close: () => database.close(),
    },
    `postgres stores of tenant ${JSON.stringify(tenant)}`,
  );
}
