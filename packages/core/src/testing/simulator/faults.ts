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
      /** Answer 200 with a body whose first text field is replaced by a number. */
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

/** Faults waiting for the next requests, consumed one per request. */
export interface FaultQueue {
  /** Queues `fault` for the next `times` requests. */
  push(fault: Fault, times?: number): void;
  /** Takes the fault for the request now arriving, if any. */
  take(): Fault | undefined;
  /** Drops every queued fault. */
  clear(): void;
  /** Faults still queued. */
  readonly pending: number;
}

/** An empty {@link FaultQueue}. */
export function createFaultQueue(): FaultQueue {
  const queue: Fault[] = [];
  return {
    push(fault, times = 1) {
      for (let i = 0; i < times; i += 1) queue.push(fault);
    },
    take: () => queue.shift(),
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
