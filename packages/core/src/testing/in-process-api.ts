import type { FaultQueue } from './simulator/faults.js';
import { json } from './simulator/json-response.js';
import { createSimulatorHost } from './simulator/simulator-host.js';

/** A request as an in-process route sees it. */
export interface ApiRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** The full URL, with its query. */
  readonly url: URL;
  /** Request headers. */
  readonly headers: Headers;
  /** Values of the route's `:name` parameters, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The body parsed as JSON (text when it is not JSON, `undefined` when empty). */
  readonly body: unknown;
}

/** One route of an in-process API. */
export interface ApiRoute {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Path pattern with `:name` parameters, like `/companies/:id`. */
  readonly path: string;
  /** Answers the request. */
  readonly handle: (request: ApiRequest) => Response | Promise<Response>;
}

/** Counters an in-process API keeps, for tests that assert request counts. */
export interface ApiStats {
  /** Requests received, faults included. */
  requests: number;
  /** Requests refused for their credentials. */
  authFailures: number;
  /** Requests that would have changed data (always 0 for a PSA: SPEC I5). */
  writes: number;
}

/** An in-process HTTP API served through a `fetch` function. */
export interface InProcessApi {
  /** A `fetch` that answers from the routes without any socket. */
  readonly fetch: typeof fetch;
  /** Faults for the next requests. */
  readonly faults: FaultQueue;
  /** Request counters. */
  readonly stats: ApiStats;
}

/**
 * Builds an {@link InProcessApi} from routes; `authorize` returns an error response to refuse a
 * request. Faults go through the same {@link createSimulatorHost} as the vendor simulators.
 */
export function createInProcessApi(
  routes: readonly ApiRoute[],
  authorize: (request: ApiRequest) => Response | undefined,
): InProcessApi {
  const stats: ApiStats = { requests: 0, authFailures: 0, writes: 0 };
  const compiled = routes.map((route) => ({ route, ...compile(route.path) }));

  const route = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = await request.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    for (const { route: candidate, regex, names } of compiled) {
      if (candidate.method !== request.method) continue;
      const match = regex.exec(url.pathname);
      if (!match) continue;
      const params = Object.fromEntries(
        names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
      );
      const apiRequest: ApiRequest = { method: request.method, url, headers: request.headers, params, body };
      const refused = authorize(apiRequest);
      if (refused) {
        if (refused.status === 401) stats.authFailures += 1;
        return refused;
      }
      if (request.method !== 'GET') stats.writes += 1;
      return candidate.handle(apiRequest);
    }
    return json({ message: `no route for ${request.method} ${url.pathname}` }, 404);
  };
  const host = createSimulatorHost(route);

  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    stats.requests += 1;
    const response = await host.handle(input instanceof Request ? input : new Request(input, init));
    if (response.type === 'error')
      throw new TypeError('fetch failed', { cause: new Error('socket hang up (simulated)') });
    return response;
  };

  return { fetch: fetchImpl as typeof fetch, faults: host.faults, stats };
}

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${source}$`), names };
}
