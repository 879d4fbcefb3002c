import { HttpError, type HttpErrorRequest } from './http-error.js';
import type { PsaBridgeErrorOptions } from './psa-bridge-error.js';

/** The vendor kept answering "slow down" until retries ran out. Code `RATE_LIMITED`. */
export class RateLimitError extends HttpError {
  /** How long the vendor asked us to wait, in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    request: HttpErrorRequest,
    retryAfterMs: number | undefined,
    options: PsaBridgeErrorOptions = {},
  ) {
    super('RATE_LIMITED', request, {
      ...options,
      details: { ...options.details, retryAfterMs: retryAfterMs ?? null },
    });
    this.name = 'RateLimitError';
    this.retryAfterMs = retryAfterMs;
  }
}
