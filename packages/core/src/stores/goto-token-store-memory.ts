import type { GotoTokenRecord, GotoTokenStore, StoredGotoTokens } from '../contracts/goto-tokens.js';

/** A {@link GotoTokenStore} in memory: for tests, and one process holding one tenant. */
export function createMemoryGotoTokenStore(now: () => number = Date.now): GotoTokenStore {
  let stored: StoredGotoTokens | null = null;
  return {
    async get() {
      return stored;
    },
    async compareAndSet(expected: number, next: GotoTokenRecord) {
      if ((stored?.generation ?? 0) !== expected) return null;
      stored = { ...next, generation: expected + 1, updatedAt: new Date(now()).toISOString() };
      return stored;
    },
    async delete() {
      const had = stored !== null;
      stored = null;
      return had;
    },
  };
}
