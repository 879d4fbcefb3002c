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
  nameContains,
  type PsaClient,
  paginate,
  parseRecords,
  sendVendorRequest,
} from '@psa-bridge/core/adapter';
import { z } from 'zod';
import type { AutotaskQuery } from './fields.js';
import { AUTOTASK_STATUSES, toCompany, toContact } from './map-records.js';
import { companyQuery, contactQuery, isRecordId } from './queries.js';
import { companyWire, contactWire, fieldsWire, itemOf, pageOf, thresholdWire } from './wire/schemas.js';
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
}

const companyPage = pageOf(companyWire);
const contactPage = pageOf(contactWire);
/** A page whose records are read one by one. */
const anyPage = pageOf(z.unknown());

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
   * POSTs a query, then re-POSTs the same body to each `nextPageUrl` on the zone's origin. Each
   * record is parsed on its own: one it cannot read is left out and reported through the
   * `onRecordSkipped` hook, never failing the page.
   */
  const query = <W, T>(
    entity: string,
    body: AutotaskQuery,
    schema: z.ZodType<W>,
    map: (item: W) => T | undefined,
    call: CallOptions,
  ): AsyncIterable<T> =>
    paginate<T, string | null>(
      null,
      async (next, pageSignal) => {
        const root = await base(pageSignal);
        const { data, url } = await http.request({
          method: 'POST',
          path: next ?? `${root}/${entity}/query`,
          json: body,
          schema: anyPage,
          // A query only reads, so it is safe to repeat.
          idempotent: true,
          ...callSettings(call),
          signal: pageSignal,
        });
        const link = data.pageDetails.nextPageUrl ?? undefined;
        const nextUrl = link ? checkNextPageUrl(link, url, root, 'Autotask') : undefined;
        const what = entity === 'Companies' ? 'company' : 'contact';
        const records = parseRecords(data.items, schema, {
          service: 'Autotask',
          what,
          hooks: context.hooks,
          onRecordSkipped: call.onRecordSkipped,
        });
        const items = records.map(map).filter((item): item is T => item !== undefined);
        return { items, next: data.items.length > 0 ? nextUrl : undefined, read: data.items.length };
      },
      {
        signal: call.signal,
        service: 'Autotask',
        operation: `${entity} records`,
        maxPages: context.maxPages,
      },
    );

  async function* searchCompanies(search: CompanySearch, call: CallOptions = {}): AsyncIterable<Company> {
    const body = companyQuery(search, pageSize);
    const names = await companyTypes(call.signal);
    const fragment = search.name?.trim();
    yield* query(
      'Companies',
      body,
      companyWire,
      (wire) => {
        if (wire.id === 0) return undefined;
        // Autotask's `contains` grammar is undocumented (it may read % and _ as wildcards): the
        // server's match is a first cut, and this check makes the result literal whatever it did.
        if (fragment && !nameContains(wire.companyName, fragment)) return undefined;
        return toCompany(wire, names);
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
        'Contacts',
        contactQuery(companyId, call.activeOnly === true, pageSize),
        contactWire,
        toContact,
        call,
      );
    },
  };
}

/** An id Autotask cannot hold has no contacts; no request is needed to say so. */
async function* noContacts(): AsyncGenerator<Contact> {}
