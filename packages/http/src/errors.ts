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
    readonly requestId?: string;
  };
}

/** An error answer of the handler's own (bad request, too large, not found), in the SDK's shape. */
export function problem(
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): Response {
  const body: ErrorBody = { error: { code, message, details } };
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/**
 * The answer for anything a route threw: a `PsaBridgeError` with its code, message and details
 * (secret-free by construction: the SDK redacts before it builds them), anything else a plain
 * `INTERNAL` without its message or stack.
 */
export function errorResponse(error: unknown): Response {
  if (!isPsaBridgeError(error)) {
    return problem(500, 'INTERNAL', 'Internal error');
  }
  const typed = error as PsaBridgeError;
  const body: ErrorBody = {
    error: {
      code: typed.code,
      message: typed.message,
      details: typed.details,
      ...(typed.requestId ? { requestId: typed.requestId } : {}),
    },
  };
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (isRateLimitError(error) && error.retryAfterMs !== undefined) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  }
  return Response.json(body, { status: STATUS[typed.code] ?? 500, headers });
}
