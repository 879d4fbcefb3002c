import type { CallOptions } from '../contracts/call-options.js';
import type { PageRequest, StorePage } from '../contracts/stores.js';

/**
 * One record the read model keeps (SPEC R1): what a vendor answered, by id, as JSON. `position`
 * is the record's place in the vendor's own order, so views read from the copy list records as
 * the vendor would.
 */
export interface ReadModelRow {
  /** The vendor's id of the record, as a string. */
  readonly id: string;
  /** Its place in the vendor's listing order (ascending). */
  readonly position: number;
  /** The vendor's last-modified time of the record (ISO 8601), when the vendor says. */
  readonly modifiedAt?: string;
  /** The record itself, as plain JSON (a company, a GoTo account, a contact). */
  readonly record: unknown;
}

/** A refresh under way: where it is, and who runs it. */
export interface ReadModelStaging {
  /** The generation its rows are written to; invisible until it is published. */
  readonly generation: number;
  /** When it started (ISO 8601). */
  readonly startedAt: string;
  /** The vendor's cursor of the next page to read; `null` before the first page. */
  readonly cursor: string | null;
  /** Records written so far. */
  readonly read: number;
  /** Next `position` to give a record. */
  readonly nextPosition: number;
  /** The process running it. */
  readonly owner: string;
  /** Until when (epoch ms) it belongs to `owner`; after that, anyone may take it over. */
  readonly leaseUntil: number;
}

/** Where one list of the read model stands (a scope: GoTo accounts, a connection's companies...). */
export interface ReadModelState {
  /** Bumped by every write of the state (compare-and-set). */
  readonly version: number;
  /** The generation views read; 0 before the first complete refresh. */
  readonly generation: number;
  /** When the visible copy was last brought up to date (ISO 8601), `null` before. */
  readonly refreshedAt: string | null;
  /** When the last full refresh completed (ISO 8601), `null` before. */
  readonly fullAt: string | null;
  /** Vendor time an incremental refresh reads changes from (ISO 8601), when the vendor has one. */
  readonly changedSince: string | null;
  /** A refresh under way or interrupted, resumed by the next one. */
  readonly staging: ReadModelStaging | null;
  /** The last refresh's failure, `null` after a success. */
  readonly failure: { readonly code: string; readonly message: string; readonly at: string } | null;
  /** Small lists read with the records (a PSA's statuses and types), as JSON. */
  readonly extras: Readonly<Record<string, unknown>>;
}

/** A state to write: everything but the version, which the store sets. */
export type ReadModelStateInput = Omit<ReadModelState, 'version'>;

/**
 * Where the read model lives (SPEC R1): per scope (a string the bridge makes, such as
 * `companies:<connectionId>`), a state and rows by generation. A refresh writes a new
 * generation and publishes it by writing the state, so readers see the old copy or the new
 * one, never half of each. Nothing secret is kept here. Errors are `STORAGE`.
 */
export interface ReadModelStore {
  /** The state of a scope, or `null` when it was never written. */
  getState(scope: string, options?: CallOptions): Promise<ReadModelState | null>;
  /**
   * Writes the state when the stored one has version `expected` (0: none stored yet). Resolves
   * the state written, or `null` when another writer came first.
   */
  setState(
    scope: string,
    expected: number,
    next: ReadModelStateInput,
    options?: CallOptions,
  ): Promise<ReadModelState | null>;
  /** Adds or replaces rows of a generation, by id. */
  putRows(
    scope: string,
    generation: number,
    rows: readonly ReadModelRow[],
    options?: CallOptions,
  ): Promise<void>;
  /** Removes rows of a generation by id (absent ids are ignored). */
  deleteRows(scope: string, generation: number, ids: readonly string[], options?: CallOptions): Promise<void>;
  /** The rows of a generation, a page at a time in `position` order, then id. */
  listRows(
    scope: string,
    generation: number,
    page: PageRequest,
    options?: CallOptions,
  ): Promise<StorePage<ReadModelRow>>;
  /** Drops every generation of a scope but those in `keep`. */
  dropGenerations(scope: string, keep: readonly number[], options?: CallOptions): Promise<void>;
  /** Deletes every scope whose name starts with `prefix`, state and rows; resolves how many states went. */
  deleteScopes(prefix: string, options?: CallOptions): Promise<number>;
}
