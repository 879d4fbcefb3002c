/**
 * A third-party PSA adapter, written the way the built-in ones are (SPEC C1): "Ticketly PSA" is
 * a made-up PSA with a small REST API, so that nothing here claims to describe a real vendor.
 *
 * Its API, as the adapter sees it:
 * - auth: an `X-Api-Key` header; `GET /api/v1/me` answers 401 for a wrong key;
 * - `GET /api/v1/companies?search=&status=&type=&offset=&limit=` pages `{ total, records }`;
 * - `GET /api/v1/companies/{id}` (404 when unknown), `GET /api/v1/companies/{id}/contacts`;
 * - `GET /api/v1/company-statuses`, `GET /api/v1/company-types`.
 *
 * The recipe: a zod schema for the credentials (C3), the core transport for every request
 * (retries, `Retry-After`, timeouts, secret redaction), zod schemas for every payload (a broken
 * one becomes a `ResponseShapeError`), `paginate` for lists, and `connectionTestFailure` to turn
 * errors into the test result of SPEC C4.
 */
import type { CallOptions, Company, CompanySearch, Contact, PsaProvider } from '@psa-bridge/core';
import {
  type AdapterTransportOptions,
  connectionTestFailure,
  createHttpClient,
  type PsaClient,
  paginate,
  parseCredentials,
  transportOptions,
} from '@psa-bridge/core/adapter';
import { z } from 'zod';

/** Ticketly credentials: where it lives and an API key (secret). */
export const ticketlyCredentials = z.object({
  /** Base URL of the tenant, like `https://msp.ticketly.example`. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** The API key. */
  apiKey: z.string().min(20, 'an API key has at least 20 characters'),
});

/** Parsed Ticketly credentials. */
export type TicketlyCredentials = z.infer<typeof ticketlyCredentials>;

const reference = z.object({ id: z.number().int(), name: z.string() });
const companySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  status: reference,
  type: reference,
});
const contactSchema = z.object({
  id: z.number().int(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  active: z.boolean(),
  emails: z.array(z.object({ address: z.string(), primary: z.boolean() })),
});
const pageOf = <T extends z.ZodType>(record: T) => z.object({ total: z.number(), records: z.array(record) });

const toCompany = (record: z.infer<typeof companySchema>): Company => ({
  id: String(record.id),
  name: record.name,
  status: { id: String(record.status.id), name: record.status.name },
  types: [{ id: String(record.type.id), name: record.type.name }],
});

const toContact = (companyId: string, record: z.infer<typeof contactSchema>): Contact => {
  // The vendor's rule for the primary email: the one flagged primary, else the first.
  const emails = [...record.emails]
    .sort((a, b) => Number(b.primary) - Number(a.primary))
    .map((e) => e.address);
  return {
    id: String(record.id),
    companyId,
    ...(record.first_name ? { firstName: record.first_name } : {}),
    ...(record.last_name ? { lastName: record.last_name } : {}),
    ...(emails[0] ? { email: emails[0] } : {}),
    emails,
    active: record.active,
  };
};

/** Options of {@link ticketly}: the transport options every adapter takes. */
export type TicketlyOptions = AdapterTransportOptions & { readonly pageSize?: number };

/** The Ticketly PSA provider. Register it with `createBridge({ providers: [ticketly()] })`. */
export function ticketly(options: TicketlyOptions = {}): PsaProvider<TicketlyCredentials, 'ticketly'> {
  const pageSize = options.pageSize ?? 100;
  const provider: PsaProvider<TicketlyCredentials, 'ticketly'> = {
    id: 'ticketly',
    displayName: 'Ticketly PSA',
    credentials: ticketlyCredentials,
    secretFields: ['apiKey'],
    async connect(credentials, connectOptions = {}): Promise<PsaClient> {
      // Core validated them already; a direct caller gets the same VALIDATION error (C3).
      const { baseUrl, apiKey } = parseCredentials(provider, credentials);
      const http = createHttpClient({
        service: 'Ticketly PSA',
        baseUrl: `${baseUrl.replace(/\/$/, '')}/api/v1`,
        authorize: async () => ({ 'x-api-key': apiKey }),
        secrets: () => [apiKey],
        ...transportOptions(options, connectOptions),
      });

      /** Offset paging: a short page ends the list. */
      const pages = <T extends z.ZodType, Item>(
        path: string,
        query: Record<string, string | undefined>,
        schema: T,
        map: (record: z.infer<T>) => Item,
        call: CallOptions,
      ): AsyncIterable<Item> =>
        paginate(
          0,
          async (offset, signal) => {
            const { data } = await http.request({
              method: 'GET',
              path,
              query: { ...query, offset: String(offset), limit: String(pageSize) },
              schema: pageOf(schema),
              signal,
            });
            const items = data.records.map((record) => map(record as z.infer<T>));
            return { items, next: items.length === pageSize ? offset + pageSize : undefined };
          },
          call.signal,
        );

      const companies = (query: CompanySearch, call: CallOptions = {}) =>
        pages(
          '/companies',
          {
            search: query.name,
            status: query.statusIds?.length ? query.statusIds.join(',') : undefined,
            type: query.typeIds?.length ? query.typeIds.join(',') : undefined,
          },
          companySchema,
          toCompany,
          call,
        );

      return {
        providerId: 'ticketly',
        async testConnection(call = {}) {
          const steps = [
            ['authenticate', '/me', undefined],
            ['read-companies', '/companies', 'The API key cannot read companies'],
            ['read-contacts', '/companies/0/contacts', 'The API key cannot read contacts'],
          ] as const;
          for (const [step, path, permissionMessage] of steps) {
            try {
              await http.request({
                method: 'GET',
                path,
                query: { limit: '1' },
                acceptStatus: [404],
                signal: call.signal,
              });
            } catch (error) {
              return connectionTestFailure(step, error, permissionMessage);
            }
          }
          return { ok: true, facts: {} };
        },
        searchCompanies: (query, call) => companies(query, call),
        listCompanies: (filter = {}, call) => companies(filter, call),
        async getCompany(id, call = {}) {
          if (!/^\d+$/.test(id)) return null;
          const response = await http.request({
            method: 'GET',
            path: `/companies/${id}`,
            schema: companySchema,
            acceptStatus: [404],
            signal: call.signal,
          });
          return response.status === 404 ? null : toCompany(response.data);
        },
        async listCompanyStatuses(call = {}) {
          const schema = z.array(z.object({ id: z.number(), name: z.string(), is_inactive: z.boolean() }));
          const { data } = await http.request({
            method: 'GET',
            path: '/company-statuses',
            schema,
            signal: call.signal,
          });
          return data.map((status) => ({
            id: String(status.id),
            name: status.name,
            inactive: status.is_inactive,
          }));
        },
        async listCompanyTypes(call = {}) {
          const { data } = await http.request({
            method: 'GET',
            path: '/company-types',
            schema: z.array(reference),
            signal: call.signal,
          });
          return data.map((type) => ({ id: String(type.id), name: type.name }));
        },
        listContacts(companyId, call = {}) {
          if (!/^\d+$/.test(companyId)) return (async function* () {})();
          return pages(
            `/companies/${companyId}/contacts`,
            { active: call.activeOnly ? 'true' : undefined },
            contactSchema,
            (record) => toContact(companyId, record),
            call,
          );
        },
      };
    },
  };
  return provider;
}
