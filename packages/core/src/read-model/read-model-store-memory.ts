import { checkPageRequest } from '../stores/page-of.js';
import type { ReadModelRow, ReadModelState, ReadModelStore } from './read-model-store.js';

/** One scope as memory holds it: its state and its rows by generation, then id. */
export interface ScopeData {
  state: ReadModelState | null;
  readonly generations: Map<number, Map<string, ReadModelRow>>;
}

/** Where a read-model store keeps its data beyond memory (files); every hook runs after the change. */
export interface ReadModelPersistence {
  /** Every scope known on disk whose name starts with `prefix`. */
  scopes(prefix: string): Promise<readonly string[]>;
  /** A scope as stored, or `null` when nothing is. */
  load(scope: string): Promise<ScopeData | null>;
  /** The state was written. */
  saveState(scope: string, state: ReadModelState): Promise<void>;
  /** Rows were put into (and ids removed from) a generation. */
  appendRows(
    scope: string,
    generation: number,
    rows: readonly ReadModelRow[],
    deleted: readonly string[],
  ): Promise<void>;
  /** Generations were dropped. */
  dropGenerations(scope: string, generations: readonly number[]): Promise<void>;
  /** The scope was deleted. */
  deleteScope(scope: string): Promise<void>;
}

/** The key rows are paged by: the vendor's order, then id. */
export const rowKey = (row: ReadModelRow): string =>
  `${String(row.position).padStart(15, '0')}\u0000${row.id}`;

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Freezes a value made by JSON.parse, all the way down. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * A row as JSON keeps it, frozen: copied once when written, then handed out as it is (reads of
 * 100,000 rows must not copy them each time); nobody can change the stored row through it.
 */
const frozenCopy = <T>(value: T): T => deepFreeze(copy(value));

/**
 * A {@link ReadModelStore} over memory, with `persistence` when it is kept in files. Rows read
 * are frozen (records are the vendor's, kept as JSON: nothing changes them in place). Writes of
 * one scope are serialized, so a compare-and-set is exact within the process.
 */
export function readModelStoreOn(persistence?: ReadModelPersistence): ReadModelStore {
  const scopes = new Map<string, ScopeData>();
  // Each generation's rows in page order, sorted once and kept until a write changes them: paging
  // through a generation of 100,000 rows must not sort it again for every page.
  const ordered = new WeakMap<Map<string, ReadModelRow>, { keys: string[]; rows: ReadModelRow[] }>();
  const orderOf = (rows: Map<string, ReadModelRow>) => {
    let kept = ordered.get(rows);
    if (!kept) {
      const keyed = [...rows.values()].map((row) => [rowKey(row), row] as const);
      keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      kept = { keys: keyed.map(([key]) => key), rows: keyed.map(([, row]) => row) };
      ordered.set(rows, kept);
    }
    return kept;
  };
  const queues = new Map<string, Promise<unknown>>();

  const scopeOf = async (scope: string): Promise<ScopeData> => {
    let data = scopes.get(scope);
    if (!data) {
      data = (await persistence?.load(scope)) ?? { state: null, generations: new Map() };
      scopes.set(scope, scopes.get(scope) ?? data);
    }
    return scopes.get(scope) as ScopeData;
  };
  /** Runs `change` after every earlier change of the scope (one writer at a time). */
  const serially = <T>(scope: string, change: () => Promise<T>): Promise<T> => {
    const previous = queues.get(scope) ?? Promise.resolve();
    const next = previous.then(change, change);
    queues.set(
      scope,
      next.catch(() => undefined),
    );
    return next;
  };

  return {
    async getState(scope) {
      const { state } = await scopeOf(scope);
      return state ? copy(state) : null;
    },
    setState: (scope, expected, next) =>
      serially(scope, async () => {
        const data = await scopeOf(scope);
        if ((data.state?.version ?? 0) !== expected) return null;
        const state: ReadModelState = { ...copy(next), version: expected + 1 };
        await persistence?.saveState(scope, state);
        data.state = state;
        return copy(state);
      }),
    putRows: (scope, generation, rows) =>
      serially(scope, async () => {
        if (rows.length === 0) return;
        const data = await scopeOf(scope);
        const copies = rows.map(frozenCopy);
        await persistence?.appendRows(scope, generation, copies, []);
        const target = data.generations.get(generation) ?? new Map<string, ReadModelRow>();
        for (const row of copies) target.set(row.id, row);
        data.generations.set(generation, target);
        ordered.delete(target);
      }),
    deleteRows: (scope, generation, ids) =>
      serially(scope, async () => {
        if (ids.length === 0) return;
        const data = await scopeOf(scope);
        await persistence?.appendRows(scope, generation, [], ids);
        const target = data.generations.get(generation);
        for (const id of ids) target?.delete(id);
        if (target) ordered.delete(target);
      }),
    async listRows(scope, generation, page) {
      checkPageRequest(page);
      const rows = (await scopeOf(scope)).generations.get(generation);
      if (!rows) return { items: [] };
      const { keys, rows: sorted } = orderOf(rows);
      // The first key after the cursor, by binary search.
      let low = 0;
      let high = keys.length;
      if (page.after !== undefined) {
        while (low < high) {
          const middle = (low + high) >>> 1;
          if ((keys[middle] as string) <= page.after) low = middle + 1;
          else high = middle;
        }
      }
      const items = sorted.slice(low, low + page.limit);
      const end = low + items.length;
      return { items, ...(end < keys.length && items.length > 0 ? { next: keys[end - 1] as string } : {}) };
    },
    dropGenerations: (scope, keep) =>
      serially(scope, async () => {
        const data = await scopeOf(scope);
        const dropped = [...data.generations.keys()].filter((generation) => !keep.includes(generation));
        if (dropped.length === 0) return;
        await persistence?.dropGenerations(scope, dropped);
        for (const generation of dropped) data.generations.delete(generation);
      }),
    async deleteScopes(prefix) {
      const names = new Set([...scopes.keys(), ...((await persistence?.scopes(prefix)) ?? [])]);
      let deleted = 0;
      for (const scope of names) {
        if (!scope.startsWith(prefix)) continue;
        const existed = await serially(scope, async () => {
          const data = await scopeOf(scope);
          await persistence?.deleteScope(scope);
          scopes.delete(scope);
          return data.state !== null;
        });
        if (existed) deleted += 1;
      }
      return deleted;
    },
  };
}

/** A {@link ReadModelStore} in memory: for tests, demos and apps that refresh on start. */
export function createMemoryReadModelStore(): ReadModelStore {
  return readModelStoreOn();
}
