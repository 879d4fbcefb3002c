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
  countSkippedRecords,
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
import { changedSinceConditions, companyQuery, contactConditions, isRecordId } from './conditions.js';
import { nextPageUrl } from './link-header.js';
import { toCompany, toContact } from './map-records.js';
import {
  companyIdWire,
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
  /** How `conditions` name a record's last change, for incremental reads. @default 'lastUpdated' */
  readonly changedField?: 'lastUpdated' | '_info/lastUpdated';
}

/** One list endpoint: what it holds, where, its conditions, its record schema and mapping. */
interface ListPage<W, T> {
  readonly what: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly schema: z.ZodObject & z.ZodType<W>;
  readonly map: (wire: W) => T | undefined;
}

/** ConnectWise's forward-only paging: ordered by id, `pageId` in the next link, fast on large sets. */
const FORWARD_ONLY = { 'pagination-type': 'forward-only' } as const;

/** Builds the read-only {@link PsaClient} for ConnectWise PSA. */
export function createConnectWiseClient(context: ConnectWiseClientContext): PsaClient {
  const { http, base, pageSize, hooks, maxPages } = context;
  const changedField = context.changedField ?? 'lastUpdated';

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
   * Reads one page of a list endpoint: the first (`next` null) or the one a `Link` header named
   * (same origin only, checked again when it comes back from a store). It asks only for the
   * fields its schema reads (`fields`), and parses each record on its own: a record it cannot
   * read is left out and reported through the `onRecordSkipped` hook.
   */
  const readPage = async <W, T>(
    page: ListPage<W, T>,
    next: string | null,
    call: CallOptions,
    pageSignal: AbortSignal | undefined,
  ): Promise<{ items: T[]; next: string | undefined; read: number }> => {
    const { what, path, query, schema, map } = page;
    const current = await base.current(pageSignal);
    const target = next === null ? null : checkNextPageUrl(next, current, current, 'ConnectWise');
    const response = await send(
      (root) =>
        target === null
          ? {
              method: 'GET',
              path: `${root}${path}`,
              query: { ...query, fields: Object.keys(schema.shape).join(','), pageSize },
              headers: FORWARD_ONLY,
              schema: z.array(z.unknown()),
              ...callSettings(call),
              signal: pageSignal,
            }
          : {
              method: 'GET',
              path: target,
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
  };

  /** Pages through a list endpoint with {@link readPage}. */
  const list = <W, T>(page: ListPage<W, T>, call: CallOptions): AsyncIterable<T> =>
    paginate<T, string | null>(null, (next, pageSignal) => readPage(page, next, call, pageSignal), {
      signal: call.signal,
      service: 'ConnectWise',
      operation: `${page.what} records`,
      maxPages,
    });

  async function* searchCompanies(search: CompanySearch, call: CallOptions = {}): AsyncIterable<Company> {
    // Built inside the generator, so a bad filter id surfaces while iterating, like any list error.
    const query = companyQuery(search);
    const fragment = query.nameFragment;
    yield* list(
      {
        what: 'company',
        path: '/company/companies',
        query: { conditions: query.conditions, childConditions: query.childConditions },
        schema: companyWire,
        map: (wire) => {
          if (wire.deletedFlag) return undefined;
          // The server's match is a first cut; this check makes the result exact whatever it did.
          if (fragment !== undefined && !nameContains(wire.name, fragment)) return undefined;
          return toCompany(wire);
        },
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

    async listCompanyPage(request = {}, call = {}) {
      const since = request.changedSince;
      const skipped = countSkippedRecords(call);
      const removedIds: string[] = [];
      const page: ListPage<z.infer<typeof companyWire>, Company> = {
        what: 'company',
        path: '/company/companies',
        // Changed companies, deleted ones too (they are reported as removed); else every live one.
        query: { conditions: since ? changedSinceConditions(changedField, since) : 'deletedFlag = false' },
        schema: companyWire,
        map: (wire) => {
          if (!wire.deletedFlag) return toCompany(wire);
          removedIds.push(String(wire.id));
          return undefined;
        },
      };
      try {
        const read = await readPage(page, request.cursor ?? null, skipped.options, call.signal);
        return {
          items: read.items,
          cursor: read.next ?? null,
          changedSinceApplied: since !== undefined,
          skippedRecords: skipped.count(),
          ...(since ? { removedIds } : {}),
        };
      } catch (error) {
        // A server that refuses the change condition (400) cannot narrow: the caller reads all.
        if (since && request.cursor == null && isPsaBridgeError(error, 'VALIDATION')) {
          return { items: [], cursor: null, changedSinceApplied: false, skippedRecords: 0 };
        }
        throw error;
      }
    },

    async *listCompanyIds(call = {}) {
      yield* list(
        {
          what: 'company',
          path: '/company/companies',
          query: { conditions: 'deletedFlag = false' },
          schema: companyIdWire,
          map: (wire) => String(wire.id),
        },
        call,
      );
    },

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
        {
          what: 'company status',
          path: '/company/companies/statuses',
          query: {},
          schema: companyStatusWire,
          map: (w) => w,
        },
        call,
      )) {
        statuses.push({ id: String(status.id), name: status.name, inactive: status.inactiveFlag === true });
      }
      return statuses;
    },

    async listCompanyTypes(call = {}) {
      const types = [];
      for await (const type of list(
        {
          what: 'company type',
          path: '/company/companies/types',
          query: {},
          schema: companyTypeWire,
          map: (w) => w,
        },
        call,
      )) {
        types.push({ id: String(type.id), name: type.name });
      }
      return types;
    },

    listContacts(companyId, call = {}): AsyncIterable<Contact> {
      if (!isRecordId(companyId)) return noContacts();
      return list(
        {
          what: 'contact',
          path: '/company/contacts',
          query: { conditions: contactConditions(companyId, call.activeOnly === true) },
          schema: contactWire,
          map: (wire) => toContact(wire, companyId),
        },
        call,
      );
    },
  };
}

/** An id ConnectWise cannot hold has no contacts; no request is needed to say so. */
async function* noContacts(): AsyncGenerator<Contact> {}
