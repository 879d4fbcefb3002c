import type { ErrorCode } from './error-code.js';
import { PsaBridgeError, type PsaBridgeErrorOptions } from './psa-bridge-error.js';

/** What was called, for {@link HttpError}. The URL is already redacted. */
export interface HttpErrorRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** The URL with secrets in its query removed. */
  readonly url: string;
  /** HTTP status of the answer. */
  readonly status: number;
  /** The vendor's own error text, redacted and shortened, when it sent one. */
  readonly vendorMessage?: string;
  /** The vendor's own error code (`user.name.conflict`, `Itgenatr005`), when it sent one. */
  readonly vendorCode?: string;
}

/**
 * A vendor answered with an HTTP error status. The message says what was called:
 * `GET https://api.example/company/companies → 401`.
 */
export class HttpError extends PsaBridgeError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** HTTP method, upper case. */
  readonly method: string;
  /** Redacted URL. */
  readonly url: string;
  /** The vendor's own error text, redacted, when it sent one. */
  readonly vendorMessage: string | undefined;
  /** The vendor's own error code, when it sent one. */
  readonly vendorCode: string | undefined;

  constructor(code: ErrorCode, request: HttpErrorRequest, options: PsaBridgeErrorOptions = {}) {
    const suffix = request.vendorMessage ? `: ${request.vendorMessage}` : '';
    super(code, `${request.method} ${request.url} → ${request.status}${suffix}`, {
      ...options,
      details: {
        status: request.status,
        method: request.method,
        url: request.url,
        ...(request.vendorCode ? { vendorCode: request.vendorCode } : {}),
        ...options.details,
      },
    });
    this.name = 'HttpError';
    this.status = request.status;
    this.method = request.method;
    this.url = request.url;
    this.vendorMessage = request.vendorMessage;
    this.vendorCode = request.vendorCode;
  }
}
