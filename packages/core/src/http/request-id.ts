import type { PsaBridgeError } from '../errors/psa-bridge-error.js';

/** Headers vendors put their own request id in, most common first. */
const VENDOR_ID_HEADERS = [
  'x-request-id',
  'request-id',
  'x-correlation-id',
  'x-amzn-requestid',
  'x-ms-request-id',
];
/** A vendor id is kept only when it looks like one: short, printable, no spaces. */
const PLAIN_ID = /^[\x21-\x7e]{1,128}$/;

/** A new id for one request, the same on every attempt, event and error of it. */
export function newRequestId(): string {
  return globalThis.crypto.randomUUID();
}

/** The vendor's own id of an answer, when it sent one that looks like an id. */
export function vendorRequestId(headers: Headers): string | undefined {
  for (const name of VENDOR_ID_HEADERS) {
    const value = headers.get(name)?.trim();
    if (value && PLAIN_ID.test(value)) return value;
  }
  return undefined;
}

/**
 * Puts the request's ids on an error that came out of it (once: an error passed through two
 * requests keeps the first request's ids). Returns the same error.
 */
export function tagRequestIds<E extends PsaBridgeError>(
  error: E,
  requestId: string,
  vendorId: string | undefined,
): E {
  if (error.requestId !== undefined) return error;
  Object.defineProperty(error, 'requestId', { value: requestId, enumerable: true });
  if (vendorId) Object.defineProperty(error, 'vendorRequestId', { value: vendorId, enumerable: true });
  return error;
}
