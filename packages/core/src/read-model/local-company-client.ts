import type { Company, CompanySearch, CompanyStatus, CompanyType } from '../contracts/company.js';
import type { PsaClient } from '../contracts/psa-client.js';
import { throwIfAborted } from '../http/clock.js';
import { nameContains } from '../pagination/name-contains.js';

/** The read model's copy of a connection's companies, with the lists read alongside them. */
export interface CompanyCopy {
  /** Every company, in the PSA's order. */
  readonly records: readonly Company[];
  /** The PSA's statuses and types, as the refresh read them. */
  readonly extras: Readonly<Record<string, unknown>>;
  /** When the copy was brought up to date (ISO 8601). */
  readonly refreshedAt?: string | null;
}

/** The copy each local client serves, by client. */
const local = new WeakMap<PsaClient, CompanyCopy>();

/** Whether `client` answers company reads from the read model's copy (see {@link localCompanyClient}). */
export const readsFromCopy = (client: PsaClient): boolean => local.has(client);

/** When the copy `client` reads from was refreshed; `null` for a client that reads the PSA. */
export const copyRefreshedAt = (client: PsaClient): string | null => local.get(client)?.refreshedAt ?? null;

/**
 * Something built from a copy's companies (a matching index), kept while the copy is the
 * current one: the copy's records are the same array until the next refresh, so a second
 * auto-map of the same copy does not build its index again.
 */
const built = new WeakMap<readonly Company[], Map<string, unknown>>();

/** `make()` once per copy of `client` and `key`; `undefined` for a client that reads the PSA. */
export function keptForCopy<T>(client: PsaClient, key: string, make: () => T): T | undefined {
  const copy = local.get(client);
  if (!copy) return undefined;
  let kept = built.get(copy.records);
  if (!kept) {
    kept = new Map();
    built.set(copy.records, kept);
  }
  if (!kept.has(key)) kept.set(key, make());
  return kept.get(key) as T;
}

/** Whether `company` passes `search` exactly as the adapters filter (name literal, any case). */
export function matchesSearch(company: Company, search: CompanySearch): boolean {
  const statuses = search.statusIds ?? [];
  if (statuses.length > 0 && !(company.status && statuses.includes(company.status.id))) return false;
  const types = search.typeIds ?? [];
  if (types.length > 0 && !(company.types ?? []).some((type) => types.includes(type.id))) return false;
  const name = search.name?.trim();
  return !name || nameContains(company.name, name);
}

/**
 * `client` with its company reads served from the read model's copy (SPEC R2): searches,
 * listings, statuses and types answer from memory, in the PSA's order, with no request. What
 * a write relies on stays live (SPEC R3): `getCompany` (saving a mapping re-reads the company)
 * and `listContacts` (an import plans from the PSA's current contacts).
 */
export function localCompanyClient(client: PsaClient, copy: CompanyCopy): PsaClient {
  async function* search(query: CompanySearch, signal: AbortSignal | undefined): AsyncGenerator<Company> {
    for (const company of copy.records) {
      throwIfAborted(signal);
      if (matchesSearch(company, query)) yield company;
    }
  }
  const statuses = copy.extras.statuses as readonly CompanyStatus[] | undefined;
  const types = copy.extras.types as readonly CompanyType[] | undefined;
  const served: PsaClient = {
    ...client,
    providerId: client.providerId,
    testConnection: (options) => client.testConnection(options),
    getCompany: (id, options) => client.getCompany(id, options),
    listContacts: (companyId, options) => client.listContacts(companyId, options),
    searchCompanies: (query, options = {}) => search(query, options.signal),
    listCompanies: (filter = {}, options = {}) => search(filter, options.signal),
    listCompanyStatuses: async (options) => statuses ?? client.listCompanyStatuses(options),
    listCompanyTypes: async (options) => types ?? client.listCompanyTypes(options),
  };
  local.set(served, copy);
  return served;
}
