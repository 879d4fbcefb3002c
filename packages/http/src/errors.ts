import { type ErrorCode, isPsaBridgeError, isRateLimitError, type PsaBridgeError } from '@psa-bridge/core';

/** The HTTP status each SDK error code answers with. A vendor refusing is the upstream's doing (502), not the caller's. */
const STATUS: Readonly<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  AUTHENTICATION: 502,
  PERMISSION: 502,
  UPSTREAM: 502,
  NETWORK: 502,
  RESPONSE_SHAPE: 502,
  TIMEOUT: 504,
  ABORTED: 503,
  STORAGE: 503,
  CONFIGURATION: 500,
  INTERNAL: 500,
};

/** The JSON of every error answer: `{ error: { code, message, details } }`. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: Readonly<Record<string, unknown>>;
    /** The id of the request this answers (the `x-request-id` header). */
    readonly requestId: string;
  };
}

/** Headers every answer carries: never cached, and the request's id (SPEC H5). */
export function answerHeaders(requestId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'cache-control': 'no-store', 'x-request-id': requestId, ...extra };
}

/** An error answer of the handler's own (bad request, too large, not found), in the SDK's shape. */
export function problem(
  requestId: string,
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const body: ErrorBody = { error: { code, message, details, requestId } };
  return Response.json(body, { status, headers: answerHeaders(requestId, headers) });
}

/**
 * The answer for anything a route threw: a `PsaBridgeError` with its code, message and details
 * (secret-free by construction: the SDK redacts before it builds them), anything else a plain
 * `INTERNAL` without its message or stack.
 */
export function errorResponse(requestId: string, error: unknown): Response {
  if (!isPsaBridgeError(error)) {
    return problem(requestId, 500, 'INTERNAL', 'Internal error');
  }
  const typed = error as PsaBridgeError;
  const headers: Record<string, string> = {};
  if (isRateLimitError(error) && error.retryAfterMs !== undefined) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  }
  const details = {
    ...typed.details,
    ...(typed.requestId ? { vendorRequestId: typed.requestId } : {}),
    ...(typed.hint ? { hint: typed.hint, docs: typed.docs } : {}),
  };
  return problem(requestId, STATUS[typed.code] ?? 500, typed.code, typed.message, details, headers);
}

/**
 * The answer when the app's own `resolve` threw: its "not signed in" (`AUTHENTICATION`) is 401 and
 * its "not allowed" (`PERMISSION`) 403, with `details.source: 'app'`, apart from a vendor refusing
 * psa-bridge's keys (502). Anything else it threw is a 500 without its words.
 */
export function resolveErrorResponse(requestId: string, error: unknown): Response {
  if (isPsaBridgeError(error, 'AUTHENTICATION') || isPsaBridgeError(error, 'PERMISSION')) {
    const status = error.code === 'AUTHENTICATION' ? 401 : 403;
    return problem(requestId, status, error.code, error.message, { ...error.details, source: 'app' });
  }
  return errorResponse(requestId, error);
}
