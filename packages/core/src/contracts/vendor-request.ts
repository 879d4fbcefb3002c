import type { z } from 'zod';
import type { CallOptions } from './call-options.js';

/**
 * A vendor call the SDK does not model (tickets, configurations, a custom field), sent through
 * the same transport as the SDK's own: auth, redaction, rate limits, retries, request ids, origin
 * pinning and typed errors. See `request()` on each PSA client and on GoTo.
 */
export interface VendorRequest<T = unknown> {
  /**
   * The HTTP method. PSA clients read only (`GET`): psa-bridge never writes to a PSA (SPEC I5).
   * @default 'GET'
   */
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * The path under the vendor API's base (the same base the SDK's own calls use), like
   * `/service/tickets` (ConnectWise), `/Tickets/query` (Autotask), `/tickets` (HaloPSA) or
   * `/accounts/{key}/users` (GoTo). Never a URL: a request cannot leave the vendor's origin.
   */
  readonly path: string;
  /** Query parameters; values are encoded. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** A JSON body (GoTo only). */
  readonly body?: unknown;
  /** Parses the answer's body; without one, `data` is the body as it came (`unknown`). */
  readonly schema?: z.ZodType<T>;
}

/** The answer of a {@link VendorRequest}. */
export interface VendorResponse<T = unknown> {
  /** HTTP status (2xx; a failure is thrown as a typed error). */
  readonly status: number;
  /** The body, parsed by the request's schema when it gave one. */
  readonly data: T;
}

/** The escape hatch a client offers: one vendor call of the app's own. */
export type VendorRequester = <T = unknown>(
  request: VendorRequest<T>,
  options?: CallOptions,
) => Promise<VendorResponse<T>>;
