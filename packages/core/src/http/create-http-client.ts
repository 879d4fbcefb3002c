import ky from 'ky';
import pRetry from 'p-retry';
import type { z } from 'zod';
import type { CallRetryOptions } from '../contracts/call-options.js';
import type { SharedRateLimit } from '../contracts/rate-limiter.js';
import { withAdvice } from '../errors/advice.js';
import type { ErrorCode } from '../errors/error-code.js';
import { isHttpError, isPsaBridgeError } from '../errors/guards.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import type { RateLimitError } from '../errors/rate-limit-error.js';
import { ResponseShapeError } from '../errors/response-shape-error.js';
import { summarizeCause } from '../errors/safe-cause.js';
import { createRedactor } from '../secrets/redactor.js';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { buildUrl, type QueryParams } from './build-url.js';
import { abortedError, type Clock, systemClock, throwIfAborted } from './clock.js';
import { failureError, redirectError } from './failure-error.js';
import { unsafeHeaderNames } from './header-safety.js';
import type { EventContext, HttpHooks, HttpRequestEvent } from './http-events.js';
import { parseAbsoluteUrl, unsafeUrlReason } from './origin-policy.js';
import { createPacer, type PacingOptions } from './pacer.js';
import { parseResponse } from './parse-response.js';
import { newRequestId, tagRequestIds, vendorRequestId } from './request-id.js';
import { userAgent } from './user-agent.js';

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
  /** The vendor's own error code, kept on the error as `vendorCode` (it is redacted too). */
  readonly vendorCode?: string;
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
  /**
   * Where users read how to set up this vendor's credentials and permissions (a path of the
   * project's docs, or a URL): `AUTHENTICATION` and `PERMISSION` errors point there in `docs`.
   */
  readonly guide?: string;
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
  /**
   * Whether credentials (the headers from {@link HttpClientOptions.authorize}) may go to `url`
   * (SPEC C8). A request to any other origin is refused before anything is sent.
   * @default the origin of {@link HttpClientOptions.baseUrl}; any origin when there is none
   */
  readonly trustsOrigin?: (url: URL) => boolean;
  /** Time limit of one attempt, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Retry policy. @default retries 4, backoff 500 ms doubling up to 30 s with jitter */
  readonly retry?: Partial<RetryOptions>;
  /** Client-side pacing from the vendor's published limits. @default none */
  readonly pacing?: PacingOptions;
  /**
   * Limits shared with other clients and processes (SPEC S3), on top of `pacing`: taken before
   * every counted attempt, and paused for every sharer when the vendor answers 429 with
   * `Retry-After`. @default none: pacing in this client only
   */
  readonly sharedRateLimit?: SharedRateLimit;
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
  /**
   * The app's own product token, appended to the `User-Agent` psa-bridge sends
   * (`psa-bridge/<version> my-app/1.2`). @default none
   */
  readonly userAgent?: string | undefined;
  /** Who this client's requests are for, under each request's own context in every event. */
  readonly context?: EventContext | undefined;
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
  /**
   * Called immediately before each attempt goes out (retries included), after waiting for pacing
   * and credentials: throwing stops the request there, unsent, with that error (a runner that lost
   * its import lease, say).
   */
  readonly beforeSend?: (() => void) | undefined;
  /** Time limit of each attempt of this request, in milliseconds. @default the client's `timeoutMs` */
  readonly timeoutMs?: number | undefined;
  /** Retry settings for this request, over the client's. @default the client's `retry` */
  readonly retry?: CallRetryOptions | undefined;
  /** Who the request is for (provider, connection, tenant, operation), copied into every event. */
  readonly context?: EventContext | undefined;
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
  const clientRetry: RetryOptions = {
    ...DEFAULT_BACKOFF,
    retries: 4,
    maxRetryAfterMs: 120_000,
    ...options.retry,
  };
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

  const baseOrigin = options.baseUrl ? parseAbsoluteUrl(options.baseUrl)?.origin : undefined;
  const trustsOrigin =
    options.trustsOrigin ?? ((url: URL) => baseOrigin === undefined || url.origin === baseOrigin);
  const fail = (response: Response, method: HttpMethod, url: string): Promise<PsaBridgeError> =>
    failureError(response, method, url, {
      redactor,
      now: clock.now(),
      interpretError: options.interpretError,
    });

  const attempt = async <T>(
    request: HttpRequest<T>,
    url: URL,
    call: CallFacts,
    number: number,
    takeSlot?: () => Promise<void>,
  ) => {
    const { safeUrl } = call;
    throwIfAborted(request.signal);
    const authenticate = request.authenticate !== false && options.authorize !== undefined;
    if (authenticate && !trustsOrigin(url)) {
      throw new PsaBridgeError(
        'CONFIGURATION',
        `${options.service} ${request.method} ${safeUrl} was not sent: credentials go only to the vendor's own origin, not ${url.origin}`,
        { details: { method: request.method, url: safeUrl, origin: url.origin } },
      );
    }
    const auth = (authenticate ? await options.authorize?.(request.signal) : undefined) ?? {};
    const headers: Record<string, string> = {
      'user-agent': userAgent(options.userAgent),
      ...options.headers,
      ...request.headers,
      ...auth,
    };
    const unsafe = unsafeHeaderNames(headers);
    if (unsafe.length > 0) {
      throw new PsaBridgeError(
        'VALIDATION',
        `${options.service} ${request.method} ${safeUrl} was not sent: the ${unsafe.join(', ')} header holds characters HTTP headers cannot carry (line breaks, control or non-Latin-1 characters)`,
        { details: { method: request.method, url: safeUrl, headers: unsafe } },
      );
    }
    let body: string | undefined;
    if (request.form) {
      body = new URLSearchParams(request.form as Record<string, string>).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    // The shared slot is taken last, right before sending: waiting for credentials (a token
    // refresh at start-up, say) never lets sends of several workers bunch up in one second.
    await takeSlot?.();
    request.beforeSend?.();
    const event: HttpRequestEvent = { ...call.event, attempt: number };
    emit(options.hooks?.onRequest, event);
    const started = clock.now();
    let response: Response;
    try {
      response = await ky(url, {
        method: request.method,
        // Never follow a redirect: it would carry the credentials to wherever it points (SPEC C8).
        redirect: 'manual',
        headers,
        ...(request.json === undefined ? {} : { json: request.json }),
        ...(body === undefined ? {} : { body }),
        retry: 0,
        timeout: call.timeoutMs,
        throwHttpErrors: false,
        fetch: fetchImpl,
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (error) {
      emit(options.hooks?.onResponse, { ...event, status: undefined, durationMs: clock.now() - started });
      throw transportError(error, request, call);
    }
    const fromVendor = vendorRequestId(response.headers);
    if (fromVendor) call.vendorRequestId = fromVendor;
    emit(options.hooks?.onResponse, {
      ...event,
      status: response.status,
      durationMs: clock.now() - started,
      ...(fromVendor ? { vendorRequestId: fromVendor } : {}),
    });
    return { response, auth };
  };

  const transportError = (error: unknown, request: HttpRequest<unknown>, call: CallFacts): PsaBridgeError => {
    const { safeUrl } = call;
    if (request.signal?.aborted) return abortedError(request.signal);
    const what = `${request.method} ${safeUrl}`;
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError') {
      return new PsaBridgeError('TIMEOUT', `${what} gave no answer within ${call.timeoutMs} ms`, {
        details: { method: request.method, url: safeUrl, timeoutMs: call.timeoutMs },
      });
    }
    // Only a summary is kept (name, code, redacted message): a raw fetch, undici or ky error may
    // hold the request's headers, or a header value inside its message.
    const cause = name === 'HTTPError' ? undefined : summarizeCause(error, redactor.text);
    const reason = cause?.message || 'connection failed';
    const unreachable = unreachableReason((cause as { code?: string } | undefined)?.code);
    return new PsaBridgeError('NETWORK', `${what} failed: ${reason}`, {
      ...(cause ? { cause } : {}),
      details: { method: request.method, url: safeUrl, ...(unreachable ? { reason: unreachable } : {}) },
    });
  };

  const retryDelay = (
    error: unknown,
    retryNumber: number,
    idempotent: boolean,
    retry: RetryOptions,
  ): number | undefined => {
    if (!isPsaBridgeError(error)) return undefined;
    switch (error.code) {
      case 'RATE_LIMITED': {
        const advertised = (error as RateLimitError).retryAfterMs;
        // Every sharer of the limit waits as long: the vendor counts them together.
        if (advertised !== undefined && options.sharedRateLimit) {
          void options.sharedRateLimit.limiter
            .pause(options.sharedRateLimit.key, advertised)
            .catch(() => undefined);
        }
        if (advertised !== undefined) return advertised <= retry.maxRetryAfterMs ? advertised : undefined;
        return backoffDelay(retryNumber, retry);
      }
      case 'UPSTREAM':
        // A redirect is final: following it or asking again would not change where it points.
        return isHttpError(error) && error.status < 500 ? undefined : backoffDelay(retryNumber, retry);
      case 'NETWORK':
        // Nothing listens there, or the name does not resolve: not an answer that passes in a
        // few seconds, so it fails at once (a connection test says so in a moment, not after 8 s).
        if (error.details.reason === 'refused' || error.details.reason === 'unresolvable') return undefined;
        return idempotent ? backoffDelay(retryNumber, retry) : undefined;
      case 'TIMEOUT':
        return idempotent ? backoffDelay(retryNumber, retry) : undefined;
      default:
        return undefined;
    }
  };

  /** The request's URL, checked: absolute, http(s), no user info, plain http only to loopback. */
  const target = (request: HttpRequest<unknown>): { url: URL; safeUrl: string } => {
    const built = buildUrl(options.baseUrl, request.path, request.query);
    const url = parseAbsoluteUrl(built);
    // Messages, details and events name the origin and path only: a query can hold what a partner
    // typed (a search) or a vendor's cursor, and an app's logs need neither to tell calls apart.
    const safeUrl = redactor.url(url ? `${url.origin}${url.pathname}` : (built.split('?')[0] ?? built));
    if (url === undefined) {
      throw new PsaBridgeError(
        'CONFIGURATION',
        `${options.service} ${request.method}: "${safeUrl}" is not an absolute URL`,
        { details: { method: request.method, url: safeUrl } },
      );
    }
    const unsafe = unsafeUrlReason(url);
    if (unsafe) {
      throw new PsaBridgeError(
        'CONFIGURATION',
        `${options.service} ${request.method} ${safeUrl} was not sent: ${unsafe}`,
        {
          details: { method: request.method, url: safeUrl },
        },
      );
    }
    return { url, safeUrl };
  };

  async function request<T>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
    const requestId = newRequestId();
    const call: CallFacts = {
      safeUrl: '',
      timeoutMs: request.timeoutMs ?? timeout,
      event: { service: options.service, method: request.method, url: '', attempt: 0, requestId },
    };
    try {
      return await send(request, call);
    } catch (error) {
      throw isPsaBridgeError(error)
        ? withAdvice(tagRequestIds(error, requestId, call.vendorRequestId), options.guide)
        : error;
    }
  }

  async function send<T>(request: HttpRequest<T>, call: CallFacts): Promise<HttpResponse<T>> {
    const { url, safeUrl } = target(request);
    call.safeUrl = safeUrl;
    call.event = { ...options.context, ...request.context, ...call.event, url: safeUrl };
    const retry: RetryOptions = {
      ...clientRetry,
      ...(request.retry?.retries !== undefined ? { retries: request.retry.retries } : {}),
      ...(request.retry?.maxRetryAfterMs !== undefined
        ? { maxRetryAfterMs: request.retry.maxRetryAfterMs }
        : {}),
    };
    const what = `${options.service} ${request.method} ${safeUrl}`;
    const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(request.method);
    const key = keyOf(url, request.method);
    let renewed = false;

    const shared = options.sharedRateLimit;
    const counted = shared !== undefined && (shared.counts?.(url) ?? true);
    const once = async (number: number): Promise<HttpResponse<T>> => {
      const { response, auth } = await pacer.schedule(
        key,
        async () => {
          if (!counted || !shared) return attempt(request, url, call, number);
          const release = shared.concurrentPerEndpoint
            ? await shared.limiter.hold(`${shared.key}:${key}`, shared.concurrentPerEndpoint, request)
            : undefined;
          try {
            return await attempt(request, url, call, number, () =>
              shared.limiter.take(shared.key, shared.rule, request),
            );
          } finally {
            await release?.();
          }
        },
        request.signal,
      );
      if (response.status === 401 && !renewed && request.authenticate !== false && options.onUnauthorized) {
        renewed = true;
        if (await options.onUnauthorized(request.signal, auth)) {
          await discard(response);
          throw new RenewedCredentials();
        }
        throw await fail(response, request.method, safeUrl);
      }
      if (response.status >= 300 && response.status < 400) {
        await discard(response);
        throw redirectError(response, request.method, safeUrl, url.href);
      }
      if (!response.ok && !request.acceptStatus?.includes(response.status)) {
        throw await fail(response, request.method, safeUrl);
      }
      if (!response.ok) {
        await discard(response);
        return { status: response.status, headers: response.headers, data: undefined as T, url: url.href };
      }
      const text = await response.text();
      let payload: unknown;
      try {
        payload = text === '' ? undefined : parseJson(text);
      } catch {
        throw new ResponseShapeError(what, [{ path: '(root)', message: 'the body is not valid JSON' }]);
      }
      const data = request.schema ? parseResponse(request.schema, payload, what) : (payload as T);
      return { status: response.status, headers: response.headers, data, url: url.href };
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
          const delay = retryDelay(error, retriesUsed + 1, idempotent, retry);
          if (delay === undefined) return false;
          retriesUsed += 1;
          emit(options.hooks?.onRetry, {
            ...call.event,
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
      throw transportError(error, request, call);
    }
  }

  return { request, redact: (text) => redactor.text(text) };
}

/** `refused` (nothing listens: `ECONNREFUSED`) or `unresolvable` (no such host: `ENOTFOUND`), from a socket error's code. */
function unreachableReason(code: string | undefined): 'refused' | 'unresolvable' | undefined {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME') return 'unresolvable';
  return undefined;
}

/** What one request carries through its attempts: its URL, time limit and ids for events and errors. */
interface CallFacts {
  safeUrl: string;
  readonly timeoutMs: number;
  event: Omit<HttpRequestEvent, 'attempt'> & { readonly attempt: number };
  vendorRequestId?: string;
}

/** Reads and drops a body so the connection can be reused (error bodies are small). */
async function discard(response: Response): Promise<void> {
  await response.text().catch(() => undefined);
}
