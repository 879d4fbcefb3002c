import { join } from 'node:path';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { guardStores } from '../guard/guard-stores.js';
import { derivePlanKey } from '../import/plan-seal.js';
import { createJsonFileReadModelStore } from '../read-model/read-model-store-file.js';
import { Secret } from '../secrets/secret.js';
import { createJsonFileConnectionStore } from './connection-store.js';
import type { Stores } from './create-stores.js';
import { createJsonFileGotoTokenStore } from './goto-token-store-file.js';
import { createJsonLinesImportJournal } from './import-journal.js';
import { createJsonFileMappingStore } from './mapping-store.js';
import type { SecretKey } from './secret-key.js';
import { createJsonFileWeakEndUserStore } from './weak-end-user-store.js';

/** Options of {@link createJsonFileStores}. */
export interface JsonFileStoresOptions {
  /** Folder for `connections.json`, `mappings.json`, `weak-end-users.json`, `goto-tokens.json` and `import-journal.jsonl`. */
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
      readModel: createJsonFileReadModelStore({ directory: join(directory, 'read-model') }),
      ...(options.secretKey === undefined
        ? {}
        : {
            gotoTokens: createJsonFileGotoTokenStore({
              path: join(directory, 'goto-tokens.json'),
              secretKey: options.secretKey,
            }),
          }),
      ...(options.secretKey === undefined
        ? {}
        : { planKey: new Secret(derivePlanKey(options.secretKey, 'files')) }),
    },
    'JSON file stores',
  );
}
