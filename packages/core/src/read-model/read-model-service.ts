import type { CallOptions } from '../contracts/call-options.js';
import type { Company, CompanyStatus } from '../contracts/company.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { GotoAccount } from '../contracts/goto-types.js';
import type { PsaClient } from '../contracts/psa-client.js';
import type { MappingStore } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import type { Clock } from '../http/clock.js';
import { toHex } from '../platform/bytes.js';
import { randomBytes } from '../platform/hashing.js';
import type { ReadModelRow, ReadModelState, ReadModelStore } from './read-model-store.js';
import { type ReconcileReport, reconcileScope } from './reconcile-scope.js';
import { type RefreshContext, readAllRows, refreshScope, type ScopeRefreshReport } from './refresh-scope.js';
import { scopes } from './scopes.js';
import { accountSource, companyIdSource, companySource, contactSource } from './sources.js';

/** What to refresh, for `bridge.refresh`. */
export type RefreshPart = 'accounts' | 'companies' | 'contacts';

/** Options of `bridge.refresh` (SPEC R1). */
export interface RefreshOptions extends CallOptions {
  /**
   * `full` reads everything again (and finds removals); `incremental` reads what changed since the
   * last refresh where the vendor can say, else full; `auto` is incremental unless the last full
   * refresh is older than `fullEveryMs`; `reconcile` lists only the PSA's company ids to find
   * deleted and merged companies (a full read where the adapter cannot list ids; GoTo accounts
   * and contacts are read whole either way). @default 'auto'
   */
  readonly mode?: 'full' | 'incremental' | 'auto' | 'reconcile';
  /** The lists to refresh. @default ['accounts', 'companies', 'contacts'] */
  readonly parts?: readonly RefreshPart[];
  /** With `auto`: how old the last full refresh may be before a full one. @default 86_400_000 (a day) */
  readonly fullEveryMs?: number;
  /** Publish a copy even when more companies vanished than can be confirmed one by one (200). @default false */
  readonly allowMassRemoval?: boolean;
  /**
   * Told after every page a part wrote: records read so far and, for a full refresh of a list
   * read before, how many the previous copy held (an estimate of the total, for a progress bar).
   */
  readonly onProgress?: (progress: {
    readonly part: RefreshPart;
    readonly read: number;
    readonly expected?: number;
  }) => void;
}

/** What `bridge.refresh` did, per part. */
export interface RefreshReport {
  /** The connection. */
  readonly connectionId: string;
  /** The partner's GoTo accounts. */
  readonly accounts?: ScopeRefreshReport;
  /** The connection's PSA companies. */
  readonly companies?: ScopeRefreshReport | ReconcileReport;
  /** The contacts of the connection's mapped companies, summed over them. */
  readonly contacts?: { readonly companies: number; readonly read: number; readonly refreshedAt: string };
}

/** A list as the read model holds it now, cached per process until it changes. */
export interface Snapshot<T> {
  readonly records: readonly T[];
  readonly byId: ReadonlyMap<string, T>;
  readonly state: ReadModelState;
}

/** What the read model needs. */
export interface ReadModelDeps {
  readonly store: ReadModelStore;
  /** How long a refresh holds its list without progress before another process takes it over. */
  readonly leaseMs?: number;
  readonly goto: GotoClient;
  readonly mappings: MappingStore;
  readonly clock: Clock;
  /** The connection's PSA client (NOT_FOUND for an unknown connection). */
  readonly client: (connectionId: string, options: CallOptions) => Promise<PsaClient>;
}

/** The read model of a bridge (SPEC R1): refreshes, and cached snapshots for views. */
export interface ReadModel {
  refresh(connectionId: string, options?: RefreshOptions): Promise<RefreshReport>;
  /** The GoTo accounts as last refreshed, or `null` before the first refresh. */
  accounts(options?: CallOptions): Promise<Snapshot<GotoAccount> | null>;
  /** A connection's companies as last refreshed (with the inactive status ids), or `null`. */
  companies(
    connectionId: string,
    options?: CallOptions,
  ): Promise<(Snapshot<Company> & { readonly inactive: ReadonlySet<string> }) | null>;
  /** Forgets a connection's lists (its deletion). */
  forget(connectionId: string, options?: CallOptions): Promise<void>;
}

/** Creates the {@link ReadModel}. */
export function createReadModel(deps: ReadModelDeps): ReadModel {
  const owner = `process-${toHex(randomBytes(8))}`;
  const cache = new Map<string, { key: string; snapshot: Snapshot<unknown> }>();

  const snapshot = async <T>(scope: string, options: CallOptions): Promise<Snapshot<T> | null> => {
    const state = await deps.store.getState(scope, options);
    if (!state || state.generation === 0) return null;
    const key = `${state.generation}|${state.refreshedAt}`;
    const kept = cache.get(scope);
    if (kept?.key === key) return { ...(kept.snapshot as Snapshot<T>), state };
    const rows: ReadModelRow[] = await readAllRows(deps.store, scope, state.generation);
    const records = rows.map((row) => row.record as T);
    const made: Snapshot<T> = { records, byId: new Map(rows.map((row) => [row.id, row.record as T])), state };
    cache.set(scope, { key, snapshot: made as Snapshot<unknown> });
    return made;
  };

  const context = (options: RefreshOptions, part: RefreshPart, before = 0): RefreshContext => ({
    store: deps.store,
    clock: deps.clock,
    owner,
    leaseMs: deps.leaseMs ?? 60_000,
    confirmLimit: 200,
    allowMassRemoval: options.allowMassRemoval === true,
    overlapMs: 5 * 60_000,
    signal: options.signal,
    onPage: (read, expected) =>
      options.onProgress?.({
        part,
        read: before + read,
        ...(expected === undefined || before > 0 ? {} : { expected }),
      }),
  });
  const modeFor = async (scope: string, options: RefreshOptions): Promise<'full' | 'incremental'> => {
    const mode = options.mode ?? 'auto';
    if (mode === 'reconcile') return 'full';
    if (mode !== 'auto') return mode;
    const state = await deps.store.getState(scope, options);
    const fullAt = state?.fullAt ? Date.parse(state.fullAt) : 0;
    return deps.clock.now() - fullAt < (options.fullEveryMs ?? 86_400_000) ? 'incremental' : 'full';
  };

  return {
    async refresh(connectionId, options = {}) {
      const parts = new Set(options.parts ?? ['accounts', 'companies', 'contacts']);
      const client = await deps.client(connectionId, options);
      const settings: CallOptions = options.timeoutMs ? { timeoutMs: options.timeoutMs } : {};
      const report: { -readonly [K in keyof RefreshReport]: RefreshReport[K] } = { connectionId };
      if (parts.has('accounts')) {
        report.accounts = await refreshScope(
          context(options, 'accounts'),
          scopes.accounts(),
          accountSource(deps.goto, settings),
          'full',
        );
      }
      const ids = companyIdSource(client, settings);
      if (parts.has('companies') && options.mode === 'reconcile' && ids) {
        report.companies = await reconcileScope(
          context(options, 'companies'),
          scopes.companies(connectionId),
          ids,
        );
      } else if (parts.has('companies')) {
        const scope = scopes.companies(connectionId);
        report.companies = await refreshScope(
          context(options, 'companies'),
          scope,
          companySource(client, settings),
          await modeFor(scope, options),
        );
      }
      if (parts.has('contacts')) {
        const mapped = new Set(
          (await deps.mappings.list(connectionId, options)).map((mapping) => mapping.companyId),
        );
        let read = 0;
        for (const companyId of mapped) {
          const done = await refreshScope(
            // Contacts count on over every mapped company, as one part.
            context(options, 'contacts', read),
            scopes.contacts(connectionId, companyId),
            contactSource(client, companyId, settings),
            'full',
          );
          read += done.read;
        }
        report.contacts = {
          companies: mapped.size,
          read,
          refreshedAt: new Date(deps.clock.now()).toISOString(),
        };
      }
      return report;
    },
    accounts: (options = {}) => snapshot<GotoAccount>(scopes.accounts(), options),
    async companies(connectionId, options = {}) {
      const made = await snapshot<Company>(scopes.companies(connectionId), options);
      if (!made) return null;
      const statuses = (made.state.extras.statuses ?? []) as readonly CompanyStatus[];
      return {
        ...made,
        inactive: new Set(statuses.filter((status) => status.inactive).map((status) => status.id)),
      };
    },
    async forget(connectionId, options = {}) {
      await deps.store.deleteScopes(scopes.companies(connectionId), options);
      await deps.store.deleteScopes(scopes.contactsOf(connectionId), options);
    },
  };
}

/** The error of a view that needs a list the read model does not have yet. */
export function notRefreshed(what: string): PsaBridgeError {
  return new PsaBridgeError(
    'CONFLICT',
    `${what} has not been read into the read model yet: call bridge.refresh(connectionId) first`,
    {
      details: { reason: 'not-refreshed' },
    },
  );
}
