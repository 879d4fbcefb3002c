/**
 * The Node-only parts of psa-bridge core: stores in JSON files (credentials sealed with
 * AES-256-GCM), an append-only JSON-lines import journal with file leases, and the sealer they
 * share. The app entry `@psa-bridge/core` stays free of Node's modules.
 *
 * @example
 * ```ts
 * import { createJsonFileStores } from '@psa-bridge/core/node';
 * const stores = createJsonFileStores({ directory: './data', secretKey: process.env.PSA_BRIDGE_KEY });
 * ```
 *
 * @module
 */

export { createJsonFileReadModelStore } from './read-model/read-model-store-file.js';
export {
  createJsonFileConnectionStore,
  type JsonFileConnectionStoreOptions,
} from './stores/connection-store.js';
export { createJsonFileStores, type JsonFileStoresOptions } from './stores/create-stores-node.js';
export {
  createJsonFileGotoTokenStore,
  type JsonFileGotoTokenStoreOptions,
} from './stores/goto-token-store-file.js';
export { createJsonLinesImportJournal } from './stores/import-journal.js';
export { createJsonFileMappingStore } from './stores/mapping-store.js';
export { createSealer, type SealedValue, type Sealer } from './stores/sealer.js';
export { readSecretKey } from './stores/secret-key.js';
export { createJsonFileWeakEndUserStore } from './stores/weak-end-user-store.js';
