import { type ContainsMode, createGroupIndex, json, vendorContains } from '@psa-bridge/core/testing';
import type { HaloClientRecord, HaloData, HaloUserRecord } from './halo-data.js';

/** What the Halo simulator's routes read and change. */
export interface HaloServerState {
  /** The data served. */
  readonly data: HaloData;
  /** The API application's client id. */
  clientId: string;
  /** Its client secret. */
  clientSecret: string;
  /** Scopes the application may ask for (`all` covers every one). */
  grantedScopes: string[];
  /** A hosted instance's tenant: the token endpoint then needs `?tenant=` with it. */
  tenant: string | undefined;
  /** Whether `/api/authinfo` answers (on-premise instances may not have it: the client falls back to `/auth/token`). */
  authInfo: boolean;
  /** What the application may read. */
  readonly permissions: { clients: boolean; users: boolean };
  /** Access tokens handed out, with when each expires (ms). */
  readonly tokens: Map<string, number>;
  /** Lifetime of a token, in seconds. */
  tokenTtlSeconds: number;
  /** Token requests answered, good or bad. */
  tokenRequests: number;
  /** The rolling-window limit, or `undefined` for none (on-premise). */
  rateLimit: { readonly requests: number; readonly windowMs: number } | undefined;
  /** `Retry-After` seconds sent with a 429; Halo's is unconfirmed, so none by default. */
  retryAfterSeconds: number | undefined;
  /** When each request of the window arrived. */
  readonly requestTimes: number[];
  /** How `search` reads `%`, `_` and `[…]` (unconfirmed). */
  containsMode: ContainsMode;
  /** Whether `search` also matches the website (unconfirmed: Halo does not say what it searches). */
  searchAlsoMatchesWebsite: boolean;
  /** Current time in ms. */
  readonly now: () => number;
  /** Counts a request refused for its credentials. */
  onAuthFailure(): void;
  /** Makes a token. */
  nextToken(): string;
}

/** The hosted rate limit's answer, word for word as public clients report it. */
export const RATE_LIMIT_TEXT = 'Rate Limit Reached - 300 Requests per rolling 5 minute window';

const message = (status: number, text: string): Response =>
  json({ ClassName: 'HaloException', Message: text }, status);
const oauthError = (status: number, error: string, description: string): Response =>
  json({ error, error_description: description }, status);

/** Reads query parameters without regard to letter case, as ASP.NET binds them. */
function queryOf(url: URL): (name: string) => string | undefined {
  const values = new Map<string, string>();
  for (const [key, value] of url.searchParams) values.set(key.toLowerCase(), value);
  return (name) => values.get(name.toLowerCase());
}

/** A boolean query parameter: `true`/`false` (any case), else the default; anything else is a 400. */
function flag(value: string | undefined, fallback: boolean): boolean | Response {
  if (value === undefined) return fallback;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  return message(400, `The value '${value}' is not valid for Boolean.`);
}

/** A positive whole-number query parameter, else a 400. */
function positive(value: string | undefined, fallback: number, name: string): number | Response {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    return message(400, `The value '${value}' is not valid for ${name}.`);
  return Number(value);
}

/** The Halo simulator's request handling. */
export function createHaloRoutes(state: HaloServerState): (request: Request) => Promise<Response> {
  // Grouped again whenever the list is replaced (as the other simulators do).
  const users = createGroupIndex<HaloUserRecord, number>(
    () => state.data.users,
    (user) => user.client_id,
  );

  const overLimit = (): Response | undefined => {
    const limit = state.rateLimit;
    if (!limit) return undefined;
    const now = state.now();
    while (state.requestTimes.length > 0 && (state.requestTimes[0] ?? 0) <= now - limit.windowMs)
      state.requestTimes.shift();
    if (state.requestTimes.length >= limit.requests) {
      return new Response(RATE_LIMIT_TEXT, {
        status: 429,
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          ...(state.retryAfterSeconds === undefined
            ? {}
            : { 'retry-after': String(state.retryAfterSeconds) }),
        },
      });
    }
    state.requestTimes.push(now);
    return undefined;
  };

  const token = async (request: Request, url: URL): Promise<Response> => {
    state.tokenRequests += 1;
    if (!/application\/x-www-form-urlencoded/i.test(request.headers.get('content-type') ?? '')) {
      return oauthError(400, 'invalid_request', 'The request must be form-encoded');
    }
    const form = new URLSearchParams(await request.text());
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'Only client_credentials is supported here');
    }
    if (state.tenant !== undefined && queryOf(url)('tenant') !== state.tenant) {
      state.onAuthFailure();
      return oauthError(400, 'invalid_request', 'Unknown tenant');
    }
    if (form.get('client_id') !== state.clientId || form.get('client_secret') !== state.clientSecret) {
      state.onAuthFailure();
      return oauthError(401, 'invalid_client', 'Invalid client');
    }
    const asked = (form.get('scope') ?? 'all').split(' ').filter(Boolean);
    if (
      !state.grantedScopes.includes('all') &&
      !asked.every((scope) => state.grantedScopes.includes(scope))
    ) {
      return oauthError(400, 'invalid_scope', 'The application may not use this scope');
    }
    const value = state.nextToken();
    state.tokens.set(value, state.now() + state.tokenTtlSeconds * 1000);
    return json({
      access_token: value,
      token_type: 'Bearer',
      expires_in: state.tokenTtlSeconds,
      scope: asked.join(' '),
    });
  };

  const authorized = (request: Request): boolean => {
    const value = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    const expiresAt = value === undefined ? undefined : state.tokens.get(value);
    return expiresAt !== undefined && state.now() < expiresAt;
  };

  /** Applies a listing's filters and paging; `key` names the array in the answer. */
  const page = <T extends { id: number; name: string }>(
    records: readonly T[],
    query: (name: string) => string | undefined,
    key: 'clients' | 'users',
    matches: (record: T, fragment: string) => boolean,
    active: (record: T) => boolean,
  ): Response => {
    const includeActive = flag(query('includeactive'), true);
    const includeInactive = flag(query('includeinactive'), false);
    const paginate = flag(query('pageinate'), false);
    const pageSize = positive(query('page_size'), 50, 'page_size');
    const pageNo = positive(query('page_no'), 1, 'page_no');
    for (const value of [includeActive, includeInactive, paginate, pageSize, pageNo]) {
      if (value instanceof Response) return value;
    }
    const search = query('search');
    const order = query('order')?.toLowerCase() ?? 'name';
    if (order !== 'name' && order !== 'id') return message(400, `Cannot order by '${query('order')}'.`);
    const selected = records.filter(
      (record) =>
        (active(record) ? includeActive === true : includeInactive === true) &&
        (search === undefined || search === '' || matches(record, search)),
    );
    const sorted = [...selected].sort((a, b) =>
      order === 'id' ? a.id - b.id : a.name.localeCompare(b.name) || a.id - b.id,
    );
    if (query('orderdesc') && flag(query('orderdesc'), false) === true) sorted.reverse();
    const size = pageSize as number;
    const items =
      paginate === true ? sorted.slice(((pageNo as number) - 1) * size, (pageNo as number) * size) : sorted;
    return json({ record_count: sorted.length, [key]: items });
  };

  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, '').toLowerCase();
    const limited = overLimit();
    if (limited) return limited;
    if (request.method === 'GET' && path === '/api/authinfo') {
      if (!state.authInfo) return new Response('Not Found', { status: 404 });
      return json({
        auth_url: `${url.origin}/auth`,
        ...(state.tenant === undefined ? {} : { tenant_id: state.tenant }),
      });
    }
    if (path === '/auth/token') {
      return request.method === 'POST'
        ? token(request, url)
        : message(405, 'The requested resource does not support GET.');
    }
    if (!path.startsWith('/api/')) return new Response('Not Found', { status: 404 });
    if (!authorized(request)) {
      state.onAuthFailure();
      return json({ Message: 'Authorization has been denied for this request.' }, 401);
    }
    if (request.method !== 'GET')
      return message(405, `The requested resource does not support ${request.method}.`);
    const query = queryOf(url);
    if (path === '/api/client') {
      if (!state.permissions.clients) return message(403, 'You do not have permission to view Customers');
      const topLevel = query('toplevel_id');
      if (topLevel !== undefined && !/^\d+$/.test(topLevel)) {
        return message(400, `The value '${topLevel}' is not valid for toplevel_id.`);
      }
      const clients =
        topLevel === undefined
          ? state.data.clients
          : state.data.clients.filter((client) => client.toplevel_id === Number(topLevel));
      return page<HaloClientRecord>(
        clients,
        query,
        'clients',
        (client, fragment) =>
          vendorContains(client.name, fragment, state.containsMode) ||
          (state.searchAlsoMatchesWebsite &&
            vendorContains(client.website ?? '', fragment, state.containsMode)),
        (client) => !client.inactive,
      );
    }
    const single = /^\/api\/client\/(\d{1,12})$/.exec(path);
    if (single) {
      if (!state.permissions.clients) return message(403, 'You do not have permission to view Customers');
      const client = state.data.clients.find((candidate) => candidate.id === Number(single[1]));
      return client ? json(client) : message(404, 'Customer not found');
    }
    if (path === '/api/users') {
      if (!state.permissions.users) return message(403, 'You do not have permission to view Users');
      const clientId = query('client_id');
      if (clientId !== undefined && !/^\d+$/.test(clientId)) {
        return message(400, `The value '${clientId}' is not valid for client_id.`);
      }
      const records = clientId === undefined ? state.data.users : users(Number(clientId));
      return page<HaloUserRecord>(
        records,
        query,
        'users',
        (user, fragment) =>
          vendorContains(user.name, fragment, state.containsMode) ||
          vendorContains(user.emailaddress ?? '', fragment, state.containsMode),
        (user) => !user.inactive,
      );
    }
    return message(404, 'No HTTP resource was found that matches the request URI.');
  };
}
