import { z } from 'zod';
import { connectionTestFailure } from '../../connections/connection-test-failure.js';
import type { CallOptions } from '../../contracts/call-options.js';
import type { Company, CompanyFilter, CompanySearch } from '../../contracts/company.js';
import type { ConnectionTestResult } from '../../contracts/connection-test.js';
import type { PsaClient } from '../../contracts/psa-client.js';
import type { ConnectOptions } from '../../contracts/psa-provider.js';
import type { RetryOptions } from '../../http/create-http-client.js';
import { createHttpClient, type HttpClient } from '../../http/create-http-client.js';
import { paginate } from '../../pagination/paginate.js';

const choice = z.object({ id: z.string(), name: z.string() });
const companySchema = z.object({
  id: z.string(),
  name: z.string(),
  status: choice.exactOptional(),
  types: z.array(choice).exactOptional(),
});
const contactSchema = z.object({
  id: z.string(),
  companyId: z.string(),
  firstName: z.string().exactOptional(),
  lastName: z.string().exactOptional(),
  email: z.string().exactOptional(),
  emails: z.array(z.string()),
  active: z.boolean(),
});
const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next: z.string().nullable() });
const companyPage = pageOf(companySchema);
const contactPage = pageOf(contactSchema);

/** Options of {@link createMemoryPsaClient}. */
export interface MemoryPsaClientOptions extends ConnectOptions {
  /** The API key sent as a bearer token. */
  readonly apiKey: string;
  /** Base URL of the API. @default https://memory-psa.local */
  readonly baseUrl?: string;
  /** Retry policy, for tests that exhaust retries. */
  readonly retry?: Partial<RetryOptions>;
}

/**
 * The reference {@link PsaClient}: a complete adapter for the in-memory PSA's API, written the
 * way every adapter should be (core transport, `paginate`, zod at the boundary). Third-party
 * adapter authors can read it as a worked example.
 */
export function createMemoryPsaClient(options: MemoryPsaClientOptions): PsaClient {
  const http: HttpClient = createHttpClient({
    service: 'Memory PSA',
    baseUrl: options.baseUrl ?? 'https://memory-psa.local',
    authorize: async () => ({ authorization: `Bearer ${options.apiKey}` }),
    secrets: () => [options.apiKey],
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });

  const companies = (query: CompanySearch, call: CallOptions = {}): AsyncIterable<Company> =>
    paginate(
      '0',
      async (cursor, signal) => {
        const { data } = await http.request({
          method: 'GET',
          path: '/companies',
          query: {
            name: query.name,
            statusIds: query.statusIds?.length ? query.statusIds.join(',') : undefined,
            typeIds: query.typeIds?.length ? query.typeIds.join(',') : undefined,
            cursor,
          },
          schema: companyPage,
          signal,
        });
        return { items: data.items, next: data.next ?? undefined };
      },
      { signal: call.signal, service: 'Memory PSA', operation: 'companies' },
    );

  return {
    providerId: 'memory',
    async testConnection(call = {}): Promise<ConnectionTestResult> {
      try {
        await http.request({ method: 'GET', path: '/ping', signal: call.signal });
      } catch (error) {
        return connectionTestFailure('authenticate', error);
      }
      try {
        await http.request({
          method: 'GET',
          path: '/companies',
          query: { cursor: '0' },
          signal: call.signal,
        });
      } catch (error) {
        return connectionTestFailure('read-companies', error, 'The API key cannot read companies');
      }
      try {
        await http.request({ method: 'GET', path: '/companies/0/contacts', signal: call.signal });
      } catch (error) {
        return connectionTestFailure('read-contacts', error, 'The API key cannot read contacts');
      }
      return { ok: true, facts: { serverVersion: 'memory-1' } };
    },
    searchCompanies: (query, call) => companies(query, call),
    listCompanies: (filter: CompanyFilter = {}, call) => companies(filter, call),
    async getCompany(id, call = {}) {
      const response = await http.request({
        method: 'GET',
        path: `/companies/${encodeURIComponent(id)}`,
        schema: companySchema,
        acceptStatus: [404],
        signal: call.signal,
      });
      return response.status === 404 ? null : response.data;
    },
    async listCompanyStatuses(call = {}) {
      const schema = z.array(z.object({ id: z.string(), name: z.string(), inactive: z.boolean() }));
      return (await http.request({ method: 'GET', path: '/statuses', schema, signal: call.signal })).data;
    },
    async listCompanyTypes(call = {}) {
      return (
        await http.request({ method: 'GET', path: '/types', schema: z.array(choice), signal: call.signal })
      ).data;
    },
    listContacts(companyId, call = {}) {
      return paginate(
        '0',
        async (cursor, signal) => {
          const { data } = await http.request({
            method: 'GET',
            path: `/companies/${encodeURIComponent(companyId)}/contacts`,
            query: { activeOnly: call.activeOnly ? 'true' : undefined, cursor },
            schema: contactPage,
            signal,
          });
          return { items: data.items, next: data.next ?? undefined };
        },
        { signal: call.signal, service: 'Memory PSA', operation: 'contacts' },
      );
    },
  };
}
