import type { ErrorCode } from '../errors/error-code.js';
import { HttpError } from '../errors/http-error.js';
import type { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import type { Redactor } from '../secrets/redactor.js';
import type { FailureInterpretation, HttpFailure, HttpMethod } from './create-http-client.js';
import { parseRetryAfter } from './retry-after.js';
import { extractVendorMessage } from './vendor-message.js';

const STATUS_CODES: ReadonlyMap<number, ErrorCode> = new Map([
  [400, 'VALIDATION'],
  [401, 'AUTHENTICATION'],
  [403, 'PERMISSION'],
  [404, 'NOT_FOUND'],
  [409, 'CONFLICT'],
  [422, 'VALIDATION'],
  [429, 'RATE_LIMITED'],
]);

/** What {@link failureError} needs from the transport. */
export interface FailureContext {
  readonly redactor: Redactor;
  readonly now: number;
  readonly interpretError?: ((failure: HttpFailure) => FailureInterpretation | undefined) | undefined;
}

/**
 * Turns a failed answer into an {@link HttpError} built from safe facts only: method, redacted
 * URL, status and the vendor's words. The body is redacted as a whole before anything reads it,
 * so a secret the vendor echoes is gone before a message is picked or shortened.
 */
export async function failureError(
  response: Response,
  method: HttpMethod,
  url: string,
  context: FailureContext,
): Promise<PsaBridgeError> {
  const text = context.redactor.text(await response.text().catch(() => ''));
  const body = parseBody(text);
  const interpretation = context.interpretError?.({
    status: response.status,
    body,
    headers: response.headers,
    method,
    url,
  });
  const rawMessage = interpretation?.message ?? extractVendorMessage(body);
  const vendorMessage = rawMessage === undefined ? undefined : context.redactor.text(rawMessage);
  const vendorCode = interpretation?.vendorCode
    ? context.redactor.text(interpretation.vendorCode)
    : undefined;
  const request = {
    method,
    url,
    status: response.status,
    ...(vendorMessage ? { vendorMessage } : {}),
    ...(vendorCode ? { vendorCode } : {}),
  };
  if (response.status === 429 || interpretation?.retry) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), context.now);
    return new RateLimitError(request, retryAfterMs);
  }
  const code =
    interpretation?.code ??
    STATUS_CODES.get(response.status) ??
    (response.status >= 500 ? 'UPSTREAM' : 'VALIDATION');
  return new HttpError(code, request);
}

/**
 * A redirect is never followed (SPEC C8): it would carry the credentials to wherever it points.
 * The error names the status and the target's origin only (no path, no query).
 */
export function redirectError(
  response: Response,
  method: HttpMethod,
  url: string,
  requestUrl: string,
): HttpError {
  const location = response.headers.get('location');
  let target = 'an unreadable location';
  if (location) {
    try {
      target = new URL(location, requestUrl).origin;
    } catch {
      // Left as "an unreadable location".
    }
  }
  return new HttpError(
    'UPSTREAM',
    {
      method,
      url,
      status: response.status,
      vendorMessage: `redirected to ${target}; not followed, so no credentials went there`,
    },
    { details: { redirectOrigin: target } },
  );
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
