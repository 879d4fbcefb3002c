import { z } from 'zod';
import type { Mapping, MappingStore } from '../contracts/stores.js';
import { createJsonFileCollection } from './json-file-collection.js';
import { createKeyedCollection, type KeyedCollection } from './keyed-collection.js';
import { pageOf } from './page-of.js';

const keyOf = (connectionId: string, accountKey: string): string => `${connectionId}\u0000${accountKey}`;
const mappingKey = (mapping: Mapping): string => keyOf(mapping.connectionId, mapping.accountKey);

function mappingStoreOn(collection: KeyedCollection<Mapping>): MappingStore {
  return {
    async get(connectionId, accountKey) {
      return (await collection.get(keyOf(connectionId, accountKey))) ?? null;
    },
    async list(connectionId) {
      return (await collection.values()).filter((mapping) => mapping.connectionId === connectionId);
    },
    async listPage(connectionId, page) {
      const mine = (await collection.values()).filter((mapping) => mapping.connectionId === connectionId);
      return pageOf(mine, (mapping) => mapping.accountKey, page);
    },
    async put(mapping) {
      await collection.update((items) => items.set(mappingKey(mapping), mapping));
    },
    delete: (connectionId, accountKey) =>
      collection.update((items) => items.delete(keyOf(connectionId, accountKey))),
    deleteByConnection: (connectionId) =>
      collection.update((items) => {
        let removed = 0;
        for (const [key, mapping] of items) {
          if (mapping.connectionId !== connectionId) continue;
          items.delete(key);
          removed += 1;
        }
        return removed;
      }),
  };
}

/** A {@link MappingStore} in memory. */
export function createMemoryMappingStore(): MappingStore {
  return mappingStoreOn(createKeyedCollection(mappingKey));
}

const mappingSchema = z.object({
  connectionId: z.string(),
  accountKey: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  source: z.enum(['automatic', 'manual']),
  mappedAt: z.string(),
});

/** A {@link MappingStore} in one JSON file at `path`, replaced atomically on every change. */
export function createJsonFileMappingStore(options: { readonly path: string }): MappingStore {
  return mappingStoreOn(createJsonFileCollection(options.path, 'mappings', mappingSchema, mappingKey));
}
