import type { WeakEndUser, WeakEndUserStore } from '../contracts/stores.js';
import { createKeyedCollection, type KeyedCollection } from './keyed-collection.js';
import { pageOf } from './page-of.js';

/**
 * The key a weak end user is stored under in every store: the email, trimmed, in lower case.
 * Stores of other packages use it too, so one address finds one end user everywhere.
 */
export const weakEndUserKey = (email: string): string => email.trim().toLowerCase();
const keyOf = weakEndUserKey;

export function weakEndUserStoreOn(collection: KeyedCollection<WeakEndUser>): WeakEndUserStore {
  return {
    async get(email) {
      return (await collection.get(keyOf(email))) ?? null;
    },
    async put(endUser) {
      const stored = { ...endUser, email: keyOf(endUser.email) };
      await collection.update((items) => items.set(stored.email, stored));
    },
    delete: (email) => collection.update((items) => items.delete(keyOf(email))),
    listPage: async (page) => pageOf(await collection.values(), (endUser) => endUser.email, page),
    async list() {
      return [...(await collection.values())].sort((a, b) =>
        a.email < b.email ? -1 : a.email > b.email ? 1 : 0,
      );
    },
  };
}

/** A {@link WeakEndUserStore} in memory. */
export function createMemoryWeakEndUserStore(): WeakEndUserStore {
  return weakEndUserStoreOn(createKeyedCollection((endUser) => endUser.email));
}
