import { checkPageRequest, pageOf } from '../stores/page-of.js';
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

/**
 * A {@link ReadModelStore} over memory, with `persistence` when it is kept in files. Writes of
 * one scope are serialized, so a compare-and-set is exact within the process.
 */
export function readModelStoreOn(persistence?: ReadModelPersistence): ReadModelStore {
  const scopes = new Map<string, ScopeData>();
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
        const copies = rows.map(copy);
        await persistence?.appendRows(scope, generation, copies, []);
        const target = data.generations.get(generation) ?? new Map<string, ReadModelRow>();
        for (const row of copies) target.set(row.id, row);
        data.generations.set(generation, target);
      }),
    deleteRows: (scope, generation, ids) =>
      serially(scope, async () => {
        if (ids.length === 0) return;
        const data = await scopeOf(scope);
        await persistence?.appendRows(scope, generation, [], ids);
        const target = data.generations.get(generation);
        for (const id of ids) target?.delete(id);
      }),
    async listRows(scope, generation, page) {
      checkPageRequest(page);
      const rows = (await scopeOf(scope)).generations.get(generation);
      const listed = pageOf(rows?.values() ?? [], rowKey, page);
      return { ...listed, items: listed.items.map(copy) };
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
