import type { ErrorCode } from './error-code.js';

/** Marks psa-bridge errors so guards work even when an app holds two copies of this package. */
export const ERROR_BRAND: unique symbol = Symbol.for('@psa-bridge/error');

/** Values safe to show: no secrets, no vendor payloads. */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

/** Options for {@link PsaBridgeError}. */
export interface PsaBridgeErrorOptions {
  /** The error that led to this one. Never a raw HTTP client error holding request headers. */
  readonly cause?: unknown;
  /** Safe, structured facts about the failure (field names, ids, counts). */
  readonly details?: ErrorDetails;
}

/**
 * The one error type that crosses psa-bridge's public surface. Branch on {@link PsaBridgeError.code};
 * the message is for people and never holds a secret.
 *
 * @example
 * ```ts
 * try { await bridge.connections.testAndSave(input); }
 * catch (error) { if (isPsaBridgeError(error) && error.code === 'VALIDATION') showFieldErrors(error); }
 * ```
 */
export class PsaBridgeError extends Error {
  /** What kind of failure this is. */
  readonly code: ErrorCode;
  /** Safe structured facts about the failure. */
  readonly details: ErrorDetails;
  /**
   * The SDK's id of the vendor request this error came from (the same id as on that request's
   * hook events); `undefined` for errors that involved no request.
   */
  declare readonly requestId?: string;
  /** The vendor's own id of the answer (`X-Request-Id` and the like), when it sent one. */
  declare readonly vendorRequestId?: string;
  /** What to do about it, in a line, for errors a vendor request produced. */
  declare readonly hint?: string;
  /**
   * The section of psa-bridge's docs that explains it (`docs/vendors/onboarding-halo.md#…`,
   * `docs/errors-and-retries.md#network`), like Stripe's `doc_url`.
   */
  declare readonly docs?: string;
  /** Brand read by the `is*Error` guards. */
  readonly [ERROR_BRAND] = true;

  constructor(code: ErrorCode, message: string, options: PsaBridgeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PsaBridgeError';
    this.code = code;
    this.details = options.details ?? {};
  }

  /** A plain, secret-free form for logs and API answers (the cause is left out on purpose). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      details: this.details,
      ...(this.requestId ? { requestId: this.requestId } : {}),
      ...(this.vendorRequestId ? { vendorRequestId: this.vendorRequestId } : {}),
      ...(this.hint ? { hint: this.hint, docs: this.docs } : {}),
    };
  }
}
