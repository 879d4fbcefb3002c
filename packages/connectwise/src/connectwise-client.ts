import {
  type CallOptions,
  type Company,
  type CompanySearch,
  type Contact,
  type HttpHooks,
  isPsaBridgeError,
} from '@psa-bridge/core';
import {
  type ConnectionTestResult,
  callSettings,
  checkNextPageUrl,
  connectionTestFailure,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  nameContains,
  type PsaClient,
  paginate,
  parseRecords,
  sendVendorRequest,
} from '@psa-bridge/core/adapter';
import { z } from 'zod';
import type { ApiBase } from './codebase.js';
import { companyQuery, contactConditions, isRecordId } from './conditions.js';
import { nextPageUrl } from './link-header.js';
import { toCompany, toContact } from './map-records.js';
import {
  companyStatusWire,
  companyTypeWire,
  companyWire,
  contactWire,
  systemInfoWire,
} from './wire/schemas.js';

/** What the client needs from the provider. */
export interface ConnectWiseClientContext {
  /** The transport, with authentication set up. */
  readonly http: HttpClient;
  /** The API base, refreshed when a 404 hints at a moved codebase. */
  readonly base: ApiBase;
  /** Records per page (1 to 1000). */
  readonly pageSize: number;
  /** The app's hooks, for records left out of a page. */
  readonly hooks?: HttpHooks | undefined;
  /** Most pages one listing reads (a vendor that never stops naming pages). */
  readonly maxPages?: number | undefined;
}

/** ConnectWise's forward-only paging: ordered by id, `pageId` in the next link, fast on large sets. */
const FORWARD_ONLY = { 'pagination-type': 'forward-only' } as const;

/** Builds the read-only {@link PsaClient} for ConnectWise PSA. */
export function createConnectWiseClient(context: ConnectWiseClientContext): PsaClient {
  const { http, base, pageSize, hooks, maxPages } = context;

  /** Sends a request built on the current base; on a 404, refreshes the codebase once and retries if it moved. */
  const send = async <T>(
    build: (base: string) => HttpRequest<T>,
    signal: AbortSignal | undefined,
  ): Promise<HttpResponse<T>> => {
    const request = build(await base.current(signal));
    try {
      const response = await http.request(request);
      if (response.status !== 404 || !(await base.refresh(request.signal))) return response;
    } catch (error) {
      if (!isPsaBridgeError(error, 'NOT_FOUND') || !(await base.refresh(request.signal))) throw error;
    }
    return http.request(build(await base.current(signal)));
  };

  /**
   * Pages through a list endpoint, following the `Link` header (same origin only). It asks only
   * for the fields its schema reads (`fields`), and parses each record on its own: a record it
   * cannot read is left out and reported through the `onRecordSkipped` hook.
   */
  const list = <W, T>(
    what: string,
    path: string,
    query: Readonly<Record<string, string | undefined>>,
    schema: z.ZodObject & z.ZodType<W>,
    map: (wire: W) => T | undefined,
    call: CallOptions,
  ): AsyncIterable<T> =>
    paginate<T, string | null>(
      null,
      async (next, pageSignal) => {
        const response = await send(
          (current) =>
            next === null
              ? {
                  method: 'GET',
                  path: `${current}${path}`,
                  query: { ...query, fields: Object.keys(schema.shape).join(','), pageSize },
                  headers: FORWARD_ONLY,
                  schema: z.array(z.unknown()),
                  ...callSettings(call),
                  signal: pageSignal,
                }
              : {
                  method: 'GET',
                  path: next,
                  headers: FORWARD_ONLY,
                  schema: z.array(z.unknown()),
                  ...callSettings(call),
                  signal: pageSignal,
                },
          pageSignal,
        );
        const header = nextPageUrl(response.headers.get('link'));
        const link =
          header === undefined
            ? undefined
            : checkNextPageUrl(header, response.url, await base.current(pageSignal), 'ConnectWise');
        const records = parseRecords(response.data, schema, {
          service: 'ConnectWise',
          what,
          hooks,
          onRecordSkipped: call.onRecordSkipped,
        });
        const items = records.map(map).filter((item): item is T => item !== undefined);
        // A short page is the last one, whatever the header says.
        const more = link !== undefined && response.data.length >= pageSize;
        return { items, next: more ? link : undefined, read: response.data.length };
      },
      { signal: call.signal, service: 'ConnectWise', operation: `${what} records`, maxPages },
    );

  async function* searchCompanies(search: CompanySearch, call: CallOptions = {}): AsyncIterable<Company> {
    // Built inside the generator, so a bad filter id surfaces while iterating, like any list error.
    const query = companyQuery(search);
    const fragment = query.nameFragment;
    yield* list(
      'company',
      '/company/companies',
      { conditions: query.conditions, childConditions: query.childConditions },
      companyWire,
      (wire) => {
        if (wire.deletedFlag) return undefined;
        // The server's match is a first cut; this check makes the result exact whatever it did.
        if (fragment !== undefined && !nameContains(wire.name, fragment)) return undefined;
        return toCompany(wire);
      },
      call,
    );
  }

  return {
    providerId: 'connectwise',

    request: (request, call = {}) =>
      sendVendorRequest(
        { service: 'ConnectWise', http, base: (signal) => base.current(signal), readOnly: true },
        request,
        call,
      ),

    async testConnection(call = {}): Promise<ConnectionTestResult> {
      try {
        await base.current(call.signal);
      } catch (error) {
        const step = isPsaBridgeError(error, 'AUTHENTICATION') ? 'authenticate' : 'reach';
        return connectionTestFailure(step, error);
      }
      let serverVersion: string | undefined;
      try {
        const info = await send(
          (current) => ({
            method: 'GET',
            path: `${current}/system/info`,
            schema: systemInfoWire,
            ...callSettings(call),
          }),
          call.signal,
        );
        serverVersion = info.data.version ?? undefined;
      } catch (error) {
        if (isPsaBridgeError(error, 'NOT_FOUND')) {
          return connectionTestFailure(
            'authenticate',
            'AUTHENTICATION',
            'ConnectWise answered 404, which on cloud means wrong keys or a wrong company id or site',
          );
        }
        if (isPsaBridgeError(error, 'PERMISSION')) {
          return connectionTestFailure(
            'authenticate',
            error,
            "ConnectWise refused the API member's security role (403)",
          );
        }
        if (isPsaBridgeError(error, 'AUTHENTICATION')) {
          return connectionTestFailure(
            'authenticate',
            error,
            'ConnectWise refused the public and private key or the client id',
          );
        }
        return connectionTestFailure('authenticate', error);
      }
      // Each probe's answer is parsed like a real page: a malformed answer fails the test.
      const probe = async (path: string, conditions: string, schema: z.ZodObject) =>
        send(
          (current) => ({
            method: 'GET',
            path: `${current}${path}`,
            query: { conditions, fields: Object.keys(schema.shape).join(','), pageSize: 1 },
            schema: z.array(schema),
            ...callSettings(call),
          }),
          call.signal,
        );
      try {
        await probe('/company/companies', 'deletedFlag = false', companyWire);
      } catch (error) {
        return connectionTestFailure('read-companies', error, 'The API member cannot read companies');
      }
      try {
        await probe('/company/contacts', 'inactiveFlag = false', contactWire);
      } catch (error) {
        return connectionTestFailure('read-contacts', error, 'The API member cannot read contacts');
      }
      return { ok: true, facts: serverVersion ? { serverVersion } : {} };
    },

    searchCompanies,
    listCompanies: (filter = {}, call) => searchCompanies(filter, call),

    async getCompany(id, call = {}) {
      if (!isRecordId(id)) return null;
      const response = await send(
        (current) => ({
          method: 'GET',
          path: `${current}/company/companies/${id}`,
          schema: companyWire,
          acceptStatus: [404],
          ...callSettings(call),
        }),
        call.signal,
      );
      if (response.status === 404 || response.data.deletedFlag) return null;
      return toCompany(response.data);
    },

    async listCompanyStatuses(call = {}) {
      const statuses = [];
      for await (const status of list(
        'company status',
        '/company/companies/statuses',
        {},
        companyStatusWire,
        (w) => w,
        call,
      )) {
        statuses.push({ id: String(status.id), name: status.name, inactive: status.inactiveFlag === true });
      }
      return statuses;
    },

    async listCompanyTypes(call = {}) {
      const types = [];
      for await (const type of list(
        'company type',
        '/company/companies/types',
        {},
        companyTypeWire,
        (w) => w,
        call,
      )) {
        types.push({ id: String(type.id), name: type.name });
      }
      return types;
    },

    listContacts(companyId, call = {}): AsyncIterable<Contact> {
      if (!isRecordId(companyId)) return noContacts();
      return list(
        'contact',
        '/company/contacts',
        { conditions: contactConditions(companyId, call.activeOnly === true) },
        contactWire,
        (wire) => toContact(wire, companyId),
        call,
      );
    },
  };
}

/** An id ConnectWise cannot hold has no contacts; no request is needed to say so. */
async function* noContacts(): AsyncGenerator<Contact> {}
