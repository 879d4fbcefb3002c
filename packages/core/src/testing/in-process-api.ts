/** A fault the in-process APIs inject into the next request(s). */
export type Fault =
  | {
      /** Answer with this status (429, 500, 503, …). */
      readonly kind: 'status';
      /** The HTTP status to answer with. */
      readonly status: number;
      /** `Retry-After` header to send, in seconds or as an HTTP date. */
      readonly retryAfter?: string;
    }
  | {
      /** Answer 200 with a body whose first text field is replaced by a number. */
      readonly kind: 'malformed';
    }
  | {
      /** Drop the connection before answering. */
      readonly kind: 'network';
    };

/** Faults waiting for the next requests, consumed one per request. */
export interface FaultQueue {
  /** Queues `fault` for the next `times` requests. */
  push(fault: Fault, times?: number): void;
  /** Drops every queued fault. */
  clear(): void;
  /** Faults still queued. */
  readonly pending: number;
}

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

/** JSON response helper. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Builds an {@link InProcessApi} from routes; `authorize` returns an error response to refuse a request. */
export function createInProcessApi(
  routes: readonly ApiRoute[],
  authorize: (request: ApiRequest) => Response | undefined,
): InProcessApi {
  const queue: Fault[] = [];
  const stats: ApiStats = { requests: 0, authFailures: 0, writes: 0 };
  const compiled = routes.map((route) => ({ route, ...compile(route.path) }));

  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    stats.requests += 1;
    const fault = queue.shift();
    if (fault?.kind === 'network') {
      throw new TypeError('fetch failed', { cause: new Error('socket hang up (injected)') });
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
      return json({ message: `injected status ${fault.status}` }, fault.status, headers);
    }
    const url = new URL(request.url);
    const text = await request.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    for (const { route, regex, names } of compiled) {
      if (route.method !== request.method) continue;
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
      const response = await route.handle(apiRequest);
      return fault?.kind === 'malformed' ? await malform(response) : response;
    }
    return json({ message: `no route for ${request.method} ${url.pathname}` }, 404);
  };

  return {
    fetch: fetchImpl as typeof fetch,
    faults: {
      push(fault, times = 1) {
        for (let i = 0; i < times; i += 1) queue.push(fault);
      },
      clear() {
        queue.length = 0;
      },
      get pending() {
        return queue.length;
      },
    },
    stats,
  };
}

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${source}$`), names };
}

async function malform(response: Response): Promise<Response> {
  const body: unknown = await response.json();
  let done = false;
  const visit = (value: unknown): unknown => {
    if (done) return value;
    if (typeof value === 'string') {
      done = true;
      return 12345;
    }
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, visit(inner)]));
    }
    return value;
  };
  return json(visit(body), response.status);
}
