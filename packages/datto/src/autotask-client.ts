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
  nameContains,
  type PsaClient,
  paginate,
  parseRecords,
  sendVendorRequest,
} from '@psa-bridge/core/adapter';
import { z } from 'zod';
import type { AutotaskQuery } from './fields.js';
import { AUTOTASK_STATUSES, toCompany, toContact } from './map-records.js';
import { companyIdQuery, companyPageQuery, companyQuery, contactQuery, isRecordId } from './queries.js';
import {
  companyIdWire,
  companyWire,
  contactWire,
  fieldsWire,
  itemOf,
  pageOf,
  thresholdWire,
} from './wire/schemas.js';
import type { AutotaskZone } from './zone.js';

/** What the client needs from the provider. */
export interface AutotaskClientContext {
  /** The transport, with the three auth headers and the per-endpoint concurrency cap. */
  readonly http: HttpClient;
  /** The tenant's zone, looked up on first use. */
  readonly zone: (signal: AbortSignal | undefined) => Promise<AutotaskZone>;
  /** Records per page (1 to 500). */
  readonly pageSize: number;
  /** The app's hooks, for records left out of a page. */
  readonly hooks?: HttpHooks | undefined;
  /** Most pages one listing reads (a vendor that never stops naming pages). */
  readonly maxPages?: number | undefined;
  /** The company time fields incremental reads filter on. */
  readonly changedFields?: readonly string[];
}

const DEFAULT_CHANGE_FIELDS = ['lastActivityDate', 'lastTrackedModifiedDateTime'];

const companyPage = pageOf(companyWire);
const contactPage = pageOf(contactWire);
/** A page whose records are read one by one. */
const anyPage = pageOf(z.unknown());

/** One query: the entity, the body re-posted to every page, the record schema and mapping. */
interface QueryPage<W, T> {
  readonly entity: string;
  readonly body: AutotaskQuery;
  readonly schema: z.ZodType<W>;
  readonly map: (item: W) => T | undefined;
}

/** Builds the read-only Autotask {@link PsaClient}. */
export function createAutotaskClient(context: AutotaskClientContext): PsaClient {
  const { http, pageSize } = context;
  const base = async (signal: AbortSignal | undefined): Promise<string> =>
    `${(await context.zone(signal)).url.replace(/\/+$/, '')}/V1.0`;
  let typeNames: Promise<Map<string, string>> | undefined;

  /** The tenant's company types from the `companyType` picklist (never hard-coded numbers). */
  const companyTypes = (signal: AbortSignal | undefined): Promise<Map<string, string>> => {
    typeNames ??= (async () => {
      const { data } = await http.request({
        method: 'GET',
        path: `${await base(signal)}/Companies/entityInformation/fields`,
        schema: fieldsWire,
        signal,
      });
      const field = data.fields.find((candidate) => candidate.name.toLowerCase() === 'companytype');
      return new Map((field?.picklistValues ?? []).map((entry) => [entry.value, entry.label]));
    })();
    typeNames.catch(() => {
      typeNames = undefined;
    });
    return typeNames;
  };

  /**
   * POSTs a query (`next` null), or re-POSTs the same body to a `nextPageUrl` on the zone's
   * origin (checked again when it comes back from a store). Each record is parsed on its own:
   * one it cannot read is left out and reported through the `onRecordSkipped` hook.
   */
  const readPage = async <W, T>(
    page: QueryPage<W, T>,
    next: string | null,
    call: CallOptions,
    pageSignal: AbortSignal | undefined,
  ): Promise<{ items: T[]; next: string | undefined; read: number }> => {
    const { entity, body, schema, map } = page;
    const root = await base(pageSignal);
    const { data, url } = await http.request({
      method: 'POST',
      path: next === null ? `${root}/${entity}/query` : checkNextPageUrl(next, root, root, 'Autotask'),
      json: body,
      schema: anyPage,
      // A query only reads, so it is safe to repeat.
      idempotent: true,
      ...callSettings(call),
      signal: pageSignal,
    });
    const link = data.pageDetails.nextPageUrl ?? undefined;
    const nextUrl = link ? checkNextPageUrl(link, url, root, 'Autotask') : undefined;
    const records = parseRecords(data.items, schema, {
      service: 'Autotask',
      what: entity === 'Companies' ? 'company' : 'contact',
      hooks: context.hooks,
      onRecordSkipped: call.onRecordSkipped,
    });
    const items = records.map(map).filter((item): item is T => item !== undefined);
    return { items, next: data.items.length > 0 ? nextUrl : undefined, read: data.items.length };
  };

  /** Every page of a query, with {@link readPage}. */
  const query = <W, T>(page: QueryPage<W, T>, call: CallOptions): AsyncIterable<T> =>
    paginate<T, string | null>(null, (next, pageSignal) => readPage(page, next, call, pageSignal), {
      signal: call.signal,
      service: 'Autotask',
      operation: `${page.entity} records`,
      maxPages: context.maxPages,
    });

  async function* searchCompanies(search: CompanySearch, call: CallOptions = {}): AsyncIterable<Company> {
    const body = companyQuery(search, pageSize);
    const names = await companyTypes(call.signal);
    const fragment = search.name?.trim();
    yield* query(
      {
        entity: 'Companies',
        body,
        schema: companyWire,
        map: (wire) => {
          if (wire.id === 0) return undefined;
          // Autotask's `contains` grammar is undocumented (it may read % and _ as wildcards): the
          // server's match is a first cut, and this check makes the result literal whatever it did.
          if (fragment && !nameContains(wire.companyName, fragment)) return undefined;
          return toCompany(wire, names);
        },
      },
      call,
    );
  }

  return {
    providerId: 'datto',

    request: (request, call = {}) =>
      sendVendorRequest({ service: 'Autotask', http, base, readOnly: true }, request, call),

    async testConnection(call = {}): Promise<ConnectionTestResult> {
      let root: string;
      try {
        root = await base(call.signal);
      } catch (error) {
        return connectionTestFailure(
          isPsaBridgeError(error, 'AUTHENTICATION') ? 'authenticate' : 'reach',
          error,
        );
      }
      let facts = {};
      try {
        const { data } = await http.request({
          method: 'GET',
          path: `${root}/ThresholdInformation`,
          schema: thresholdWire,
          ...callSettings(call),
        });
        facts = {
          ...(typeof data.currentTimeframeRequestCount === 'number'
            ? { requestsUsed: data.currentTimeframeRequestCount }
            : {}),
          ...(typeof data.externalRequestThreshold === 'number'
            ? { requestLimit: data.externalRequestThreshold }
            : {}),
        };
      } catch (error) {
        if (isPsaBridgeError(error, 'AUTHENTICATION')) {
          return connectionTestFailure(
            'authenticate',
            error,
            "Autotask refused the API user's secret or the integration code",
          );
        }
        return connectionTestFailure('authenticate', error);
      }
      // Each probe's answer is parsed like a real page: a malformed answer fails the test.
      const probe = <W>(entity: string, body: AutotaskQuery, schema: z.ZodType<W>) =>
        http.request({
          method: 'POST',
          path: `${root}/${entity}/query`,
          json: body,
          schema,
          idempotent: true,
          ...callSettings(call),
        });
      try {
        await probe('Companies', companyQuery({}, 1), companyPage);
      } catch (error) {
        return connectionTestFailure('read-companies', error, 'The API user cannot read companies');
      }
      try {
        await probe('Contacts', contactQuery(undefined, false, 1), contactPage);
      } catch (error) {
        return connectionTestFailure('read-contacts', error, 'The API user cannot read contacts');
      }
      return { ok: true, facts };
    },

    searchCompanies,
    listCompanies: (filter = {}, call) => searchCompanies(filter, call),

    async listCompanyPage(request = {}, call = {}) {
      const since = request.changedSince;
      const names = await companyTypes(call.signal);
      const skipped = countSkippedRecords(call);
      const page: QueryPage<z.infer<typeof companyWire>, Company> = {
        entity: 'Companies',
        body: companyPageQuery(since, context.changedFields ?? DEFAULT_CHANGE_FIELDS, pageSize),
        schema: companyWire,
        map: (wire) => (wire.id === 0 ? undefined : toCompany(wire, names)),
      };
      try {
        const read = await readPage(page, request.cursor ?? null, skipped.options, call.signal);
        return {
          items: read.items,
          cursor: read.next ?? null,
          changedSinceApplied: since !== undefined,
          skippedRecords: skipped.count(),
        };
      } catch (error) {
        // A server that cannot filter on the change fields: the caller reads every company.
        if (since && request.cursor == null && isPsaBridgeError(error, 'VALIDATION')) {
          return { items: [], cursor: null, changedSinceApplied: false, skippedRecords: 0 };
        }
        throw error;
      }
    },

    listCompanyIds: (call = {}) =>
      query(
        {
          entity: 'Companies',
          body: companyIdQuery(pageSize),
          schema: companyIdWire,
          map: (wire) => (wire.id === 0 ? undefined : String(wire.id)),
        },
        call,
      ),

    async getCompany(id, call = {}) {
      if (!isRecordId(id) || id === '0') return null;
      const response = await http.request({
        method: 'GET',
        path: `${await base(call.signal)}/Companies/${id}`,
        schema: itemOf(companyWire),
        acceptStatus: [404],
        ...callSettings(call),
      });
      if (response.status === 404) return null;
      return toCompany(response.data.item, await companyTypes(call.signal));
    },

    async listCompanyStatuses() {
      return AUTOTASK_STATUSES;
    },

    async listCompanyTypes(call = {}) {
      return [...(await companyTypes(call.signal))].map(([id, name]) => ({ id, name }));
    },

    listContacts(companyId, call = {}): AsyncIterable<Contact> {
      if (!isRecordId(companyId)) return noContacts();
      return query(
        {
          entity: 'Contacts',
          body: contactQuery(companyId, call.activeOnly === true, pageSize),
          schema: contactWire,
          map: toContact,
        },
        call,
      );
    },
  };
}

/** An id Autotask cannot hold has no contacts; no request is needed to say so. */
async function* noContacts(): AsyncGenerator<Contact> {}
