import type { FailureInterpretation, HttpFailure } from '@psa-bridge/core/adapter';

/**
 * The text of a Halo error body, in any of the shapes public clients handle: `{ resultCode,
 * errorMessage }`, `{ ClassName, Message }`, `{ Message }`, OAuth's `{ error, error_description }`,
 * or plain text (the hosted rate limit's "Rate Limit Reached - 300 Requests per rolling 5 minute
 * window").
 * @see https://github.com/homotechsual/HaloAPI (Private/New-HaloError.ps1; issue 31 on the rate limit)
 */
export function haloErrorText(body: unknown): string {
  if (typeof body === 'string') return body.trim();
  if (typeof body !== 'object' || body === null) return '';
  const record = body as Record<string, unknown>;
  const pick = (...keys: string[]) =>
    keys
      .map((key) => record[key])
      .find((value): value is string => typeof value === 'string' && value !== '');
  const message = pick('errorMessage', 'Message', 'message', 'error_description', 'error') ?? '';
  const code = pick('resultCode', 'ClassName');
  return code && message ? `${code}: ${message}` : message;
}

/**
 * Halo's failures: the hosted rate limit answers 429 (retried after `Retry-After` when sent, with
 * backoff otherwise); OAuth errors at the token endpoint are `AUTHENTICATION` (a wrong client or
 * secret, an unknown tenant), except `invalid_scope`, which is `PERMISSION`.
 */
export function interpretHaloError(failure: HttpFailure): FailureInterpretation | undefined {
  const text = haloErrorText(failure.body);
  const oauthError =
    typeof failure.body === 'object' && failure.body !== null
      ? (failure.body as { error?: unknown }).error
      : undefined;
  if (/rate limit reached/i.test(text)) return { retry: true, ...(text ? { message: text } : {}) };
  // OAuth's error rules hold at the token endpoint only: `{ "error": "Ticket not found" }` from the
  // resource API is an error of that request, not a refused client.
  if (
    isTokenEndpoint(failure.url) &&
    typeof oauthError === 'string' &&
    (failure.status === 400 || failure.status === 401)
  ) {
    return oauthError === 'invalid_scope'
      ? {
          code: 'PERMISSION',
          message: 'The API application may not use the scope asked for',
          vendorCode: oauthError,
        }
      : { code: 'AUTHENTICATION', message: oauthError, vendorCode: oauthError };
  }
  if (failure.status === 401 && !isTokenEndpoint(failure.url)) {
    // A fresh token refused by the resource API: what to change is in Halo, not in our keys' shape.
    return {
      code: 'AUTHENTICATION',
      message:
        'HaloPSA refused a fresh access token for this request: check in Halo (Configuration > Integrations > HaloPSA API) that the API application is active, uses client credentials, and may read customers and users' +
        (text ? ` (${text})` : ''),
    };
  }
  return text ? { message: text } : undefined;
}

/** Whether a (redacted) URL is an OAuth token endpoint (`…/auth/token`, `…/token`), not the resource API. */
function isTokenEndpoint(url: string): boolean {
  try {
    return /\/token\/?$/i.test(new URL(url).pathname);
  } catch {
    return false;
  }
}
