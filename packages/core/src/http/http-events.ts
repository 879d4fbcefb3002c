import type { RecordSkippedEvent } from './parse-records.js';

/** One outgoing request attempt, as hooks see it: no headers, no body, URL redacted. */
export interface HttpRequestEvent {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Redacted URL. */
  readonly url: string;
  /** 1 for the first try, 2 for the first retry, and so on. */
  readonly attempt: number;
}

/** A finished request attempt. */
export interface HttpResponseEvent extends HttpRequestEvent {
  /** HTTP status, or `undefined` when no answer came (network error, timeout). */
  readonly status: number | undefined;
  /** Time from sending to the answer's headers, in milliseconds. */
  readonly durationMs: number;
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
