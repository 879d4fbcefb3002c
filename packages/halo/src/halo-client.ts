import {
  type CallOptions,
  type Company,
  type CompanySearch,
  type ConnectionTestResult,
  type Contact,
  callSettings,
  connectionTestFailure,
  countSkippedRecords,
  type HttpClient,
  type HttpHooks,
  isPsaBridgeError,
  nameContains,
  PsaBridgeError,
  type PsaClient,
  paginate,
  parseRecords,
  sendVendorRequest,
} from '@psa-bridge/core/adapter';
import type { z } from 'zod';
import { HALO_STATUSES, toCompany, toContact } from './map-records.js';
import type { TokenSource } from './token-source.js';
import { clientWire, pageWires, userWire } from './wire/schemas.js';

/** What the client needs from the provider. */
export interface HaloClientContext {
  /** The transport to `{url}/api`, with the bearer token. */
  readonly http: HttpClient;
  /** The connection's tokens. */
  readonly tokens: TokenSource;
  /** Records per page. */
  readonly pageSize: number;
  /** The app's hooks, for records left out of a page. */
  readonly hooks?: HttpHooks | undefined;
  /** Most pages one listing reads. */
  readonly maxPages?: number | undefined;
}

const isRecordId = (id: string): boolean => /^[1-9]\d{0,15}$/.test(id);

/** One paginated listing: its path, the key of its records, its query, schema and mapping. */
interface Listing<W, T> {
  readonly path: '/client' | '/users';
  readonly key: 'clients' | 'users';
  readonly query: Record<string, string | undefined>;
  readonly schema: z.ZodType<W>;
  readonly map: (record: W) => T | undefined;
}

/** How long the top levels of a finished page-by-page read answer `listCompanyTypes`. */
const PASS_REUSE_MS = 60_000;

/** A read-model cursor: the next page's number. */
function pageNumberOf(cursor: string): number {
  if (!/^[1-9]\d{0,8}$/.test(cursor)) {
    throw new PsaBridgeError('VALIDATION', 'cursor is not a HaloPSA page cursor', {
      details: { field: 'cursor' },
    });
  }
  return Number(cursor);
}

/** Builds the read-only HaloPSA {@link PsaClient}. */
export function createHaloClient(context: HaloClientContext): PsaClient {
  const { http, pageSize } = context;
  /** The top levels seen by the page-by-page read under way or last finished in this process. */
  let lastPass = { types: new Map<string, string>(), started: false, complete: false, at: 0 };

  /**
   * Reads one page of a paginated listing (`pageinate=true`, `page_no` from 1, ordered by id);
   * a short page or `record_count` ends it. Each record is parsed on its own: one it cannot
   * read is left out and reported, never failing the page.
   */
  const readPage = async <W, T>(
    page: Listing<W, T>,
    pageNo: number,
    call: CallOptions,
    signal: AbortSignal | undefined,
  ): Promise<{ items: T[]; next: number | undefined; read: number }> => {
    const { path, key, query, schema, map } = page;
    const { data } = await http.request({
      method: 'GET',
      path,
      query: {
        ...query,
        pageinate: 'true',
        page_size: String(pageSize),
        page_no: String(pageNo),
        order: 'id',
      },
      schema: pageWires[key],
      ...callSettings(call),
      signal,
    });
    const raw = data.records;
    const records = parseRecords(raw, schema, {
      service: 'HaloPSA',
      what: key === 'clients' ? 'client' : 'user',
      hooks: context.hooks,
      onRecordSkipped: call.onRecordSkipped,
    });
    const items = records.map(map).filter((item): item is T => item !== undefined);
    const more = raw.length === pageSize && pageNo * pageSize < data.recordCount;
    return { items, next: more ? pageNo + 1 : undefined, read: raw.length };
  };

  /** Every page of a listing, with {@link readPage}. */
  const listing = <W, T>(page: Listing<W, T>, call: CallOptions): AsyncIterable<T> =>
    paginate<T, number>(1, (pageNo, signal) => readPage(page, pageNo, call, signal), {
      signal: call.signal,
      service: 'HaloPSA',
      operation: `${page.key} listing`,
      maxPages: context.maxPages,
    });

  function searchCompanies(search: CompanySearch, call: CallOptions = {}): AsyncIterable<Company> {
    const fragment = search.name?.trim();
    const statuses = new Set(search.statusIds ?? []);
    const wantActive = statuses.size === 0 || statuses.has('active');
    const wantInactive = statuses.size === 0 || statuses.has('inactive');
    if (!wantActive && !wantInactive) return none<Company>();
    const topLevels = new Set(search.typeIds ?? []);
    if ([...topLevels].some((id) => !isRecordId(id))) {
      // A top level Halo cannot hold has no clients; others in the list still count.
      for (const id of [...topLevels]) if (!isRecordId(id)) topLevels.delete(id);
      if (topLevels.size === 0) return none<Company>();
    }
    const [onlyTopLevel] = topLevels.size === 1 ? [...topLevels] : [];
    return listing(
      {
        path: '/client',
        key: 'clients',
        query: {
          search: fragment || undefined,
          includeactive: String(wantActive),
          includeinactive: String(wantInactive),
          toplevel_id: onlyTopLevel,
        },
        schema: clientWire,
        map: (wire) => {
          // Halo's `search` may match more than the name, or read wildcards: its answer is a first
          // cut, and these checks make the result literal whatever it did.
          if (fragment && !nameContains(wire.name, fragment)) return undefined;
          if (topLevels.size > 0 && !topLevels.has(String(wire.toplevel_id ?? ''))) return undefined;
          if ((wire.inactive === true && !wantInactive) || (wire.inactive !== true && !wantActive))
            return undefined;
          return toCompany(wire);
        },
      },
      call,
    );
  }

  return {
    providerId: 'halo',

    request: (request, call = {}) =>
      sendVendorRequest({ service: 'HaloPSA', http, base: () => '', readOnly: true }, request, call),

    async testConnection(call = {}): Promise<ConnectionTestResult> {
      try {
        await context.tokens.endpoint(call);
      } catch (error) {
        return connectionTestFailure('reach', error, 'HaloPSA did not say where its authorization server is');
      }
      try {
        await context.tokens.get(call.signal);
      } catch (error) {
        if (isPsaBridgeError(error, 'AUTHENTICATION')) {
          return connectionTestFailure(
            'authenticate',
            error,
            'HaloPSA refused the client id, secret or tenant',
          );
        }
        return connectionTestFailure('authenticate', error);
      }
      const probe = (path: '/client' | '/users', key: 'clients' | 'users') =>
        http.request({
          method: 'GET',
          path,
          query: { pageinate: 'true', page_size: '1', page_no: '1' },
          schema: pageWires[key],
          ...callSettings(call),
        });
      try {
        await probe('/client', 'clients');
      } catch (error) {
        return connectionTestFailure(
          'read-companies',
          error,
          'The API application cannot read customers (clients)',
        );
      }
      try {
        await probe('/users', 'users');
      } catch (error) {
        return connectionTestFailure(
          'read-contacts',
          error,
          'The API application cannot read users (contacts)',
        );
      }
      return { ok: true, facts: {} };
    },

    searchCompanies,
    listCompanies: (filter = {}, call) => searchCompanies(filter, call),

    // HaloPSA's client listing documents no filter on a change time, so every read is whole
    // (changedSinceApplied: false); pages are kept by number, so a refresh resumes.
    async listCompanyPage(request = {}, call = {}) {
      // Asked for changes only: say at once that Halo cannot, without a request.
      if (request.changedSince !== undefined)
        return { items: [], cursor: null, changedSinceApplied: false, skippedRecords: 0 };
      const skipped = countSkippedRecords(call);
      const pageNo = request.cursor == null ? 1 : pageNumberOf(request.cursor);
      if (pageNo === 1) lastPass = { types: new Map(), started: true, complete: false, at: 0 };
      const page = await readPage(
        {
          path: '/client',
          key: 'clients',
          query: { includeactive: 'true', includeinactive: 'true' },
          schema: clientWire,
          map: toCompany,
        },
        pageNo,
        skipped.options,
        call.signal,
      );
      for (const company of page.items)
        for (const type of company.types ?? [])
          if (!lastPass.types.has(type.id)) lastPass.types.set(type.id, type.name);
      // Only a pass read here from its first page to its last says every top level.
      if (page.next === undefined) lastPass = { ...lastPass, complete: lastPass.started, at: Date.now() };
      return {
        items: page.items,
        cursor: page.next === undefined ? null : String(page.next),
        changedSinceApplied: false,
        skippedRecords: skipped.count(),
      };
    },

    async getCompany(id, call = {}) {
      if (!isRecordId(id)) return null;
      const response = await http.request({
        method: 'GET',
        path: `/client/${id}`,
        schema: clientWire,
        acceptStatus: [404],
        ...callSettings(call),
      });
      return response.status === 404 ? null : toCompany(response.data);
    },

    async listCompanyStatuses() {
      return HALO_STATUSES;
    },

    async listCompanyTypes(call = {}) {
      // Halo's top levels, as its clients carry them: no public client shows a top-level list
      // endpoint's answer, so they are read from the client listing, or from the whole page
      // by page read this client just finished (a read-model refresh asks for them right after).
      if (lastPass.complete && Date.now() - lastPass.at < PASS_REUSE_MS) {
        return [...lastPass.types].map(([id, name]) => ({ id, name }));
      }
      const found = new Map<string, string>();
      for await (const company of searchCompanies({}, call)) {
        for (const type of company.types ?? []) if (!found.has(type.id)) found.set(type.id, type.name);
      }
      return [...found].map(([id, name]) => ({ id, name }));
    },

    listContacts(companyId, call = {}): AsyncIterable<Contact> {
      if (!isRecordId(companyId)) return none<Contact>();
      return listing(
        {
          path: '/users',
          key: 'users',
          query: {
            client_id: companyId,
            includeinactive: String(call.activeOnly !== true),
            includeactive: 'true',
          },
          schema: userWire,
          map: (wire) => {
            // Only this client's users, whatever else the answer holds.
            if (
              wire.client_id !== undefined &&
              wire.client_id !== null &&
              String(wire.client_id) !== companyId
            ) {
              return undefined;
            }
            if (call.activeOnly === true && wire.inactive === true) return undefined;
            return toContact(wire, companyId);
          },
        },
        call,
      );
    },
  };
}

/** An empty listing; no request is needed to say so. */
async function* none<T>(): AsyncGenerator<T> {}
