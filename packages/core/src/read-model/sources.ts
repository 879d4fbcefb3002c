import type { CallOptions } from '../contracts/call-options.js';
import type { Company } from '../contracts/company.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { PsaClient } from '../contracts/psa-client.js';
import type { ReconcileSource } from './reconcile-scope.js';
import type { RefreshSource, SourceRow } from './refresh-scope.js';

const companyRow = (company: Company): SourceRow => ({
  id: company.id,
  ...(company.modifiedAt ? { modifiedAt: company.modifiedAt } : {}),
  record: company,
});

/**
 * A connection's companies, every status: page by page from a kept cursor when the adapter has
 * `listCompanyPage`, else `listCompanies` whole (an interrupted refresh then starts over).
 * Removals are confirmed with `getCompany`; statuses and types are kept as extras.
 */
export function companySource(client: PsaClient, call: CallOptions): RefreshSource {
  const settings = (signal: AbortSignal | undefined): CallOptions => ({
    ...call,
    ...(signal ? { signal } : {}),
  });
  const pageOf = client.listCompanyPage?.bind(client);
  return {
    resumable: pageOf !== undefined,
    async read(cursor, changedSince, signal) {
      if (pageOf) {
        const page = await pageOf({ cursor, ...(changedSince ? { changedSince } : {}) }, settings(signal));
        return {
          rows: page.items.map(companyRow),
          cursor: page.cursor,
          changedSinceApplied: page.changedSinceApplied,
          skipped: page.skippedRecords,
          ...(page.removedIds ? { removed: page.removedIds } : {}),
        };
      }
      let skipped = 0;
      const rows: SourceRow[] = [];
      const options = {
        ...settings(signal),
        onRecordSkipped: () => {
          skipped += 1;
        },
      };
      for await (const company of client.listCompanies({}, options)) rows.push(companyRow(company));
      return { rows, cursor: null, changedSinceApplied: false, skipped };
    },
    async confirm(id, signal) {
      const company = await client.getCompany(id, settings(signal));
      return company ? companyRow(company) : null;
    },
    async extras(signal) {
      const [statuses, types] = await Promise.all([
        client.listCompanyStatuses(settings(signal)),
        client.listCompanyTypes(settings(signal)),
      ]);
      return { statuses, types };
    },
  };
}

/** A connection's company ids, for reconciliation, when the adapter can list ids alone. */
export function companyIdSource(client: PsaClient, call: CallOptions): ReconcileSource | undefined {
  const listIds = client.listCompanyIds?.bind(client);
  if (!listIds) return undefined;
  return {
    ids: (signal) => listIds({ ...call, ...(signal ? { signal } : {}) }),
    async confirm(id, signal) {
      const company = await client.getCompany(id, { ...call, ...(signal ? { signal } : {}) });
      return company ? companyRow(company) : null;
    },
  };
}

/** The partner's GoTo accounts, read whole (GoTo lists them in one answer, without change times). */
export function accountSource(goto: GotoClient, call: CallOptions): RefreshSource {
  return {
    resumable: false,
    async read(_cursor, _changedSince, signal) {
      const accounts = await goto.listAccounts({ ...call, ...(signal ? { signal } : {}) });
      return {
        rows: accounts.map((account) => ({ id: account.key, record: account })),
        cursor: null,
        changedSinceApplied: false,
      };
    },
  };
}

/** The contacts of one mapped company, read whole. */
export function contactSource(client: PsaClient, companyId: string, call: CallOptions): RefreshSource {
  return {
    resumable: false,
    async read(_cursor, _changedSince, signal) {
      const rows: SourceRow[] = [];
      let skipped = 0;
      const options = {
        ...call,
        ...(signal ? { signal } : {}),
        onRecordSkipped: () => {
          skipped += 1;
        },
      };
      for await (const contact of client.listContacts(companyId, options))
        rows.push({ id: contact.id, record: contact });
      return { rows, cursor: null, changedSinceApplied: false, skipped };
    },
  };
}
