import type { Company, CompanyStatus, CompanyType } from '../../contracts/company.js';
import type { Contact } from '../../contracts/contact.js';
import { type ApiRequest, createInProcessApi, type InProcessApi } from '../in-process-api.js';
import { json } from '../simulator/json-response.js';

/** A company held by the in-memory PSA; `deleted` ones are never listed. */
export interface MemoryCompany extends Company {
  /** Deleted companies stay in the data but are never returned. */
  readonly deleted?: boolean;
}

/** What the in-memory PSA holds. Change it freely between calls. */
export interface MemoryPsaData {
  /** Company statuses offered as filters. */
  statuses: CompanyStatus[];
  /** Company types offered as filters. */
  types: CompanyType[];
  /** Companies, in listing order. */
  companies: MemoryCompany[];
  /** Contacts of every company, in listing order. */
  contacts: Contact[];
}

/** What the in-memory PSA's API key may read. */
export interface MemoryPsaPermissions {
  /** May read companies, statuses and types. @default true */
  companies: boolean;
  /** May read contacts. @default true */
  contacts: boolean;
}

/** Options of {@link createMemoryPsaApi}. */
export interface MemoryPsaApiOptions {
  /** The data served. */
  readonly data: MemoryPsaData;
  /** The API key that is accepted. */
  readonly apiKey: string;
  /** What the key may read; change it to test permission failures. */
  readonly permissions: MemoryPsaPermissions;
  /** Items per page. */
  readonly pageSize: number;
}

const paged = <T>(items: readonly T[], request: ApiRequest, pageSize: number): Response => {
  const start = Number(request.url.searchParams.get('cursor') ?? '0');
  const page = items.slice(start, start + pageSize);
  const next = start + pageSize < items.length ? String(start + pageSize) : null;
  return json({ items: page, next });
};

const idList = (request: ApiRequest, name: string): string[] | undefined => {
  const value = request.url.searchParams.get(name);
  return value ? value.split(',') : undefined;
};

/**
 * The in-memory PSA's HTTP API, served in process. Its wire format is psa-bridge's own (the
 * core types as JSON), so it shows what an adapter does without any vendor's quirks:
 * `GET /ping`, `/statuses`, `/types`, `/companies?name=&statusIds=&typeIds=&cursor=`,
 * `/companies/:id`, `/companies/:id/contacts?activeOnly=&cursor=`; `Authorization: Bearer <key>`.
 */
export function createMemoryPsaApi(options: MemoryPsaApiOptions): InProcessApi {
  const { data, permissions, pageSize } = options;
  const denied = (what: string): Response => json({ message: `the API key may not read ${what}` }, 403);
  const live = (): MemoryCompany[] => data.companies.filter((company) => !company.deleted);
  const visible = ({ deleted, ...company }: MemoryCompany): Company => company;

  return createInProcessApi(
    [
      { method: 'GET', path: '/ping', handle: () => json({ version: 'memory-1' }) },
      {
        method: 'GET',
        path: '/statuses',
        handle: () => (permissions.companies ? json(data.statuses) : denied('companies')),
      },
      {
        method: 'GET',
        path: '/types',
        handle: () => (permissions.companies ? json(data.types) : denied('companies')),
      },
      {
        method: 'GET',
        path: '/companies',
        handle(request) {
          if (!permissions.companies) return denied('companies');
          const name = request.url.searchParams.get('name')?.toLowerCase();
          const statusIds = idList(request, 'statusIds');
          const typeIds = idList(request, 'typeIds');
          const matches = live().filter(
            (company) =>
              (name === undefined || company.name.toLowerCase().includes(name)) &&
              (statusIds === undefined ||
                (company.status !== undefined && statusIds.includes(company.status.id))) &&
              (typeIds === undefined || (company.types ?? []).some((type) => typeIds.includes(type.id))),
          );
          return paged(matches.map(visible), request, pageSize);
        },
      },
      {
        method: 'GET',
        path: '/companies/:id',
        handle(request) {
          if (!permissions.companies) return denied('companies');
          const company = live().find((candidate) => candidate.id === request.params.id);
          return company ? json(visible(company)) : json({ message: 'company not found' }, 404);
        },
      },
      {
        method: 'GET',
        path: '/companies/:id/contacts',
        handle(request) {
          if (!permissions.contacts) return denied('contacts');
          const activeOnly = request.url.searchParams.get('activeOnly') === 'true';
          const contacts = data.contacts.filter(
            (contact) => contact.companyId === request.params.id && (!activeOnly || contact.active),
          );
          return paged(contacts, request, pageSize);
        },
      },
    ],
    (request) =>
      request.headers.get('authorization') === `Bearer ${options.apiKey}`
        ? undefined
        : json({ message: 'invalid API key' }, 401),
  );
}
