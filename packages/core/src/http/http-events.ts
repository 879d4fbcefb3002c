import type { RecordSkippedEvent } from './parse-records.js';

/**
 * Who a request is for, so an app's logs and traces can tell partners and connections apart. The
 * bridge fills it in; every field is optional because an adapter can be used on its own.
 */
export interface EventContext {
  /** The provider's id (`connectwise`, `datto`) or `goto`. */
  readonly provider?: string | undefined;
  /** The saved connection the request is made for. */
  readonly connectionId?: string | undefined;
  /** The tenant (partner) of the stores, when the stores know it (`@psa-bridge/postgres`). */
  readonly tenant?: string | undefined;
  /** The SDK operation that made the request, like `psa.searchCompanies` or `goto.createUsers`. */
  readonly operation?: string | undefined;
  /** The id of the app's own request that made the call (`@psa-bridge/http` fills in its `x-request-id`). */
  readonly appRequestId?: string | undefined;
}

/** One outgoing request attempt, as hooks see it: no headers, no body, no query string. */
export interface HttpRequestEvent extends EventContext {
  /** The vendor, like `ConnectWise`, `Autotask` or `GoTo`. */
  readonly service: string;
  /** HTTP method, upper case. */
  readonly method: string;
  /** The URL's origin and path, redacted. */
  readonly url: string;
  /** 1 for the first try, 2 for the first retry, and so on. */
  readonly attempt: number;
  /** The SDK's id of this request, the same on every attempt, event and error of it. */
  readonly requestId: string;
}

/** A finished request attempt. */
export interface HttpResponseEvent extends HttpRequestEvent {
  /** HTTP status, or `undefined` when no answer came (network error, timeout). */
  readonly status: number | undefined;
  /** Time from sending to the answer's headers, in milliseconds. */
  readonly durationMs: number;
  /** The vendor's own id of the answer (`X-Request-Id` and the like), when it sent one. */
  readonly vendorRequestId?: string | undefined;
}

/** A retry about to wait. */
export interface HttpRetryEvent extends HttpRequestEvent {
  /** How long the client waits before the next attempt, in milliseconds. */
  readonly delayMs: number;
  /** Error code of the failed attempt (`RATE_LIMITED`, `UPSTREAM`, `NETWORK`, `TIMEOUT`). */
  readonly reason: string;
}

/**
 * Logging and metrics hooks. They receive redacted, secret-free events only; a hook that throws
 * is ignored, so logging can never break a request.
 */
export interface HttpHooks {
  /** Before each attempt is sent. */
  readonly onRequest?: (event: HttpRequestEvent) => void;
  /** After each attempt ends, with or without an answer. */
  readonly onResponse?: (event: HttpResponseEvent) => void;
  /** Before waiting to retry. */
  readonly onRetry?: (event: HttpRetryEvent) => void;
  /** A record of a page could not be read and was left out; the rest of the page was kept. */
  readonly onRecordSkipped?: (event: RecordSkippedEvent) => void;
}
