import { join } from 'node:path';
import type { ConnectionStore, ImportJournal, MappingStore, WeakEndUserStore } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { guardStores } from '../guard/guard-stores.js';
import { derivePlanKey, randomPlanKey } from '../import/plan-seal.js';
import { Secret } from '../secrets/secret.js';
import { createJsonFileConnectionStore, createMemoryConnectionStore } from './connection-store.js';
import { createJsonLinesImportJournal, createMemoryImportJournal } from './import-journal.js';
import { createJsonFileMappingStore, createMemoryMappingStore } from './mapping-store.js';
import type { SecretKey } from './sealer.js';
import { createJsonFileWeakEndUserStore, createMemoryWeakEndUserStore } from './weak-end-user-store.js';

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
    },
    'memory stores',
  );
}

/** Options of {@link createJsonFileStores}. */
export interface JsonFileStoresOptions {
  /** Folder for `connections.json`, `mappings.json`, `weak-end-users.json` and `import-journal.jsonl`. */
  readonly directory: string;
  /** 32-byte key that seals connection credentials with AES-256-GCM. Required unless `plaintextCredentials`. */
  readonly secretKey?: SecretKey;
  /** Store credentials unsealed; only for local development. @default false */
  readonly plaintextCredentials?: boolean;
}

/**
 * All stores as files in one folder. Each JSON file is replaced atomically (temporary file,
 * flush, rename); the journal is appended and flushed. A corrupt file is a `STORAGE` error,
 * never silently emptied. One process per folder.
 */
export function createJsonFileStores(options: JsonFileStoresOptions): Stores {
  const directory = (options as Partial<JsonFileStoresOptions> | null)?.directory;
  if (typeof directory !== 'string' || directory.trim() === '') {
    throw new PsaBridgeError('CONFIGURATION', 'createJsonFileStores(): directory must name a folder');
  }
  return guardStores(
    {
      connections: createJsonFileConnectionStore({
        path: join(directory, 'connections.json'),
        ...(options.secretKey === undefined ? {} : { secretKey: options.secretKey }),
        ...(options.plaintextCredentials === undefined
          ? {}
          : { plaintextCredentials: options.plaintextCredentials }),
      }),
      mappings: createJsonFileMappingStore({ path: join(directory, 'mappings.json') }),
      journal: createJsonLinesImportJournal({ path: join(directory, 'import-journal.jsonl') }),
      weakEndUsers: createJsonFileWeakEndUserStore({ path: join(directory, 'weak-end-users.json') }),
      ...(options.secretKey === undefined
        ? {}
        : { planKey: new Secret(derivePlanKey(options.secretKey, 'files')) }),
    },
    'JSON file stores',
  );
}
