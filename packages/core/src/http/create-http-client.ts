import ky from 'ky';
import pRetry from 'p-retry';
import type { z } from 'zod';
import type { ErrorCode } from '../errors/error-code.js';
import { isPsaBridgeError } from '../errors/guards.js';
import { HttpError } from '../errors/http-error.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { ResponseShapeError } from '../errors/response-shape-error.js';
import { createRedactor } from '../secrets/redactor.js';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { buildUrl, type QueryParams } from './build-url.js';
import { abortedError, type Clock, systemClock, throwIfAborted } from './clock.js';
import type { HttpHooks } from './http-events.js';
import { createPacer, type PacingOptions } from './pacer.js';
import { parseResponse } from './parse-response.js';
import { parseRetryAfter } from './retry-after.js';
import { extractVendorMessage } from './vendor-message.js';

/** HTTP methods the transport sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What the transport knows about a failed answer, for a vendor-specific {@link HttpClientOptions.interpretError}. */
export interface HttpFailure {
  /** HTTP status. */
  readonly status: number;
  /** The body, parsed as JSON when it was JSON, else text. */
  readonly body: unknown;
  /** Response headers. */
  readonly headers: Headers;
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Redacted URL. */
  readonly url: string;
}

/** A vendor-specific reading of a failed answer; every field is optional. */
export interface FailureInterpretation {
  /** Error code to use instead of the one the status implies. */
  readonly code?: ErrorCode;
  /** Message to use instead of the one found in the body (it is redacted too). */
  readonly message?: string;
  /** Treat the failure as a rate limit and retry it, whatever the status. */
  readonly retry?: boolean;
}

/** Retry policy. */
export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt. @default 4 */
  readonly retries: number;
  /** A vendor asking to wait longer than this fails at once with `RATE_LIMITED`. @default 120000 */
  readonly maxRetryAfterMs: number;
}

/** Options of {@link createHttpClient}. One client per vendor connection; nothing is shared between clients. */
export interface HttpClientOptions {
  /** Vendor name used in messages, like `ConnectWise`. */
  readonly service: string;
  /** Base URL that relative request paths are joined to. */
  readonly baseUrl?: string;
  /** Headers sent on every request. Put secrets in {@link HttpClientOptions.authorize}, not here. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Supplies the authentication headers for each attempt (called again on every retry). */
  readonly authorize?: (signal: AbortSignal | undefined) => Promise<Readonly<Record<string, string>>>;
  /**
   * Called once per request on a 401, with the authentication headers that request carried;
   * resolve `true` after renewing credentials (for example an OAuth refresh) to send the request
   * again at once. Compare the headers with the current credentials to renew only once when
   * several requests fail together.
   */
  readonly onUnauthorized?: (
    signal: AbortSignal | undefined,
    sentHeaders: Readonly<Record<string, string>>,
  ) => Promise<boolean>;
  /** The secret values to keep out of every error and event (read on each use). */
  readonly secrets?: () => Iterable<string>;
  /** Time limit of one attempt, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Retry policy. @default retries 4, backoff 500 ms doubling up to 30 s with jitter */
  readonly retry?: Partial<RetryOptions>;
  /** Client-side pacing from the vendor's published limits. @default none */
  readonly pacing?: PacingOptions;
  /** Key for {@link PacingOptions.maxConcurrentPerKey}. @default the URL path */
  readonly concurrencyKey?: (url: URL, method: HttpMethod) => string;
  /** Vendor-specific reading of failures (auth errors sent as 500, throttling errors sent as 500). */
  readonly interpretError?: (failure: HttpFailure) => FailureInterpretation | undefined;
  /** `fetch` to use, for tests and proxies. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Clock for waits and `Retry-After` dates. @default systemClock */
  readonly clock?: Clock;
  /** Logging and metrics hooks (secret-free events). */
  readonly hooks?: HttpHooks;
  /** Parses response bodies; a vendor whose numbers exceed 2^53 passes a lossless parser. @default JSON.parse */
  readonly parseJson?: (text: string) => unknown;
}

/** One request. */
export interface HttpRequest<T> {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Path joined to the base URL, or an absolute URL. */
  readonly path: string;
  /** Query parameters, encoded with `%20` for spaces. */
  readonly query?: QueryParams;
  /** A JSON body. */
  readonly json?: unknown;
  /** A form body (`application/x-www-form-urlencoded`). */
  readonly form?: Readonly<Record<string, string>>;
  /** Extra headers for this request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Schema of a successful answer's body; without one the body is returned as `unknown`. */
  readonly schema?: z.ZodType<T>;
  /** Whether repeating the request is harmless, so network errors and timeouts may be retried. @default true for GET, PUT, DELETE */
  readonly idempotent?: boolean;
  /** Statuses returned to the caller (with `data` undefined) instead of thrown, like `[404]`. */
  readonly acceptStatus?: readonly number[];
  /** Send the authentication headers. @default true */
  readonly authenticate?: boolean;
  /** Aborts waiting and the request in flight. */
  readonly signal?: AbortSignal | undefined;
}

/** An answer. `data` is undefined for a status listed in {@link HttpRequest.acceptStatus}. */
export interface HttpResponse<T> {
  /** HTTP status. */
  readonly status: number;
  /** Response headers. */
  readonly headers: Headers;
  /** The parsed body. */
  readonly data: T;
  /** The URL that was called (not redacted; do not log it). */
  readonly url: string;
}

/** The transport every adapter uses: retries, pacing, timeouts, redaction and parsing in one place. */
export interface HttpClient {
  /** Sends `request` with retries and pacing; throws only {@link PsaBridgeError}s. */
  request<T = unknown>(request: HttpRequest<T>): Promise<HttpResponse<T>>;
  /** Removes known secrets from `text` (for adapter messages). */
  redact(text: string): string;
}

const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);
const STATUS_CODES: ReadonlyMap<number, ErrorCode> = new Map([
  [400, 'VALIDATION'],
  [401, 'AUTHENTICATION'],
  [403, 'PERMISSION'],
  [404, 'NOT_FOUND'],
  [409, 'CONFLICT'],
  [422, 'VALIDATION'],
  [429, 'RATE_LIMITED'],
]);

/** Thrown inside an attempt after a successful credential renewal: send again at once. */
class RenewedCredentials extends Error {}

/**
 * Creates the HTTP transport for one vendor client: ky for requests and timeouts (its own retry
 * off), p-retry for the retry policy, `Retry-After` in seconds or as a date, exponential backoff
 * with jitter otherwise, pacing per client, zod parsing into {@link ResponseShapeError}, and
 * redaction of every secret before anything is stored on an error.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const clock = options.clock ?? systemClock;
  const retry: RetryOptions = { ...DEFAULT_BACKOFF, retries: 4, maxRetryAfterMs: 120_000, ...options.retry };
  const pacer = createPacer(options.pacing ?? {}, clock);
  const redactor = createRedactor(options.secrets);
  const timeout = options.timeoutMs ?? 30_000;
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const keyOf = options.concurrencyKey ?? ((url: URL) => url.pathname);
  const parseJson = options.parseJson ?? JSON.parse;

  const emit = <E>(hook: ((event: E) => void) | undefined, event: E): void => {
    try {
      hook?.(event);
    } catch {
      // A logging hook must never break a request.
    }
  };

  const failureError = async (
    response: Response,
    method: HttpMethod,
    url: string,
  ): Promise<PsaBridgeError> => {
    const text = await response.text().catch(() => '');
    const body = parseBody(text);
    const interpretation = options.interpretError?.({
      status: response.status,
      body,
      headers: response.headers,
      method,
      url,
    });
    const rawMessage = interpretation?.message ?? extractVendorMessage(body);
    const vendorMessage = rawMessage === undefined ? undefined : redactor.text(rawMessage);
    const request = { method, url, status: response.status, ...(vendorMessage ? { vendorMessage } : {}) };
    if (response.status === 429 || interpretation?.retry) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now());
      return new RateLimitError(request, retryAfterMs);
    }
    const code =
      interpretation?.code ??
      STATUS_CODES.get(response.status) ??
      (response.status >= 500 ? 'UPSTREAM' : 'VALIDATION');
    return new HttpError(code, request);
  };

  const attempt = async <T>(request: HttpRequest<T>, url: string, safeUrl: string, number: number) => {
    throwIfAborted(request.signal);
    const auth =
      (request.authenticate === false ? undefined : await options.authorize?.(request.signal)) ?? {};
    const headers: Record<string, string> = { ...options.headers, ...request.headers, ...auth };
    let body: string | undefined;
    if (request.form) {
      body = new URLSearchParams(request.form as Record<string, string>).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    emit(options.hooks?.onRequest, { method: request.method, url: safeUrl, attempt: number });
    const started = clock.now();
    let response: Response;
    try {
      response = await ky(url, {
        method: request.method,
        headers,
        ...(request.json === undefined ? {} : { json: request.json }),
        ...(body === undefined ? {} : { body }),
        retry: 0,
        timeout,
        throwHttpErrors: false,
        fetch: fetchImpl,
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (error) {
      emit(options.hooks?.onResponse, {
        method: request.method,
        url: safeUrl,
        attempt: number,
        status: undefined,
        durationMs: clock.now() - started,
      });
      throw transportError(error, request, safeUrl);
    }
    emit(options.hooks?.onResponse, {
      method: request.method,
      url: safeUrl,
      attempt: number,
      status: response.status,
      durationMs: clock.now() - started,
    });
    return { response, auth };
  };

  const transportError = (error: unknown, request: HttpRequest<unknown>, safeUrl: string): PsaBridgeError => {
    if (request.signal?.aborted) return abortedError(request.signal);
    const what = `${request.method} ${safeUrl}`;
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError') {
      return new PsaBridgeError('TIMEOUT', `${what} gave no answer within ${timeout} ms`, {
        details: { method: request.method, url: safeUrl, timeoutMs: timeout },
      });
    }
    // fetch's own "fetch failed" TypeError carries the socket error as its cause; both are free of
    // headers. A ky error is never kept as a cause: it holds the request with its headers.
    const cause = error instanceof Error && name !== 'HTTPError' ? (error.cause ?? error) : undefined;
    const reason = cause instanceof Error ? redactor.text(cause.message) : 'connection failed';
    return new PsaBridgeError('NETWORK', `${what} failed: ${reason}`, {
      cause,
      details: { method: request.method, url: safeUrl },
    });
  };

  const retryDelay = (error: unknown, retryNumber: number, idempotent: boolean): number | undefined => {
    if (!isPsaBridgeError(error)) return undefined;
    switch (error.code) {
      case 'RATE_LIMITED': {
        const advertised = (error as RateLimitError).retryAfterMs;
        if (advertised !== undefined) return advertised <= retry.maxRetryAfterMs ? advertised : undefined;
        return backoffDelay(retryNumber, retry);
      }
      case 'UPSTREAM':
        return backoffDelay(retryNumber, retry);
      case 'NETWORK':
      case 'TIMEOUT':
        return idempotent ? backoffDelay(retryNumber, retry) : undefined;
      default:
        return undefined;
    }
  };

  async function request<T>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
    const url = buildUrl(options.baseUrl, request.path, request.query);
    const safeUrl = redactor.url(url);
    const what = `${options.service} ${request.method} ${safeUrl}`;
    const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(request.method);
    const key = keyOf(new URL(url), request.method);
    let renewed = false;

    const once = async (number: number): Promise<HttpResponse<T>> => {
      const { response, auth } = await pacer.schedule(
        key,
        () => attempt(request, url, safeUrl, number),
        request.signal,
      );
      if (response.status === 401 && !renewed && request.authenticate !== false && options.onUnauthorized) {
        renewed = true;
        if (await options.onUnauthorized(request.signal, auth)) {
          await discard(response);
          throw new RenewedCredentials();
        }
        throw await failureError(response, request.method, safeUrl);
      }
      if (!response.ok && !request.acceptStatus?.includes(response.status)) {
        throw await failureError(response, request.method, safeUrl);
      }
      if (!response.ok) {
        await discard(response);
        return { status: response.status, headers: response.headers, data: undefined as T, url };
      }
      const text = await response.text();
      let payload: unknown;
      try {
        payload = text === '' ? undefined : parseJson(text);
      } catch {
        throw new ResponseShapeError(what, [{ path: '(root)', message: 'the body is not valid JSON' }]);
      }
      const data = request.schema ? parseResponse(request.schema, payload, what) : (payload as T);
      return { status: response.status, headers: response.headers, data, url };
    };

    let retriesUsed = 0;
    try {
      return await pRetry(once, {
        retries: retry.retries + 1, // +1 leaves room for one credential renewal, which consumes none
        minTimeout: 0,
        factor: 1,
        shouldConsumeRetry: ({ error }) => !(error instanceof RenewedCredentials),
        shouldRetry: async ({ error }) => {
          if (error instanceof RenewedCredentials) return true;
          if (retriesUsed >= retry.retries) return false;
          const delay = retryDelay(error, retriesUsed + 1, idempotent);
          if (delay === undefined) return false;
          retriesUsed += 1;
          emit(options.hooks?.onRetry, {
            method: request.method,
            url: safeUrl,
            attempt: retriesUsed,
            delayMs: delay,
            reason: isPsaBridgeError(error) ? error.code : 'UNKNOWN',
          });
          await clock.sleep(delay, request.signal);
          return true;
        },
      });
    } catch (error) {
      if (isPsaBridgeError(error)) throw error;
      if (error instanceof RenewedCredentials) {
        throw new PsaBridgeError('AUTHENTICATION', `${what} was refused after renewing credentials`);
      }
      throw transportError(error, request, safeUrl);
    }
  }

  return { request, redact: (text) => redactor.text(text) };
}

/** Reads and drops a body so the connection can be reused (error bodies are small). */
async function discard(response: Response): Promise<void> {
  await response.text().catch(() => undefined);
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
