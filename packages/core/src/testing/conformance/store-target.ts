import type { Stores } from '../../stores/create-stores.js';

/** One set of stores under test, fresh and empty, built for one test. */
export interface StoreConformanceSession {
  /** The stores of one tenant (or the only ones, for stores without tenants). */
  readonly stores: Stores;
  /**
   * Stores of a second tenant on the same backing (database, folder), for stores with tenants:
   * the suite checks that neither sees the other's rows. Leave out for stores without tenants.
   */
  readonly otherTenant?: Stores;
  /**
   * The same tenant's stores as a second process would open them (a new pool, the same files),
   * for stores shared between processes: the suite checks that leases hold across them.
   */
  readonly secondProcess?: Stores;
  /** Frees what the session holds. */
  close?(): Promise<void>;
}

/** A store implementation under test. */
export interface StoreConformanceTarget {
  /** Shown in test names. */
  readonly name: string;
  /** Builds fresh, empty stores for one test. */
  setup(): Promise<StoreConformanceSession>;
  /**
   * The stores keep tenants apart: every session then gives `otherTenant`, and the suite checks
   * that neither tenant sees the other's rows. @default false
   */
  readonly tenants?: boolean;
  /** The stores have a read model (`stores.readModel`), checked by the read-model tests. @default true */
  readonly readModel?: boolean;
  /**
   * Several processes may write one tenant's stores at once (a database): the read model's
   * compare-and-set is then raced across `secondProcess` too. @default false
   */
  readonly concurrentProcesses?: boolean;
}

/** Options of {@link runStoreConformance}. */
export interface StoreConformanceOptions {
  /** Rows listed page by page in the paging tests. @default 250 */
  readonly rows?: number;
}
