import { type ContainsMode, createGroupIndex, firstIndexAfter, json } from '@psa-bridge/core/testing';
import { type Condition, ConditionsSyntaxError, parseConditions } from './conditions-parser.js';
import type { ConnectWiseData, CwCompany, CwContact } from './connectwise-data.js';
import { evaluateCondition } from './evaluate-condition.js';
import { fieldNames, type OrderBy, ordered, project } from './field-selection.js';

/** The accepted credentials and behaviour switches the routes read on every request. */
export interface ConnectWiseServerState {
  readonly data: ConnectWiseData;
  /** Company id, case-insensitive, as ConnectWise compares it. */
  readonly companyId: string;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly clientId: string;
  /** Current codebase, like `v2025_1/` (trailing slash as companyinfo sends it). */
  codebase: string;
  /** What the API member's security role may read. */
  readonly permissions: { companies: boolean; contacts: boolean };
  /** Answer bad credentials with 404, as cloud instances do. @default false */
  badAuthAs404: boolean;
  /** How `contains` reads `%`, `_` and `[…]` (undocumented by ConnectWise). @default 'literal' */
  containsMode: ContainsMode;
  /**
   * Which name of a record's last-change time conditions accept (unconfirmed for companies):
   * `lastUpdated` (as ConnectWise's conditions guide shows it, read from `_info`) or only
   * `_info/lastUpdated`; the other answers 400 like any unknown field. @default 'lastUpdated'
   */
  changedField: 'lastUpdated' | '_info/lastUpdated';
  /** Counts requests refused for their credentials. */
  onAuthFailure(): void;
}

const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 25;

/** ConnectWise's error body: `errors` is always an array (empty when there is nothing more). */
const error = (status: number, code: string, message: string, errors: readonly unknown[] = []): Response =>
  json({ code, message, errors }, status);

/** A request naming a field the resource does not have (the vendor's exact wording is unconfirmed). */
const unknownField = (parameter: string, field: string): Response =>
  error(400, 'InvalidObject', `${parameter}: ${field} is not a valid field`, [
    { code: 'InvalidField', message: `${field} is not a valid field`, field },
  ]);

/** The 400 a bad `conditions` string gets (code unverified: ConnectWise's validation code is used). */
const syntaxError = (message: string): Response => error(400, 'InvalidObject', message);

interface ListQuery {
  readonly condition: Condition | undefined;
  readonly child: Condition | undefined;
  /** `fields`: the top-level fields to answer with (paths like `status/name` keep part of one). */
  readonly fields: readonly string[] | undefined;
  /** `orderBy`: a field and a direction, for navigable paging. */
  readonly orderBy: OrderBy | undefined;
  readonly page: number;
  readonly pageSize: number;
  readonly pageId: number | undefined;
  readonly forwardOnly: boolean;
}

/** Every field path a condition names. */
const pathsOf = (condition: Condition): (readonly string[])[] =>
  condition.kind === 'compare' ? [condition.path] : [...pathsOf(condition.left), ...pathsOf(condition.right)];

/** The condition with `lastUpdated` read from `_info`, where the switch says the server does so. */
const aliasLastUpdated = (condition: Condition): Condition =>
  condition.kind === 'compare'
    ? condition.path.length === 1 && condition.path[0]?.toLowerCase() === 'lastupdated'
      ? { ...condition, path: ['_info', 'lastUpdated'] }
      : condition
    : { ...condition, left: aliasLastUpdated(condition.left), right: aliasLastUpdated(condition.right) };

/** A condition naming a field the resource lacks is refused, as ConnectWise refuses it. */
function checkConditionFields(
  condition: Condition | undefined,
  known: ReadonlySet<string>,
  changedField: ConnectWiseServerState['changedField'],
): Condition | Response | undefined {
  if (!condition) return undefined;
  for (const path of pathsOf(condition)) {
    const head = (path[0] ?? '').toLowerCase();
    if (head === 'lastupdated' && path.length === 1 && changedField === 'lastUpdated') continue;
    if (!known.has(head)) return unknownField('conditions', path.join('/'));
  }
  return aliasLastUpdated(condition);
}

function readListQuery(
  request: Request,
  url: URL,
  known: ReadonlySet<string>,
  changedField: ConnectWiseServerState['changedField'] = 'lastUpdated',
): ListQuery | Response {
  const params = url.searchParams;
  const fields = params
    .get('fields')
    ?.split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  for (const field of fields ?? []) {
    if (!known.has((field.split('/')[0] ?? '').toLowerCase())) return unknownField('fields', field);
  }
  const order = /^\s*([A-Za-z_/]+)\s*(asc|desc)?\s*$/i.exec(params.get('orderBy') ?? '');
  if (params.get('orderBy') && (!order || !known.has((order[1] ?? '').split('/')[0]?.toLowerCase() ?? ''))) {
    return unknownField('orderBy', params.get('orderBy') ?? '');
  }
  const orderBy = order
    ? { field: order[1] ?? 'id', descending: order[2]?.toLowerCase() === 'desc' }
    : undefined;
  let condition: Condition | undefined;
  let child: Condition | undefined;
  try {
    const conditions = params.get('conditions');
    const childConditions = params.get('childConditions');
    condition = conditions ? parseConditions(conditions) : undefined;
    child = childConditions ? parseConditions(childConditions) : undefined;
  } catch (caught) {
    if (caught instanceof ConditionsSyntaxError) return syntaxError(caught.message);
    throw caught;
  }
  const checked = checkConditionFields(condition, known, changedField);
  if (checked instanceof Response) return checked;
  condition = checked;
  const size = Number(params.get('pageSize') ?? DEFAULT_PAGE_SIZE);
  const page = Number(params.get('page') ?? 1);
  const pageId = params.get('pageId');
  return {
    condition,
    child,
    pageSize: Math.min(
      MAX_PAGE_SIZE,
      Math.max(1, Number.isFinite(size) ? Math.floor(size) : DEFAULT_PAGE_SIZE),
    ),
    page: Number.isFinite(page) && page >= 1 ? Math.floor(page) : 1,
    pageId: pageId === null ? undefined : Number(pageId),
    forwardOnly: request.headers.get('pagination-type')?.toLowerCase() === 'forward-only',
    fields,
    orderBy,
  };
}

/**
 * Answers a list request over id-sorted `records`: forward-only paging (`pageId`, the next
 * link first, an empty `Link` on the last page) or navigable paging (`page`, `rel="next"` and
 * `rel="last"`, no `Link` when everything fits one page).
 * @see https://developer.connectwise.com/Best_Practices/PSA_Pagination
 */
function listAnswer<T extends { id: number }>(
  records: readonly T[],
  query: ListQuery,
  url: URL,
  containsMode: ContainsMode,
): Response {
  const matches = (record: T): boolean => matchesBoth(record, query, containsMode);
  const linkTo = (changes: Record<string, string>): string => {
    const next = new URL(url);
    for (const [key, value] of Object.entries(changes)) next.searchParams.set(key, value);
    return next.toString();
  };
  if (query.forwardOnly) {
    const page: T[] = [];
    let more = false;
    for (
      let i = query.pageId === undefined ? 0 : firstIndexAfter(records, query.pageId);
      i < records.length;
      i += 1
    ) {
      const record = records[i] as T;
      if (!matches(record)) continue;
      if (page.length === query.pageSize) {
        more = true;
        break;
      }
      page.push(record);
    }
    const last = page.at(-1);
    const link = more && last ? `<${linkTo({ pageId: String(last.id) })}>; rel="next"` : '';
    return json(
      page.map((record) => project(record, query.fields)),
      200,
      { link },
    );
  }
  const all = ordered(records.filter(matches), query.orderBy);
  const start = (query.page - 1) * query.pageSize;
  const page = all.slice(start, start + query.pageSize);
  const lastPage = Math.max(1, Math.ceil(all.length / query.pageSize));
  const headers: Record<string, string> = {};
  if (all.length > query.pageSize) {
    const links = [];
    if (query.page < lastPage) links.push(`<${linkTo({ page: String(query.page + 1) })}>; rel="next"`);
    if (query.page > 1) links.push(`<${linkTo({ page: String(query.page - 1) })}>; rel="prev"`);
    links.push(`<${linkTo({ page: '1' })}>; rel="first"`);
    if (query.page < lastPage) links.push(`<${linkTo({ page: String(lastPage) })}>; rel="last"`);
    headers.link = links.join(', ');
  }
  return json(
    page.map((record) => project(record, query.fields)),
    200,
    headers,
  );
}

/** A top-level `company/id = N` in a contacts query, so the simulator can narrow through its index. */
function companyIdOf(condition: Condition | undefined): number | undefined {
  if (!condition) return undefined;
  if (condition.kind === 'and') return companyIdOf(condition.left) ?? companyIdOf(condition.right);
  if (condition.kind !== 'compare' || condition.operator !== '=' || condition.negated) return undefined;
  const [first, second] = condition.path.map((part) => part.toLowerCase());
  const literal = condition.values[0];
  return first === 'company' && second === 'id' && condition.path.length === 2 && literal?.kind === 'number'
    ? literal.value
    : undefined;
}

function authorized(request: Request, state: ConnectWiseServerState): boolean {
  const header = request.headers.get('authorization') ?? '';
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = decoded.slice(0, colon);
  const plus = user.indexOf('+');
  return (
    colon > 0 &&
    plus > 0 &&
    user.slice(0, plus).toLowerCase() === state.companyId.toLowerCase() &&
    user.slice(plus + 1) === state.publicKey &&
    decoded.slice(colon + 1) === state.privateKey
  );
}

/** The simulator's request handling for one ConnectWise instance. */
export function createConnectWiseRoutes(
  state: ConnectWiseServerState,
): (request: Request) => Promise<Response> {
  const contactsOf = createGroupIndex<CwContact, number>(
    () => state.data.contacts,
    (contact) => contact.company.id,
  );

  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname;
    const info = /^\/login\/companyinfo\/([^/]+)$/.exec(path);
    if (info && request.method === 'GET') {
      const known = decodeURIComponent(info[1] ?? '').toLowerCase() === state.companyId.toLowerCase();
      return json(
        known
          ? {
              CompanyName: 'Simulated MSP',
              Codebase: state.codebase,
              VersionCode: 'v2025.1',
              VersionNumber: 'v4.6.88001',
              CompanyID: state.companyId,
              IsCloud: true,
            }
          : null,
      );
    }
    const prefix = `/${state.codebase}apis/3.0/`;
    if (!path.startsWith(prefix)) return error(404, 'NotFound', 'Resource URL not found');
    if (!authorized(request, state) || request.headers.get('clientid') !== state.clientId) {
      state.onAuthFailure();
      return state.badAuthAs404
        ? error(404, 'NotFound', 'Resource URL not found')
        : error(401, 'Unauthorized', 'The supplied authentication is incorrect');
    }
    // The simulator models reads only: psa-bridge never writes to a PSA (SPEC I5).
    if (request.method !== 'GET') return error(405, 'MethodNotAllowed', `${request.method} is not simulated`);
    const resource = path.slice(prefix.length).replace(/\/+$/, '');
    const denied = (what: string) =>
      error(403, 'Forbidden', `Improper security role settings: cannot read ${what}`);

    if (resource === 'system/info') {
      return json({
        version: 'v2025.1.88001',
        isCloud: true,
        serverTimeZone: 'UTC',
        cloudRegion: 'NA',
        licenseBits: [],
      });
    }
    if (resource.startsWith('company/companies')) {
      if (!state.permissions.companies) return denied('companies');
      const rest = resource.slice('company/companies'.length);
      if (rest === '/statuses' || rest === '/types') {
        const list = rest === '/statuses' ? state.data.statuses : state.data.types;
        const query = readListQuery(request, url, fieldNames(rest === '/statuses' ? 'status' : 'type', list));
        if (query instanceof Response) return query;
        return listAnswer<{ id: number }>(list, query, url, state.containsMode);
      }
      const byId = /^\/(\d+)$/.exec(rest);
      if (byId) {
        const company = state.data.companies.find((candidate) => candidate.id === Number(byId[1]));
        return company ? json(company) : error(404, 'NotFound', 'Company not found');
      }
      const query = readListQuery(
        request,
        url,
        fieldNames('company', state.data.companies),
        state.changedField,
      );
      if (query instanceof Response) return query;
      if (rest === '/count') {
        return json({
          count: state.data.companies.filter((c) => matchesBoth(c, query, state.containsMode)).length,
        });
      }
      if (rest === '') return listAnswer<CwCompany>(state.data.companies, query, url, state.containsMode);
    }
    if (resource.startsWith('company/contacts')) {
      if (!state.permissions.contacts) return denied('contacts');
      const rest = resource.slice('company/contacts'.length);
      const byId = /^\/(\d+)$/.exec(rest);
      if (byId) {
        const contact = state.data.contacts.find((candidate) => candidate.id === Number(byId[1]));
        return contact ? json(contact) : error(404, 'NotFound', 'Contact not found');
      }
      const query = readListQuery(
        request,
        url,
        fieldNames('contact', state.data.contacts),
        state.changedField,
      );
      if (query instanceof Response) return query;
      const companyId = companyIdOf(query.condition);
      const records = companyId === undefined ? state.data.contacts : contactsOf(companyId);
      if (rest === '/count')
        return json({ count: records.filter((c) => matchesBoth(c, query, state.containsMode)).length });
      if (rest === '') return listAnswer<CwContact>(records, query, url, state.containsMode);
    }
    return error(404, 'NotFound', 'Resource URL not found');
  };
}

function matchesBoth(record: unknown, query: ListQuery, containsMode: ContainsMode): boolean {
  return (
    (query.condition === undefined || evaluateCondition(query.condition, record, containsMode)) &&
    (query.child === undefined || evaluateCondition(query.child, record, containsMode))
  );
}
