import type { GotoTokenStore } from '../contracts/goto-tokens.js';
import type { ConnectionStore, ImportJournal, MappingStore, WeakEndUserStore } from '../contracts/stores.js';
import { guardStores } from '../guard/guard-stores.js';
import { randomPlanKey } from '../import/plan-seal.js';
import type { ReadModelStore } from '../read-model/read-model-store.js';
import { createMemoryReadModelStore } from '../read-model/read-model-store-memory.js';
import { Secret } from '../secrets/secret.js';
import { createMemoryConnectionStore } from './connection-store-memory.js';
import { createMemoryGotoTokenStore } from './goto-token-store-memory.js';
import { createMemoryImportJournal } from './import-journal-memory.js';
import { createMemoryMappingStore } from './mapping-store-memory.js';
import { createMemoryWeakEndUserStore } from './weak-end-user-store-memory.js';

/** Every store a bridge needs. */
export interface Stores {
  /** Saved connections (credentials sealed at rest by file stores). */
  readonly connections: ConnectionStore;
  /** Account-to-company mappings. */
  readonly mappings: MappingStore;
  /** The import journal that makes imports exactly-once. */
  readonly journal: ImportJournal;
  /** Weak helpdesk end users. */
  readonly weakEndUsers: WeakEndUserStore;
  /**
   * The tenant's GoTo tokens (SPEC S4): `goto({ auth: { tokens: stores.gotoTokens, clientId,
   * clientSecret } })` reads and refreshes them. Absent in stores written before it existed.
   */
  readonly gotoTokens?: GotoTokenStore;
  /**
   * The read model (SPEC R1): what the bridge read from GoTo and the PSA, for views that never
   * wait on a vendor. Absent: the bridge keeps it in memory.
   */
  readonly readModel?: ReadModelStore;
  /**
   * The key import plans are sealed with by bridges over these stores (see
   * `BridgeOptions.planKey`): derived from the stores' secret key, so every process over the same
   * stores accepts the same plans. Absent: each bridge makes a random one.
   */
  readonly planKey?: Secret<Uint8Array>;
  /**
   * The tenant (partner) these stores hold, when they belong to one (`@psa-bridge/postgres`): a
   * bridge over them names it in every hook event and span.
   */
  readonly tenant?: string;
}

/** All stores in memory: for tests, demos and apps that keep state elsewhere. */
export function createMemoryStores(): Stores {
  return guardStores(
    {
      // One key for every bridge over these stores (in this process).
      planKey: new Secret(randomPlanKey()),
      connections: createMemoryConnectionStore(),
      mappings: createMemoryMappingStore(),
      journal: createMemoryImportJournal(),
      weakEndUsers: createMemoryWeakEndUserStore(),
      gotoTokens: createMemoryGotoTokenStore(),
      readModel: createMemoryReadModelStore(),
    },
    'memory stores',
  );
}
