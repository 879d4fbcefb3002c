/** The first index in an id-sorted list whose id is greater than `id` (binary search). */
export function firstIndexAfter(records: readonly { readonly id: number }[], id: number): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((records[middle]?.id ?? 0) <= id) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Groups records by a key, lazily, and again whenever the list itself is replaced: simulators
 * use it to answer "the contacts of company N" without scanning every contact.
 */
export function createGroupIndex<T, K>(
  records: () => readonly T[],
  keyOf: (record: T) => K,
): (key: K) => readonly T[] {
  let groups: Map<K, T[]> | undefined;
  let indexed: readonly T[] | undefined;
  return (key) => {
    const current = records();
    if (!groups || indexed !== current) {
      indexed = current;
      groups = new Map();
      for (const record of current) {
        const group = groups.get(keyOf(record));
        if (group) group.push(record);
        else groups.set(keyOf(record), [record]);
      }
    }
    return groups.get(key) ?? [];
  };
}
