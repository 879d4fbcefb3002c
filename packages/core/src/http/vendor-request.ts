import type { CallOptions } from '../contracts/call-options.js';
import type { VendorRequest, VendorResponse } from '../contracts/vendor-request.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { hasUnstorableText } from '../text/well-formed.js';
import type { QueryParams } from './build-url.js';
import { callSettings } from './call-settings.js';
import type { HttpClient } from './create-http-client.js';

/** What a client's escape hatch sends through. */
export interface VendorRequestTarget {
  /** The vendor, for messages. */
  readonly service: string;
  /** The transport of the client (its auth, limits and origin policy). */
  readonly http: HttpClient;
  /** The API base the path goes under (the SDK's own calls use the same), found per call. */
  readonly base: (signal: AbortSignal | undefined) => Promise<string> | string;
  /** Reads only: a PSA is never written (SPEC I5). */
  readonly readOnly: boolean;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Sends an app's own vendor call (`client.request(...)`) through the client's transport, after
 * checking that it stays what it says: a path under the API base (never a URL, `//`, `..`, a
 * query or fragment in the path, or a control character), a known method, and for a PSA a read.
 * Bad input is `VALIDATION` naming the field; the vendor's refusals are the transport's typed errors.
 */
export async function sendVendorRequest<T>(
  target: VendorRequestTarget,
  request: VendorRequest<T>,
  options: CallOptions = {},
): Promise<VendorResponse<T>> {
  const invalid = (field: string, message: string) =>
    new PsaBridgeError('VALIDATION', `${target.service} request(): ${field} ${message}`, {
      details: { field },
    });
  if (typeof request !== 'object' || request === null)
    throw invalid('request', 'must be { path, method?, query?, body?, schema? }');
  const method = request.method ?? 'GET';
  if (!METHODS.has(method)) throw invalid('method', 'must be GET, POST, PUT, PATCH or DELETE');
  if (target.readOnly && method !== 'GET') {
    throw invalid(
      'method',
      `must be GET: psa-bridge never writes to a PSA, so ${target.service} requests read only`,
    );
  }
  const { path } = request;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) {
    throw invalid('path', 'must be a path under the API base, like /service/tickets (never a URL)');
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw invalid('path', 'is not a valid encoded path');
  }
  if (
    /[?#\\]/.test(decoded) ||
    hasUnstorableText(decoded) ||
    decoded.split('/').some((part) => part === '..' || part === '.')
  ) {
    throw invalid(
      'path',
      'must be a plain path: query parameters go in query, and no . or .. segments or control characters',
    );
  }
  if (request.body !== undefined && method === 'GET') throw invalid('body', 'cannot go with GET');
  const base = (await target.base(options.signal)).replace(/\/+$/, '');
  const response = await target.http.request<T>({
    method,
    path: `${base}${path}`,
    ...(request.query ? { query: request.query as QueryParams } : {}),
    ...(request.body === undefined ? {} : { json: request.body }),
    ...(request.schema ? { schema: request.schema } : {}),
    // An app's write is not repeated on a lost answer; a read is.
    idempotent: method === 'GET' || method === 'PUT' || method === 'DELETE',
    ...callSettings(options),
  });
  return { status: response.status, data: response.data };
}
