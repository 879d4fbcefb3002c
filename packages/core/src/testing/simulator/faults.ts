/** A fault a simulator injects into the next request(s). */
export type Fault =
  | {
      /** Answer with this status without doing anything (429, 500, 503, …). */
      readonly kind: 'status';
      /** The HTTP status to answer with. */
      readonly status: number;
      /** `Retry-After` header to send, in seconds or as an HTTP date. */
      readonly retryAfter?: string;
      /** Body to send, as JSON. @default a vendor-neutral message */
      readonly body?: unknown;
    }
  | {
      /** Answer 200 with a body whose text fields are all replaced by numbers. */
      readonly kind: 'malformed';
    }
  | {
      /** Drop the connection before doing anything. */
      readonly kind: 'network';
    }
  | {
      /** Do the work (a create really happens), then drop the connection: the answer is lost. */
      readonly kind: 'lost-answer';
    }
  | {
      /** Answer after this many milliseconds (use it to trigger client timeouts). */
      readonly kind: 'delay';
      /** Milliseconds to wait before answering. */
      readonly ms: number;
    };

/** Which requests a queued fault applies to; absent fields match anything. */
export interface FaultTarget {
  /** HTTP method, like `POST`. */
  readonly method?: string;
  /** A test on the URL's path, like `/users$/`. */
  readonly path?: RegExp;
}

/** Faults waiting for the next requests, consumed one per matching request. */
export interface FaultQueue {
  /** Queues `fault` for the next `times` requests that match `target` (any request without one). */
  push(fault: Fault, times?: number, target?: FaultTarget): void;
  /** Takes the first queued fault that applies to `request`, if any. */
  take(request: Request): Fault | undefined;
  /** Drops every queued fault. */
  clear(): void;
  /** Faults still queued. */
  readonly pending: number;
}

/** An empty {@link FaultQueue}. */
export function createFaultQueue(): FaultQueue {
  const queue: Array<{ fault: Fault; target: FaultTarget | undefined }> = [];
  const applies = (target: FaultTarget | undefined, request: Request): boolean =>
    !target ||
    ((target.method === undefined || target.method === request.method) &&
      (target.path === undefined || target.path.test(new URL(request.url).pathname)));
  return {
    push(fault, times = 1, target) {
      for (let i = 0; i < times; i += 1) queue.push({ fault, target });
    },
    take(request) {
      const index = queue.findIndex((entry) => applies(entry.target, request));
      return index < 0 ? undefined : queue.splice(index, 1)[0]?.fault;
    },
    clear() {
      queue.length = 0;
    },
    get pending() {
      return queue.length;
    },
  };
}

/**
 * Faults drawn at random on a share of requests, from a seeded generator so a test run is
 * repeatable: `{ rate: 0.2, seed: 7, faults: [{ kind: 'status', status: 503 }, { kind: 'network' }] }`.
 */
export interface RandomFaults {
  /** Share of requests that get a fault, 0 to 1. */
  readonly rate: number;
  /** Seed of the generator. */
  readonly seed: number;
  /** Faults to pick from, evenly. */
  readonly faults: readonly Fault[];
}

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same numbers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
