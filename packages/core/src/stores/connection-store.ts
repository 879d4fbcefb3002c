import { z } from 'zod';
import type { ConnectionRecord } from '../contracts/connection.js';
import type { ConnectionStore } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { Secret } from '../secrets/secret.js';
import { connectionStoreOn } from './connection-store-memory.js';
import { createJsonDocumentFile } from './json-document-file.js';
import { type CollectionPersistence, createKeyedCollection } from './keyed-collection.js';
import { createSealer } from './sealer.js';
import type { SecretKey } from './secret-key.js';

/** Options of {@link createJsonFileConnectionStore}. */
export interface JsonFileConnectionStoreOptions {
  /** The JSON file; created (with its folder) on first write, mode 0600. */
  readonly path: string;
  /** 32-byte key that seals credentials with AES-256-GCM (SPEC C7). Required unless `plaintextCredentials` is set. */
  readonly secretKey?: SecretKey;
  /** Store credentials unsealed. Only for local development. @default false */
  readonly plaintextCredentials?: boolean;
}

const sealedSchema = z.object({
  v: z.literal(1),
  alg: z.literal('aes-256-gcm'),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});
const storedSchema = z.object({
  id: z.string(),
  providerId: z.string(),
  product: z.string(),
  label: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  credentials: z.union([
    z.object({ sealed: sealedSchema }),
    z.object({ plain: z.record(z.string(), z.unknown()) }),
  ]),
});
const fileSchema = z.object({ version: z.literal(1), connections: z.array(storedSchema) });
type StoredConnection = z.infer<typeof storedSchema>;

/**
 * A {@link ConnectionStore} in one JSON file. Credentials are sealed with `secretKey`; a file
 * written with another key fails with code `STORAGE` instead of losing the credentials.
 */
export function createJsonFileConnectionStore(options: JsonFileConnectionStoreOptions): ConnectionStore {
  if (options.secretKey === undefined && options.plaintextCredentials !== true) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'A JSON file connection store needs a secretKey to seal credentials (or plaintextCredentials: true for local development)',
    );
  }
  const sealer = options.secretKey === undefined ? undefined : createSealer(options.secretKey);
  const file = createJsonDocumentFile(options.path, fileSchema, () => ({
    version: 1 as const,
    connections: [],
  }));

  const toStored = ({ credentials, ...rest }: ConnectionRecord): StoredConnection => {
    const plain = credentials.reveal();
    return { ...rest, credentials: sealer ? { sealed: sealer.seal(JSON.stringify(plain)) } : { plain } };
  };
  const fromStored = ({ credentials, ...rest }: StoredConnection): ConnectionRecord => {
    let plain: Record<string, unknown>;
    if ('plain' in credentials) plain = credentials.plain;
    else if (sealer) plain = JSON.parse(sealer.open(credentials.sealed)) as Record<string, unknown>;
    else
      throw new PsaBridgeError(
        'STORAGE',
        `${options.path} holds sealed credentials but no secretKey was given`,
      );
    return { ...rest, credentials: new Secret(plain) };
  };
  const persistence: CollectionPersistence<ConnectionRecord> = {
    load: async () => (await file.read()).connections.map(fromStored),
    save: (records) => file.write({ version: 1, connections: records.map(toStored) }),
  };
  return connectionStoreOn(createKeyedCollection((record) => record.id, persistence));
}
