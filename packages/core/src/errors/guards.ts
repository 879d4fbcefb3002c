import type { ErrorCode } from './error-code.js';
import type { HttpError } from './http-error.js';
import { ERROR_BRAND, type PsaBridgeError } from './psa-bridge-error.js';
import type { RateLimitError } from './rate-limit-error.js';
import type { ResponseShapeError } from './response-shape-error.js';

/**
 * True for any psa-bridge error, also one thrown by another copy of this package.
 * Pass `code` to test for one kind: `isPsaBridgeError(error, 'AUTHENTICATION')`.
 */
export function isPsaBridgeError(value: unknown, code?: ErrorCode): value is PsaBridgeError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[ERROR_BRAND] !== true) return false;
  return code === undefined || (value as PsaBridgeError).code === code;
}

/** True for an {@link HttpError} (a vendor answered with an error status). */
export function isHttpError(value: unknown): value is HttpError {
  return isPsaBridgeError(value) && typeof (value as Partial<HttpError>).status === 'number';
}

/** True for a {@link RateLimitError}. */
export function isRateLimitError(value: unknown): value is RateLimitError {
  return isHttpError(value) && value.name === 'RateLimitError';
}

/** True for a {@link ResponseShapeError}. */
export function isResponseShapeError(value: unknown): value is ResponseShapeError {
  return isPsaBridgeError(value) && value.name === 'ResponseShapeError';
}
