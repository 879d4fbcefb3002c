import { type ContainsMode, createGroupIndex, firstIndexAfter, json } from '@psa-bridge/core/testing';
import type { AtCompany, AtContact, AtPicklistValue, AutotaskData } from './autotask-data.js';
import { entityFields, fieldOfEntity, valueProblem } from './autotask-fields.js';
import { checkFilter, FilterError, matchesFilter } from './evaluate-filter.js';

/** What the Autotask simulator's routes read and change. */
export interface AutotaskServerState {
  /** The data served. */
  readonly data: AutotaskData;
  /** API user names the zone lookup and the auth check know. */
  readonly userName: string;
  /** The API user's secret. */
  readonly secret: string;
  /** The integration code (tracking identifier). */
  readonly integrationCode: string;
  /** What the API user may read. */
  readonly permissions: { companies: boolean; contacts: boolean };
  /** Requests counted against the hourly budget. */
  requestCount: number;
  /** The tenant's hourly budget, shared by all integrations. @default 10000 */
  hourlyBudget: number;
  /** Added time each request holds its thread, in ms; it makes the thread limit observable. */
  latencyMs: number;
  /** Answer the thread-limit error with this status (it "may arrive with a non-429 status"). */
  threadLimitStatus: number;
  /** Requests in flight per (integration code, endpoint). */
  readonly inFlight: Map<string, number>;
  /** The highest number of requests ever in flight on one endpoint. */
  peakInFlight: number;
  /** Counts a request refused for its credentials. */
  onAuthFailure(): void;
  /**
   * The origin the zone lookup points at. Real zones are numbered hosts (`webservices5…`) other
   * than the discovery host; `undefined` points back at the host that answered (one loopback port).
   */
  zoneOrigin: string | undefined;
  /** How `entityInformation/fields` spells field names (unconfirmed; the adapter copes with both). */
  fieldNameCasing: 'camel' | 'pascal';
  /** The tenant's `classification` picklist. */
  readonly classifications: AtPicklistValue[];
  /** Current time, ms since the epoch: the hourly budget starts again every hour. */
  readonly now: () => number;
  /** When the current hour of the budget started. */
  budgetWindowStart: number;
  /** How `contains` reads `%`, `_` and `[…]` (undocumented by Autotask). @default 'literal' */
  containsMode: ContainsMode;
  /**
   * Company fields the server will not filter on (`isQueryable: false`), to serve both answers
   * where Autotask's is unconfirmed (the change-time fields). @default none
   */
  unqueryable: ReadonlySet<string>;
}

const errors = (status: number, ...messages: string[]): Response => json({ errors: messages }, status);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const THREADS = 3;

/** The Autotask simulator's request handling. */
export function createAutotaskRoutes(state: AutotaskServerState): (request: Request) => Promise<Response> {
  const contactsOf = createGroupIndex<AtContact, number>(
    () => state.data.contacts,
    (contact) => contact.companyID,
  );
  const records = (entity: string): readonly (AtCompany | AtContact)[] | undefined =>
    entity === 'companies' ? state.data.companies : entity === 'contacts' ? state.data.contacts : undefined;

  const authorize = (request: Request): Response | undefined => {
    const user = request.headers.get('username');
    const code = request.headers.get('apiintegrationcode');
    // An unknown user or integration code is a 500 (apigrate/autotask-restapi#19); the wording is unverified.
    if (user?.toLowerCase() !== state.userName.toLowerCase()) {
      state.onAuthFailure();
      return errors(500, 'Unable to find the API user name provided.');
    }
    if (code !== state.integrationCode) {
      state.onAuthFailure();
      return errors(500, 'The integration code provided is not valid.');
    }
    if (request.headers.get('secret') !== state.secret) {
      state.onAuthFailure();
      return new Response(null, { status: 401 });
    }
    return undefined;
  };

  /** Every field a filter names must exist, and its value must suit the field's type. */
  const checkTyped = (entity: string, item: Record<string, unknown>): string | undefined => {
    if (Array.isArray(item.items)) {
      for (const inner of item.items as Record<string, unknown>[]) {
        const problem = checkTyped(entity, inner);
        if (problem) return problem;
      }
      return undefined;
    }
    const field = fieldOfEntity(entity, String(item.field));
    if (!field) return `Unable to find ${String(item.field)} in the ${entityName(entity)} entity.`;
    // The wording is unverified; the field list's isQueryable says the same.
    if (entity === 'companies' && state.unqueryable.has(field.name))
      return `Field ${field.name} is not queryable.`;
    return 'value' in item ? valueProblem(field, item.value) : undefined;
  };

  const query = (entity: string, body: unknown, url: URL, nextOf: number | undefined): Response => {
    const list = records(entity);
    if (!list) return errors(404, `Entity ${entity} not found.`);
    const {
      filter,
      MaxRecords: max = 500,
      IncludeFields: include,
    } = (body ?? {}) as { filter?: unknown; MaxRecords?: number; IncludeFields?: unknown };
    if (!Array.isArray(filter) || filter.length === 0)
      return errors(500, 'Filter must contain at least one item.');
    if (!Number.isInteger(max) || max < 1 || max > 500) {
      return errors(500, 'maxCountOfRecordsToReturn must be between 1 and 500');
    }
    try {
      for (const item of filter) checkFilter(item);
    } catch (error) {
      return errors(500, (error as Error).message);
    }
    for (const item of filter as Record<string, unknown>[]) {
      const problem = checkTyped(entity, item);
      if (problem) return errors(500, problem);
    }
    // With IncludeFields the answer holds only those fields, id and userDefinedFields (as recorded).
    let fields: string[] | undefined;
    if (include !== undefined) {
      if (!Array.isArray(include)) return errors(500, 'IncludeFields must be a list of field names.');
      fields = [];
      for (const name of include) {
        const field = fieldOfEntity(entity, String(name));
        if (!field) return errors(500, `Unable to find ${String(name)} in the ${entityName(entity)} entity.`);
        fields.push(field.name);
      }
      for (const always of ['id', 'userDefinedFields']) if (!fields.includes(always)) fields.push(always);
    }
    const items = filter as Record<string, unknown>[];
    const companyFilter = items.find(
      (item) => String(item.field).toLowerCase() === 'companyid' && String(item.op).toLowerCase() === 'eq',
    );
    const source: readonly Record<string, unknown>[] = (
      entity === 'contacts' && companyFilter ? contactsOf(Number(companyFilter.value)) : list
    ) as never;
    const page: Record<string, unknown>[] = [];
    let more = false;
    try {
      for (
        let i = nextOf === undefined ? 0 : firstIndexAfter(source as never, nextOf);
        i < source.length;
        i += 1
      ) {
        const record = source[i] as Record<string, unknown>;
        if (!items.every((item) => matchesFilter(item, record, state.containsMode))) continue;
        if (page.length === max) {
          more = true;
          break;
        }
        page.push(record);
      }
    } catch (error) {
      if (error instanceof FilterError) return errors(500, error.message);
      throw error;
    }
    const last = page.at(-1);
    const paging = encodeURIComponent(JSON.stringify({ pageSize: max, lastId: last?.id }));
    const nextPageUrl =
      more && last
        ? `${url.origin}/ATServicesRest/V1.0/${entityName(entity)}/query/next?paging=${paging}`
        : null;
    const project = (record: Record<string, unknown>) =>
      fields
        ? Object.fromEntries(
            fields.map((name) => [name, record[name] ?? (name === 'userDefinedFields' ? [] : null)]),
          )
        : record;
    return json({
      items: page.map(project),
      pageDetails: { count: page.length, requestCount: max, prevPageUrl: null, nextPageUrl },
    });
  };

  const count = (entity: string, body: unknown): Response => {
    const list = records(entity);
    const { filter } = (body ?? {}) as { filter?: Record<string, unknown>[] };
    if (!list) return errors(404, `Entity ${entity} not found.`);
    if (!Array.isArray(filter) || filter.length === 0)
      return errors(500, 'Filter must contain at least one item.');
    try {
      for (const item of filter) checkFilter(item);
      for (const item of filter) {
        const problem = checkTyped(entity, item);
        if (problem) return errors(500, problem);
      }
      const queryCount = list.filter((record) =>
        filter.every((item) => matchesFilter(item, record as never, state.containsMode)),
      ).length;
      return json({ queryCount });
    } catch (error) {
      return errors(500, (error as Error).message);
    }
  };

  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/atservicesrest\/v1\.0\//i, '/');
    if (path === url.pathname) return errors(404, 'Not found.');
    if (/^\/zoneinformation$/i.test(path) && request.method === 'GET') {
      // Unauthenticated and exempt from thread limiting; proves nothing about the credentials.
      if (url.searchParams.get('user')?.toLowerCase() !== state.userName.toLowerCase()) {
        return errors(500, 'Zone information could not be determined');
      }
      const zone = state.zoneOrigin ?? url.origin;
      return json({
        zoneName: 'America West',
        url: `${zone}/ATServicesRest/`,
        webUrl: `${zone}/`,
        ci: 123456,
      });
    }
    const refused = authorize(request);
    if (refused) return refused;
    // The budget counts requests of the current hour, then starts again.
    if (state.now() - state.budgetWindowStart >= 3_600_000) {
      state.budgetWindowStart = state.now();
      state.requestCount = 0;
    }
    state.requestCount += 1;
    if (state.requestCount > state.hourlyBudget) {
      return errors(
        429,
        'The external request threshold for this database has been exceeded. Try again later.',
      );
    }
    const segments = path.split('/').filter((segment) => segment !== '');
    const entity = (segments[0] ?? '').toLowerCase();
    const key = `${state.integrationCode}:${entity}`;
    const active = (state.inFlight.get(key) ?? 0) + 1;
    if (active > THREADS) {
      return errors(
        state.threadLimitStatus,
        'Itgenatr005: Thread Threshold Exceeded - The Autotask API thread threshold of 3 threads has been exceeded.',
      );
    }
    state.inFlight.set(key, active);
    state.peakInFlight = Math.max(state.peakInFlight, active);
    try {
      if (state.latencyMs > 0) await sleep(state.latencyMs);
      const body = request.method === 'POST' ? await request.json().catch(() => undefined) : undefined;
      if (
        (entity === 'companies' && !state.permissions.companies) ||
        (entity === 'contacts' && !state.permissions.contacts)
      ) {
        // The status Autotask uses for a missing entity permission is unverified.
        return errors(403, `The logged in user does not have permission to query ${entityName(entity)}.`);
      }
      if (entity === 'thresholdinformation' && request.method === 'GET') {
        return json({
          externalRequestThreshold: state.hourlyBudget,
          requestThresholdTimeframe: 60,
          currentTimeframeRequestCount: state.requestCount,
        });
      }
      const rest = segments.slice(1).join('/').toLowerCase();
      if (rest === 'entityinformation/fields' && request.method === 'GET') {
        if (entity !== 'companies' && entity !== 'contacts') return errors(404, 'Not found.');
        const picklists = { companyType: state.data.companyTypes, classification: state.classifications };
        return json(
          entityFields(
            entity,
            picklists,
            state.fieldNameCasing,
            entity === 'companies' ? state.unqueryable : undefined,
          ),
        );
      }
      if (rest === 'query' && request.method === 'POST') return query(entity, body, url, undefined);
      if (rest === 'query/count' && request.method === 'POST') return count(entity, body);
      if (rest === 'query/next') {
        // A next page of a POST query must be POSTed again with the same body.
        if (request.method !== 'POST')
          return errors(405, "The requested resource does not support http method 'GET'.");
        const paging = JSON.parse(url.searchParams.get('paging') ?? '{}') as { lastId?: number };
        return query(entity, body, url, paging.lastId ?? -1);
      }
      const byId = /^\d+$/.test(rest) ? Number(rest) : undefined;
      if (byId !== undefined && request.method === 'GET') {
        const record = records(entity)?.find((candidate) => candidate.id === byId);
        return record ? json({ item: record }) : errors(404, `${entityName(entity)} ${byId} not found.`);
      }
      return errors(404, 'Not found.');
    } finally {
      state.inFlight.set(key, (state.inFlight.get(key) ?? 1) - 1);
    }
  };
}

function entityName(entity: string): string {
  return entity.charAt(0).toUpperCase() + entity.slice(1);
}
