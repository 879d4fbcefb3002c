import type { Mapping, MappingStore } from '../contracts/stores.js';
import { createKeyedCollection, type KeyedCollection } from './keyed-collection.js';
import { pageOf } from './page-of.js';

const keyOf = (connectionId: string, accountKey: string): string => `${connectionId}\u0000${accountKey}`;
export const mappingKey = (mapping: Mapping): string => keyOf(mapping.connectionId, mapping.accountKey);

export function mappingStoreOn(collection: KeyedCollection<Mapping>): MappingStore {
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
