import type { ConnectionRecord } from '../contracts/connection.js';
import type { ConnectionStore } from '../contracts/stores.js';
import { createKeyedCollection, type KeyedCollection } from './keyed-collection.js';

/** A {@link ConnectionStore} over a collection. */
export function connectionStoreOn(collection: KeyedCollection<ConnectionRecord>): ConnectionStore {
  return {
    async get(id) {
      return (await collection.get(id)) ?? null;
    },
    list: () => collection.values(),
    async put(record) {
      await collection.update((items) => items.set(record.id, record));
    },
    delete: (id) => collection.update((items) => items.delete(id)),
  };
}

/** A {@link ConnectionStore} in memory, for tests and short-lived processes. */
export function createMemoryConnectionStore(): ConnectionStore {
  return connectionStoreOn(createKeyedCollection((record) => record.id));
}
