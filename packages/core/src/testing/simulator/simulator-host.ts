import { createFaultQueue, type Fault, type FaultQueue, type RandomFaults, seededRandom } from './faults.js';
import { json } from './json-response.js';

/** Answers one request of a simulated vendor API. */
export type SimulatorRoute = (request: Request) => Promise<Response>;

/** A rate limit the simulator enforces, as the vendor does. */
export interface SimulatedRateLimit {
  /** Most requests accepted in any one-second window; more answer 429. */
  readonly perSecond: number;
  /** `Retry-After` seconds to send with the 429; absent sends none (GoTo sends none). */
  readonly retryAfterSeconds?: number;
  /** Body of the 429. */
  readonly body?: unknown;
  /** Only requests whose path this matches count and are limited. @default every request */
  readonly path?: RegExp;
}

/** Options of {@link createSimulatorHost}. */
export interface SimulatorHostOptions {
  /** Added latency of every answer, in milliseconds. @default 0 */
  latencyMs?: number;
  /** A rate limit per second. @default none */
  rateLimit?: SimulatedRateLimit | undefined;
  /** Faults on a random share of requests. @default none */
  randomFaults?: RandomFaults | undefined;
  /** What a fault of kind `status` sends as its body by default. */
  readonly faultBody?: (status: number) => unknown;
}

/** Counters a simulator keeps, for tests and benchmarks. */
export interface SimulatorStats {
  /** Requests received, faults included. */
  requests: number;
  /** Requests per method, like `{ GET: 10, POST: 2 }`. */
  readonly byMethod: Record<string, number>;
  /** Requests that got an injected fault or hit the rate limit. */
  faulted: number;
  /** Requests refused for their credentials. */
  authFailures: number;
  /** Requests per route, like `{ "GET /v2025_1/apis/3.0/company/companies": 3 }`, ids as `:id`. */
  readonly byRoute: Record<string, number>;
  /**
   * With a rate limit set: the most requests on its path that arrived within any one second,
   * refused ones included. Above the limit means some client sent faster than the vendor allows.
   */
  busiestSecond: number;
}

/** A simulator's request handling with its fault switches. */
export interface SimulatorHost {
  /** Handles a request: applies faults, latency and the rate limit, then the route. */
  handle(request: Request): Promise<Response>;
  /** Faults for the next requests. */
  readonly faults: FaultQueue;
  /** Latency, rate limit and random faults; change them at any time. */
  readonly settings: SimulatorHostOptions;
  /** Counters. */
  readonly stats: SimulatorStats;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wraps a simulator's route with the switches every simulator shares: queued faults (status,
 * malformed body, dropped connection, lost answer, delay), random faults from a seed, added
 * latency, and a per-second rate limit. A dropped connection is `Response.error()`, which msw
 * and the loopback server both turn into a network error.
 */
export function createSimulatorHost(
  route: SimulatorRoute,
  options: SimulatorHostOptions = {},
): SimulatorHost {
  const faults = createFaultQueue();
  const settings: SimulatorHostOptions = { ...options };
  const stats: SimulatorStats = {
    requests: 0,
    byMethod: {},
    faulted: 0,
    authFailures: 0,
    byRoute: {},
    busiestSecond: 0,
  };
  const window: number[] = [];
  /** Every arrival on the limited path in the last second, refused ones too. */
  const arrivals: number[] = [];
  let random: (() => number) | undefined;
  let randomSeed: number | undefined;

  const randomFault = (): Fault | undefined => {
    const config = settings.randomFaults;
    if (!config || config.faults.length === 0) return undefined;
    if (random === undefined || randomSeed !== config.seed) {
      random = seededRandom(config.seed);
      randomSeed = config.seed;
    }
    if (random() >= config.rate) return undefined;
    return config.faults[Math.floor(random() * config.faults.length)];
  };

  const overLimit = (request: Request): boolean => {
    const limit = settings.rateLimit;
    if (!limit) return false;
    if (limit.path && !limit.path.test(new URL(request.url).pathname)) return false;
    const now = Date.now();
    while (arrivals.length > 0 && (arrivals[0] ?? 0) <= now - 1000) arrivals.shift();
    arrivals.push(now);
    stats.busiestSecond = Math.max(stats.busiestSecond, arrivals.length);
    while (window.length > 0 && (window[0] ?? 0) <= now - 1000) window.shift();
    if (window.length >= limit.perSecond) return true;
    window.push(now);
    return false;
  };

  return {
    faults,
    settings,
    stats,
    async handle(request) {
      stats.requests += 1;
      stats.byMethod[request.method] = (stats.byMethod[request.method] ?? 0) + 1;
      const routeKey = `${request.method} ${new URL(request.url).pathname.replace(/\/\d+(?=\/|$)/g, '/:id')}`;
      stats.byRoute[routeKey] = (stats.byRoute[routeKey] ?? 0) + 1;
      // The limit counts a request when it arrives, as a vendor's edge does; the latency is the
      // time it then takes to answer (a timer that fires late must not bunch arrivals up).
      const limited = overLimit(request);
      if (settings.latencyMs) await sleep(settings.latencyMs);
      if (limited) {
        stats.faulted += 1;
        const limit = settings.rateLimit;
        const headers: Record<string, string> =
          limit?.retryAfterSeconds === undefined ? {} : { 'retry-after': String(limit.retryAfterSeconds) };
        return json(limit?.body ?? { message: 'rate limit exceeded' }, 429, headers);
      }
      const fault = faults.take(request) ?? randomFault();
      if (fault) stats.faulted += 1;
      switch (fault?.kind) {
        case 'network':
          return Response.error();
        case 'status': {
          const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
          const body = fault.body ??
            settings.faultBody?.(fault.status) ?? { message: `simulated status ${fault.status}` };
          return json(body, fault.status, headers);
        }
        case 'delay':
          await sleep(fault.ms);
          return route(request);
        case 'lost-answer': {
          const answer = await route(request);
          await answer.arrayBuffer();
          return Response.error();
        }
        case 'malformed':
          return malform(await route(request));
        default:
          return route(request);
      }
    },
  };
}

/** The answer with every text field replaced by a number: no vendor schema accepts it. */
async function malform(response: Response): Promise<Response> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new Response(`${text}<not json>`, { status: response.status, headers: response.headers });
  }
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return 12345;
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, visit(inner)]));
    }
    return value;
  };
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(visit(body)), { status: response.status, headers });
}
