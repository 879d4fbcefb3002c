/** How a {@link KeyedCollection} loads and saves itself; absent for a memory-only collection. */
export interface CollectionPersistence<T> {
  /** Every item, read once before first use. */
  load(): Promise<readonly T[]>;
  /** Every item, after each change. */
  save(items: readonly T[]): Promise<void>;
}

/** Items by key, with changes applied one at a time and saved after each. */
export interface KeyedCollection<T> {
  /** The item with this key, or `undefined`. */
  get(key: string): Promise<T | undefined>;
  /** Every item, in insertion order. */
  values(): Promise<readonly T[]>;
  /** Applies `change` to the item map and saves; changes never interleave. */
  update<R>(change: (items: Map<string, T>) => R): Promise<R>;
}

/**
 * A {@link KeyedCollection} keyed by `keyOf`. Changes are queued so two concurrent writes
 * never overwrite each other; a failed save leaves the collection as it was on disk.
 */
export function createKeyedCollection<T>(
  keyOf: (item: T) => string,
  persistence?: CollectionPersistence<T>,
): KeyedCollection<T> {
  let loaded: Promise<Map<string, T>> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const items = (): Promise<Map<string, T>> => {
    loaded ??= (async () => {
      const list = persistence ? await persistence.load() : [];
      return new Map(list.map((item) => [keyOf(item), item]));
    })();
    // A failed load (corrupt file) is not cached, so a fixed file is read on the next call.
    loaded.catch(() => {
      loaded = undefined;
    });
    return loaded;
  };

  return {
    async get(key) {
      return (await items()).get(key);
    },
    async values() {
      return [...(await items()).values()];
    },
    update(change) {
      const run = queue.then(async () => {
        const current = await items();
        const draft = new Map(current);
        const result = change(draft);
        if (persistence) await persistence.save([...draft.values()]);
        current.clear();
        for (const [key, value] of draft) current.set(key, value);
        return result;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
