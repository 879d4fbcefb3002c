import type { AccountPageOptions, AccountRow, AccountSelection } from './account-view.js';
import { selectRows } from './account-view.js';

/** Searches kept per connection (the most recent ones). */
const SELECTIONS = 32;

interface Entry {
  readonly key: string;
  readonly at: number;
  readonly rows: readonly AccountRow[];
  readonly companiesKnown: boolean;
  readonly selections: Map<string, AccountSelection>;
}

/**
 * The mapping column built from the read model, kept in this process (SPEC R2): rows per
 * connection until the copy changes (its generation or refresh time), this bridge writes a
 * mapping, or `ttlMs` passes (so another process's mapping writes show within it), and the last
 * searches of each. A page then costs a slice, not a pass over every account.
 */
export interface AccountViewCache {
  /** Forgets every view: a mapping was written through this bridge. */
  invalidate(): void;
  /** The selection for `options` of the connection's rows; `load` builds the rows when they are not kept. */
  select(
    connectionId: string,
    copyKey: string,
    options: Pick<AccountPageOptions, 'q' | 'filter' | 'sort'>,
    load: () => Promise<{ rows: readonly AccountRow[]; companiesKnown: boolean }>,
  ): Promise<AccountSelection>;
}

/** Creates an {@link AccountViewCache}. */
export function createAccountViewCache(ttlMs: number, now: () => number): AccountViewCache {
  const entries = new Map<string, Entry>();
  let version = 0;
  return {
    invalidate() {
      version += 1;
      entries.clear();
    },
    async select(connectionId, copyKey, options, load) {
      const key = `${copyKey}\u0000${version}`;
      let entry = entries.get(connectionId);
      if (!entry || entry.key !== key || now() - entry.at > ttlMs) {
        const started = version;
        const built = await load();
        entry = { key, at: now(), ...built, selections: new Map() };
        // A write while it was built: keep nothing, the next page builds again.
        if (started === version) entries.set(connectionId, entry);
      }
      const selectionKey = JSON.stringify([
        options.q?.trim() ?? '',
        options.filter ?? 'all',
        options.sort ?? '',
      ]);
      let selection = entry.selections.get(selectionKey);
      if (!selection) {
        selection = selectRows(entry.rows, options, entry.companiesKnown);
        entry.selections.set(selectionKey, selection);
        if (entry.selections.size > SELECTIONS) {
          const oldest = entry.selections.keys().next().value;
          if (oldest !== undefined) entry.selections.delete(oldest);
        }
      }
      return selection;
    },
  };
}
