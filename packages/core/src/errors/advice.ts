import type { ErrorCode } from './error-code.js';
import type { PsaBridgeError } from './psa-bridge-error.js';

/** Where the project's reference on errors lives; each code has its own section there. */
export const ERRORS_GUIDE = 'docs/errors-and-retries.md';

/** What to do about each code, in a line, for errors that a vendor's answer (or its absence) caused. */
const HINTS: Readonly<Record<ErrorCode, string>> = {
  CONFIGURATION: 'Fix the setup named in the message (an option of createBridge or of the adapter).',
  VALIDATION: 'Fix the input named in details and send it again.',
  AUTHENTICATION:
    'Enter the credentials again: the vendor refused them. The guide says where each comes from.',
  PERMISSION:
    'Give the API user or application the permission named in the guide, then test the connection again.',
  NOT_FOUND: 'Check the id: the vendor has no such record (deleted, merged, or another account).',
  CONFLICT: 'Read the vendor message: existing data stood in the way. Nothing was changed by this request.',
  RATE_LIMITED: 'Wait for retryAfterMs (or a minute) and try again; share one RateLimiter across workers.',
  UPSTREAM: 'The vendor failed: try again later; if it lasts, check the vendor’s status page.',
  NETWORK:
    'Check the host and that it is reachable from here (a refused connection or a name that does not resolve fails at once).',
  TIMEOUT: 'The vendor did not answer in time: try again, or raise timeoutMs for this call.',
  RESPONSE_SHAPE:
    'The vendor answered in a shape it does not document: report it with the issues in details.',
  ABORTED: 'Your signal stopped the call; nothing more was sent.',
  STORAGE: 'Check the store (database reachable, folder writable, the secret key right).',
  INTERNAL: 'A bug: report it with the request id.',
};

/** What to do and where to read more, for an error of `code` from a vendor with an onboarding `guide`. */
export function adviceFor(code: ErrorCode, guide?: string): { readonly hint: string; readonly docs: string } {
  const vendorGuide = guide && (code === 'AUTHENTICATION' || code === 'PERMISSION') ? guide : undefined;
  return {
    hint: HINTS[code],
    docs: vendorGuide
      ? `${vendorGuide}#${code === 'PERMISSION' ? 'the-least-permissions' : 'when-the-test-fails'}`
      : `${ERRORS_GUIDE}#${code.toLowerCase()}`,
  };
}

/**
 * Adds `hint` (what to do) and `docs` (the section that explains it, as Stripe's `doc_url`) to an
 * error a vendor request produced, once; an error that has them keeps its own.
 */
export function withAdvice<E extends PsaBridgeError>(error: E, guide?: string): E {
  if (error.hint !== undefined) return error;
  const { hint, docs } = adviceFor(error.code, guide);
  Object.defineProperty(error, 'hint', { value: hint, enumerable: true });
  Object.defineProperty(error, 'docs', { value: docs, enumerable: true });
  return error;
}
