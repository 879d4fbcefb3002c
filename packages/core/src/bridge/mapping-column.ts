import type { ConnectionService } from '../connections/connection-service.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { MappingStore } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { callSettings } from '../http/call-settings.js';
import type { Clock } from '../http/clock.js';
import {
  type AccountPage,
  type AccountPageOptions,
  accountPage,
  accountRows,
  checkAccountPageOptions,
  pageOfSelection,
} from '../read-model/account-view.js';
import { createAccountViewCache } from '../read-model/account-view-cache.js';
import type { ReadModel } from '../read-model/read-model-service.js';

/** What the mapping column needs. */
export interface MappingColumnDeps {
  readonly mappings: MappingStore;
  readonly goto: GotoClient;
  readonly clock: Clock;
  readonly viewCacheMs: number;
}

/**
 * The mapping column of `bridge.mappings.accounts` (SPEC C5, R2): from the read model once
 * refreshed, built once per copy and kept in this process (a mapping written through
 * `mappingStore` builds it again), else GoTo's accounts read live for the page.
 */
export function createMappingColumn(deps: MappingColumnDeps) {
  const { goto, clock } = deps;
  const raw = deps.mappings;
  // The mapping column built from the read model is kept per process; a mapping written through
  // this bridge makes it build again (SPEC R2).
  const views = createAccountViewCache(deps.viewCacheMs, () => clock.now());
  const written = async <T>(write: Promise<T>): Promise<T> => {
    try {
      return await write;
    } finally {
      views.invalidate();
    }
  };
  const mappingStore: MappingStore = {
    ...raw,
    get: (connectionId, accountKey, call) => raw.get(connectionId, accountKey, call),
    list: (connectionId, call) => raw.list(connectionId, call),
    listPage: (connectionId, page, call) => raw.listPage(connectionId, page, call),
    put: (mapping, call) => written(raw.put(mapping, call)),
    delete: (connectionId, accountKey, call) => written(raw.delete(connectionId, accountKey, call)),
    deleteByConnection: (connectionId, call) => written(raw.deleteByConnection(connectionId, call)),
  };

  return {
    /** The mapping store the bridge's services write through. */
    mappingStore,
    /** `bridge.mappings.accounts`, over the connections and the read model. */
    accounts(connections: ConnectionService, readModel: ReadModel) {
      const accounts = async (
        connectionId: string,
        options: AccountPageOptions = {},
      ): Promise<AccountPage> => {
        checkAccountPageOptions(options);
        if (!(await connections.get(connectionId, options))) {
          throw new PsaBridgeError('NOT_FOUND', `No connection with id "${connectionId}"`);
        }
        const reload = (next: AccountPageOptions) => accounts(connectionId, next);
        const [copy, companies] = await Promise.all([
          readModel.accounts(options),
          readModel.companies(connectionId, options),
        ]);
        if (!copy) {
          // Not refreshed yet: GoTo's accounts, read live for this page.
          const live = await goto.listAccounts(callSettings(options));
          const saved = await mappingStore.list(connectionId, options);
          return accountPage(
            { accounts: live, mappings: saved, ...(companies ? { companies } : {}), refreshedAt: null },
            options,
            reload,
          );
        }
        const copyKey = `${copy.state.generation}|${copy.state.refreshedAt}|${companies?.state.generation ?? 0}|${companies?.state.refreshedAt ?? ''}`;
        const selection = await views.select(connectionId, copyKey, options, async () => ({
          rows: accountRows({
            accounts: copy.records,
            mappings: await mappingStore.list(connectionId, options),
            ...(companies ? { companies } : {}),
            refreshedAt: copy.state.refreshedAt,
          }),
          companiesKnown: companies !== null,
        }));
        return pageOfSelection(selection, copy.state.refreshedAt, options, reload);
      };
      return accounts;
    },
  };
}
